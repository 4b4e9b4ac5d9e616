package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/store/storetest"
)

// icuDatabase creates a PostgreSQL database whose text sorts by the en-US
// collation (as a server set up with an English locale does), dropped when
// the test ends, and returns its URL.
func icuDatabase(t *testing.T) string {
	base := os.Getenv(storetest.Env)
	if base == "" {
		t.Skip(storetest.Env + " is not set: no PostgreSQL to test against")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "test_icu_" + hex.EncodeToString(b)
	if _, err := admin.Exec(`CREATE DATABASE ` + name + ` LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8' TEMPLATE template0`); err != nil {
		admin.Close()
		t.Skipf("this server cannot create an ICU database: %v", err)
	}
	t.Cleanup(func() {
		defer admin.Close()
		if _, err := admin.Exec(`DROP DATABASE ` + name + ` WITH (FORCE)`); err != nil {
			t.Errorf("drop %s: %v", name, err)
		}
	})
	u, _ := url.Parse(base)
	u.Path = "/" + name
	return u.String()
}

// TestSourceOrderIgnoresCollation: sources are listed in byte order of
// their ids on both backends, also on a PostgreSQL database whose collation
// sorts "a_b" before "a-c" and ignores case at first.
func TestSourceOrderIgnoresCollation(t *testing.T) {
	ctx := context.Background()
	ids := []string{"ab", "aB", "a_b", "a-c", "b"}
	var orders [][]string
	for _, database := range []string{storetest.SQLitePath(t), icuDatabase(t)} {
		s, err := Open(ctx, database)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		var srcs []model.Source
		for _, id := range ids {
			srcs = append(srcs, model.Source{ID: id, URL: "http://" + id + "/feed"})
		}
		if err := s.SyncSources(ctx, srcs); err != nil {
			t.Fatal(err)
		}
		states, err := s.SourceStates(ctx)
		if err != nil {
			t.Fatal(err)
		}
		all, err := s.Sources(ctx, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		var a, b []string
		for i := range states {
			a, b = append(a, states[i].SourceID), append(b, all[i].ID)
		}
		if !slices.Equal(a, b) {
			t.Errorf("%s: SourceStates %v, Sources %v", s.Dialect(), a, b)
		}
		orders = append(orders, a)
	}
	want := slices.Clone(ids)
	slices.Sort(want) // Go sorts strings by bytes
	for _, got := range orders {
		if !slices.Equal(got, want) {
			t.Errorf("source order %v, want %v", got, want)
		}
	}
}
