package story

import (
	"time"

	"github.com/intlwire/aggregator/internal/model"
)

// merged is where a merged story's articles went, and when, so that the
// redirection is dropped with the window.
type merged struct {
	into int64
	at   time.Time
}

// joinSplit is the story an article joins when the event index found it
// would join more than one (m.Also): each other story that, compared with
// the best one, reports the same event (Events.Mergeable) is merged with
// it, the later into the earlier, and the article joins the earlier. A
// stored later story becomes a decision for the store (b.Merges); a
// provisional one, started by a feed of this group and not stored yet,
// simply never exists: its articles join the earlier story.
func (s *Stage) joinSplit(bs []*Batch, b *Batch, m Match) int64 {
	target := m.StoryID
	for _, also := range m.Also {
		other := also.StoryID
		if also.Score < mergeArticle {
			continue
		}
		why, ok := s.events.Mergeable(target, other)
		if !ok {
			continue
		}
		from, into := target, other
		if earlier(target, other) {
			from, into = other, target
		}
		s.events.Relabel(map[int64]int64{from: into})
		if from < 0 {
			joined := model.Join{Path: model.JoinEvent, Score: why.Score, Shared: why.Shared,
				GapSeconds: why.GapSeconds, CrossLanguage: why.CrossLanguage}
			for _, ob := range bs {
				for i := range ob.Articles {
					if a := &ob.Articles[i]; a.StoryID == from {
						a.StoryID = into
						if a.Join.Path == model.JoinFirst {
							a.Join = joined
						}
					}
				}
			}
		} else {
			b.Merges = append(b.Merges, model.Merge{From: from, Into: into, Why: why})
		}
		s.redirect(from, into, b)
		target = into
	}
	return target
}

// namesAgree keeps of the other stories an article would join (m.Also)
// those it joins strongly (mergeArticle) whose names agree with its best
// story's before the article joins it.
func (s *Stage) namesAgree(m Match) []Also {
	var out []Also
	for _, a := range m.Also {
		if a.Score >= mergeArticle && s.events.NamesAgree(m.StoryID, a.StoryID) {
			out = append(out, a)
		}
	}
	return out
}

// redirect records that story from is now part of story into, for the copy
// indexes, which keep naming from; stories merged into from before follow.
func (s *Stage) redirect(from, into int64, b *Batch) {
	if s.merged == nil {
		s.merged = map[int64]merged{}
	}
	var at time.Time
	for _, a := range b.Articles {
		if a.FetchedAt.After(at) {
			at = a.FetchedAt
		}
	}
	for id, m := range s.merged {
		if m.into == from {
			s.merged[id] = merged{into: into, at: at}
		}
	}
	s.merged[from] = merged{into: into, at: at}
}

// resolve is the story that story id's articles now belong to.
func (s *Stage) resolve(id int64) int64 {
	if m, ok := s.merged[id]; ok {
		return m.into
	}
	return id
}

// forgetProvisional drops the redirections of the last group's provisional
// stories: the next group numbers its own from -1 again.
func (s *Stage) forgetProvisional() {
	for id := range s.merged {
		if id < 0 {
			delete(s.merged, id)
		}
	}
}

// pruneMerged drops the redirections older than before, with the window.
func (s *Stage) pruneMerged(before time.Time) {
	for id, m := range s.merged {
		if m.at.Before(before) {
			delete(s.merged, id)
		}
	}
}
