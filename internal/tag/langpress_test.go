package tag

import (
	"slices"
	"testing"
)

// TestPressNames checks names of config/taxonomy/names-press.yaml, found by
// probing each language with the forms its press writes: peoples' plurals,
// adjectives, irregular case forms, short forms, Traditional Chinese and the
// places of the news. Each text names its country only in that way.
func TestPressNames(t *testing.T) {
	tg := shippedTagger(t)
	for _, c := range []struct{ lang, text, want string }{
		{"pl", "Inflacja na Węgrzech przekroczyła 25 procent.", "HU"},
		{"pl", "Rosjanie ostrzelali w nocy przedmieścia Charkowa, a w Charkowie nie ma prądu.", "UA"},
		{"cs", "Ministr jednal ve Vídni o plynu.", "AT"},
		{"de", "Die Russen zogen sich aus der Stadt zurück.", "RU"},
		{"nl", "De Marokkaanse regering kondigde nieuwe maatregelen aan.", "MA"},
		{"it", "Il governo statunitense ha annunciato nuove sanzioni.", "US"},
		{"hu", "A miniszter Kínában tárgyalt a beruházásokról.", "CN"},
		{"id", "Perdana Menteri Inggris tiba di Jakarta untuk kunjungan resmi.", "GB"},
		{"th", "รัฐบาลสหรัฐประกาศมาตรการใหม่", "US"},
		{"zh-Hant", "北韓今天再度試射飛彈。", "KP"},
		{"zh-Hant", "波蘭政府宣布增加國防預算。", "PL"},
		{"ko", "팔레스타인 자치정부가 성명을 발표했다.", "PS"},
		{"he", "רקטות נורו הלילה לעבר חיפה ואשקלון.", "IL"},
		{"sq", "Qeveria e Malit të Zi miratoi ligjin e ri.", "ME"},
	} {
		r := tg.Tag("", c.text)
		if !slices.Contains(r.Countries, c.want) {
			t.Errorf("%s %q: countries %v, want %s", c.lang, c.text, r.Countries, c.want)
		}
	}
}

// TestCommonWordsOfThePress checks names that are common words or given
// names in a language: Spanish "la paz" (peace) is not La Paz, Vietnamese
// given names holding Đức, Mỹ or Nga are not Germany, the United States or
// Russia, Turkish "Mali kriz" (a financial crisis) is not Mali, and
// Albanian "Mali i Zi" (Montenegro) is not Mali.
func TestCommonWordsOfThePress(t *testing.T) {
	tg := shippedTagger(t)
	for _, c := range []struct{ text, notWant string }{
		{"La paz en Colombia sigue siendo frágil, dijo el negociador.", "BO"},
		{"Ông Nguyễn Minh Đức, giám đốc công ty, cho biết doanh thu tăng.", "DE"},
		{"Chị Trần Thị Mỹ Linh đã nhận giải thưởng của thành phố.", "US"},
		{"Bà Nguyễn Thị Nga phát biểu tại hội nghị.", "RU"},
		{"Mali kriz derinleşiyor, dedi ekonomist.", "ML"},
		{"Qeveria e Malit të Zi miratoi ligjin e ri.", "ML"},
	} {
		if r := tg.Tag("", c.text); slices.Contains(r.Countries, c.notWant) {
			t.Errorf("%q: countries %v, %s is a common word or a name here", c.text, r.Countries, c.notWant)
		}
	}
}
