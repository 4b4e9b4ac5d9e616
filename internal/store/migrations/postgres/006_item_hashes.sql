-- The raw hashes of the items of a source's last stored fetch (ingest's
-- item hashes, space-separated): the next fetch leaves the items it re-sends
-- byte for byte out of the parse by comparing with them, without a lookup.
ALTER TABLE sources ADD COLUMN item_hashes TEXT NOT NULL DEFAULT '';
