package urlkit

import (
	"net/netip"
	"net/url"
	"sort"
	"strings"

	"golang.org/x/net/idna"
)

// Canonical normalizes a link for duplicate detection. It resolves raw
// against base (the feed or site URL) when raw is relative, then lowercases
// the scheme and host, folds http into https, drops "www.", user info,
// default ports, fragments and tracking parameters (utm_*, fbclid, gclid,
// CMP, at_*, ns_*, ocid, …), sorts the remaining query parameters, and maps
// AMP, mobile and Google AMP cache variants to the page they render. Two
// links that show the same article should give the same string; links whose
// meaningful query differs (?id=1, ?id=2) stay different.
//
// The result is a comparison key that is still a valid URL, not necessarily
// the address the publisher prefers. It returns "" when raw is empty, cannot
// be parsed, or is not an http(s) link after resolution.
func Canonical(raw, base string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	if !u.IsAbs() || u.Host == "" {
		b, err := url.Parse(strings.TrimSpace(base))
		if err != nil || b.Host == "" {
			return ""
		}
		if b.Scheme == "" {
			b.Scheme = "https"
		}
		u = b.ResolveReference(u)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	if inner := unwrapAMPCache(u); inner != nil {
		u = inner
	}
	host := canonicalHost(u.Hostname())
	if host == "" {
		return ""
	}
	if strings.Contains(host, ":") { // IPv6 literal, or nothing usable
		if _, err := netip.ParseAddr(host); err != nil {
			return ""
		}
		host = "[" + host + "]"
	}
	if port := u.Port(); port != "" && port != "80" && port != "443" {
		host += ":" + port
	}
	q := u.Query()
	p := canonicalPath(host, u.Path, q)
	host = hostAliases(host)

	out := url.URL{Scheme: "https", Host: host, Path: p, RawQuery: canonicalQuery(q)}
	return out.String()
}

// canonicalHost lowercases a host name, converts international names to
// their ASCII (punycode) form, strips a trailing dot, and removes the "www.",
// AMP and mobile prefixes that serve the same pages as the main site.
func canonicalHost(h string) string {
	h = strings.TrimRight(strings.ToLower(h), ".")
	// An empty label ("", ".", "a..b") names no host (found by FuzzCanonical).
	if h == "" || strings.HasPrefix(h, ".") || strings.Contains(h, "..") {
		return ""
	}
	if a, err := idna.Lookup.ToASCII(h); err == nil {
		h = a
	}
	for {
		stripped := false
		for _, p := range []string{"www.", "amp.", "m.", "mobile.", "mobil."} {
			rest, ok := strings.CutPrefix(h, p)
			if ok && strings.Contains(rest, ".") {
				h, stripped = rest, true
			}
		}
		if !stripped {
			return h
		}
	}
}

// hostAliases maps the regional editions of a few large outlets, which serve
// the same article under another host name, to one host.
func hostAliases(h string) string {
	switch h {
	case "edition.cnn.com", "us.cnn.com", "cnn.it":
		return "cnn.com"
	case "bbc.com":
		return "bbc.co.uk"
	case "uk.reuters.com", "in.reuters.com", "ca.reuters.com", "af.reuters.com":
		return "reuters.com"
	case "theguardian.co.uk", "guardian.co.uk":
		return "theguardian.com"
	}
	return h
}

// canonicalPath cleans the path (dot segments, duplicate and trailing
// slashes, index pages) and removes AMP markers: an "amp" path segment, a
// ".amp" or ".amp.html" suffix, and amp.cnn.com's "/cnn" prefix. It deletes
// the AMP query switches from q.
func canonicalPath(host, p string, q url.Values) string {
	for _, k := range []string{"amp", "outputType", "outputtype", "output"} {
		if v, ok := q[k]; ok && (k == "amp" || (len(v) > 0 && strings.EqualFold(v[0], "amp"))) {
			delete(q, k)
		}
	}
	segs := strings.Split(p, "/")
	out := make([]string, 0, len(segs))
	for i, s := range segs {
		switch {
		case s == "" || s == ".":
			continue
		case s == "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			continue
		case strings.EqualFold(s, "amp"):
			continue
		case i == 1 && s == "cnn" && host == "cnn.com" && len(segs) > 3:
			// amp.cnn.com/cnn/2021/10/16/... renders cnn.com/2021/10/16/...
			if len(segs) > 2 && len(segs[2]) == 4 && isDigits(segs[2]) {
				continue
			}
		}
		if i == len(segs)-1 {
			s = strings.TrimSuffix(s, ".amp")
			if base, ok := strings.CutSuffix(s, ".amp.html"); ok {
				s = base + ".html"
			}
			if base, ok := strings.CutSuffix(s, ".amp.htm"); ok {
				s = base + ".htm"
			}
			switch strings.ToLower(s) {
			case "index.html", "index.htm", "index.php", "default.aspx":
				continue
			}
		}
		out = append(out, s)
	}
	return "/" + strings.Join(out, "/")
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// unwrapAMPCache returns the publisher URL inside a Google AMP cache or
// Google AMP viewer URL, or nil when u is neither:
//
//	https://www-bbc-co-uk.cdn.ampproject.org/c/s/www.bbc.co.uk/news/amp/x
//	https://www.google.com/amp/s/www.bbc.co.uk/news/amp/x
func unwrapAMPCache(u *url.URL) *url.URL {
	host := strings.ToLower(u.Hostname())
	var rest string
	switch {
	case strings.HasSuffix(host, ".cdn.ampproject.org"):
		p := u.Path
		for _, pre := range []string{"/c/", "/v/", "/wp/", "/i/"} {
			if r, ok := strings.CutPrefix(p, pre); ok {
				rest = r
				break
			}
		}
	case strings.HasPrefix(host, "google.") || strings.HasPrefix(host, "www.google."):
		rest, _ = strings.CutPrefix(u.Path, "/amp/")
	}
	if rest == "" {
		return nil
	}
	scheme := "http"
	if r, ok := strings.CutPrefix(rest, "s/"); ok {
		scheme, rest = "https", r
	}
	inner, err := url.Parse(scheme + "://" + rest)
	if err != nil || inner.Host == "" || !strings.Contains(inner.Host, ".") {
		return nil
	}
	inner.RawQuery = u.RawQuery
	return inner
}

// trackingParams are query parameters that identify the campaign, app or
// share button that produced a click, never the page itself. Names are
// compared in lower case; prefixes end in "_" or ".".
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "gclsrc": true, "dclid": true, "msclkid": true,
	"yclid": true, "igshid": true, "mc_cid": true, "mc_eid": true,
	"traffic_source": true, "cmp": true, "cmpid": true, "ocid": true, "ito": true,
	"smid": true, "smtyp": true, "partner": true, "emc": true, "ref": true,
	"ref_src": true, "ref_url": true, "_ga": true, "_gl": true, "s_cid": true,
	"sr_share": true, "taid": true, "rss": true, "xtor": true, "intcmp": true,
	"__twitter_impression": true, "dicbo": true, "mbid": true, "guccounter": true,
	"guce_referrer": true, "guce_referrer_sig": true, "soc_src": true, "soc_trk": true,
	"cid_source": true, "feedtype": true, "feedname": true, "via": true,
	"maca": true, "amp_js_v": true, "amp_gsa": true, "usqp": true, "amp_r": true,
}

var trackingPrefixes = []string{"utm_", "at_", "ns_", "pk_", "mtm_", "wt.", "hsa_", "_hs", "vero_", "oly_"}

// isTracking reports whether a query parameter name is a tracking parameter.
func isTracking(name string) bool {
	n := strings.ToLower(name)
	if trackingParams[n] {
		return true
	}
	for _, p := range trackingPrefixes {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	return false
}

// canonicalQuery drops tracking parameters and encodes the rest sorted by
// name, then value, so that parameter order does not matter.
func canonicalQuery(q url.Values) string {
	type kv struct{ k, v string }
	var kvs []kv
	for k, vs := range q {
		if k == "" || isTracking(k) {
			continue
		}
		for _, v := range vs {
			kvs = append(kvs, kv{k, v})
		}
	}
	sort.Slice(kvs, func(i, j int) bool {
		if kvs[i].k != kvs[j].k {
			return kvs[i].k < kvs[j].k
		}
		return kvs[i].v < kvs[j].v
	})
	var b strings.Builder
	for i, p := range kvs {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(p.k))
		if p.v != "" {
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(p.v))
		}
	}
	return b.String()
}
