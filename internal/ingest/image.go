package ingest

import (
	"strings"

	xhtml "golang.org/x/net/html"
)

// gofeed's RSS translator looks for an item's image, when the feed names
// none, by parsing the item's content and then its description into a whole
// HTML tree: every item of every fetched feed, at any size (a 10 MB item cost
// ~125 MB). The scan is turned off there and done here instead, with the
// tokenizer (no tree) over the part of the HTML that is kept (maxHTML), and
// only for items that name no image of their own.

// firstImage returns the src of the first <img> in an HTML fragment, or "".
func firstImage(fragment string) string {
	if !strings.Contains(fragment, "<") {
		return ""
	}
	z := xhtml.NewTokenizer(strings.NewReader(fragment))
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return ""
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) != "img" || !hasAttr {
				continue
			}
			for {
				key, val, more := z.TagAttr()
				if string(key) == "src" {
					return string(val)
				}
				if !more {
					break
				}
			}
		}
	}
}

// itemImage is the image gofeed would have found in an item's HTML: the
// first <img> of its content, else of its description, each cut to maxHTML.
func itemImage(content, description string) string {
	if src := firstImage(content[:min(len(content), maxHTML)]); src != "" {
		return src
	}
	return firstImage(description[:min(len(description), maxHTML)])
}
