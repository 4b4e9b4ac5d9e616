package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The schema of each dialect, as numbered migrations applied in order. The
// two sets are numbered apart: PostgreSQL's starts from SQLite's schema as it
// stands at its first migration.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrations embed.FS

// migrationLock is the PostgreSQL advisory lock key held while migrating,
// so that several instances starting at once migrate once: the first
// applies the migrations, the others wait and then find nothing to do.
const migrationLock = 0x61676772_0001 // "aggr", 1

// migrationConn is what applying migrations needs of a pool or a connection.
type migrationConn interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

// migrate applies the dialect's pending migrations; on PostgreSQL under an
// advisory lock held by one connection for the whole run.
func migrate(ctx context.Context, pool *sql.DB, d *dialect) error {
	if !d.postgres {
		return applyMigrations(ctx, pool, d)
	}
	conn, err := pool.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
		return fmt.Errorf("store: migrate: lock: %w", err)
	}
	defer func() {
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrationLock); err != nil {
			// A session that still holds the lock must not go back to
			// the pool: discard the connection, which releases it.
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	return applyMigrations(ctx, conn, d)
}

func applyMigrations(ctx context.Context, c migrationConn, d *dialect) error {
	if _, err := c.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	files, err := fs.Glob(migrations, "migrations/"+d.name+"/*.sql")
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	sort.Strings(files)
	for _, f := range files {
		v, err := strconv.Atoi(strings.SplitN(path.Base(f), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("store: migration %s: bad name: %w", f, err)
		}
		var n int
		if err := c.QueryRowContext(ctx, d.rebind(`SELECT count(*) FROM schema_migrations WHERE version = ?`), v).Scan(&n); err != nil {
			return fmt.Errorf("store: migrate: %w", err)
		}
		if n > 0 {
			continue
		}
		body, _ := migrations.ReadFile(f)
		tx, err := c.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("store: migrate: %w", err)
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: migration %s: %w", f, err)
		}
		if _, err := tx.ExecContext(ctx, d.rebind(`INSERT INTO schema_migrations(version, applied) VALUES (?, ?)`), v, time.Now().Unix()); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: migrate: %w", err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("store: migration %s: %w", f, err)
		}
	}
	return nil
}
