// Package storyeval scores story clustering against event-labelled articles:
// pairwise precision, recall and F1 over article pairs (the measure of
// Miranda et al. 2018) and B-cubed per article. The evaluations of
// internal/story and internal/pipeline share it.
package storyeval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"strings"
)

// Article is one event-labelled article, as in ../shared/corpus/events and
// the sets in eval/: articles with the same Event report the same real-world
// event; events with the same Topic are alike but distinct.
type Article struct {
	ID        string `json:"id"`
	Event     string `json:"event"`
	Topic     string `json:"topic"`
	Source    string `json:"source"`
	Lang      string `json:"lang"`
	Published string `json:"published"` // RFC 3339, may be empty
	URL       string `json:"url"`
	Title     string `json:"title"`
	Text      string `json:"text"`
}

// SourceID is the source id an evaluation serves the article under: its
// outlet's name made an id; articles without an outlet (ECB+) are spread
// over twelve pseudo-outlets, so that feeds hold many stories, as real ones
// do. The pipeline's evaluation and the stage's quick replica of it must
// agree on it, since the feed order moves the figures.
func (a Article) SourceID() string {
	src := a.Source
	if src == "" {
		h := fnv.New32a()
		h.Write([]byte(a.ID))
		src = fmt.Sprintf("wire-%d", h.Sum32()%12)
	}
	var b strings.Builder
	for _, r := range strings.ToLower(src) {
		if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-")
}

// Read reads a JSON-lines set; a missing file is os.ErrNotExist.
func Read(path string) ([]Article, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Article
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var a Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return nil, fmt.Errorf("storyeval: %s:%d: %w", path, line, err)
		}
		out = append(out, a)
	}
	return out, sc.Err()
}

// Breakdown counts what kinds of pairs went wrong or right: false joins of
// look-alike events (same topic) and of unrelated ones, and the same-event
// pairs joined, written in one language and in two.
type Breakdown struct {
	FalseSameTopic, FalseOtherTopic int
	SameLang, SameLangJoined        int
	CrossLang, CrossLangJoined      int
}

func (b Breakdown) String() string {
	return fmt.Sprintf("false joins: %d look-alike, %d other · same-event pairs joined: %d/%d in one language, %d/%d across languages",
		b.FalseSameTopic, b.FalseOtherTopic, b.SameLangJoined, b.SameLang, b.CrossLangJoined, b.CrossLang)
}

// Break computes the Breakdown of a predicted clustering.
func Break(docs []Article, pred []int64) Breakdown {
	var b Breakdown
	for i := range docs {
		for j := i + 1; j < len(docs); j++ {
			joined := pred[i] == pred[j]
			switch {
			case docs[i].Event != docs[j].Event && joined && docs[i].Topic == docs[j].Topic:
				b.FalseSameTopic++
			case docs[i].Event != docs[j].Event && joined:
				b.FalseOtherTopic++
			case docs[i].Event != docs[j].Event:
			case docs[i].Lang == docs[j].Lang:
				b.SameLang++
				if joined {
					b.SameLangJoined++
				}
			default:
				b.CrossLang++
				if joined {
					b.CrossLangJoined++
				}
			}
		}
	}
	return b
}

// Scores compares predicted clusters with labelled events over all
// pairs of articles (pairwise) and per article (B-cubed).
type Scores struct {
	TP, FP, FN                 int
	P, R, F1                   float64
	BcubedP, BcubedR, BcubedF1 float64
}

func (s Scores) String() string {
	return fmt.Sprintf("pairwise P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d) · B-cubed P %.3f R %.3f F1 %.3f",
		s.P, s.R, s.F1, s.TP, s.FP, s.FN, s.BcubedP, s.BcubedR, s.BcubedF1)
}

// Score scores predicted cluster ids against gold labels, one of each
// per article.
func Score(gold []string, pred []int64) Scores {
	var s Scores
	n := len(gold)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			same, joined := gold[i] == gold[j], pred[i] == pred[j]
			switch {
			case same && joined:
				s.TP++
			case joined:
				s.FP++
			case same:
				s.FN++
			}
		}
	}
	s.P, s.R, s.F1 = ratio(s.TP, s.TP+s.FP), ratio(s.TP, s.TP+s.FN), 0
	if s.P+s.R > 0 {
		s.F1 = 2 * s.P * s.R / (s.P + s.R)
	}
	for i := 0; i < n; i++ {
		var both, inPred, inGold int
		for j := 0; j < n; j++ {
			g, p := gold[i] == gold[j], pred[i] == pred[j]
			if g && p {
				both++
			}
			if p {
				inPred++
			}
			if g {
				inGold++
			}
		}
		s.BcubedP += float64(both) / float64(inPred)
		s.BcubedR += float64(both) / float64(inGold)
	}
	if n > 0 {
		s.BcubedP /= float64(n)
		s.BcubedR /= float64(n)
	}
	if s.BcubedP+s.BcubedR > 0 {
		s.BcubedF1 = 2 * s.BcubedP * s.BcubedR / (s.BcubedP + s.BcubedR)
	}
	return s
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}
