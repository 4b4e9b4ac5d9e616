package tag

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

func TestZZDumpErrors(t *testing.T) {
	out := os.Getenv("TAG_DUMP")
	if out == "" {
		t.Skip()
	}
	entries := shippedTaxonomy(t)
	heads := map[string]bool{}
	hb, _ := os.ReadFile("/tmp/heads.txt")
	for _, f := range strings.Fields(string(hb)) {
		heads[f] = true
	}
	for i := range entries {
		e := &entries[i]
		if heads[e.ID] && len(e.Implies) == 0 {
			e.Implies = []string{e.Country}
		}
	}
	tg, err := New(entries)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, it := range loadEval(t) {
		r := tg.Tag(it.title, it.text)
		bad := false
		for _, c := range r.Countries {
			if !slices.Contains(it.Countries, c) {
				bad = true
			}
		}
		for _, c := range it.Countries {
			if !slices.Contains(it.Implicit, c) && !slices.Contains(r.Countries, c) {
				bad = true
			}
		}
		if os.Getenv("TAG_DUMP_ACTORS") != "" {
			bad = false
			for _, c := range r.Actors {
				if !slices.Contains(it.Actors, c) {
					bad = true
				}
			}
			for _, c := range it.Actors {
				if !slices.Contains(r.Actors, c) {
					bad = true
				}
			}
		}
		if !bad {
			continue
		}
		b.WriteString("=================== " + it.Feed + " " + it.Key + it.ID + " gold " + strings.Join(it.Countries, ",") + " implicit " + strings.Join(it.Implicit, ",") + " actors " + strings.Join(it.Actors, ",") + "\n")
		tg.Report(&b, it.title, it.text, r)
		t := it.text
		if len(t) > 1500 {
			t = t[:1500]
		}
		b.WriteString("TEXT: " + t + "\n")
	}
	os.WriteFile(out, []byte(b.String()), 0o644)
}

func TestZZSweep(t *testing.T) {
	if os.Getenv("TAG_SWEEP") == "" {
		t.Skip()
	}
	entries := shippedTaxonomy(t)
	heads := map[string]bool{}
	b, _ := os.ReadFile("/tmp/heads.txt")
	for _, f := range strings.Fields(string(b)) {
		heads[f] = true
	}
	for i := range entries {
		e := &entries[i]
		if heads[e.ID] && len(e.Implies) == 0 {
			e.Implies = []string{e.Country}
		}
	}
	tg, err := New(entries)
	if err != nil {
		t.Fatal(err)
	}
	items := loadEval(t)
	base := tg.params
	run := func(name string) {
		var named, act prf
		var sets = map[string]*prf{}
		for _, it := range items {
			r := tg.Tag(it.title, it.text)
			var ng []string
			for _, c := range it.Countries {
				if !slices.Contains(it.Implicit, c) {
					ng = append(ng, c)
				}
			}
			named.add(ng, r.Countries, it.Implicit)
			act.add(it.Actors, r.Actors, nil)
			if sets[it.set] == nil {
				sets[it.set] = &prf{}
			}
			sets[it.set].add(ng, r.Countries, it.Implicit)
		}
		t.Logf("%-30s %v | corpus %v | cases %v | actors %v", name, named, *sets["corpus"], *sets["cases"], act)
	}
	run("base")
	for _, v := range []float64{0.1, 0.125, 0.14} {
		tg.params = base
		tg.params.relCut = v
		run(fmt.Sprintf("relCut=%v", v))
	}
	tg.params = base
}

func TestZZImplies(t *testing.T) {
	if os.Getenv("TAG_SWEEP") == "" {
		t.Skip()
	}
	entries := shippedTaxonomy(t)
	heads := map[string]bool{}
	b, _ := os.ReadFile("/tmp/heads.txt")
	for _, f := range strings.Fields(string(b)) {
		heads[f] = true
	}
	for i := range entries {
		e := &entries[i]
		if e.Kind == "actor" && e.Type == "person" && e.Country != "" && len(e.Implies) == 0 && heads[e.ID] {
			e.Implies = []string{e.Country}
		}
	}
	tg, err := New(entries)
	if err != nil {
		t.Fatal(err)
	}
	evalReport(t, tg, loadEval(t), false)
}

func TestZZSeed(t *testing.T) {
	if os.Getenv("TAG_SWEEP") == "" {
		t.Skip()
	}
	title, text := readSeed(t)
	tg := shippedTagger(t)
	var b strings.Builder
	r := tg.Tag(title, text)
	tg.Report(&b, title, text, r)
	t.Log(b.String())
}

func TestZZSplit(t *testing.T) {
	if os.Getenv("TAG_SWEEP") == "" {
		t.Skip()
	}
	tg := shippedTagger(t)
	orig := map[string]bool{}
	b, _ := os.ReadFile("/tmp/tag_cases.orig.jsonl")
	for _, l := range strings.Split(string(b), "\n") {
		if i := strings.Index(l, `"id": "`); i >= 0 {
			r := l[i+7:]
			orig[r[:strings.Index(r, `"`)]] = true
		}
	}
	var old, nw []evalItem
	for _, it := range loadEval(t) {
		if it.set != "cases" {
			continue
		}
		if orig[it.ID] {
			old = append(old, it)
		} else {
			nw = append(nw, it)
		}
	}
	t.Log("OLD CASES")
	evalReport(t, tg, old, false)
	t.Log("NEW CASES")
	evalReport(t, tg, nw, false)
}
