-- SQLite's migration 026 (see migrations/sqlite/026_source_hosts.sql): each
-- source's host, and an index of the leased rows by host, so that a claim can
-- count a host's live leases fleet-wide.
ALTER TABLE sources ADD COLUMN host TEXT NOT NULL DEFAULT '';
CREATE INDEX sources_leased_host ON sources(host, lease_until) WHERE claimed_by <> '';

-- aggregator_claim_sources is claimBatch on PostgreSQL (internal/store/
-- claims.go says what it decides). It is a function so that its two steps
-- are one statement for the client: it first takes a transaction advisory
-- lock that every claim takes, then claims. In READ COMMITTED each statement
-- of a function sees what was committed when it starts, so the claim counts
-- every lease committed by the claims before it: two fetchers can never both
-- see a host free and together exceed per_host. The lock is held until the
-- claim commits, a few milliseconds; state writes that end leases do not take
-- it (a lease ended late only makes a claim more careful).
CREATE FUNCTION aggregator_claim_sources(p_owner TEXT, p_until BIGINT, p_force BOOLEAN, p_now BIGINT,
		p_per_host INTEGER, p_ids TEXT[]) RETURNS SETOF sources LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_advisory_xact_lock(107096745050115); -- 0x61676772_0003: "aggr", 3
	RETURN QUERY
	WITH cand AS (
		SELECT s.id, s.host FROM sources s
		WHERE s.id = ANY(p_ids) AND (p_force OR (s.disabled = 0 AND s.next_due <= p_now))
			AND (s.lease_until < p_now OR s.claimed_by = p_owner)
		FOR UPDATE SKIP LOCKED
	), ranked AS (
		SELECT c.id, c.host, row_number() OVER (PARTITION BY c.host ORDER BY c.id) AS rn FROM cand c
	), live AS (
		SELECT s.host, count(*) FILTER (WHERE s.claimed_by <> p_owner) AS others, count(*) AS total
		FROM sources s
		WHERE s.claimed_by <> '' AND s.lease_until >= p_now AND s.host IN (SELECT c.host FROM cand c)
		GROUP BY s.host
	)
	UPDATE sources s SET claimed_by = p_owner, lease_until = p_until
	FROM ranked r LEFT JOIN live l ON l.host = r.host
	WHERE s.id = r.id AND (p_per_host <= 0 OR r.host = '' OR coalesce(l.others, 0) = 0
		OR coalesce(l.total, 0) + r.rn <= p_per_host)
	RETURNING s.*;
END
$$;
