-- aggregator_claim_batch is aggregator_claim_sources (migration 004) that
-- also answers, in the same statement, which of the ids it left only for
-- their host's limit (host_busy): before, a claim that lost any id asked
-- for those in a second statement (stillClaimable), a round trip for most
-- claims of a fleet (three fetchers: 891 claims and ~400 such reads in one
-- changed round of scripts/bench-fleet.sh). It returns the fetch state's
-- columns only, not whole rows.
--
-- It also holds the fleet-wide claim lock for less. It first locks the
-- rows it may claim (due and free, FOR UPDATE SKIP LOCKED), without the
-- claim lock: no other claim can take them now, and none counts them
-- until they are leased. Only then, and only when there is a row to claim
-- and a per-host limit to count (p_per_host > 0), it takes the claim lock
-- and counts the hosts' live leases and leases what the limit allows, in
-- a statement that sees every claim committed before it. In a fleet most
-- claims ask for sources another fetcher has just fetched or holds: those
-- now cost no turn of the lock at all.
--
-- A row locked by another transaction at that moment (another fetcher's
-- claim, or the write that records a fetch and moves next_due) is skipped
-- and reported as neither won nor busy: whoever holds it fetches it or has.
--
-- aggregator_claim_sources stays, unchanged, for the fetchers of an older
-- release still running during a rolling upgrade: both take the same lock,
-- so together they keep per_host as either alone.
CREATE FUNCTION aggregator_claim_batch(p_owner TEXT, p_until BIGINT, p_force BOOLEAN, p_now BIGINT,
		p_per_host INTEGER, p_ids TEXT[])
	RETURNS TABLE (id TEXT, url TEXT, etag TEXT, last_modified TEXT, body_hash TEXT, last_fetch BIGINT,
		last_success BIGINT, last_status INTEGER, last_error TEXT, error_count INTEGER, next_due BIGINT,
		disabled INTEGER, feed_title TEXT, feed_link TEXT, item_hashes TEXT, host_busy BOOLEAN)
	LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
	v_cand TEXT[];
BEGIN
	SELECT array_agg(c.id) INTO v_cand FROM (
		SELECT s.id FROM sources s
		WHERE s.id = ANY(p_ids) AND (p_force OR (s.disabled = 0 AND s.next_due <= p_now))
			AND (s.lease_until < p_now OR s.claimed_by = p_owner)
		FOR UPDATE SKIP LOCKED
	) c;
	IF v_cand IS NULL THEN
		RETURN; -- nothing claimable: no turn of the claim lock
	END IF;
	IF p_per_host > 0 THEN
		PERFORM pg_advisory_xact_lock(107096745050115); -- 0x61676772_0003: "aggr", 3, as migration 004's
	END IF;
	RETURN QUERY
	WITH cand AS (
		SELECT s.id, s.host FROM sources s WHERE s.id = ANY(v_cand)
	), ranked AS (
		SELECT c.id, c.host, row_number() OVER (PARTITION BY c.host ORDER BY c.id) AS rn FROM cand c
	), live AS (
		SELECT s.host, count(*) FILTER (WHERE s.claimed_by <> p_owner) AS others, count(*) AS total
		FROM sources s
		WHERE p_per_host > 0 AND s.claimed_by <> '' AND s.lease_until >= p_now
			AND s.host IN (SELECT c.host FROM cand c WHERE c.host <> '')
		GROUP BY s.host
	), decided AS (
		SELECT r.id, (p_per_host > 0 AND r.host <> '' AND coalesce(l.others, 0) > 0
			AND coalesce(l.total, 0) + r.rn > p_per_host) AS busy
		FROM ranked r LEFT JOIN live l ON l.host = r.host
	), won AS (
		UPDATE sources s SET claimed_by = p_owner, lease_until = p_until
		FROM decided d WHERE s.id = d.id AND NOT d.busy
		RETURNING s.id, s.url, s.etag, s.last_modified, s.body_hash, s.last_fetch, s.last_success, s.last_status,
			s.last_error, s.error_count, s.next_due, s.disabled, s.feed_title, s.feed_link, s.item_hashes
	)
	SELECT w.*, false FROM won w
	UNION ALL
	SELECT d.id, '', '', '', '', 0::BIGINT, 0::BIGINT, 0, '', 0, 0::BIGINT, 0, '', '', '', true FROM decided d WHERE d.busy;
END
$$;
