package story

import "math/bits"

// table indexes an article's signals by their compact form, built once per
// Match: each candidate story's sums then meet the article by one look-up
// per signal of the sum (a few hundred, in a table that stays in the
// processor's cache) instead of a merge of the two lists with a branch
// mispredicted at every step.
type table struct {
	slots []tableSlot
	shift uint   // 32 - log2(len(slots) in use)
	mask  uint32 // len(slots in use) - 1
	stamp uint32 // a slot is in use when its stamp is the table's
	// seen is a bit per signal of the article, by the low bits of its
	// compact form: most signals of a story's sums are not the article's,
	// and one bit test tells so, before any look-up.
	seen [seenWords]uint64
}

const seenWords = 64 // 4,096 bits: a few per cent of them set by an article

func seenBit(k compact) (word int, bit uint64) { return int(k>>6) % seenWords, 1 << (k & 63) }

// tableSlot is one signal of the article in its table. The table's
// columns are the article's vectors in build's order: all, spec, li.
type tableSlot struct {
	key   compact
	stamp uint32
	w     [3]float32 // the signal's weight in each column's vector
	has   uint8      // a bit per column: the vector carries the signal
}

// build indexes all, spec and li (the article's vectors) and points them at
// the table.
func (t *table) build(all, spec, li *vector) {
	size := 64
	for size < 2*len(all.c) {
		size *= 2
	}
	if len(t.slots) < size {
		t.slots = make([]tableSlot, size)
		t.stamp = 0
	}
	t.stamp++
	if t.stamp == 0 { // wrapped: no stale slot may look current
		clear(t.slots)
		t.stamp = 1
	}
	clear(t.seen[:])
	t.shift = uint(32 - bits.TrailingZeros(uint(size)))
	t.mask = uint32(size - 1)
	for col, v := range [...]*vector{all, spec, li} {
		for i, k := range v.c {
			t.insert(col, k, v.w[i])
		}
		v.at, v.col = t, col
	}
}

func (t *table) home(k compact) uint32 { return uint32(k) * 0x9E3779B1 >> t.shift }

// insert records a signal's weight in a column; a second feature of the
// same compact form leaves the first one's weight, as a merge would.
func (t *table) insert(col int, k compact, w float32) {
	word, bit := seenBit(k)
	t.seen[word] |= bit
	h := t.home(k)
	for {
		s := &t.slots[h]
		if s.stamp != t.stamp {
			*s = tableSlot{key: k, stamp: t.stamp}
		}
		if s.key == k {
			if s.has&(1<<col) == 0 {
				s.w[col] = w
				s.has |= 1 << col
			}
			return
		}
		h = (h + 1) & t.mask
	}
}

// dot is sparse.dot of the sum s with the vector of column col: the
// products of the shared signals, summed in the sum's (ascending) order.
func (t *table) dot(s *sparse, col int) (d float64, shared int) {
	bit := uint8(1) << col
	for i, k := range s.f {
		if word, b := seenBit(k); t.seen[word]&b == 0 {
			continue
		}
		h := t.home(k)
		for {
			sl := &t.slots[h]
			if sl.stamp != t.stamp {
				break
			}
			if sl.key == k {
				if sl.has&bit != 0 {
					d += float64(s.w[i]) * float64(sl.w[col])
					shared++
				}
				break
			}
			h = (h + 1) & t.mask
		}
	}
	return d, shared
}
