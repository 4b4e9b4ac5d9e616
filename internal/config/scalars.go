package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// UnmarshalYAML reads a Go duration string such as "15m" or "72h".
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(strings.TrimSpace(n.Value))
	if err != nil {
		return nodeError(n, "bad duration %q (use e.g. 20s, 15m, 72h)", n.Value)
	}
	if v < 0 {
		return nodeError(n, "duration %q must not be negative", n.Value)
	}
	*d = Duration(v)
	return nil
}

// D returns the value as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// String formats the duration like time.Duration.
func (d Duration) String() string { return time.Duration(d).String() }

var byteUnits = []struct {
	suffix string
	mult   int64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30},
	{"KB", 1000}, {"MB", 1000 * 1000}, {"GB", 1000 * 1000 * 1000},
	{"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1},
}

// UnmarshalYAML reads a size such as "10MiB", "500KB" or a plain byte count.
func (b *ByteSize) UnmarshalYAML(n *yaml.Node) error {
	v, err := ParseByteSize(n.Value)
	if err != nil {
		return nodeError(n, "%v", err)
	}
	*b = ByteSize(v)
	return nil
}

// ParseByteSize parses "10MiB", "500KB", "1G" or "123".
func ParseByteSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range byteUnits {
		if strings.HasSuffix(s, u.suffix) {
			mult = u.mult
			s = strings.TrimSpace(strings.TrimSuffix(s, u.suffix))
			break
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f <= 0 {
		return 0, fmt.Errorf("bad size %q (use e.g. 10MiB, 512KiB)", s)
	}
	return int64(f * float64(mult)), nil
}

// nodeError reports a bad value at its node as a *yaml.TypeError, so that the
// decoder records it and goes on decoding the other keys (any other error
// stops decoding at the first bad value).
func nodeError(n *yaml.Node, format string, args ...any) error {
	return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: column %d: %s", n.Line, n.Column, fmt.Sprintf(format, args...))}}
}

// UnmarshalYAML accepts an alias written as a plain string or as a mapping.
func (a *Alias) UnmarshalYAML(n *yaml.Node) error {
	a.Pos = Pos{Line: n.Line, Col: n.Column}
	if n.Kind == yaml.ScalarNode {
		a.Text = n.Value
		return nil
	}
	type plain Alias
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	pos := a.Pos
	*a = Alias(p)
	a.Pos = pos
	return nil
}
