package store

import (
	"context"
	"testing"

	"github.com/intlwire/aggregator/internal/store/storetest"
)

// The store's connections run with jit off (see openPostgres), unless the
// URL asks for it.
func TestPostgresConnectionsRunWithoutJITUnlessTheURLSetsIt(t *testing.T) {
	base := storetest.PostgresURL(t)
	ctx := context.Background()
	for _, c := range []struct{ url, want string }{{base, "off"}, {base + "&jit=on", "on"}} {
		s, err := Open(ctx, c.url)
		if err != nil {
			t.Fatal(err)
		}
		var got string
		err = s.r.QueryRowContext(ctx, `SHOW jit`).Scan(&got)
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("%s: jit = %q, want %q", redactURL(c.url), got, c.want)
		}
	}
}
