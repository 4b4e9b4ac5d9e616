package dedupe

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

func TestNormalizeText(t *testing.T) {
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
		if got := NormalizeText(tc.in); got != tc.want {
			t.Errorf("NormalizeText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestTokensMatchNormalizeText checks that the tokenizer behind the sketches
// and the normalizer behind ContentHash agree on what a token is.
func TestTokensMatchNormalizeText(t *testing.T) {
	for _, s := range []string{"Kim Jong-un 金正恩 visits Ｓｅｏｕｌ, 2026!", "Дональд Трамп: «мир»", "叙利亚 Syria"} {
		toks := appendTokens(nil, s, 0)
		var want []uint64
		for _, w := range splitSpace(NormalizeText(s)) {
			h := uint64(fnvOffset)
			for _, r := range w {
				h = hashRune(h, r)
			}
			want = append(want, h)
		}
		if len(toks) != len(want) {
			t.Fatalf("%q: %d tokens, NormalizeText has %d", s, len(toks), len(want))
		}
		for i := range toks {
			if toks[i].h != want[i] {
				t.Errorf("%q: token %d differs", s, i)
			}
		}
	}
	if got := appendTokens(nil, "one two three four five", 3); len(got) != 3 {
		t.Errorf("token cap: got %d tokens, want 3", len(got))
	}
}

func splitSpace(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		if r == ' ' {
			if start >= 0 {
				out = append(out, s[start:i])
			}
			start = -1
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}
