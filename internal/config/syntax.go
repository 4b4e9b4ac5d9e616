package config

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

var yamlLineRe = regexp.MustCompile(`^yaml: (?:line (\d+): )?(?:column (\d+): )?(.*)$`)

// syntaxProblem turns a YAML syntax error into a position and a message.
//
// The YAML library reports the line where the enclosing block starts (and no
// column), which for a mis-indented key in the 40th taxonomy entry may be far
// above the mistake. The first line at which the document breaks is found by
// parsing growing prefixes of it, line by line (binary search, from the
// reported line on): the shortest prefix that fails with the same message ends
// at the offending line. The column is that line's first non-blank
// character, or its first tab for tab errors.
func syntaxProblem(data []byte, err error) (line, col int, msg string) {
	line, col, msg = 1, 1, err.Error()
	m := yamlLineRe.FindStringSubmatch(msg)
	if m == nil {
		return line, col, msg
	}
	msg = m[3]
	if m[1] != "" {
		line, _ = strconv.Atoi(m[1])
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	fails := func(k int) bool {
		var doc yaml.Node
		err := yaml.Unmarshal(bytes.Join(lines[:k], nil), &doc)
		if err == nil {
			return false
		}
		pm := yamlLineRe.FindStringSubmatch(err.Error())
		return pm != nil && pm[3] == msg
	}
	lo, hi := max(line, 1), len(lines)
	if lo > hi || !fails(hi) {
		return line, col, "YAML syntax: " + msg
	}
	for lo < hi {
		mid := (lo + hi) / 2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	line = lo
	text := string(lines[line-1])
	if strings.Contains(msg, "cannot start any token") || strings.Contains(msg, "tab") {
		if i := strings.IndexByte(text, '\t'); i >= 0 {
			if !strings.Contains(msg, "tab") {
				msg += " (a tab: indent with spaces)"
			}
			return line, 1 + len([]rune(text[:i])), "YAML syntax: " + msg
		}
	}
	trimmed := strings.TrimLeft(text, " \t")
	if strings.TrimSpace(trimmed) != "" {
		col = 1 + len([]rune(text[:len(text)-len(trimmed)]))
	}
	return line, col, "YAML syntax: " + msg
}
