package ingest

import (
	"github.com/mmcdole/gofeed"

	"regexp"
	"strconv"
	"strings"
	"time"
)

var ttlRe = regexp.MustCompile(`<ttl>\s*(\d{1,6})\s*</ttl>`)

// rssTTL reads the channel's <ttl> (minutes), which gofeed does not expose.
func rssTTL(body []byte) time.Duration {
	head := body[:min(len(body), 16<<10)]
	if m := ttlRe.FindSubmatch(head); m != nil {
		return ttl(string(m[1]))
	}
	return 0
}

func ttl(s string) time.Duration {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n <= 0 {
		return 0
	}
	return time.Duration(n) * time.Minute
}

// syPeriods are the periods <sy:updatePeriod> may name (RSS 1.0
// Syndication module).
var syPeriods = map[string]time.Duration{
	"hourly": time.Hour, "daily": 24 * time.Hour, "weekly": 7 * 24 * time.Hour,
	"monthly": 30 * 24 * time.Hour, "yearly": 365 * 24 * time.Hour,
}

// syUpdateInterval reads the Syndication module's hint: the feed updates
// updateFrequency times per updatePeriod (default: once, daily), so it is
// worth fetching about every period/frequency. 0 when the feed says nothing.
func syUpdateInterval(f *gofeed.Feed) time.Duration {
	sy := f.Extensions["sy"]
	if sy == nil {
		return 0
	}
	text := func(name string) string {
		if es := sy[name]; len(es) > 0 {
			return strings.ToLower(strings.TrimSpace(es[0].Value))
		}
		return ""
	}
	period, freq := text("updatePeriod"), text("updateFrequency")
	if period == "" && freq == "" {
		return 0
	}
	d, ok := syPeriods[period]
	if !ok {
		d = syPeriods["daily"]
	}
	if n, err := strconv.Atoi(freq); err == nil && n > 0 {
		d /= time.Duration(n)
	}
	return d
}
