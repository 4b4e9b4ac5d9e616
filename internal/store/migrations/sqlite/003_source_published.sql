-- Adaptive polling counts a source's recent articles.
CREATE INDEX articles_source_published ON articles(source_id, published);
