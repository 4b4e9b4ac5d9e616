package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/intlwire/aggregator/internal/pipeline"
)

// Word pools for synthetic news: names the shipped taxonomy knows, so the
// synthetic stories get tagged and land in topic feeds like real ones.
var (
	places = []string{"Syria", "Russia", "Turkey", "Iran", "Ukraine", "China", "the United States", "Germany", "France",
		"Israel", "Gaza", "Sudan", "Ethiopia", "Venezuela", "India", "Pakistan", "Afghanistan", "Iraq", "Lebanon", "Yemen",
		"Saudi Arabia", "Egypt", "Libya", "Mali", "Niger", "Nigeria", "Kenya", "Somalia", "Japan", "North Korea",
		"South Korea", "Taiwan", "the Philippines", "Indonesia", "Brazil", "Mexico", "Colombia", "Argentina", "Poland",
		"Hungary", "Serbia", "Kosovo", "Armenia", "Azerbaijan", "Georgia", "Kazakhstan", "Myanmar", "Bangladesh"}
	actors = []string{"Vladimir Putin", "Recep Tayyip Erdogan", "Volodymyr Zelensky", "Xi Jinping", "Benjamin Netanyahu",
		"Antonio Guterres", "NATO", "the United Nations", "Hamas", "Hezbollah", "the Taliban", "the European Commission",
		"the African Union", "Donald Trump", "Emmanuel Macron", "Narendra Modi", "the IMF", "the World Food Programme"}
	events = []string{"hold ceasefire talks", "announce new sanctions", "sign a trade deal", "report heavy shelling",
		"open a humanitarian corridor", "call a snap election", "agree on a peace process", "discuss an arms deal",
		"warn of a refugee crisis", "raise oil output", "pledge climate finance", "accuse each other of human rights abuses"}
	filler = strings.Fields(`officials said on the condition of anonymity that the meeting followed weeks of
		preparation by envoys and ministers while analysts warned that the outcome remained uncertain and
		diplomats from several capitals urged restraint as markets reacted to the news and aid groups called
		for access to civilians in the affected areas where fighting has displaced thousands of families
		according to local authorities and independent monitors who documented the damage in recent days`)
)

// feedFor writes an RSS feed of n synthetic items for source src, items
// numbered from first.
func feedFor(rng *rand.Rand, src string, first, n int, now time.Time) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>%s</title><link>https://%s.example.org/</link>`, src, src)
	for i := first; i < first+n; i++ {
		p1, p2 := places[rng.IntN(len(places))], places[rng.IntN(len(places))]
		a, e := actors[rng.IntN(len(actors))], events[rng.IntN(len(events))]
		fmt.Fprintf(&b, `<item><title>%s and %s %s as %s weighs in (%s %d)</title><link>https://%s.example.org/news/%d</link><guid>%s-%d</guid><pubDate>%s</pubDate><description>`,
			p1, p2, e, a, src, i, src, i, src, i, now.Add(-time.Duration(rng.IntN(72))*time.Hour).Format(time.RFC1123Z))
		fmt.Fprintf(&b, "%s and %s %s, %s said. ", p1, p2, e, a)
		for w := 0; w < 60+rng.IntN(60); w++ {
			b.WriteString(filler[rng.IntN(len(filler))])
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "Report %d of %s.</description></item>", i, src)
	}
	b.WriteString("</channel></rss>")
	return []byte(b.String())
}

// generate ingests perSource items for each source through the real pipeline
// (IngestBody), reporting the per-article cost every step articles, so the
// cost's growth with the store size shows.
func generate(ctx context.Context, p *pipeline.Pipeline, clock *historyClock, sources, perSource, batch, step int, report func(stored int, perArticle time.Duration)) error {
	rng := rand.New(rand.NewPCG(1, 2))
	stored, sinceReport := 0, 0
	var spent time.Duration
	for first := 0; first < perSource; first += batch {
		n := min(batch, perSource-first)
		for s := 0; s < sources; s++ {
			src := fmt.Sprintf("synth-%05d", s)
			body := feedFor(rng, src, first, n, clock.now())
			t0 := time.Now()
			if _, err := p.IngestBody(ctx, src, body); err != nil {
				return err
			}
			spent += time.Since(t0)
			stored += n
			clock.advance(n)
			sinceReport += n
			if sinceReport >= step {
				report(stored, spent/time.Duration(sinceReport))
				sinceReport, spent = 0, 0
			}
		}
	}
	return nil
}

// historyClock is the pipeline's clock while generating: it starts days ago
// and reaches now when the last article is stored.
type historyClock struct {
	mu      sync.Mutex
	t       time.Time
	perItem time.Duration
}

func newHistoryClock(days, articles int) *historyClock {
	span := time.Duration(days) * 24 * time.Hour
	return &historyClock{t: time.Now().Add(-span), perItem: span / time.Duration(max(articles, 1))}
}

func (c *historyClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.t.After(time.Now()) {
		return time.Now()
	}
	return c.t
}

func (c *historyClock) advance(items int) {
	c.mu.Lock()
	c.t = c.t.Add(time.Duration(items) * c.perItem)
	c.mu.Unlock()
}
