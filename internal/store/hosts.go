package store

import (
	"net/url"

	"github.com/intlwire/aggregator/internal/urlkit"
)

// sourceHost is the host a claim counts a source's leases under: the
// lower-case host and port of its configured URL, the scheme's default port
// made explicit — the same key as the fetcher's own per-host limit
// (urlkit.HostKey), so that one host is one count in both. An unparsable URL
// has no host, and no limit beyond the fetcher's own.
func sourceHost(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	return urlkit.HostKey(u)
}
