package config

import (
	"encoding/gob"
	"sync"
)

// lazyTaxonomy is a configuration's taxonomy, decoded from the cache on
// first use. Configurations copied from one another share it.
type lazyTaxonomy struct {
	once       sync.Once
	decode     func() ([]TaxonomyEntry, []Inflection) // nil once decoded, or when given decoded
	entries    []TaxonomyEntry
	inflection []Inflection
}

// Taxonomy returns the taxonomy's entries and its inflection rules per
// language (files with a top-level "inflection" list), for the tagger.
// Load validated them; a start that found them in the cache decodes them
// here, the first time they are asked for.
func (c *Config) Taxonomy() ([]TaxonomyEntry, []Inflection) {
	l := c.taxonomy
	if l == nil {
		return nil, nil
	}
	l.once.Do(func() {
		if l.decode != nil {
			l.entries, l.inflection = l.decode()
			l.decode = nil
		}
	})
	return l.entries, l.inflection
}

// SetTaxonomy gives the configuration a taxonomy, for a Config not made by
// Load (tests, tools); the entries must be valid as Load checks them.
func (c *Config) SetTaxonomy(entries []TaxonomyEntry, inflection []Inflection) {
	c.taxonomy = &lazyTaxonomy{entries: entries, inflection: inflection}
}

// lazyFromCache is the taxonomy whose body follows in dec (the cache file
// after its header), decoded when first asked for. Should that decode fail
// (the file changed under us), the files are parsed again: they validated
// when the cache was written.
func lazyFromCache(dec *gob.Decoder, files []string) *lazyTaxonomy {
	return &lazyTaxonomy{decode: func() ([]TaxonomyEntry, []Inflection) {
		var body taxonomyBody
		if err := dec.Decode(&body); err == nil {
			return body.Entries, body.Inflection
		}
		var ps Problems
		entries, _, rules := loadTaxonomy(files, &ps)
		return entries, rules
	}}
}
