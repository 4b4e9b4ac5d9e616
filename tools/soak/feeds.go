package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// simFeeds serves n synthetic feeds on loopback whose items are published
// on the simulated clock: source i publishes a Poisson stream at its own
// rate (log-uniform between 1 and 300 a day), lists its newest feedLen
// items with their own dates, answers conditional requests with 304, and a
// few sources copy wire items (sightings) or rotate GUIDs and session
// parameters on every fetch.
type simFeeds struct {
	feedLen int
	mu      sync.Mutex
	srcs    []*simSrc
}

type simSrc struct {
	perDay  float64
	rotate  bool
	copyOf  int // -1, or the source whose items this one also carries
	items   []simItem
	count   int // items published so far: the next item's sequence number
	nextPub time.Time
	rng     *rand.Rand
	fetches int
}

type simItem struct {
	seq int
	pub time.Time
}

// sentences make tagged, clusterable text.
var sentences = []string{
	"Foreign ministers of Russia and Turkey met in Ankara to discuss a ceasefire in Syria.",
	"The United Nations Security Council voted on new sanctions against Iran.",
	"Talks between Ukraine and Russia resumed in Istanbul under Turkish mediation.",
	"Aid agencies warned of famine in Sudan as fighting spread to Darfur.",
	"China held military drills around Taiwan after the election in Taipei.",
	"The European Union agreed a new package of sanctions on Moscow.",
	"Israel and Hamas negotiators met in Cairo and Doha for hostage talks.",
	"Protests spread across Kenya over the finance bill.",
	"India and Pakistan exchanged fire across the line of control in Kashmir.",
	"North Korea tested a ballistic missile over the Sea of Japan.",
}

func newSimFeeds(n, feedLen int, start time.Time) *simFeeds {
	f := &simFeeds{feedLen: feedLen}
	for i := range n {
		rng := rand.New(rand.NewPCG(uint64(i), 17))
		s := &simSrc{perDay: math.Pow(300, rng.Float64()), copyOf: -1, rng: rng}
		s.rotate = i%50 == 7
		if i%10 == 3 && i > 0 {
			s.copyOf = i - 1
		}
		// A day of history before the start, so the first fetch finds a full feed.
		s.nextPub = start.Add(-24 * time.Hour)
		f.srcs = append(f.srcs, s)
	}
	return f
}

// advance publishes every source's items up to now.
func (f *simFeeds) advance(now time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, s := range f.srcs {
		for !s.nextPub.After(now) {
			s.items = append(s.items, simItem{seq: s.count, pub: s.nextPub})
			s.count++
			s.nextPub = s.nextPub.Add(time.Duration(s.rng.ExpFloat64() / s.perDay * float64(24*time.Hour)))
		}
		// Only the newest feedLen are ever listed again: keep what a feed shows.
		if len(s.items) > 4*f.feedLen {
			s.items = append([]simItem(nil), s.items[len(s.items)-f.feedLen:]...)
		}
	}
}

func (f *simFeeds) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/f/"), ".xml"))
	f.mu.Lock()
	if err != nil || id < 0 || id >= len(f.srcs) {
		f.mu.Unlock()
		http.NotFound(w, r)
		return
	}
	s := f.srcs[id]
	s.fetches++
	items := s.items[max(0, len(s.items)-f.feedLen):]
	var copied []simItem
	if s.copyOf >= 0 {
		o := f.srcs[s.copyOf].items
		copied = append(copied, o[max(0, len(o)-5):]...)
	}
	fetch := s.fetches
	f.mu.Unlock()

	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>Desk %d</title><link>http://desk%d.example/</link>`, id, id)
	write := func(src, seq int, pub time.Time, copy bool) {
		guid := fmt.Sprintf("d%d-%d", src, seq)
		link := fmt.Sprintf("http://desk%d.example/a/%d", src, seq)
		if copy {
			guid, link = fmt.Sprintf("d%d-copy-%d-%d", id, src, seq), fmt.Sprintf("http://desk%d.example/wire/%d-%d", id, src, seq)
		}
		if s.rotate {
			guid += fmt.Sprintf("-r%d", fetch)
			link += fmt.Sprintf("?sessionid=%d", fetch)
		}
		title, text := itemText(src, seq)
		fmt.Fprintf(&b, "<item><title>%s</title><link>%s</link><guid>%s</guid><description>%s</description><pubDate>%s</pubDate></item>\n",
			title, link, guid, text, pub.Format(time.RFC1123Z))
	}
	sorted := append([]simItem(nil), items...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].pub.After(sorted[j].pub) })
	for _, it := range sorted {
		write(id, it.seq, it.pub, false)
	}
	for _, it := range copied {
		write(s.copyOf, it.seq, it.pub, true)
	}
	b.WriteString("</channel></rss>")
	body := b.String()
	sum := sha256.Sum256([]byte(body))
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "application/rss+xml")
	fmt.Fprint(w, body)
}

// words make each item's text its own, so items cluster into stories only
// when they are copies.
var words = strings.Fields(`officials said the government would review agreement border trade
minister talks parliament vote budget reform army police court judge election campaign
protest strike port harbour railway bridge grain oil gas pipeline power grid drought flood
harvest refugees camp hospital school village city province capital region coast island
mountain river valley desert frontier corridor summit envoy delegation treaty accord deal
ceasefire truce offensive shelling drone missile convoy checkpoint patrol raid arrest
sanctions tariffs exports imports inflation currency bank loan debt bond market shares`)

// itemText is the title and text of a source's item, the same for a copy.
func itemText(src, seq int) (string, string) {
	rng := rand.New(rand.NewPCG(uint64(src), uint64(seq)))
	pick := func(n int) string {
		out := make([]string, n)
		for i := range out {
			out[i] = words[rng.IntN(len(words))]
		}
		return strings.Join(out, " ")
	}
	title := fmt.Sprintf("%s %s", strings.ToUpper(pick(1)[:1])+pick(6), fmt.Sprint(seq))
	text := sentences[rng.IntN(len(sentences))] + " " + pick(40) + ". " + pick(30) + "."
	return title, text
}
