package render

import (
	"html"
	"strings"
)

// Content settings of a topic (Topic.Content).
const (
	// ContentSummary publishes each item's summary and a link to the
	// outlet: the default, since the articles are other publishers' copy.
	ContentSummary = "summary"
	// ContentFull publishes each article's whole text as its feed gave it,
	// for sources whose terms allow it.
	ContentFull = "full"
)

// rtlLanguages are the languages written right to left, by ISO 639 code.
var rtlLanguages = map[string]bool{
	"ar": true, "arc": true, "ckb": true, "dv": true, "fa": true, "he": true, "iw": true, "ks": true,
	"ps": true, "sd": true, "ug": true, "ur": true, "yi": true,
}

// TextDir is the HTML dir of text in language lang: "rtl" for languages
// written right to left, else "auto", which lets the browser follow the
// text itself (a feed's language is not always its items').
func TextDir(lang string) string {
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	if rtlLanguages[base] {
		return "rtl"
	}
	return "auto"
}

// itemBody is the HTML body a feed item carries: for a merged story, the
// earlier story it is part of; the article's own HTML
// (full) or its summary (summary, the default), the outlets that also
// carried the story, and for text written right to left, a wrapper that
// says so to readers that would otherwise lay it out left to right.
func itemBody(t Topic, e *Entry) string {
	var sb strings.Builder
	if p := e.PartOf; p != nil {
		sb.WriteString("<p>Part of: ")
		if p.URL != "" {
			sb.WriteString(`<a href="` + html.EscapeString(p.URL) + `" rel="nofollow">` + html.EscapeString(p.Name) + `</a>`)
		} else {
			sb.WriteString(html.EscapeString(p.Name))
		}
		sb.WriteString("</p>\n")
	}
	if t.Content == ContentFull {
		sb.WriteString(e.ContentHTML)
	} else if e.Summary != "" {
		sb.WriteString("<p>" + html.EscapeString(e.Summary) + "</p>")
		if e.Link != "" && e.Source.Name != "" {
			sb.WriteString("\n<p><a href=\"" + html.EscapeString(e.Link) + "\" rel=\"nofollow\">Read the full article at " + html.EscapeString(e.Source.Name) + "</a></p>")
		}
	} else {
		sb.WriteString(e.ContentHTML)
	}
	if len(e.Also) > 0 {
		sb.WriteString("\n<p>Also reported by: ")
		for i, a := range e.Also {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString(`<a href="` + html.EscapeString(a.URL) + `" rel="nofollow">` + html.EscapeString(a.Name) + `</a>`)
		}
		sb.WriteString("</p>")
	}
	if sb.Len() == 0 {
		return ""
	}
	if TextDir(e.Language) == "rtl" {
		return `<div lang="` + html.EscapeString(e.Language) + `" dir="rtl">` + sb.String() + `</div>`
	}
	return sb.String()
}
