package publish

import (
	"fmt"

	"github.com/intlwire/aggregator/internal/model"
)

// Content types of the formats, charset included.
const (
	contentTypeRSS  = "application/rss+xml"
	contentTypeAtom = "application/atom+xml"
	contentTypeJSON = "application/feed+json"
)

// contentTypes maps a format to its full Content-Type header.
var contentTypes = map[string]string{
	FormatRSS:  contentTypeRSS + "; charset=utf-8",
	FormatAtom: contentTypeAtom + "; charset=utf-8",
	FormatJSON: contentTypeJSON + "; charset=utf-8",
}

// Render renders topic t's feed in format ("rss", "atom" or "json") from
// stories: one item per story (or per article when t.Unit is "article"),
// newest change first, cut to the topic's limit. The output depends only on
// its inputs, so the same stories always give the same bytes.
func Render(format string, t Topic, stories []model.Story, o Options, l Labeler) ([]byte, error) {
	o = o.withDefaults()
	b := &builder{o: o, l: l, san: sharedSanitizer()}
	return renderEntries(format, t, b.entries(t, stories), o)
}

// renderEntries renders prepared entries in format.
func renderEntries(format string, t Topic, es []entry, o Options) ([]byte, error) {
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
