-- Issue 16, per-host politeness across fetchers. The host (lower-case host
-- and port, as the fetcher's per-host limit counts it) of each source's
-- configured URL, so that a claim can count the live leases on a host; set by
-- SyncSources (rows from before this migration get it on the next start).
-- The partial index holds only the leased rows: counting a host's live
-- leases reads those, not the host's every source.
ALTER TABLE sources ADD COLUMN host TEXT NOT NULL DEFAULT '';
CREATE INDEX sources_leased_host ON sources(host, lease_until) WHERE claimed_by <> '';
