package render

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/intlwire/aggregator/internal/urlkit"
	"github.com/microcosm-cc/bluemonday"
)

// sanitizer holds the allowlist policies. They are built once per Server and
// are safe for concurrent use once built.
type sanitizer struct {
	content *bluemonday.Policy // HTML that goes into feed content and summaries
	strict  *bluemonday.Policy // strips every tag (titles, plain text)
}

// sharedSanitizer is built once: bluemonday policies are immutable after
// construction and safe for concurrent use, and building one costs ~0.3 ms.
var sharedSanitizer = sync.OnceValue(newSanitizer)

// newSanitizer builds the policies. The content policy is bluemonday's UGC
// policy narrowed: only http, https and mailto URLs (no javascript:, data:,
// vbscript:), none with credentials, parseable URLs only, no style attributes, no forms, no iframes,
// no SVG or MathML; links get rel="nofollow noopener" and open outside the
// reader; images keep their src only when it is an absolute http(s) URL.
func newSanitizer() *sanitizer {
	p := bluemonday.UGCPolicy()
	p.AllowURLSchemes("mailto")
	noCredentials := func(u *url.URL) bool { return u.User == nil }
	p.AllowURLSchemeWithCustomPolicy("http", noCredentials)
	p.AllowURLSchemeWithCustomPolicy("https", noCredentials)
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(false)
	p.RequireNoFollowOnLinks(true)
	p.RequireNoReferrerOnFullyQualifiedLinks(false)
	p.AddTargetBlankToFullyQualifiedLinks(false)
	p.AllowAttrs("cite").OnElements("blockquote", "q")
	return &sanitizer{content: p, strict: bluemonday.StrictPolicy()}
}

// HTML returns fragment with relative links made absolute against base and
// everything outside the allowlist removed.
func (s *sanitizer) HTML(fragment, base string) string {
	fragment = CleanText(fragment)
	if strings.TrimSpace(fragment) == "" {
		return ""
	}
	return strings.TrimSpace(s.content.Sanitize(urlkit.ResolveHTML(fragment, base)))
}

// Text returns s as plain text: tags (and the content of script and style)
// removed, entities in the markup decoded exactly once, whitespace collapsed.
// Plain text without markup comes back unchanged apart from whitespace.
func (s *sanitizer) Text(in string) string {
	in = CleanText(in)
	// StrictPolicy escapes the text it keeps; unescaping once gives the
	// original characters back, so "AT&T" stays "AT&T", never "AT&amp;T".
	// Unescaping can reveal markup that was entity-encoded in the markup
	// ("&lt;script&gt;" inside a <b>), so strip again, a bounded number of
	// times, and neutralize whatever angle brackets still remain: a reader
	// that wrongly treats an RSS title as HTML must find no tag in it.
	//
	// Entity references left in plain text ("Tom &amp; Jerry") are a
	// source's double escaping: they are decoded too, because readers that
	// take RSS titles for HTML would show them decoded while others would
	// not (the W3C validator warns about exactly this).
	for i := 0; i < 3 && (strings.ContainsAny(in, "<>") || entityRE.MatchString(in)); i++ {
		in = html.UnescapeString(s.strict.Sanitize(in))
	}
	if strings.ContainsAny(in, "<>") {
		in = angleReplacer.Replace(in)
	}
	return CollapseSpace(in)
}

// entityRE matches an HTML character reference.
var entityRE = regexp.MustCompile(`&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);`)

// angleReplacer swaps angle brackets for look-alike quotation marks.
var angleReplacer = strings.NewReplacer("<", "‹", ">", "›")

// CollapseSpace turns runs of white space into one space and trims the ends.
func CollapseSpace(s string) string {
	clean := true
	prevSpace := true // a leading space is not clean
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			clean = false // non-ASCII spaces exist; take the careful path
			break
		}
		sp := c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
		if sp && (prevSpace || c != ' ') {
			clean = false
			break
		}
		prevSpace = sp
	}
	if clean && !prevSpace {
		return s
	}
	if clean && s == "" {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// CleanText drops what XML 1.0 cannot carry and what no reader should see:
// invalid UTF-8, NUL and other control characters (tab and newlines stay),
// surrogates and the non-characters U+FFFE/U+FFFF.
func CleanText(s string) string {
	ok := true
	for _, r := range s {
		if !xmlChar(r) {
			ok = false
			break
		}
	}
	if ok && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			i++
			continue
		}
		if xmlChar(r) {
			b.WriteRune(r)
		}
		i += n
	}
	return b.String()
}

// xmlChar reports whether r may appear in an XML 1.0 document and is not a
// C1 control character.
func xmlChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20:
		return false
	case r >= 0x7f && r <= 0x9f:
		return false
	case r >= 0xD800 && r <= 0xDFFF:
		return false
	case r == 0xFFFE || r == 0xFFFF:
		return false
	case r > unicode.MaxRune:
		return false
	}
	return true
}

// SafeURL returns raw when it is an absolute http or https URL without
// credentials, else "". Every link a feed or page emits passes through it, so
// javascript:, data: and the like never reach a subscriber.
func SafeURL(raw string) string {
	raw = strings.TrimSpace(CleanText(raw))
	if raw == "" || strings.ContainsAny(raw, " \t\r\n<>\"'`\\") {
		return ""
	}
	u, ok := urlkit.ParseHTTP(raw)
	if !ok || u.User != nil {
		return ""
	}
	return u.String()
}

// siteRoot returns scheme://host/ of a URL that safeURL accepted, or "".
func siteRoot(safe string) string {
	scheme, rest, ok := strings.Cut(safe, "://")
	if !ok || scheme != "http" && scheme != "https" {
		return ""
	}
	host, _, _ := strings.Cut(rest, "/")
	host, _, _ = strings.Cut(host, "?")
	host, _, _ = strings.Cut(host, "#")
	if host == "" {
		return ""
	}
	return scheme + "://" + host + "/"
}

// TruncateText shortens plain text to at most n runes at a word boundary,
// adding an ellipsis when it cut.
func TruncateText(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := 0
	for i := range s {
		if cut == n {
			s = s[:i]
			break
		}
		cut++
	}
	if i := strings.LastIndexByte(s, ' '); i > len(s)/2 {
		s = s[:i]
	}
	return strings.TrimRight(s, " ,.;:") + "…"
}

// slugRE is what a topic slug may look like anywhere it becomes a URL path or
// a file name.
var slugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,99}$`)

// ValidSlug reports whether s is safe as a URL path segment and a file name.
func ValidSlug(s string) bool { return slugRE.MatchString(s) }
