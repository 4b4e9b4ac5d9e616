package pipeline

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// datedFeed serves, at each request, the items set last: n items with
// their own publication dates spread evenly over span before the clock's
// now, GUIDs prefixed by the batch name, plus extra channel elements and
// response headers.
type datedFeed struct {
	mu      sync.Mutex
	body    string
	headers map[string]string
}

func (d *datedFeed) set(batch string, n int, now time.Time, span time.Duration, channelExtra string) {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel><title>Desk</title>%s`, channelExtra)
	for i := range n {
		pub := now.Add(-span * time.Duration(i) / time.Duration(max(n, 1)))
		fmt.Fprintf(&b, "<item><title>Item %s %d</title><link>https://desk.example.org/%s/%d</link><guid>%s-%d</guid><description>Report number %d of batch %s.</description><pubDate>%s</pubDate></item>\n",
			batch, i, batch, i, batch, i, i, batch, pub.Format(time.RFC1123Z))
	}
	b.WriteString("</channel></rss>")
	d.mu.Lock()
	d.body = b.String()
	d.mu.Unlock()
}

func (d *datedFeed) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for k, v := range d.headers {
		w.Header().Set(k, v)
	}
	w.Header().Set("Content-Type", "application/rss+xml")
	fmt.Fprint(w, d.body)
}

// pacedPipeline is a pipeline over one source served by feed, with a
// settable clock and the given fetch settings.
func pacedPipeline(t *testing.T, feed http.Handler, fetchCfg string) (*Pipeline, *time.Time) {
	return pacedPipelineOn(t, feed, fetchCfg, nil)
}

// pacedPipelineOn is pacedPipeline over the given store backend.
func pacedPipelineOn(t *testing.T, feed http.Handler, fetchCfg string, database func(testing.TB) string) (*Pipeline, *time.Time) {
	srv := httptest.NewServer(feed)
	t.Cleanup(srv.Close)
	p, _ := buildPipeline(t, testSetup{sources: [][2]string{{"desk", srv.URL + "/feed.xml"}}, topics: syriaTopic, fetch: fetchCfg, database: database})
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	p.clock = func() time.Time { return now }
	return p, &now
}

func (p *Pipeline) fetchDesk(t *testing.T) SourceResult {
	t.Helper()
	res := p.FetchSource(context.Background(), sourceByID(p.current().sources, "desk"))
	if res.Outcome != OutcomeFetched && res.Outcome != OutcomeNotModified {
		t.Fatalf("fetch: %+v", res)
	}
	return res
}

// TestAdaptivePaceCountsTheNewBatch is issue 17's first finding: a fresh
// busy source (300 items) was next due in 23h59m because its pace was
// counted before the batch was stored; 25 hours later with 300 new items it
// was again due in 24 h. Both are now due at min_interval, and a quiet source
// is due about when its next item is expected.
func TestAdaptivePaceCountsTheNewBatch(t *testing.T) {
	feed := &datedFeed{}
	p, now := pacedPipeline(t, feed, "  adaptive: true\n  max_items: 1000\n")
	feed.set("day1", 300, *now, 24*time.Hour, "")
	if res := p.fetchDesk(t); res.New != 300 || res.NextDue.Sub(*now) > 5*time.Minute {
		t.Fatalf("fresh busy source: %d new, next due in %v; want 300 and 5m", res.New, res.NextDue.Sub(*now))
	}
	*now = now.Add(25 * time.Hour)
	feed.set("day2", 300, *now, 24*time.Hour, "")
	if res := p.fetchDesk(t); res.New != 300 || res.NextDue.Sub(*now) > 5*time.Minute {
		t.Fatalf("a day later: %d new, next due in %v; want 300 and 5m", res.New, res.NextDue.Sub(*now))
	}

	quiet := &datedFeed{}
	q, qnow := pacedPipeline(t, quiet, "  adaptive: true\n")
	// 20 items over 10 days: 14 in the last week, 2 a day → every 12 hours.
	quiet.set("q", 20, *qnow, 10*24*time.Hour, "")
	if d := q.fetchDesk(t).NextDue.Sub(*qnow); d < 11*time.Hour || d > 13*time.Hour {
		t.Fatalf("a source with 2 items a day is next due in %v, want about 12h", d)
	}
}

// TestHintsHonouredWithoutAdaptive: <ttl>, <sy:updatePeriod>, Cache-Control
// max-age and Retry-After each push the next fetch out on a source polled
// on its schedule (issue 17: <ttl> was ignored unless adaptive was on).
func TestHintsHonouredWithoutAdaptive(t *testing.T) {
	for _, c := range []struct {
		name    string
		channel string
		headers map[string]string
		want    time.Duration
	}{
		{"schedule only", "", nil, 15 * time.Minute},
		{"ttl", "<ttl>120</ttl>", nil, 2 * time.Hour},
		{"sy:updatePeriod", "<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>1</sy:updateFrequency>", nil, time.Hour},
		{"max-age", "", map[string]string{"Cache-Control": "max-age=2700"}, 45 * time.Minute},
		{"retry-after", "", map[string]string{"Retry-After": "10800"}, 3 * time.Hour},
	} {
		t.Run(c.name, func(t *testing.T) {
			feed := &datedFeed{headers: c.headers}
			p, now := pacedPipeline(t, feed, "  schedule: \"@every 15m\"\n")
			feed.set("x", 3, *now, time.Hour, c.channel)
			got := p.fetchDesk(t).NextDue.Sub(*now)
			if got < c.want-2*time.Second || got > c.want {
				t.Fatalf("next due in %v, want %v", got, c.want)
			}
		})
	}
}
