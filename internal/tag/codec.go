package tag

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
)

// The compiled tagger is stored as flat little-endian arrays (see
// compiled.go): every field is a whole slice, written with its length and
// read back in one pass over one buffer, and a list of strings is one blob
// with offsets, so that loading costs a copy of the bytes, not a decode
// element by element (gob took longer than building the matcher).

// errCorrupt is what the reader reports for bytes that do not hold what the
// writer wrote; the loader's caller then builds the tagger instead.
var errCorrupt = errors.New("tag: compiled tagger: corrupt data")

// encoder appends fields to one buffer.
type encoder struct{ b []byte }

func (e *encoder) u32(v uint32) { e.b = binary.LittleEndian.AppendUint32(e.b, v) }

func (e *encoder) i32(v int32) { e.u32(uint32(v)) }

func (e *encoder) i64(v int64) { e.b = binary.LittleEndian.AppendUint64(e.b, uint64(v)) }

func (e *encoder) f64(v float64) { e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(v)) }

// i32s writes a length, then the values.
func (e *encoder) i32s(v []int32) {
	e.u32(uint32(len(v)))
	e.b = slices.Grow(e.b, 4*len(v))
	for _, x := range v {
		e.b = binary.LittleEndian.AppendUint32(e.b, uint32(x))
	}
}

// u16s writes a length, then the values.
func (e *encoder) u16s(v []uint16) {
	e.u32(uint32(len(v)))
	for _, x := range v {
		e.b = binary.LittleEndian.AppendUint16(e.b, x)
	}
}

// bytes writes a length, then the bytes.
func (e *encoder) bytes(v []byte) {
	e.u32(uint32(len(v)))
	e.b = append(e.b, v...)
}

// strs writes a list of strings as their end offsets and one blob.
func (e *encoder) strs(v []string) {
	ends := make([]int32, len(v))
	n := 0
	for i, s := range v {
		n += len(s)
		ends[i] = int32(n)
	}
	e.i32s(ends)
	e.u32(uint32(n))
	for _, s := range v {
		e.b = append(e.b, s...)
	}
}

// nested writes a list of int32 lists as their end offsets and the values.
func (e *encoder) nested(v [][]int32) {
	ends := make([]int32, len(v))
	var all []int32
	for i, l := range v {
		all = append(all, l...)
		ends[i] = int32(len(all))
	}
	e.i32s(ends)
	e.i32s(all)
}

// nestedStrs writes a list of string lists as their end offsets and the
// strings.
func (e *encoder) nestedStrs(v [][]string) {
	ends := make([]int32, len(v))
	var all []string
	for i, l := range v {
		all = append(all, l...)
		ends[i] = int32(len(all))
	}
	e.i32s(ends)
	e.strs(all)
}

// decoder reads what encoder wrote. The first problem sticks: every later
// read returns zero values, and err says what went wrong, so that callers
// read a whole section and check once.
type decoder struct {
	b   []byte
	err error
}

// take returns the next n bytes, or nil after a problem.
func (d *decoder) take(n int) []byte {
	if d.err != nil {
		return nil
	}
	if n < 0 || n > len(d.b) {
		d.err = fmt.Errorf("%w: %d bytes wanted, %d left", errCorrupt, n, len(d.b))
		return nil
	}
	v := d.b[:n:n]
	d.b = d.b[n:]
	return v
}

func (d *decoder) u32() uint32 {
	if b := d.take(4); b != nil {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}

func (d *decoder) i32() int32 { return int32(d.u32()) }

func (d *decoder) i64() int64 {
	if b := d.take(8); b != nil {
		return int64(binary.LittleEndian.Uint64(b))
	}
	return 0
}

func (d *decoder) f64() float64 { return math.Float64frombits(uint64(d.i64())) }

// count reads a length and checks that size bytes each fit in what is left,
// so that corrupt data never makes a large allocation.
func (d *decoder) count(size int) int {
	n := int(d.u32())
	if d.err == nil && n > len(d.b)/size {
		d.err = fmt.Errorf("%w: %d elements of %d bytes, %d bytes left", errCorrupt, n, size, len(d.b))
	}
	if d.err != nil {
		return 0
	}
	return n
}

func (d *decoder) i32s() []int32 {
	n := d.count(4)
	b := d.take(4 * n)
	if n == 0 {
		return nil
	}
	v := make([]int32, n)
	for i := range v {
		v[i] = int32(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return v
}

func (d *decoder) u16s() []uint16 {
	n := d.count(2)
	b := d.take(2 * n)
	if n == 0 {
		return nil
	}
	v := make([]uint16, n)
	for i := range v {
		v[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return v
}

// bytes returns a copy of the next byte list.
func (d *decoder) bytes() []byte {
	n := d.count(1)
	b := d.take(n)
	if n == 0 {
		return nil
	}
	return append([]byte(nil), b...)
}

// strs returns the next string list: one string for the blob, the list's
// strings slices of it.
func (d *decoder) strs() []string {
	ends := d.i32s()
	blob := d.take(d.count(1))
	if d.err != nil {
		return nil
	}
	all := string(blob)
	v := make([]string, len(ends))
	start := int32(0)
	for i, end := range ends {
		if end < start || int(end) > len(all) {
			d.err = fmt.Errorf("%w: string %d ends at %d", errCorrupt, i, end)
			return nil
		}
		v[i] = all[start:end]
		start = end
	}
	return v
}

// nested returns the next list of int32 lists; they share one array.
func (d *decoder) nested() [][]int32 {
	ends := d.i32s()
	all := d.i32s()
	if d.err != nil {
		return nil
	}
	v := make([][]int32, len(ends))
	start := int32(0)
	for i, end := range ends {
		if end < start || int(end) > len(all) {
			d.err = fmt.Errorf("%w: list %d ends at %d", errCorrupt, i, end)
			return nil
		}
		if end > start {
			v[i] = all[start:end:end]
		}
		start = end
	}
	return v
}

// nestedStrs returns the next list of string lists.
func (d *decoder) nestedStrs() [][]string {
	ends := d.i32s()
	all := d.strs()
	if d.err != nil {
		return nil
	}
	v := make([][]string, len(ends))
	start := int32(0)
	for i, end := range ends {
		if end < start || int(end) > len(all) {
			d.err = fmt.Errorf("%w: list %d ends at %d", errCorrupt, i, end)
			return nil
		}
		v[i] = all[start:end:end]
		start = end
	}
	return v
}

// need records a problem unless ok: a count that does not match another, an
// index out of its range.
func (d *decoder) need(ok bool, what string) {
	if !ok && d.err == nil {
		d.err = fmt.Errorf("%w: %s", errCorrupt, what)
	}
}

// inRange reports whether every value is -1 (when none is allowed) or in
// [0, n).
func inRange(v []int32, n int, none bool) bool {
	for _, x := range v {
		if x >= int32(n) || x < 0 && !(none && x == -1) {
			return false
		}
	}
	return true
}
