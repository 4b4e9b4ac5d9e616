package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestNumericGMTRewritesOnlyWholeDates: an item's pubDate in RFC 1123 with
// "GMT" is handed on with "+0000"; the same bytes inside a CDATA section
// or a comment, a date of another shape, and a date with more text around
// it are copied as they are.
func TestNumericGMTRewritesOnlyWholeDates(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`<item><pubDate>Sat, 17 Oct 2021 12:56:51 GMT</pubDate></item>`, `<item><pubDate>Sat, 17 Oct 2021 12:56:51 +0000</pubDate></item>`},
		{`<item><title>a</title><pubDate>Sat, 17 Oct 2021 12:56:51 GMT</pubDate><x/><pubDate>Sun, 18 Oct 2021 01:02:03 GMT</pubDate></item>`,
			`<item><title>a</title><pubDate>Sat, 17 Oct 2021 12:56:51 +0000</pubDate><x/><pubDate>Sun, 18 Oct 2021 01:02:03 +0000</pubDate></item>`},
		{`<item><description><![CDATA[<pubDate>Sat, 17 Oct 2021 12:56:51 GMT</pubDate>]]></description></item>`, ""},
		{`<item><!-- ]]> <pubDate>Sat, 17 Oct 2021 12:56:51 GMT</pubDate> --></item>`, ""},
		{`<item><!-- x --><![CDATA[ <!-- ]]><pubDate>Sat, 17 Oct 2021 12:56:51 GMT</pubDate></item>`,
			`<item><!-- x --><![CDATA[ <!-- ]]><pubDate>Sat, 17 Oct 2021 12:56:51 +0000</pubDate></item>`},
		{`<item><pubDate>Sat, 17 Oct 2021 12:56:51 +0000</pubDate></item>`, ""},
		{`<item><pubDate>Sat, 7 Oct 2021 12:56:51 GMT</pubDate></item>`, ""},
		{`<item><pubDate> Sat, 17 Oct 2021 12:56:51 GMT</pubDate></item>`, ""},
		{`<item><pubDate>Sat, 17 Oct 2021 12:56:51 GMT </pubDate></item>`, ""},
		{`<item><pubDate>Sat, 17 Oct 2021 12:56:51 EST</pubDate></item>`, ""},
		{`<item><pubdate>Sat, 17 Oct 2021 12:56:51 GMT</pubdate></item>`, ""},
		{`<item><pubDate>Sat, 17 Oct 2021 12:56:51 GMT`, ""},
		{`<item><![CDATA[ never closed <pubDate>Sat, 17 Oct 2021 12:56:51 GMT</pubDate>`, ""},
	} {
		want := c.want
		if want == "" {
			want = c.in
		}
		prefix := []byte("head")
		if got := string(appendNumericGMT(prefix, []byte(c.in))); got != "head"+want {
			t.Errorf("%s\ngot  %s\nwant head%s", c.in, got, want)
		}
	}
}

// TestNumericGMTParsesToTheSameTime: gofeed gives an item the same
// published time from the rewritten date as from the one the feed sent,
// over every day of four years (each weekday and month name, leap days) at
// times that move through the clock; a wrong weekday is kept as it was
// sent (gofeed ignores it either way).
func TestNumericGMTParsesToTheSameTime(t *testing.T) {
	const wrap = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>`
	var dates []string
	at := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 4 * 366 {
		d := at.Add(time.Duration(i) * (24*time.Hour + 37*time.Minute + 13*time.Second))
		dates = append(dates, d.Format("Mon, 02 Jan 2006 15:04:05")+" GMT")
	}
	dates = append(dates, "Mon, 17 Oct 2021 12:56:51 GMT", "Sun, 31 Feb 2021 12:56:51 GMT", "Sat, 17 Oct 2021 25:56:51 GMT")
	var sent, rewritten strings.Builder
	sent.WriteString(wrap)
	rewritten.WriteString(wrap)
	for i, d := range dates {
		item := []byte("<item><guid>g" + strings.Repeat("x", i%3) + string(rune('a'+i%26)) + "-" + d + "</guid><title>x</title><pubDate>" + d + "</pubDate></item>")
		sent.Write(item)
		rewritten.Write(appendNumericGMT(nil, item))
	}
	sent.WriteString("</channel></rss>")
	rewritten.WriteString("</channel></rss>")
	if strings.Count(rewritten.String(), "+0000") != len(dates) {
		t.Fatalf("%d of %d dates rewritten", strings.Count(rewritten.String(), "+0000"), len(dates))
	}
	a, err := newParser().ParseString(sent.String())
	if err != nil {
		t.Fatal(err)
	}
	b, err := newParser().ParseString(rewritten.String())
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Items) != len(dates) || len(b.Items) != len(dates) {
		t.Fatalf("%d and %d items of %d", len(a.Items), len(b.Items), len(dates))
	}
	for i := range dates {
		pa, pb := a.Items[i].PublishedParsed, b.Items[i].PublishedParsed
		switch {
		case (pa == nil) != (pb == nil):
			t.Errorf("%s: parsed %v, rewritten %v", dates[i], pa, pb)
		case pa != nil && (!pa.Equal(*pb) || pa.Location() != pb.Location()):
			t.Errorf("%s: %s, rewritten %s", dates[i], pa, pb)
		}
	}
}

// BenchmarkItemsParseCorpus parses the saved feeds of ../shared/corpus/news
// (skipped when absent) as a cold round does: cut into items, none known.
func BenchmarkItemsParseCorpus(b *testing.B) {
	files, _ := filepath.Glob("../../../shared/corpus/news/*.xml")
	var bodies [][]byte
	for _, f := range files {
		if body, err := os.ReadFile(f); err == nil && SplitItems(body, 0) != nil {
			bodies = append(bodies, body)
		}
	}
	if len(bodies) == 0 {
		b.Skip("no corpus at ../shared/corpus/news")
	}
	now := time.Date(2026, 11, 10, 9, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		for _, body := range bodies {
			if _, err := SplitItems(body, 0).Parse(nil, "https://feeds.example.org/", now); err != nil {
				b.Fatal(err)
			}
		}
	}
}
