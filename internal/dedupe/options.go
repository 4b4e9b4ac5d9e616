// Package dedupe finds duplicate articles: a MinHash/LSH index that groups
// near-duplicate articles (the same wire copy on several sites, a retitled
// update) into stories. The exact keys it relies on are computed elsewhere,
// in leaf packages every stage may import: canonical URLs by urlkit.Canonical
// and content hashes by textfold.ContentHash. It holds no SQL and does not
// import the store: the store keeps the keys, and the pipeline feeds the
// index.
package dedupe

import (
	"fmt"
	"time"
)

// Options configures a near-duplicate Index. The zero value of every field
// means the measured default; TestEval prints the sweep that chose them.
type Options struct {
	// Window is how far apart in time two articles may be and still join one
	// story. Default 72h.
	Window time.Duration
	// SameSourceWindow is the window for two articles of the same source.
	// An outlet that re-files a story under a new id does so within hours; a
	// near-identical item a day later is the next edition of a recurring
	// feature (a cartoon gallery, a daily case count), not the same story.
	// Default 12h.
	SameSourceWindow time.Duration
	// Threshold is the confirmed similarity (estimated Jaccard index of the
	// shingle sets of the leads or of the bodies) needed to join a story.
	// Default DefaultThreshold.
	Threshold float64
	// Bands and Rows shape the LSH: two articles become candidates when all
	// Rows MinHash values of any one band agree. Half the bands sketch the
	// lead, half the body. Defaults DefaultBands and DefaultRows.
	Bands, Rows int
	// Values is the number of MinHash values per window (at least
	// Bands/2*Rows): the bands use the first ones, the confirmation step
	// estimates similarity from all of them. Default DefaultValues.
	Values int
	// Shingle is the number of consecutive tokens (words, or characters in
	// Chinese, Japanese, Korean and Thai text) per shingle. Default 3.
	Shingle int
	// LeadTokens is the length of the lead window: the first tokens of the
	// text, without the title (syndicating sites retitle), with the title
	// only when the text is shorter than half the window. It lets a feed
	// summary (title and first sentence) match the full article. A negative
	// value turns the lead window off. Default DefaultLeadTokens.
	LeadTokens int
	// MaxTokens caps the body window: the title and the first MaxTokens
	// tokens of the text. It catches retitled updates with a new first
	// paragraph. Default DefaultMaxTokens.
	MaxTokens int
	// MinShingles is the smallest window that may match at all: a bare
	// headline such as "What we know so far" says too little. Default 6.
	MinShingles int
}

// The measured defaults; see TestEval for the sweep that supports them.
const (
	DefaultWindow           = 72 * time.Hour
	DefaultSameSourceWindow = 12 * time.Hour
	DefaultThreshold        = 0.55
	DefaultBands            = 16
	DefaultRows             = 3
	DefaultValues           = 48
	DefaultShingle          = 3
	DefaultLeadTokens       = 40
	DefaultMaxTokens        = 200
	DefaultMinShingles      = 6
)

// withDefaults returns o with zero fields replaced by the defaults and
// Values raised to what the bands need.
func (o Options) withDefaults() Options {
	if o.Window <= 0 {
		o.Window = DefaultWindow
	}
	if o.SameSourceWindow <= 0 {
		o.SameSourceWindow = DefaultSameSourceWindow
	}
	o.SameSourceWindow = min(o.SameSourceWindow, o.Window)
	if o.Threshold <= 0 {
		o.Threshold = DefaultThreshold
	}
	if o.Bands <= 0 {
		o.Bands = DefaultBands
	}
	if o.Rows <= 0 {
		o.Rows = DefaultRows
	}
	if o.Values <= 0 {
		o.Values = DefaultValues
	}
	if o.Shingle <= 0 {
		o.Shingle = DefaultShingle
	}
	if o.LeadTokens == 0 {
		o.LeadTokens = DefaultLeadTokens
	}
	if o.MaxTokens <= 0 {
		o.MaxTokens = DefaultMaxTokens
	}
	if o.MinShingles <= 0 {
		o.MinShingles = DefaultMinShingles
	}
	// A window holds at most 255 values (one byte in a stored sketch).
	o.Bands = min(o.Bands, 128)
	o.Rows = min(o.Rows, 16, 255/o.bodyBands())
	o.Values = min(max(o.Values, o.bodyBands()*o.Rows, o.leadBands()*o.Rows), 255)
	return o
}

// leadBands is the number of bands (the first ones) that sketch the lead.
func (o Options) leadBands() int {
	if o.LeadTokens < 0 {
		return 0
	}
	return o.Bands / 2
}

// bodyBands is the number of bands that sketch the body.
func (o Options) bodyBands() int { return o.Bands - o.leadBands() }

// bandValues returns where band b's values start in a signature: lead
// bands in the first Values, body bands in the second.
func (o Options) bandValues(b int) int {
	if lb := o.leadBands(); b >= lb {
		return o.Values + (b-lb)*o.Rows
	}
	return b * o.Rows
}

// String describes the options, for logs and the eval output.
func (o Options) String() string {
	return fmt.Sprintf("window=%s same_source_window=%s threshold=%.2f bands=%d rows=%d values=%d shingle=%d lead_tokens=%d max_tokens=%d min_shingles=%d",
		o.Window, o.SameSourceWindow, o.Threshold, o.Bands, o.Rows, o.Values, o.Shingle, o.LeadTokens, o.MaxTokens, o.MinShingles)
}
