package fetch

import (
	"time"
)

// Hints are what a source says about when to come back: each is a lower
// bound on the next fetch, honoured whether or not polling is adaptive.
type Hints struct {
	TTL          time.Duration // RSS <ttl>
	UpdatePeriod time.Duration // <sy:updatePeriod> divided by <sy:updateFrequency>
	MaxAge       time.Duration // Cache-Control max-age or Expires
	RetryAfter   time.Duration // Retry-After
}

// Floor is the longest of the hints, capped at ceiling so that a typo or a
// hostile server ("ttl: 10 years") cannot park a source: it is still polled
// at least every ceiling (0: DefaultMaxInterval).
func (h Hints) Floor(ceiling time.Duration) time.Duration {
	if ceiling <= 0 {
		ceiling = DefaultMaxInterval
	}
	return min(max(h.TTL, h.UpdatePeriod, h.MaxAge, h.RetryAfter, 0), ceiling)
}

// PaceWindow is how far back a source's publication rate is measured.
const PaceWindow = 7 * 24 * time.Hour

// minPaceSpan keeps a burst of items published in the same minute from
// reading as thousands a day.
const minPaceSpan = time.Hour

// PerDay estimates how many items a day a source publishes from the n items
// it published (by their own dates) between oldest and now, within
// PaceWindow: n over the time they span. A fresh source whose feed lists 300
// items of the last 24 hours reads as 300 a day at once; one whose 20 items
// go back 10 days reads as 2 a day. Fetch times play no part, so a slow or
// irregular poller measures the same rate.
func PerDay(n int, oldest, now time.Time) float64 {
	if n <= 0 || oldest.IsZero() {
		return 0
	}
	span := now.Sub(oldest)
	span = min(max(span, minPaceSpan), PaceWindow)
	return float64(n) / span.Hours() * 24
}

// Plan is what decides a source's next fetch.
type Plan struct {
	// Scheduled is the next time the source's own schedule names (used
	// when polling is not adaptive).
	Scheduled time.Time
	// Adaptive turns on polling at the source's observed pace.
	Adaptive bool
	// PerDay is the observed pace (see PerDay).
	PerDay float64
	Hints  Hints
	// Min and Max bound the adaptive interval and cap the hints (zero: the
	// defaults).
	Min, Max time.Duration
}

// dueSlack makes a source due a moment before its slot, so the scheduler's
// tick at exactly that slot (the fetch itself took a moment past the
// previous one) still finds it due.
const dueSlack = time.Second

// NextDue returns when a source fetched at now is next due: the schedule's
// time, or with adaptive polling about one expected new item from now
// (AdaptiveInterval), never sooner than the source's hints ask.
func NextDue(now time.Time, p Plan) time.Time {
	hi := p.Max
	if hi <= 0 {
		hi = DefaultMaxInterval
	}
	floor := p.Hints.Floor(hi)
	next := p.Scheduled
	if p.Adaptive || next.IsZero() {
		next = now.Add(AdaptiveInterval(p.PerDay, floor, 0, p.Min, hi))
	} else if t := now.Add(floor); t.After(next) {
		next = t
	}
	return next.Add(-dueSlack)
}

// NextSlot returns the first time after t that is offset past a multiple of
// period (counted from the zero time, so the slots do not move across
// restarts). Sources on one "@every" schedule with different offsets fire
// spread over the period instead of all in the same second.
func NextSlot(t time.Time, period, offset time.Duration) time.Time {
	if period <= 0 {
		return t
	}
	offset %= period
	next := t.Truncate(period).Add(offset)
	for !next.After(t) {
		next = next.Add(period)
	}
	return next
}
