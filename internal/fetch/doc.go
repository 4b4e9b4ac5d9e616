// Package fetch is the aggregator's HTTP client for feeds: polite to the
// publishers it polls, resilient to the ways real feed servers misbehave, and
// fast enough for 10,000 sources. It knows nothing of SQL or feed parsing: it
// turns a Request (URL plus what was stored after the last fetch) into a
// Response (status, validators, a UTF-8 body or the reason there is none),
// and offers pure scheduling helpers (Backoff, Jitter, AdaptiveInterval) that
// the pipeline uses to decide when to come back.
//
// # Politeness
//
// Publishers pay for every request an aggregator makes. The choices here keep
// that cost as low as the data allows, and make us easy to identify:
//
//   - Conditional GET. The stored ETag and Last-Modified go out as
//     If-None-Match and If-Modified-Since; a 304 costs the server a header and
//     us nothing (Response.NotModified). For servers without validators, the
//     body hash (Response.BodyHash, SHA-256 of the decoded body) lets the
//     pipeline skip parsing an unchanged feed (Response.Unchanged).
//   - Compression. We ask for gzip, brotli and deflate and decode them
//     ourselves, so a 200 usually costs a fifth of its size on the wire.
//   - Identification. The User-Agent names the product and a URL
//     (DefaultUserAgent), so an operator whose server we bother can find us.
//     The Accept header asks for RSS, Atom and JSON Feed first.
//   - Concurrency. A global limit bounds our own load; a per-host limit
//     (default 2, keyed by host:port) bounds what we do to any one publisher,
//     which matters because outlets serve dozens of feeds from one host. A
//     request takes its host slot before a global slot, so requests queued
//     for a slow host hold no global slot and never stall other hosts. A
//     caller with a fixed worker pool should order its work with
//     InterleaveByHost, or its workers can still queue behind one host.
//   - Backing off. Backoff doubles the wait after each consecutive failure
//     (from 5 minutes, with jitter in the upper half so failures that
//     happened together do not retry together), capped at a day: a broken
//     feed costs the publisher one request a day and is never silently
//     abandoned. A 429 or 503 Retry-After (seconds or HTTP-date) is a lower
//     bound on the wait. 410 Gone is reported as ErrGone so the source can be
//     disabled instead of retried.
//   - Freshness hints. Cache-Control max-age and Expires (Response.MaxAge) and
//     the RSS <ttl> are treated as "do not come back sooner" by
//     AdaptiveInterval, within the operator's min/max bounds.
//   - Spreading. Jitter gives every source a stable offset within its period,
//     so 10,000 sources on "@every 15m" arrive as ~11 requests a second, not
//     10,000 in the first one.
//   - Redirects. Followed hop by hop (each hop takes its own host slot) up to
//     MaxRedirects; a loop is detected at the first repeated URL. Only a chain
//     made entirely of permanent redirects (301/308) that ends in success sets
//     Response.PermanentURL, so the stored URL moves only when the publisher
//     said so at every step. Cookies set during a redirect chain (consent and
//     bot walls) are kept for that chain only.
//
// # Resilience and safety
//
// Every Fetch runs under a total deadline (Options.Timeout) that covers all
// redirect hops and the body; time waiting for a slot does not count, but
// the caller's context does. Bodies are streamed and read at most to
// MaxBody decoded bytes (a Content-Length over the limit is refused before
// reading), so a gzip or brotli bomb costs at most MaxBody of memory and
// yields ErrTooLarge. Bodies are converted to UTF-8 from whatever the bytes
// are (BOM, then valid UTF-8, then the XML declaration, then the HTTP
// charset, then windows-1252), and the XML declaration is rewritten to UTF-8
// so the parser does not convert a second time.
//
// Unless Options.AllowPrivate is set, the dialer refuses loopback, private
// (RFC 1918, CGNAT, ULA), link-local (including the 169.254.169.254 metadata
// service), multicast, unspecified and reserved addresses, including those
// embedded in IPv4-mapped, NAT64 and 6to4 IPv6 addresses. The check runs in
// the dialer's Control function on the resolved address, so neither a DNS
// name pointing inside nor DNS rebinding nor a redirect can get past it. For
// the same reason no HTTP proxy from the environment is used.
package fetch
