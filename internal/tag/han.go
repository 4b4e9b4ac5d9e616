package tag

import "unicode"

// Chinese and Cyrillic text is read rune by rune by the rules that look at
// the words around a name (cutLastWord) and at a title's case
// (allCapitals). Each unicode.IsLetter, IsUpper or IsLower of such a rune
// is a binary search of Unicode's tables; these answer for the commonest
// at once.

// isHan reports whether r is a CJK unified ideograph of the basic block
// (U+4E00–U+9FFF) or of extension A (U+3400–U+4DBF): letters, all of them
// (unicode.Lo), neither upper nor lower case (a test checks both).
func isHan(r rune) bool {
	return r >= 0x4E00 && r <= 0x9FFF || r >= 0x3400 && r <= 0x4DBF
}

// isLetter is unicode.IsLetter, with the Han ideographs and the Cyrillic
// letters of the basic block (U+0400–U+0481) answered at once.
func isLetter(r rune) bool {
	return isHan(r) || r >= 0x0400 && r <= 0x0481 || unicode.IsLetter(r)
}
