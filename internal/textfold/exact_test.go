package textfold

import "testing"

func TestContentHash(t *testing.T) {
	base := ContentHash("Syria: UN envoy says talks to resume", "The talks will resume in Geneva in April.")
	if len(base) != 64 {
		t.Fatalf("hash %q is not hex SHA-256", base)
	}
	same := []struct{ title, text string }{
		{"SYRIA — UN envoy says talks to resume!", "The talks will resume in Geneva in April"},
		{"  Syria:  UN envoy says\ttalks to resume ", "The talks will\nresume in Geneva in April."},
		{"Syria: UN envoy says “talks” to resume", "The talks will resume in Geneva, in April."},
		{"Ｓｙｒｉａ: UN envoy says talks to resume", "The talks will resume in Geneva in April."}, // full-width letters
	}
	for _, s := range same {
		if got := ContentHash(s.title, s.text); got != base {
			t.Errorf("ContentHash(%q, %q) differs from the plain form", s.title, s.text)
		}
	}
	different := []struct{ title, text string }{
		{"Syria: UN envoy says talks to resume", "The talks will resume in Geneva in May."},
		{"Syria: UN envoy says talks to resume in April", "The talks will resume in Geneva."}, // words moved from text to title
		{"", "Syria: UN envoy says talks to resume The talks will resume in Geneva in April."},
	}
	for _, d := range different {
		if got := ContentHash(d.title, d.text); got == base {
			t.Errorf("ContentHash(%q, %q) equals a different article's hash", d.title, d.text)
		}
	}
	if got := ContentHash("", " \n "); got != "" {
		t.Errorf("empty item hashed to %q, want empty", got)
	}
	if ContentHash("Ünïcode Straße", "") != ContentHash("ünïcode straße", "") {
		t.Error("case folding of non-ASCII letters")
	}
}

func TestExact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hello, World!", "hello world"},
		{"  U.N.  envoy\u00a0says ", "u n envoy says"},
		{"叙利亚总统阿萨德", "叙 利 亚 总 统 阿 萨 德"},
		{"Kim Jong-un 金正恩 visits", "kim jong un 金 正 恩 visits"},
		{"Ａｌ　Ｊａｚｅｅｒａ", "al jazeera"},
		{"Дональд Трамп", "дональд трамп"},
		{"دمشق، سوريا", "دمشق سوريا"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := Exact(tc.in); got != tc.want {
			t.Errorf("Exact(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
