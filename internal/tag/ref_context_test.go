package tag

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The context rules as they were before their words were indexed
// (contextWords.prepare): every word of a rule compared with every match.
// Frozen here as the reference the indexed lookups must agree with.

func refPassingMention(c *contextWords, full string, start int) bool {
	if start < 8 || full[start-1] != ' ' {
		return false
	}
	before := listHead(full[max(0, start-96):start])
	for _, w := range c.lead {
		if n := len(before); n >= len(w) && strings.EqualFold(before[n-len(w):], w) &&
			(n == len(w) || before[n-len(w)-1] == ' ') {
			return true
		}
	}
	return false
}

func refAway(c *contextWords, full string, start int) bool {
	if start < 8 || full[start-1] != ' ' {
		return false
	}
	before := strings.TrimRight(full[max(0, start-24):start], " ")
	if n := len(before); n > 4 && strings.EqualFold(before[n-4:], " the") {
		before = before[:n-4]
	}
	for _, w := range c.awayWords {
		if n := len(before); n >= len(w) && strings.EqualFold(before[n-len(w):], w) {
			return true
		}
	}
	return false
}

func refFormerBefore(c *contextWords, full string, start, n int) bool {
	if len(c.formerWords) == 0 || start < 3 {
		return false
	}
	before := full[max(0, start-64):start]
	if strings.HasSuffix(before, "-") {
		before = strings.TrimSuffix(before, "-")
	} else if !strings.HasSuffix(before, " ") {
		return false
	}
	b := strings.TrimRight(before, " ")
	for words := 0; words < n; words++ {
		w, rest := cutLastWord(b)
		if w == "" {
			return false
		}
		for _, f := range c.formerWords {
			if strings.EqualFold(w, f) {
				return true
			}
		}
		b = strings.TrimRight(rest, " ")
		if len(rest) == len(b) {
			return false
		}
	}
	return false
}

func refReaction(c *contextWords, ft *foldTable, nt *normText, k int) bool {
	lo := int(nt.breaks[k])
	hi := len(nt.b)
	if k+1 < len(nt.breaks) {
		hi = int(nt.breaks[k+1])
	}
	sent := nt.b[lo:hi]
	// Every stem in matching form, as the list prepare made before it
	// indexed them.
	type reactedStem struct {
		stem     []byte
		anywhere bool
	}
	var stems []reactedStem
	for _, w := range c.reacted {
		if n := ft.normalizeString(w); n != "" {
			r, _ := utf8.DecodeRuneInString(n)
			stems = append(stems, reactedStem{stem: []byte(n), anywhere: unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai)})
		}
	}
	for _, w := range stems {
		for i := 0; ; {
			j := bytes.Index(sent[i:], w.stem)
			if j < 0 {
				break
			}
			at := i + j
			if w.anywhere || at == 0 || !isWordByteBefore(sent, at) {
				return true
			}
			i = at + 1
		}
	}
	return false
}

// TestIndexedContextWordsDecideAsTheReference runs the passing-mention,
// away, former and reaction rules at every position of the corpus's items and of
// the written cases in many languages, indexed and as they were: the same
// answer everywhere, and each rule holds somewhere (so the comparison
// compares something).
func TestIndexedContextWordsDecideAsTheReference(t *testing.T) {
	tg := shippedTagger(t)
	c := &tg.ctx
	texts := corpusTexts(t)
	for _, name := range []string{"tag_cases_lang.jsonl", "tag_cases_lang3.jsonl", "tag_cases_lang4.jsonl", "tag_cases_lang5.jsonl", "tag_cases_period.jsonl"} {
		texts = append(texts, caseTexts(t, "../../eval/"+name)...)
	}
	var passing, away, former, reacted int
	var nt normText
	for _, full := range texts {
		for start := 0; start <= len(full); start++ {
			if start < len(full) && !utf8.RuneStart(full[start]) {
				continue
			}
			if got, want := c.passingMention(full, start), refPassingMention(c, full, start); got != want {
				t.Fatalf("passing mention at %d of %q: %v, reference %v", start, full[max(0, start-60):start], got, want)
			} else if got {
				passing++
			}
			if got, want := c.away(full, start), refAway(c, full, start); got != want {
				t.Fatalf("away at %d of %q: %v, reference %v", start, full[max(0, start-60):start], got, want)
			} else if got {
				away++
			}
			for _, n := range []int{2, 3} {
				if got, want := c.formerBefore(full, start, n), refFormerBefore(c, full, start, n); got != want {
					t.Fatalf("former (%d words) at %d of %q: %v, reference %v", n, start, full[max(0, start-60):start], got, want)
				} else if got {
					former++
				}
			}
		}
		tg.ft.normalize(full, &nt)
		for k := range nt.breaks {
			if got, want := c.reaction(&nt, k), refReaction(c, tg.ft, &nt, k); got != want {
				t.Fatalf("reaction in sentence %d of %q: %v, reference %v", k, full, got, want)
			} else if got {
				reacted++
			}
		}
	}
	if passing == 0 || away == 0 || former == 0 || reacted == 0 {
		t.Fatalf("over %d texts the rules held %d, %d, %d and %d times: the comparison compared nothing", len(texts), passing, away, former, reacted)
	}
	t.Logf("%d texts: %d passing mentions, %d away, %d former, %d reaction sentences, all as the reference", len(texts), passing, away, former, reacted)
}

// caseTexts reads the title and text of each case of a JSON Lines file.
func caseTexts(t *testing.T, path string) []string {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var out []string
	sc := bufio.NewScanner(fh)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var c struct{ Title, Text string }
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, c.Title+"\n"+c.Text)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// refCutLastWord is cutLastWord as it was, with the rune test only.
func refCutLastWord(s string) (word, rest string) {
	if s == "" {
		return "", s
	}
	if s[len(s)-1] == ',' {
		return ",", s[:len(s)-1]
	}
	i := strings.LastIndexFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && r != '.' && r != '\'' && r != '-'
	})
	return s[i+1:], s[:i+1]
}

// TestCutLastWordAsTheReference cuts every prefix of the corpus's items and
// of texts in several scripts, with stray bytes, as the reference does.
func TestCutLastWordAsTheReference(t *testing.T) {
	texts := []string{"Mr. O'Neil-Smith, the U.S. envoy", "бывший президент СССР", "Ex-Präsident Müller,", "ﬁne \xff\xc3abc", "9a.b'c-d", ""}
	texts = append(texts, corpusTexts(t)...)
	texts = append(texts, caseTexts(t, "../../eval/tag_cases_lang.jsonl")...)
	cut := 0
	for _, full := range texts {
		for end := 0; end <= len(full); end++ {
			s := full[:end]
			w, rest := cutLastWord(s)
			rw, rrest := refCutLastWord(s)
			if w != rw || rest != rrest {
				t.Fatalf("cutLastWord(%q) = %q, %q; reference %q, %q", s[max(0, end-40):], w, rest, rw, rrest)
			}
			if w != "" {
				cut++
			}
		}
	}
	if cut == 0 {
		t.Fatal("no word cut: the comparison compared nothing")
	}
}

// TestReactionOnBrokenText compares the reaction rule with the reference on
// corpus texts with stray bytes put in (continuation bytes, cut characters,
// bytes no UTF-8 holds), next to the reaction stems too: offsets inside and
// around characters are read alike.
func TestReactionOnBrokenText(t *testing.T) {
	tg := shippedTagger(t)
	c := &tg.ctx
	texts := corpusTexts(t)
	texts = append(texts, caseTexts(t, "../../eval/tag_cases_lang.jsonl")...)
	rng := rand.New(rand.NewPCG(7, 8))
	stray := []string{"\x80", "\xa9", "\xc3", "\xe4\xb8", "\xff", "a", "'", "\xe8\xb0"}
	var nt normText
	reacted := 0
	for _, full := range texts {
		for range 3 {
			b := []byte(full)
			for range 1 + len(b)/40 {
				at := rng.IntN(len(b) + 1)
				b = slices.Insert(b, at, []byte(stray[rng.IntN(len(stray))])...)
			}
			tg.ft.normalize(string(b), &nt)
			for k := range nt.breaks {
				if got, want := c.reaction(&nt, k), refReaction(c, tg.ft, &nt, k); got != want {
					t.Fatalf("reaction in sentence %d of %q: %v, reference %v", k, b, got, want)
				} else if got {
					reacted++
				}
			}
		}
	}
	if reacted == 0 {
		t.Fatal("no sentence reacted: the comparison compared nothing")
	}
}

// corpusTexts are the titles and texts of the saved news feeds, each as
// Tag reads them (title, newline, text).
func corpusTexts(t *testing.T) []string {
	var texts []string
	for _, feed := range readCorpus(t) {
		for _, it := range feed {
			texts = append(texts, it.title+"\n"+it.text)
		}
	}
	return texts
}
