package fetch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"time"

	"github.com/intlwire/aggregator/internal/urlkit"
)

// Request is one feed to fetch, with what was stored after the last fetch.
type Request struct {
	SourceID     string // for logs and metrics only
	URL          string // the feed URL (http or https)
	ETag         string // sent as If-None-Match when set
	LastModified string // sent as If-Modified-Since when set
	BodyHash     string // Response.BodyHash of the last body; equal → Unchanged
}

// Response is the outcome of one Fetch. Fetch always returns a non-nil
// Response, also with an error, so that status, duration, bytes and
// Retry-After can be recorded for failures too.
type Response struct {
	Status      int  // HTTP status of the final response; 0 when none arrived
	NotModified bool // 304: nothing to parse, nothing to store but fetch state
	// Unchanged is set for a 200 whose decoded body hashes to
	// Request.BodyHash: nothing to parse. Body is nil then.
	Unchanged bool
	// Body is the decoded (gzip/br/deflate) body converted to UTF-8, with its
	// XML declaration rewritten to say UTF-8. Nil for 304, Unchanged and errors.
	Body []byte
	// FinalURL is the URL of the final response, after redirects.
	FinalURL string
	// PermanentURL is set (to FinalURL) when at least one redirect was
	// followed, every hop was permanent (301 or 308) and the final response
	// succeeded: the stored feed URL should be updated to it.
	PermanentURL string
	// ETag and LastModified are the validators to store for the next
	// conditional GET: the response's own, or on a 304 that does not repeat
	// them, the request's.
	ETag, LastModified string
	// BodyHash identifies the decoded body (before charset conversion); store
	// it and pass it back in Request.BodyHash.
	BodyHash    string
	ContentType string // the response's Content-Type
	Charset     string // encoding the body was decoded from (e.g. "windows-1252")
	Bytes       int64  // body bytes read from the wire (compressed size)
	Redirects   int    // redirect hops followed
	// Duration is the time from sending the first request to the end of the
	// body; Queued is the time spent waiting for concurrency slots before that.
	Duration, Queued time.Duration
	// RetryAfter is the server's Retry-After (seconds or an
	// HTTP-date), 0 when absent.
	RetryAfter time.Duration
	// MaxAge is how long the server says the feed stays fresh
	// (Cache-Control max-age, else Expires); 0 when it does not say.
	MaxAge time.Duration
	// Truncated is set when the body exceeded MaxBody; the error is then
	// ErrTooLarge and Body is nil.
	Truncated bool
}

// Fetch performs one conditional GET of r.URL, following redirects up to the
// limit, and returns the decoded body or what prevented it. It waits for a
// per-host and a global slot (honouring ctx) and then runs under the total
// deadline Options.Timeout. Errors are prefixed "fetch:" and wrap the
// sentinels of this package (ErrGone via *StatusError, ErrTooLarge, ...),
// context errors and network errors.
func (c *Client) Fetch(ctx context.Context, r Request) (resp *Response, err error) {
	resp = &Response{}
	defer func() { c.opts.Metrics.observe(resp, err) }()

	cur, err := parseFeedURL(r.URL)
	if err != nil {
		return resp, err
	}
	visited := map[string]bool{cur.String(): true}
	permanent := true
	var jar *cookiejar.Jar // only when a redirect sets cookies (consent/bot walls)
	var sent time.Time
	defer func() { // runs before the metrics observation above
		if !sent.IsZero() {
			resp.Duration = time.Since(sent)
		}
	}()
	for {
		queued := time.Now()
		release, err := c.limits.acquire(ctx, urlkit.HostKey(cur))
		resp.Queued += time.Since(queued)
		if err != nil {
			return resp, fmt.Errorf("fetch: waiting for a connection slot: %w", err)
		}
		if sent.IsZero() {
			sent = time.Now()
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, c.opts.Timeout)
			defer cancel()
		}
		hr, err := c.send(ctx, cur, r, jar)
		if err != nil {
			release()
			return resp, c.networkError(ctx, cur, err)
		}
		resp.Status = hr.StatusCode
		resp.FinalURL = cur.String()
		if !isRedirect(hr.StatusCode) {
			err = c.safeFinish(hr, r, resp)
			release()
			if err == nil && resp.Redirects > 0 && permanent {
				resp.PermanentURL = resp.FinalURL
			}
			return resp, err
		}

		// A redirect: note it, free the slot, and go round again.
		if cookies := hr.Cookies(); len(cookies) > 0 {
			if jar == nil {
				jar, _ = cookiejar.New(nil)
			}
			jar.SetCookies(cur, cookies)
		}
		loc := hr.Header.Get("Location")
		discard(hr)
		release()
		if hr.StatusCode != http.StatusMovedPermanently && hr.StatusCode != http.StatusPermanentRedirect {
			permanent = false
		}
		if loc == "" {
			return resp, fmt.Errorf("%w (redirect without Location)", &StatusError{Status: hr.StatusCode})
		}
		next, err := cur.Parse(loc)
		if err != nil {
			return resp, fmt.Errorf("%w: redirect to %q: %v", ErrBadURL, loc, err)
		}
		if next.Scheme != "http" && next.Scheme != "https" {
			return resp, fmt.Errorf("%w: redirect to %q", ErrUnsupportedScheme, loc)
		}
		next.Fragment = ""
		resp.Redirects++
		if resp.Redirects > c.opts.MaxRedirects {
			return resp, fmt.Errorf("%w: more than %d, last to %s", ErrTooManyRedirects, c.opts.MaxRedirects, next)
		}
		key := next.String()
		if jar != nil {
			key += "\x00" + cookieKey(jar.Cookies(next))
		}
		if visited[key] {
			return resp, fmt.Errorf("%w: %s leads back to %s", ErrRedirectLoop, cur, next)
		}
		visited[key] = true
		cur = next
	}
}

// send issues one GET with the conditional and politeness headers.
func (c *Client) send(ctx context.Context, u *url.URL, r Request, jar *cookiejar.Jar) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadURL, err)
	}
	h := req.Header
	h.Set("User-Agent", c.opts.UserAgent)
	h.Set("Accept", acceptHeader)
	h.Set("Accept-Encoding", acceptEncoding)
	if r.ETag != "" {
		h.Set("If-None-Match", r.ETag)
	}
	if r.LastModified != "" {
		h.Set("If-Modified-Since", r.LastModified)
	}
	if jar != nil {
		for _, ck := range jar.Cookies(u) {
			req.AddCookie(ck)
		}
	}
	return c.http.Do(req)
}

// safeFinish is finish, with a panic in a decoder fed hostile bytes turned
// into an error: one bad feed must not take the daemon down or leak a slot.
func (c *Client) safeFinish(hr *http.Response, r Request, resp *Response) (err error) {
	defer func() {
		if p := recover(); p != nil {
			hr.Body.Close()
			resp.Body = nil
			err = fmt.Errorf("%w: internal error: %v", ErrBadEncoding, p)
		}
	}()
	return c.finish(hr, r, resp)
}

// finish reads the final (non-redirect) response into resp.
func (c *Client) finish(hr *http.Response, r Request, resp *Response) error {
	h := hr.Header
	now := time.Now()
	resp.ContentType = h.Get("Content-Type")
	resp.ETag = h.Get("ETag")
	resp.LastModified = h.Get("Last-Modified")
	switch {
	case hr.StatusCode == http.StatusNotModified:
		discard(hr)
		resp.NotModified = true
		if resp.ETag == "" {
			resp.ETag = r.ETag
		}
		if resp.LastModified == "" {
			resp.LastModified = r.LastModified
		}
		resp.BodyHash = r.BodyHash
		resp.MaxAge = parseMaxAge(h, now)
		resp.RetryAfter = parseRetryAfter(h, now)
		return nil
	case hr.StatusCode < 200 || hr.StatusCode > 299:
		if hr.StatusCode == http.StatusTooManyRequests || hr.StatusCode == http.StatusServiceUnavailable {
			resp.RetryAfter = parseRetryAfter(h, now)
		}
		resp.Bytes = discard(hr)
		return &StatusError{Status: hr.StatusCode}
	}
	defer hr.Body.Close()
	resp.MaxAge = parseMaxAge(h, now)
	// A Retry-After on a success is rare but means the same: not before.
	resp.RetryAfter = parseRetryAfter(h, now)
	body, err := c.readBody(hr, c.opts.MaxBody)
	defer c.putBuffer(body.buf)
	resp.Bytes = body.wire
	resp.Truncated = body.truncated
	if err != nil {
		return err
	}
	resp.BodyHash = hashBody(body.data)
	if r.BodyHash != "" && resp.BodyHash == r.BodyHash {
		resp.Unchanged = true
		return nil
	}
	out, cs, err := toUTF8(body.data, resp.ContentType)
	if err != nil {
		return err
	}
	if sameArray(out, body.data) {
		out = bytes.Clone(out) // still the pooled buffer: copy out, exactly sized
	}
	resp.Body, resp.Charset = out, cs
	return nil
}

// sameArray reports whether a and b share a backing array (a sub-slice of
// the other, as when only a byte order mark was cut off).
func sameArray(a, b []byte) bool {
	return cap(a) > 0 && cap(b) > 0 && &a[:cap(a)][cap(a)-1] == &b[:cap(b)][cap(b)-1]
}

// hashBody is the identity of a body for the unchanged-body check: SHA-256,
// truncated to 128 bits, hex.
func hashBody(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// networkError turns a transport error into this package's error shape.
func (c *Client) networkError(ctx context.Context, u *url.URL, err error) error {
	var pe *privateAddressError
	switch {
	case errors.As(err, &pe):
		return fmt.Errorf("%w (host %s)", pe, u.Host)
	case errors.Is(err, context.DeadlineExceeded) || ctx.Err() == context.DeadlineExceeded:
		return fmt.Errorf("fetch: %s: no complete response within %s: %w", u, c.opts.Timeout, context.DeadlineExceeded)
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("fetch: %s: %w", u, context.Canceled)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // drop the repeated `Get "url":`
	}
	return fmt.Errorf("fetch: %s: %w", u, err)
}

// parseFeedURL accepts absolute http and https URLs only.
func parseFeedURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("%w: %q: %v", ErrBadURL, raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%w: %q", ErrUnsupportedScheme, raw)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("%w: %q has no host", ErrBadURL, raw)
	}
	u.Fragment = ""
	return u, nil
}

func isRedirect(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// discard reads a little of a body we do not want, so the connection can be
// reused for small bodies, then closes it. It returns the bytes read.
func discard(hr *http.Response) int64 {
	n, _ := io.CopyN(io.Discard, hr.Body, 8<<10)
	hr.Body.Close()
	return n
}

// cookieKey renders cookies for redirect-loop detection: the same URL with
// new cookies is progress (a consent or bot wall), not a loop.
func cookieKey(cs []*http.Cookie) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString(c.Name)
		b.WriteByte('=')
		b.WriteString(c.Value)
		b.WriteByte(';')
	}
	return b.String()
}
