package publish

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// PingMemory remembers, across restarts, which bytes of each topic the WebSub
// hub was last told about (the store's meta table satisfies it), so that a
// restart or a reload that changed nothing pings nothing.
type PingMemory interface {
	Meta(ctx context.Context, key string) (string, error)
	SetMeta(ctx context.Context, key, value string) error
}

// Defaults of the WebSub notifier.
const (
	// DefaultPingTimeout bounds one ping: hubs answer a publish
	// notification at once and fetch the feed later.
	DefaultPingTimeout = 5 * time.Second
	// DefaultPingConcurrency bounds the pings in flight, so that a hub that
	// accepts connections and never answers holds that many, not all.
	DefaultPingConcurrency = 8
	// DefaultPingAttempts is how often a ping is tried before the topic is
	// left for its next change; the waits between double from PingBackoff.
	DefaultPingAttempts = 3
	// DefaultPingBackoff is the wait before the first retry.
	DefaultPingBackoff = time.Second
)

// announcedKey is the meta key under which a topic's announced ETag is kept.
func announcedKey(slug string) string { return "websub.announced." + slug }

// announced returns the ETag of the topic's Atom feed the hub was last told
// about: from memory, else from the PingMemory.
func (s *Server) announced(ctx context.Context, slug string) string {
	s.mu.Lock()
	tag, ok := s.pinged[slug]
	s.mu.Unlock()
	if ok || s.opt().PingMemory == nil {
		return tag
	}
	tag, err := s.opt().PingMemory.Meta(ctx, announcedKey(slug))
	if err != nil {
		s.opt().Logger.Warn("publish: websub: read what was announced", "topic", slug, "err", err)
		return ""
	}
	s.mu.Lock()
	s.pinged[slug] = tag
	s.mu.Unlock()
	return tag
}

// remember records that the hub was told about tag for slug.
func (s *Server) remember(ctx context.Context, slug, tag string) {
	s.mu.Lock()
	s.pinged[slug] = tag
	s.mu.Unlock()
	if s.opt().PingMemory == nil {
		return
	}
	if err := s.opt().PingMemory.SetMeta(ctx, announcedKey(slug), tag); err != nil {
		s.opt().Logger.Warn("publish: websub: remember what was announced", "topic", slug, "err", err)
	}
}

// pingAll pings the hub for every topic of batch at once; pingSlots bounds
// the requests in flight.
func (s *Server) pingAll(ctx context.Context, batch []string) {
	var wg sync.WaitGroup
	for _, slug := range batch {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.pingHub(ctx, slug)
		}()
	}
	wg.Wait()
}

// pingFeeds sends the publish notification for each feed URL concurrently
// (within pingSlots) and reports whether all of them went through.
func (s *Server) pingFeeds(ctx context.Context, feedURLs []string) bool {
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := true
	for _, feedURL := range feedURLs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case s.pingSlots <- struct{}{}:
				defer func() { <-s.pingSlots }()
			case <-ctx.Done():
				mu.Lock()
				ok = false
				mu.Unlock()
				return
			}
			err := s.pingWithRetry(ctx, feedURL)
			result := "ok"
			if err != nil {
				result = "error"
				mu.Lock()
				ok = false
				mu.Unlock()
				s.opt().Logger.Warn("publish: websub ping failed", "hub", s.opt().WebSubHub, "feed", feedURL, "err", err)
			} else {
				s.opt().Logger.Debug("publish: websub ping", "hub", s.opt().WebSubHub, "feed", feedURL)
			}
			s.m.pings.WithLabelValues(result).Inc()
		}()
	}
	wg.Wait()
	return ok
}

// errPermanent marks a hub answer that a retry would not change (4xx).
var errPermanent = errors.New("publish: websub: the hub refused the notification")

// pingWithRetry sends one notification, retrying a failed or timed-out one
// (not a 4xx refusal) up to PingAttempts times with doubling waits.
func (s *Server) pingWithRetry(ctx context.Context, feedURL string) error {
	wait := s.opt().PingBackoff
	var err error
	for attempt := 1; ; attempt++ {
		err = s.postPing(ctx, feedURL)
		if err == nil || errors.Is(err, errPermanent) || attempt >= s.opt().PingAttempts {
			return err
		}
		select {
		case <-time.After(wait):
			wait *= 2
		case <-ctx.Done():
			return fmt.Errorf("%w (stopped before retry %d)", err, attempt+1)
		}
	}
}

// hubStatusError classifies a hub's non-2xx answer: 4xx other than 408 and
// 429 are permanent.
func hubStatusError(resp *http.Response) error {
	code := resp.StatusCode
	if code >= 400 && code < 500 && code != http.StatusRequestTimeout && code != http.StatusTooManyRequests {
		return fmt.Errorf("%w: %s", errPermanent, resp.Status)
	}
	return fmt.Errorf("publish: websub hub answered %s", resp.Status)
}
