package story

import (
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/race"
)

// TestMatchAllocatesNothing checks that matching an article against a busy
// index allocates nothing in the steady state (its vectors live in its
// Features, the candidate counts and its table in the index's scratch)
// but the shared taxonomy ids of a join (the list of the other stories it
// would join, Match.Also, is kept in its Features as well).
func TestMatchAllocatesNothing(t *testing.T) {
	if race.Enabled {
		t.Skip("the race detector's sync.Pool drops scratch on purpose")
	}
	docs := synthStream(3000, 5, 72*time.Hour)
	ev := NewEvents(EventOptions{})
	for i, d := range docs[:2900] {
		f := Read(d)
		ev.Observe(f)
		id := ev.Match(f).StoryID
		if id == 0 {
			id = int64(i + 1)
		}
		ev.Add(f, id)
	}
	for _, d := range docs[2900:] {
		f := Read(d)
		ev.Observe(f)
		m := ev.Match(f) // weighs f: its first Match after Observe fills its own storage
		want := 0.0
		if len(m.Shared) > 0 {
			want = 1
		}
		if got := testing.AllocsPerRun(20, func() { f.weighed.ok = false; ev.Match(f) }); got > want {
			t.Fatalf("Match allocates %v times per article (%+v), want %v", got, m, want)
		}
	}
}
