package publish

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/publish/render"
)

// buildTimeout bounds one read-and-render, whatever the request that asked.
const buildTimeout = 30 * time.Second

// retryAfterError is how long a stale render is served after a failed
// rebuild before storage is asked again.
const retryAfterError = 5 * time.Second

// homeKey is the cache key of the home page.
const homeKey = ""

// built is the result of reading one topic (or the home page) from storage
// and rendering it in every form: immutable once done is closed.
type built struct {
	done  chan struct{}
	gen   uint64
	err   error
	feeds map[string]*rendition // by format; empty for the home page
	items int                   // entries in the feeds
	page  *rendition            // the HTML page
	prev  *built                // the render this one replaces (dropped once done)
	// expires, when set, makes the render stale at that time even without
	// an Invalidate (the empty home page, whose message follows the sources).
	expires time.Time
}

// emptyHomeTTL is how long the home page without stories is served before
// it is rebuilt to report the sources' health afresh.
const emptyHomeTTL = 30 * time.Second

// lastModified is the Last-Modified of a new body: the newest item change,
// unless the bytes changed without a newer item (a story left the topic, a
// title was edited), in which case it moves to now, so that a client that
// only sends If-Modified-Since still gets the new bytes.
func lastModified(updated time.Time, body []byte, prev *rendition) time.Time {
	switch {
	case prev == nil || updated.After(prev.lastMod):
		return updated
	case bytes.Equal(prev.body, body):
		return prev.lastMod // same bytes, same validators
	}
	return time.Now()
}

// slot is the cache state of one key: the last good render, whether it is
// stale, and the rebuild in flight, if any.
type slot struct {
	cur      *built
	building *built
	gen      uint64    // bumped by Invalidate
	retryAt  time.Time // after a failed rebuild, serve cur until then
}

// markStale makes the next request rebuild: a build already in flight may
// have read the store before the change, so it is not waited for (it still
// completes, and is kept only if nothing newer finished first).
func (sl *slot) markStale() {
	sl.gen++
	sl.retryAt = time.Time{}
	sl.building = nil
}

// get returns the render for key, building it when missing or stale. Many
// concurrent callers share one build. When a rebuild fails and an older
// render exists, the older one is returned: readers keep getting the last
// good feed while storage is unwell.
func (s *Server) get(ctx context.Context, key string) (*built, error) {
	s.mu.Lock()
	sl := s.cache[key]
	if sl == nil {
		if strings.HasPrefix(key, render.TagPathPrefix) && s.tagSlotsLocked() >= maxTagSlots {
			s.dropTagSlotsLocked()
		}
		sl = &slot{}
		s.cache[key] = sl
	}
	if sl.cur != nil && (sl.cur.gen == sl.gen && (sl.cur.expires.IsZero() || time.Now().Before(sl.cur.expires)) || time.Now().Before(sl.retryAt)) {
		cur := sl.cur
		s.mu.Unlock()
		return cur, nil
	}
	b := sl.building
	start := b == nil
	if start {
		b = &built{done: make(chan struct{}), gen: sl.gen, prev: sl.cur}
		sl.building = b
	}
	s.mu.Unlock()

	if start {
		s.build(ctx, key, b)
		b.prev = nil // keep no chain of old renders alive
		s.mu.Lock()
		if sl.building == b {
			sl.building = nil
		}
		if b.err == nil {
			if sl.cur == nil || b.gen >= sl.cur.gen {
				sl.cur = b
			}
		} else {
			sl.retryAt = time.Now().Add(retryAfterError)
		}
		s.mu.Unlock()
		close(b.done)
	} else {
		select {
		case <-b.done:
		case <-ctx.Done():
			return nil, fmt.Errorf("publish: waiting for render: %w", ctx.Err())
		}
	}
	if b.err == nil {
		return b, nil
	}
	s.mu.Lock()
	cur := sl.cur
	s.mu.Unlock()
	if cur != nil {
		s.m.staleServed.Inc()
		return cur, nil
	}
	return nil, b.err
}

// prevPage is the page of the render b replaces, or nil.
func (b *built) prevPage() *rendition {
	if b.prev == nil {
		return nil
	}
	return b.prev.page
}

// build reads key's stories and renders them into b. It runs detached from
// the request that triggered it (other requests wait for it too) but bounded
// by buildTimeout.
func (s *Server) build(ctx context.Context, key string, b *built) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), buildTimeout)
	defer cancel()
	start := time.Now()
	var err error
	switch {
	case key == homeKey:
		err = s.buildHome(ctx, b)
		s.m.renders.WithLabelValues("home").Inc()
	case strings.HasPrefix(key, render.TagPathPrefix):
		err = s.buildTag(ctx, key, b)
		s.m.renders.WithLabelValues("tag").Inc()
	default:
		err = s.buildTopic(ctx, key, b)
		s.m.renders.WithLabelValues("topic").Inc()
	}
	s.m.renderSeconds.Observe(time.Since(start).Seconds())
	if err != nil {
		s.m.renderErrors.Inc()
		s.opt().Logger.Error("publish: render failed", "topic", key, "err", err)
		b.err = err
	}
}

// buildTopic reads topic slug and renders its three feeds and its page.
func (s *Server) buildTopic(ctx context.Context, slug string, b *built) error {
	t, ok := s.topic(slug)
	if !ok {
		return fmt.Errorf("publish: unknown topic %q", slug)
	}
	stories, err := s.r.TopicStories(ctx, slug, s.opt().limitOf(t))
	if err != nil {
		return fmt.Errorf("publish: read topic %q: %w", slug, err)
	}
	return s.renderInto(ctx, t, stories, b)
}

// renderInto renders the feeds and page of topic (or tag pseudo-topic) t
// from stories into b.
func (s *Server) renderInto(ctx context.Context, t Topic, stories []model.Story, b *built) error {
	bl := s.newBuilder(ctx)
	es := bl.Entries(t, stories)
	updated := render.FeedUpdated(es)
	b.items = len(es)
	ro := s.opt().render()
	if t.TagKind != "" {
		// Only topic feeds are pinged to the hub (Invalidate names topics):
		// a tag feed must not advertise a hub that never hears of it.
		ro.WebSubHub = ""
	}
	b.feeds = make(map[string]*rendition, 3)
	for _, format := range []string{FormatRSS, FormatAtom, FormatJSON} {
		body, err := render.Encode(format, t, es, ro)
		if err != nil {
			return err
		}
		var prev *rendition
		if b.prev != nil {
			prev = b.prev.feeds[format]
		}
		b.feeds[format] = newRendition(body, render.ContentTypes[format], lastModified(updated, body, prev), s.opt().MaxAge, false)
	}
	page, err := s.renderTopicPage(t, es)
	if err != nil {
		return err
	}
	b.page = newRendition(page, contentTypeHTML, lastModified(updated, page, b.prevPage()), s.opt().MaxAge, true)
	return nil
}

// buildHome reads the newest stories and renders the home page.
func (s *Server) buildHome(ctx context.Context, b *built) error {
	stories, err := s.recentNews(ctx)
	if err != nil {
		return fmt.Errorf("publish: read recent stories: %w", err)
	}
	bl := s.newBuilder(ctx)
	es := bl.Entries(Topic{Slug: "", Limit: homeStories}, stories)
	var counts *sourceCounts
	if len(es) == 0 {
		// Say why there is nothing, and look again soon: fetches that
		// keep failing change no topic, so nothing would invalidate it.
		if _, c, err := s.readSources(ctx, false); err == nil {
			counts = &c
		}
		b.expires = time.Now().Add(emptyHomeTTL)
	}
	page, err := s.renderHomePage(es, counts)
	if err != nil {
		return err
	}
	b.page = newRendition(page, contentTypeHTML, lastModified(render.FeedUpdated(es), page, b.prevPage()), s.opt().MaxAge, true)
	return nil
}
