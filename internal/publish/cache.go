package publish

import (
	"bytes"
	"context"
	"fmt"
	"time"
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
}

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
		sl = &slot{}
		s.cache[key] = sl
	}
	if sl.cur != nil && (sl.cur.gen == sl.gen || time.Now().Before(sl.retryAt)) {
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
	if key == homeKey {
		err = s.buildHome(ctx, b)
		s.m.renders.WithLabelValues("home").Inc()
	} else {
		err = s.buildTopic(ctx, key, b)
		s.m.renders.WithLabelValues("topic").Inc()
	}
	s.m.renderSeconds.Observe(time.Since(start).Seconds())
	if err != nil {
		s.m.renderErrors.Inc()
		s.o.Logger.Error("publish: render failed", "topic", key, "err", err)
		b.err = err
	}
}

// buildTopic reads topic slug and renders its three feeds and its page.
func (s *Server) buildTopic(ctx context.Context, slug string, b *built) error {
	t, ok := s.topic(slug)
	if !ok {
		return fmt.Errorf("publish: unknown topic %q", slug)
	}
	stories, err := s.r.TopicStories(ctx, slug, s.o.limitOf(t))
	if err != nil {
		return fmt.Errorf("publish: read topic %q: %w", slug, err)
	}
	bl := &builder{o: s.o, l: s.l, san: s.san, memo: &s.memo}
	es := bl.entries(t, stories)
	updated := feedUpdated(es)
	b.items = len(es)
	b.feeds = make(map[string]*rendition, 3)
	for _, format := range []string{FormatRSS, FormatAtom, FormatJSON} {
		body, err := renderEntries(format, t, es, s.o)
		if err != nil {
			return err
		}
		var prev *rendition
		if b.prev != nil {
			prev = b.prev.feeds[format]
		}
		b.feeds[format] = newRendition(body, contentTypes[format], lastModified(updated, body, prev), s.o.MaxAge, false)
	}
	page, err := s.renderTopicPage(t, es)
	if err != nil {
		return err
	}
	b.page = newRendition(page, contentTypeHTML, lastModified(updated, page, b.prevPage()), s.o.MaxAge, true)
	return nil
}

// buildHome reads the newest stories and renders the home page.
func (s *Server) buildHome(ctx context.Context, b *built) error {
	stories, err := s.r.RecentStories(ctx, homeStories)
	if err != nil {
		return fmt.Errorf("publish: read recent stories: %w", err)
	}
	bl := &builder{o: s.o, l: s.l, san: s.san, memo: &s.memo}
	es := bl.entries(Topic{Slug: "", Limit: homeStories}, stories)
	page, err := s.renderHomePage(es)
	if err != nil {
		return err
	}
	b.page = newRendition(page, contentTypeHTML, lastModified(feedUpdated(es), page, b.prevPage()), s.o.MaxAge, true)
	return nil
}
