package render

import (
	"crypto/sha256"
	"sync"
)

// memoMax bounds the sanitized-HTML memo; when full it starts over, which
// costs one re-sanitize per article and keeps memory flat.
const memoMax = 8192

// Memo remembers sanitized content by a hash of (base, fragment). The
// pipeline invalidates a topic whenever one story changes, and the rebuild
// then re-renders every other, unchanged story: the memo makes that cheap.
// The key covers everything the output depends on, so a hit is exact.
type Memo struct {
	mu sync.Mutex
	m  map[[32]byte]string
}

// sanitize returns san.HTML(fragment, base), from the memo when it can.
func (h *Memo) sanitize(san *sanitizer, fragment, base string) string {
	if fragment == "" {
		return ""
	}
	hs := sha256.New()
	hs.Write([]byte(base))
	hs.Write([]byte{0})
	hs.Write([]byte(fragment))
	var key [32]byte
	hs.Sum(key[:0])
	h.mu.Lock()
	out, ok := h.m[key]
	h.mu.Unlock()
	if ok {
		return out
	}
	out = san.HTML(fragment, base)
	h.mu.Lock()
	if h.m == nil || len(h.m) >= memoMax {
		h.m = make(map[[32]byte]string, 256)
	}
	h.m[key] = out
	h.mu.Unlock()
	return out
}
