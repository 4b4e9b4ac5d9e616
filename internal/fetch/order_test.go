package fetch

import (
	"reflect"
	"testing"
)

func TestInterleaveByHost(t *testing.T) {
	urls := []string{
		"https://feeds.bbci.co.uk/news/world/rss.xml",    // 0
		"https://feeds.bbci.co.uk/news/uk/rss.xml",       // 1
		"https://FEEDS.bbci.co.uk:443/news/asia/rss.xml", // 2: same host
		"http://feeds.bbci.co.uk/news/rss.xml",           // 3: other port
		"https://www.aljazeera.com/xml/rss/all.xml",      // 4
		"https://rss.dw.com/rdf/rss-en-all",              // 5
		"https://www.aljazeera.com/other.xml",            // 6
		"not a url",                                      // 7
	}
	got := InterleaveByHost(urls)
	want := []int{0, 3, 4, 5, 7, 1, 6, 2}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if len(InterleaveByHost(nil)) != 0 {
		t.Fatal("nil input")
	}
}
