package story

import (
	"strings"
	"unicode/utf8"
)

// A name written in another script meets its Latin spelling by its
// consonant skeleton: "Зеленского", "Zelensky" and "زيلينسكي" are all
// SLNSK, "Эрдоган", "أردوغان" and "Erdogan" RTKN. The skeleton keeps the
// consonants in a few classes (b and p, f and v, the k and g sounds, d, t,
// the s and sh sounds, l, m, n, r) and drops the vowels, the
// semivowels and h, which each script and each transliteration writes
// differently; a repeated class is kept once. Cyrillic, Greek, Armenian,
// Arabic, Persian, Hebrew, Devanagari, Bengali and Georgian letters have
// classes; Chinese, Japanese, Korean and Thai have none (their names are
// written in syllables or characters a skeleton does not read). It is a signal of its own
// kind (a sound): language-independent like a taxonomy id, so it counts
// when write-ups in two languages are compared, and left out of the
// comparison within one language, whose names already meet as words.

// soundBit marks a sound among the language-independent features.
const soundBit feature = 1 << (kindShift - 1)

// Skeletons shorter than minSound classes say too little (two-consonant
// skeletons are common words); longer than maxSound they are cut, as
// words are stemmed.
const (
	minSound = 3
	maxSound = 5
)

// sounds reports whether a feature is a name's consonant skeleton.
func (f feature) sounds() bool { return f&(kindMask|soundBit) == kindEntity|soundBit }

// consonant is the class of one folded rune: 0 for a vowel, semivowel or
// anything else that is dropped — the nukta too (the dot under फ़, ज़, ড়),
// so that a letter with a nukta is its base letter's class.
var consonant = func() map[rune]byte {
	m := map[rune]byte{}
	for _, script := range consonantClasses() {
		for class, runes := range script {
			for _, r := range runes {
				m[r] = class
			}
		}
	}
	return m
}()

// consonantClasses lists, script by script, the letters of each consonant
// class. A letter is in one class only (TestEachLetterHasOneSoundClass):
// listed in two, its class would depend on the order a map is read in.
func consonantClasses() []map[byte]string {
	return []map[byte]string{
		// Latin (folded: lower case, no diacritics)
		{'B': "bp", 'F': "fv", 'K': "cgkqx", 'T': "t", 'D': "d", 'S': "sz", 'L': "l", 'M': "m", 'N': "n", 'R': "r"},
		// Cyrillic (Russian, Ukrainian, Bulgarian, Serbian …)
		{'B': "бп", 'F': "вф", 'K': "гґкхј", 'T': "т", 'D': "дђ", 'S': "зжсцчшщџћ", 'L': "лљ", 'M': "м", 'N': "нњ", 'R': "р"},
		// Greek
		{'B': "π", 'F': "φβ", 'K': "γκχξ", 'T': "τθ", 'D': "δ", 'S': "σςζψ", 'L': "λ", 'M': "μ", 'N': "ν", 'R': "ρ"},
		// Arabic, Persian, Urdu
		{'B': "بپ", 'F': "ف", 'K': "جكقغخگکچ", 'T': "تط", 'D': "دضذ", 'S': "ثزسشصظژ", 'L': "ل", 'M': "م", 'N': "ن", 'R': "رڑ"},
		// Devanagari (Hindi, Marathi, Nepali): the anusvara is an n
		{'B': "पबभ", 'F': "फव", 'K': "कखगघ", 'T': "टठतथ", 'D': "डढदध", 'S': "चछजझशषस", 'L': "ल", 'M': "म", 'N': "ङञणनं", 'R': "र"},
		// Bengali
		{'B': "পবভ", 'F': "ফ", 'K': "কখগঘ", 'T': "টঠতথ", 'D': "ডঢদধ", 'S': "চছজঝশষস", 'L': "ল", 'M': "ম", 'N': "ঙঞণনং", 'R': "র"},
		// Armenian (lower case, as folded)
		{'B': "բպփ", 'F': "վֆ", 'K': "գխկղք", 'T': "թտ", 'D': "դ", 'S': "զծձճշչջսց", 'L': "լ", 'M': "մ", 'N': "ն", 'R': "ռր"},
		// Georgian
		{'B': "ბპფ", 'F': "ვ", 'K': "გკქღყხ", 'T': "თტ", 'D': "დ", 'S': "ზჟსშჩცძწჭჯ", 'L': "ლ", 'M': "მ", 'N': "ნ", 'R': "რ"},
		// Hebrew
		{'B': "בפף", 'K': "גכךקח", 'T': "טת", 'D': "ד", 'S': "זסצץש", 'L': "ל", 'M': "מם", 'N': "נן", 'R': "ר"},
	}
}

// caseless reports whether a rune is of a script without capital letters
// whose names are written in its letters (Hebrew, Arabic, Persian,
// Devanagari, Bengali, Georgian): every word may be a name there.
func caseless(r rune) bool {
	return r >= 0x0590 && r <= 0x06FF || r >= 0x0750 && r <= 0x077F || r >= 0x0900 && r <= 0x09FF ||
		r >= 0x10D0 && r <= 0x10FF || r >= 0xFB1D && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFF
}

// skeleton returns the consonant skeleton of a folded word, and whether it
// is long enough to tell a name. Latin digraphs are read as one sound (sh,
// ch, zh, ts as S; kh as K; th as T; ph as F); the Arabic article "ال" is
// left out.
func skeleton(w string) (string, bool) {
	if strings.HasPrefix(w, "ال") && utf8.RuneCountInString(w) > 4 {
		w = w[len("ال"):]
	}
	var b [maxSound]byte
	n := 0
	var last byte
	prev := rune(0)
	i := -1 // the rune's place in the word
	for _, r := range w {
		i++
		class := consonant[r]
		if r == 'h' {
			switch prev {
			case 's', 'c', 'z':
				class = 'S'
			case 'k', 'g':
				class = 'K'
			case 't':
				class = 'T'
			case 'd':
				class = 'D'
			case 'p':
				class = 'F'
			}
			if class != 0 && n > 0 {
				n-- // the digraph is one sound: it replaces its first letter's
				last = 0
				if n > 0 {
					last = b[n-1]
				}
			}
		}
		if r == 's' && prev == 't' && n > 0 && b[n-1] == 'T' {
			n-- // "ts" as in Tsipras, Ципрас
			last = 0
			if n > 0 {
				last = b[n-1]
			}
		}
		// Greek writes d as ντ and b as μπ: at the start of a word the
		// first letter is not heard ("Μπάτλερ" is Butler).
		if r == 'τ' && prev == 'ν' {
			class = 'D'
		}
		if (r == 'τ' && prev == 'ν' || r == 'π' && prev == 'μ') && i == 1 {
			n, last = 0, 0
		}
		prev = r
		if class == 0 || class == last {
			last = class
			continue
		}
		if n == maxSound {
			break
		}
		b[n] = class
		n++
		last = class
	}
	return string(b[:n]), n >= minSound
}

// soundFeature is the feature of a skeleton.
func soundFeature(s string) feature { return hashString(kindEntity, s)&^soundBit | soundBit }
