package publish

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// HTTPDoer sends an HTTP request; *http.Client satisfies it.
type HTTPDoer interface {
	Do(*http.Request) (*http.Response, error)
}

// pingHub tells the WebSub hub that topic slug's feeds changed: one POST per
// feed URL with hub.mode=publish and hub.url=URL (the de facto publish
// notification understood by common hubs), sent concurrently within the
// server's ping slots, each bounded by PingTimeout and retried with backoff.
// The topic is rendered first (warming the cache for the hub's fetch), and
// the hub is not pinged when the bytes are those it was last told about —
// in this run or, with a PingMemory, an earlier one: an invalidation, a
// reload or a restart that changed nothing visible must not wake every
// subscriber.
func (s *Server) pingHub(ctx context.Context, slug string) {
	b, err := s.get(ctx, slug)
	if err != nil {
		s.opt().Logger.Warn("publish: websub: render before ping failed", "topic", slug, "err", err)
		s.m.pings.WithLabelValues("error").Inc()
		return
	}
	tag := b.feeds[FormatAtom].hETag[0]
	last := s.announced(ctx, slug)
	if last == tag {
		s.m.pings.WithLabelValues("unchanged").Inc()
		return
	}
	if last == "" && b.items == 0 {
		// Never announced and empty: nothing for subscribers yet.
		s.remember(ctx, slug, tag)
		s.m.pings.WithLabelValues("unchanged").Inc()
		return
	}
	var urls []string
	for _, format := range []string{FormatAtom, FormatRSS, FormatJSON} {
		urls = append(urls, s.opt().FeedURL(slug, format))
	}
	if s.pingFeeds(ctx, urls) {
		s.remember(ctx, slug, tag)
	}
}

// postPing sends one publish notification.
func (s *Server) postPing(ctx context.Context, feedURL string) error {
	ctx, cancel := context.WithTimeout(ctx, s.opt().PingTimeout)
	defer cancel()
	form := url.Values{"hub.mode": {"publish"}, "hub.url": {feedURL}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.opt().WebSubHub, strings.NewReader(form.Encode()))
	if err != nil {
		return fmt.Errorf("publish: websub request: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", generator)
	resp, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("publish: websub ping: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return hubStatusError(resp)
	}
	return nil
}
