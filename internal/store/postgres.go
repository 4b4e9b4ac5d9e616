package store

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// pgMaxConns bounds one process's connections to PostgreSQL: a daemon's
// readers and its ingest together, leaving room for a fleet of processes
// within the server's default max_connections of 100.
const pgMaxConns = 10

// connectTimeout bounds a connection attempt when the URL does not
// (connect_timeout=…): a server that drops packets fails the start in
// seconds, not after the system's TCP timeout of minutes.
const connectTimeout = 10 * time.Second

// openPostgres connects to the PostgreSQL database at rawURL and applies
// pending migrations. tune, when given, adjusts the connections' settings
// (the tests count the round trips of an ingest with a tracer).
//
// The connections run with jit off unless the URL sets it (?jit=on): every
// statement of the store reads or writes a few hundred rows by index, and on
// a new database, before autovacuum's first ANALYZE, the planner's estimates
// of a write group's read and write pass jit_above_cost, so each execution
// compiled ~100 functions first — tens of milliseconds a group, under the
// assignment lock (scripts/bench-fleet.sh, auto_explain).
func openPostgres(ctx context.Context, rawURL string, tune ...func(*pgx.ConnConfig)) (*Store, error) {
	name := redactURL(rawURL)
	cfg, err := pgx.ParseConfig(rawURL)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: bad URL", name) // pgx's message may quote the password
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = connectTimeout
	}
	if _, set := cfg.RuntimeParams["jit"]; !set {
		cfg.RuntimeParams["jit"] = "off"
	}
	for _, f := range tune {
		f(cfg)
	}
	pool := stdlib.OpenDB(*cfg)
	pool.SetMaxOpenConns(pgMaxConns)
	pool.SetMaxIdleConns(pgMaxConns)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: open %s: %w", name, err)
	}
	c := &db{pool: pool, d: pgDialect}
	s := &Store{w: c, r: c, d: pgDialect}
	if err := migrate(ctx, pool, pgDialect); err != nil {
		pool.Close()
		return nil, err
	}
	if err := s.prepareIngest(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

// redactURL is a database URL fit for logs and errors: without its password.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "postgres://(unparsable URL)"
	}
	return u.Redacted()
}

// lostRace reports whether err is PostgreSQL's verdict on a transaction that
// raced another and may succeed when run again: a deadlock, a serialization
// failure, or a unique key another transaction took first.
func lostRace(err error) bool {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return false
	}
	switch pe.Code {
	case "40P01", "40001", "23505": // deadlock_detected, serialization_failure, unique_violation
		return true
	}
	return false
}
