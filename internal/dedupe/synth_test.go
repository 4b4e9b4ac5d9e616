package dedupe

import (
	"math/rand/v2"
	"strings"
	"time"
)

// synth generates realistic-looking synthetic articles for scale tests and
// benchmarks: words drawn from a Zipf-distributed vocabulary of pseudo-words
// (so common words and phrases recur across articles as in real news), a
// 10-word title and a 150-word text. Deterministic for a given seed.
type synth struct {
	rng   *rand.Rand
	zipf  *rand.Zipf
	vocab []string
}

func newSynth(seed uint64) *synth {
	rng := rand.New(rand.NewPCG(seed, seed^0x5DEECE66D))
	syl := []string{"ka", "ro", "mi", "tan", "le", "su", "vor", "di", "ne", "pa", "sha", "lo", "gri", "ve", "tu", "mar", "ist", "en", "ob", "qua"}
	vocab := make([]string, 20000)
	for i := range vocab {
		var b strings.Builder
		n := 1 + i%3
		if i < 100 {
			n = 1 // the most frequent words are short, like "the", "of"
		}
		x := i
		for j := 0; j < n; j++ {
			b.WriteString(syl[x%len(syl)])
			x = x/len(syl) + j*7
		}
		b.WriteString(syl[(i*13)%len(syl)][:1])
		vocab[i] = b.String()
	}
	return &synth{rng: rng, zipf: rand.NewZipf(rng, 1.07, 2, uint64(len(vocab)-1)), vocab: vocab}
}

func (s *synth) words(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s.vocab[s.zipf.Uint64()])
		if s.rng.IntN(12) == 0 {
			b.WriteByte('.')
		}
	}
	return b.String()
}

// doc returns a synthetic article with the given ids and time.
func (s *synth) doc(article int64, t time.Time) Doc {
	return Doc{ArticleID: article, StoryID: article, Source: "synthetic", Time: t, Title: s.words(10), Text: s.words(150)}
}

// edit returns a lightly edited copy of d, as a syndicating site would run
// it: a new title, a few words changed, the last sentence dropped.
func (s *synth) edit(d Doc, article int64) Doc {
	w := strings.Fields(d.Text)
	for k := 0; k < 4; k++ {
		w[s.rng.IntN(len(w))] = s.vocab[s.zipf.Uint64()]
	}
	w = w[:len(w)-8]
	d.ArticleID, d.Title, d.Text = article, s.words(9), strings.Join(w, " ")
	return d
}
