package main

import (
	"slices"
	"strings"
	"testing"
)

func TestForms(t *testing.T) {
	cases := []struct {
		lang, name string
		want       []string // forms that must be produced
		not        []string // forms that must not
	}{
		{"ru", "Сирия", []string{"Сирии", "Сирию", "Сирией"}, nil},
		{"ru", "Канада", []string{"Канады", "Канаде", "Канаду", "Канадой"}, nil},
		{"ru", "Китай", []string{"Китая", "Китаю", "Китаем", "Китае"}, nil},
		{"ru", "Израиль", []string{"Израиля", "Израилю", "Израиле"}, nil},
		{"ru", "Пакистан", []string{"Пакистана", "Пакистану", "Пакистаном", "Пакистане"}, nil},
		{"ru", "Южная Корея", []string{"Южной Кореи", "Южную Корею", "Южной Корее"}, nil},
		{"ru", "Южный Судан", []string{"Южного Судана", "Южном Судане"}, nil},
		{"ru", "Того", nil, []string{"Тогоа"}},
		{"uk", "Україна", []string{"України", "Україні", "Україну", "Україною"}, nil},
		{"uk", "Сирія", []string{"Сирії", "Сирію", "Сирією"}, nil},
		{"uk", "Америка", []string{"Америки", "Америці"}, nil},
		{"uk", "Південна Корея", []string{"Південної Кореї", "Південній Кореї", "Південну Корею"}, nil},
		{"uk", "Китай", []string{"Китаю", "Китаї", "Китаєм"}, nil},
		{"uk", "Нова Зеландія", []string{"Нової Зеландії", "Новій Зеландії", "Нову Зеландію"}, nil},
		{"uk", "Південний Судан", []string{"Південного Судану", "Південному Судані"}, nil},
		{"de", "Syrien", []string{"Syriens"}, nil},
		{"de", "Ukraine", nil, []string{"Ukraines"}},
		{"de", "Türkei", nil, []string{"Türkeis"}},
		{"ar", "سوريا", []string{"وسوريا", "بسوريا", "لسوريا"}, nil},
		{"ar", "العراق", []string{"والعراق", "بالعراق", "للعراق"}, []string{"لالعراق"}},
		{"fr", "Syrie", nil, []string{"Syries"}},
	}
	for _, c := range cases {
		got := forms(c.lang, c.name)
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("forms(%s, %s) = %v, missing %s", c.lang, c.name, got, w)
			}
		}
		for _, w := range c.not {
			if slices.Contains(got, w) {
				t.Errorf("forms(%s, %s) = %v, must not hold %s", c.lang, c.name, got, w)
			}
		}
	}
}

func TestCleanName(t *testing.T) {
	cases := map[string][]string{
		"Myanmar (Birmanie)": {"Myanmar", "Birmanie"},
		"Конго - Киншаса":    {"Конго-Киншаса"},
		"刚果（布）":              {"刚果(布)"},
		"Syrie":              {"Syrie"},
		"Фарерские о-ва":     {"Фарерские острова"},
	}
	for in, want := range cases {
		if got := cleanName(in); !slices.Equal(got, want) {
			t.Errorf("cleanName(%q) = %q, want %q", in, got, want)
		}
	}
}

const sample = `# head comment
entries:
  - id: syria
    kind: country
    name: Syria
    iso: SY
    aliases: [Syrian Arab Republic]
    names:
      ru: [Сирия, сирийский]
  - id: mali
    kind: country
    name: Mali
    iso: ML
    aliases: [{text: Mali, case_sensitive: true}, {text: Мали, case_sensitive: true}]
  - id: idlib
    kind: place
    name: Idlib
`

func TestFillAddsMissingOnlyAndIsIdempotent(t *testing.T) {
	out, added, err := fill([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if added == 0 || !strings.Contains(s, "# head comment") {
		t.Fatalf("added %d, output:\n%s", added, s)
	}
	for _, want := range []string{"Сирии", "Сирію", "叙利亚", "Syrie", "Syriens", "سوريا", "Suriye"} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %s:\n%s", want, s)
		}
	}
	if strings.Count(s, "Сирия") != 1 {
		t.Errorf("Сирия duplicated:\n%s", s)
	}
	// Mali's English and Russian names carry rules: no plain form of them
	// (nor the Spanish Malí, the same letters) may appear; the Ukrainian Малі
	// is another spelling and is added.
	mali := s[strings.Index(s, "id: mali"):strings.Index(s, "id: idlib")]
	names := mali[strings.Index(mali, "names:"):]
	if strings.Contains(names, "Мали") || strings.Contains(names, "Mali") || strings.Contains(names, "Malí") ||
		!strings.Contains(names, "Малі") {
		t.Errorf("a plain form of a restricted name was added:\n%s", s)
	}
	if strings.Contains(s[strings.Index(s, "id: idlib"):], "names") {
		t.Errorf("a place got names:\n%s", s)
	}
	again, added2, err := fill(out)
	if err != nil || added2 != 0 || string(again) != s {
		t.Errorf("second run added %d (err %v), changed: %v", added2, err, string(again) != s)
	}
}
