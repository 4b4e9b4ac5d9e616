-- The news time of a story (newsTimeCol: the newest of its articles'
-- publication times, clamped to their fetch times) is read for every story
-- a write group touches, to update its topic membership. Through
-- articles_story that read visited every article of the story, so a story
-- of hundreds of articles cost hundreds of heap rows a group (a third of
-- PostgreSQL's time in a cold round of scripts/bench-fleet.sh). Indexed by
-- story and that expression, the max is one step of a backward index scan.
-- The index leads with story_id, so it serves every lookup by story that
-- articles_story served, and replaces it: an insert maintains one index
-- for the two.
CREATE INDEX articles_story_news ON articles (story_id, (CASE WHEN published > 0 AND published < fetched_at THEN published ELSE fetched_at END));
DROP INDEX articles_story;
