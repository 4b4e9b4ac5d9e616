package render

import (
	"fmt"

	"github.com/intlwire/aggregator/internal/model"
)

// Content types of the formats, charset included.
const (
	ContentTypeRSS  = "application/rss+xml"
	ContentTypeAtom = "application/atom+xml"
	ContentTypeJSON = "application/feed+json"
)

// ContentTypes maps a format to its full Content-Type header.
var ContentTypes = map[string]string{
	FormatRSS:  ContentTypeRSS + "; charset=utf-8",
	FormatAtom: ContentTypeAtom + "; charset=utf-8",
	FormatJSON: ContentTypeJSON + "; charset=utf-8",
}

// Render renders topic t's feed in format ("rss", "atom" or "json") from
// stories: one item per story (or per article when t.Unit is "article"),
// newest change first, cut to the topic's limit. The output depends only on
// its inputs, so the same stories always give the same bytes.
func Render(format string, t Topic, stories []model.Story, o Options, l Labeler) ([]byte, error) {
	o = o.WithDefaults()
	return Encode(format, t, NewBuilder(o, l, nil).Entries(t, stories), o)
}

// Encode renders prepared entries in format ("rss", "atom" or "json").
func Encode(format string, t Topic, es []Entry, o Options) ([]byte, error) {
	var (
		out []byte
		err error
	)
	switch format {
	case FormatRSS:
		out, err = renderRSS(t, es, o)
	case FormatAtom:
		out, err = renderAtom(t, es, o)
	case FormatJSON:
		out, err = renderJSON(t, es, o)
	default:
		return nil, fmt.Errorf("publish: unknown feed format %q", format)
	}
	if err != nil {
		return nil, fmt.Errorf("publish: render %s feed %q: %w", format, t.Slug, err)
	}
	return out, nil
}
