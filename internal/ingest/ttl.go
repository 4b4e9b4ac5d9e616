package ingest

import (
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
