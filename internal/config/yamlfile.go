package config

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// yamlFile is one parsed YAML file with its root node.
type yamlFile struct {
	path string
	root *yaml.Node // the document's top node (a mapping), nil when empty
}

var yamlLineRe = regexp.MustCompile(`^yaml: (?:line (\d+): )?(?:column (\d+): )?(.*)$`)

// readYAML parses a file into a node tree, reporting syntax errors with positions.
func readYAML(path string, ps *Problems) *yamlFile {
	data, err := os.ReadFile(path)
	if err != nil {
		ps.add(Pos{File: path}, "cannot read: %v", unwrapPathErr(err))
		return nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		pos := Pos{File: path, Line: 1, Col: 1}
		msg := err.Error()
		if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
			if m[1] != "" {
				pos.Line, _ = strconv.Atoi(m[1])
			}
			if m[2] != "" {
				pos.Col, _ = strconv.Atoi(m[2])
			}
			msg = "YAML syntax: " + m[3]
		}
		ps.add(pos, "%s", msg)
		return nil
	}
	f := &yamlFile{path: path}
	if len(doc.Content) > 0 {
		f.root = doc.Content[0]
		if f.root.Kind != yaml.MappingNode {
			ps.add(f.pos(f.root), "expected a mapping of keys at the top of the file")
			f.root = nil
		}
	}
	return f
}

func unwrapPathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (f *yamlFile) pos(n *yaml.Node) Pos {
	return Pos{File: f.path, Line: n.Line, Col: n.Column}
}

// child returns the value node of key in a mapping node, and the key node.
func child(m *yaml.Node, key string) (val, keyNode *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1], m.Content[i]
		}
	}
	return nil, nil
}

// decode checks n for unknown keys against v's type, then decodes it, reporting
// type errors at their positions. It returns false when anything was wrong.
func (f *yamlFile) decode(n *yaml.Node, v any, ps *Problems) bool {
	before := len(*ps)
	f.checkKeys(n, reflect.TypeOf(v).Elem(), ps)
	if err := n.Decode(v); err != nil {
		f.typeErrors(n, err, ps)
	}
	return len(*ps) == before
}

var typeErrLineRe = regexp.MustCompile(`^line (\d+): (.*)$`)

func (f *yamlFile) typeErrors(n *yaml.Node, err error, ps *Problems) {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		for _, e := range te.Errors {
			pos := f.pos(n)
			msg := e
			if m := typeErrLineRe.FindStringSubmatch(e); m != nil {
				pos.Line, _ = strconv.Atoi(m[1])
				pos.Col = 1
				msg = m[2]
			}
			ps.add(pos, "%s", friendlyTypeError(msg))
		}
		return
	}
	ps.add(f.pos(n), "%s", strings.TrimPrefix(err.Error(), "yaml: "))
}

func friendlyTypeError(msg string) string {
	msg = strings.Replace(msg, "cannot unmarshal !!", "wrong type: got !!", 1)
	return msg
}

// checkKeys reports mapping keys that the target type does not have, with a
// did-you-mean suggestion, recursing into nested structs, slices and maps.
func (f *yamlFile) checkKeys(n *yaml.Node, t reflect.Type, ps *Problems) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case n == nil:
		return
	case n.Kind == yaml.AliasNode:
		f.checkKeys(n.Alias, t, ps)
	case t.Kind() == reflect.Slice && n.Kind == yaml.SequenceNode:
		for _, c := range n.Content {
			f.checkKeys(c, t.Elem(), ps)
		}
	case t.Kind() == reflect.Map && n.Kind == yaml.MappingNode:
		for i := 1; i < len(n.Content); i += 2 {
			f.checkKeys(n.Content[i], t.Elem(), ps)
		}
	case t.Kind() == reflect.Struct && n.Kind == yaml.MappingNode:
		fields := yamlFields(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			ft, ok := fields[k.Value]
			if !ok {
				names := make([]string, 0, len(fields))
				for name := range fields {
					names = append(names, name)
				}
				msg := fmt.Sprintf("unknown key %q", k.Value)
				if s := suggest(k.Value, names); s != "" {
					msg += fmt.Sprintf(" (did you mean %q?)", s)
				}
				ps.add(f.pos(k), "%s", msg)
				continue
			}
			f.checkKeys(n.Content[i+1], ft, ps)
		}
	}
}

// yamlFields maps the yaml key names of a struct to their field types.
func yamlFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
		if name == "-" || !sf.IsExported() {
			continue
		}
		if name == "" {
			name = strings.ToLower(sf.Name)
		}
		out[name] = sf.Type
	}
	return out
}

// suggest returns the candidate closest to s by edit distance, if close enough.
func suggest(s string, candidates []string) string {
	best, bestD := "", 1<<30
	for _, c := range candidates {
		if d := editDistance(strings.ToLower(s), c); d < bestD || d == bestD && c < best {
			best, bestD = c, d
		}
	}
	if bestD <= max(2, len(s)/3) {
		return best
	}
	return ""
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
