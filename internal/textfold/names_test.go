package textfold

import "testing"

func TestLatin(t *testing.T) {
	for in, want := range map[string]string{
		"Erdoğan":          "erdogan",
		"Côngo":            "congo",
		"  Abu   Dhabi\t ": "abu dhabi",
		"Бийск":            "бийск", // й keeps its breve outside Latin
		"سُورِيَا":         "سوريا", // Arabic vowel signs dropped
		"Montre\u0301al":   "montreal",
	} {
		if got := Latin(in); got != want {
			t.Errorf("Latin(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"BBC News – World":    "bbc-news-world",
		"  Le Monde.fr  ":     "le-monde-fr",
		"Hürriyet Daily News": "hurriyet-daily-news",
		"Straße & Co":         "strasse-and-co",
		"Diyarbakır":          "diyarbakir",
		"الجزيرة":             "",
		"---":                 "",
		"The Very Long Name of an Outlet That Goes On and On": "the-very-long-name-of-an-outlet-that-goes-on-and",
	} {
		if got := Slug(in, 48); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}
