package fetch

import (
	"net/url"

	"github.com/intlwire/aggregator/internal/urlkit"
)

// InterleaveByHost returns the indexes of urls in an order that takes one
// URL from each host in turn (hosts in order of first appearance, URLs of a
// host in their original order). A fixed pool of workers that takes its work
// in this order spreads over hosts instead of piling up behind one host's
// per-host limit: with 20 BBC feeds listed together and PerHost 2, workers
// would otherwise sit idle in the queue for the BBC host while other hosts
// wait. Callers that start one goroutine per fetch do not need it; the
// Client's limiter already lets other hosts through.
func InterleaveByHost(urls []string) []int {
	var hosts []string
	byHost := map[string][]int{}
	for i, raw := range urls {
		key := raw
		if u, err := url.Parse(raw); err == nil && u.Host != "" {
			key = urlkit.HostKey(u)
		}
		if _, seen := byHost[key]; !seen {
			hosts = append(hosts, key)
		}
		byHost[key] = append(byHost[key], i)
	}
	out := make([]int, 0, len(urls))
	for round := 0; len(out) < len(urls); round++ {
		for _, h := range hosts {
			if idx := byHost[h]; round < len(idx) {
				out = append(out, idx[round])
			}
		}
	}
	return out
}
