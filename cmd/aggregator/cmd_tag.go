package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/intlwire/aggregator/internal/tag"
)

func cmdTag(ctx context.Context, e *env, args []string) error {
	f := newFlags("tag", e.stderr)
	f.takesArgs(-1)
	jsonl := f.Bool("jsonl", false, `input lines {"id":..,"title":..,"text":..}; output one JSON line each`)
	if err := f.parse(args); err != nil {
		return err
	}
	cfg, err := f.load()
	if err != nil {
		return err
	}
	// The compiled tagger's cache, when it holds this taxonomy, spares the
	// build (0.4 CPU-seconds); a build writes it for the next run.
	t, err := tag.FromConfig(cfg)
	if err != nil {
		return err
	}
	defer t.WaitCache()
	inputs := f.Args()
	if len(inputs) == 0 {
		inputs = []string{"-"}
	}
	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	for _, name := range inputs {
		r, closeFn, err := openInput(e, name)
		if err != nil {
			return err
		}
		if *jsonl {
			err = tagJSONL(t, r, out, name)
		} else {
			err = tagPlain(t, r, out)
		}
		closeFn()
		if err != nil {
			return err
		}
	}
	return nil
}

func openInput(e *env, name string) (io.Reader, func(), error) {
	if name == "-" {
		return e.stdin, func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, usageError{err}
	}
	return f, func() { f.Close() }, nil
}

// tagPlain tags a whole input as one article (first line the title) and writes
// the evidence report.
func tagPlain(t *tag.Tagger, r io.Reader, w io.Writer) error {
	body, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	title, text, _ := strings.Cut(strings.TrimSpace(string(body)), "\n")
	// Trim once and show the same strings that were tagged: the evidence
	// offsets count bytes of exactly these (a blank line after the title
	// used to shift every highlight by one).
	title, text = strings.TrimSpace(title), strings.TrimSpace(text)
	res := t.Tag(title, text)
	t.Report(w, title, text, res)
	return nil
}

type tagInput struct {
	ID    any    `json:"id"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

func tagJSONL(t *tag.Tagger, r io.Reader, w io.Writer, name string) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var in tagInput
		if err := json.Unmarshal(sc.Bytes(), &in); err != nil {
			return userErr("%s:%d: not a JSON object: %v", name, line, err)
		}
		b, err := t.JSONLine(in.ID, t.Tag(in.Title, in.Text))
		if err != nil {
			return err
		}
		w.Write(b)
		fmt.Fprintln(w)
	}
	return sc.Err()
}
