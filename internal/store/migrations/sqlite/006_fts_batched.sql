-- The full-text index is fed once per ingest transaction (see Store.Ingest)
-- instead of by row triggers: FTS5 flushes its pending terms at every
-- statement savepoint, so a trigger made one index segment per article and
-- the merges that followed cost as much as the rest of the insert.
DROP TRIGGER articles_ai;
DROP TRIGGER articles_au;
