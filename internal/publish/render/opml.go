package render

import (
	"encoding/xml"
)

// ContentTypeOPML is the Content-Type of /feeds.opml.
const ContentTypeOPML = "text/x-opml; charset=utf-8"

type opmlDoc struct {
	XMLName xml.Name `xml:"opml"`
	Version string   `xml:"version,attr"`
	Head    opmlHead `xml:"head"`
	Body    opmlBody `xml:"body"`
}

type opmlHead struct {
	Title   string `xml:"title"`
	OwnerID string `xml:"ownerId,omitempty"`
	Docs    string `xml:"docs"`
}

type opmlBody struct {
	Outlines []opmlOutline `xml:"outline"`
}

type opmlOutline struct {
	Type        string `xml:"type,attr"`
	Text        string `xml:"text,attr"`
	Title       string `xml:"title,attr"`
	Description string `xml:"description,attr,omitempty"`
	XMLURL      string `xml:"xmlUrl,attr"`
	HTMLURL     string `xml:"htmlUrl,attr"`
	Version     string `xml:"version,attr"`
}

// OPML lists every topic's RSS feed as an OPML 2.0 subscription list.
// It carries no dates, so the same topics always give the same bytes.
func OPML(ts []Topic, o Options) []byte {
	doc := opmlDoc{
		Version: "2.0",
		Head:    opmlHead{Title: CollapseSpace(CleanText(o.SiteTitle)), OwnerID: o.BaseURL, Docs: "http://opml.org/spec2.opml"},
	}
	for _, t := range ts {
		title := CollapseSpace(CleanText(t.Title))
		if title == "" {
			title = t.Slug
		}
		doc.Body.Outlines = append(doc.Body.Outlines, opmlOutline{
			Type: "rss", Text: title, Title: title, Description: CollapseSpace(CleanText(t.Description)),
			XMLURL: o.FeedURL(t.Slug, FormatRSS), HTMLURL: o.PageURL(t.Slug), Version: "RSS2",
		})
	}
	out, err := marshalXML(doc)
	if err != nil {
		// Only strings and structs are marshalled: this cannot fail.
		panic("publish: opml: " + err.Error())
	}
	return out
}
