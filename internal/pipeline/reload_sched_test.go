package pipeline

import (
	"context"
	"testing"
	"time"
)

// TestReloadFetchesDueSourcesAtOnce: a reload that makes a new source due
// has it fetched right away by the running scheduler, not at its next look
// at the configuration (once a second, before: a fleet's changed round
// started up to a second late, scripts/bench-fleet.sh).
func TestReloadFetchesDueSourcesAtOnce(t *testing.T) {
	srv, hits := countingFeeds(t, 2)
	p, _ := buildPipeline(t, testSetup{topics: syriaTopic, sources: [][2]string{{"a", srv.URL + "/feed/a"}}})
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- p.Run(ctx) }()
	waitFor(t, func() bool { return hits()["/feed/a"] == 1 })

	cfg := *p.Config()
	cfg.Sources = append(cfg.Sources[:len(cfg.Sources):len(cfg.Sources)], cfg.Sources[0])
	cfg.Sources[1].ID, cfg.Sources[1].URL = "b", srv.URL+"/feed/b"
	if err := p.Reload(context.Background(), &cfg); err != nil {
		t.Fatal(err)
	}
	reloaded := time.Now()
	waitFor(t, func() bool { return hits()["/feed/b"] == 1 })
	took := time.Since(reloaded)
	cancel()
	if err := <-ran; err != nil {
		t.Fatal(err)
	}
	if took > 500*time.Millisecond {
		t.Errorf("the new source was fetched %v after the reload, want at once", took)
	}
}
