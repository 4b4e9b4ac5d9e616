-- Why each article is in its story (path, similarity, shared entities, time
-- gap), as the story stage decided it, for `aggregator explain`.
ALTER TABLE articles ADD COLUMN join_info TEXT NOT NULL DEFAULT '';
