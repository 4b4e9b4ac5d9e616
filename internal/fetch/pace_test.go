package fetch

import (
	"testing"
	"time"
)

func TestNextSlotSpreadsEverySchedules(t *testing.T) {
	t0 := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	// Eight sources on "@every 1m" with their own offsets fire at eight
	// different seconds, every minute, the same ones after a restart.
	seen := map[int]bool{}
	for _, id := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		off := Jitter(id, time.Minute)
		first := NextSlot(t0.Add(17*time.Second), time.Minute, off)
		second := NextSlot(first, time.Minute, off)
		if second.Sub(first) != time.Minute || !first.After(t0.Add(17*time.Second)) {
			t.Fatalf("%s: slots %v then %v", id, first, second)
		}
		seen[first.Second()] = true
	}
	if len(seen) < 6 {
		t.Errorf("8 sources fire in only %d different seconds", len(seen))
	}
	if got := NextSlot(t0.Add(30*time.Second), time.Minute, 30*time.Second); !got.Equal(t0.Add(90 * time.Second)) {
		t.Errorf("a slot at exactly t is not after t: %v", got)
	}
}

func TestPerDayFromOwnDates(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		n      int
		oldest time.Duration
		want   float64
	}{
		{300, 24 * time.Hour, 300},    // a fresh busy source
		{20, 3 * time.Hour, 160},      // 20 items of the last 3 hours
		{14, 7 * 24 * time.Hour, 2},   // a quiet one
		{5, time.Minute, 120},         // a burst reads no faster than 5 an hour
		{70, 30 * 24 * time.Hour, 10}, // the window caps the span
		{0, 0, 0},
	} {
		if got := PerDay(c.n, now.Add(-c.oldest), now); got < c.want*0.99 || got > c.want*1.01 {
			t.Errorf("PerDay(%d over %v) = %.1f, want %.1f", c.n, c.oldest, got, c.want)
		}
	}
}

// TestNextDueHonoursHintsAlways: issue 17 found <ttl> ignored unless
// adaptive polling was on. Every hint is a lower bound either way, capped
// at Max.
func TestNextDueHonoursHintsAlways(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	sched := now.Add(15 * time.Minute)
	for _, c := range []struct {
		name     string
		adaptive bool
		perDay   float64
		h        Hints
		want     time.Duration
	}{
		{"schedule", false, 0, Hints{}, 15 * time.Minute},
		{"ttl", false, 0, Hints{TTL: 2 * time.Hour}, 2 * time.Hour},
		{"sy:updatePeriod", false, 0, Hints{UpdatePeriod: time.Hour}, time.Hour},
		{"max-age", false, 0, Hints{MaxAge: 40 * time.Minute}, 40 * time.Minute},
		{"retry-after", false, 0, Hints{RetryAfter: 3 * time.Hour}, 3 * time.Hour},
		{"hostile ttl capped", false, 0, Hints{TTL: 10 * 365 * 24 * time.Hour}, 24 * time.Hour},
		{"short hint below the schedule", false, 0, Hints{TTL: time.Minute}, 15 * time.Minute},
		{"adaptive busy", true, 300, Hints{}, 5 * time.Minute},
		{"adaptive 48 a day", true, 48, Hints{}, 30 * time.Minute},
		{"adaptive quiet", true, 0.1, Hints{}, 24 * time.Hour},
		{"adaptive with ttl", true, 300, Hints{TTL: time.Hour}, time.Hour},
		{"adaptive with retry-after", true, 300, Hints{RetryAfter: 2 * time.Hour}, 2 * time.Hour},
	} {
		got := NextDue(now, Plan{Scheduled: sched, Adaptive: c.adaptive, PerDay: c.perDay, Hints: c.h,
			Min: 5 * time.Minute, Max: 24 * time.Hour}).Sub(now)
		if got != c.want-dueSlack {
			t.Errorf("%s: next due in %v, want %v", c.name, got, c.want-dueSlack)
		}
	}
}
