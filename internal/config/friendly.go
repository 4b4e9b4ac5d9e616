package config

import (
	"fmt"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// unmarshalRE reads a yaml.v3 type error: "cannot unmarshal !!str `abc` into int".
var unmarshalRE = regexp.MustCompile("^cannot unmarshal !!(\\w+)(?: `([^`]*)`)? into (.+)$")

// friendlyTypeError rewords a yaml.v3 type error in an editor's terms:
// "`limit` must be a whole number, got "abc"" instead of "cannot unmarshal
// !!str `abc` into int". key is the mapping key whose value is wrong ("" when
// unknown).
func friendlyTypeError(msg, key string) string {
	m := unmarshalRE.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	got := yamlKindName(m[1], m[2])
	want := ""
	switch into := m[3]; {
	case strings.HasPrefix(into, "[]string"):
		want = "a list like [a, b]"
	case strings.HasPrefix(into, "[]"):
		want = "a list of entries, each starting with \"- \""
	case strings.HasPrefix(into, "map["):
		want = "a mapping of keys (key: value lines)"
	case strings.HasPrefix(into, "int"), strings.HasPrefix(into, "uint"):
		want = "a whole number"
	case strings.HasPrefix(into, "float"):
		want = "a number"
	case into == "bool":
		want = "true or false"
	case into == "string":
		want = "a single value (text)"
	case strings.HasPrefix(into, "struct"), strings.HasPrefix(into, "config."):
		want = "a mapping of keys (key: value lines, indented below it)"
	default:
		want = "a " + into
	}
	if key == "" {
		return fmt.Sprintf("this value must be %s, got %s", want, got)
	}
	return fmt.Sprintf("`%s` must be %s, got %s", key, want, got)
}

// yamlKindName names what the file holds, for type errors.
func yamlKindName(tag, value string) string {
	switch tag {
	case "seq":
		return "a list"
	case "map":
		return "a mapping"
	case "null":
		return "nothing"
	}
	if value != "" {
		return fmt.Sprintf("%q", value)
	}
	return "a " + tag
}

// keyAt returns the mapping key whose value starts at line (and col, when
// known) under n, or "".
func keyAt(n *yaml.Node, line, col int) string {
	if n == nil {
		return ""
	}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			v := n.Content[i+1]
			if v.Line == line && (col == 0 || v.Column == col) {
				return n.Content[i].Value
			}
		}
	}
	for _, c := range n.Content {
		if k := keyAt(c, line, col); k != "" {
			return k
		}
	}
	return ""
}

// dropDuplicateKeys reports every key repeated in a mapping under n, once,
// at the repeated key's position, and removes the repetition from the tree
// so that decoding goes on with the first value: one mistake gives one
// problem, not a cascade of false ones about the entry it sits in.
func (f *yamlFile) dropDuplicateKeys(n *yaml.Node, ps *Problems) {
	if n == nil {
		return
	}
	if n.Kind == yaml.MappingNode {
		seen := map[string]int{}
		kept := n.Content[:0]
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if first, dup := seen[k.Value]; dup && k.Kind == yaml.ScalarNode {
				ps.add(f.pos(k), "duplicate key %q (first at line %d)", k.Value, first)
				continue
			}
			seen[k.Value] = k.Line
			kept = append(kept, k, v)
		}
		n.Content = kept
	}
	for _, c := range n.Content {
		f.dropDuplicateKeys(c, ps)
	}
}
