package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/intlwire/aggregator/internal/config"
)

func TestCommandLineHelpsWithMistakes(t *testing.T) {
	for _, tc := range []struct {
		args       []string
		code       int
		wantStderr string
	}{
		{[]string{"fecth"}, 1, `unknown command "fecth"; did you mean "fetch"?`},
		{[]string{"fetch", "-al"}, 1, "unknown flag -al; did you mean -all?"},
		{[]string{"stories", "-topci", "x"}, 1, "did you mean -topic?"},
		{[]string{"validate", "extra"}, 1, `aggregator validate: takes no arguments, got "extra"`},
		{[]string{"explain", "a", "b"}, 1, `aggregator explain: unexpected argument "b"`},
		{[]string{"fetch", "-zzzzzzzz"}, 1, "unknown flag -zzzzzzzz (see aggregator fetch -h)"},
		{[]string{"run", "-role", "both"}, 1, `aggregator run: -role "both": want all, fetch or web`},
	} {
		code, _, stderr := runCmd(t, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.wantStderr) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, code, stderr, tc.code, tc.wantStderr)
		}
	}
	code, out, _ := runCmd(t, "version")
	if code != 0 || !strings.HasPrefix(out, "aggregator ") || !strings.Contains(out, "go1.") {
		t.Errorf("version: exit %d, %q", code, out)
	}
}

func TestFlagsAfterArguments(t *testing.T) {
	f := newFlags("x", new(strings.Builder))
	f.takesArgs(2)
	rule := f.String("rule", "", "")
	n := f.Int("limit", 0, "")
	if err := f.parse([]string{"slug", "-rule", "a AND b", "second", "-limit", "3"}); err != nil {
		t.Fatal(err)
	}
	if f.NArg() != 2 || f.Arg(0) != "slug" || f.Arg(1) != "second" || *rule != "a AND b" || *n != 3 {
		t.Errorf("args %v rule %q limit %d", f.Args(), *rule, *n)
	}
	// "--" ends the flags: what follows is an argument even if it looks like a flag.
	f = newFlags("x", new(strings.Builder))
	f.takesArgs(-1)
	f.Bool("v", false, "")
	if err := f.parse([]string{"a", "--", "-v", "b"}); err != nil || strings.Join(f.Args(), " ") != "a -v b" {
		t.Errorf("after --: %v %v", f.Args(), err)
	}
}

// The evidence of `tag` highlights exactly the matched words, even after
// blank lines between the title and the text.
func TestTagEvidenceOffsetsAfterBlankLines(t *testing.T) {
	var out, errb strings.Builder
	in := "Talks on Syria\n\n\nRussian President Vladimir Putin met envoys in Damascus on the Syrian ceasefire.\n\nMore talks follow.\n"
	code := run(context.Background(), &env{stdout: &out, stderr: &errb, stdin: strings.NewReader(in)},
		[]string{"tag", "-config", filepath.Join(repoConfig(t), "aggregator.yaml")})
	if code != 0 {
		t.Fatalf("tag: exit %d: %s", code, errb.String())
	}
	ev := regexp.MustCompile(`"([^"]+)"  …[^\[]*\[([^\]]*)\]`)
	matches := ev.FindAllStringSubmatch(out.String(), -1)
	if len(matches) < 4 {
		t.Fatalf("too little evidence:\n%s", out.String())
	}
	for _, m := range matches {
		if m[1] != m[2] {
			t.Errorf("evidence %q highlighted as [%s]", m[1], m[2])
		}
	}
}

// `tag` builds the tagger once: its compiled form is cached (named by the
// taxonomy's key) and the next run reads it and tags alike.
func TestTagCachesTheCompiledTagger(t *testing.T) {
	cache := t.TempDir()
	t.Setenv(config.CacheEnv, cache)
	in := "Talks on Syria\nRussian President Vladimir Putin met envoys in Damascus.\n"
	tagOnce := func() string {
		var out, errb strings.Builder
		code := run(context.Background(), &env{stdout: &out, stderr: &errb, stdin: strings.NewReader(in)},
			[]string{"tag", "-config", filepath.Join(repoConfig(t), "aggregator.yaml")})
		if code != 0 {
			t.Fatalf("tag: exit %d: %s", code, errb.String())
		}
		return out.String()
	}
	first := tagOnce()
	files, _ := filepath.Glob(filepath.Join(cache, ".tagger-*.bin"))
	if len(files) != 1 {
		t.Fatalf("tagger cache files %v, want one", files)
	}
	before, err := os.Stat(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if second := tagOnce(); second != first {
		t.Errorf("from the cache:\n%s\nbuilt:\n%s", second, first)
	}
	if after, err := os.Stat(files[0]); err != nil || !after.ModTime().Equal(before.ModTime()) {
		t.Errorf("the second run wrote the cache again (built the tagger): %v", err)
	}
}
