package fetch

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxRetryAfter caps a Retry-After so that a typo or hostile server cannot park
// a source for years; Backoff applies the operator's own cap on top.
const maxRetryAfter = 7 * 24 * time.Hour

// parseRetryAfter reads a Retry-After header: delta-seconds or an HTTP-date
// (RFC 9110 §10.2.3). A date in the past, a negative or unparsable value gives
// 0. now is the reference for dates (the response's Date header when present,
// so a skewed local clock does not matter).
func parseRetryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		if secs > int64(maxRetryAfter/time.Second) {
			return maxRetryAfter
		}
		d = time.Duration(secs) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(serverNow(h, now))
	}
	if d < 0 {
		return 0
	}
	return min(d, maxRetryAfter)
}

// parseMaxAge returns how long the response may be considered fresh, from
// Cache-Control max-age (minus Age) or else Expires minus Date. no-store and
// no-cache give 0: the publisher asks for revalidation, which a conditional GET
// already is. The pipeline uses it only as a lower bound on the poll interval.
func parseMaxAge(h http.Header, now time.Time) time.Duration {
	if cc := h.Values("Cache-Control"); len(cc) > 0 {
		maxAge := -1
		for _, line := range cc {
			for _, dir := range strings.Split(line, ",") {
				name, val, _ := strings.Cut(strings.TrimSpace(dir), "=")
				switch strings.ToLower(strings.TrimSpace(name)) {
				case "no-store", "no-cache":
					return 0
				case "max-age":
					n, err := strconv.Atoi(strings.Trim(strings.TrimSpace(val), `"`))
					if err == nil && n >= 0 {
						maxAge = n
					}
				}
			}
		}
		if maxAge >= 0 {
			d := time.Duration(maxAge) * time.Second
			if age, err := strconv.Atoi(strings.TrimSpace(h.Get("Age"))); err == nil && age > 0 {
				d -= time.Duration(age) * time.Second
			}
			return max(d, 0)
		}
	}
	if ex := h.Get("Expires"); ex != "" {
		t, err := http.ParseTime(ex)
		if err != nil {
			return 0 // "Expires: 0" and other junk mean already expired
		}
		return max(t.Sub(serverNow(h, now)), 0)
	}
	return 0
}

// serverNow is the server's idea of the current time (its Date header) when it
// sent one, else now. Relative times computed against it survive clock skew.
func serverNow(h http.Header, now time.Time) time.Time {
	if t, err := http.ParseTime(h.Get("Date")); err == nil {
		return t
	}
	return now
}
