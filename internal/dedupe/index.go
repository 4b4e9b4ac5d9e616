package dedupe

import (
	"sync"
	"time"
)

// Doc is one article as the near-duplicate index sees it.
type Doc struct {
	ArticleID int64
	StoryID   int64  // the story the article belongs to; used by Add
	Source    string // source id; same-source pairs get SameSourceWindow
	// Time places the article in the window: its published time, or the
	// time it was fetched when the feed gave none or a future one. Entries
	// are pruned in the order they were added, so times should roughly
	// follow that order (a stale date only delays pruning).
	Time        time.Time
	Title, Text string
}

// Entries live in fixed-size chunks so that growing the index never copies
// it and pruning frees memory a chunk at a time.
const (
	chunkBits = 12
	chunkSize = 1 << chunkBits
	// maxChain bounds the entries examined per band, newest first, so that
	// a bucket crowded by many copies of one text cannot slow every match.
	maxChain = 64
	// maxSeq is where sequence numbers are renumbered from zero.
	maxSeq     = 1<<32 - 2
	minBuckets = 1 << 10
	// The bucket tables grow when they hold more than loadNum/loadDen
	// entries per bucket, so chains stay short (cost flat as the index
	// grows) and heads cost 43-85 bytes per entry with the default 16 bands.
	loadNum, loadDen = 3, 2
)

// chunk holds chunkSize consecutive entries, column by column.
type chunk struct {
	sig     []uint8  // chunkSize × 2·Values MinHash bytes
	link    []uint32 // chunkSize × Bands: seq+1 of the next older entry in the same bucket, 0 = end
	story   []int64
	article []int64
	t       []uint32 // unix seconds
	src     []uint32 // hash of the source id
	shape   []uint32 // Sketch.TitleShape
	nums    []uint32 // Sketch.TitleNums
	lead    []uint16 // shingles in the lead window
	body    []uint16 // shingles in the body window
}

// Index is the incremental near-duplicate index: MinHash sketches of recent
// articles, banded into per-band hash tables whose buckets chain the entries
// newest first. It stores no text: with the defaults 196 bytes per entry
// plus the bucket heads (4 bytes per band per bucket, 2/3 to 4/3 buckets per
// entry), about 240-280 bytes per article; 263 MB measured at 1,000,000.
// Rebuilding at start costs one Add per article (about 15 µs from text) or
// one AddSketch from a stored sketch (MarshalSketch). Match, Add and Prune
// are safe for concurrent use.
type Index struct {
	o  Options
	n  int // signature length, 2*Values
	sk *sketcher

	mu     sync.RWMutex
	chunks []*chunk // chunks[i] holds seqs base+i*chunkSize …
	base   uint32
	first  uint32     // oldest live seq
	next   uint32     // next seq to assign; live seqs are [first, next)
	heads  [][]uint32 // per band: bucket → seq+1 of the newest entry, 0 = empty
	mask   uint32
}

// NewIndex returns an empty index; zero fields of o take the defaults.
func NewIndex(o Options) *Index {
	o = o.withDefaults()
	ix := &Index{o: o, n: 2 * o.Values, sk: newSketcher(o)}
	ix.heads = make([][]uint32, o.Bands)
	ix.rehash(minBuckets)
	return ix
}

// Options returns the settings in effect, defaults filled in.
func (ix *Index) Options() Options { return ix.o }

// Sketch computes the sketch of a title and text with the index's settings.
// Match and Add call it; callers that match and then add the same article,
// or that persist sketches, call it once and use MatchSketch and AddSketch.
func (ix *Index) Sketch(title, text string) Sketch { return ix.sk.sketch(title, text) }

// Match finds the story a new article belongs to: entries that share a
// whole LSH band with it and lie within the window of its time are
// candidates, and the most similar candidate whose similarity is confirmed
// (estimated Jaccard index of the leads or of the bodies ≥ Threshold) gives
// the story; score is that similarity. Entries with the same non-zero
// ArticleID are skipped, so re-matching an edited article does not find
// itself.
func (ix *Index) Match(d Doc) (storyID int64, score float64, ok bool) {
	return ix.MatchSketch(d, ix.Sketch(d.Title, d.Text))
}

// Add puts an article into the index under d.StoryID. Adding the same
// article again (an edited version) adds a second entry; both point to the
// article's story. Articles too short to match (a body window of fewer than
// MinShingles shingles) are not stored.
func (ix *Index) Add(d Doc) { ix.AddSketch(d, ix.Sketch(d.Title, d.Text)) }

// Len returns the number of entries in the index.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return int(ix.next - ix.first)
}

// at returns the chunk and offset of a live seq.
func (ix *Index) at(seq uint32) (*chunk, int) {
	off := seq - ix.base
	return ix.chunks[off>>chunkBits], int(off & (chunkSize - 1))
}

// band returns the values of band b of a signature.
func (ix *Index) band(sig []uint8, b int) []uint8 {
	k := ix.o.bandValues(b)
	return sig[k : k+ix.o.Rows]
}

// bucket hashes band b of sig; the bucket number is the hash & ix.mask.
func (ix *Index) bucket(sig []uint8, b int) uint32 {
	h := uint64(b) * 0x9E3779B97F4A7C15
	for _, v := range ix.band(sig, b) {
		h = (h ^ uint64(v)) * 0x100000001B3
	}
	return uint32(splitmix(h))
}

// stamp converts t to the stored form, unix seconds clamped to the uint32
// range (1970 to 2106); a zero time becomes 0 and is pruned first.
func stamp(t time.Time) int64 {
	return min(max(t.Unix(), 0), 1<<32-1)
}

// sourceHash is the 32-bit FNV-1a hash of a source id (0 for none).
func sourceHash(s string) uint32 {
	if s == "" {
		return 0
	}
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return h | 1
}

// MatchSketch is Match with a precomputed sketch.
func (ix *Index) MatchSketch(d Doc, s Sketch) (storyID int64, score float64, ok bool) {
	if s.Body < ix.o.MinShingles || len(s.Sig) != ix.n {
		return 0, 0, false
	}
	t := stamp(d.Time)
	win, sameWin := int64(ix.o.Window/time.Second), int64(ix.o.SameSourceWindow/time.Second)
	src := sourceHash(d.Source)
	var seen [64]uint32
	cands := seen[:0]

	// Bucket numbers first, then all heads, then the chains: the loads of
	// different bands do not depend on each other, so the memory system can
	// serve them in parallel when the tables are far bigger than the cache.
	var bk, heads [256]uint32
	for b := 0; b < ix.o.Bands; b++ {
		bk[b] = ix.bucket(s.Sig, b)
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	for b := 0; b < ix.o.Bands; b++ {
		if ix.bandUsable(b, s.Lead, s.Body) {
			heads[b] = ix.heads[b][bk[b]&ix.mask]
		}
	}
	for b := 0; b < ix.o.Bands; b++ {
		band := ix.band(s.Sig, b)
		p := heads[b]
		for steps := 0; p != 0 && steps < maxChain; steps++ {
			seq := p - 1
			if seq < ix.first || seq >= ix.next {
				break
			}
			c, i := ix.at(seq)
			p = c.link[i*ix.o.Bands+b]
			if string(ix.band(c.sig[i*ix.n:(i+1)*ix.n], b)) != string(band) {
				continue
			}
			w := win
			if src != 0 && c.src[i] == src {
				w = sameWin
			}
			if dt := int64(c.t[i]) - t; dt > w || dt < -w {
				continue
			}
			if d.ArticleID != 0 && c.article[i] == d.ArticleID {
				continue
			}
			if src != 0 && c.src[i] == src && series(s.TitleShape, s.TitleNums, c.shape[i], c.nums[i]) {
				continue
			}
			if !containsSeq(cands, seq) {
				cands = append(cands, seq)
			}
		}
	}
	var best float64
	for _, seq := range cands {
		c, i := ix.at(seq)
		sc, yes := ix.confirm(s, Sketch{Sig: c.sig[i*ix.n : (i+1)*ix.n], Lead: int(c.lead[i]), Body: int(c.body[i])})
		if yes && (!ok || sc > best) {
			ok, best, storyID = true, sc, c.story[i]
		}
	}
	return storyID, best, ok
}

// series reports whether two titles differ only in their numbers: for two
// items of one source, editions of a numbered series, not one story.
func series(shapeA, numsA, shapeB, numsB uint32) bool {
	return shapeA == shapeB && numsA != 0 && numsB != 0 && numsA != numsB
}

// confirm is the confirmation step on an LSH candidate: the estimated
// Jaccard index of the lead windows or of the body windows, from all Values
// MinHash values of the window, must reach Threshold, counting a window
// only when both articles have at least MinShingles shingles in it. It
// returns the better of the two estimates.
func (ix *Index) confirm(a, b Sketch) (float64, bool) {
	v, min := ix.o.Values, ix.o.MinShingles
	var best float64
	if a.Body >= min && b.Body >= min {
		best = jaccard(a.Sig[v:], b.Sig[v:])
	}
	if ix.o.leadBands() > 0 && a.Lead >= min && b.Lead >= min {
		best = max(best, jaccard(a.Sig[:v], b.Sig[:v]))
	}
	return best, best >= ix.o.Threshold
}

// bandUsable reports whether band b may make candidates for an entry with
// the given window sizes: a window too small to confirm a match is not
// worth a bucket.
func (ix *Index) bandUsable(b, lead, body int) bool {
	if b < ix.o.leadBands() {
		return lead >= ix.o.MinShingles
	}
	return body >= ix.o.MinShingles
}

// shareBand reports whether two sketches agree on every row of some band,
// which is what makes them LSH candidates.
func (ix *Index) shareBand(a, b Sketch) bool {
	for k := 0; k < ix.o.Bands; k++ {
		if ix.bandUsable(k, a.Lead, a.Body) && ix.bandUsable(k, b.Lead, b.Body) &&
			string(ix.band(a.Sig, k)) == string(ix.band(b.Sig, k)) {
			return true
		}
	}
	return false
}

func containsSeq(s []uint32, x uint32) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// AddSketch is Add with a precomputed sketch.
func (ix *Index) AddSketch(d Doc, s Sketch) {
	if s.Body < ix.o.MinShingles || len(s.Sig) != ix.n {
		return
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.next >= maxSeq {
		ix.renumber()
	}
	if live := uint64(ix.next-ix.first) + 1; live*loadDen > loadNum*(uint64(ix.mask)+1) {
		ix.rehash(int(ix.mask+1) * 2)
	}
	seq := ix.next
	ix.next++
	if int((seq-ix.base)>>chunkBits) == len(ix.chunks) {
		ix.chunks = append(ix.chunks, ix.newChunk())
	}
	c, i := ix.at(seq)
	copy(c.sig[i*ix.n:(i+1)*ix.n], s.Sig)
	c.story[i], c.article[i], c.t[i], c.src[i] = d.StoryID, d.ArticleID, uint32(stamp(d.Time)), sourceHash(d.Source)
	c.lead[i], c.body[i] = uint16(min(s.Lead, 0xFFFF)), uint16(min(s.Body, 0xFFFF))
	c.shape[i], c.nums[i] = s.TitleShape, s.TitleNums
	ix.link(seq, c, i)
}

// link pushes entry seq onto the front of its bucket chain in every usable
// band.
func (ix *Index) link(seq uint32, c *chunk, i int) {
	sig := c.sig[i*ix.n : (i+1)*ix.n]
	for b := 0; b < ix.o.Bands; b++ {
		if !ix.bandUsable(b, int(c.lead[i]), int(c.body[i])) {
			continue
		}
		k := ix.bucket(sig, b) & ix.mask
		c.link[i*ix.o.Bands+b] = ix.heads[b][k]
		ix.heads[b][k] = seq + 1
	}
}

func (ix *Index) newChunk() *chunk {
	return &chunk{
		sig:     make([]uint8, chunkSize*ix.n),
		link:    make([]uint32, chunkSize*ix.o.Bands),
		story:   make([]int64, chunkSize),
		article: make([]int64, chunkSize),
		t:       make([]uint32, chunkSize),
		src:     make([]uint32, chunkSize),
		shape:   make([]uint32, chunkSize),
		nums:    make([]uint32, chunkSize),
		lead:    make([]uint16, chunkSize),
		body:    make([]uint16, chunkSize),
	}
}

// rehash resizes the bucket tables to nb buckets (a power of two) and
// re-links every live entry, oldest first so chains stay newest first.
func (ix *Index) rehash(nb int) {
	nb = max(nextPow2(nb), minBuckets)
	for b := range ix.heads {
		ix.heads[b] = make([]uint32, nb)
	}
	ix.mask = uint32(nb - 1)
	for seq := ix.first; seq < ix.next; seq++ {
		c, i := ix.at(seq)
		ix.link(seq, c, i)
	}
}

// renumber copies the live entries to fresh chunks starting at seq 0, for
// when sequence numbers would overflow.
func (ix *Index) renumber() {
	old, oldBase, first, next := ix.chunks, ix.base, ix.first, ix.next
	ix.chunks, ix.base, ix.first, ix.next = nil, 0, 0, 0
	for seq := first; seq < next; seq++ {
		off := seq - oldBase
		oc, oi := old[off>>chunkBits], int(off&(chunkSize-1))
		ns := ix.next
		ix.next++
		if int(ns>>chunkBits) == len(ix.chunks) {
			ix.chunks = append(ix.chunks, ix.newChunk())
		}
		c, i := ix.at(ns)
		copy(c.sig[i*ix.n:(i+1)*ix.n], oc.sig[oi*ix.n:(oi+1)*ix.n])
		c.story[i], c.article[i], c.t[i], c.src[i] = oc.story[oi], oc.article[oi], oc.t[oi], oc.src[oi]
		c.lead[i], c.body[i] = oc.lead[oi], oc.body[oi]
		c.shape[i], c.nums[i] = oc.shape[oi], oc.nums[oi]
	}
	ix.rehash(int(ix.mask + 1))
}

// Prune drops entries older than before, oldest first, stopping at the
// first entry that is not older (see Doc.Time). It frees whole chunks and
// shrinks the bucket tables when the index has emptied a lot.
func (ix *Index) Prune(before time.Time) {
	cut := stamp(before)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for ix.first < ix.next {
		c, i := ix.at(ix.first)
		if int64(c.t[i]) >= cut {
			break
		}
		ix.first++
	}
	for len(ix.chunks) > 0 && ix.base+chunkSize <= ix.first {
		ix.chunks[0] = nil
		ix.chunks = ix.chunks[1:]
		ix.base += chunkSize
	}
	if ix.first == ix.next {
		// Empty: restart numbering and forget chains into the old numbering.
		ix.chunks, ix.base, ix.first, ix.next = nil, 0, 0, 0
		ix.rehash(minBuckets)
		return
	}
	if live := int(ix.next - ix.first); int(ix.mask+1) > 4*max(live, minBuckets) {
		ix.rehash(live)
	}
}

// Clear drops every entry at once and keeps the memory for the next ones:
// for a short-lived index filled and emptied over and over (the story
// stage's index of one write group). The bucket chains still name the old
// entries, which Match stops at, as it stops at pruned ones.
func (ix *Index) Clear() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.first = ix.next
	for len(ix.chunks) > 0 && ix.base+chunkSize <= ix.first {
		ix.chunks[0] = nil
		ix.chunks = ix.chunks[1:]
		ix.base += chunkSize
	}
}

// nextPow2 returns the smallest power of two ≥ x.
func nextPow2(x int) int {
	p := 1
	for p < x {
		p <<= 1
	}
	return p
}

// entryBytes is the memory of one entry in the chunks.
func (o Options) entryBytes() int {
	return 2*o.Values + 4*o.Bands + 8 + 8 + 4 + 4 + 4 + 4 + 2 + 2
}

// MemoryBytes returns the bytes held by the index's tables (entries and
// bucket heads), for metrics and the memory benchmark.
func (ix *Index) MemoryBytes() int64 {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	total := int64(len(ix.chunks)) * chunkSize * int64(ix.o.entryBytes())
	for _, h := range ix.heads {
		total += int64(len(h)) * 4
	}
	return total
}
