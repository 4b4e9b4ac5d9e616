package tag

import "strings"

// isListGap reports whether the text between two names joins them in a list:
// a comma, a slash or a dash, or "and"/"or" in one of the languages of the
// news, optionally after a comma ("Russia, Turkey and Iran", "Oostenrijk,
// Zweden en Denemarken", "Rosja, Turcja i Iran").
func isListGap(gap string) bool {
	if len(gap) > 16 {
		return false
	}
	g := strings.TrimSpace(strings.ToLower(gap))
	g = strings.TrimPrefix(g, "'s")
	g = strings.TrimPrefix(g, "’s")
	g = strings.TrimSpace(g)
	switch g {
	case ",", "،", "&", "/", "-", "–", "、", "・", "vs", "vs.", "和", "与", "及", "與":
		return true
	}
	g = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(g, ","), "،"))
	g = strings.TrimSuffix(g, " the")
	return listJoiners[g]
}

// listJoiners are "and", "or" and "with" in the languages of the news.
var listJoiners = map[string]bool{
	"and": true, "or": true, "with": true, "en": true, "und": true, "oder": true, "et": true, "ou": true,
	"y": true, "o": true, "e": true, "i": true, "a": true, "och": true, "eller": true, "og": true, "ja": true,
	"és": true, "es": true, "ve": true, "ile": true, "și": true, "si": true, "şi": true, "και": true, "ir": true, "un": true,
	"dhe": true, "və": true, "va": true, "dan": true, "và": true, "na": true, "da": true, "agus": true, "u": true,
	"и": true, "і": true, "та": true, "или": true, "або": true, "және": true, "мен": true, "ва": true,
	"და": true, "և": true, "եւ": true, "و": true, "או": true, "और": true, "तथा": true, "ও": true, "এবং": true,
	"اور": true, "및": true, "와": true, "과": true, "と": true, "や": true, "และ": true, "እና": true,
}
