-- Tags move from one row per tag (two b-tree inserts each, about fifteen per
-- article with the region roll-up) to one column of "kind:tag" words: ingest
-- writes one value, and reading a story's tags is part of reading its articles.
-- Nothing queried articles by tag; topic membership is materialized.
ALTER TABLE articles ADD COLUMN tags TEXT NOT NULL DEFAULT '';
UPDATE articles SET tags = coalesce((SELECT group_concat(kind || ':' || tag, ' ') FROM article_tags WHERE article_id = articles.id), '');
DROP TABLE article_tags;
