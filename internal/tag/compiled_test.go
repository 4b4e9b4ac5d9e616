package tag

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/model"
)

// notCompiledState are the Tagger fields that are not its compiled state:
// synchronization, the build's inputs (nil once built) and the cache it
// writes to. Every other field must survive WriteCompiled and ReadCompiled.
var notCompiledState = []string{"pool", "build", "building", "srcEntries", "srcRules", "cache"}

// encodedFields lists the fields of every struct of the compiled state as
// the codec (compiled_parts.go, automaton_codec.go, params.ptrs) knows them.
// A field added to one of these structs fails TestCompiledCodecCoversEveryField
// until it is written and read by the codec and listed here.
var encodedFields = map[reflect.Type][]string{
	reflect.TypeFor[Tagger]():     {"entries", "byID", "byISO", "aliases", "pats", "patFlags", "hints", "rules", "ac", "ft", "affixes", "affixIdx", "params", "ctx"},
	reflect.TypeFor[entry]():      {"Entry", "ancestors", "country", "implies", "armedIn"},
	reflect.TypeFor[Entry]():      {"ID", "Kind", "Name", "ISO", "Parents"},
	reflect.TypeFor[alias]():      {"entry", "rule", "text", "caseSensitive", "needCap", "exact", "src", "pre", "suf", "block", "personLike"},
	reflect.TypeFor[aliasRule]():  {"caseKey", "near", "notNear"},
	reflect.TypeFor[pattern]():    {"aliases", "hint", "topicLayer", "wordStart", "wordEnd", "hangulStart", "flexStart", "flexEnd"},
	reflect.TypeFor[affixSet]():   {"forms", "bare"},
	reflect.TypeFor[automaton]():  {"nDense", "dense", "class", "nClass", "edgeOff", "labels", "next", "fail", "info", "outs", "pats"},
	reflect.TypeFor[stateInfo]():  {"off", "fail", "n", "label"},
	reflect.TypeFor[stateOut]():   {"out", "dict"},
	reflect.TypeFor[sweepWords](): {"from", "to"},
	// The context words' indexes are computed on load (prepare).
	reflect.TypeFor[contextWords](): {"lead", "ethnicWords", "press", "awayWords", "sweeps", "formerWords", "reacted",
		"leadByLast", "awayByLast", "formerByFirst", "reactedAt", "reactedShort", "reactedKeys"},
}

// A developer who adds a field to the compiled structs must add it to the
// codec: the struct's field list is checked against encodedFields.
func TestCompiledCodecCoversEveryField(t *testing.T) {
	for typ, want := range encodedFields {
		var got []string
		for i := range typ.NumField() {
			if name := typ.Field(i).Name; typ != reflect.TypeFor[Tagger]() || !slices.Contains(notCompiledState, name) {
				got = append(got, name)
			}
		}
		slices.Sort(got)
		want = slices.Sorted(slices.Values(want))
		if !slices.Equal(got, want) {
			t.Errorf("%v has fields %v, the codec knows %v: write and read the new field in compiled_parts.go or automaton_codec.go, then list it in encodedFields", typ, got, want)
		}
	}
	fs, is := new(params).ptrs()
	if n := reflect.TypeFor[params]().NumField(); n != len(fs)+len(is) {
		t.Errorf("params has %d fields, params.ptrs lists %d: list the new one", n, len(fs)+len(is))
	}
}

// roundTrip writes tg's compiled form and reads it back.
func roundTrip(t testing.TB, tg *Tagger) *Tagger {
	t.Helper()
	var buf bytes.Buffer
	if err := tg.WriteCompiled(&buf, "key"); err != nil {
		t.Fatal(err)
	}
	got, err := ReadCompiled(&buf, "key")
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// The drift guard: the shipped taxonomy's tagger, written and read back,
// has the same compiled state, field by field, and tags every text of the
// corpus and of the written evaluation cases as the built one does.
func TestCompiledRoundTrip(t *testing.T) {
	built := shippedTagger(t)
	loaded := roundTrip(t, built)
	if diffs := stateDiffs(reflect.ValueOf(built).Elem(), reflect.ValueOf(loaded).Elem(), "Tagger", 10); len(diffs) > 0 {
		t.Fatalf("the loaded tagger differs from the built one:\n%s", strings.Join(diffs, "\n"))
	}
	texts := evalTexts(t)
	for _, feed := range readCorpus(t) {
		for _, it := range feed {
			texts = append(texts, it)
		}
	}
	if len(texts) < 100 {
		t.Fatalf("only %d texts to compare", len(texts))
	}
	for _, it := range texts {
		want, got := built.Tag(it.title, it.text), loaded.Tag(it.title, it.text)
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("%q: loaded tagger gives %+v, built %+v", it.title, got, want)
		}
	}
	t.Logf("%d texts tagged alike", len(texts))
}

// evalTexts reads the texts of the written evaluation cases
// (eval/tag_cases*.jsonl), leaving out the blind and held-out sets, which
// nothing is tuned or compared on.
func evalTexts(t testing.TB) []corpusItem {
	files, _ := filepath.Glob("../../eval/tag_cases*.jsonl")
	var out []corpusItem
	for _, path := range files {
		if strings.Contains(path, "blind") || strings.Contains(path, "heldout") {
			continue
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		for sc.Scan() {
			var c struct{ Title, Text string }
			if json.Unmarshal(sc.Bytes(), &c) == nil && c.Title+c.Text != "" {
				out = append(out, corpusItem{c.Title, c.Text})
			}
		}
		f.Close()
	}
	return out
}

// stateDiffs compares two values field by field, unexported ones included,
// and returns the paths where they differ (at most max). Nil and empty
// slices and maps are alike: the tagger never tells them apart.
func stateDiffs(a, b reflect.Value, path string, max int) []string {
	var out []string
	var walk func(a, b reflect.Value, path string)
	walk = func(a, b reflect.Value, path string) {
		if len(out) >= max {
			return
		}
		differ := func(format string, args ...any) { out = append(out, path+": "+fmt.Sprintf(format, args...)) }
		switch a.Kind() {
		case reflect.Bool:
			if a.Bool() != b.Bool() {
				differ("%v != %v", a.Bool(), b.Bool())
			}
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			if a.Int() != b.Int() {
				differ("%d != %d", a.Int(), b.Int())
			}
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			if a.Uint() != b.Uint() {
				differ("%d != %d", a.Uint(), b.Uint())
			}
		case reflect.Float32, reflect.Float64:
			if a.Float() != b.Float() {
				differ("%v != %v", a.Float(), b.Float())
			}
		case reflect.String:
			if a.String() != b.String() {
				differ("%q != %q", a.String(), b.String())
			}
		case reflect.Slice, reflect.Array:
			if a.Len() != b.Len() {
				differ("length %d != %d", a.Len(), b.Len())
				return
			}
			for i := range a.Len() {
				walk(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i))
			}
		case reflect.Map:
			if a.Len() != b.Len() {
				differ("%d keys != %d", a.Len(), b.Len())
				return
			}
			for _, k := range a.MapKeys() {
				bv := b.MapIndex(k)
				if !bv.IsValid() {
					differ("key %v missing", k)
					continue
				}
				walk(a.MapIndex(k), bv, fmt.Sprintf("%s[%v]", path, k))
			}
		case reflect.Pointer:
			if a.IsNil() || b.IsNil() {
				if a.IsNil() != b.IsNil() {
					differ("nil %v != nil %v", a.IsNil(), b.IsNil())
				}
				return
			}
			walk(a.Elem(), b.Elem(), path)
		case reflect.Struct:
			for i := range a.NumField() {
				name := a.Type().Field(i).Name
				if path == "Tagger" && slices.Contains(notCompiledState, name) {
					continue
				}
				walk(a.Field(i), b.Field(i), path+"."+name)
			}
		default:
			differ("cannot compare a %v: teach stateDiffs", a.Kind())
		}
	}
	walk(a, b, path)
	return out
}

// A loaded tagger needs no build: it tags at once, and Prepare does nothing.
func TestLoadedTaggerIsBuilt(t *testing.T) {
	tg := roundTrip(t, testTagger(t))
	if !tg.Loaded() {
		t.Error("a read tagger does not say it was loaded")
	}
	if testTagger(t).Loaded() {
		t.Error("a built tagger says it was loaded")
	}
	tg.Prepare()
	r := tg.Tag("Syria talks", "Talks in Damascus went on.")
	if len(r.Countries) == 0 || r.Countries[0] != "SY" {
		t.Errorf("countries = %v, want SY", r.Countries)
	}
}

// Another key or format, a truncated or altered file: an error, no tagger.
func TestReadCompiledRejects(t *testing.T) {
	var buf bytes.Buffer
	if err := testTagger(t).WriteCompiled(&buf, "key-1"); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	if _, err := ReadCompiled(bytes.NewReader(good), "key-1"); err != nil {
		t.Fatalf("the written file: %v", err)
	}
	bad := map[string][]byte{
		"empty":     nil,
		"truncated": good[:len(good)-1],
		"header":    good[:20],
		"longer":    append(slices.Clone(good), 0),
		"version":   func() []byte { b := slices.Clone(good); b[len(compiledMagic)]++; return b }(),
		"flipped":   func() []byte { b := slices.Clone(good); b[len(b)/2] ^= 0x40; return b }(),
		"magic":     func() []byte { b := slices.Clone(good); b[0] = 'X'; return b }(),
	}
	for name, b := range bad {
		if tg, err := ReadCompiled(bytes.NewReader(b), "key-1"); err == nil || tg != nil {
			t.Errorf("%s: read without error", name)
		}
	}
	if _, err := ReadCompiled(bytes.NewReader(good), "key-2"); err == nil {
		t.Error("a file of another key was read")
	}
}

// FuzzReadCompiled: no input makes the reader panic. Inputs are tried both
// as whole files (a file that reads must tag) and as bare payloads, which
// the checksum does not guard, so that the fuzzer reaches the payload's own
// checks. The seeds are the file of a three-entry taxonomy (a few KB: the
// fuzzer minimizes every input it finds interesting, which takes minutes for
// the test taxonomy's 450 KB), whole, cut, and its payload.
func FuzzReadCompiled(f *testing.F) {
	tg, err := New([]config.TaxonomyEntry{
		{ID: "syria", Kind: model.KindCountry, Name: "Syria", ISO: "SY", Names: map[string][]string{"en": {"Syria"}}, Aliases: []config.Alias{{Text: "Sham", CaseSensitive: true, Near: []string{"Damascus"}}}},
		{ID: "damascus", Kind: model.KindPlace, Name: "Damascus", Country: "syria"},
		{ID: "opec", Kind: model.KindActor, Name: "OPEC", Implies: []string{"syria"}},
	}, config.Inflection{Langs: []string{"en"}, Suffixes: []config.AffixClass{{Ends: []string{"a"}, Strip: "a", Add: []string{"n", ""}}}})
	if err != nil {
		f.Fatal(err)
	}
	var buf bytes.Buffer
	if err := tg.WriteCompiled(&buf, "k"); err != nil {
		f.Fatal(err)
	}
	good := buf.Bytes()
	payload := payloadOf(f, good)
	f.Add(good)
	f.Add(payload)
	for _, n := range []int{0, 7, 30, len(good) / 3, len(good) - 5} {
		f.Add(good[:n])
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if tg, err := ReadCompiled(bytes.NewReader(b), "k"); err == nil {
			tg.Tag("Syria talks", "Talks in Damascus went on.")
		}
		if tg, err := decodePayload(b); err == nil {
			tg.Lookup("SY")
		}
	})
}

// payloadOf returns the payload of a compiled file: what lies between the
// header and the trailer.
func payloadOf(t testing.TB, file []byte) []byte {
	d := decoder{b: file}
	d.take(len(compiledMagic))
	d.u32()
	d.take(d.count(1))
	if d.err != nil || len(d.b) < 12 {
		t.Fatalf("not a compiled file: %v", d.err)
	}
	return d.b[:len(d.b)-12]
}
