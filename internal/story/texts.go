package story

import (
	"strconv"
	"sync"
	"time"
)

// storedTexts are the content keys (model.Article's ContentKey) of the
// stored articles in the stage's window, each with the latest time one was
// stored under it. Fresh asks it, without the writer lock, whether a new
// item's text is stored already: such an item will be a sighting of the
// stored article, which the store finds by the same key, so the stage
// need not sketch, weigh or assign it.
//
// It is a shortcut, not the authority: a text it does not hold (older than
// the window, or stored by another process not yet caught up with) goes
// through the stage as any new article and the store still makes it a
// sighting. Keys are the first 64 bits of the SHA-256 hex digest: a
// collision (about 2^-64 a pair) would cost one article its event join,
// nothing more, as the store would then insert it as a story of its own.
type storedTexts struct {
	mu sync.RWMutex
	at map[uint64]int64 // key → latest event time, Unix seconds
}

// textID is a content key's map key; ok is false for a key that is not a
// hex digest (an empty one: a text too short to identify an article).
func textID(key string) (uint64, bool) {
	if len(key) < 16 {
		return 0, false
	}
	id, err := strconv.ParseUint(key[:16], 16, 64)
	return id, err == nil
}

// has reports whether an article under key is stored in the window.
func (t *storedTexts) has(key string) bool {
	id, ok := textID(key)
	if !ok {
		return false
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	_, ok = t.at[id]
	return ok
}

// add notes that an article under key, of time at, is stored.
func (t *storedTexts) add(key string, at time.Time) {
	id, ok := textID(key)
	if !ok {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.at == nil {
		t.at = map[uint64]int64{}
	}
	t.at[id] = max(t.at[id], at.Unix())
}

// prune forgets the keys whose latest article is older than before, as the
// indexes forget the articles.
func (t *storedTexts) prune(before time.Time) {
	cut := before.Unix()
	t.mu.Lock()
	defer t.mu.Unlock()
	for id, at := range t.at {
		if at < cut {
			delete(t.at, id)
		}
	}
}
