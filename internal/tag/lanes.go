package tag

// Two-lane scanning. The scan is a chain of dependent loads (each step reads
// the row of the state the last step returned), and the rows of a large
// taxonomy do not stay in cache, so a step mostly waits on memory. Scanning
// the two halves of a text in one loop gives the processor two independent
// chains to wait on at once.
//
// The second lane starts laneWarm bytes before the middle, from the root.
// Its state at a position is the true one as soon as the true state (the
// longest pattern prefix ending there) is no longer than what the lane has
// read, which is nearly always the case by the middle: the first lane, at
// the middle, compares its state with the second lane's, and scans on alone
// until they agree (at the latest when the second lane has read as many
// bytes as the longest pattern). The occurrences are those of scan, in the
// same order.

const (
	// laneWarm is how far before the middle the second lane starts.
	laneWarm = 16
	// laneMin is the shortest text split in two lanes: below it the
	// bytes read twice would be too large a share of the text.
	laneMin = 4 * laneWarm
	// laneLog is how many of the second lane's states after the middle
	// are kept for the first lane to compare with.
	laneLog = 256
)

// lanes holds the second lane's buffers, reused from call to call.
type lanes struct {
	raw []rawMatch
	log [laneLog]int32 // log[i]: the second lane's state after byte mid-1+i
}

// scanLanes is scan, in two lanes for texts of laneMin bytes or more.
func (a *automaton) scanLanes(text []byte, dst []rawMatch, ln *lanes) []rawMatch {
	n := len(text)
	if n < laneMin {
		return a.scan(text, dst)
	}
	// Lane A reads text[:mid], lane B text[mid-laneWarm:]; they take the
	// same number of steps in the joint loop.
	mid := (n + laneWarm) / 2
	bFrom := mid - laneWarm
	ln.raw = ln.raw[:0]
	sA, sB := int32(0), int32(0)
	for k := 0; k < mid; k++ {
		j := bFrom + k
		tA, tB := a.step(sA, text[k]), a.step(sB, text[j])
		sA, sB = tA&^outFlag, tB&^outFlag
		if tA < 0 {
			dst = a.emit(dst, text, sA, int32(k+1))
		}
		if j >= mid-1 {
			ln.note(j-mid+1, sB)
			if tB < 0 && j >= mid {
				ln.raw = a.emit(ln.raw, text, sB, int32(j+1))
			}
		}
	}
	for j := bFrom + mid; j < n; j++ {
		t := a.step(sB, text[j])
		sB = t &^ outFlag
		ln.note(j-mid+1, sB)
		if t < 0 {
			ln.raw = a.emit(ln.raw, text, sB, int32(j+1))
		}
	}
	// Lane A catches up from the middle until its state after text[:end]
	// is lane B's there (log[end-mid]); from then on lane B is exact.
	end := mid
	for ; ln.log[end-mid] != sA; end++ {
		if end == n {
			return dst
		}
		if end-mid+1 == laneLog {
			// No agreement within the log: lane A scans on alone.
			return a.scanFrom(text, end, sA, dst)
		}
		t := a.step(sA, text[end])
		sA = t &^ outFlag
		if t < 0 {
			dst = a.emit(dst, text, sA, int32(end+1))
		}
	}
	k := 0
	for k < len(ln.raw) && ln.raw[k].end <= int32(end) {
		k++
	}
	return append(dst, ln.raw[k:]...)
}

// note logs lane B's state s after the i-th byte from the middle's last.
func (ln *lanes) note(i int, s int32) {
	if i < laneLog {
		ln.log[i] = s
	}
}
