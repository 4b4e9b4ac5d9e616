package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime/debug"
	"sync"
	"syscall"
	"time"

	sdnotify "github.com/coreos/go-systemd/v22/daemon"
	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/pipeline"
	"github.com/intlwire/aggregator/internal/publish"
	"github.com/intlwire/aggregator/internal/store"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Options configures a daemon run.
type Options struct {
	ConfigPath string
	Config     *config.Config // already loaded and valid
	Logger     *slog.Logger
	// Ready, if set, is called with the server's base URL once it listens.
	Ready func(url string)
	// ShutdownGrace bounds how long in-flight fetches and requests may take
	// to finish after a stop signal (default 10s).
	ShutdownGrace time.Duration
	// Watch turns on reload when a config file changes (SIGHUP always reloads).
	Watch bool
}

// Run runs until ctx ends: scheduler, HTTP server, reload on SIGHUP or file
// change. A bad new configuration is logged problem by problem and the daemon
// keeps running on the old one.
func Run(ctx context.Context, o Options) error {
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if o.ShutdownGrace <= 0 {
		o.ShutdownGrace = 10 * time.Second
	}
	cfg := o.Config
	if cfg.MemoryLimit > 0 {
		debug.SetMemoryLimit(int64(cfg.MemoryLimit))
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	metrics := pipeline.NewMetrics(reg)

	st, err := store.Open(ctx, cfg.Database)
	if err != nil {
		return fmt.Errorf("daemon: database %s: %w%s", store.DisplayName(cfg.Database), err, unwritableHint(cfg.Database))
	}
	defer st.Close()
	pipe, err := pipeline.New(ctx, pipeline.Options{Store: st, Config: cfg, Logger: log, Metrics: metrics})
	if err != nil {
		return err
	}
	popts := publish.OptionsFromConfig(cfg)
	popts.Logger, popts.Registerer = log, reg
	popts.PingMemory = st // what the WebSub hub was told survives restarts
	// Labels follow the live taxonomy: after a reload the pipeline has a new tagger.
	srv := publish.NewServer(popts, st, liveLabels{pipe})
	pipe.SetOnChange(func(slugs []string) { srv.Invalidate(slugs...) })
	health := &healthState{store: pipe.StoreError}
	srv.SetHealth(health.report)

	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("daemon: listen on %s: %w", cfg.Listen, err)
	}
	stopAdmin, err := startAdmin(cfg.AdminListen, srv, log)
	if err != nil {
		ln.Close()
		return err
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), o.ShutdownGrace)
		defer cancel()
		stopAdmin(sctx)
	}()
	hs := publish.NewHTTPServer(cfg.Listen, srv)
	hs.ErrorLog = slog.NewLogLogger(log.Handler(), slog.LevelWarn)
	serveErr := make(chan error, 1)
	go func() { serveErr <- hs.Serve(ln) }()
	url := "http://" + ln.Addr().String() + "/"
	log.Info("listening", "addr", ln.Addr().String(), "base_url", cfg.BaseURL, "sources", len(cfg.Sources), "topics", len(cfg.Topics))
	if o.Ready != nil {
		o.Ready(url)
	}
	// Under systemd (Type=notify) this tells it the service is up; elsewhere a no-op.
	sdnotify.SdNotify(false, sdnotify.SdNotifyReady)

	// Fetches get their own context: a stop signal stops scheduling at once but
	// lets in-flight fetches finish within the grace period.
	fetchCtx, cancelFetch := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelFetch()
	var wg sync.WaitGroup
	schedCtx, stopSched := context.WithCancel(fetchCtx)
	wg.Add(1)
	go func() {
		defer wg.Done()
		pipe.RunUntil(schedCtx, fetchCtx)
	}()

	wg.Add(1)
	go func() {
		defer wg.Done()
		retain(schedCtx, st, pipe, log)
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
		pipe.LogRounds(schedCtx, pipe.SchedulePeriod()) // one summary line per round
	}()

	reload := func(reason string) {
		sdnotify.SdNotify(false, sdnotify.SdNotifyReloading)
		defer sdnotify.SdNotify(false, sdnotify.SdNotifyReady)
		newCfg, err := config.Load(o.ConfigPath)
		if err != nil {
			var ps config.Problems
			if errors.As(err, &ps) {
				for _, p := range ps {
					log.Error("reload rejected", "problem", p.String())
				}
			} else {
				log.Error("reload rejected", "error", err)
			}
			health.failed(err)
			return
		}
		// The server learns the new topics first, so that the pipeline's
		// notice of their membership (Reload) finds them — a topic added by
		// the reload is rendered fresh and its feeds announced to the hub.
		oldTopics := srv.Topics()
		srv.SetTopics(publish.OptionsFromConfig(newCfg).Topics)
		if err := pipe.Reload(ctx, newCfg); err != nil {
			srv.SetTopics(oldTopics)
			log.Error("reload failed", "error", err)
			health.failed(err)
			return
		}
		health.ok()
		log.Info("config reloaded", "reason", reason, "sources", len(newCfg.Sources), "topics", len(newCfg.Topics))
	}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	var changes <-chan string
	if o.Watch {
		w, err := watchFiles(ctx, cfg.Files, log)
		if err != nil {
			log.Warn("config file watching is off", "error", err)
		} else {
			changes = w
		}
	}

	for {
		select {
		case <-hup:
			reload("SIGHUP")
		case f := <-changes:
			reload("changed: " + f)
		case err := <-serveErr:
			stopSched()
			cancelFetch()
			wg.Wait()
			return fmt.Errorf("daemon: http server: %w", err)
		case <-ctx.Done():
			log.Info("shutting down", "grace", o.ShutdownGrace)
			sdnotify.SdNotify(false, sdnotify.SdNotifyStopping)
			stopSched()
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), o.ShutdownGrace)
			hs.Shutdown(sctx)
			done := make(chan struct{})
			go func() { wg.Wait(); close(done) }()
			select {
			case <-done:
			case <-sctx.Done():
				log.Warn("in-flight fetches cut off at the grace deadline")
				cancelFetch()
				<-done
			}
			cancel()
			log.Info("stopped")
			return nil
		}
	}
}

// healthState is what /healthz adds: the outcome of the last reload, and
// whether the database is refusing the fetcher's writes.
type healthState struct {
	mu         sync.Mutex
	reloadErr  string
	reloadedAt time.Time
	store      func() (string, time.Time) // the pipeline's StoreError
}

func (h *healthState) failed(err error) {
	h.mu.Lock()
	h.reloadErr, h.reloadedAt = err.Error(), time.Now().UTC()
	h.mu.Unlock()
}

func (h *healthState) ok() {
	h.mu.Lock()
	h.reloadErr, h.reloadedAt = "", time.Now().UTC()
	h.mu.Unlock()
}

func (h *healthState) report() (bool, map[string]any) {
	h.mu.Lock()
	defer h.mu.Unlock()
	d := map[string]any{}
	if !h.reloadedAt.IsZero() {
		d["last_reload"] = h.reloadedAt.Format(time.RFC3339)
	}
	// A failing database is reported but stays "ok": the daemon still serves
	// what is stored, and a restart by a liveness probe would not help.
	if h.store != nil {
		if msg, since := h.store(); msg != "" {
			d["store_error"] = msg
			d["store_error_since"] = since.Format(time.RFC3339)
			d["store"] = "writes failing: serving what is stored"
		}
	}
	if h.reloadErr != "" {
		d["reload_error"] = h.reloadErr
		d["reload"] = "failed: running on the previous configuration"
		return true, d
	}
	return true, d
}
