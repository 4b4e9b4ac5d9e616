-- Sources and what the fetcher remembers about them.
CREATE TABLE sources (
    id            TEXT PRIMARY KEY,
    url           TEXT NOT NULL,              -- current URL (permanent redirects update it)
    config_url    TEXT NOT NULL DEFAULT '',   -- URL as configured; a config change resets url
    name          TEXT NOT NULL DEFAULT '',
    language      TEXT NOT NULL DEFAULT '',
    configured    INTEGER NOT NULL DEFAULT 1, -- 0 once removed from sources.yaml (rows stay for history)
    etag          TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    body_hash     TEXT NOT NULL DEFAULT '',
    last_fetch    INTEGER NOT NULL DEFAULT 0,
    last_success  INTEGER NOT NULL DEFAULT 0,
    last_status   INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT NOT NULL DEFAULT '',
    error_count   INTEGER NOT NULL DEFAULT 0,
    next_due      INTEGER NOT NULL DEFAULT 0,
    disabled      INTEGER NOT NULL DEFAULT 0, -- set by the fetcher on 410 Gone
    feed_title    TEXT NOT NULL DEFAULT '',
    feed_link     TEXT NOT NULL DEFAULT ''
);

-- A story is a cluster of articles reporting the same thing.
CREATE TABLE stories (
    id              INTEGER PRIMARY KEY,
    key             TEXT NOT NULL UNIQUE,     -- stable public id
    title           TEXT NOT NULL,
    lead_article_id INTEGER,
    first_seen      INTEGER NOT NULL,
    updated         INTEGER NOT NULL
);
CREATE INDEX stories_updated ON stories(updated DESC);

CREATE TABLE articles (
    id            INTEGER PRIMARY KEY,
    source_id     TEXT NOT NULL REFERENCES sources(id),
    guid          TEXT NOT NULL,
    url           TEXT NOT NULL,
    canonical_url TEXT NOT NULL,
    title         TEXT NOT NULL,
    summary       TEXT NOT NULL,
    content_html  TEXT NOT NULL,
    text          TEXT NOT NULL,
    author        TEXT NOT NULL,
    language      TEXT NOT NULL,
    image_url     TEXT NOT NULL,
    enclosures    TEXT NOT NULL,  -- JSON
    mentions      TEXT NOT NULL,  -- JSON evidence from the tagger
    published     INTEGER NOT NULL,
    updated       INTEGER NOT NULL,
    fetched_at    INTEGER NOT NULL,
    content_hash  TEXT NOT NULL,
    story_id      INTEGER NOT NULL REFERENCES stories(id),
    UNIQUE (source_id, guid)
);
CREATE INDEX articles_canonical ON articles(canonical_url) WHERE canonical_url <> '';
CREATE INDEX articles_hash ON articles(content_hash);
CREATE INDEX articles_story ON articles(story_id);
CREATE INDEX articles_fetched ON articles(fetched_at);

-- Every further time an exact duplicate was seen (another source, another URL).
CREATE TABLE sightings (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    source_id  TEXT NOT NULL,
    url        TEXT NOT NULL,
    seen_at    INTEGER NOT NULL,
    PRIMARY KEY (article_id, source_id, url)
) WITHOUT ROWID;

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    tag        TEXT NOT NULL,
    PRIMARY KEY (article_id, kind, tag)
) WITHOUT ROWID;
CREATE INDEX article_tags_tag ON article_tags(kind, tag);

-- Materialized topic membership: recomputed when a story or a topic rule changes,
-- so rendering a topic feed is one indexed query.
CREATE TABLE topic_stories (
    topic    TEXT NOT NULL,
    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    updated  INTEGER NOT NULL,
    PRIMARY KEY (topic, story_id)
) WITHOUT ROWID;
CREATE INDEX topic_stories_updated ON topic_stories(topic, updated DESC);
CREATE INDEX topic_stories_story ON topic_stories(story_id);

-- Full-text index for keyword rules and search.
CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id');
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
