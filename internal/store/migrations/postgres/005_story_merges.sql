-- SQLite's migration 027 (see migrations/sqlite/027_story_merges.sql): a
-- story found to report the event of an earlier story is recorded as merged
-- into it, with why (JSON) for explain.
ALTER TABLE stories ADD COLUMN merged_into BIGINT REFERENCES stories(id) ON DELETE SET NULL;
ALTER TABLE stories ADD COLUMN merge_info TEXT NOT NULL DEFAULT '';
CREATE INDEX stories_merged_into ON stories(merged_into) WHERE merged_into IS NOT NULL;
