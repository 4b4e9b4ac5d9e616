package render

import (
	"encoding/xml"
	"strconv"
	"time"

	"github.com/gorilla/feeds"
)

// Atom 1.0 output.
//
// gorilla/feeds v1.2.0's AtomFeed/AtomEntry are not valid RFC 4287 for what we
// publish: <category> is written as element text, but Atom requires the term
// attribute (with scheme and label); the feed id is the site link rather than
// a permanent IRI (ours is a tag: URI, like the entries' ids, so it survives
// a change of scheme or port); the feed has a single link, so no rel="self" next to
// rel="alternate" and no rel="hub"; <source> is a string where Atom wants an
// element with id, title and link; no xml:lang. Feed and entry are therefore
// our own structs; gorilla's feeds.AtomLink, feeds.AtomContent,
// feeds.AtomSummary and feeds.AtomAuthor are reused as they are correct.

type atomFeedXML struct {
	XMLName  xml.Name         `xml:"feed"`
	Xmlns    string           `xml:"xmlns,attr"`
	NSMedia  string           `xml:"xmlns:media,attr"`
	Title    atomText         `xml:"title"`
	Subtitle *atomText        `xml:"subtitle,omitempty"`
	ID       string           `xml:"id"`
	Updated  string           `xml:"updated"`
	Links    []feeds.AtomLink `xml:"link"`
	Author   feeds.AtomAuthor `xml:"author"`
	Gen      atomGenerator    `xml:"generator"`
	Entries  []atomEntryXML   `xml:"entry"`
}

type atomText struct {
	Type  string `xml:"type,attr,omitempty"`
	Value string `xml:",chardata"`
}

type atomGenerator struct {
	Value string `xml:",chardata"`
}

type atomEntryXML struct {
	Lang       string             `xml:"xml:lang,attr,omitempty"`
	Title      atomText           `xml:"title"`
	ID         string             `xml:"id"`
	Updated    string             `xml:"updated"`
	Published  string             `xml:"published,omitempty"`
	Links      []feeds.AtomLink   `xml:"link"`
	Author     *feeds.AtomAuthor  `xml:"author"`
	Categories []atomCategory     `xml:"category"`
	Summary    *feeds.AtomSummary `xml:"summary"`
	Content    *feeds.AtomContent `xml:"content"`
	Source     *atomSource        `xml:"source"`
	Thumbnail  *mediaThumbnail    `xml:"media:thumbnail"`
}

type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
	Label  string `xml:"label,attr,omitempty"`
}

type atomSource struct {
	ID      string           `xml:"id"`
	Title   string           `xml:"title"`
	Updated string           `xml:"updated"`
	Links   []feeds.AtomLink `xml:"link"`
}

// renderAtom writes the Atom 1.0 document for t.
func renderAtom(t Topic, es []Entry, o Options) ([]byte, error) {
	f := atomFeedXML{
		Xmlns:   nsAtom,
		NSMedia: nsMedia,
		Title:   atomText{Type: "text", Value: feedTitle(t, o)},
		ID:      "tag:" + o.tagHost() + "," + tagYear + ":feed/" + t.Slug,
		Updated: FeedUpdated(es).Format(time.RFC3339),
		Links: []feeds.AtomLink{
			{Href: o.FeedURL(t.Slug, FormatAtom), Rel: "self", Type: ContentTypeAtom},
			{Href: o.PageURL(t.Slug), Rel: "alternate", Type: "text/html"},
		},
		Author: feeds.AtomAuthor{AtomPerson: feeds.AtomPerson{Name: CollapseSpace(CleanText(o.SiteTitle)), Uri: o.BaseURL}},
		Gen:    atomGenerator{Value: Generator},
	}
	if d := CollapseSpace(CleanText(t.Description)); d != "" {
		f.Subtitle = &atomText{Type: "text", Value: d}
	}
	if o.WebSubHub != "" {
		f.Links = append(f.Links, feeds.AtomLink{Href: o.WebSubHub, Rel: "hub"})
	}
	for i := range es {
		e := &es[i]
		x := atomEntryXML{
			Lang:    e.Language,
			Title:   atomText{Type: "text", Value: e.Title},
			ID:      e.ID,
			Updated: e.Updated.Format(time.RFC3339),
		}
		if !e.Published.IsZero() && !e.Published.After(e.Updated) {
			x.Published = e.Published.Format(time.RFC3339)
		}
		if e.Link != "" {
			x.Links = append(x.Links, feeds.AtomLink{Href: e.Link, Rel: "alternate", Type: "text/html"})
		}
		for _, en := range e.Enclosures {
			l := feeds.AtomLink{Href: en.URL, Rel: "enclosure", Type: en.Type}
			if en.Length > 0 {
				l.Length = strconv.FormatInt(en.Length, 10)
			}
			x.Links = append(x.Links, l)
		}
		if e.Author != "" {
			x.Author = &feeds.AtomAuthor{AtomPerson: feeds.AtomPerson{Name: e.Author}}
		}
		for _, c := range e.Categories {
			x.Categories = append(x.Categories, atomCategory{Term: c.Term, Scheme: c.Scheme, Label: c.Label})
		}
		if e.Summary != "" {
			x.Summary = &feeds.AtomSummary{Content: e.Summary, Type: "text"}
		}
		if e.ContentHTML != "" {
			x.Content = &feeds.AtomContent{Content: e.ContentHTML, Type: "html"}
		} else if x.Summary == nil {
			// An entry without an alternate link must have content.
			x.Content = &feeds.AtomContent{Content: e.Title, Type: "text"}
		}
		if e.Source.Name != "" && e.Source.Known {
			// atom:source needs the outlet feed's id, title, updated and
			// self link (validators flag a source without them), so it is
			// written only when the outlet's feed URL is configured. Its
			// updated is the item's: the outlet's feed was at least that new.
			s := &atomSource{ID: e.Source.FeedURL, Title: e.Source.Name, Updated: x.Updated,
				Links: []feeds.AtomLink{{Href: e.Source.FeedURL, Rel: "self"}}}
			if e.Source.SiteURL != "" {
				s.Links = append(s.Links, feeds.AtomLink{Href: e.Source.SiteURL, Rel: "alternate", Type: "text/html"})
			}
			x.Source = s
		}
		if e.Image != "" {
			x.Thumbnail = &mediaThumbnail{URL: e.Image}
		}
		f.Entries = append(f.Entries, x)
	}
	return marshalXML(f)
}
