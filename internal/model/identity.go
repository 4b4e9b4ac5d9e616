package model

// minIdentifyingText is the shortest title+text (in bytes) whose content hash
// identifies an article: shorter ones ("Live updates", an empty item) are too
// common to say that two items are the same report.
const minIdentifyingText = 40

// ContentKey is the content hash by which an article is the same report as
// another stored under any source or GUID, or "" when its text is too short
// to identify it. The store looks duplicates up by it, and the story stage
// asks before any expensive step whether it is stored already.
func (a *Article) ContentKey() string {
	if len(a.Title)+len(a.Text) < minIdentifyingText {
		return ""
	}
	return a.ContentHash
}
