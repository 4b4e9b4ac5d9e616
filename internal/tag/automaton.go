package tag

import (
	"cmp"
	"slices"
)

// automaton is a byte-level Aho–Corasick automaton over the normalized
// patterns of a taxonomy, built once per taxonomy load. It finds every
// occurrence of every pattern (overlapping ones included) in one pass over the
// text, whatever the number of patterns; whole-word checks, rules and
// leftmost-longest selection happen on the (few) occurrences it reports.
//
// It is written here rather than taken from a library so that its memory stays
// flat and small with taxonomies ten times the shipped one (parallel int32
// slices, about 20 bytes a state) and its inner loop stays short; the Go
// libraries measured against it (BENCHMARKS.md) need 3–25 times the memory
// at 10× or scan at a quarter of the speed:
//
//   - states are numbered breadth-first, and the first maxDenseRows of them
//     (the shallow states, where nearly all scanning time is spent) have
//     complete transition rows with failure links resolved, so a step from
//     them is one table load; a row has a column per byte of the patterns'
//     alphabet, not per byte value;
//   - deeper states keep sorted edge lists and fall back along failure links;
//     they are numbered depth-first, each state's first child right after
//     it, so that reading along a name steps through neighbouring memory;
//   - a transition target carries outFlag when the state it leads to ends a
//     pattern (itself or through its dictionary link), so the scan touches
//     the output tables only where something matches.
type automaton struct {
	nDense int32   // states 0..nDense-1 have dense rows
	dense  []int32 // nDense rows of nClass targets (with outFlag)
	// class maps a byte to its column in the dense rows: bytes that occur in
	// no pattern share column 0 (they lead back to the root from anywhere),
	// so rows are as wide as the patterns' alphabet (about a hundred bytes
	// for the shipped taxonomy), not 256, and twice as many fit in cache.
	// The classes are int32, not bytes, so that step, which reads one,
	// stays within the inliner's budget (1 KiB: it stays in cache).
	class  [256]int32
	nClass int32
	// While building, state s's edges are labels/next[edgeOff[s]:
	// edgeOff[s+1]], sorted by label; compact then keeps only the edges of
	// deep states with several (info says where) and drops edgeOff and fail.
	edgeOff []int32
	labels  []byte
	next    []int32 // targets (with outFlag)
	fail    []int32
	// info packs what a step from a deep state needs into one cache line:
	// its failure state and either its only edge or where its edges are.
	info []stateInfo
	outs []stateOut
	// pats packs each pattern's byte length and the word-boundary drops of
	// emit (patInfo, automaton_bounds.go): one load per occurrence.
	pats []patInfo
}

// stateOut is what a state outputs. The two are read together, for the
// states a scan reports from, so they share a cache line.
type stateOut struct {
	out  int32 // pattern ending at this state, or -1
	dict int32 // nearest state on the fail chain with out >= 0, or 0
}

// stateInfo is the step data of one state: with n == 1, label and off (the
// target) are its only edge; otherwise its n edges start at labels/next[off].
type stateInfo struct {
	off   int32
	fail  int32
	n     uint16
	label byte
}

// outFlag marks transition targets that end a pattern.
const outFlag = int32(-1 << 31)

// maxDenseRows bounds the dense rows (1 KiB each) so that memory stays flat
// however large the taxonomy.
const maxDenseRows = 16384

// buildAutomaton compiles distinct, non-empty patterns.
func buildAutomaton(patterns []string) *automaton {
	// Trie as flat arrays, in insertion numbering: each state's children
	// are a linked list (first child, next sibling), so that building does
	// not allocate a slice per state.
	size := 1
	for _, p := range patterns {
		size += len(p)
	}
	size = size/2 + 1 // patterns share prefixes; the arrays grow if needed
	first := make([]int32, 1, size)
	sibling := make([]int32, 1, size)
	label := make([]byte, 1, size)
	out := make([]int32, 1, size)
	first[0], sibling[0], out[0] = -1, -1, -1
	// The root has a child for nearly every byte the patterns start with
	// (about a hundred): its children are also in a table, since the failure
	// links fall back to it for nearly every state.
	var rootChild [256]int32
	for i := range rootChild {
		rootChild[i] = -1
	}
	find := func(s int32, c byte) int32 {
		if s == 0 {
			return rootChild[c]
		}
		for e := first[s]; e >= 0; e = sibling[e] {
			if label[e] == c {
				return e
			}
		}
		return -1
	}
	pats := make([]patInfo, len(patterns))
	for pi, p := range patterns {
		pats[pi] = newPatInfo(int32(len(p)))
		s := int32(0)
		for i := 0; i < len(p); i++ {
			t := find(s, p[i])
			if t < 0 {
				t = int32(len(first))
				first = append(first, -1)
				sibling = append(sibling, first[s])
				label = append(label, p[i])
				out = append(out, -1)
				first[s] = t
				if s == 0 {
					rootChild[p[i]] = t
				}
			}
			s = t
		}
		out[s] = int32(pi)
	}
	n := len(first)
	// Breadth-first order, then failure and dictionary links.
	order := make([]int32, 0, n)
	order = append(order, 0)
	for qi := 0; qi < len(order); qi++ {
		for e := first[order[qi]]; e >= 0; e = sibling[e] {
			order = append(order, e)
		}
	}
	fail := make([]int32, n)
	dict := make([]int32, n)
	for _, s := range order {
		for e := first[s]; e >= 0; e = sibling[e] {
			if s != 0 {
				f := fail[s]
				for {
					if t := find(f, label[e]); t >= 0 {
						fail[e] = t
						break
					}
					if f == 0 {
						fail[e] = 0
						break
					}
					f = fail[f]
				}
			}
			if ft := fail[e]; out[ft] >= 0 {
				dict[e] = ft
			} else {
				dict[e] = dict[ft]
			}
		}
	}
	// Renumber and flatten: the shallow states that get dense rows
	// breadth-first (a dense row is built from its failure state's, which
	// must come first), the deep ones depth-first, so that the states of
	// one name lie side by side and a scan that reads along a name (most
	// steps from deep states: the Chinese and Japanese names, three bytes
	// a character) finds the next state's step data in the same or the
	// next cache line.
	order = depthFirstTail(order, min(n, maxDenseRows), first, sibling)
	id := make([]int32, n)
	for newID, s := range order {
		id[s] = int32(newID)
	}
	a := &automaton{
		pats:    pats,
		edgeOff: make([]int32, n+1),
		fail:    make([]int32, n),
		outs:    make([]stateOut, n),
	}
	target := func(s int32) int32 {
		if out[s] >= 0 || dict[s] != 0 {
			return id[s] | outFlag
		}
		return id[s]
	}
	a.labels = make([]byte, 0, n)
	a.next = make([]int32, 0, n)
	var kids []int32
	for newID, s := range order {
		a.edgeOff[newID] = int32(len(a.labels))
		a.fail[newID] = id[fail[s]]
		a.outs[newID] = stateOut{out: out[s], dict: id[dict[s]]}
		kids = kids[:0]
		for e := first[s]; e >= 0; e = sibling[e] {
			kids = append(kids, e)
		}
		if len(kids) > 1 { // most states have one child: no sort
			slices.SortFunc(kids, func(x, y int32) int { return cmp.Compare(label[x], label[y]) })
		}
		for _, e := range kids {
			a.labels = append(a.labels, label[e])
			a.next = append(a.next, target(e))
		}
	}
	a.edgeOff[n] = int32(len(a.labels))
	a.info = make([]stateInfo, n)
	for st := 0; st < n; st++ {
		in := stateInfo{off: a.edgeOff[st], fail: a.fail[st], n: uint16(a.edgeOff[st+1] - a.edgeOff[st])}
		if in.n == 1 {
			in.label, in.off = a.labels[in.off], a.next[in.off]
		}
		a.info[st] = in
	}
	a.buildDense()
	a.compact()
	return a
}

// depthFirstTail keeps the first nd states of the breadth-first order and
// puts the others in depth-first (pre-)order, each state's first child
// right after it. first and sibling are the trie's child lists.
func depthFirstTail(order []int32, nd int, first, sibling []int32) []int32 {
	shallow := make([]bool, len(order))
	for _, s := range order[:nd] {
		shallow[s] = true
	}
	out := append(make([]int32, 0, len(order)), order[:nd]...)
	var stack []int32
	if first[0] >= 0 {
		stack = append(stack, first[0])
	}
	for len(stack) > 0 {
		e := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for ; e >= 0; e = first[e] {
			if !shallow[e] {
				out = append(out, e)
			}
			if sibling[e] >= 0 {
				stack = append(stack, sibling[e])
			}
		}
	}
	return out
}

// compact drops what the scan does not read once the dense rows are built:
// the failure and edge-offset tables (info has both), and the edge lists of
// dense states and of states with one edge (info holds that edge). Most
// states of a large taxonomy are deep states with one edge, so this about
// halves the automaton.
func (a *automaton) compact() {
	var labels []byte
	var next []int32
	for st := range a.info {
		in := &a.info[st]
		if int32(st) < a.nDense || in.n == 1 {
			continue
		}
		lo, hi := a.edgeOff[st], a.edgeOff[st+1]
		in.off = int32(len(labels))
		labels = append(labels, a.labels[lo:hi]...)
		next = append(next, a.next[lo:hi]...)
	}
	a.labels, a.next = labels, next
	a.fail, a.edgeOff = nil, nil
}

// buildDense fills complete transition rows for the first states. A state's
// missing transitions are those of its failure state, which is shallower, so
// numbered earlier, and already has its row.
func (a *automaton) buildDense() {
	var used [256]bool
	for _, c := range a.labels {
		used[c] = true
	}
	w := 1 // column 0: bytes of no pattern
	for c := range used {
		if used[c] {
			a.class[c] = int32(w)
			w++
		}
	}
	if w > 256 {
		// Every byte value occurs: no column is shared (none leads back
		// to the root from anywhere); give every byte its own column.
		w = 256
		for c := range a.class {
			a.class[c] = int32(c)
		}
	}
	a.nClass = int32(w)
	n := min(len(a.fail), maxDenseRows)
	a.nDense = int32(n)
	a.dense = make([]int32, n*w)
	for s := 0; s < n; s++ {
		row := a.dense[s*w : (s+1)*w]
		if s > 0 {
			f := int(a.fail[s])
			copy(row, a.dense[f*w:(f+1)*w])
		}
		for k := a.edgeOff[s]; k < a.edgeOff[s+1]; k++ {
			row[a.class[a.labels[k]]] = a.next[k]
		}
	}
}

// step returns the target (state, possibly with outFlag) after reading c in
// state s (without outFlag). The dense case is kept small enough to be
// inlined into the scan loops: it is nearly every step.
func (a *automaton) step(s int32, c byte) int32 {
	if s >= a.nDense {
		return a.stepDeep(s, c)
	}
	return a.dense[s*a.nClass+a.class[c]]
}

// stepDeep is step from a deep state: its own edges, else its failure
// state's, down to a dense state.
func (a *automaton) stepDeep(s int32, c byte) int32 {
	for s >= a.nDense {
		in := a.info[s]
		if in.n == 1 {
			if in.label == c {
				return in.off
			}
		} else {
			lo, hi := in.off, in.off+int32(in.n)
			for lo < hi {
				m := (lo + hi) >> 1
				switch l := a.labels[m]; {
				case l == c:
					return a.next[m]
				case l < c:
					lo = m + 1
				default:
					hi = m
				}
			}
		}
		s = in.fail
	}
	return a.dense[int(s)*int(a.nClass)+int(a.class[c])]
}

// rawMatch is one occurrence of a pattern in the normalized text.
type rawMatch struct {
	pat        int32
	start, end int32
}

// scan appends every occurrence of every pattern in text to dst, in the
// order of their ends (and, at one end, longest first).
func (a *automaton) scan(text []byte, dst []rawMatch) []rawMatch {
	return a.scanFrom(text, 0, 0, dst)
}

// scanFrom is scan of text[from:] from state s, which the automaton is in
// after text[:from].
func (a *automaton) scanFrom(text []byte, from int, s int32, dst []rawMatch) []rawMatch {
	for i := from; i < len(text); i++ {
		t := a.step(s, text[i])
		s = t &^ outFlag
		if t < 0 {
			dst = a.emit(dst, text, s, int32(i+1))
		}
	}
	return dst
}

// emit appends the patterns that end at end of text in state s (which ends
// one, itself or through its dictionary link), but those that an ASCII
// letter or digit glues to a word they must start or end (patInfo).
func (a *automaton) emit(dst []rawMatch, text []byte, s, end int32) []rawMatch {
	o := a.outs[s]
	if o.out < 0 {
		o = a.outs[o.dict]
	}
	for {
		p := o.out
		pi := a.pats[p]
		start := end - pi.len()
		if pi&patGlued == 0 || !pi.glued(text, start, end) {
			dst = append(dst, rawMatch{pat: p, start: start, end: end})
		}
		if o.dict == 0 {
			return dst
		}
		o = a.outs[o.dict]
	}
}

// heapBytes is the automaton's memory.
func (a *automaton) heapBytes() int {
	return 4*(len(a.edgeOff)+len(a.next)+len(a.fail)+2*len(a.outs)+len(a.pats)+len(a.dense)) + len(a.labels) + 12*len(a.info)
}
