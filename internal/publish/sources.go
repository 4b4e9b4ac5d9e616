package publish

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/publish/render"
)

// SourceReader is storage that knows the sources' fetch state. The server
// offers /sources, /sources.json and the source counts of /healthz when its
// StoryReader is one.
type SourceReader interface {
	// SourceStates returns the fetch state of every configured source.
	SourceStates(ctx context.Context) ([]model.FetchState, error)
	// SourceVolumes counts each source's articles fetched since.
	SourceVolumes(ctx context.Context, since time.Time) (map[string]int, error)
}

// Source health, as /sources and /sources.json write it.
const (
	healthOK       = "ok"
	healthNew      = "new"      // not fetched yet
	healthFailing  = "failing"  // the last attempt failed
	healthStale    = "stale"    // overdue: not fetched for longer than its schedule allows
	healthDisabled = "disabled" // gone (410): off until its URL changes
)

// staleGrace is added to a source's schedule period before an overdue fetch
// counts as stale: a source becomes due between two ticks of its schedule.
const staleGrace = 5 * time.Minute

// volumeDays is the span over which items per day are averaged.
const volumeDays = 7

// sourceView is one source as /sources shows it.
type sourceView struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	URL         string    `json:"url"`
	Health      string    `json:"health"`
	LastFetch   time.Time `json:"last_fetch,omitzero"`
	LastSuccess time.Time `json:"last_success,omitzero"`
	NextDue     time.Time `json:"next_due,omitzero"`
	Status      int       `json:"status"`
	Errors      int       `json:"error_count"`
	Error       string    `json:"last_error,omitempty"`
	PerDay      float64   `json:"items_per_day"`
}

// sourceCounts sums up the sources' health for /healthz and the home page.
type sourceCounts struct {
	Total   int `json:"total"`
	Failing int `json:"failing"`
	Stale   int `json:"stale"`
}

// SourceHealth says how a source is doing at now, given the period of its
// fetch schedule: "ok", "new" (not fetched yet), "failing" (the last attempt
// failed), "stale" (overdue by more than its period) or "disabled" (gone).
// /sources, /healthz and `aggregator sources` all say it this way.
func SourceHealth(st model.FetchState, period time.Duration, now time.Time) string {
	if period <= 0 {
		period = DefaultSourcePeriod
	}
	return classify(st, period, now)
}

// classify says how a source is doing at now, given its schedule period.
func classify(st model.FetchState, period time.Duration, now time.Time) string {
	switch {
	case st.Disabled:
		return healthDisabled
	case st.LastFetch.IsZero():
		return healthNew
	case st.ErrorCount > 0:
		return healthFailing
	case !st.NextDue.IsZero() && now.After(st.NextDue.Add(period+staleGrace)):
		return healthStale
	}
	return healthOK
}

// readSources returns every configured source's view and the counts, or
// ok=false when storage cannot tell.
func (s *Server) readSources(ctx context.Context, volumes bool) ([]sourceView, sourceCounts, error) {
	sr, ok := s.r.(SourceReader)
	if !ok {
		return nil, sourceCounts{}, errNoSources
	}
	states, err := sr.SourceStates(ctx)
	if err != nil {
		return nil, sourceCounts{}, err
	}
	now := time.Now()
	var vol map[string]int
	if volumes {
		if vol, err = sr.SourceVolumes(ctx, now.Add(-volumeDays*24*time.Hour)); err != nil {
			return nil, sourceCounts{}, err
		}
	}
	var c sourceCounts
	out := make([]sourceView, 0, len(states))
	for _, st := range states {
		period := s.opt().SourcePeriods[st.SourceID]
		if period <= 0 {
			period = DefaultSourcePeriod
		}
		v := sourceView{
			ID: st.SourceID, Name: s.sourceName(st.SourceID, st.FeedTitle, st.URL), URL: render.SafeURL(st.URL),
			Health: classify(st, period, now), LastFetch: st.LastFetch, LastSuccess: st.LastSuccess, NextDue: st.NextDue,
			Status: st.LastStatus, Errors: st.ErrorCount, Error: render.CollapseSpace(render.CleanText(st.LastError)),
			PerDay: float64(int(float64(vol[st.SourceID])/volumeDays*10+0.5)) / 10,
		}
		c.Total++
		switch v.Health {
		case healthFailing:
			c.Failing++
		case healthStale:
			c.Stale++
		}
		out = append(out, v)
	}
	return out, c, nil
}

// errNoSources is readSources' answer when storage keeps no source state.
var errNoSources = &noSourcesError{}

type noSourcesError struct{}

func (*noSourcesError) Error() string { return "publish: storage keeps no source state" }

// sourceName is the display name of a source: the configured name, else the
// feed's own title, else the host of its URL, else its id.
func (s *Server) sourceName(id, feedTitle, feedURL string) string {
	if n := render.CollapseSpace(render.CleanText(s.opt().Sources[id])); n != "" {
		return n
	}
	if n := render.CollapseSpace(render.CleanText(feedTitle)); n != "" {
		return n
	}
	if u, err := url.Parse(feedURL); err == nil && u.Hostname() != "" {
		return strings.TrimPrefix(u.Hostname(), "www.")
	}
	return id
}

// serveSources answers /sources (HTML) and /sources.json. They are never
// cached: they say how things are now.
func (s *Server) serveSources(w http.ResponseWriter, r *http.Request, asJSON bool) int {
	views, counts, err := s.readSources(r.Context(), true)
	if err == errNoSources {
		return httpError(w, http.StatusNotFound)
	}
	if err != nil {
		s.opt().Logger.Warn("publish: sources failed", "err", err)
		return httpError(w, http.StatusServiceUnavailable)
	}
	if asJSON {
		body, err := json.MarshalIndent(map[string]any{"sources": views, "counts": counts}, "", "  ")
		if err != nil {
			return httpError(w, http.StatusInternalServerError)
		}
		rd := newRendition(append(body, '\n'), "application/json; charset=utf-8", time.Now(), 0, false)
		return serve(w, r, rd)
	}
	d := pageData{SiteTitle: s.opt().SiteTitle, Title: "Sources", Root: s.root(), Topics: s.topicViews(),
		Sources: views, SourceCounts: &counts, Description: "Every configured source and how fetching it goes."}
	page, err := s.execute("sources.html", d)
	if err != nil {
		return httpError(w, http.StatusInternalServerError)
	}
	return serve(w, r, newRendition(page, contentTypeHTML, time.Now(), 0, true))
}

// newBuilder returns a builder for one render, with the feeds' own titles
// when storage keeps them (a failure to read them only costs the fallback to
// host names).
func (s *Server) newBuilder(ctx context.Context) *render.Builder {
	b := render.NewBuilder(s.opt().render(), s.l, &s.memo)
	if sr, ok := s.r.(SourceReader); ok {
		if states, err := sr.SourceStates(ctx); err == nil {
			b.FeedTitles = make(map[string]string, len(states))
			for _, st := range states {
				if st.FeedTitle != "" {
					b.FeedTitles[st.SourceID] = st.FeedTitle
				}
			}
		}
	}
	return b
}
