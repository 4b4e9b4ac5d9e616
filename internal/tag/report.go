package tag

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/intlwire/aggregator/internal/model"
)

// jsonLine is the `aggregator tag -jsonl` output record (DESIGN.md contract).
type jsonLine struct {
	ID        any             `json:"id"`
	Countries []string        `json:"countries"`
	Venue     string          `json:"venue"`
	Regions   []string        `json:"regions"`
	Places    []string        `json:"places"`
	Actors    []string        `json:"actors"`
	Topics    []string        `json:"topics"`
	Mentions  []model.Mention `json:"mentions"`
}

// JSONLine renders one `aggregator tag -jsonl` output line (without the
// newline): {"id":..,"countries":[..],"venue":"GB","regions":[..],"places":[..],
// "actors":[..],"topics":[..],"mentions":[{"tag":..,"kind":..,"text":..,"offset":N}]}.
// Empty lists are written as [] so that consumers never see null.
func (t *Tagger) JSONLine(id any, r Result) ([]byte, error) {
	nz := func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return s
	}
	ms := r.Mentions
	if ms == nil {
		ms = []model.Mention{}
	}
	b, err := json.Marshal(jsonLine{
		ID: id, Countries: nz(r.Countries), Venue: r.Venue, Regions: nz(r.Regions), Places: nz(r.Places),
		Actors: nz(r.Actors), Topics: nz(r.Topics), Mentions: ms,
	})
	if err != nil {
		return nil, fmt.Errorf("tag: encode result: %w", err)
	}
	return b, nil
}

// Report writes the human-readable evidence report of `aggregator tag`: the
// tags, then every entry that matched with its score, whether it is salient
// and each word that matched where, so an editor can see why a story landed
// in a feed and which taxonomy entry to fix. r is the Result of Tag(title, text).
func (t *Tagger) Report(w io.Writer, title, text string, r Result) {
	an := t.analyze(title, text, new(scratch))
	fmt.Fprintf(w, "title: %s\n", oneLine(title, 120))
	line := func(label string, xs []string) {
		fmt.Fprintf(w, "%-10s %s\n", label+":", strings.Join(t.described(xs), ", "))
	}
	line("countries", r.Countries)
	venue := []string{}
	if r.Venue != "" {
		venue = append(venue, r.Venue)
	}
	line("venue", venue)
	line("regions", r.Regions)
	line("places", r.Places)
	line("actors", r.Actors)
	line("topics", r.Topics)
	fmt.Fprintln(w, "evidence:")
	byEntry := map[string][]model.Mention{}
	for _, m := range r.Mentions {
		byEntry[m.Tag] = append(byEntry[m.Tag], m)
	}
	ids := make([]int32, 0, len(an.scores))
	for _, s := range an.list {
		ids = append(ids, s.e)
	}
	sort.Slice(ids, func(i, j int) bool {
		a, b := an.scores[ids[i]], an.scores[ids[j]]
		if a.salient != b.salient {
			return a.salient
		}
		if a.total != b.total {
			return a.total > b.total
		}
		return t.entries[ids[i]].ID < t.entries[ids[j]].ID
	})
	titleLen := len(title)
	for _, e := range ids {
		s := an.scores[e]
		ent := &t.entries[e]
		state := "not salient"
		switch {
		case s.implied:
			state = "implied"
		case s.salient:
			state = "salient"
		}
		fmt.Fprintf(w, "  %-8s %-28s score %5.1f  %s\n", ent.Kind, t.describe(e), s.total, state)
		for _, m := range byEntry[ent.ID] {
			where := "body"
			if m.Offset < titleLen {
				where = "title"
			}
			fmt.Fprintf(w, "           %-5s @%-6d %q  %s\n", where, m.Offset, m.Text, context(an.full, m.Offset, len(m.Text)))
		}
	}
}

// described names each id or ISO code for the report.
func (t *Tagger) described(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		if e, ok := t.index(x); ok {
			out[i] = t.describe(e)
		} else {
			out[i] = x
		}
	}
	return out
}

func (t *Tagger) describe(e int32) string {
	ent := &t.entries[e]
	if ent.ISO != "" {
		return fmt.Sprintf("%s %s (%s)", ent.ISO, ent.Name, ent.ID)
	}
	return fmt.Sprintf("%s (%s)", ent.Name, ent.ID)
}

// context is the text around a match, on one line, for the report.
func context(full string, off, n int) string {
	lo, hi := max(0, off-30), min(len(full), off+n+30)
	for lo > 0 && lo < len(full) && full[lo]&0xC0 == 0x80 {
		lo--
	}
	for hi < len(full) && full[hi]&0xC0 == 0x80 {
		hi++
	}
	flat := strings.NewReplacer("\n", " ", "\r", " ", "\t", " ")
	return "…" + flat.Replace(full[lo:off]) + "[" + full[off:off+n] + "]" + flat.Replace(full[off+n:hi]) + "…"
}

func oneLine(s string, limit int) string {
	s = strings.Join(strings.Fields(s), " ")
	if limit > 0 && len(s) > limit {
		cut := limit
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}
