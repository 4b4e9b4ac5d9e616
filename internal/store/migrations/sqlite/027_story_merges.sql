-- Issue 13, stories that split early are joined again: a story found to
-- report the event of an earlier story is recorded as merged into it. Its
-- feed item stays where it was published and points to the earlier story;
-- new articles join the earlier one. merge_info is JSON, why the story
-- stage merged them (similarity, shared taxonomy ids, time gap), for
-- `aggregator explain`. A merged story's earlier story is pruned before it
-- (it is older): the reference is then cleared.
ALTER TABLE stories ADD COLUMN merged_into INTEGER REFERENCES stories(id) ON DELETE SET NULL;
ALTER TABLE stories ADD COLUMN merge_info TEXT NOT NULL DEFAULT '';
CREATE INDEX stories_merged_into ON stories(merged_into) WHERE merged_into IS NOT NULL;
