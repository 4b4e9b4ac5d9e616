package config

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// entryNode is the mapping node of one list entry (a source, topic or taxonomy
// entry) with its file, so that a problem can point at the exact key or value
// it is about instead of the start of the entry.
type entryNode struct {
	f *yamlFile
	n *yaml.Node
}

// at returns the position of the entry itself.
func (e entryNode) at() Pos {
	if e.f == nil || e.n == nil {
		return Pos{}
	}
	return e.f.pos(e.n)
}

// key returns the position of key's value, or of the entry when the key is
// absent.
func (e entryNode) key(k string) Pos {
	if e.f == nil {
		return Pos{}
	}
	if v, _ := child(e.n, k); v != nil {
		return e.f.pos(v)
	}
	return e.at()
}

// item returns the position of the first scalar equal to value inside key's
// value (a sequence, or a mapping of sequences such as names), or key's
// position when there is none.
func (e entryNode) item(k, value string) Pos {
	if e.f == nil {
		return Pos{}
	}
	v, _ := child(e.n, k)
	if v == nil {
		return e.at()
	}
	if n := findScalar(v, value); n != nil {
		return e.f.pos(n)
	}
	return e.f.pos(v)
}

func findScalar(n *yaml.Node, value string) *yaml.Node {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Value == value {
			return n
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			if m := findScalar(c, value); m != nil {
				return m
			}
		}
	case yaml.MappingNode: // names: {ar: [...]}, or an alias mapping {text: ...}
		for i := 1; i < len(n.Content); i += 2 {
			if m := findScalar(n.Content[i], value); m != nil {
				return m
			}
		}
	}
	return nil
}

// valuePos returns the file position of byte offset off inside the value of
// scalar node n. The value may differ from the text in the file: quotes,
// escapes and folded lines. The word at off is therefore looked up in the
// file's text after the node's start (counting earlier occurrences of the same
// word in the value), which stays right for quoted, escaped and multi-line
// scalars. Columns count characters, as YAML's do.
func (f *yamlFile) valuePos(n *yaml.Node, off int) Pos {
	start := f.pos(n)
	v := n.Value
	if off < 0 || off > len(v) || f.data == nil {
		return start
	}
	if off == len(v) || isSpace(v[off]) {
		// The end of the rule, or a gap: one past the last character before it.
		end := strings.TrimRightFunc(v[:off], unicode.IsSpace)
		if end == "" {
			return start
		}
		_, size := utf8.DecodeLastRuneInString(end)
		p := f.valuePos(n, len(end)-size)
		p.Col++
		return p
	}
	word := v[off:]
	if i := strings.IndexFunc(word, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`()"'\`, r)
	}); i > 0 {
		word = word[:i]
	} else if i == 0 {
		_, size := utf8.DecodeRuneInString(word)
		word = word[:size]
	}
	nth := strings.Count(v[:off], word) // earlier occurrences; approximate for overlaps
	raw := f.offsetOf(start)
	if raw < 0 {
		return start
	}
	rest := f.data[raw:]
	at := 0
	for k := 0; ; k++ {
		i := bytes.Index(rest[at:], []byte(word))
		if i < 0 {
			p := start
			p.Col += utf8.RuneCountInString(v[:off])
			return p
		}
		if k == nth {
			return f.posOf(raw + at + i)
		}
		at += i + len(word)
	}
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// offsetOf converts a 1-based line and character column to a byte offset in
// the file, or -1.
func (f *yamlFile) offsetOf(p Pos) int {
	line, i := 1, 0
	for line < p.Line {
		j := bytes.IndexByte(f.data[i:], '\n')
		if j < 0 {
			return -1
		}
		i += j + 1
		line++
	}
	for c := 1; c < p.Col; c++ {
		if i >= len(f.data) || f.data[i] == '\n' {
			return -1
		}
		_, size := utf8.DecodeRune(f.data[i:])
		i += size
	}
	return i
}

// posOf converts a byte offset of the file to a position.
func (f *yamlFile) posOf(off int) Pos {
	before := f.data[:off]
	line := 1 + bytes.Count(before, []byte("\n"))
	lineStart := bytes.LastIndexByte(before, '\n') + 1
	return Pos{File: f.path, Line: line, Col: 1 + utf8.RuneCount(before[lineStart:])}
}
