package opml

import (
	"encoding/xml"
	"fmt"
	"io"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/intlwire/aggregator/internal/config"
)

// WriteSourcesYAML writes sources as a sources.yaml document (a top-level
// "sources" list), leaving out empty keys, with tags in flow style. The output
// can be pasted into config/sources.yaml or appended under its list.
func WriteSourcesYAML(w io.Writer, sources []config.Source) error {
	str := func(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v} }
	list := &yaml.Node{Kind: yaml.SequenceNode}
	for _, s := range sources {
		m := &yaml.Node{Kind: yaml.MappingNode}
		add := func(k string, v *yaml.Node) { m.Content = append(m.Content, str(k), v) }
		add("id", str(s.ID))
		add("url", str(s.URL))
		if s.Name != "" {
			add("name", str(s.Name))
		}
		if s.Language != "" {
			add("language", str(s.Language))
		}
		if s.Schedule != "" {
			add("schedule", str(s.Schedule))
		}
		if len(s.Tags) > 0 {
			tags := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
			for _, t := range s.Tags {
				tags.Content = append(tags.Content, str(t))
			}
			add("tags", tags)
		}
		if s.Disabled {
			add("disabled", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
		}
		list.Content = append(list.Content, m)
	}
	if len(list.Content) == 0 {
		list.Style = yaml.FlowStyle // "sources: []"
	}
	doc := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{
		Kind:    yaml.MappingNode,
		Content: []*yaml.Node{str("sources"), list},
	}}}
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("opml: write sources: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("opml: write sources: %w", err)
	}
	return nil
}

// Feed is one entry of an exported OPML list.
type Feed struct {
	Title       string // outline text and title
	XMLURL      string // the feed's address
	HTMLURL     string // the page a reader visits, optional
	Description string // optional
	Category    string // optional, e.g. a region
}

type exportOutline struct {
	Text        string `xml:"text,attr"`
	Title       string `xml:"title,attr,omitempty"`
	Type        string `xml:"type,attr"`
	XMLURL      string `xml:"xmlUrl,attr"`
	HTMLURL     string `xml:"htmlUrl,attr,omitempty"`
	Description string `xml:"description,attr,omitempty"`
	Category    string `xml:"category,attr,omitempty"`
}

type exportDoc struct {
	XMLName xml.Name `xml:"opml"`
	Version string   `xml:"version,attr"`
	Head    struct {
		Title       string `xml:"title"`
		DateCreated string `xml:"dateCreated,omitempty"`
	} `xml:"head"`
	Body struct {
		Outlines []exportOutline `xml:"outline"`
	} `xml:"body"`
}

// Export writes an OPML 2.0 subscription list of feeds under title, e.g. the
// aggregator's topic feeds for /feeds.opml, so a reader subscribes to all of
// them at once.
func Export(w io.Writer, title string, feeds []Feed) error {
	return ExportAt(w, title, feeds, time.Now())
}

// ExportAt is Export with the document's creation time given, for output that
// is reproducible byte for byte (static exports, tests).
func ExportAt(w io.Writer, title string, feeds []Feed, created time.Time) error {
	var doc exportDoc
	doc.Version = "2.0"
	doc.Head.Title = title
	if !created.IsZero() {
		doc.Head.DateCreated = created.UTC().Format(time.RFC1123)
	}
	for _, f := range feeds {
		doc.Body.Outlines = append(doc.Body.Outlines, exportOutline{
			Text: f.Title, Title: f.Title, Type: "rss", XMLURL: f.XMLURL,
			HTMLURL: f.HTMLURL, Description: f.Description, Category: f.Category,
		})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("opml: export: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("opml: export: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("opml: export: %w", err)
	}
	return nil
}
