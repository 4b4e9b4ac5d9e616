package fetch

import (
	"fmt"
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	lo := func() float64 { return 0 }
	hi := func() float64 { return 0.999999 }
	day := 24 * time.Hour
	if got := Backoff(0, 0, day, lo); got != 0 {
		t.Errorf("no errors: %s", got)
	}
	if got := Backoff(0, time.Hour, day, lo); got != time.Hour {
		t.Errorf("no errors but Retry-After 1h: %s", got)
	}
	// Doubles with each failure; jitter spans the upper half.
	prevHi := time.Duration(0)
	for n := 1; n <= 8; n++ {
		full := BackoffBase << (n - 1)
		a, b := Backoff(n, 0, day, lo), Backoff(n, 0, day, hi)
		if a != full/2 || b < full-time.Second || b > full {
			t.Errorf("n=%d: range [%s, %s], want [%s, %s]", n, a, b, full/2, full)
		}
		if b <= prevHi {
			t.Errorf("n=%d: not growing (%s <= %s)", n, b, prevHi)
		}
		prevHi = b
	}
	// Capped, also for absurd counts, and never zero.
	for _, n := range []int{20, 63, 64, 1000, 1 << 30} {
		got := Backoff(n, 0, day, hi)
		if got > day || got < day/2 {
			t.Errorf("n=%d: %s outside [12h, 24h]", n, got)
		}
	}
	if got := Backoff(3, 0, 0, nil); got <= 0 || got > DefaultMaxBackoff {
		t.Errorf("default cap / nil rnd: %s", got)
	}
	// Retry-After is a lower bound, itself capped.
	if got := Backoff(1, 3*time.Hour, day, lo); got != 3*time.Hour {
		t.Errorf("Retry-After 3h after one failure: %s", got)
	}
	if got := Backoff(1, 30*day, day, lo); got != day {
		t.Errorf("Retry-After 30 days: %s, want the 24h cap", got)
	}
	// Bad rnd values fall back to the midpoint.
	if a, b := Backoff(2, 0, day, func() float64 { return 7 }), Backoff(2, 0, day, nil); a != b {
		t.Errorf("rnd out of range: %s vs %s", a, b)
	}
}

func TestJitter(t *testing.T) {
	period := 15 * time.Minute
	if a, b := Jitter("bbc-world", period), Jitter("bbc-world", period); a != b {
		t.Fatal("not deterministic")
	}
	if Jitter("x", 0) != 0 || Jitter("x", -time.Second) != 0 {
		t.Fatal("non-positive period must give 0")
	}
	// 10,000 sources spread over the period: no second holds more than a few.
	perSecond := map[time.Duration]int{}
	worst := 0
	for i := range 10000 {
		j := Jitter(fmt.Sprintf("source-%d", i), period)
		if j < 0 || j >= period {
			t.Fatalf("jitter %s outside [0, %s)", j, period)
		}
		s := j.Truncate(time.Second)
		perSecond[s]++
		worst = max(worst, perSecond[s])
	}
	// 10,000 over 900 s is ~11 a second; a uniform spread stays well under 40.
	if worst > 40 || len(perSecond) < 850 {
		t.Fatalf("poor spread: %d distinct seconds, worst second %d", len(perSecond), worst)
	}
}

func TestAdaptiveInterval(t *testing.T) {
	m, h := time.Minute, time.Hour
	cases := []struct {
		name         string
		perDay       float64
		ttl, maxAge  time.Duration
		lo, hi, want time.Duration
	}{
		{"busy feed", 96, 0, 0, 5 * m, 24 * h, 15 * m},
		{"very busy feed bounded by min", 2000, 0, 0, 5 * m, 24 * h, 5 * m},
		{"quiet feed", 2, 0, 0, 5 * m, 24 * h, 12 * h},
		{"silent feed bounded by max", 0, 0, 0, 5 * m, 24 * h, 24 * h},
		{"nearly silent", 0.01, 0, 0, 5 * m, 6 * h, 6 * h},
		{"rss ttl slows a busy feed", 96, h, 0, 5 * m, 24 * h, h},
		{"max-age slows a busy feed", 96, 0, 30 * m, 5 * m, 24 * h, 30 * m},
		{"ttl beyond max is capped", 96, 48 * h, 0, 5 * m, 24 * h, 24 * h},
		{"short ttl does not speed up", 2, 10 * m, 0, 5 * m, 24 * h, 12 * h},
		{"zero bounds take defaults", 1e6, 0, 0, 0, 0, DefaultMinInterval},
		{"swapped bounds", 96, 0, 0, 24 * h, 5 * m, 15 * m},
	}
	for _, tc := range cases {
		if got := AdaptiveInterval(tc.perDay, tc.ttl, tc.maxAge, tc.lo, tc.hi); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}
}
