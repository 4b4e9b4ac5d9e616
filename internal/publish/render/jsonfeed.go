package render

import (
	"bytes"
	"encoding/json"

	"github.com/gorilla/feeds"
)

// JSON Feed 1.1 output.
//
// gorilla/feeds v1.2.0's feeds.JSONFeed is used for the top level (it has 1.1's
// authors, language and hubs). Its feeds.JSONItem lacks JSON Feed 1.1's item
// "language", fills the deprecated "author" next to "authors", and takes dates
// as local *time.Time values, and its feeds.JSONAttachment writes the size as
// "size" where the spec says "size_in_bytes" (a schema violation). jsonItem
// embeds it, adds the language, replaces the attachments, and is filled
// directly so that only 1.1 fields appear and dates are RFC 3339 UTC.

const jsonFeedVersion = "https://jsonfeed.org/version/1.1"

type jsonItem struct {
	*feeds.JSONItem
	Language    string           `json:"language,omitempty"`
	Attachments []jsonAttachment `json:"attachments,omitempty"` // shadows gorilla's
}

// jsonAttachment is a JSON Feed 1.1 attachment.
type jsonAttachment struct {
	URL      string `json:"url"`
	MIMEType string `json:"mime_type"`
	Size     int64  `json:"size_in_bytes,omitempty"`
}

type jsonFeedDoc struct {
	*feeds.JSONFeed
	Items []jsonItem `json:"items"`
}

// renderJSON writes the JSON Feed 1.1 document for t.
func renderJSON(t Topic, es []Entry, o Options) ([]byte, error) {
	f := &feeds.JSONFeed{
		Version:     jsonFeedVersion,
		Title:       feedTitle(t, o),
		HomePageUrl: o.PageURL(t.Slug),
		FeedUrl:     o.FeedURL(t.Slug, FormatJSON),
		Description: feedDescription(t, o),
		Authors:     []*feeds.JSONAuthor{{Name: CollapseSpace(CleanText(o.SiteTitle)), Url: o.BaseURL}},
	}
	if o.WebSubHub != "" {
		f.Hubs = []*feeds.JSONHub{{Type: "WebSub", Url: o.WebSubHub}}
	}
	doc := jsonFeedDoc{JSONFeed: f, Items: make([]jsonItem, 0, len(es))}
	for i := range es {
		e := &es[i]
		published := e.Published.UTC()
		updated := e.Updated.UTC()
		it := &feeds.JSONItem{
			Id:            e.ID,
			Url:           e.Link,
			Title:         e.Title,
			ContentHTML:   e.ContentHTML,
			Summary:       e.Summary,
			Image:         e.Image,
			PublishedDate: &published,
			ModifiedDate:  &updated,
		}
		if it.ContentHTML == "" {
			it.ContentText = e.Title // JSON Feed requires content_html or content_text
		}
		if e.Author != "" {
			it.Authors = []*feeds.JSONAuthor{{Name: e.Author}}
		}
		seen := map[string]bool{}
		for _, c := range e.Categories {
			if !seen[c.Label] {
				seen[c.Label] = true
				it.Tags = append(it.Tags, c.Label)
			}
		}
		ji := jsonItem{JSONItem: it, Language: e.Language}
		for _, en := range e.Enclosures {
			ji.Attachments = append(ji.Attachments, jsonAttachment{URL: en.URL, MIMEType: en.Type, Size: en.Length})
		}
		doc.Items = append(doc.Items, ji)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	// HTML escaping stays on: "<" comes out as \u003c, so the bytes are inert
	// even when someone serves them with the wrong content type.
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
