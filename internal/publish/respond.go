package publish

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// gzipMin is the size under which a response is not worth compressing.
const gzipMin = 512

// rendition is one ready-to-send response body with its validators. It is
// immutable once built, so any number of requests may share it; header values
// are kept as ready slices to keep the hot path free of allocations.
type rendition struct {
	body    []byte
	gz      []byte // gzip of body; nil when not worth it
	lastMod time.Time

	hType    []string // Content-Type
	hETag    []string // strong ETag of body
	hETagGz  []string // strong ETag of gz (a different representation)
	hLastMod []string
	hCache   []string // Cache-Control
	hLenID   []string // Content-Length of body
	hLenGz   []string // Content-Length of gz
	html     bool     // HTML page: add the security headers
}

// newRendition prepares body for serving: hashes it for the ETag and
// precompresses it once.
func newRendition(body []byte, ctype string, lastMod time.Time, maxAge time.Duration, html bool) *rendition {
	sum := sha256.Sum256(body)
	tag := hex.EncodeToString(sum[:16])
	lastMod = lastMod.UTC().Truncate(time.Second)
	r := &rendition{
		body:     body,
		lastMod:  lastMod,
		hType:    []string{ctype},
		hETag:    []string{`"` + tag + `"`},
		hETagGz:  []string{`"` + tag + `-gz"`},
		hLastMod: []string{lastMod.Format(http.TimeFormat)},
		hCache:   []string{"public, max-age=" + strconv.Itoa(int(maxAge/time.Second))},
		hLenID:   []string{strconv.Itoa(len(body))},
		html:     html,
	}
	if len(body) >= gzipMin {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
		_, _ = zw.Write(body)
		if zw.Close() == nil && buf.Len() < len(body) {
			r.gz = buf.Bytes()
			r.hLenGz = []string{strconv.Itoa(len(r.gz))}
		}
	}
	return r
}

// Header values shared by every response.
var (
	hNosniff   = []string{"nosniff"}
	hVary      = []string{"Accept-Encoding"}
	hGzip      = []string{"gzip"}
	hCORS      = []string{"*"}
	hCSP       = []string{"default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"}
	hFrameDeny = []string{"DENY"}
	hReferrer  = []string{"strict-origin-when-cross-origin"}
)

// serve writes rd as the answer to r, honouring conditional requests,
// Accept-Encoding and HEAD, and returns the status code sent.
func serve(w http.ResponseWriter, r *http.Request, rd *rendition) int {
	h := w.Header()
	useGz := rd.gz != nil && acceptsGzip(r.Header.Get("Accept-Encoding"))
	h["Content-Type"] = rd.hType
	h["Last-Modified"] = rd.hLastMod
	h["Cache-Control"] = rd.hCache
	h["X-Content-Type-Options"] = hNosniff
	if rd.gz != nil {
		h["Vary"] = hVary
	}
	if useGz {
		h["Etag"] = rd.hETagGz
	} else {
		h["Etag"] = rd.hETag
	}
	if rd.html {
		h["Content-Security-Policy"] = hCSP
		h["X-Frame-Options"] = hFrameDeny
		h["Referrer-Policy"] = hReferrer
	} else {
		h["Access-Control-Allow-Origin"] = hCORS
	}
	if notModified(r, rd) {
		delete(h, "Content-Type")
		w.WriteHeader(http.StatusNotModified)
		return http.StatusNotModified
	}
	body := rd.body
	if useGz {
		h["Content-Encoding"] = hGzip
		h["Content-Length"] = rd.hLenGz
		body = rd.gz
	} else {
		h["Content-Length"] = rd.hLenID
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
	return http.StatusOK
}

// notModified evaluates If-None-Match (which wins when present) and else
// If-Modified-Since, as RFC 9110 section 13.2.2 orders them.
func notModified(r *http.Request, rd *rendition) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		return etagMatch(inm, rd)
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" {
		t, err := http.ParseTime(ims)
		return err == nil && !rd.lastMod.After(t)
	}
	return false
}

// etagMatch reports whether the If-None-Match list names either
// representation of rd (weak comparison, as If-None-Match uses).
func etagMatch(list string, rd *rendition) bool {
	for list != "" {
		var tag string
		tag, list, _ = strings.Cut(list, ",")
		tag = strings.TrimSpace(tag)
		if tag == "*" {
			return true
		}
		tag = strings.TrimPrefix(tag, "W/")
		if tag == rd.hETag[0] || tag == rd.hETagGz[0] {
			return true
		}
	}
	return false
}

// acceptsGzip reports whether an Accept-Encoding value admits gzip.
func acceptsGzip(ae string) bool {
	for ae != "" {
		var part string
		part, ae, _ = strings.Cut(ae, ",")
		name, params, _ := strings.Cut(part, ";")
		name = strings.TrimSpace(name)
		if !strings.EqualFold(name, "gzip") && !strings.EqualFold(name, "x-gzip") && name != "*" {
			continue
		}
		q := strings.TrimSpace(params)
		if v, ok := strings.CutPrefix(q, "q="); ok {
			if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && f == 0 {
				return false
			}
		}
		return true
	}
	return false
}
