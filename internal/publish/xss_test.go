package publish_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/publish"
	"github.com/intlwire/aggregator/internal/publish/publishtest"
)

// xssMarkup are payloads meant to run script in a subscriber's reader or a
// visitor's browser. Each goes into every text field of an item (title,
// summary, content, author, outlet name, tag label).
var xssMarkup = []string{
	`<script>alert(1)</script>`,
	`<SCRIPT SRC=//evil.example/x.js></SCRIPT>`,
	`<img src=x onerror=alert(1)>`,
	`<img src="javascript:alert(1)">`,
	`<a href="javascript:alert(1)">x</a>`,
	`<a href="JaVaScRiPt:alert(1)">x</a>`,
	`<a href="&#106;avascript:alert(1)">x</a>`,
	`<a href="&#x6A;avascript&#x3A;alert(1)">x</a>`,
	"<a href=\"java\tscript:alert(1)\">x</a>",
	`<a href=" javascript:alert(1)">x</a>`,
	`<a href="javascript&colon;alert(1)">x</a>`,
	`<a href="vbscript:msgbox(1)">x</a>`,
	`<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>`,
	`<a href="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">x</a>`,
	`<svg onload=alert(1)>`,
	`<svg><script>alert(1)</script></svg>`,
	`<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>`,
	`<svg><animate onbegin=alert(1) attributeName=x dur=1s>`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
	`<iframe src="https://evil.example/"></iframe>`,
	`<iframe srcdoc="<script>alert(1)</script>"></iframe>`,
	`<object data="javascript:alert(1)"></object>`,
	`<embed src="javascript:alert(1)">`,
	`<form action="javascript:alert(1)"><input type=submit></form>`,
	`<button formaction="javascript:alert(1)">x</button>`,
	`<div style="background:url(javascript:alert(1))">x</div>`,
	`<div style="width: expression(alert(1))">x</div>`,
	`<img src="https://ok.example/a.png" style="x:expression(alert(1))">`,
	`<style>body{background:url("javascript:alert(1)")}</style>`,
	`<xss style="behavior: url(x.htc)">x</xss>`,
	`<link rel=stylesheet href="javascript:alert(1)">`,
	`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
	`<base href="javascript:alert(1)//">`,
	`<body onload=alert(1)>`,
	`<details open ontoggle=alert(1)>`,
	`<video><source onerror=alert(1)></video>`,
	`<audio src=x onerror=alert(1)>`,
	`<marquee onstart=alert(1)>x</marquee>`,
	`<input autofocus onfocus=alert(1)>`,
	`<select onfocus=alert(1) autofocus></select>`,
	`<textarea onfocus=alert(1) autofocus></textarea>`,
	`<keygen autofocus onfocus=alert(1)>`,
	`<isindex action=javascript:alert(1) type=image>`,
	`"><script>alert(1)</script>`,
	`'><img src=x onerror=alert(1)>`,
	`</title><script>alert(1)</script>`,
	`]]><script>alert(1)</script>`,
	`&lt;script&gt;alert(1)&lt;/script&gt;`,
	`&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;`,
	`<b>&lt;script&gt;alert(1)&lt;/script&gt;</b>`,
	`<scr<script>ipt>alert(1)</script>`,
	"<img src=\"x\x00\" onerror=alert(1)>",
	`<a href="https://ok.example/" onclick="alert(1)">x</a>`,
	`<a href="https://ok.example/" onmouseover=alert(1)>x</a>`,
	`<img src=x:alert(alt) onerror=eval(src) alt=0>`,
	`<!--<script>alert(1)</script>-->`,
	`<![CDATA[<script>alert(1)</script>]]>`,
	`<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>`,
	`<img srcset="javascript:alert(1) 1x">`,
	`<template><script>alert(1)</script></template>`,
	`<table background="javascript:alert(1)"><tr><td>x</td></tr></table>`,
	`<a href="https://ok.example/" target="_self" rel="opener">x</a>`,
	"\u003cscript\u003ealert(1)\u003c/script\u003e",
	`<div data-bind="html: '<script>alert(1)</script>'">x</div>`,
	`<a href="/relative/ok">relative</a><img src="javascript:alert(1)">`,
}

// xssURLs are hostile link values: for item links, enclosures and images.
var xssURLs = []string{
	"javascript:alert(1)",
	"JAVASCRIPT:alert(1)",
	" javascript:alert(1)",
	"java\nscript:alert(1)",
	"data:text/html,<script>alert(1)</script>",
	"vbscript:msgbox(1)",
	"https://user:pass@evil.example/",
	"http://ok.example/\"><script>alert(1)</script>",
	"//evil.example/x",
	"file:///etc/passwd",
}

// forbiddenTags never appear in published HTML.
var forbiddenTags = map[string]bool{
	"script": true, "style": true, "iframe": true, "frame": true, "frameset": true, "object": true, "embed": true,
	"applet": true, "form": true, "input": true, "button": true, "textarea": true, "select": true, "keygen": true,
	"isindex": true, "svg": true, "math": true, "base": true, "meta": true, "link": true, "template": true,
	"noscript": true, "xss": true, "marquee": true, "audio": true, "video": true, "source": true,
}

// pageTags are the only tags the HTML pages may contain.
var pageTags = map[string]bool{
	"html": true, "head": true, "meta": true, "title": true, "link": true, "body": true, "header": true, "main": true,
	"footer": true, "a": true, "h1": true, "h2": true, "h3": true, "p": true, "span": true, "section": true, "ol": true,
	"ul": true, "li": true, "time": true, "nav": true, "details": true, "summary": true, // "+N more" tags
}

// checkURLAttr fails unless v is a URL a browser cannot run script from.
func checkURLAttr(t *testing.T, where, v string, relativeOK bool) {
	t.Helper()
	v = strings.TrimSpace(v)
	if relativeOK && (strings.HasPrefix(v, "/") && !strings.HasPrefix(v, "//") || strings.HasPrefix(v, "#")) {
		return
	}
	u, err := url.Parse(v)
	if err != nil {
		t.Errorf("%s: unparseable URL %q", where, v)
		return
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https", "mailto":
		if u.User != nil {
			t.Errorf("%s: URL with credentials %q", where, v)
		}
	default:
		t.Errorf("%s: URL %q has scheme %q", where, v, u.Scheme)
	}
}

// checkInertHTML fails if fragment contains anything that can run script.
// In page mode only the page template's own tags are allowed.
func checkInertHTML(t *testing.T, where, fragment string, page bool) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(fragment))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				t.Errorf("%s: %v", where, z.Err())
			}
			return
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		name := strings.ToLower(tok.Data)
		if page && !pageTags[name] || !page && forbiddenTags[name] {
			t.Errorf("%s: tag <%s> in %q", where, name, truncate(fragment))
		}
		for _, a := range tok.Attr {
			k := strings.ToLower(a.Key)
			switch {
			case strings.HasPrefix(k, "on"), k == "style", k == "srcset", k == "formaction", k == "background", k == "srcdoc", a.Namespace != "":
				t.Errorf("%s: attribute %s=%q on <%s>", where, k, a.Val, name)
			case k == "href" || k == "src" || k == "action" || k == "cite" || k == "poster" || k == "data":
				checkURLAttr(t, where+" <"+name+" "+k+">", a.Val, page)
			case k == "http-equiv":
				t.Errorf("%s: http-equiv", where)
			}
		}
	}
}

// checkPlain fails if a plain-text field could be taken for markup.
func checkPlain(t *testing.T, where, s string) {
	t.Helper()
	if strings.ContainsAny(s, "<>") {
		t.Errorf("%s: plain text keeps angle brackets: %q", where, s)
	}
}

func truncate(s string) string {
	if len(s) > 160 {
		return s[:160] + "…"
	}
	return s
}

// hostileStories builds a story whose every field carries payload, and whose
// links are link.
func hostileStories(payload, link string) []model.Story {
	s := publishtest.SyriaStories()[2]
	lead := s.Lead
	lead.Title, lead.Summary, lead.ContentHTML, lead.Text, lead.Author = payload, payload, payload, payload, payload
	lead.SourceID = "wire-a"
	if link != "" {
		lead.URL, lead.CanonicalURL, lead.ImageURL = link, link, link
		lead.Enclosures = []model.Enclosure{{URL: link, Type: payload, Length: 1}}
	}
	s.Title = payload
	s.Lead = lead
	other := s.Articles[1]
	other.URL = link
	if link == "" {
		other.URL = "https://paper-b.example.com/ok"
	}
	s.Articles = []model.Article{lead, other, s.Articles[2]}
	s.Tags.Actors = append(s.Tags.Actors, "evil")
	s.Key = payload // keys come from the store, but must not break ids either
	return []model.Story{s}
}

func TestOutputSafetyAgainstHostileItems(t *testing.T) {
	if n := len(xssMarkup) + len(xssURLs); n < 50 {
		t.Fatalf("only %d cases", n)
	}
	type tcase struct{ payload, link string }
	var cases []tcase
	for _, p := range xssMarkup {
		cases = append(cases, tcase{p, ""})
	}
	for _, u := range xssURLs {
		cases = append(cases, tcase{`<a href="` + u + `">x</a>`, u})
	}
	for i, c := range cases {
		where := fmt.Sprintf("case %d %q", i, truncate(c.payload))
		o := testOptions()
		o.Sources = map[string]string{"wire-a": c.payload, "paper-b": c.payload}
		labels := publishtest.SampleLabels()
		labels["actor:evil"] = c.payload
		stories := hostileStories(c.payload, c.link)
		for _, format := range []string{"rss", "atom", "json"} {
			b, err := publish.Render(format, syriaTopic, stories, o, labels)
			if err != nil {
				t.Fatalf("%s %s: %v", where, format, err)
			}
			if format == "json" && !json.Valid(b) {
				t.Fatalf("%s: invalid JSON", where)
			}
			if format != "json" {
				wellFormedXML(t, b)
			}
			f, err := gofeed.NewParser().Parse(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("%s %s: gofeed: %v", where, format, err)
			}
			w := where + " " + format
			checkURLAttr(t, w+" feed link", f.Link, false)
			for _, it := range f.Items {
				checkPlain(t, w+" title", it.Title)
				checkInertHTML(t, w+" content", it.Content, false)
				checkInertHTML(t, w+" description", it.Description, false)
				checkURLAttr(t, w+" item link", it.Link, false)
				for _, a := range it.Authors {
					checkPlain(t, w+" author", a.Name)
				}
				for _, c := range it.Categories {
					checkPlain(t, w+" category", c)
				}
				for _, e := range it.Enclosures {
					checkURLAttr(t, w+" enclosure", e.URL, false)
				}
				if it.Image != nil {
					checkURLAttr(t, w+" image", it.Image.URL, false)
				}
			}
			// Belt and braces on the raw bytes: no live markup outside the
			// escaped or CDATA-wrapped content.
			raw := string(b)
			if format == "rss" {
				raw = stripCDATA(raw)
			}
			for _, bad := range []string{"<script", "<img", "<svg", "<iframe", "javascript:", " onerror="} {
				if strings.Contains(strings.ToLower(raw), bad) {
					t.Errorf("%s: raw output contains %q", w, bad)
				}
			}
		}
		// The HTML pages.
		r := publishtest.NewReader(map[string][]model.Story{"syria-diplomacy": stories})
		s := publish.NewServer(o, r, labels)
		for _, p := range []string{"/", "/feeds/syria-diplomacy"} {
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
			if rec.Code != 200 {
				t.Fatalf("%s: %s: %d", where, p, rec.Code)
			}
			checkInertHTML(t, where+" page "+p, rec.Body.String(), true)
		}
		_ = s.Close()
	}
}

// stripCDATA removes the CDATA sections (content:encoded), which hold
// sanitized HTML checked separately.
func stripCDATA(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "<![CDATA[")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		j := strings.Index(s[i:], "]]>")
		if j < 0 {
			return b.String()
		}
		s = s[i+j+3:]
	}
}
