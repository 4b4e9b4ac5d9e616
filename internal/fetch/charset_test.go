package fetch

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// feedIn renders a small RSS feed whose title and item title are the given
// strings, declaring encoding decl (none when empty).
func feedIn(decl, title, item string) string {
	head := `<?xml version="1.0"?>`
	if decl != "" {
		head = `<?xml version="1.0" encoding="` + decl + `"?>`
	}
	return head + "\n<rss version=\"2.0\"><channel><title>" + title +
		"</title><link>https://example.org/</link><description>d</description>" +
		"<item><title>" + item + "</title><guid>g1</guid></item></channel></rss>\n"
}

func mustEncode(t *testing.T, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestEncodingsComeOutAsUTF8(t *testing.T) {
	const french = "Élysée: réunion à Genève, coût 5 € « crise »"
	const russian = "Переговоры в Женеве: Москва и Киев"
	const mixed = "北京 — Zürich — Київ"
	utf16le := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	utf16be := unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
	cases := []struct {
		name        string
		contentType string
		body        []byte
		title, item string
	}{
		{"iso-8859-1 declared in XML", "application/rss+xml",
			mustEncode(t, charmap.ISO8859_1, feedIn("ISO-8859-1", "Le Monde", strings.ReplaceAll(french, "€", "EUR"))),
			"Le Monde", strings.ReplaceAll(french, "€", "EUR")},
		{"windows-1252 in header only", "text/xml; charset=windows-1252",
			mustEncode(t, charmap.Windows1252, feedIn("", "Le Monde", french)), "Le Monde", french},
		{"windows-1251 declared in XML", "application/xml",
			mustEncode(t, charmap.Windows1251, feedIn("windows-1251", "Коммерсантъ", russian)), "Коммерсантъ", russian},
		{"windows-1251 in header, XML says utf-8", "text/xml; charset=windows-1251",
			mustEncode(t, charmap.Windows1251, feedIn("utf-8", "Коммерсантъ", russian)), "Коммерсантъ", russian},
		{"utf-16le with BOM", "application/rss+xml",
			mustEncode(t, utf16le, feedIn("UTF-16", "Wire", mixed)), "Wire", mixed},
		{"utf-16be with BOM, no charset anywhere", "",
			mustEncode(t, utf16be, feedIn("utf-16", "Wire", mixed)), "Wire", mixed},
		{"utf-8 with BOM", "text/xml",
			append([]byte{0xEF, 0xBB, 0xBF}, feedIn("UTF-8", "Wire", mixed)...), "Wire", mixed},
		{"utf-8 mislabeled iso-8859-1 in header and XML", "text/xml; charset=ISO-8859-1",
			[]byte(feedIn("ISO-8859-1", "Wire", mixed+" "+french)), "Wire", mixed + " " + french},
		{"latin-1 mislabeled utf-8 in header and XML", "application/rss+xml; charset=utf-8",
			mustEncode(t, charmap.Windows1252, feedIn("utf-8", "Le Monde", french)), "Le Monde", french},
		{"latin-1 with no label at all", "",
			mustEncode(t, charmap.Windows1252, feedIn("", "Le Monde", french)), "Le Monde", french},
		{"windows-1251 with no label at all", "",
			mustEncode(t, charmap.Windows1251, feedIn("", "Коммерсантъ", russian)), "Коммерсантъ", russian},
		{"koi8-r with no label at all", "text/xml",
			mustEncode(t, charmap.KOI8R, feedIn("", "Коммерсантъ", russian)), "Коммерсантъ", russian},
		{"windows-1251 mislabeled utf-8", "text/xml; charset=utf-8",
			mustEncode(t, charmap.Windows1251, feedIn("UTF-8", "Коммерсантъ", russian)), "Коммерсантъ", russian},
	}
	body := map[string][]byte{}
	ctype := map[string]string{}
	for _, tc := range cases {
		body[tc.name] = tc.body
		ctype[tc.name] = tc.contentType
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Query().Get("case")
		if ct := ctype[name]; ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		w.Write(body[name])
	}))
	defer srv.Close()
	c := testClient(t, Options{})
	parser := gofeed.NewParser()

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := fetch(t, c, Request{URL: srv.URL + "/?case=" + strings.ReplaceAll(tc.name, " ", "+")})
			if err != nil {
				t.Fatal(err)
			}
			if !utf8.Valid(resp.Body) {
				t.Fatalf("body is not UTF-8")
			}
			if bytes.HasPrefix(resp.Body, []byte{0xEF, 0xBB, 0xBF}) {
				t.Errorf("BOM left in body")
			}
			if enc := xmlDeclEncoding(resp.Body); enc != "" && !strings.EqualFold(enc, "utf-8") {
				t.Errorf("XML declaration still says %q", enc)
			}
			feed, err := parser.ParseString(string(resp.Body))
			if err != nil {
				t.Fatalf("gofeed cannot parse the result: %v\n%s", err, resp.Body)
			}
			if feed.Title != tc.title || len(feed.Items) != 1 || feed.Items[0].Title != tc.item {
				t.Fatalf("decoded %q / %q, want %q / %q (charset %s)", feed.Title, itemTitle(feed), tc.title, tc.item, resp.Charset)
			}
		})
	}
}

func itemTitle(f *gofeed.Feed) string {
	if len(f.Items) == 0 {
		return ""
	}
	return f.Items[0].Title
}

func TestJSONFeedBOMStripped(t *testing.T) {
	js := `{"version":"https://jsonfeed.org/version/1.1","title":"Wire – Zürich","items":[{"id":"1","title":"Київ"}]}`
	in := append([]byte{0xEF, 0xBB, 0xBF}, js...)
	out, name, err := toUTF8(in, "application/feed+json")
	if err != nil || string(out) != js || name != "utf-8" {
		t.Fatalf("got %q %s %v", out, name, err)
	}
	f, err := gofeed.NewParser().ParseString(string(out))
	if err != nil || f.Title != "Wire – Zürich" {
		t.Fatalf("gofeed: %v %+v", err, f)
	}
}

func TestXMLDeclRewrite(t *testing.T) {
	cases := map[string]string{
		`<?xml version="1.0" encoding="ISO-8859-1"?><rss/>`:        `<?xml version="1.0" encoding="UTF-8"?><rss/>`,
		"  \n<?xml version='1.0' encoding='windows-1251' ?><rss/>": "  \n<?xml version='1.0' encoding='UTF-8' ?><rss/>",
		`<?xml version="1.0" encoding = "latin1"?><rss/>`:          `<?xml version="1.0" encoding = "UTF-8"?><rss/>`,
		`<?xml version="1.0" encoding="utf-8"?><rss/>`:             `<?xml version="1.0" encoding="utf-8"?><rss/>`,
		`<?xml version="1.0"?><rss/>`:                              `<?xml version="1.0"?><rss/>`,
		`<rss><title>encoding="x"</title></rss>`:                   `<rss><title>encoding="x"</title></rss>`,
		`{"title":"<?xml encoding='x'?>"}`:                         `{"title":"<?xml encoding='x'?>"}`,
	}
	for in, want := range cases {
		if got := string(fixXMLDecl([]byte(in))); got != want {
			t.Errorf("fixXMLDecl(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestContentTypeCharset(t *testing.T) {
	cases := map[string]string{
		"text/xml; charset=ISO-8859-1":        "ISO-8859-1",
		`application/rss+xml;charset="utf-8"`: "utf-8",
		"text/xml":                            "",
		"":                                    "",
		"text/xml; charset=koi8-r; foo":       "koi8-r", // malformed parameter list
	}
	for in, want := range cases {
		if got := contentTypeCharset(in); got != want {
			t.Errorf("contentTypeCharset(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRealFeedsPassThrough fetches every saved real feed, plain and gzipped:
// UTF-8 feeds must come out byte for byte as served, and gofeed must parse
// them.
func TestRealFeedsPassThrough(t *testing.T) {
	files := readCorpus(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var i int
		fmt.Sscan(r.URL.Query().Get("i"), &i)
		if r.URL.Query().Get("gz") != "" {
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(compress(t, "gzip", files[i]))
			return
		}
		w.Write(files[i])
	}))
	defer srv.Close()
	c := testClient(t, Options{})
	parser := gofeed.NewParser()
	for i, want := range files {
		for _, gz := range []string{"", "1"} {
			resp, err := fetch(t, c, Request{URL: fmt.Sprintf("%s/?i=%d&gz=%s", srv.URL, i, gz)})
			if err != nil {
				t.Fatalf("file %d: %v", i, err)
			}
			if !bytes.Equal(resp.Body, bytes.TrimPrefix(want, []byte{0xEF, 0xBB, 0xBF})) {
				t.Errorf("file %d (gz=%q): body changed in transit (%d → %d bytes, charset %s)", i, gz, len(want), len(resp.Body), resp.Charset)
			}
			if _, err := parser.ParseString(string(resp.Body)); err != nil {
				t.Errorf("file %d: gofeed: %v", i, err)
			}
		}
	}
}

func TestSameArray(t *testing.T) {
	buf := []byte("\xEF\xBB\xBF<rss/>")
	if !sameArray(buf, buf) || !sameArray(buf[3:], buf) || sameArray(bytes.Clone(buf), buf) || sameArray(nil, buf) {
		t.Fatal("sameArray is wrong")
	}
}

func TestGuessLegacy(t *testing.T) {
	enc := func(e encoding.Encoding, s string) []byte { return mustEncode(t, e, s) }
	cases := []struct {
		in   []byte
		want string
	}{
		{enc(charmap.Windows1252, "Déclaration de l'Élysée après la réunion à Genève"), "windows-1252"},
		{enc(charmap.Windows1252, "Grüße aus Zürich, Köln und Düsseldorf"), "windows-1252"},
		{enc(charmap.Windows1252, "créée, señor, ½ «»"), "windows-1252"},
		{enc(charmap.Windows1251, "Министр иностранных дел провёл переговоры"), "windows-1251"},
		{enc(charmap.Windows1251, "Україна і Польща підписали угоду"), "windows-1251"},
		{enc(charmap.KOI8R, "Министр иностранных дел провёл переговоры"), "koi8-r"},
		{[]byte("plain ascii"), "windows-1252"},
	}
	for _, tc := range cases {
		if got := guessLegacy(tc.in); got != tc.want {
			t.Errorf("guessLegacy(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}
