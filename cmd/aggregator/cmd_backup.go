package main

import (
	"context"
	"fmt"

	"github.com/intlwire/aggregator/internal/store"
)

func cmdBackup(ctx context.Context, e *env, args []string) error {
	f := newFlags("backup", e.stderr)
	f.takesArgs(1)
	if err := f.parse(args); err != nil {
		return err
	}
	if f.NArg() != 1 {
		return userErr("usage: aggregator backup [-config PATH] FILE")
	}
	cfg, st, err := f.loadStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Backup(ctx, f.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "backed up %s to %s\n", store.DisplayName(cfg.Database), f.Arg(0))
	return nil
}
