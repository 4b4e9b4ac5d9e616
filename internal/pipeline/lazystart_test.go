package pipeline

import (
	"context"
	"testing"
)

// A start reads no article: the story index is rebuilt from the stored
// window by the first feed that brings items, so a restarted pipeline still
// joins another outlet's copy to the story stored before the restart, and
// its tagger's matcher is not built until a text is tagged.
func TestRestartRebuildsTheStoryIndexOnFirstIngest(t *testing.T) {
	ctx := context.Background()
	p, st := newTestPipeline(t)
	if _, err := p.IngestBody(ctx, "src", []byte(syriaFeed)); err != nil {
		t.Fatal(err)
	}
	restarted, err := New(ctx, Options{Store: st, Config: p.Config()})
	if err != nil {
		t.Fatal(err)
	}
	if restarted.indexBuilt.Load() {
		t.Error("New rebuilt the story index; the first ingest should")
	}
	copy := `<rss version="2.0"><channel><title>Other</title><item><title>Putin hosts Syria talks - Other News</title>
<link>https://other.example.org/a/123</link><description>Russian President Vladimir Putin hosted talks on a ceasefire in Idlib, the Syrian province, on Tuesday.</description></item></channel></rss>`
	res, err := restarted.IngestBody(ctx, "other", []byte(copy))
	if err != nil {
		t.Fatal(err)
	}
	if !restarted.indexBuilt.Load() {
		t.Error("the story index is still not built after an ingest")
	}
	stories, _ := st.TopicStories(ctx, "syria-diplomacy", 10)
	if res.New != 1 || res.NewStories != 0 || len(stories) != 1 || len(stories[0].Outlets()) != 2 {
		t.Errorf("after a restart the copy did not join the stored story: %+v, %d stories", res, len(stories))
	}
}
