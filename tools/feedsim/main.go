// Command feedsim serves many news feeds on loopback for load tests and
// benchmarks of the real binary: /f/N.xml is the (N / k)-th replay of the k-th
// saved feed in -corpus (hosts and titles changed so that replays are new
// articles), with a strong ETag, so pollers get 304s once they have it. It
// prints its base URL and serves until killed. -delay makes every answer wait,
// as real feed servers do, so that a fleet benchmark measures fetchers that
// spend their time waiting rather than parsing (scripts/bench-fleet.sh).
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
	"strconv"
	"strings"
	"time"
)

func main() {
	corpusDir := flag.String("corpus", "../shared/corpus/news", "directory of saved feeds")
	addr := flag.String("listen", "127.0.0.1:0", "address (loopback)")
	delay := flag.Duration("delay", 0, "wait this long before answering each request")
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
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		tag := "r" + strconv.Itoa(rep)
		body := bytes.ReplaceAll(corpus[k], []byte("://"), []byte("://"+tag+"."))
		w.Write(bytes.ReplaceAll(body, []byte("<title>"), []byte("<title>"+tag+" ")))
	})))
}
