package render

import (
	"encoding/xml"
	"html"
	"strconv"
	"time"

	"github.com/gorilla/feeds"
)

// RSS 2.0 output.
//
// gorilla/feeds v1.2.0 builds RSS from feeds.Feed/feeds.Item, which cannot say
// what a valid, reader-friendly feed needs: an item has a single category
// string and no domain; <source> is written as text without its required url
// attribute; there is no atom:link rel="self" (the W3C validator asks for it)
// or rel="hub"; an author without an e-mail address makes <author> invalid.
// So the channel and item elements are our own structs, while gorilla's
// exported element types are reused where they are right: feeds.RssGuid
// (isPermaLink), feeds.RssEnclosure and feeds.RssContent (content:encoded as
// CDATA). Authors go into dc:creator, item languages into dc:language, the
// item's image into media:thumbnail.

// Generator names the software in feeds (and in the User-Agent of WebSub
// pings).
const Generator = "intlwire aggregator"

const (
	nsContent = "http://purl.org/rss/1.0/modules/content/"
	nsAtom    = "http://www.w3.org/2005/Atom"
	nsDC      = "http://purl.org/dc/elements/1.1/"
	nsMedia   = "http://search.yahoo.com/mrss/"
)

type rssDoc struct {
	XMLName   xml.Name   `xml:"rss"`
	Version   string     `xml:"version,attr"`
	NSContent string     `xml:"xmlns:content,attr"`
	NSAtom    string     `xml:"xmlns:atom,attr"`
	NSDC      string     `xml:"xmlns:dc,attr"`
	NSMedia   string     `xml:"xmlns:media,attr"`
	Channel   rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string        `xml:"title"`
	Link          string        `xml:"link"`
	Description   string        `xml:"description"`
	AtomLinks     []rssAtomLink `xml:"atom:link"`
	Language      string        `xml:"language,omitempty"`
	PubDate       string        `xml:"pubDate"`
	LastBuildDate string        `xml:"lastBuildDate"`
	Generator     string        `xml:"generator"`
	Docs          string        `xml:"docs"`
	TTL           int           `xml:"ttl,omitempty"`
	Items         []rssItemXML  `xml:"item"`
}

// rssAtomLink is an atom:link inside RSS (self and hub links).
type rssAtomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
}

type rssItemXML struct {
	Title       string              `xml:"title"`
	Link        string              `xml:"link,omitempty"`
	Description string              `xml:"description"`
	Content     *feeds.RssContent   `xml:"content:encoded"`
	Creator     string              `xml:"dc:creator,omitempty"`
	Categories  []rssCategory       `xml:"category"`
	Enclosure   *feeds.RssEnclosure `xml:"enclosure"`
	GUID        *feeds.RssGuid      `xml:"guid"`
	PubDate     string              `xml:"pubDate"`
	Source      *rssSource          `xml:"source"`
	Language    string              `xml:"dc:language,omitempty"`
	Thumbnail   *mediaThumbnail     `xml:"media:thumbnail"`
}

// mediaThumbnail is Media RSS's image of an item, which readers show as
// the item's picture (RSS and Atom both carry it).
type mediaThumbnail struct {
	URL string `xml:"url,attr"`
}

type rssCategory struct {
	Domain string `xml:"domain,attr,omitempty"`
	Value  string `xml:",chardata"`
}

type rssSource struct {
	URL  string `xml:"url,attr"`
	Name string `xml:",chardata"`
}

// renderRSS writes the RSS 2.0 document for t.
func renderRSS(t Topic, es []Entry, o Options) ([]byte, error) {
	updated := FeedUpdated(es).Format(time.RFC1123Z)
	ch := rssChannel{
		Title:         feedTitle(t, o),
		Link:          o.PageURL(t.Slug),
		Description:   feedDescription(t, o),
		AtomLinks:     []rssAtomLink{{Href: o.FeedURL(t.Slug, FormatRSS), Rel: "self", Type: ContentTypeRSS}},
		PubDate:       updated,
		LastBuildDate: updated,
		Generator:     Generator,
		Docs:          "https://www.rssboard.org/rss-specification",
		TTL:           int((o.MaxAge + time.Minute - 1) / time.Minute),
	}
	if o.WebSubHub != "" {
		ch.AtomLinks = append(ch.AtomLinks, rssAtomLink{Href: o.WebSubHub, Rel: "hub"})
	}
	for i := range es {
		e := &es[i]
		it := rssItemXML{
			Title: e.Title,
			Link:  e.Link,
			// RSS descriptions are HTML; the plain summary is escaped once
			// as HTML so that a reader shows exactly its characters.
			Description: html.EscapeString(e.Summary),
			Creator:     e.Author,
			GUID:        &feeds.RssGuid{Id: e.ID, IsPermaLink: "false"},
			PubDate:     e.Published.Format(time.RFC1123Z),
			Language:    e.Language,
		}
		if e.ContentHTML != "" {
			it.Content = &feeds.RssContent{Content: e.ContentHTML}
		}
		for _, c := range e.Categories {
			it.Categories = append(it.Categories, rssCategory{Domain: c.Scheme, Value: c.Label})
		}
		for _, en := range e.Enclosures {
			// RSS allows one enclosure per item, and its length must be a
			// positive byte count (validators reject 0): the first with a
			// known length is used; the others stay in Atom and JSON Feed.
			if en.Length > 0 {
				it.Enclosure = &feeds.RssEnclosure{Url: en.URL, Type: en.Type, Length: strconv.FormatInt(en.Length, 10)}
				break
			}
		}
		if e.Source.FeedURL != "" {
			it.Source = &rssSource{URL: e.Source.FeedURL, Name: e.Source.Name}
		}
		if e.Image != "" {
			it.Thumbnail = &mediaThumbnail{URL: e.Image}
		}
		ch.Items = append(ch.Items, it)
	}
	doc := rssDoc{Version: "2.0", NSContent: nsContent, NSAtom: nsAtom, NSDC: nsDC, NSMedia: nsMedia, Channel: ch}
	return marshalXML(doc)
}

// marshalXML writes v as an indented XML document with its declaration.
func marshalXML(v any) ([]byte, error) {
	b, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(xml.Header)+len(b)+1)
	out = append(out, xml.Header...)
	out = append(out, b...)
	return append(out, '\n'), nil
}

// feedTitle is the title of t's feeds.
func feedTitle(t Topic, o Options) string {
	title := CollapseSpace(CleanText(t.Title))
	if title == "" {
		title = t.Slug
	}
	return title + " – " + CollapseSpace(CleanText(o.SiteTitle))
}

// feedDescription is the description of t's feeds (RSS requires one).
func feedDescription(t Topic, o Options) string {
	if d := CollapseSpace(CleanText(t.Description)); d != "" {
		return d
	}
	return feedTitle(t, o)
}
