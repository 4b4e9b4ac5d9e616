package main

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Adjectives: the press names a country by its adjective as often as by its
// name ("niemiecki rząd", "Duitse regering", "الحكومة الألمانية"). CLDR has no
// adjectives, but in many languages the name of a country's language is its
// adjective: Polish "niemiecki", Bulgarian "немски", Danish "tysk", Hungarian
// "német", Persian "آلمانی". Where both hold, the language name becomes a name
// of the country; inflection.yaml gives it its forms ("niemieckiego",
// "Duitse", "tyske").

// nationalLanguage is the language that stands for one country, by ISO code.
// Languages of several countries (English, Arabic, Spanish is kept for
// Spain) or whose name is also another word elsewhere (Hindi is "turkey" in
// Turkish) are not listed.
var nationalLanguage = map[string]string{
	"BG": "bg", "HR": "hr", "CZ": "cs", "DK": "da", "NL": "nl", "EE": "et", "FI": "fi",
	"FR": "fr", "DE": "de", "GR": "el", "HU": "hu", "IE": "ga", "IT": "it", "LV": "lv",
	"LT": "lt", "MT": "mt", "PL": "pl", "PT": "pt", "RO": "ro", "SK": "sk", "SI": "sl",
	"ES": "es", "SE": "sv", "RU": "ru", "UA": "uk", "BY": "be", "RS": "sr", "BA": "bs",
	"MK": "mk", "AL": "sq", "TR": "tr", "AZ": "az", "KZ": "kk", "GE": "ka", "AM": "hy",
	"IR": "fa", "IL": "he", "CN": "zh", "JP": "ja", "KR": "ko", "VN": "vi", "NO": "no",
	"IS": "is",
}

// falseFriends are language names that, folded, are everyday words or another
// country's adjective in other languages of the news: Hungarian "román"
// (Romanian) is "roman", a novel; Croatian "slovenski" (Slovene) gives
// "slovenska", which is Slovak in Slovak; Azerbaijani "Qazax" is also a
// district of Azerbaijan; Danish "slovensk" and Swedish "slovenska" (Slovene)
// are Slovak in Slovak.
// Azerbaijani "island" (Icelandic) is an English word, Spanish "checo"
// (Czech) the nickname of a racing driver, Hungarian "albán" (Albanian) a
// given name.
var falseFriends = map[string]bool{"román": true, "slovenski": true, "qazax": true, "slovensk": true, "slovenska": true,
	"island": true, "checo": true, "albán": true}

// adjectiveLangs are the languages of the news whose names of languages are
// the adjectives of the countries: not Czech, Slovak, Slovene ("němčina" is a
// noun), Turkish ("Almanca"), Kazakh and Armenian (a word for "language"
// added), Irish, Maltese, Albanian, Vietnamese, Swahili, Hausa (likewise), nor
// the scripts written without spaces.
var adjectiveLangs = map[string]bool{
	"pl": true, "bg": true, "nl": true, "da": true, "sv": true, "lt": true, "lv": true,
	"et": true, "hu": true, "ro": true, "it": true, "pt": true, "pt-PT": true, "el": true,
	"hr": true, "sr": true, "sr-Latn": true, "bs": true, "mk": true, "az": true, "ka": true,
	"fa": true, "he": true, "bn": true, "be": true, "uk": true, "ru": true, "fr": true,
	"es": true, "ar": true, "ur": true, "de": true,
}

// languageAdjectives returns the adjectives of the country iso in the
// language of the news lang ([names: key, CLDR locale]).
func languageAdjectives(iso string, lang [2]string) []string {
	code, ok := nationalLanguage[iso]
	if !ok || !adjectiveLangs[lang[0]] {
		return nil
	}
	n := display.Languages(language.MustParse(lang[1]))
	if n == nil {
		return nil
	}
	name := n.Name(language.MustParse(code))
	// Short ones are words elsewhere: "fin" (Finnish in Azerbaijani) is
	// French "end", "tai" (Thai in Estonian) Vietnamese "at".
	if name == "" || name == code || falseFriends[name] || utf8.RuneCountInString(name) < 5 {
		return nil
	}
	if lang[0] == "de" || lang[0] == "el" {
		// German writes the language as a noun, the adjective in lower
		// case: "Polnisch", "die polnische Regierung"; CLDR capitalizes
		// Greek language names ("Γερμανικά") that texts write in lower
		// case ("η γερμανική κυβέρνηση").
		name = strings.ToLower(name)
	}
	return []string{name}
}
