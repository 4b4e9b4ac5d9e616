package tag

import "testing"

// patterns returns the patterns the automaton was built from, by pattern
// index, read back from its trie, and which of them are anchored: what a
// test needs to build the same automaton another way.
func (a *automaton) patterns(t testing.TB) (pats []string, anchored []bool) {
	t.Helper()
	var byteOf [256]byte
	for c := 255; c >= 0; c-- {
		byteOf[a.class[c]] = byte(c)
	}
	pats = make([]string, len(a.patLen))
	anchored = make([]bool, len(a.patLen))
	type item struct {
		s    int32
		path []byte // classes
	}
	stack := []item{{0, nil}}
	found := 0
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if p := a.outs[it.s].out; p >= 0 {
			var b []byte
			for _, c := range it.path {
				if int32(c) != a.startClass || a.startClass == 0 {
					b = append(b, byteOf[c])
				}
			}
			pats[p] = string(b)
			anchored[p] = a.startClass != 0 && len(it.path) > 0 && int32(it.path[0]) == a.startClass
			found++
		}
		for c, next := range a.children(it.s) {
			path := append(append([]byte(nil), it.path...), c)
			stack = append(stack, item{next, path})
		}
	}
	if found != len(pats) {
		t.Fatalf("read back %d patterns of %d", found, len(pats))
	}
	for i, p := range pats {
		if int32(len(p)) != a.patLen[i] {
			t.Fatalf("pattern %d read back as %q, of %d bytes", i, p, a.patLen[i])
		}
	}
	return pats, anchored
}

// children returns the trie children of state s by label. A dense row holds
// its failure state's transitions where s has no child: an entry is a child
// where it differs from that (or, at the root, leads elsewhere than the
// root).
func (a *automaton) children(s int32) map[byte]int32 {
	kids := map[byte]int32{}
	if s < a.nDense {
		w := a.nClass
		f := a.info[s].fail
		for c := int32(0); c < w; c++ {
			tg := a.dense[s*w+c]
			if s == 0 && tg != 0 || s != 0 && tg != a.dense[f*w+c] {
				kids[byte(c)] = tg &^ outFlag
			}
		}
		return kids
	}
	in := a.info[s]
	if in.n == 1 {
		kids[in.label] = in.off &^ outFlag
		return kids
	}
	for k := in.off; k < in.off+int32(in.n); k++ {
		kids[a.labels[k]] = a.next[k] &^ outFlag
	}
	return kids
}
