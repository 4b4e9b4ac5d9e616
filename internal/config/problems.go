package config

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one configuration error at a position.
type Problem struct {
	Pos
	Msg string
}

func (p Problem) String() string {
	return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Col, p.Msg)
}

// Problems is every error found in a configuration. It is returned as an error
// by Load; each problem prints on its own line as file:line:col: message.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

func (ps *Problems) add(pos Pos, format string, args ...any) {
	if pos.Line == 0 {
		pos.Line = 1
	}
	if pos.Col == 0 {
		pos.Col = 1
	}
	*ps = append(*ps, Problem{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

func (ps Problems) sorted() Problems {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return ps
}
