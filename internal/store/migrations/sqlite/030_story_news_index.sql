-- The news time of a story (newsTimeCol: the newest of its articles'
-- publication times, clamped to their fetch times) is read for every story
-- a write group touches, to update its topic membership. Through
-- articles_story that read visited every article row of the story, so a
-- story of a thousand articles cost a thousand row reads a group (the
-- changed round of ../shared/bench/rounds.sh, whose thousand new items make
-- two stories: 0.17 of its 2.4 CPU-seconds). Indexed by story and that
-- expression, the read stays in the index (SQLite: a covering index search).
-- The index leads with story_id, so it serves every lookup by story that
-- articles_story served, and replaces it, as PostgreSQL's 007 does.
CREATE INDEX articles_story_news ON articles (story_id, (CASE WHEN published > 0 AND published < fetched_at THEN published ELSE fetched_at END));
DROP INDEX articles_story;
