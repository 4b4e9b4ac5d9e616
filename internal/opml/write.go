package opml

import (
	"fmt"
	"io"

	"go.yaml.in/yaml/v3"

	"github.com/intlwire/aggregator/internal/config"
)

// WriteSourcesYAML writes sources as a sources.yaml document (a top-level
// "sources" list), leaving out empty keys, with tags in flow style. The output
// can be pasted into config/sources.yaml or appended under its list.
func WriteSourcesYAML(w io.Writer, sources []config.Source) error {
	str := func(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v} }
	list := &yaml.Node{Kind: yaml.SequenceNode}
	for _, s := range sources {
		m := &yaml.Node{Kind: yaml.MappingNode}
		add := func(k string, v *yaml.Node) { m.Content = append(m.Content, str(k), v) }
		add("id", str(s.ID))
		add("url", str(s.URL))
		if s.Name != "" {
			add("name", str(s.Name))
		}
		if s.Language != "" {
			add("language", str(s.Language))
		}
		if s.Schedule != "" {
			add("schedule", str(s.Schedule))
		}
		if len(s.Tags) > 0 {
			tags := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
			for _, t := range s.Tags {
				tags.Content = append(tags.Content, str(t))
			}
			add("tags", tags)
		}
		if s.Disabled {
			add("disabled", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
		}
		list.Content = append(list.Content, m)
	}
	if len(list.Content) == 0 {
		list.Style = yaml.FlowStyle // "sources: []"
	}
	doc := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{
		Kind:    yaml.MappingNode,
		Content: []*yaml.Node{str("sources"), list},
	}}}
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("opml: write sources: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("opml: write sources: %w", err)
	}
	return nil
}
