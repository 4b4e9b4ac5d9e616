package pipeline

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/fetch"
	"github.com/robfig/cron/v3"
)

// simSource is one simulated source: a Poisson stream of items at a known
// rate, a feed that lists its latest feedLen items, and what was stored.
type simSource struct {
	id      string
	perDay  float64
	items   []time.Time // publication times, ascending
	stored  []time.Time // publication times stored, ascending
	fetches []time.Time
	missed  int // items that left the feed before a fetch saw them
}

// simulate runs one source for the simulated span with the daemon's own
// scheduling pieces: the jittered "@every min_interval" ticks, the pace from
// the stored items' own dates (fetch.PerDay, counted after the batch is
// stored) and fetch.NextDue.
func (s *simSource) simulate(start, end time.Time, tick cron.Schedule, lo, hi time.Duration, feedLen int) {
	due := start
	t := tick.Next(start.Add(-time.Nanosecond))
	// items[:seen] have been listed by a fetch or fell out of the feed unseen;
	// what left it before the start is history, not a miss.
	seen := max(0, sort.Search(len(s.items), func(i int) bool { return s.items[i].After(start) })-feedLen)
	for !t.After(end) {
		if t.Before(due) {
			t = tick.Next(t)
			continue
		}
		s.fetches = append(s.fetches, t)
		published := sort.Search(len(s.items), func(i int) bool { return s.items[i].After(t) })
		listedFrom := max(0, published-feedLen)
		if listedFrom > seen {
			s.missed += listedFrom - seen
		}
		s.stored = append(s.stored, s.items[max(seen, listedFrom):published]...)
		seen = max(seen, published)
		since := t.Add(-fetch.PaceWindow)
		first := sort.Search(len(s.stored), func(i int) bool { return !s.stored[i].Before(since) })
		var oldest time.Time
		if first < len(s.stored) {
			oldest = s.stored[first]
		}
		perDay := fetch.PerDay(len(s.stored)-first, oldest, t)
		due = fetch.NextDue(t, fetch.Plan{Adaptive: true, PerDay: perDay, Min: lo, Max: hi})
		t = tick.Next(t)
	}
}

// TestScheduleSimulation: 1,000 sources of known rates (0.5 to 500 items a
// day, log-uniform) over 7 simulated days, scheduled as the daemon does with
// adaptive polling (min_interval 5m, max_interval 24h) on the default
// "@every" tick. It reports how close each source's mean interval after the
// first day comes to its rate (the interval that expects one new item,
// clamped to the bounds) and the requests per hour at the peak minute
// against the average; it fails if the intervals do not converge or the
// ticks bunch (issue 17: no jitter for "@every").
func TestScheduleSimulation(t *testing.T) {
	const (
		sources = 1000
		feedLen = 50
		lo, hi  = 5 * time.Minute, 24 * time.Hour
	)
	rng := rand.New(rand.NewPCG(17, 17))
	start := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	end := start.Add(7 * 24 * time.Hour)
	warm := start.Add(24 * time.Hour)
	every, err := parseSchedule("@every " + lo.String())
	if err != nil {
		t.Fatal(err)
	}
	perMinute := map[int64]int{}
	var ratios []float64
	bands := map[string][]float64{} // interval/target by the source's rate
	band := func(perDay float64) string {
		switch {
		case perDay < 2:
			return "a: under 2 a day"
		case perDay < 20:
			return "b: 2–20 a day"
		case perDay < 288:
			return "c: 20–288 a day"
		}
		return "d: 288+ a day (min_interval)"
	}
	var missed, published, fetches int
	for i := range sources {
		s := &simSource{id: fmt.Sprintf("source-%d", i), perDay: 0.5 * math.Pow(1000, rng.Float64())}
		// Items from 10 days before the start, so that the first fetch finds a full feed.
		for p := start.Add(-10 * 24 * time.Hour); p.Before(end); {
			p = p.Add(time.Duration(rng.ExpFloat64() / s.perDay * float64(24*time.Hour)))
			s.items = append(s.items, p)
		}
		s.simulate(start, end, jittered{every, fetch.Jitter(s.id, lo)}, lo, hi, feedLen)
		var after []time.Time
		for _, f := range s.fetches {
			if !f.Before(warm) {
				after = append(after, f)
				perMinute[f.Unix()/60]++
			}
		}
		fetches += len(s.fetches)
		missed += s.missed
		published += sort.Search(len(s.items), func(i int) bool { return s.items[i].After(end) }) -
			sort.Search(len(s.items), func(i int) bool { return s.items[i].After(start) })
		if len(after) < 3 {
			continue // polled about daily: too few intervals to average
		}
		mean := after[len(after)-1].Sub(after[0]) / time.Duration(len(after)-1)
		target := min(max(time.Duration(float64(24*time.Hour)/s.perDay), lo), hi)
		ratios = append(ratios, float64(mean)/float64(target))
		bands[band(s.perDay)] = append(bands[band(s.perDay)], float64(mean)/float64(target))
	}
	names := make([]string, 0, len(bands))
	for b := range bands {
		names = append(names, b)
	}
	slices.Sort(names)
	for _, b := range names {
		rs := bands[b]
		slices.Sort(rs)
		t.Logf("sources %s: %d, interval/target p10 %.2f median %.2f p90 %.2f", b[3:], len(rs), rs[len(rs)/10], rs[len(rs)/2], rs[len(rs)*9/10])
	}
	slices.Sort(ratios)
	q := func(f float64) float64 { return ratios[int(f*float64(len(ratios)-1))] }
	within := func(tol float64) float64 {
		n := 0
		for _, r := range ratios {
			if r >= 1-tol && r <= 1+tol {
				n++
			}
		}
		return float64(n) / float64(len(ratios))
	}
	peak := 0
	for _, n := range perMinute {
		peak = max(peak, n)
	}
	minutes := end.Sub(warm).Minutes()
	total := 0
	for _, n := range perMinute {
		total += n
	}
	avgPerHour := float64(total) / minutes * 60
	t.Logf("%d sources, 7 days: %d fetches; interval/target after day 1 for %d sources: p10 %.2f, median %.2f, p90 %.2f; within ±25%%: %.0f%%, ±50%%: %.0f%%",
		sources, fetches, len(ratios), q(0.1), q(0.5), q(0.9), 100*within(0.25), 100*within(0.5))
	t.Logf("requests per hour: average %.0f, at the peak minute %d (%.2f× the average); items missed (left a %d-item feed unseen): %d of %d",
		avgPerHour, peak*60, float64(peak*60)/avgPerHour, feedLen, missed, published)
	if m := q(0.5); m < 0.85 || m > 1.25 {
		t.Errorf("median interval/target %.2f: the schedule does not converge on the sources' rates", m)
	}
	if w := within(0.5); w < 0.9 {
		t.Errorf("only %.0f%% of sources within ±50%% of their rate", 100*w)
	}
	if r := float64(peak*60) / avgPerHour; r > 3 {
		t.Errorf("the peak minute runs at %.1f× the average rate: the ticks bunch", r)
	}
	if missed > published/1000 {
		t.Errorf("%d of %d items left the feed unseen", missed, published)
	}
}
