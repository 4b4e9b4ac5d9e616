package tag

import (
	"reflect"
	"sync"
	"testing"
)

// A command that tags nothing (a round where every feed answered 304) must
// not pay for the automaton: New resolves the geography only, lookups work
// without the matcher, and the first Tag builds it.
func TestNewDefersTheMatcher(t *testing.T) {
	tg := testTagger(t)
	if tg.ac != nil || tg.pats != nil {
		t.Fatal("New built the automaton; it should wait for the first Tag or Prepare")
	}
	if _, ok := tg.Lookup("SY"); !ok {
		t.Error("Lookup(SY) failed before the matcher was built")
	}
	if !tg.Within("idlib", "syria") {
		t.Error("Within(idlib, syria) is false before the matcher was built")
	}
	if tg.ac != nil {
		t.Error("a lookup built the automaton")
	}
	r := tg.Tag("Syria talks", "Talks in Damascus went on.")
	if tg.ac == nil {
		t.Fatal("Tag did not build the automaton")
	}
	if len(r.Countries) == 0 || r.Countries[0] != "SY" {
		t.Errorf("countries = %v, want SY", r.Countries)
	}
}

// Prepare builds in the background while Tag calls from several goroutines
// wait for the one build; every result equals the one of a tagger used
// from a single goroutine (run under -race).
func TestPrepareWhileTagging(t *testing.T) {
	title, text := "Syria talks", "Talks in Damascus and Moscow went on; Russia and Syria agreed."
	want := testTagger(t).Tag(title, text)
	tg := testTagger(t)
	tg.Prepare()
	var wg sync.WaitGroup
	got := make([]Result, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%2 == 0 {
				tg.Prepare()
			}
			got[i] = tg.Tag(title, text)
		}()
	}
	wg.Wait()
	for i, r := range got {
		if !reflect.DeepEqual(r, want) {
			t.Errorf("goroutine %d: %+v, want %+v", i, r, want)
		}
	}
}
