package tag

import "slices"

// encode writes the compacted automaton (buildAutomaton's result; its
// build-only tables, edgeOff and fail, are nil by then).
func (a *automaton) encode(e *encoder) {
	e.i32(a.nDense)
	e.i32(a.nClass)
	e.i32s(a.class[:])
	e.i32s(a.dense)
	e.bytes(a.labels)
	e.i32s(a.next)
	e.i32s(a.edgeOff)
	e.i32s(a.fail)
	putCol(e, a.info, func(x *stateInfo) int32 { return x.off })
	putCol(e, a.info, func(x *stateInfo) int32 { return x.fail })
	putCol(e, a.info, func(x *stateInfo) uint16 { return x.n })
	putCol(e, a.info, func(x *stateInfo) byte { return x.label })
	putCol(e, a.outs, func(x *stateOut) int32 { return x.out })
	putCol(e, a.outs, func(x *stateOut) int32 { return x.dict })
	e.i32s(a.patLens())
}

// decodeAutomaton reads what encode wrote for an automaton over nPats
// patterns, and checks that a scan stays within its tables and ends.
func decodeAutomaton(d *decoder, nPats int) *automaton {
	a := &automaton{nDense: d.i32(), nClass: d.i32()}
	class := d.i32s()
	a.dense, a.labels, a.next = d.i32s(), d.bytes(), d.i32s()
	a.edgeOff, a.fail = d.i32s(), d.i32s()
	off, fail, n, label := d.i32s(), d.i32s(), d.u16s(), d.bytes()
	out, dict := d.i32s(), d.i32s()
	patLen := d.i32s()
	states := len(off)
	d.need(len(class) == len(a.class) && len(fail) == states && len(n) == states && len(label) == states &&
		len(out) == states && len(dict) == states && len(a.next) == len(a.labels) && len(patLen) == nPats,
		"automaton columns of different lengths")
	d.need(a.nClass > 0 && int(a.nClass) <= len(a.class) && a.nDense > 0 && int(a.nDense) <= states &&
		len(a.dense) == int(a.nDense)*int(a.nClass) && inRange(class, int(a.nClass), false),
		"automaton's dense rows do not match its size")
	d.need(inRange(fail, states, false) && inRange(out, nPats, true) && inRange(dict, states, false),
		"automaton state out of range")
	if d.err != nil {
		return nil
	}
	d.need(!slices.ContainsFunc(patLen, func(l int32) bool { return l <= 0 || l > maxPatLen }), "automaton pattern length out of range")
	if d.err != nil {
		return nil
	}
	a.pats = make([]patInfo, len(patLen))
	for p, l := range patLen {
		a.pats[p] = newPatInfo(l)
	}
	copy(a.class[:], class)
	a.info = make([]stateInfo, states)
	a.outs = make([]stateOut, states)
	for s := range a.info {
		a.info[s] = stateInfo{off: off[s], fail: fail[s], n: n[s], label: label[s]}
		a.outs[s] = stateOut{out: out[s], dict: dict[s]}
	}
	d.need(a.targetsInRange(), "automaton transition out of range")
	d.need(a.chainsEnd(func(s int32) (int32, bool) { return a.info[s].fail, s < a.nDense }),
		"automaton failure links do not reach the dense states")
	d.need(a.outputsEnd(), "automaton output links do not end")
	return a
}

// targetsInRange reports whether every transition leads to a state, every
// state a transition flags as ending a pattern ends one (itself or through
// its dictionary link), and every deep state's edge list lies within the
// edge tables.
func (a *automaton) targetsInRange() bool {
	states := int32(len(a.info))
	ok := func(t int32) bool {
		s := t &^ outFlag
		return s >= 0 && s < states && (t >= 0 || a.outs[s].out >= 0 || a.outs[s].dict != 0)
	}
	for _, t := range a.dense {
		if !ok(t) {
			return false
		}
	}
	for _, t := range a.next {
		if !ok(t) {
			return false
		}
	}
	for s := a.nDense; s < states; s++ {
		in := a.info[s]
		if in.n == 1 && !ok(in.off) || in.n != 1 && (in.off < 0 || int(in.off)+int(in.n) > len(a.labels)) {
			return false
		}
	}
	return true
}

// outputsEnd reports whether every dictionary link leads to a state that
// ends a pattern and every chain of them ends at the root, as emit needs.
func (a *automaton) outputsEnd() bool {
	for _, o := range a.outs {
		if o.dict != 0 && a.outs[o.dict].out < 0 {
			return false
		}
	}
	return a.chainsEnd(func(s int32) (int32, bool) { return a.outs[s].dict, s == 0 })
}

// chainsEnd reports whether following next from every state reaches a state
// where next says done, in fewer steps than there are states: no cycle. It
// marks the states known to get there, so it takes one pass.
func (a *automaton) chainsEnd(next func(int32) (int32, bool)) bool {
	good := make([]bool, len(a.info))
	var path []int32
	for s0 := range good {
		path = path[:0]
		for s := int32(s0); !good[s]; {
			n, done := next(s)
			if done {
				break
			}
			path = append(path, s)
			if len(path) > len(good) {
				return false
			}
			s = n
		}
		for _, s := range path {
			good[s] = true
		}
		good[s0] = true
	}
	return true
}
