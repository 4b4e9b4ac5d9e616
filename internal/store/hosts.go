package store

import (
	"net"
	"net/url"
	"strings"
)

// sourceHost is the host a claim counts a source's leases under: the
// lower-case host and port of its configured URL, the scheme's default port
// made explicit — the same key as the fetcher's own per-host limit
// (fetch.hostKey), so that one host is one count in both. An unparsable URL
// has no host, and no limit beyond the fetcher's own.
func sourceHost(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	port := u.Port()
	if port == "" {
		port = "80"
		if u.Scheme == "https" {
			port = "443"
		}
	}
	return net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}
