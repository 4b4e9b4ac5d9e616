// Command feedsim serves many news feeds on loopback for load tests and
// benchmarks of the real binary: /f/N.xml is the (N / k)-th replay of the k-th
// saved feed in -corpus (hosts and titles changed so that replays are new
// articles), with a strong ETag, so pollers get 304s once they have it. It
// prints its base URL and serves until killed. -delay makes every answer wait,
// as real feed servers do, so that a fleet benchmark measures fetchers that
// spend their time waiting rather than parsing (scripts/bench-fleet.sh).
// -changed serves every feed changed by one new item on top of what it sent
// before (a copy of its first item under a new title, link and GUID), under
// a new ETag: the steady state of a fetcher, where a changed feed re-sends
// what is stored already (as ../shared/bench/rounds.sh's "changed" round).
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

func main() {
	corpusDir := flag.String("corpus", "../shared/corpus/news", "directory of saved feeds")
	addr := flag.String("listen", "127.0.0.1:0", "address (loopback)")
	delay := flag.Duration("delay", 0, "wait this long before answering each request")
	changed := flag.Bool("changed", false, "serve every feed with one new item on top (and a new ETag)")
	flag.Parse()
	var corpus [][]byte
	files, _ := filepath.Glob(filepath.Join(*corpusDir, "*.xml"))
	for _, f := range files {
		if b, err := os.ReadFile(f); err == nil && len(bytes.TrimSpace(b)) > 0 {
			corpus = append(corpus, b)
		}
	}
	if len(corpus) == 0 {
		log.Fatalf("feedsim: no feeds in %s", *corpusDir)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("http://%s/\n", ln.Addr())
	log.Fatal(http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/f/"), ".xml"))
		if err != nil || n < 0 {
			http.NotFound(w, r)
			return
		}
		if *delay > 0 {
			select {
			case <-time.After(*delay):
			case <-r.Context().Done():
				return
			}
		}
		k, rep := n%len(corpus), n/len(corpus)
		etag := fmt.Sprintf(`"%d-%d"`, k, rep)
		if *changed {
			etag = fmt.Sprintf(`"%d-%d-changed"`, k, rep)
		}
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		tag := "r" + strconv.Itoa(rep)
		body := bytes.ReplaceAll(corpus[k], []byte("://"), []byte("://"+tag+"."))
		body = bytes.ReplaceAll(body, []byte("<title>"), []byte("<title>"+tag+" "))
		if *changed {
			body = withNewItem(body)
		}
		w.Write(body)
	})))
}

// ids are the elements that identify an item: a copy gets new ones.
var ids = regexp.MustCompile(`<(guid|id)([^>]*)>`)

// withNewItem returns body with a copy of its first item (RSS) or entry
// (Atom) put before it, retitled, relinked and with a new GUID or id; a
// body with neither is returned as it is.
func withNewItem(body []byte) []byte {
	for _, el := range []string{"item", "entry"} {
		i := bytes.Index(body, []byte("<"+el+">"))
		if j := bytes.Index(body, []byte("<"+el+" ")); j >= 0 && (i < 0 || j < i) {
			i = j
		}
		if i < 0 {
			continue
		}
		n := bytes.Index(body[i:], []byte("</"+el+">"))
		if n < 0 {
			continue
		}
		item := bytes.Clone(body[i : i+n+len("</"+el+">")])
		item = bytes.ReplaceAll(item, []byte("<title>"), []byte("<title>new "))
		item = bytes.ReplaceAll(item, []byte("://"), []byte("://new."))
		item = ids.ReplaceAll(item, []byte("<$1$2>new-"))
		out := make([]byte, 0, len(body)+len(item))
		out = append(append(append(out, body[:i]...), item...), body[i:]...)
		return out
	}
	return body
}
