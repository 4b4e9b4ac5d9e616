package dedupe

import (
	"strings"
	"testing"

	"github.com/intlwire/aggregator/internal/textfold"
)

// TestTokensMatchExact checks that the tokenizer behind the sketches
// and the exact form behind textfold.ContentHash agree on what a token is.
func TestTokensMatchExact(t *testing.T) {
	for _, s := range []string{"Kim Jong-un 金正恩 visits Ｓｅｏｕｌ, 2026!", "Дональд Трамп: «мир»", "叙利亚 Syria"} {
		toks := appendTokens(nil, s, 0)
		var want []uint64
		for _, w := range strings.Fields(textfold.Exact(s)) {
			h := uint64(fnvOffset)
			for _, r := range w {
				h = hashRune(h, r)
			}
			want = append(want, h)
		}
		if len(toks) != len(want) {
			t.Fatalf("%q: %d tokens, textfold.Exact has %d", s, len(toks), len(want))
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
