// Command gentaxonomy fills the names of countries and regions in the shipped
// taxonomy (config/taxonomy/countries.yaml and regions.yaml) from CLDR, as
// shipped in golang.org/x/text/language/display, for the languages of the
// shipped sources (ar, zh, fr, de, fa, ru, es, tr, uk) and ja, ko, and adds the regular
// inflected forms (Russian and Ukrainian cases, the German genitive, Arabic
// attached prefixes). It only adds forms that an entry does not already have
// in any field, so hand-curated names, aliases with rules (case_sensitive,
// near, not_near) and removals stay as the editor wrote them, and running it
// twice changes nothing.
//
// Usage:
//
//	go run ./tools/gentaxonomy [-dir config/taxonomy] [-check]
//
// With -check it writes nothing and exits 1 when a file would change.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/norm"
)

func main() {
	dir := flag.String("dir", "config/taxonomy", "taxonomy directory")
	check := flag.Bool("check", false, "report files that would change, write nothing")
	flag.Parse()
	changed := false
	for _, name := range []string{"countries.yaml", "regions.yaml"} {
		path := filepath.Join(*dir, name)
		data, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintf(os.Stderr, "gentaxonomy: %v\n", err)
			os.Exit(2)
		}
		out, added, err := fill(data)
		if err != nil {
			fmt.Fprintf(os.Stderr, "gentaxonomy: %s: %v\n", path, err)
			os.Exit(2)
		}
		if bytes.Equal(out, data) {
			continue
		}
		changed = true
		if *check {
			fmt.Printf("%s: would change (%d names to add)\n", path, added)
			continue
		}
		if err := os.WriteFile(path, out, 0o644); err != nil {
			fmt.Fprintf(os.Stderr, "gentaxonomy: %v\n", err)
			os.Exit(2)
		}
		fmt.Printf("%s: %d names added\n", path, added)
	}
	if *check && changed {
		os.Exit(1)
	}
}

// fill adds the missing CLDR names and regular forms to every country and
// M49 region of one taxonomy file and returns the re-encoded file.
func fill(data []byte) ([]byte, int, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, 0, err
	}
	if len(doc.Content) == 0 {
		return data, 0, nil
	}
	entries := value(doc.Content[0], "entries")
	if entries == nil || entries.Kind != yaml.SequenceNode {
		return nil, 0, fmt.Errorf("no entries list")
	}
	added := 0
	for _, e := range entries.Content {
		added += fillEntry(e)
	}
	plain(&doc)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, 0, err
	}
	if err := enc.Close(); err != nil {
		return nil, 0, err
	}
	return buf.Bytes(), added, nil
}

// fillEntry adds names to one entry node and returns how many it added.
func fillEntry(e *yaml.Node) int {
	code := ""
	switch scalar(e, "kind") {
	case "country":
		code = scalar(e, "iso")
	case "region":
		code = m49[scalar(e, "id")]
	}
	if code == "" {
		return 0
	}
	have, restricted := known(e)
	names := value(e, "names")
	added := 0
	for _, lang := range languages {
		for _, base := range cldrNames(code, lang) {
			if restricted[fold(base)] {
				continue // the editor gave this spelling rules: no plain forms of it
			}
			for k, f := range append([]string{base}, forms(lang, base)...) {
				// The CLDR name itself is listed under its language even when
				// another field has the same spelling (names.fr: [Kenya]), so
				// that each list says which languages are covered.
				if have[fold(f)] && (k > 0 || inList(value(names, lang), f)) {
					continue
				}
				if names == nil {
					names = setValue(e, "names", &yaml.Node{Kind: yaml.MappingNode})
				}
				list := value(names, lang)
				if list == nil {
					list = setValue(names, lang, &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle})
				}
				list.Content = append(list.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: f})
				have[fold(f)] = true
				added++
			}
		}
	}
	if names != nil {
		sortLangs(names)
	}
	return added
}

// known collects the folded spellings an entry already has, and those that
// carry rules (an alias mapping with case_sensitive, near or not_near).
func known(e *yaml.Node) (have, restricted map[string]bool) {
	have, restricted = map[string]bool{}, map[string]bool{}
	have[fold(scalar(e, "name"))] = true
	for _, key := range []string{"aliases", "demonyms", "cities"} {
		if l := value(e, key); l != nil {
			for _, a := range l.Content {
				switch a.Kind {
				case yaml.ScalarNode:
					have[fold(a.Value)] = true
				case yaml.MappingNode:
					t := fold(scalar(a, "text"))
					have[t] = true
					if len(a.Content) > 2 {
						restricted[t] = true
					}
				}
			}
		}
	}
	if n := value(e, "names"); n != nil {
		for i := 1; i < len(n.Content); i += 2 {
			for _, s := range n.Content[i].Content {
				have[fold(s.Value)] = true
			}
		}
	}
	return have, restricted
}

// fold is the comparison form of a name: lower case, without diacritics or
// Arabic vowel marks, with typographic apostrophes straightened.
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == '’' || r == 'ʼ':
			b.WriteRune('\'')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// sortLangs orders a names mapping: the source languages first, in the
// order of languages, then any others alphabetically.
func sortLangs(m *yaml.Node) {
	rank := func(k string) string {
		for i, l := range languages {
			if l == k {
				return fmt.Sprintf("0%02d", i)
			}
		}
		return "1" + k
	}
	type pair struct{ k, v *yaml.Node }
	ps := make([]pair, 0, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		ps = append(ps, pair{m.Content[i], m.Content[i+1]})
	}
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && rank(ps[j].k.Value) < rank(ps[j-1].k.Value); j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
	m.Content = m.Content[:0]
	for _, p := range ps {
		m.Content = append(m.Content, p.k, p.v)
	}
}

// plain clears the quoting style of every scalar so the encoder quotes only
// where YAML needs it; the file stays in one canonical form.
func plain(n *yaml.Node) {
	if n.Kind == yaml.ScalarNode {
		n.Style &^= yaml.DoubleQuotedStyle | yaml.SingleQuotedStyle
		return
	}
	for _, c := range n.Content {
		plain(c)
	}
}

// inList reports whether a names list already holds a spelling of s.
func inList(list *yaml.Node, s string) bool {
	if list == nil {
		return false
	}
	for _, n := range list.Content {
		if fold(n.Value) == fold(s) {
			return true
		}
	}
	return false
}

func value(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func scalar(m *yaml.Node, key string) string {
	if v := value(m, key); v != nil && v.Kind == yaml.ScalarNode {
		return v.Value
	}
	return ""
}

func setValue(m *yaml.Node, key string, v *yaml.Node) *yaml.Node {
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, v)
	return v
}
