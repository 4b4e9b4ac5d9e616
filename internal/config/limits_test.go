package config_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/rule"
)

// TestAliasMinimumLengthPerScript: one Latin letter or punctuation alone is
// refused with its file:line:col; one CJK character and two-letter names
// (as the shipped taxonomy has: EU, Xi, قم) are accepted.
func TestAliasMinimumLengthPerScript(t *testing.T) {
	files := with(map[string]string{"taxonomy/topics.yaml": `entries:
  - id: diplomacy
    kind: topic
    name: Diplomacy
    aliases: [talks, a, "--", EU, Xi, قم, 美]
    names:
      ru: [я, переговоры]
      zh: [谈, 外交]
  - id: conflict
    kind: topic
    name: Conflict
    aliases: [shelling, {text: "!"}]
`})
	got := problems(t, writeConfig(t, files))
	want := []string{
		`taxonomy/topics.yaml:5:22: entry "diplomacy": alias "a" is one letter: a name in an alphabetic script needs at least two (one Chinese, Japanese or Korean character is enough)`,
		`taxonomy/topics.yaml:5:25: entry "diplomacy": alias "--" has no letter or digit`,
		`taxonomy/topics.yaml:7:12: entry "diplomacy": names under ru: alias "я" is one letter: a name in an alphabetic script needs at least two (one Chinese, Japanese or Korean character is enough)`,
		`taxonomy/topics.yaml:12:25: entry "conflict": alias "!" has no letter or digit`,
	}
	if !slices.Equal(got, want) {
		t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestRuleLimitsArePositioned: a rule nested past rule.MaxDepth, or longer
// than rule.MaxLength, is a validate problem at its place in topics.yaml —
// including issue 17's 2,000,000 parentheses, which overflowed the stack.
func TestRuleLimitsArePositioned(t *testing.T) {
	deep := strings.Repeat("(", 100) + "region:syria" + strings.Repeat(")", 100)
	huge := strings.Repeat("(", 2_000_000) + "region:syria" + strings.Repeat(")", 2_000_000)
	long := strings.Repeat("region:syria OR ", rule.MaxLength/16+1) + "region:syria"
	files := with(map[string]string{"topics.yaml": fmt.Sprintf(`topics:
  - slug: deep
    title: Deep
    match: %s
  - slug: long
    title: Long
    match: %s
  - slug: huge
    title: Huge
    match: %s
`, deep, long, huge)})
	got := problems(t, writeConfig(t, files))
	if len(got) != 3 {
		t.Fatalf("want 3 problems, got %d: %.300q", len(got), got)
	}
	wantDeep := fmt.Sprintf("topics.yaml:4:%d: topic \"deep\": rule is nested more than %d deep", 12+rule.MaxDepth, rule.MaxDepth)
	if got[0] != wantDeep {
		t.Errorf("deep rule: %q, want %q", got[0], wantDeep)
	}
	if !strings.HasPrefix(got[1], "topics.yaml:7:") || !strings.Contains(got[1], "bytes long") {
		t.Errorf("long rule: %q", got[1])
	}
	if !strings.HasPrefix(got[2], "topics.yaml:10:") || !strings.Contains(got[2], "bytes long") {
		t.Errorf("huge rule: %.200q", got[2])
	}
}

// TestTaxonomySizeLimits: an entry with more names than MaxNamesPerEntry and
// a taxonomy with more than MaxTaxonomyEntries entries are refused.
func TestTaxonomySizeLimits(t *testing.T) {
	var b strings.Builder
	b.WriteString("entries:\n  - id: big\n    kind: topic\n    name: Big\n    aliases:\n")
	for i := range config.MaxNamesPerEntry + 1 {
		fmt.Fprintf(&b, "      - word%d\n", i)
	}
	got := problems(t, writeConfig(t, with(map[string]string{"taxonomy/big.yaml": b.String()})))
	want := fmt.Sprintf(`taxonomy/big.yaml:2:5: entry "big" has %d aliases and names; at most %d are allowed`, config.MaxNamesPerEntry+1, config.MaxNamesPerEntry)
	if !slices.Equal(got, []string{want}) {
		t.Fatalf("problems %q, want %q", got, want)
	}

	b.Reset()
	b.WriteString("entries:\n")
	for i := range config.MaxTaxonomyEntries {
		fmt.Fprintf(&b, "  - {id: t%d, kind: topic, name: T}\n", i)
	}
	got = problems(t, writeConfig(t, with(map[string]string{"taxonomy/many.yaml": b.String()})))
	if len(got) != 1 || !strings.Contains(got[0], fmt.Sprintf("entries; at most %d are allowed", config.MaxTaxonomyEntries)) {
		t.Fatalf("problems %.300q", got)
	}
}

// TestFileSizeLimit: a configuration file past MaxFileBytes is refused
// before it is read into memory.
func TestFileSizeLimit(t *testing.T) {
	main := writeConfig(t, baseFiles())
	f, err := os.OpenFile(filepath.Join(filepath.Dir(main), "topics.yaml"), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(config.MaxFileBytes + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	got := problems(t, main)
	if len(got) != 1 || !strings.HasPrefix(got[0], "topics.yaml:1:1: cannot read: the file is larger than") {
		t.Fatalf("problems %q", got)
	}
}
