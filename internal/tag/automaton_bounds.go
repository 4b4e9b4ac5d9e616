package tag

// Most occurrences the automaton finds are a name inside a longer word
// ("Iran" in "Tirana", "Oman" in "woman"): two in three on the news corpus.
// findMatches drops them (wordBounds), but only after the scan has stored
// each one and findMatches has read it and its pattern's flags back. emit
// drops at once those an ASCII letter or digit glues to the word: the test
// needs the one byte beside the occurrence, which the scan has just read,
// and two bits stored with the pattern's length, which emit reads anyway.
// wordBounds still judges what is left (a letter of another script beside
// the name, a prefix or an ending of an inflected name).

// patInfo is one pattern's byte length (shifted by patShift) and its
// patDropAfterWord and patDropBeforeWord bits.
type patInfo uint32

const (
	// patDropAfterWord: the pattern must start a word (flagWordStart
	// without flagFlexStart, or flagHangulStart), so an occurrence right
	// after an ASCII letter or digit is no match.
	patDropAfterWord patInfo = 1 << iota
	// patDropBeforeWord: the pattern must end a word (flagWordEnd without
	// flagFlexEnd), so an occurrence right before an ASCII letter or
	// digit is no match.
	patDropBeforeWord
	patShift  = iota
	patGlued  = patDropAfterWord | patDropBeforeWord
	maxPatLen = 1<<(32-patShift) - 1
)

// newPatInfo is the patInfo of a pattern of l bytes that drops nothing.
func newPatInfo(l int32) patInfo { return patInfo(l) << patShift }

// len is the pattern's byte length.
func (p patInfo) len() int32 { return int32(p >> patShift) }

// glued reports whether an ASCII letter or digit before start or at end of
// text glues the occurrence text[start:end] to a word it may not touch.
func (p patInfo) glued(text []byte, start, end int32) bool {
	return p&patDropAfterWord != 0 && start > 0 && asciiWordByte(text[start-1]) ||
		p&patDropBeforeWord != 0 && int(end) < len(text) && asciiWordByte(text[end])
}

// asciiWordByte reports whether c is an ASCII letter or digit: what
// isWordRune says of an ASCII rune (other bytes say nothing alone).
func asciiWordByte(c byte) bool {
	return (c|0x20)-'a' < 26 || c-'0' < 10
}

// dropGlued sets, from the patterns' word-boundary flags (Tagger.patFlags),
// which occurrences emit drops: exactly those wordBounds would reject for
// the ASCII byte beside them.
func (a *automaton) dropGlued(flags []uint8) {
	for p, f := range flags {
		pi := a.pats[p] &^ patGlued
		if f&flagWordStart != 0 && f&flagFlexStart == 0 || f&flagHangulStart != 0 {
			pi |= patDropAfterWord
		}
		if f&flagWordEnd != 0 && f&flagFlexEnd == 0 {
			pi |= patDropBeforeWord
		}
		a.pats[p] = pi
	}
}

// patLens returns the patterns' byte lengths (what the compiled form stores).
func (a *automaton) patLens() []int32 {
	out := make([]int32, len(a.pats))
	for p, pi := range a.pats {
		out[p] = pi.len()
	}
	return out
}
