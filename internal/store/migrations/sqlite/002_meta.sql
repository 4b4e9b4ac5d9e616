-- Small facts about the database itself, e.g. the fingerprint of the topic
-- rules and taxonomy that topic membership was last computed with.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
