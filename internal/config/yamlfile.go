package config

import (
	"errors"
	"fmt"
	"io"
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
	data []byte     // the file's text, to place problems inside scalars
	root *yaml.Node // the document's top node (a mapping), nil when empty
}

// readYAML parses a file into a node tree, reporting syntax errors with positions.
func readYAML(path string, ps *Problems) *yamlFile {
	data, err := readLimited(path, MaxFileBytes)
	if err != nil {
		ps.add(Pos{File: path}, "cannot read: %v", unwrapPathErr(err))
		return nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, col, msg := syntaxProblem(data, err)
		ps.add(Pos{File: path, Line: line, Col: col}, "%s", msg)
		return nil
	}
	f := &yamlFile{path: path, data: data}
	if len(doc.Content) > 0 {
		f.root = doc.Content[0]
		if f.root.Kind != yaml.MappingNode {
			ps.add(f.pos(f.root), "expected a mapping of keys at the top of the file")
			f.root = nil
		}
	}
	return f
}

// readLimited reads a file of at most limit bytes: a larger one is an error
// before it costs memory.
func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("the file is larger than %d MiB", limit>>20)
	}
	return data, nil
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
	f.dropDuplicateKeys(n, ps)
	f.checkKeys(n, reflect.TypeOf(v).Elem(), ps)
	if err := n.Decode(v); err != nil {
		f.typeErrors(n, err, ps)
	}
	return len(*ps) == before
}

var typeErrLineRe = regexp.MustCompile(`^line (\d+): (?:column (\d+): )?(.*)$`)

// typeValueRe finds the offending value in a YAML type error message:
// "cannot unmarshal !!str `abc` into int".
var typeValueRe = regexp.MustCompile("`([^`]*)`")

func (f *yamlFile) typeErrors(n *yaml.Node, err error, ps *Problems) {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		for _, e := range te.Errors {
			pos := f.pos(n)
			msg := e
			if m := typeErrLineRe.FindStringSubmatch(e); m != nil {
				pos.Line, _ = strconv.Atoi(m[1])
				pos.Col, _ = strconv.Atoi(m[2])
				msg = m[3]
				if pos.Col == 0 {
					pos.Col = columnOf(n, pos.Line, typeValueRe.FindStringSubmatch(msg))
				}
			}
			key := keyAt(n, pos.Line, pos.Col)
			if key == "" {
				key = keyAt(n, pos.Line, 0)
			}
			ps.add(pos, "%s", friendlyTypeError(msg, key))
		}
		return
	}
	ps.add(f.pos(n), "%s", strings.TrimPrefix(err.Error(), "yaml: "))
}

// columnOf finds the column of the value on line that a type error is about
// (the library says only the line): the scalar whose text the error quotes,
// else the leftmost value (not key) on the line, else 1.
func columnOf(n *yaml.Node, line int, quoted []string) int {
	best := 0
	var walk func(x *yaml.Node, isValue bool) int
	walk = func(x *yaml.Node, isValue bool) int {
		if x.Line == line {
			if x.Kind == yaml.ScalarNode && len(quoted) > 1 && strings.HasPrefix(x.Value, strings.TrimSuffix(quoted[1], "...")) {
				return x.Column
			}
			// A block collection "starts" at its first key: not a candidate.
			block := x.Kind != yaml.ScalarNode && x.Style&yaml.FlowStyle == 0
			if isValue && !block && (best == 0 || x.Column < best) {
				best = x.Column
			}
		}
		for i, c := range x.Content {
			value := x.Kind != yaml.MappingNode || i%2 == 1
			if col := walk(c, value); col != 0 {
				return col
			}
		}
		return 0
	}
	if col := walk(n, false); col != 0 {
		return col
	}
	return max(best, 1)
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
	// One typo in a short word, two in a longer one, more in long ids.
	limit := max(1, min(2, len(s)/4), len(s)/4)
	if bestD <= limit {
		return best
	}
	return ""
}

// editDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and transpositions of neighbours ("syrai" → "syria")
// each cost one.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
