package ingest

import "strings"

// isBidiControl reports the explicit directional embeddings, overrides and
// isolates (U+202A–U+202E, U+2066–U+2069). In a headline they reorder what a
// reader sees ("‮gnp.exe" shows as "exe.png"), and the renderer sets each
// item's direction from its language, so the text needs none of them.
func isBidiControl(r rune) bool {
	return r >= '\u202A' && r <= '\u202E' || r >= '\u2066' && r <= '\u2069'
}

// stripBidi removes bidi control characters from s (see isBidiControl).
func stripBidi(s string) string {
	if !strings.ContainsFunc(s, isBidiControl) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isBidiControl(r) {
			return -1
		}
		return r
	}, s)
}
