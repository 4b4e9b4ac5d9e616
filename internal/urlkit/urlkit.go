// Package urlkit is the one home of the URL rules the aggregator applies in
// several places: which links count as web links (absolute http or https with
// a host), how a relative link is resolved against its feed, when two source
// URLs name the same feed, and the canonical form of an article link used to
// find duplicates. It imports nothing of the module, so every stage can use
// it without reaching into another stage.
package urlkit

import (
	"net"
	"net/url"
	"strings"
)

// ParseHTTP parses raw and reports whether it is an absolute http or https
// URL with a host: the only links a feed, a config or a page may point to
// (javascript:, data:, mailto:, relative and host-less links are refused).
func ParseHTTP(raw string) (*url.URL, bool) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, false
	}
	return u, true
}

// Absolute resolves raw against base (when raw is relative and base is
// given) and returns it when the result is an http(s) link with a host, else
// "". Feeds give relative links for items and images; any other scheme is
// dropped here so it can never reach a subscriber.
func Absolute(raw, base string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	if !u.IsAbs() && base != "" {
		b, err := url.Parse(base)
		if err != nil {
			return ""
		}
		u = b.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return ""
	}
	return u.String()
}

// HostKey is the unit of politeness toward a server: the lower-case host
// and port, the scheme's default port made explicit. The fetcher's own
// per-host limit and the fleet's claims (which count leases per host) both
// key on it, so that one server is one count in both.
func HostKey(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "80"
		if u.Scheme == "https" {
			port = "443"
		}
	}
	return net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// FeedKey is the form in which two source URLs name the same feed: the
// scheme, the letter case of the host, a default port, a trailing slash and
// the fragment do not count. The config refuses two sources with one key,
// and an OPML import skips a feed whose key is already configured.
func FeedKey(u *url.URL) string {
	host := strings.ToLower(u.Hostname())
	if p := u.Port(); p != "" && p != "80" && p != "443" {
		host += ":" + p
	}
	key := host + strings.TrimSuffix(u.EscapedPath(), "/")
	if u.RawQuery != "" {
		key += "?" + u.RawQuery
	}
	return key
}
