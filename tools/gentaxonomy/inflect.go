package main

import (
	"strings"
	"unicode/utf8"
)

// forms returns the regular inflected forms of a country name in a language:
// Russian and Ukrainian case forms, the German genitive, and Arabic names
// with the attached prefixes و (and), ب (in/by) and ل (for). Irregular names
// are curated by hand in the YAML; forms are generated only for names long
// enough not to collide with ordinary words.
func forms(lang, name string) []string {
	minLen := 5
	if lang == "ar" {
		minLen = 3 // the attached prefixes make no new word even of short names
	}
	if utf8.RuneCountInString(name) < minLen {
		return nil
	}
	switch lang {
	case "ru":
		return phraseForms(name, ruNoun, ruAdj)
	case "uk":
		return phraseForms(name, ukNoun, ukAdj)
	case "de":
		return deGenitive(name)
	case "ar":
		return arPrefixed(name)
	}
	return nil
}

// phraseForms declines a one-word name, or an adjective + noun name
// ("Южная Корея", "Южный Судан"), case by case; other shapes are left alone.
func phraseForms(name string, noun func(string) ([]string, byte), adj func(string, byte) []string) []string {
	words := strings.Fields(name)
	switch len(words) {
	case 1:
		if strings.Contains(name, "-") {
			return nil
		}
		f, _ := noun(name)
		return f
	case 2:
		n, gender := noun(words[1])
		a := adj(words[0], gender)
		if len(a) == 0 || len(a) != len(n) {
			return nil
		}
		out := make([]string, len(a))
		for i := range a {
			out[i] = a[i] + " " + n[i]
		}
		return out
	}
	return nil
}

// ruNoun gives the oblique case forms of a Russian country name and its
// gender: feminine (-а, -я, -ия) genitive, dative/prepositional, accusative,
// instrumental; masculine (consonant, -й, -ь) genitive, dative,
// instrumental, prepositional. Indeclinable and plural names give nothing.
func ruNoun(w string) ([]string, byte) {
	stem, last := cut(w)
	switch {
	case strings.HasSuffix(w, "ия"):
		return []string{stem + "и", stem + "и", stem + "ю", stem + "ей"}, 'f'
	case last == 'я':
		return []string{stem + "и", stem + "е", stem + "ю", stem + "ей"}, 'f'
	case last == 'а':
		gen := "ы"
		if endsAny(stem, "гкхжшчщ") {
			gen = "и"
		}
		instr := "ой"
		if endsAny(stem, "жшчщц") {
			instr = "ей"
		}
		return []string{stem + gen, stem + "е", stem + "у", stem + instr}, 'f'
	case last == 'й' || last == 'ь':
		return []string{stem + "я", stem + "ю", stem + "ем", stem + "е"}, 'm'
	case strings.ContainsRune("бвгджзклмнпрстфхцчшщ", last):
		instr := "ом"
		if endsAny(w, "жшчщц") {
			instr = "ем"
		}
		return []string{w + "а", w + "у", w + instr, w + "е"}, 'm'
	}
	return nil, 0
}

// ruAdj declines the adjective of a two-word Russian name in the order of
// ruNoun's forms for the noun's gender.
func ruAdj(w string, gender byte) []string {
	switch {
	case gender == 'f' && strings.HasSuffix(w, "ая"):
		s := strings.TrimSuffix(w, "ая")
		return []string{s + "ой", s + "ой", s + "ую", s + "ой"}
	case gender == 'm' && strings.HasSuffix(w, "ый"):
		s := strings.TrimSuffix(w, "ый")
		return []string{s + "ого", s + "ому", s + "ым", s + "ом"}
	}
	return nil
}

// ukNoun gives the oblique case forms of a Ukrainian country name and its
// gender: feminine (-а, -я, -ія) genitive, dative/locative, accusative,
// instrumental; masculine (consonant, -й, -ь) genitive, locative,
// instrumental.
func ukNoun(w string) ([]string, byte) {
	stem, last := cut(w)
	switch {
	case last == 'я':
		return []string{stem + "ї", stem + "ї", stem + "ю", stem + "єю"}, 'f'
	case last == 'а':
		loc := stem + "і"
		for _, alt := range [][2]string{{"к", "ц"}, {"г", "з"}, {"х", "с"}} {
			if strings.HasSuffix(stem, alt[0]) {
				loc = strings.TrimSuffix(stem, alt[0]) + alt[1] + "і"
			}
		}
		return []string{stem + "и", loc, stem + "у", stem + "ою"}, 'f'
	case last == 'й':
		return []string{stem + "ю", stem + "ї", stem + "єм"}, 'm'
	case last == 'ь':
		return []string{stem + "ю", stem + "і", stem + "ем"}, 'm'
	case strings.ContainsRune("бвгґджзклмнпрстфхцчшщ", last):
		return []string{w + "у", w + "і", w + "ом"}, 'm'
	}
	return nil, 0
}

// ukAdj declines the adjective of a two-word Ukrainian name in the order of
// ukNoun's forms for the noun's gender.
func ukAdj(w string, gender byte) []string {
	switch {
	case gender == 'f' && strings.HasSuffix(w, "а") && utf8.RuneCountInString(w) > 3:
		s := strings.TrimSuffix(w, "а")
		return []string{s + "ої", s + "ій", s + "у", s + "ою"}
	case gender == 'm' && strings.HasSuffix(w, "ий") && utf8.RuneCountInString(w) > 4:
		s := strings.TrimSuffix(w, "ий")
		return []string{s + "ого", s + "ому", s + "им"}
	}
	return nil
}

// deGenitive gives the German genitive with -s ("Syriens", "Irans") for
// one-word names that take it; feminine (-e, -ei) and plural names do not.
func deGenitive(w string) []string {
	if strings.ContainsAny(w, " -") || endsAny(w, "sßxzeSXZ") || strings.HasSuffix(w, "ei") ||
		strings.HasSuffix(w, "inseln") {
		return nil
	}
	return []string{w + "s"}
}

// arPrefixed gives an Arabic name with the attached conjunction و and the
// prepositions ب and ل (ل + ال contracts to لل).
func arPrefixed(w string) []string {
	if strings.HasPrefix(w, "ال") {
		return []string{"و" + w, "ب" + w, "لل" + strings.TrimPrefix(w, "ال")}
	}
	return []string{"و" + w, "ب" + w, "ل" + w}
}

func cut(w string) (string, rune) {
	r, n := utf8.DecodeLastRuneInString(w)
	return w[:len(w)-n], r
}

func endsAny(w, set string) bool {
	r, _ := utf8.DecodeLastRuneInString(w)
	return strings.ContainsRune(set, r)
}
