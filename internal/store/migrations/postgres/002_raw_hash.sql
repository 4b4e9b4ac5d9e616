-- SQLite's migration 025 (see migrations/sqlite/025_raw_hash.sql): the hash
-- of an item's bytes as its feed sent them, on the article or the sighting it
-- became, so a changed feed's re-sent items are recognized before parsing.
ALTER TABLE articles ADD COLUMN raw_hash TEXT NOT NULL DEFAULT '';
CREATE INDEX articles_source_raw_hash ON articles(source_id, raw_hash) WHERE raw_hash <> '';
ALTER TABLE sightings ADD COLUMN raw_hash TEXT NOT NULL DEFAULT '';
CREATE INDEX sightings_source_raw_hash ON sightings(source_id, raw_hash) WHERE raw_hash <> '';
