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
// notification understood by common hubs). Each POST is bounded by the
// server's PingTimeout. The topic is rendered first (warming the cache for
// the hub's fetch), and the hub is not pinged when the bytes are those it
// was last told about: an invalidation that changed nothing visible must not
// wake every subscriber.
func (s *Server) pingHub(ctx context.Context, slug string) {
	b, err := s.get(ctx, slug)
	if err != nil {
		s.o.Logger.Warn("publish: websub: render before ping failed", "topic", slug, "err", err)
		s.m.pings.WithLabelValues("error").Inc()
		return
	}
	tag := b.feeds[FormatAtom].hETag[0]
	s.mu.Lock()
	same := s.pinged[slug] == tag
	s.mu.Unlock()
	if same {
		s.m.pings.WithLabelValues("unchanged").Inc()
		return
	}
	failed := false
	for _, format := range []string{FormatAtom, FormatRSS, FormatJSON} {
		feedURL := s.o.FeedURL(slug, format)
		err := s.postPing(ctx, feedURL)
		result := "ok"
		if err != nil {
			result, failed = "error", true
			s.o.Logger.Warn("publish: websub ping failed", "hub", s.o.WebSubHub, "feed", feedURL, "err", err)
		} else {
			s.o.Logger.Debug("publish: websub ping", "hub", s.o.WebSubHub, "feed", feedURL)
		}
		s.m.pings.WithLabelValues(result).Inc()
		if ctx.Err() != nil {
			return
		}
	}
	if !failed {
		s.mu.Lock()
		s.pinged[slug] = tag
		s.mu.Unlock()
	}
}

// postPing sends one publish notification.
func (s *Server) postPing(ctx context.Context, feedURL string) error {
	ctx, cancel := context.WithTimeout(ctx, s.o.PingTimeout)
	defer cancel()
	form := url.Values{"hub.mode": {"publish"}, "hub.url": {feedURL}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.o.WebSubHub, strings.NewReader(form.Encode()))
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
		return fmt.Errorf("publish: websub hub answered %s", resp.Status)
	}
	return nil
}
