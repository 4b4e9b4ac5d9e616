package pipeline

// noteRotation logs, once per source for the life of the process, that a
// feed lists items it already carries under new GUIDs or URLs (session
// parameters, per-fetch ids). The store recognizes the repeats by canonical
// URL or content and stores each item once; the log line tells the operator
// why the feed's items look new every fetch yet add nothing.
func (p *Pipeline) noteRotation(sourceID string, rotated int) {
	if rotated == 0 {
		return
	}
	if _, logged := p.rotating.LoadOrStore(sourceID, true); logged {
		return
	}
	p.log.Warn("source rotates item identifiers (GUIDs or URL parameters change between fetches): repeats are recognized by URL or content and stored once",
		"source", sourceID, "items", rotated)
}
