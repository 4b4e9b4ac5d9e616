package fetch

import (
	"hash/fnv"
	"math"
	"time"
)

// Scheduling defaults used when a bound passed to the helpers below is zero.
const (
	// BackoffBase is the delay after the first failure; it doubles with each
	// further consecutive failure.
	BackoffBase = 5 * time.Minute
	// DefaultMaxBackoff caps the backoff: a failing source is still tried at
	// least once a day, never silently given up.
	DefaultMaxBackoff = 24 * time.Hour
	// DefaultMinInterval and DefaultMaxInterval bound AdaptiveInterval.
	DefaultMinInterval = 5 * time.Minute
	DefaultMaxInterval = 24 * time.Hour
)

// Backoff returns how long to wait before retrying a source after errorCount
// consecutive failures: BackoffBase·2^(errorCount-1), with "equal jitter"
// (a random point in the upper half, so retries of sources that failed
// together spread out, yet never collapse to zero), capped at ceiling (0 means
// DefaultMaxBackoff). A server's Retry-After is honoured as a lower bound, up
// to the same cap. rnd returns a number in [0,1); nil uses 0.5.
// errorCount <= 0 gives retryAfter (capped): no failure, no backoff.
func Backoff(errorCount int, retryAfter, ceiling time.Duration, rnd func() float64) time.Duration {
	if ceiling <= 0 {
		ceiling = DefaultMaxBackoff
	}
	retryAfter = min(retryAfter, ceiling)
	if errorCount <= 0 {
		return retryAfter
	}
	d := BackoffBase
	for i := 1; i < errorCount && d < ceiling; i++ {
		d *= 2
	}
	if d > ceiling {
		d = ceiling
	}
	f := 0.5
	if rnd != nil {
		f = rnd()
		if f < 0 || f >= 1 || math.IsNaN(f) {
			f = 0.5
		}
	}
	d = d/2 + time.Duration(f*float64(d/2))
	if d < retryAfter {
		d = retryAfter
	}
	return d
}

// Jitter returns a stable offset in [0, period) for the source id, so that
// sources sharing a schedule fire spread over the period instead of all in
// the same second, and each source keeps the same slot across restarts.
func Jitter(id string, period time.Duration) time.Duration {
	if period <= 0 {
		return 0
	}
	h := fnv.New64a()
	h.Write([]byte(id))
	return time.Duration(h.Sum64() % uint64(period))
}

// AdaptiveInterval returns the poll interval for a feed that publishes
// itemsPerDay items: about one expected new item per poll (a feed with 96
// items a day is polled every 15 minutes, one with 2 a day every 12 hours).
// The feed's own hints are lower bounds: RSS <ttl> and the response's
// Cache-Control max-age / Expires (maxAge) ask us not to come back sooner.
// The result is clamped to [lo, hi] (zero bounds take the defaults) so a
// burst never hammers the server and a quiet or over-cautious feed is still
// polled at least every hi.
func AdaptiveInterval(itemsPerDay float64, ttl, maxAge, lo, hi time.Duration) time.Duration {
	if lo <= 0 {
		lo = DefaultMinInterval
	}
	if hi <= 0 {
		hi = DefaultMaxInterval
	}
	if lo > hi {
		lo, hi = hi, lo
	}
	d := hi
	if itemsPerDay > 0 && !math.IsInf(itemsPerDay, 0) && !math.IsNaN(itemsPerDay) {
		if per := float64(24*time.Hour) / itemsPerDay; per < float64(hi) {
			d = time.Duration(per)
		}
	}
	if ttl > d {
		d = ttl
	}
	if maxAge > d {
		d = maxAge
	}
	if d < lo {
		d = lo
	}
	if d > hi {
		d = hi
	}
	return d
}
