package config

import (
	"strings"
	"unicode"
)

// Limits an editor can hit. Each is checked by Load (and so by `validate` and
// every reload) with the position of the offending text, so that a file
// written by mistake — or by an attacker with write access to the config —
// is refused with a message instead of exhausting the daemon. The shipped
// configuration is far inside all of them (3,000 taxonomy entries, at most
// 489 names on one entry, names under 120 bytes, files under 1 MiB).
const (
	// MaxFileBytes is the largest configuration file read.
	MaxFileBytes = 32 << 20
	// MaxTaxonomyEntries bounds the whole taxonomy (every file together).
	MaxTaxonomyEntries = 50_000
	// MaxNamesPerEntry bounds the aliases, demonyms, cities and names of one entry.
	MaxNamesPerEntry = 2_000
	// MaxAliasBytes bounds one alias or name.
	MaxAliasBytes = 256
)

// CheckAlias reports why an alias cannot name an entry, or "". A name must
// hold a letter or digit (punctuation alone matches everywhere), and in an
// alphabetic script at least two: one Latin, Cyrillic or Arabic letter is a
// word fragment ("a" tagged "A man ate a sandwich" as Diplomacy), while one
// Chinese, Japanese or Korean character is a word (美, 俄, 괌). Exported for
// the generators of taxonomy files (tools/gencldr), which leave out what
// loading would refuse.
func CheckAlias(text string) string {
	t := strings.TrimSpace(text)
	if t == "" {
		return "empty alias"
	}
	if len(t) > MaxAliasBytes {
		return "alias is longer than 256 bytes"
	}
	n, cjk := 0, false
	for _, r := range t {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
		if isCJK(r) {
			cjk = true
		}
	}
	switch {
	case n == 0:
		return "alias " + quote(t) + " has no letter or digit"
	case n < 2 && !cjk:
		return "alias " + quote(t) + " is one letter: a name in an alphabetic script needs at least two (one Chinese, Japanese or Korean character is enough)"
	}
	return ""
}

// isCJK reports the scripts in which one character is a word.
func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

func quote(s string) string { return `"` + s + `"` }

// checkTaxonomySize reports a taxonomy or an entry past the size limits.
func checkTaxonomySize(entries []TaxonomyEntry, nodes []entryNode, ps *Problems) {
	if len(entries) > MaxTaxonomyEntries {
		ps.add(entries[MaxTaxonomyEntries].Pos, "the taxonomy has %d entries; at most %d are allowed", len(entries), MaxTaxonomyEntries)
	}
	for i, e := range entries {
		n := len(e.Aliases) + len(e.Demonyms) + len(e.Cities)
		for _, names := range e.Names {
			n += len(names)
		}
		if n > MaxNamesPerEntry {
			ps.add(pick(nodeAt(nodes, i).at(), e.Pos), "entry %q has %d aliases and names; at most %d are allowed", e.ID, n, MaxNamesPerEntry)
		}
	}
}
