-- Issue 17. Retention that remembers: a pruned article's identity (source +
-- GUID, canonical URL, content hash) stays as a tombstone while its feed may
-- still list it, so a re-listed item is not stored again as news.
-- last_seen moves forward whenever a feed lists the item again; tombstones
-- not listed for a while, and the oldest past a count, are deleted
-- (Store.ExpireTombstones), so the table is bounded too.
CREATE TABLE tombstones (
    source_id     TEXT NOT NULL,
    guid          TEXT NOT NULL,
    canonical_url TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    pruned_at     INTEGER NOT NULL,
    last_seen     INTEGER NOT NULL,
    PRIMARY KEY (source_id, guid)
);
CREATE INDEX tombstones_canonical_url ON tombstones(canonical_url) WHERE canonical_url <> '';
CREATE INDEX tombstones_content_hash ON tombstones(content_hash);
CREATE INDEX tombstones_last_seen ON tombstones(last_seen);

-- Sightings bounded: one row per article and source (the latest URL it
-- carried it under), not one per distinct URL — a feed that rotates session
-- parameters added a row per item per fetch.
CREATE TABLE sightings_bounded (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    source_id  TEXT NOT NULL,
    url        TEXT NOT NULL,
    seen_at    INTEGER NOT NULL,
    PRIMARY KEY (article_id, source_id)
) WITHOUT ROWID;
INSERT INTO sightings_bounded (article_id, source_id, url, seen_at)
    SELECT article_id, source_id, url, min(seen_at) FROM sightings GROUP BY article_id, source_id;
DROP TABLE sightings;
ALTER TABLE sightings_bounded RENAME TO sightings;
