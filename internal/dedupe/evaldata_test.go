package dedupe

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
)

// evalDoc is one labelled article of the near-duplicate eval.
type evalDoc struct {
	ID, Story, Event, Topic, Source string
	Time                            time.Time
	Title, Text                     string
	Corpus                          bool // from the saved real feeds
}

// Paths relative to the package directory.
const (
	writtenPath = "../../eval/dedupe_written.txt"
	corpusLabel = "../../eval/dedupe_corpus.jsonl"
	corpusDir   = "../../../shared/corpus/news"
)

// loadWritten parses eval/dedupe_written.txt (format in its header).
func loadWritten(t testing.TB) []evalDoc {
	f, err := os.Open(writtenPath)
	if err != nil {
		t.Fatalf("eval data: %v", err)
	}
	defer f.Close()
	var docs []evalDoc
	byID := map[string]int{}
	var cur *evalDoc
	var paras []string
	var para strings.Builder
	var edits []string
	from := ""
	lineNo := 0
	endPara := func() {
		if s := strings.TrimSpace(para.String()); s != "" {
			paras = append(paras, s)
		}
		para.Reset()
	}
	finish := func() {
		if cur == nil {
			return
		}
		endPara()
		if from != "" {
			base, ok := byID[from]
			if !ok {
				t.Fatalf("%s: %s: from=%s is not defined earlier", writtenPath, cur.ID, from)
			}
			cur.Title = docs[base].Title
			ps := strings.Split(docs[base].Text, "\n\n")
			for _, e := range edits {
				ps = applyEdit(t, cur, ps, e)
			}
			paras = ps
		}
		cur.Text = strings.Join(paras, "\n\n")
		if _, dup := byID[cur.ID]; dup {
			t.Fatalf("%s: duplicate id %s", writtenPath, cur.ID)
		}
		byID[cur.ID] = len(docs)
		docs = append(docs, *cur)
		cur, paras, edits, from = nil, nil, nil, ""
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		lineNo++
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "#"): // comment
		case strings.HasPrefix(line, "@@ "):
			finish()
			cur = &evalDoc{}
			for _, kv := range strings.Fields(line[3:]) {
				k, v, _ := strings.Cut(kv, "=")
				switch k {
				case "id":
					cur.ID = v
				case "story":
					cur.Story = v
				case "event":
					cur.Event = v
				case "topic":
					cur.Topic = v
				case "source":
					cur.Source = v
				case "from":
					from = v
				case "time":
					tm, err := time.Parse(time.RFC3339, v)
					if err != nil {
						t.Fatalf("%s:%d: %v", writtenPath, lineNo, err)
					}
					cur.Time = tm
				default:
					t.Fatalf("%s:%d: unknown key %q", writtenPath, lineNo, k)
				}
			}
			if cur.ID == "" || cur.Story == "" || cur.Time.IsZero() {
				t.Fatalf("%s:%d: record needs id, story and time", writtenPath, lineNo)
			}
		case cur == nil:
		case strings.HasPrefix(line, "T: ") && from == "":
			cur.Title = line[3:]
		case from != "":
			if strings.TrimSpace(line) != "" {
				edits = append(edits, line)
			}
		case strings.TrimSpace(line) == "":
			endPara()
		default:
			if para.Len() > 0 {
				para.WriteByte(' ')
			}
			para.WriteString(line)
		}
	}
	finish()
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return docs
}

// applyEdit applies one edit line of a derived record to its paragraphs.
func applyEdit(t testing.TB, d *evalDoc, ps []string, e string) []string {
	fail := func(msg string) { t.Fatalf("%s: %s: edit %q: %s", writtenPath, d.ID, e, msg) }
	switch {
	case strings.HasPrefix(e, "T: "):
		d.Title = e[3:]
	case strings.HasPrefix(e, "s|"):
		parts := strings.Split(e, "|")
		if len(parts) != 4 {
			fail("want s|old|new|")
		}
		done := false
		for i := range ps {
			if strings.Contains(ps[i], parts[1]) {
				ps[i] = strings.TrimSpace(strings.Replace(ps[i], parts[1], parts[2], 1))
				done = true
				break
			}
		}
		if !done {
			fail("old text not found")
		}
	case strings.HasPrefix(e, "drop "), strings.HasPrefix(e, "keep "):
		n, err := strconv.Atoi(strings.TrimSpace(e[5:]))
		if err != nil || n < 1 || n > len(ps) {
			fail("bad paragraph number")
		}
		if e[0] == 'd' {
			ps = append(ps[:n-1:n-1], ps[n:]...)
		} else {
			ps = ps[:n]
		}
	case e == "lede":
		// Keep the first sentence only, as a feed summary often does.
		first := ps[0]
		if k := strings.Index(first, ". "); k > 0 {
			first = first[:k+1]
		}
		ps = []string{first}
	case strings.HasPrefix(e, "^ "):
		ps = append([]string{e[2:]}, ps...)
	case strings.HasPrefix(e, "+ "):
		ps = append(ps, e[2:])
	default:
		fail("unknown edit")
	}
	return ps
}

// corpusRef labels one item of the saved feeds; the text stays in the feed.
type corpusRef struct {
	Feed  string `json:"feed"`
	GUID  string `json:"guid"` // the item's GUID, or its link when it has none
	Story string `json:"story"`
	Event string `json:"event"`
	Topic string `json:"topic"`
	Note  string `json:"note"`
}

// loadCorpus reads every dated item of the saved feeds (nil when the corpus
// is absent) and applies the labels of eval/dedupe_corpus.jsonl. Items
// without a label are their own story.
func loadCorpus(t testing.TB) []evalDoc {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.xml"))
	if len(files) == 0 {
		return nil
	}
	labels := map[string]corpusRef{}
	if b, err := os.ReadFile(corpusLabel); err == nil {
		for i, line := range strings.Split(string(b), "\n") {
			if strings.TrimSpace(line) == "" {
				continue
			}
			var r corpusRef
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				t.Fatalf("%s:%d: %v", corpusLabel, i+1, err)
			}
			labels[r.Feed+"#"+r.GUID] = r
		}
	}
	p := gofeed.NewParser()
	var docs []evalDoc
	used := map[string]bool{}
	for _, fn := range files {
		fh, err := os.Open(fn)
		if err != nil {
			t.Fatal(err)
		}
		feed, err := p.Parse(fh)
		fh.Close()
		if err != nil {
			continue // the corpus holds one empty file
		}
		base := filepath.Base(fn)
		for k, it := range feed.Items {
			key := it.GUID
			if key == "" {
				key = it.Link
			}
			when := it.PublishedParsed
			if when == nil {
				when = it.UpdatedParsed
			}
			if when == nil || key == "" {
				continue
			}
			text := htmlText(it.Content)
			if sum := htmlText(it.Description); len(sum) > len(text) {
				text = sum
			}
			d := evalDoc{
				ID: fmt.Sprintf("%s#%d", base, k), Story: base + "#" + key, Source: base,
				Time: when.UTC(), Title: htmlText(it.Title), Text: text, Corpus: true,
			}
			if l, ok := labels[base+"#"+key]; ok {
				used[base+"#"+key] = true
				d.Story, d.Event, d.Topic = l.Story, l.Event, l.Topic
			}
			docs = append(docs, d)
		}
	}
	for k := range labels {
		if !used[k] {
			t.Errorf("%s: label for %s matches no dated item in the corpus", corpusLabel, k)
		}
	}
	return docs
}

// htmlText returns the text of an HTML fragment, tags removed.
func htmlText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return strings.TrimSpace(s)
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			b.Write(z.Text())
		default:
			b.WriteByte(' ')
		}
	}
}
