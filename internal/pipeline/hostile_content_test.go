package pipeline

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// gzipBomb serves a valid gzip body of about 2 MB that inflates to 2 GiB: an
// RSS channel holding 2 GiB of white space.
func gzipBomb() http.HandlerFunc {
	body := bombBytes(2 << 10)
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(body)
	}
}

// The gzip bomb's document around its white space.
const (
	bombHead = `<?xml version="1.0"?><rss version="2.0"><channel><title>bomb</title>`
	bombTail = `</channel></rss>`
)

// bombBytes builds the gzip stream of head + mib MiB of spaces + tail without
// compressing gigabytes: once the compressor's window is all spaces, each
// further MiB compresses to the same bytes, which are repeated.
func bombBytes(mib int) []byte {
	head, tail := []byte(bombHead), []byte(bombTail)
	spaces := bytes.Repeat([]byte(" "), 1<<20)
	var raw bytes.Buffer
	fw, _ := flate.NewWriter(&raw, flate.BestCompression)
	var chunks [][]byte
	mark := 0
	emit := func(p []byte) {
		fw.Write(p)
		fw.Flush() // byte-aligned block boundary
		chunks = append(chunks, bytes.Clone(raw.Bytes()[mark:]))
		mark = raw.Len()
	}
	emit(append(bytes.Clone(head), spaces...))
	steady := -1
	for i := 1; i < 6 && steady < 0; i++ {
		emit(spaces)
		if i >= 2 && bytes.Equal(chunks[i], chunks[i-1]) {
			steady = i
		}
	}
	if steady < 0 {
		panic("gzip bomb: the compressor never reached a steady state")
	}
	fw.Write(tail)
	fw.Close()
	final := raw.Bytes()[mark:]

	var out bytes.Buffer
	out.Write([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 0xff})
	crc := crc32.Update(0, crc32.IEEETable, head)
	for _, c := range chunks {
		out.Write(c)
	}
	for range mib - len(chunks) {
		out.Write(chunks[steady])
	}
	for range mib {
		crc = crc32.Update(crc, crc32.IEEETable, spaces)
	}
	out.Write(final)
	crc = crc32.Update(crc, crc32.IEEETable, tail)
	binary.Write(&out, binary.LittleEndian, crc)
	binary.Write(&out, binary.LittleEndian, uint32(len(head)+len(tail)+mib<<20))
	return out.Bytes()
}

// TestHostileGzipBombIsReal checks the bomb itself: small on the wire, and
// it really inflates to what it claims, so the fetch test proves something.
func TestHostileGzipBombIsReal(t *testing.T) {
	body := bombBytes(64)
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, zr)
	if err != nil || n != 64<<20+int64(len(bombHead)+len(bombTail)) {
		t.Fatalf("inflated %d bytes, err %v", n, err)
	}
	if len(body) > 128<<10 {
		t.Errorf("64 MiB bomb is %d bytes on the wire", len(body))
	}
	t.Logf("64 MiB inflate from %d bytes (ratio %d:1)", len(body), n/int64(len(body)))
}

// badDates carries unparseable, impossible, ancient and far-future dates.
func badDates() string {
	dates := []string{"not a date at all", "Fri, 31 Dec 9999 23:59:59 GMT", "2999-01-01T00:00:00Z", "Thu, 01 Jan 1970 00:00:00 GMT",
		"Sat, 30 Feb 2025 25:61:00 +9999", "", "-1", "Tue, 10 Nov 2026 08:00:00 GMT"}
	var items strings.Builder
	for i, d := range dates {
		items.WriteString(item(fmt.Sprintf("Dated Syrian talks %d", i), fmt.Sprintf("date%d", i), "<pubDate>"+d+"</pubDate>"))
	}
	return rss(items.String())
}

func checkDates(t *testing.T, r *hostileRun) {
	if len(r.arts) != 8 {
		t.Fatalf("stored %d of 8 items: %q", len(r.arts), titles(r.arts))
	}
	want := time.Date(2026, 11, 10, 8, 0, 0, 0, time.UTC)
	if got := r.arts[7].Published; !got.Equal(want) {
		t.Errorf("a good date was changed: %v, want %v", got, want)
	}
	for _, a := range r.arts[:7] { // the bad ones fall back to the fetch time
		if time.Since(a.Published) > time.Minute {
			t.Errorf("%q: bad date became %v, want the fetch time", a.Title, a.Published)
		}
	}
}

// missingIDs serves items without GUIDs or links, and one without anything,
// changing the channel on every request so each round parses again.
func missingIDs() http.HandlerFunc {
	var n atomic.Int32
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, rss(fmt.Sprintf(`<lastBuildDate>build %d</lastBuildDate>`, n.Add(1))+
			`<item><title>No guid, no link: Syrian talks</title><description>Text only.</description></item>`+
			`<item><title>Link only: Syrian talks</title><link>https://hostile.example.org/link-only</link></item>`+
			`<item><description>Neither title nor guid: officials held Syrian talks.</description></item>`+
			`<item></item><item><title> </title><description> </description></item>`))
	}
}

func checkMissingIDs(t *testing.T, r *hostileRun) {
	if len(r.arts) != 3 {
		t.Fatalf("stored %d articles %q, want the 3 with content", len(r.arts), titles(r.arts))
	}
	if r.arts[1].GUID != "https://hostile.example.org/link-only" {
		t.Errorf("an item with a link but no guid should be known by its link, got %q", r.arts[1].GUID)
	}
	if r.arts[2].Title == "" {
		t.Errorf("an item without a title should get one from its text")
	}
	// The derived ids are stable: the next round adds nothing.
	sum, err := r.p.Round(context.Background(), RoundOptions{Source: "hostile"})
	if err != nil || sum.Fetched != 1 || sum.NewArticles != 0 {
		t.Errorf("second round: %+v %v", sum, err)
	}
	if again := storedArticles(t, r.st, "hostile"); len(again) != 3 {
		t.Errorf("second round duplicated items: %d articles", len(again))
	}
}

// duplicateGUIDs repeats one GUID three times, and one link under two GUIDs.
func duplicateGUIDs() string {
	return rss(item("Syrian talks A", "same", "") + item("Syrian talks B", "same", "") + item("Syrian talks C", "same", "") +
		`<item><title>Other Syrian talks</title><guid>o1</guid><link>https://hostile.example.org/shared</link></item>` +
		`<item><title>Other Syrian talks</title><guid>o2</guid><link>https://hostile.example.org/shared</link></item>`)
}

func checkDuplicateGUIDs(t *testing.T, r *hostileRun) {
	seen := map[string]int{}
	for _, a := range r.arts {
		seen[a.GUID]++
		seen["url "+a.Canonical]++
	}
	if seen["same"] != 1 || len(r.arts) == 0 || r.arts[0].Title != "Syrian talks A" {
		t.Errorf("duplicate GUIDs: stored %q", titles(r.arts))
	}
	if seen["url https://hostile.example.org/shared"] != 1 {
		t.Errorf("the same link under two GUIDs was stored %d times", seen["url https://hostile.example.org/shared"])
	}
}

// scriptLinks uses script-capable and local URL schemes everywhere a URL goes.
func scriptLinks() string {
	links := []string{"javascript:alert(1)", "JaVaScRiPt:alert(document.cookie)", "  javascript:alert(1)", "java&#x09;script:alert(1)",
		"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "vbscript:msgbox(1)", "file:///etc/passwd", "&#106;avascript:alert(1)"}
	var items strings.Builder
	for i, l := range links {
		fmt.Fprintf(&items, `<item><title>Linked Syrian talks %d</title><link>%s</link><guid isPermaLink="false">s%d</guid>`+
			`<description>&lt;a href="%s"&gt;Syrian talks&lt;/a&gt; &lt;img src="%s"&gt;</description>`+
			`<enclosure url="%s" type="image/png" length="1"/></item>`, i, l, i, l, l, l)
	}
	return rss(items.String())
}

func checkScriptLinks(t *testing.T, r *hostileRun) {
	if len(r.arts) != 8 {
		t.Fatalf("stored %d of 8 items: %q", len(r.arts), titles(r.arts))
	}
	for _, a := range r.arts {
		if a.URL != "" || a.Canonical != "" || a.Image != "" {
			t.Errorf("%q kept a link: url %q canonical %q image %q", a.Title, a.URL, a.Canonical, a.Image)
		}
		if strings.Contains(strings.ToLower(a.Text+a.Summary), "script") || a.Text != "Syrian talks" {
			t.Errorf("%q: text %q", a.Title, a.Text)
		}
	}
}

// scriptStyle puts script, style, event handlers and SVG in titles and
// content, escaped and in CDATA.
func scriptStyle() string {
	return rss(`<item><title>&lt;script&gt;alert(1)&lt;/script&gt;Syrian talks&lt;style&gt;body{display:none}&lt;/style&gt;</title><guid>x1</guid>` +
		`<description><![CDATA[<script>document.write(1)</script><style>.x{color:red}</style><p onclick="alert(1)">Officials met for talks.</p>` +
		`<img src=x onerror=alert(1)><svg><script>alert(1)</script></svg><noscript>nos</noscript>]]></description></item>` +
		`<item><title><![CDATA[<script type="text/javascript">alert("x")</script>Syrian <b>talks</b> resume]]></title><guid>x2</guid>` +
		`<description>&lt;SCRIPT&gt;alert(1)&lt;/SCRIPT&gt;&lt;STYLE&gt;p{color:red}&lt;/STYLE&gt;Officials met for talks.</description></item>`)
}

func atomScriptStyle() string {
	return `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Hostile</title><id>urn:h</id><updated>2026-11-10T08:00:00Z</updated>` +
		`<entry><id>urn:a1</id><updated>2026-11-10T08:00:00Z</updated><title type="html">&lt;script&gt;alert(1)&lt;/script&gt;Syrian talks</title>` +
		`<link href="javascript:alert(1)"/><content type="html">&lt;style&gt;*{color:red}&lt;/style&gt;&lt;p&gt;Officials met for talks.&lt;/p&gt;&lt;script&gt;alert(2)&lt;/script&gt;</content></entry>` +
		`<entry><id>urn:a2</id><updated>2026-11-10T08:00:00Z</updated><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script>Syrian talks resume</div></title>` +
		`<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><style>p{}</style><p onmouseover="alert(1)">Officials met for talks.</p></div></content></entry></feed>`
}

func checkScriptStyle(t *testing.T, r *hostileRun) {
	if len(r.arts) != 2 {
		t.Fatalf("stored %d of 2 items: %q", len(r.arts), titles(r.arts))
	}
	want := []string{"Syrian talks", "Syrian talks resume"}
	for i, a := range r.arts {
		if a.Title != want[i] {
			t.Errorf("title %q, want %q", a.Title, want[i])
		}
		plain := strings.ToLower(a.Title + " " + a.Summary + " " + a.Text)
		for _, bad := range []string{"alert", "script", "color", "display", "onclick", "onerror", "<", "nos"} {
			if strings.Contains(plain, bad) {
				t.Errorf("%q: plain text keeps %q: %q", a.Title, bad, plain)
			}
		}
		if !strings.Contains(a.Text, "Officials met for talks.") {
			t.Errorf("%q: text %q lost the readable part", a.Title, a.Text)
		}
	}
}
