package urlkit

import "testing"

// TestCanonicalPairs checks real-world link variants: pairs that show the
// same page must canonicalize to the same key, pairs that show different
// pages must not.
func TestCanonicalPairs(t *testing.T) {
	const (
		bbcSite = "https://www.bbc.co.uk/news/world"
		ajFeed  = "https://www.aljazeera.com/xml/rss/all.xml"
	)
	tests := []struct {
		name     string
		a, aBase string
		b, bBase string
		same     bool
	}{
		// BBC
		{"bbc at_medium", "https://www.bbc.co.uk/news/world-middle-east-58943252?at_medium=RSS&at_campaign=KARANGA", "", "https://www.bbc.co.uk/news/world-middle-east-58943252", "", true},
		{"bbc .com vs .co.uk", "https://www.bbc.com/news/world-middle-east-58943252", "", "https://www.bbc.co.uk/news/world-middle-east-58943252", "", true},
		{"bbc amp path", "https://www.bbc.co.uk/news/amp/world-middle-east-58943252", "", "https://www.bbc.co.uk/news/world-middle-east-58943252", "", true},
		{"bbc .amp suffix", "https://www.bbc.com/news/world-middle-east-58943252.amp", "", "https://www.bbc.co.uk/news/world-middle-east-58943252", "", true},
		{"bbc mobile host", "http://m.bbc.co.uk/news/world-middle-east-58943252", "", "https://www.bbc.co.uk/news/world-middle-east-58943252", "", true},
		{"bbc relative against site link", "/news/world-middle-east-58943252", bbcSite, "https://www.bbc.co.uk/news/world-middle-east-58943252#comments", "", true},
		{"bbc different articles", "https://www.bbc.co.uk/news/world-middle-east-58943252", "", "https://www.bbc.co.uk/news/world-middle-east-58943253", "", false},
		// Reuters
		{"reuters outputType amp", "https://www.reuters.com/world/middle-east/syria-strikes-2021-10-16/?outputType=amp", "", "https://www.reuters.com/world/middle-east/syria-strikes-2021-10-16/", "", true},
		{"reuters edition host", "https://uk.reuters.com/article/us-syria-security-idUSKBN2H60X1", "", "https://www.reuters.com/article/us-syria-security-idUSKBN2H60X1", "", true},
		{"reuters uk host tracking", "https://uk.reuters.com/article/us-syria-security-idUSKBN2H60X1?utm_source=twitter&utm_medium=social", "", "https://www.reuters.com/article/us-syria-security-idUSKBN2H60X1", "", true},
		{"reuters trailing slash", "https://www.reuters.com/world/europe/eu-sanctions-2021-10-17/", "", "https://www.reuters.com/world/europe/eu-sanctions-2021-10-17", "", true},
		// AP
		{"ap tracking", "https://apnews.com/article/syria-damascus-bombing-7a3bf1d0?utm_source=Twitter&utm_campaign=SocialFlow&utm_medium=AP", "", "https://apnews.com/article/syria-damascus-bombing-7a3bf1d0", "", true},
		{"ap http vs https", "http://apnews.com/article/syria-damascus-bombing-7a3bf1d0", "", "https://apnews.com/article/syria-damascus-bombing-7a3bf1d0", "", true},
		{"ap different slug", "https://apnews.com/article/syria-damascus-bombing-7a3bf1d0", "", "https://apnews.com/article/syria-idlib-shelling-9c2e5d41", "", false},
		// Guardian
		{"guardian CMP", "https://www.theguardian.com/world/2021/oct/16/syria-talks-geneva?CMP=share_btn_tw", "", "https://www.theguardian.com/world/2021/oct/16/syria-talks-geneva", "", true},
		{"guardian amp host", "https://amp.theguardian.com/world/2021/oct/16/syria-talks-geneva", "", "https://www.theguardian.com/world/2021/oct/16/syria-talks-geneva", "", true},
		{"guardian old domain", "http://www.guardian.co.uk/world/2021/oct/16/syria-talks-geneva", "", "https://www.theguardian.com/world/2021/oct/16/syria-talks-geneva", "", true},
		{"guardian live vs report", "https://www.theguardian.com/world/live/2021/oct/16/syria-talks-geneva", "", "https://www.theguardian.com/world/2021/oct/16/syria-talks-geneva", "", false},
		// NYT
		{"nyt smid partner", "https://www.nytimes.com/2021/10/16/world/middleeast/syria-assad.html?smid=tw-share&partner=rss&emc=rss", "", "https://www.nytimes.com/2021/10/16/world/middleeast/syria-assad.html", "", true},
		{"nyt amp.html", "https://www.nytimes.com/2021/10/16/world/middleeast/syria-assad.amp.html", "", "https://www.nytimes.com/2021/10/16/world/middleeast/syria-assad.html", "", true},
		{"nyt mobile", "https://mobile.nytimes.com/2021/10/16/world/middleeast/syria-assad.html", "", "https://www.nytimes.com/2021/10/16/world/middleeast/syria-assad.html", "", true},
		// CNN
		{"cnn edition host", "https://edition.cnn.com/2021/10/16/us/robert-durst-covid-diagnosis/index.html", "", "https://www.cnn.com/2021/10/16/us/robert-durst-covid-diagnosis/index.html", "", true},
		{"cnn amp host with /cnn prefix", "https://amp.cnn.com/cnn/2021/10/16/us/robert-durst-covid-diagnosis/index.html", "", "https://www.cnn.com/2021/10/16/us/robert-durst-covid-diagnosis/index.html", "", true},
		{"cnn index.html vs dir", "https://www.cnn.com/2021/10/16/us/robert-durst-covid-diagnosis/", "", "https://www.cnn.com/2021/10/16/us/robert-durst-covid-diagnosis/index.html", "", true},
		{"cnn different stories", "https://www.cnn.com/2021/10/16/us/robert-durst-covid-diagnosis/index.html", "", "https://www.cnn.com/2021/10/14/us/robert-durst-sentencing/index.html", "", false},
		// Al Jazeera
		{"aljazeera amp segment", "https://www.aljazeera.com/amp/news/2021/10/17/saudi-led-coalition-houthi-marib", "", "https://www.aljazeera.com/news/2021/10/17/saudi-led-coalition-houthi-marib", "", true},
		{"aljazeera relative", "news/2021/10/17/saudi-led-coalition-houthi-marib", "https://www.aljazeera.com/", "https://www.aljazeera.com/news/2021/10/17/saudi-led-coalition-houthi-marib", "", true},
		{"aljazeera root-relative against feed", "/news/2021/10/17/saudi-led-coalition-houthi-marib?traffic_source=rss", ajFeed, "https://www.aljazeera.com/news/2021/10/17/saudi-led-coalition-houthi-marib", "", true},
		// DW
		{"dw maca tracking", "https://www.dw.com/en/syria-un-envoy/a-59520154?maca=en-rss-en-all-1573-rdf", "", "https://www.dw.com/en/syria-un-envoy/a-59520154", "", true},
		{"dw amp host", "https://amp.dw.com/en/syria-un-envoy/a-59520154", "", "https://www.dw.com/en/syria-un-envoy/a-59520154", "", true},
		{"dw different language", "https://www.dw.com/en/syria-un-envoy/a-59520154", "", "https://www.dw.com/de/syrien-un-gesandter/a-59520199", "", false},
		// France 24
		{"france24 amp host", "https://amp.france24.com/en/middle-east/20211016-syria-talks", "", "https://www.france24.com/en/middle-east/20211016-syria-talks", "", true},
		{"france24 xtor", "https://www.france24.com/en/middle-east/20211016-syria-talks?xtor=RSS-1", "", "https://www.france24.com/en/middle-east/20211016-syria-talks", "", true},
		{"france24 en vs fr", "https://www.france24.com/en/middle-east/20211016-syria-talks", "", "https://www.france24.com/fr/moyen-orient/20211016-syria-talks", "", false},
		// Google AMP cache and viewer
		{"google amp cache", "https://www-bbc-co-uk.cdn.ampproject.org/c/s/www.bbc.co.uk/news/amp/world-middle-east-58943252", "", "https://www.bbc.co.uk/news/world-middle-east-58943252", "", true},
		{"google amp viewer", "https://www.google.com/amp/s/www.theguardian.com/world/2021/oct/16/syria-talks-geneva", "", "https://www.theguardian.com/world/2021/oct/16/syria-talks-geneva", "", true},
		{"google amp cache cnn", "https://amp-cnn-com.cdn.ampproject.org/v/s/amp.cnn.com/cnn/2021/10/16/us/robert-durst-covid-diagnosis/index.html?amp_js_v=0.1", "", "https://edition.cnn.com/2021/10/16/us/robert-durst-covid-diagnosis/index.html", "", true},
		// Daily Mail (ns_* and ito), as in the saved feed
		{"dailymail ns_ and ito", "https://www.dailymail.co.uk/news/article-10100329/Up-17-Christian-missionaries.html?ns_mchannel=rss&ito=1490&ns_campaign=1490", "", "https://www.dailymail.co.uk/news/article-10100329/Up-17-Christian-missionaries.html", "", true},
		// MSN ocid, Facebook, Google Ads
		{"msn ocid", "https://www.msn.com/en-us/news/world/syria-strikes/ar-AAPtY1?ocid=msedgntp", "", "https://www.msn.com/en-us/news/world/syria-strikes/ar-AAPtY1", "", true},
		{"fbclid gclid", "https://www.france24.com/en/africa/20211017-sahel?fbclid=IwAR0abc&gclid=Cj0KCQ", "", "https://www.france24.com/en/africa/20211017-sahel", "", true},
		// Generic rules
		{"default https port", "https://www.aljazeera.com:443/news/2021/10/17/x", "", "https://www.aljazeera.com/news/2021/10/17/x", "", true},
		{"default http port", "http://www.aljazeera.com:80/news/2021/10/17/x", "", "https://www.aljazeera.com/news/2021/10/17/x", "", true},
		{"non-default port differs", "https://www.aljazeera.com:8443/news/2021/10/17/x", "", "https://www.aljazeera.com/news/2021/10/17/x", "", false},
		{"uppercase host and scheme", "HTTPS://WWW.ALJAZEERA.COM/news/2021/10/17/x", "", "https://www.aljazeera.com/news/2021/10/17/x", "", true},
		{"path case matters", "https://www.aljazeera.com/news/2021/10/17/X", "", "https://www.aljazeera.com/news/2021/10/17/x", "", false},
		{"query order", "https://example.org/story?b=2&a=1", "", "https://example.org/story?a=1&b=2&utm_source=rss", "", true},
		{"meaningful id differs", "https://example.org/article.php?id=1", "", "https://example.org/article.php?id=2", "", false},
		{"meaningful id same", "https://example.org/article.php?id=1&fbclid=x", "", "https://example.org/article.php?id=1", "", true},
		{"dot segments", "https://example.org/a/b/../story", "", "https://example.org/a/story", "", true},
		{"relative ../ link", "../world/story-1", "https://example.org/news/feed/", "https://example.org/news/world/story-1", "", true},
		{"scheme-relative", "//www.dw.com/en/syria-un-envoy/a-59520154", "https://www.dw.com/rss", "https://www.dw.com/en/syria-un-envoy/a-59520154", "", true},
		{"user info dropped", "https://user:pw@www.dw.com/en/a-1", "", "https://www.dw.com/en/a-1", "", true},
		{"international host", "https://bücher.example/nachrichten/1", "", "https://xn--bcher-kva.example/nachrichten/1", "", true},
		{"amp query flag", "https://example.org/news/story-1?amp", "", "https://example.org/news/story-1", "", true},
		{"amp=1 flag", "https://example.org/news/story-1?amp=1", "", "https://example.org/news/story-1", "", true},
		{"m. host without subdomain left alone", "https://m.me/page", "", "https://me/page", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := Canonical(tc.a, tc.aBase)
			b := Canonical(tc.b, tc.bBase)
			if a == "" || b == "" {
				t.Fatalf("empty canonical form: %q -> %q, %q -> %q", tc.a, a, tc.b, b)
			}
			if (a == b) != tc.same {
				t.Errorf("same=%v want %v\n  %q -> %q\n  %q -> %q", a == b, tc.same, tc.a, a, tc.b, b)
			}
		})
	}
	if len(tests) < 40 {
		t.Fatalf("only %d URL pairs, want at least 40", len(tests))
	}
}

// TestCanonicalExact pins the exact output for a few inputs, so the
// stored keys do not change by accident.
func TestCanonicalExact(t *testing.T) {
	tests := []struct{ raw, base, want string }{
		{"https://www.bbc.co.uk/news/world-58943252?at_medium=RSS", "", "https://bbc.co.uk/news/world-58943252"},
		{"HTTP://Example.ORG:80/a/./b/../c/?z=1&a=2&utm_source=x#frag", "", "https://example.org/a/c?a=2&z=1"},
		{"/news/x", "https://www.aljazeera.com/xml/rss/all.xml", "https://aljazeera.com/news/x"},
		{"https://example.org/search?q=syria+talks", "", "https://example.org/search?q=syria+talks"},
		{"https://example.org/", "", "https://example.org/"},
		{"http://[2001:db8::1]:8080/feed/item?id=3", "", "https://[2001:db8::1]:8080/feed/item?id=3"},
		{"https://www.google.co.uk/amp/s/www.dw.com/en/a-1?utm_source=x", "", "https://dw.com/en/a-1"},
	}
	for _, tc := range tests {
		if got := Canonical(tc.raw, tc.base); got != tc.want {
			t.Errorf("Canonical(%q, %q) = %q, want %q", tc.raw, tc.base, got, tc.want)
		}
	}
}

// TestCanonicalUnusable checks that links no reader could open give "".
func TestCanonicalUnusable(t *testing.T) {
	tests := []struct{ raw, base string }{
		{"", "https://example.org/"},
		{"   ", ""},
		{"mailto:desk@example.org", ""},
		{"javascript:void(0)", ""},
		{"/news/x", ""},                 // relative without a base
		{"/news/x", "not a url at all"}, // relative with a base that has no host
		{"ftp://example.org/file", ""},
		{"http://[::1", ""},
	}
	for _, tc := range tests {
		if got := Canonical(tc.raw, tc.base); got != "" {
			t.Errorf("Canonical(%q, %q) = %q, want empty", tc.raw, tc.base, got)
		}
	}
}
