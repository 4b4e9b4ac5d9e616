package tag

import (
	"bytes"
	"fmt"
	"hash/crc32"
	"io"
)

// Building the matcher costs about 0.4 CPU-seconds (the fold table, 57,000
// patterns, their automaton, the inflected stems), paid by every process
// that tags anything: the largest part of a round where each feed gained one
// item. WriteCompiled stores the built tagger and ReadCompiled loads it in a
// small fraction of that (BenchmarkLoadCompiled), so that a cache of it
// (cache.go) makes the build a once-per-taxonomy cost.
//
// The file is a header — magic, format version, the caller's key (the
// taxonomy's hash) — the payload, and a trailer with the payload's length
// and CRC-32C (the writer streams the payload, so it knows them last). The
// payload holds the fields of the Tagger that New and the build produce, as
// flat arrays (codec.go). The fold table, the context words' indexes, the patterns'
// flags and the id maps are not stored: they follow from the code and the
// stored fields, and computing them again is a small part of a load.

// compiledMagic opens every compiled-tagger file.
const compiledMagic = "AGGRTAG\x00"

// compiledVersion changes whenever the payload's layout or the meaning of a
// stored field changes, so that an old file is never read into new code
// (the key also changes with the binary, see config.Config.TaxonomyKey).
const compiledVersion = 1

// castagnoli is the CRC-32C table (hardware-assisted on amd64 and arm64).
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// WriteCompiled writes the tagger, its matcher built first if it is not
// yet, for ReadCompiled with the same key.
func (t *Tagger) WriteCompiled(w io.Writer, key string) error {
	t.compiled()
	return t.writeCompiled(w, key)
}

// writeCompiled is WriteCompiled of a built matcher: the header, the
// payload streamed, then the trailer (the payload's length and CRC-32C).
func (t *Tagger) writeCompiled(w io.Writer, key string) error {
	h := newEncoder(w)
	h.raw(compiledMagic)
	h.u32(compiledVersion)
	h.u32(uint32(len(key)))
	h.raw(key)
	h.flush()
	e := newEncoder(w)
	e.err = h.err
	t.encode(e)
	e.flush()
	tr := newEncoder(w)
	tr.err = e.err
	tr.i64(e.size)
	tr.u32(e.crc)
	tr.flush()
	if tr.err != nil {
		return fmt.Errorf("tag: write compiled tagger: %w", tr.err)
	}
	return nil
}

// ReadCompiled reads a tagger that WriteCompiled wrote with the same key.
// Any other input — another key or format version, a truncated or damaged
// file — is an error, never a panic nor a different tagger: the caller then
// builds the tagger from the taxonomy.
func ReadCompiled(r io.Reader, key string) (*Tagger, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("tag: read compiled tagger: %w", err)
	}
	return decodeCompiled(data, key)
}

// decodeCompiled is ReadCompiled on the file's bytes.
func decodeCompiled(data []byte, key string) (*Tagger, error) {
	d := decoder{b: data}
	if magic := d.take(len(compiledMagic)); !bytes.Equal(magic, []byte(compiledMagic)) {
		return nil, fmt.Errorf("tag: not a compiled tagger: %w", errCorrupt)
	}
	if v := d.u32(); v != compiledVersion {
		return nil, fmt.Errorf("tag: compiled tagger of format %d, want %d", v, compiledVersion)
	}
	if k := d.take(d.count(1)); string(k) != key {
		return nil, fmt.Errorf("tag: compiled tagger of another taxonomy or build (key %.12q, want %.12q)", k, key)
	}
	if d.err != nil {
		return nil, d.err
	}
	const trailer = 12 // the payload's length and CRC-32C
	if len(d.b) < trailer {
		return nil, fmt.Errorf("%w: no trailer", errCorrupt)
	}
	payload, tail := d.b[:len(d.b)-trailer], decoder{b: d.b[len(d.b)-trailer:]}
	if size := tail.i64(); size != int64(len(payload)) {
		return nil, fmt.Errorf("%w: payload of %d bytes, trailer says %d", errCorrupt, len(payload), size)
	}
	if crc32.Checksum(payload, castagnoli) != tail.u32() {
		return nil, fmt.Errorf("%w: checksum", errCorrupt)
	}
	d.b = payload
	return decodePayload(d.b)
}

// decodePayload builds a Tagger from the payload of a compiled-tagger file,
// checking every stored index against its table so that no lookup of Tag
// can go out of range.
func decodePayload(b []byte) (*Tagger, error) {
	d := &decoder{b: b}
	t := &Tagger{}
	t.decodeParams(d)
	t.decodeEntries(d)
	t.decodeMatcher(d)
	t.ac = decodeAutomaton(d, len(t.pats))
	d.need(len(d.b) == 0, "bytes after the payload")
	if d.err != nil {
		return nil, d.err
	}
	t.prepareFolding()
	t.flagPatterns()
	t.pool.New = func() any { return new(scratch) }
	t.build.Do(func() {}) // the matcher is here: nothing to build
	t.building.Store(true)
	t.cache = &taggerCache{loaded: true}
	return t, nil
}

// encode writes the payload: params, entries, matcher, automaton.
func (t *Tagger) encode(e *encoder) {
	fs, is := t.params.ptrs()
	for _, f := range fs {
		e.f64(*f)
	}
	for _, i := range is {
		e.i64(int64(*i))
	}
	t.encodeEntries(e)
	t.encodeMatcher(e)
	t.ac.encode(e)
}

// decodeParams reads what encode wrote of the params.
func (t *Tagger) decodeParams(d *decoder) {
	fs, is := t.params.ptrs()
	for _, f := range fs {
		*f = d.f64()
	}
	for _, i := range is {
		*i = int(d.i64())
	}
}
