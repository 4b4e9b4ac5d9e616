package tag

import (
	"unicode"
	"unicode/utf8"

	"github.com/intlwire/aggregator/internal/textfold"
)

// Word-anchored patterns. Most patterns are names in scripts that separate
// words with spaces, and findMatches keeps their occurrences only where a
// word starts (wordBounds): the automaton need not report the others, nor
// track the states that lead to them. Tracking them made the scan slow with
// a large taxonomy: inside every word the automaton stood in the state of
// the longest word ending there that begins some name ("resident" in
// "president", "ssia" in "Russian"), deep states whose step data does not
// stay in cache, and half the occurrences it reported were such
// word-inside ones.
//
// So the automaton reads a mark, startClass, before every byte where a word
// starts, and an anchored pattern begins with the mark: it can only match
// where the text has one. The mark also stands inside every pattern where a
// word starts (after the space of "new york"), so that every pattern still
// matches where the text has it. Where a word starts is decided alike for the
// patterns and the text, by symbols: a word rune whose previous rune (if
// any) is none, as wordBounds reads them.

// Symbols of a text byte (automaton.symbols): its class in the low byte,
// symStart when the word-start mark comes before it.
const (
	symClass = 0xFF
	symStart = 0x100
)

// anchoredPatterns returns the anchored test for buildAutomaton from the
// patterns' flags (Tagger.patFlags): a pattern is anchored when it must start
// a word and takes no prefix. Stems that take a prefix, names in scripts
// without spaces and Hangul names are matched everywhere, as before.
func anchoredPatterns(flags []uint8) func(int) bool {
	return func(i int) bool { return flags[i]&(flagWordStart|flagFlexStart) == flagWordStart }
}

// symbolize sets the automaton's classes from the bytes of the patterns and
// the word-start mark if anchored says some pattern is, and returns each
// pattern as the labels of its path in the trie: its bytes' classes, with
// the mark where a word starts inside it and, for an anchored pattern, first.
func (a *automaton) symbolize(patterns []string, anchored func(int) bool) [][]byte {
	var used [256]bool
	for _, p := range patterns {
		for i := 0; i < len(p); i++ {
			used[p[i]] = true
		}
	}
	w := 1 // class 0: bytes of no pattern
	for c := range used {
		if used[c] {
			a.class[c] = int32(w)
			w++
		}
	}
	if w > 256 {
		// Every byte value occurs: no class is shared (none leads back to
		// the root from anywhere); give every byte its own class.
		w = 256
		for c := range a.class {
			a.class[c] = int32(c)
		}
	}
	a.nClass = int32(w)
	if anchored != nil && w < 256 { // the mark needs a class that fits a byte
		for i := range patterns {
			if anchored(i) {
				a.startClass, a.nClass = int32(w), int32(w+1)
				break
			}
		}
	}
	seqs := make([][]byte, len(patterns))
	var buf []byte
	var syms []uint16
	for i, p := range patterns {
		buf = append(buf[:0], p...)
		syms = a.symbols(buf, syms)
		seq := make([]byte, 0, len(syms)+4)
		for k, sym := range syms {
			if sym >= symStart && (k > 0 || anchored(i)) {
				seq = append(seq, byte(a.startClass))
			}
			seq = append(seq, byte(sym&symClass))
		}
		seqs[i] = seq
	}
	return seqs
}

// symbols writes into dst (reused) the symbol of each byte of text: its
// class, and symStart where a word starts and the automaton has the mark.
// The runes are decoded forwards, an invalid byte as one utf8.RuneError,
// which for word boundaries reads as wordBounds' backward decoding does: a
// rune that starts after a byte that is not a continuation byte is the same
// both ways, and so is an invalid one (no word rune either way).
func (a *automaton) symbols(text []byte, dst []uint16) []uint16 {
	if cap(dst) < len(text) {
		dst = make([]uint16, len(text), len(text)+len(text)/4)
	}
	dst = dst[:len(text)]
	if a.startClass == 0 {
		for i, c := range text {
			dst[i] = uint16(a.class[c])
		}
		return dst
	}
	var prevWord uint16 // 1 after a word rune
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			// Most bytes: branch-free, the mark where a word rune follows
			// none.
			w := uint16(leadKind[c])
			dst[i] = uint16(a.class[c]) | (w&^prevWord)<<8
			prevWord = w
			i++
			continue
		}
		kind := leadKind[c]
		if kind == leadNone {
			// No word rune starts here, and the bytes after it are
			// continuation bytes that start none either, read one by one:
			// the lead bytes of Han and kana, continuation and invalid
			// bytes (most bytes of a Chinese text).
			dst[i] = uint16(a.class[c])
			prevWord = 0
			i++
			continue
		}
		var w bool
		size := 1
		switch {
		case kind == leadTwo && i+1 < len(text) && text[i+1]&0xC0 == 0x80:
			// A two-byte rune (Latin, Greek, Cyrillic, Arabic, Hebrew ...),
			// decoded here: most runes of the texts that are not ASCII.
			w = isWordRuneFast(rune(c&0x1F)<<6 | rune(text[i+1]&0x3F))
			size = 2
		case kind == leadDecode:
			var r rune
			r, size = utf8.DecodeRune(text[i:])
			w = isWordRuneFast(r)
		}
		// Otherwise c starts an invalid rune: none.
		sym := uint16(a.class[c])
		if w && prevWord == 0 {
			sym |= symStart
		}
		dst[i] = sym
		for k := 1; k < size; k++ {
			dst[i+k] = uint16(a.class[text[i+k]])
		}
		prevWord = 0
		if w {
			prevWord = 1
		}
		i += size
	}
	return dst
}

// Kinds of the first byte of a rune, for symbols.
const (
	leadNone      = iota // starts no word rune: see symbols
	leadASCIIWord        // an ASCII letter or digit (1: symbols shifts it)
	leadTwo              // may start a two-byte rune
	leadDecode           // may start a longer rune that may be a word rune
)

// leadKind is the kind of each byte value. The lead bytes of U+3000–U+9FFF
// (E3–E9: kana, Han and their punctuation, all in blocks of scripts without
// spaces) start no word rune, valid or not; a continuation byte or a byte
// that never occurs in UTF-8 read where a rune should start is an invalid
// rune, none either.
var leadKind = func() (t [256]uint8) {
	for c := range t {
		switch {
		case c < utf8.RuneSelf:
			if isWordRune(rune(c)) {
				t[c] = leadASCIIWord
			}
		case c >= 0xC2 && c <= 0xDF:
			t[c] = leadTwo
		case c >= 0xE0 && c <= 0xE2 || c >= 0xEA && c <= 0xF4:
			t[c] = leadDecode
		}
	}
	return t
}()

// isWordRuneFast is isWordRune, from a table below U+10000: the scan asks
// it of every rune of a text, and unicode.IsLetter searches tables.
func isWordRuneFast(r rune) bool {
	if r < 1<<16 {
		return wordRunes16[r>>6]>>(r&63)&1 != 0
	}
	return isWordRune(r)
}

// wordRunes16 holds isWordRune of the runes below U+10000, a bit each
// (8 KiB), filled from the Unicode tables isWordRune reads (letters, decimal
// digits, marks) without the blocks of scripts without spaces.
var wordRunes16 = func() *[1 << 16 / 64]uint64 {
	t := new([1 << 16 / 64]uint64)
	for _, tab := range []*unicode.RangeTable{unicode.L, unicode.Nd, unicode.M} {
		for _, rg := range tab.R16 {
			for r := uint32(rg.Lo); r <= uint32(rg.Hi); r += uint32(rg.Stride) {
				t[r>>6] |= 1 << (r & 63)
			}
		}
	}
	for r := rune(0x0E00); r < 1<<16; r++ {
		if textfold.InNoSpaceBlock(r) {
			t[r>>6] &^= 1 << (r & 63)
		}
	}
	return t
}()
