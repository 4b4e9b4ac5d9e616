package fetch

import (
	"errors"
	"fmt"
	"net/http"
)

// Sentinel errors returned (wrapped) by Client.Fetch. They are stable values so
// the pipeline can decide what to record with errors.Is: a gone feed disables
// its source, a private address is a configuration problem, the rest count as
// ordinary failures that back off.
var (
	// ErrGone reports HTTP 410: the publisher removed the feed for good. The
	// returned error is a *StatusError with Status 410 that also matches ErrGone.
	ErrGone = errors.New("fetch: feed is gone (HTTP 410)")
	// ErrTooLarge reports a body (after decompression) larger than Options.MaxBody.
	// Reading stops at the limit, so a decompression bomb costs at most MaxBody.
	ErrTooLarge = errors.New("fetch: body exceeds size limit")
	// ErrRedirectLoop reports a redirect back to a URL already visited in the
	// same fetch.
	ErrRedirectLoop = errors.New("fetch: redirect loop")
	// ErrTooManyRedirects reports a redirect chain longer than Options.MaxRedirects.
	ErrTooManyRedirects = errors.New("fetch: too many redirects")
	// ErrPrivateAddress reports a refused connection to a loopback, private,
	// link-local, metadata or otherwise non-public address (checked at dial
	// time, after DNS resolution) while Options.AllowPrivate is false.
	ErrPrivateAddress = errors.New("fetch: refusing to connect to a non-public address")
	// ErrUnsupportedScheme reports a feed or redirect URL that is not http or https.
	ErrUnsupportedScheme = errors.New("fetch: unsupported URL scheme")
	// ErrBadURL reports a feed URL that cannot be parsed or has no host.
	ErrBadURL = errors.New("fetch: bad URL")
	// ErrBadEncoding reports a Content-Encoding that could not be decoded
	// (an unknown coding, or a corrupt gzip/brotli/deflate stream).
	ErrBadEncoding = errors.New("fetch: cannot decode body")
)

// StatusError reports an HTTP response whose status is neither success (2xx)
// nor 304 Not Modified. The pipeline records Status as the source's last status.
type StatusError struct {
	Status int // HTTP status code
}

// Error describes the status, e.g. "fetch: HTTP 503 Service Unavailable".
func (e *StatusError) Error() string {
	if t := http.StatusText(e.Status); t != "" {
		return fmt.Sprintf("fetch: HTTP %d %s", e.Status, t)
	}
	return fmt.Sprintf("fetch: HTTP %d", e.Status)
}

// Is makes errors.Is(err, ErrGone) true for a 410 StatusError, so callers can
// test for a gone feed without unpacking the status.
func (e *StatusError) Is(target error) bool {
	return target == ErrGone && e.Status == http.StatusGone
}
