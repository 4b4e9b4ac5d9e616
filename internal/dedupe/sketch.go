package dedupe

import (
	"encoding/binary"
	"errors"
	"math/bits"
	"sync"
)

// Sketch is the compact fingerprint of one article: 2×Values one-byte
// MinHash values (b-bit MinHash: the low byte of each minimum), the first
// Values over the lead window and the rest over the body window, and the
// number of shingles in each window. It is what the Index stores instead of
// text, and what callers may persist (Index.MarshalSketch) to rebuild the
// index at start without re-tokenizing.
type Sketch struct {
	Sig        []uint8
	Lead, Body int // shingles in the lead and body windows
	// TitleShape hashes the title with its numbers masked, TitleNums its
	// numbers (0: none). Two items of one source whose titles differ only
	// in their numbers ("Best of cartoons, October 17" and "… October 18",
	// "51 new cases" and "60 new cases") are editions of a series.
	TitleShape, TitleNums uint32
}

// sketchMagic starts a marshaled Sketch; sketchVersion changes whenever the
// tokenizer or hash functions change, so stale stored sketches are refused
// (and rebuilt from text) rather than silently compared.
const (
	sketchMagic   = 0xD5
	sketchVersion = 4
	sketchHeader  = 20
)

// errSketch reports a stored sketch that cannot be used.
var errSketch = errors.New("dedupe: stored sketch is invalid or was made with other settings")

// MarshalSketch encodes s together with the settings it depends on (shingle
// size, window sizes, value count); UnmarshalSketch on an index with other
// settings refuses it.
func (ix *Index) MarshalSketch(s Sketch) []byte {
	o := ix.o
	b := make([]byte, 0, sketchHeader+len(s.Sig))
	b = append(b, sketchMagic, sketchVersion, byte(o.Shingle), byte(o.Values))
	b = binary.LittleEndian.AppendUint16(b, uint16(o.LeadTokens))
	b = binary.LittleEndian.AppendUint16(b, uint16(o.MaxTokens))
	b = binary.LittleEndian.AppendUint16(b, uint16(min(s.Lead, 0xFFFF)))
	b = binary.LittleEndian.AppendUint16(b, uint16(min(s.Body, 0xFFFF)))
	b = binary.LittleEndian.AppendUint32(b, s.TitleShape)
	b = binary.LittleEndian.AppendUint32(b, s.TitleNums)
	return append(b, s.Sig...)
}

// UnmarshalSketch decodes a sketch stored by MarshalSketch. It fails (and
// the caller should sketch the text again) when the data is damaged or was
// made with other settings.
func (ix *Index) UnmarshalSketch(b []byte) (Sketch, error) {
	want := ix.MarshalSketch(Sketch{})
	if len(b) != sketchHeader+ix.n || string(b[:8]) != string(want[:8]) {
		return Sketch{}, errSketch
	}
	return Sketch{
		Lead:       int(binary.LittleEndian.Uint16(b[8:])),
		Body:       int(binary.LittleEndian.Uint16(b[10:])),
		TitleShape: binary.LittleEndian.Uint32(b[12:]),
		TitleNums:  binary.LittleEndian.Uint32(b[16:]),
		Sig:        append([]uint8(nil), b[sketchHeader:]...),
	}, nil
}

// sketcher computes sketches: the MinHash seeds and reusable buffers.
type sketcher struct {
	o     Options
	seeds []uint64 // Values seeds, shared by both windows
	pool  sync.Pool
}

type sketchBuf struct {
	title, text, win []token
	shs              []uint64
	mins             []uint64
}

func newSketcher(o Options) *sketcher {
	sk := &sketcher{o: o, seeds: make([]uint64, o.Values)}
	x := uint64(0x243F6A8885A308D3) // fixed: sketches must be comparable across runs
	for i := range sk.seeds {
		x = splitmix(x)
		sk.seeds[i] = x
	}
	sk.pool.New = func() any { return &sketchBuf{mins: make([]uint64, o.Values)} }
	return sk
}

// splitmix is the SplitMix64 step, a fast well-mixing 64-bit hash.
func splitmix(x uint64) uint64 {
	x += 0x9E3779B97F4A7C15
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9
	x = (x ^ (x >> 27)) * 0x94D049BB133111EB
	return x ^ (x >> 31)
}

// titleMark separates title from text in a window.
var titleMark = token{h: 0x5EB}

// sketch builds the Sketch of a title and text.
func (sk *sketcher) sketch(title, text string) Sketch {
	buf := sk.pool.Get().(*sketchBuf)
	defer sk.pool.Put(buf)
	o := sk.o
	buf.title = appendTokens(buf.title[:0], title, 64)
	buf.text = appendTokens(buf.text[:0], text, max(o.MaxTokens, o.LeadTokens))
	s := Sketch{Sig: make([]uint8, 2*o.Values)}
	s.TitleShape, s.TitleNums = titleShape(buf.title)

	// Body window: title and the first MaxTokens tokens of the text.
	win := append(buf.win[:0], buf.title...)
	win = append(win, titleMark)
	win = append(win, buf.text[:min(len(buf.text), o.MaxTokens)]...)
	s.Body = sk.minhash(buf, win, s.Sig[o.Values:])

	// Lead window: the first LeadTokens of the text; the title too when the
	// text is short.
	if o.leadBands() > 0 {
		lead := buf.text[:min(len(buf.text), o.LeadTokens)]
		win = win[:0]
		if len(lead) < o.LeadTokens/2 {
			win = append(win, buf.title...)
			win = append(win, titleMark)
		}
		win = append(win, lead...)
		s.Lead = sk.minhash(buf, win, s.Sig[:o.Values])
	}
	buf.win = win
	return s
}

// titleShape hashes the title tokens with numbers masked, and the numbers
// alone (0 when the title has none).
func titleShape(toks []token) (shape, nums uint32) {
	var hs, hn uint64 = fnvOffset, 0
	for _, t := range toks {
		if t.digit {
			hs = (hs ^ 0x23) * fnvPrime
			hn = splitmix(hn ^ t.h)
		} else {
			hs = (hs ^ t.h) * fnvPrime
		}
	}
	shape = uint32(splitmix(hs))
	if hn != 0 {
		nums = uint32(hn) | 1
	}
	return shape, nums
}

// minhash writes into sig the MinHash values of the shingles of toks, one
// per seed, each cut to its low byte, and returns the number of shingles.
// A window without shingles keeps zero values and a count of 0.
func (sk *sketcher) minhash(buf *sketchBuf, toks []token, sig []uint8) int {
	shs := shingles(buf.shs[:0], toks, sk.o.Shingle)
	buf.shs = shs
	if len(shs) == 0 {
		return 0
	}
	mins := buf.mins
	for i := range mins {
		mins[i] = ^uint64(0)
	}
	for _, h := range shs {
		for i, seed := range sk.seeds {
			x := (h ^ seed) * 0x9E3779B97F4A7C15
			x ^= x >> 29
			if x < mins[i] {
				mins[i] = x
			}
		}
	}
	for i, m := range mins {
		sig[i] = uint8(m ^ m>>32)
	}
	return len(shs)
}

// shingles appends to dst the hashes of k consecutive tokens (one shingle
// of all tokens when there are fewer than k). A repeated phrase gives
// repeated hashes; MinHash ignores repeats, and the count is only used as a
// size gate, so they are not removed (sorting cost more than the sketch).
func shingles(dst []uint64, toks []token, k int) []uint64 {
	if len(toks) == 0 {
		return dst
	}
	if len(toks) < k {
		k = len(toks)
	}
	for i := 0; i+k <= len(toks); i++ {
		var h uint64
		for j := 0; j < k; j++ {
			h ^= bits.RotateLeft64(toks[i+j].h, 23*j)
		}
		dst = append(dst, splitmix(h))
	}
	return dst
}

// jaccard estimates the Jaccard index of two shingle sets from their
// one-byte MinHash values. Equal minima always agree; different minima
// agree by chance with probability 1/256, so the share of agreeing values
// p estimates J + (1-J)/256 and J = (256p - 1)/255.
func jaccard(a, b []uint8) float64 {
	if len(a) == 0 {
		return 0
	}
	eq := 0
	for i := range a {
		if a[i] == b[i] {
			eq++
		}
	}
	p := float64(eq) / float64(len(a))
	return max(0, (256*p-1)/255)
}
