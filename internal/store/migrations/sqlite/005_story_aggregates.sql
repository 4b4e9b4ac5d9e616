-- What topic rules ask of a story — the union of its articles' tags and its
-- outlets with their languages — kept on the story itself and updated as
-- articles join, so evaluating topics reads one row however many outlets
-- carried the story (re-reading every article made a wire story carried by
-- fifty sites cost fifty times as much on each new copy).
ALTER TABLE stories ADD COLUMN tags TEXT NOT NULL DEFAULT '';
ALTER TABLE stories ADD COLUMN outlets TEXT NOT NULL DEFAULT ''; -- "source/language" words
UPDATE stories SET
    tags = coalesce((SELECT group_concat(tags, ' ') FROM articles WHERE story_id = stories.id), ''),
    outlets = coalesce((SELECT group_concat(source_id || '/' || language, ' ') FROM articles WHERE story_id = stories.id), '');
