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
	if !mayHoldImg(fragment) {
		return "" // most items: no tokenizer (and its 4 KB buffer) at all
	}
	return tokenizedImage(fragment)
}

// tokenizedImage is firstImage by the tokenizer alone.
func tokenizedImage(fragment string) string {
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

// mayHoldImg reports whether fragment holds "<img" in any case: the
// tokenizer finds an img tag only where its name follows a '<' (tag names
// are matched lower-cased), so a fragment without one has no image.
func mayHoldImg(fragment string) bool {
	for i := strings.IndexByte(fragment, '<'); i >= 0 && i+3 < len(fragment); {
		if fragment[i+1]|0x20 == 'i' && fragment[i+2]|0x20 == 'm' && fragment[i+3]|0x20 == 'g' {
			return true
		}
		next := strings.IndexByte(fragment[i+1:], '<')
		if next < 0 {
			return false
		}
		i += 1 + next
	}
	return false
}
