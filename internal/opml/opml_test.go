package opml

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/intlwire/aggregator/internal/config"
)

func open(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestImportNestedCategoriesAndDuplicates(t *testing.T) {
	existing := []config.Source{{ID: "bbc-turkce", URL: "http://feeds.bbci.co.uk/turkce/rss.xml"}}
	res, err := ImportReport(open(t, "subscriptions.opml"), existing)
	if err != nil {
		t.Fatal(err)
	}
	want := []config.Source{
		{ID: "al-jazeera-english", URL: "https://www.aljazeera.com/xml/rss/all.xml", Name: "Al Jazeera English", Tags: []string{"middle-east"}},
		{ID: "bbc", URL: "https://feeds.bbci.co.uk/arabic/rss.xml", Name: "BBC عربي", Language: "ar", Tags: []string{"middle-east"}},
		{ID: "l-orient-today", URL: "https://today.lorientlejour.com/rss", Name: "L'Orient Today", Tags: []string{"middle-east", "levant", "news", "lebanon"}},
		{ID: "meduza-english", URL: "https://meduza.io/rss/en/all", Name: "Meduza (English)", Language: "en", Tags: []string{"europe-and-russia"}},
		{ID: "al-jazeera-english-2", URL: "https://www.aljazeera.com/xml/rss/all.xml?edition=int", Name: "Al Jazeera English"},
	}
	if !reflect.DeepEqual(res.Sources, want) {
		t.Errorf("sources:\n got %+v\nwant %+v", res.Sources, want)
	}
	var reasons []string
	for _, s := range res.Skipped {
		reasons = append(reasons, s.Title+": "+s.Reason)
	}
	wantSkipped := []string{
		`Meduza mirror: already configured as source "meduza-english"`,
		`Türkçe haberler: already configured as source "bbc-turkce"`,
		"Broken entry with no feed: no xmlUrl",
		"Local file: not an absolute http(s) URL",
	}
	if !reflect.DeepEqual(reasons, wantSkipped) {
		t.Errorf("skipped:\n got %q\nwant %q", reasons, wantSkipped)
	}
}

func TestReimportAddsNothing(t *testing.T) {
	first, err := Import(open(t, "subscriptions.opml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != 6 {
		t.Fatalf("first import: %d sources, want 6", len(first))
	}
	again, err := Import(open(t, "subscriptions.opml"), first)
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != 0 {
		t.Errorf("re-import added %d sources: %+v", len(again), again)
	}
}

func TestImportIDsAvoidExistingIDs(t *testing.T) {
	in := `<opml version="2.0"><body>
<outline text="Reuters World" xmlUrl="https://example.org/a.xml"/>
<outline text="Reuters World" xmlUrl="https://example.org/b.xml"/>
<outline text="中文新闻" xmlUrl="https://www.example.cn/news/world.xml"/>
</body></opml>`
	got, err := Import(strings.NewReader(in), []config.Source{{ID: "reuters-world", URL: "https://example.org/old.xml"}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range got {
		ids = append(ids, s.ID)
	}
	if want := []string{"reuters-world-2", "reuters-world-3", "example-cn-news-world"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("ids %q, want %q", ids, want)
	}
}

// A feed the config already has, written with a default port, is skipped:
// the import uses the config's own same-feed key (urlkit.FeedKey), so it
// never writes a source the config would refuse as "the same url".
func TestImportSkipsConfiguredFeedWithDefaultPort(t *testing.T) {
	in := `<opml version="2.0"><body>
<outline text="Desk" xmlUrl="http://Example.org:80/world/feed.xml"/>
<outline text="Other" xmlUrl="https://example.org:8443/world/feed.xml"/>
</body></opml>`
	existing := []config.Source{{ID: "desk", URL: "https://example.org/world/feed.xml"}}
	got, err := Import(strings.NewReader(in), existing)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].URL != "https://example.org:8443/world/feed.xml" {
		t.Errorf("imported %+v, want only the feed on port 8443", got)
	}
}

func TestImportCharset(t *testing.T) {
	got, err := Import(open(t, "latin1.opml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Name != "Le Monde à l'international" || got[0].ID != "le-monde-a-l-international" ||
		!reflect.DeepEqual(got[0].Tags, []string{"francais"}) {
		t.Errorf("got %+v", got)
	}
}

func TestImportErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"broken", "", "opml: bad XML at line 6: element <outline> closed by </body>"},
		{"empty", "", "opml: EOF"},
		{"rss", `<?xml version="1.0"?><rss version="2.0"><channel/></rss>`, "opml: not an OPML document (no <opml> root element)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var r *strings.Reader
			if tc.name == "broken" {
				data, err := os.ReadFile(filepath.Join("testdata", "broken.opml"))
				if err != nil {
					t.Fatal(err)
				}
				r = strings.NewReader(string(data))
			} else {
				r = strings.NewReader(tc.in)
			}
			_, err := Import(r, nil)
			if err == nil || err.Error() != tc.want {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

// The YAML written for imported sources is a valid sources.yaml: the real
// config loader accepts it and reads back the same sources.
func TestWriteSourcesYAMLLoads(t *testing.T) {
	srcs, err := Import(open(t, "subscriptions.opml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	srcs[0].Schedule = "@every 5m"
	srcs[1].Disabled = true
	var buf bytes.Buffer
	if err := WriteSourcesYAML(&buf, srcs); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "sources:\n  - id: al-jazeera-english\n    url: https://www.aljazeera.com/xml/rss/all.xml\n") ||
		!strings.Contains(buf.String(), "    tags: [middle-east, levant, news, lebanon]\n") {
		t.Errorf("unexpected layout:\n%s", buf.String())
	}
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("aggregator.yaml", "database: agg.db\ntaxonomy: taxonomy.yaml\n")
	write("sources.yaml", buf.String())
	write("topics.yaml", "topics:\n  - slug: all\n    title: All\n    match: topic:diplomacy\n")
	write("taxonomy.yaml", "entries:\n  - {id: diplomacy, kind: topic, name: Diplomacy}\n")
	cfg, err := config.Load(filepath.Join(dir, "aggregator.yaml"))
	if err != nil {
		t.Fatalf("config.Load: %v\n%s", err, buf.String())
	}
	for i := range cfg.Sources {
		cfg.Sources[i].Pos = config.Pos{}
	}
	if !reflect.DeepEqual(cfg.Sources, srcs) {
		t.Errorf("round trip:\n got %+v\nwant %+v", cfg.Sources, srcs)
	}

	buf.Reset()
	if err := WriteSourcesYAML(&buf, nil); err != nil || buf.String() != "sources: []\n" {
		t.Errorf("empty list: %q, %v", buf.String(), err)
	}
}
