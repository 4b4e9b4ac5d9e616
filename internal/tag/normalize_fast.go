package tag

import "unicode/utf8"

// Fast paths of normalize for the bytes of texts in other scripts than
// Latin: a quarter of the news corpus (Chinese, Ukrainian, Russian feeds).

// copyHan appends the run of characters of s from i that are three-byte
// UTF-8 sequences led by E4–E9 (U+4000–U+9FFF: CJK ideographs and
// extension A), as they are, and returns where the run ends (i when there
// is none). Every rune there is in a block written without spaces
// (textfold.InNoSpaceBlock), which textfold.Table.Rune leaves as it is,
// and none is a sentence mark, so normalize would copy each alike, one by
// one.
func (nt *normText) copyHan(s string, i int) int {
	b, orig := nt.b, nt.orig
	for i+2 < len(s) {
		c := s[i]
		if c < 0xE4 || c > 0xE9 || s[i+1]&0xC0 != 0x80 || s[i+2]&0xC0 != 0x80 {
			break
		}
		b = append(b, c, s[i+1], s[i+2])
		o := int32(i)
		orig = append(orig, o, o, o)
		i += 3
	}
	nt.b, nt.orig = b, orig
	return i
}

// decodeRune is utf8.DecodeRuneInString(s[i:]), with the two-byte
// sequences (Cyrillic, Greek, Arabic, Hebrew, Latin with diacritics)
// decoded inline: the same rune and size for every input.
func decodeRune(s string, i int) (rune, int) {
	if c := s[i]; c >= 0xC2 && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
		return rune(c&0x1F)<<6 | rune(s[i+1]&0x3F), 2
	}
	return utf8.DecodeRuneInString(s[i:])
}
