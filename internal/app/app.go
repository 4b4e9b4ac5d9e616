// Package app is the one place that builds the aggregator's parts from a
// configuration — the store, the pipeline and the publisher, and how they
// are connected — for the daemon of every role, the one-shot commands and
// the tools alike, so that they cannot drift apart. It holds no logic of its
// own beyond the wiring.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/pipeline"
	"github.com/intlwire/aggregator/internal/publish"
	"github.com/intlwire/aggregator/internal/store"
	"github.com/intlwire/aggregator/internal/tag"
)

// Options says which parts to build and how they meet other processes on
// the same database.
type Options struct {
	Config *config.Config // loaded and valid
	Logger *slog.Logger   // nil: discard
	// Registry receives the pipeline's and publisher's metrics; nil: none.
	Registry *prometheus.Registry
	// Pipeline builds the fetch pipeline (which also syncs the sources and
	// brings topic membership up to date with the rules).
	Pipeline bool
	// Publisher builds the publish server (feeds, pages, static export).
	Publisher bool
	// Share is for a process that may not be alone on the database: its
	// pipeline claims each source under a lease before fetching it, and
	// every feed change it makes bumps the topic's change counter, which
	// serving nodes follow (FollowChanges).
	Share bool
	// Now is the pipeline's clock (time.Now when nil): the soak and scale
	// tools run history through it faster than it happened.
	Now func() time.Time
	// Pings lets the publisher ping the WebSub hub when a feed changes.
	// Only a node that changes feeds (one that runs the pipeline) pings, so
	// that a fleet pings once per change, not once per web node.
	Pings bool
}

// ForRole returns the parts a daemon of role r needs.
func ForRole(r Role, cfg *config.Config, log *slog.Logger, reg *prometheus.Registry) Options {
	return Options{Config: cfg, Logger: log, Registry: reg,
		Pipeline: r.Fetches(),
		// A fetch node builds a publisher too, without serving it: it renders
		// a changed feed to decide whether to ping the hub, and answers the
		// health and metrics routes.
		Publisher: true,
		Share:     true,
		Pings:     r.Fetches(),
	}
}

// Parts are the built parts; those not asked for are nil.
type Parts struct {
	Config   *config.Config
	Store    *store.Store
	Pipeline *pipeline.Pipeline
	Server   *publish.Server
	Metrics  *pipeline.Metrics
	// Owner is the name under which this process holds fetch leases.
	Owner string

	log    *slog.Logger
	labels *liveLabels
	// refresh tells FollowChanges a reloaded publish.refresh (the latest only).
	refresh chan time.Duration
}

// OpenStore opens the configured database: the one place the store is opened.
func OpenStore(ctx context.Context, cfg *config.Config) (*store.Store, error) {
	st, err := store.Open(ctx, cfg.Database)
	if err != nil {
		return nil, fmt.Errorf("app: database %s: %w%s", store.DisplayName(cfg.Database), err, unwritableHint(cfg.Database))
	}
	return st, nil
}

// Build opens the store and builds the parts o asks for. The caller closes
// the parts.
func Build(ctx context.Context, o Options) (*Parts, error) {
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	st, err := OpenStore(ctx, o.Config)
	if err != nil {
		return nil, err
	}
	p := &Parts{Config: o.Config, Store: st, log: log, labels: &liveLabels{}, refresh: make(chan time.Duration, 1)}
	if err := p.build(ctx, o); err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}

func (p *Parts) build(ctx context.Context, o Options) error {
	if o.Registry != nil {
		p.Metrics = pipeline.NewMetrics(o.Registry)
	}
	if o.Pipeline {
		// Set before New: the start-up recompute of topic membership (rules
		// edited since the last run) is a change other nodes must hear of.
		// Assignment always: an `aggregator fetch` beside a daemon, or
		// several fetch nodes, ingest into one database.
		po := pipeline.Options{Store: p.Store, Assignment: p.Store, Config: o.Config, Logger: p.log, Metrics: p.Metrics,
			OnChange: p.onChange(o.Share), Now: o.Now}
		if o.Share {
			p.Owner = ownerName()
			po.Leases, po.Owner = p.Store, p.Owner
			if err := releaseDeadOwners(ctx, p.Store, p.log); err != nil {
				// Not fatal: the leases run out by themselves.
				p.log.Warn("app: releasing dead fetchers' leases", "error", err)
			}
		}
		pipe, err := pipeline.New(ctx, po)
		if err != nil {
			return err
		}
		p.Pipeline = pipe
		p.labels.pipe = pipe
	} else if o.Publisher {
		t, err := labelTagger(o.Config)
		if err != nil {
			return err
		}
		p.labels.own.Store(t)
	}
	if o.Publisher {
		popts := publish.OptionsFromConfig(o.Config)
		popts.Logger = p.log
		if o.Registry != nil {
			popts.Registerer = o.Registry
		}
		popts.NoPings = !o.Pings
		popts.PingMemory = p.Store // what the WebSub hub was told survives restarts
		p.Server = publish.NewServer(popts, p.Store, p.labels)
	}
	return nil
}

// onChange is what the pipeline calls with the topics whose feeds changed:
// this process's renders are dropped (and the hub pinged), and with share
// the change counters move so that other serving nodes follow.
func (p *Parts) onChange(share bool) func(slugs []string) {
	return func(slugs []string) {
		if share {
			if err := p.Store.BumpTopics(context.Background(), slugs); err != nil {
				p.log.Error("app: change counters", "topics", slugs, "error", err)
			}
		}
		if srv := p.Server; srv != nil { // nil while the pipeline is being built
			srv.Invalidate(slugs...)
		}
	}
}

// Reload switches the parts to a new, already validated configuration: the
// publisher learns the new topics and publish settings first (and
// FollowChanges the new publish.refresh), so that the pipeline's notice of
// their membership finds them (a topic added by the reload is rendered
// fresh and announced); if the pipeline refuses the configuration, the old
// topics and settings come back.
func (p *Parts) Reload(ctx context.Context, cfg *config.Config) error {
	if p.Server != nil {
		p.Server.SetOptions(publish.OptionsFromConfig(cfg))
	}
	var err error
	if p.Pipeline != nil {
		err = p.Pipeline.Reload(ctx, cfg)
	} else if p.Server != nil {
		var t *tag.Tagger
		if t, err = labelTagger(cfg); err == nil {
			p.labels.own.Store(t)
		}
	}
	if err != nil {
		if p.Server != nil {
			p.Server.SetOptions(publish.OptionsFromConfig(p.Config))
		}
		return err
	}
	p.Config = cfg
	select { // FollowChanges takes the latest period: an older one unread goes
	case <-p.refresh:
	default:
	}
	select {
	case p.refresh <- cfg.Publish.Refresh.D():
	default:
	}
	return nil
}

// Close stops the publisher's background pings and closes the store.
func (p *Parts) Close() error {
	var errs []error
	if p.Server != nil {
		errs = append(errs, p.Server.Close())
	}
	if p.Store != nil {
		errs = append(errs, p.Store.Close())
	}
	return errors.Join(errs...)
}

// labelTagger builds the tagger a node without a pipeline (role web) names
// the tags of its pages with. It only looks names up (Lookup, Within), which
// tag.New serves without building the matcher: reading the compiled tagger
// from its cache (tag.FromConfig) would cost such a node 40-70 ms and 29 MB
// it never uses, against 14-20 ms and 5 MB.
func labelTagger(cfg *config.Config) (*tag.Tagger, error) {
	entries, rules := cfg.Taxonomy()
	t, err := tag.New(entries, rules...)
	if err != nil {
		return nil, fmt.Errorf("app: taxonomy: %w", err)
	}
	return t, nil
}
