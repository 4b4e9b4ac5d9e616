package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
)

// dialect is what differs between the two databases the store runs on. The
// store's SQL is written once, in the common subset with SQLite's "?" and
// "?N" parameters; the few words that differ are taken from here, and
// PostgreSQL's "$N" parameters are made by rebind.
type dialect struct {
	name        string // "sqlite" or "postgres"
	postgres    bool
	groupConcat string // aggregate joining strings with a separator
	instr       string // position of a substring, 0 when absent
	limitAll    string // a LIMIT that limits nothing (OFFSET needs one on SQLite)
	forUpdate   string // row lock for a read-modify-write inside a transaction
	// binary follows a text expression in ORDER BY: byte order, as SQLite
	// sorts, whatever the PostgreSQL database's collation ("en_US" ignores
	// hyphens and case at first).
	binary string
}

var (
	sqliteDialect = &dialect{name: "sqlite", groupConcat: "group_concat", instr: "instr", limitAll: "LIMIT -1"}
	pgDialect     = &dialect{name: "postgres", postgres: true, groupConcat: "string_agg", instr: "strpos",
		limitAll: "LIMIT ALL", forUpdate: " FOR UPDATE", binary: ` COLLATE "C"`}
)

// rebind rewrites SQLite-style parameters for the dialect: on PostgreSQL
// "?N" becomes "$N", and a bare "?" takes the number after the highest one
// so far, as SQLite numbers it. Question marks inside quoted strings and
// identifiers are left alone.
func (d *dialect) rebind(q string) string {
	if !d.postgres || !strings.Contains(q, "?") {
		return q
	}
	highest := 0
	return rewriteParams(q, func(n int) string {
		if n == 0 {
			n = highest + 1
		}
		highest = max(highest, n)
		return "$" + strconv.Itoa(n)
	})
}

// rewriteParams replaces each parameter of q outside quoted strings and
// identifiers by what param returns for its number (0 for a bare "?").
func rewriteParams(q string, param func(n int) string) string {
	var b strings.Builder
	b.Grow(len(q) + 8)
	var quote byte
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
			b.WriteByte(c)
		case c == '\'' || c == '"':
			quote = c
			b.WriteByte(c)
		case c == '?':
			j := i + 1
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				j++
			}
			n, _ := strconv.Atoi(q[i+1 : j]) // 0 for a bare "?"
			b.WriteString(param(n))
			i = j - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// numberedList is an IN list of n numbered parameters from ?first on, for
// a statement that names some parameters twice (a UNION's halves, or a
// condition repeated on PostgreSQL) and so cannot use bare ones.
func numberedList(first, n int) string {
	nums := make([]string, n)
	for i := range nums {
		nums[i] = "?" + strconv.Itoa(first+i)
	}
	return "(" + strings.Join(nums, ",") + ")"
}

// inIDs is the condition that col is one of the ids of one parameter
// (idsArg): the statement's text is the same for any number of ids, so
// that it is prepared once, not once per count (a write group's topic
// membership read a list of its stories each time, and preparing the
// statement cost as much as running it).
func (d *dialect) inIDs(col string) string {
	if d.postgres {
		return col + ` = ANY(?::bigint[])`
	}
	return col + ` IN (SELECT value FROM json_each(?))`
}

// idsArg is the parameter of inIDs: an array on PostgreSQL, a JSON array
// on SQLite.
func (d *dialect) idsArg(ids []int64) any {
	if d.postgres {
		return ids
	}
	b := make([]byte, 0, 2+len(ids)*8)
	b = append(b, '[')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(append(b, ']'))
}

// stringsArg is a list of strings as one parameter: an array on
// PostgreSQL, a JSON array on SQLite (read with json_each).
func (d *dialect) stringsArg(ss []string) any {
	if d.postgres {
		return ss
	}
	b, _ := json.Marshal(ss) // strings always marshal
	return string(b)
}

// db is a connection pool that speaks the store's SQL in its dialect.
type db struct {
	pool *sql.DB
	d    *dialect
}

func (c *db) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return c.pool.ExecContext(ctx, c.d.rebind(q), args...)
}

func (c *db) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return c.pool.QueryContext(ctx, c.d.rebind(q), args...)
}

func (c *db) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return c.pool.QueryRowContext(ctx, c.d.rebind(q), args...)
}

func (c *db) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	return c.pool.PrepareContext(ctx, c.d.rebind(q))
}

func (c *db) BeginTx(ctx context.Context, opts *sql.TxOptions) (*tx, error) {
	t, err := c.pool.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &tx{Tx: t, d: c.d}, nil
}

func (c *db) Close() error { return c.pool.Close() }

// tx is a transaction that speaks the store's SQL in its dialect. Methods
// it does not override (Commit, Rollback, StmtContext) are sql.Tx's.
type tx struct {
	*sql.Tx
	d *dialect
}

func (t *tx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.Tx.ExecContext(ctx, t.d.rebind(q), args...)
}

func (t *tx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.Tx.QueryContext(ctx, t.d.rebind(q), args...)
}

func (t *tx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return t.Tx.QueryRowContext(ctx, t.d.rebind(q), args...)
}

func (t *tx) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	return t.Tx.PrepareContext(ctx, t.d.rebind(q))
}
