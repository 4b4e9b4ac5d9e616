package main

import (
	"context"
	"fmt"

	"github.com/intlwire/aggregator/internal/store"
)

// cmdMigrateStore copies a whole store into an empty one: SQLite into
// PostgreSQL when a site outgrows one machine, or back (store.Copy).
func cmdMigrateStore(ctx context.Context, e *env, args []string) error {
	f := newFlags("migrate-store", e.stderr)
	from := f.String("from", "", "the store to copy: an SQLite file or a postgres:// URL")
	to := f.String("to", "", "the empty store to copy into: an SQLite file (created) or a postgres:// URL")
	if err := f.parse(args); err != nil {
		return err
	}
	if *from == "" || *to == "" {
		return userErr("usage: aggregator migrate-store -from FILE|URL -to FILE|URL")
	}
	if *from == *to {
		return userErr("aggregator migrate-store: -from and -to name the same store")
	}
	src, err := store.Open(ctx, *from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := store.Open(ctx, *to)
	if err != nil {
		return err
	}
	defer dst.Close()
	stats, err := store.Copy(ctx, dst, src)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "copied %s to %s: %d sources, %d stories, %d articles, %d sightings, %d topic memberships, %d tombstones\n",
		store.DisplayName(*from), store.DisplayName(*to), stats["sources"], stats["stories"], stats["articles"],
		stats["sightings"], stats["topic_stories"], stats["tombstones"])
	return nil
}
