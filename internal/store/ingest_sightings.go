package store

import (
	"context"
	"strings"
)

// SQLite's sightings are written many rows a statement. A cold round of
// 1,000 copies of forty feeds records 37,800 exact duplicates, and one
// INSERT each was a fifth of the writer's CPU time: the statement's
// binding, step and reset, not the rows. Nothing in the ingest transaction
// reads sightings, so they wait until the group's end (flushSightings).

// sightingChunks are the row counts of the multi-row inserts, largest
// first: a group's sightings go in as many of the largest as fit, the rest
// in smaller ones (at most three of each), each statement prepared once.
var sightingChunks = [...]int{256, 64, 16, 4, 1}

// insertSightingsRowsSQL is the insert of n sightings, as insertSighting
// inserts one.
func insertSightingsRowsSQL(n int) string {
	return `INSERT INTO sightings (` + insertSightingCols + `) VALUES (?, ?, ?, ?, ?, ?)` +
		strings.Repeat(`, (?, ?, ?, ?, ?, ?)`, n-1) + ` ON CONFLICT DO NOTHING`
}

// sightingArgs is how many arguments one sighting takes.
const sightingArgs = 6

// sighting queues, on SQLite, an exact duplicate's sighting for
// flushSightings.
func (w *writer) sighting(articleID int64, sourceID, url string, seenAt int64, guid, rawHash string) {
	w.sightings = append(w.sightings, articleID, sourceID, url, seenAt, guid, rawHash)
}

// flushSightings writes the queued sightings in queue order (a sighting
// that conflicts with an earlier one is dropped, as one by one).
func (w *writer) flushSightings(ctx context.Context) error {
	args := w.sightings
	for i, n := range sightingChunks {
		for len(args) >= n*sightingArgs {
			if _, err := w.insertSightings[i].ExecContext(ctx, args[:n*sightingArgs]...); err != nil {
				return err
			}
			args = args[n*sightingArgs:]
		}
	}
	w.sightings = w.sightings[:0]
	return nil
}
