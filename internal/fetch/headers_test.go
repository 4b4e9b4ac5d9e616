package fetch

import (
	"net/http"
	"testing"
	"time"
)

func hdr(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return h
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	date := func(d time.Duration) string { return now.Add(d).Format(http.TimeFormat) }
	cases := []struct {
		h    http.Header
		want time.Duration
	}{
		{hdr(), 0},
		{hdr("Retry-After", "120"), 2 * time.Minute},
		{hdr("Retry-After", " 5 "), 5 * time.Second},
		{hdr("Retry-After", "0"), 0},
		{hdr("Retry-After", "-30"), 0},
		{hdr("Retry-After", "soon"), 0},
		{hdr("Retry-After", "99999999999"), maxRetryAfter},
		{hdr("Retry-After", date(time.Hour)), time.Hour},
		{hdr("Retry-After", date(-time.Hour)), 0},
		{hdr("Retry-After", now.Add(10*time.Minute).Format(time.RFC850)), 10 * time.Minute},
		// Relative to the server's clock when it sends Date.
		{hdr("Retry-After", date(time.Hour), "Date", date(30*time.Minute)), 30 * time.Minute},
	}
	for _, tc := range cases {
		if got := parseRetryAfter(tc.h, now); got != tc.want {
			t.Errorf("Retry-After %v: got %s, want %s", tc.h, got, tc.want)
		}
	}
}

func TestParseMaxAge(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	date := func(d time.Duration) string { return now.Add(d).Format(http.TimeFormat) }
	cases := []struct {
		h    http.Header
		want time.Duration
	}{
		{hdr(), 0},
		{hdr("Cache-Control", "max-age=600"), 10 * time.Minute},
		{hdr("Cache-Control", "public, max-age=\"900\", must-revalidate"), 15 * time.Minute},
		{hdr("Cache-Control", "max-age=600", "Age", "100"), 500 * time.Second},
		{hdr("Cache-Control", "max-age=600", "Age", "1000"), 0},
		{hdr("Cache-Control", "no-cache, max-age=600"), 0},
		{hdr("Cache-Control", "private", "Cache-Control", "max-age=60"), time.Minute},
		{hdr("Cache-Control", "max-age=300", "Expires", date(time.Hour)), 5 * time.Minute},
		{hdr("Expires", date(time.Hour)), time.Hour},
		{hdr("Expires", date(2*time.Hour), "Date", date(time.Hour)), time.Hour},
		{hdr("Expires", date(-time.Hour)), 0},
		{hdr("Expires", "0"), 0},
		{hdr("Cache-Control", "public", "Expires", date(time.Hour)), time.Hour},
	}
	for _, tc := range cases {
		if got := parseMaxAge(tc.h, now); got != tc.want {
			t.Errorf("%v: got %s, want %s", tc.h, got, tc.want)
		}
	}
}
