-- Issue 13, steady state. The hash of an item's bytes as its feed sent them,
-- kept with the article (or the sighting) it became: a changed feed re-sends
-- its old items byte for byte, and one lookup of these hashes per feed finds
-- them before gofeed parses them, so an unchanged item costs no parsing, no
-- normalizing, no tagging and no write. Empty when the feed could not be cut
-- into items (its items are then recognized by GUID, as before).
ALTER TABLE articles ADD COLUMN raw_hash TEXT NOT NULL DEFAULT '';
CREATE INDEX articles_source_raw_hash ON articles(source_id, raw_hash) WHERE raw_hash <> '';
ALTER TABLE sightings ADD COLUMN raw_hash TEXT NOT NULL DEFAULT '';
CREATE INDEX sightings_source_raw_hash ON sightings(source_id, raw_hash) WHERE raw_hash <> '';
