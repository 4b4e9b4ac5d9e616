package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is the release, set at build time with
// -ldflags "-X main.version=v1.2.3"; builds from a checkout say "devel".
var version = "devel"

func cmdVersion(_ context.Context, e *env, args []string) error {
	f := newFlags("version", e.stderr)
	if err := f.parse(args); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, versionLine())
	return nil
}

// versionLine is "aggregator VERSION (commit REV[, modified], built TIME, goX)".
func versionLine() string {
	v, rev, when, dirty := version, "", "", false
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v == "devel" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	line := "aggregator " + v + " ("
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		line += "commit " + rev
		if dirty {
			line += ", modified"
		}
		if when != "" {
			line += ", " + when
		}
		line += ", "
	}
	return line + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + ")"
}
