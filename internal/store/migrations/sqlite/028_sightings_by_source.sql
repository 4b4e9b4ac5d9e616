-- Sightings kept in the order of their source, not of their article. A
-- source's sightings are written together (its feed's write group), and
-- in article order they were spread over the whole table: a cold round's
-- write groups each changed a page per sighting, and wrote it whole to the
-- WAL at commit and again at the checkpoint. In source order a group's
-- sightings fill a few adjacent pages; the index by article is small.
CREATE TABLE sightings_by_source (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    source_id  TEXT NOT NULL,
    url        TEXT NOT NULL,
    seen_at    INTEGER NOT NULL,
    guid       TEXT NOT NULL DEFAULT '',
    raw_hash   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (source_id, article_id)
) WITHOUT ROWID;
INSERT INTO sightings_by_source (article_id, source_id, url, seen_at, guid, raw_hash)
    SELECT article_id, source_id, url, seen_at, guid, raw_hash FROM sightings;
DROP TABLE sightings;
ALTER TABLE sightings_by_source RENAME TO sightings;
CREATE INDEX sightings_article ON sightings(article_id);
CREATE INDEX sightings_source_guid ON sightings(source_id, guid);
CREATE INDEX sightings_source_raw_hash ON sightings(source_id, raw_hash) WHERE raw_hash <> '';
