-- The GUID under which a source carried another source's article (a
-- sighting), so that the story stage's one lookup per feed recognizes it on
-- the next fetch as already stored and unchanged, like the source's own
-- articles: the syndicated copies a changed feed re-sends cost no tagging
-- and no write.
ALTER TABLE sightings ADD COLUMN guid TEXT NOT NULL DEFAULT '';
CREATE INDEX sightings_source_guid ON sightings(source_id, guid);
