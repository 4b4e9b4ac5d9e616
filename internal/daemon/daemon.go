// Package daemon runs the aggregator as a long-lived service of one role
// (all, fetch or web): the scheduler, the HTTP servers, configuration reload
// (SIGHUP and file changes) and graceful shutdown. Its life is four steps,
// each a function of its own: Build (parts and listeners), Serve, Reload and
// Shutdown; Run strings them together with the signals. The parts
// themselves are built by internal/app, as for every command.
package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"sync"
	"syscall"
	"time"

	sdnotify "github.com/coreos/go-systemd/v22/daemon"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/intlwire/aggregator/internal/app"
	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/publish"
)

// Options configures a daemon run.
type Options struct {
	ConfigPath string
	Config     *config.Config // already loaded and valid
	Logger     *slog.Logger
	// Role is what this daemon does (default app.RoleAll).
	Role app.Role
	// Ready, if set, is called with the server's base URL once it listens.
	Ready func(url string)
	// ShutdownGrace bounds how long in-flight fetches and requests may take
	// to finish after a stop signal (default 10s).
	ShutdownGrace time.Duration
	// Watch turns on reload when a config file changes (SIGHUP always reloads).
	Watch bool
}

// Daemon is a built daemon: its parts, bound listeners and background work.
type Daemon struct {
	o      Options
	log    *slog.Logger
	parts  *app.Parts
	health *healthState

	servers []*http.Server // the public server first, when the role has one
	lns     []net.Listener
	url     string // base URL of the first listener

	serveErr chan error

	// Fetches get their own context: a stop signal ends sched at once (no
	// fetch starts) but lets in-flight fetches finish under work within
	// the grace period.
	sched, work         context.Context
	stopSched, stopWork context.CancelFunc
	wg                  sync.WaitGroup
	shutdownOnce        sync.Once
}

// Build builds the parts the role needs and binds its listeners, so that a
// port in use or an unusable database fails here, before anything runs.
func Build(ctx context.Context, o Options) (*Daemon, error) {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.ShutdownGrace <= 0 {
		o.ShutdownGrace = 10 * time.Second
	}
	if o.Role == "" {
		o.Role = app.RoleAll
	}
	cfg := o.Config
	if cfg.MemoryLimit > 0 {
		debug.SetMemoryLimit(int64(cfg.MemoryLimit))
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	parts, err := app.Build(ctx, app.ForRole(o.Role, cfg, o.Logger, reg))
	if err != nil {
		return nil, fmt.Errorf("daemon: %w", err)
	}
	d := &Daemon{o: o, log: o.Logger, parts: parts, serveErr: make(chan error, 2)}
	d.health = &healthState{}
	if parts.Pipeline != nil {
		d.health.store = parts.Pipeline.StoreError
	}
	parts.Server.SetHealth(d.health.report)
	if err := d.listen(); err != nil {
		parts.Close()
		return nil, err
	}
	d.sched, d.stopSched = context.WithCancel(context.WithoutCancel(ctx))
	d.work, d.stopWork = context.WithCancel(context.WithoutCancel(ctx))
	return d, nil
}

// listen binds the role's listeners. A serving role answers everything on
// listen (the admin routes on admin_listen when set); a fetch node answers
// only the admin routes — health, metrics, sources — on admin_listen, or on
// listen when there is no admin_listen.
func (d *Daemon) listen() error {
	cfg, srv := d.o.Config, d.parts.Server
	type bind struct {
		addr string
		h    http.Handler
	}
	var binds []bind
	switch {
	case d.o.Role.Serves():
		binds = append(binds, bind{cfg.Listen, srv})
		if cfg.AdminListen != "" {
			binds = append(binds, bind{cfg.AdminListen, srv.AdminHandler()})
		}
	case cfg.AdminListen != "":
		binds = append(binds, bind{cfg.AdminListen, srv.AdminHandler()})
	default:
		binds = append(binds, bind{cfg.Listen, srv.AdminHandler()})
	}
	for _, b := range binds {
		ln, err := net.Listen("tcp", b.addr)
		if err != nil {
			for _, l := range d.lns {
				l.Close()
			}
			return fmt.Errorf("daemon: listen on %s: %w", b.addr, err)
		}
		hs := publish.NewHTTPServer(b.addr, b.h)
		hs.ErrorLog = slog.NewLogLogger(d.log.Handler(), slog.LevelWarn)
		d.lns, d.servers = append(d.lns, ln), append(d.servers, hs)
	}
	d.url = "http://" + d.lns[0].Addr().String() + "/"
	return nil
}

// URL is the base URL of the daemon's first listener (the public one when
// the role serves feeds).
func (d *Daemon) URL() string { return d.url }

// Parts returns the daemon's parts (store, pipeline, publisher).
func (d *Daemon) Parts() *app.Parts { return d.parts }

// Serve starts serving and the role's background work — the scheduler and
// retention for a fetching role, following the change counters for a
// serving one — and returns at once. Errors of a server arrive on Err.
func (d *Daemon) Serve() {
	for i, hs := range d.servers {
		go func() {
			if err := hs.Serve(d.lns[i]); err != nil && !errors.Is(err, http.ErrServerClosed) {
				d.serveErr <- fmt.Errorf("daemon: http server %s: %w", d.lns[i].Addr(), err)
			}
		}()
	}
	cfg, parts := d.o.Config, d.parts
	for _, ln := range d.lns[1:] {
		d.log.Info("admin listening", "addr", ln.Addr().String(), "routes", "/metrics /sources /sources.json /healthz")
	}
	d.log.Info("listening", "role", d.o.Role, "addr", d.lns[0].Addr().String(), "base_url", cfg.BaseURL,
		"sources", len(cfg.Sources), "topics", len(cfg.Topics), "owner", parts.Owner)
	if pipe := parts.Pipeline; pipe != nil {
		d.spawn(func() { pipe.RunUntil(d.sched, d.work) })
		d.spawn(func() { retain(d.sched, parts.Store, pipe, d.log) })
		d.spawn(func() { pipe.LogRounds(d.sched, pipe.SchedulePeriod()) }) // one summary line per round
	}
	if d.o.Role.Serves() {
		d.spawn(func() { parts.FollowChanges(d.sched, cfg.Publish.Refresh.D()) })
	}
}

func (d *Daemon) spawn(f func()) {
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		f()
	}()
}

// Err delivers the error of an HTTP server that stopped on its own.
func (d *Daemon) Err() <-chan error { return d.serveErr }

// Reload loads the configuration file again and switches to it. A bad new
// configuration is logged problem by problem, reported on /healthz, and the
// daemon keeps running on the old one.
func (d *Daemon) Reload(ctx context.Context, reason string) error {
	newCfg, err := config.Load(d.o.ConfigPath)
	if err != nil {
		var ps config.Problems
		if errors.As(err, &ps) {
			for _, p := range ps {
				d.log.Error("reload rejected", "problem", p.String())
			}
		} else {
			d.log.Error("reload rejected", "error", err)
		}
		d.health.failed(err)
		return err
	}
	if err := d.parts.Reload(ctx, newCfg); err != nil {
		d.log.Error("reload failed", "error", err)
		d.health.failed(err)
		return err
	}
	d.health.ok()
	d.log.Info("config reloaded", "reason", reason, "sources", len(newCfg.Sources), "topics", len(newCfg.Topics))
	return nil
}

// Shutdown stops the daemon gracefully: no fetch starts any more, the HTTP
// servers stop accepting and finish their requests, in-flight fetches and
// their writes finish — all until ctx's deadline, when the fetches still
// running are cut off. Then the parts are closed. Calling it again does nothing.
func (d *Daemon) Shutdown(ctx context.Context) {
	d.shutdownOnce.Do(func() {
		d.stopSched()
		for _, hs := range d.servers {
			_ = hs.Shutdown(ctx)
		}
		done := make(chan struct{})
		go func() { d.wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-ctx.Done():
			d.log.Warn("in-flight fetches cut off at the grace deadline")
			d.stopWork()
			<-done
		}
		d.stopWork()
		if err := d.parts.Close(); err != nil {
			d.log.Error("close", "error", err)
		}
	})
}

// Run builds the daemon, serves until ctx ends, reloads on SIGHUP or a
// changed file, and shuts down gracefully.
func Run(ctx context.Context, o Options) error {
	d, err := Build(ctx, o)
	if err != nil {
		return err
	}
	d.Serve()
	if o.Ready != nil {
		o.Ready(d.URL())
	}
	// Under systemd (Type=notify) this tells it the service is up; elsewhere a no-op.
	sdnotify.SdNotify(false, sdnotify.SdNotifyReady)
	stop := func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), d.o.ShutdownGrace)
		defer cancel()
		d.Shutdown(sctx)
	}

	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	var changes <-chan string
	if o.Watch {
		w, err := watchFiles(ctx, o.Config.Files, d.log)
		if err != nil {
			d.log.Warn("config file watching is off", "error", err)
		} else {
			changes = w
		}
	}
	reload := func(reason string) {
		sdnotify.SdNotify(false, sdnotify.SdNotifyReloading)
		defer sdnotify.SdNotify(false, sdnotify.SdNotifyReady)
		_ = d.Reload(ctx, reason)
	}
	for {
		select {
		case <-hup:
			reload("SIGHUP")
		case f := <-changes:
			reload("changed: " + f)
		case err := <-d.Err():
			stop()
			return err
		case <-ctx.Done():
			d.log.Info("shutting down", "grace", d.o.ShutdownGrace)
			sdnotify.SdNotify(false, sdnotify.SdNotifyStopping)
			stop()
			d.log.Info("stopped")
			return nil
		}
	}
}
