package tag

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
)

// The compiled tagger is stored as flat little-endian arrays (see
// compiled.go): every field is a whole column, written with its length and
// read back in one pass over one buffer, and a list of strings is one blob
// with offsets, so that loading costs a copy of the bytes, not a decode
// element by element (gob took longer than building the matcher).

// errCorrupt is what the reader reports for bytes that do not hold what the
// writer wrote; the loader's caller then builds the tagger instead.
var errCorrupt = errors.New("tag: compiled tagger: corrupt data")

// encoder streams fields to w through a small buffer, keeping the count and
// CRC-32C of what it wrote: the 22 MB file is never held whole, nor its
// columns copied out of the structs (writing after a build raised a cold
// round's peak memory by 76 MB when it did).
type encoder struct {
	w    io.Writer
	b    []byte
	size int64
	crc  uint32
	err  error
}

// encoderChunk is how much the encoder buffers before writing.
const encoderChunk = 256 << 10

func newEncoder(w io.Writer) *encoder { return &encoder{w: w, b: make([]byte, 0, encoderChunk+64)} }

// spill writes the buffer once it is full.
func (e *encoder) spill() {
	if len(e.b) >= encoderChunk {
		e.flush()
	}
}

// flush writes what the buffer holds.
func (e *encoder) flush() {
	e.crc = crc32.Update(e.crc, castagnoli, e.b)
	e.size += int64(len(e.b))
	if e.err == nil {
		_, e.err = e.w.Write(e.b)
	}
	e.b = e.b[:0]
}

func (e *encoder) u32(v uint32) { e.b = binary.LittleEndian.AppendUint32(e.b, v); e.spill() }

func (e *encoder) i32(v int32) { e.u32(uint32(v)) }

func (e *encoder) i64(v int64) { e.b = binary.LittleEndian.AppendUint64(e.b, uint64(v)); e.spill() }

func (e *encoder) f64(v float64) { e.i64(int64(math.Float64bits(v))) }

// raw writes bytes as they are.
func (e *encoder) raw(s string) {
	for len(s) > 0 {
		n := min(len(s), encoderChunk)
		e.b = append(e.b, s[:n]...)
		s = s[n:]
		e.spill()
	}
}

// fixed are the values a column may hold.
type fixed interface{ ~int32 | ~uint16 | ~uint8 }

// putCol writes the column f(&v[i]) of a slice: its length, then the values
// in 4, 2 or 1 bytes as their type has.
func putCol[T any, V fixed](e *encoder, v []T, f func(*T) V) {
	e.u32(uint32(len(v)))
	var zero V
	for i := range v {
		x := f(&v[i])
		switch any(zero).(type) {
		case uint16:
			e.b = binary.LittleEndian.AppendUint16(e.b, uint16(x))
		case uint8:
			e.b = append(e.b, uint8(x))
		default:
			e.b = binary.LittleEndian.AppendUint32(e.b, uint32(x))
		}
		e.spill()
	}
}

// i32s writes a length, then the values.
func (e *encoder) i32s(v []int32) { putCol(e, v, func(x *int32) int32 { return *x }) }

// bytes writes a length, then the bytes.
func (e *encoder) bytes(v []byte) { putCol(e, v, func(x *byte) byte { return *x }) }

// putEnds writes the count of v, then where each element's part ends in
// what follows (the running sum of size(&v[i])); it returns the sum.
func putEnds[T any](e *encoder, v []T, size func(*T) int) int {
	e.u32(uint32(len(v)))
	n := 0
	for i := range v {
		n += size(&v[i])
		e.b = binary.LittleEndian.AppendUint32(e.b, uint32(n))
		e.spill()
	}
	return n
}

// putStrs writes the strings f(&v[i]) as their end offsets and one blob.
func putStrs[T any](e *encoder, v []T, f func(*T) string) {
	e.u32(uint32(putEnds(e, v, func(x *T) int { return len(f(x)) })))
	for i := range v {
		e.raw(f(&v[i]))
	}
}

// strs writes a list of strings (putStrs).
func (e *encoder) strs(v []string) { putStrs(e, v, func(x *string) string { return *x }) }

// putNested writes the lists f(&v[i]) as their end offsets, then all their
// values in one column.
func putNested[T any](e *encoder, v []T, f func(*T) []int32) {
	e.u32(uint32(putEnds(e, v, func(x *T) int { return len(f(x)) })))
	for i := range v {
		for _, x := range f(&v[i]) {
			e.b = binary.LittleEndian.AppendUint32(e.b, uint32(x))
			e.spill()
		}
	}
}

// putNestedStrs writes the string lists f(&v[i]) as their end offsets, then
// all their strings as one list (putStrs).
func putNestedStrs[T any](e *encoder, v []T, f func(*T) []string) {
	n := putEnds(e, v, func(x *T) int { return len(f(x)) })
	// The strings in order, each found by its list and place in it.
	type at struct{ list, k int }
	all := make([]at, 0, n)
	for i := range v {
		for k := range f(&v[i]) {
			all = append(all, at{i, k})
		}
	}
	putStrs(e, all, func(a *at) string { return f(&v[a.list])[a.k] })
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

func (d *decoder) i32s() []int32 { return column[int32](d) }

func (d *decoder) u16s() []uint16 { return column[uint16](d) }

// column returns the next list of fixed-size numbers, decoded in bulk.
func column[T int32 | uint16](d *decoder) []T {
	size := binary.Size(T(0))
	n := d.count(size)
	b := d.take(size * n)
	if n == 0 || d.err != nil {
		return nil
	}
	v := make([]T, n)
	if _, err := binary.Decode(b, binary.LittleEndian, v); err != nil {
		d.err = fmt.Errorf("%w: %w", errCorrupt, err)
		return nil
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

// nested returns the next list of int32 lists; they share one array. An
// empty list is nil, as the build leaves it.
func (d *decoder) nested() [][]int32 {
	ends := d.i32s()
	return splitAt(d, ends, d.i32s(), nil)
}

// nestedStrs returns the next list of string lists. An empty list is
// []string{}, as the build makes an entry's parents (JSON [], not null).
func (d *decoder) nestedStrs() [][]string {
	ends := d.i32s()
	return splitAt(d, ends, d.strs(), []string{})
}

// splitAt cuts all into the lists that end at ends, each capped at its end
// so that an append does not write into the next; an empty one is empty.
// An end out of order or past all is a corrupt file.
func splitAt[T any](d *decoder, ends []int32, all []T, empty []T) [][]T {
	if d.err != nil {
		return nil
	}
	v := make([][]T, len(ends))
	start := int32(0)
	for i, end := range ends {
		if end < start || int(end) > len(all) {
			d.err = fmt.Errorf("%w: list %d ends at %d", errCorrupt, i, end)
			return nil
		}
		v[i] = empty
		if end > start {
			v[i] = all[start:end:end]
		}
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
