-- Fetch work shared through the database (run -role fetch, any number of
-- them): a fetcher claims a due source by writing its name and a lease
-- expiry; another fetcher takes the source only once the lease has expired,
-- so a fetcher that dies loses its claims after the lease.
ALTER TABLE sources ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;

-- A change counter per topic feed, bumped by the node that changed the
-- feed's stories or membership. Web nodes read this small table every few
-- seconds and re-render only the feeds whose counter moved.
CREATE TABLE topic_versions (
    topic   TEXT PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 0
);
