package fetch

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

func compress(t testing.TB, coding string, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	var w interface {
		Write([]byte) (int, error)
		Close() error
	}
	switch coding {
	case "gzip":
		w = gzip.NewWriter(&buf)
	case "br":
		w = brotli.NewWriter(&buf)
	case "deflate":
		w = zlib.NewWriter(&buf)
	case "raw-deflate":
		w, _ = flate.NewWriter(&buf, flate.DefaultCompression)
	default:
		t.Fatalf("unknown coding %s", coding)
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// encodedServer serves body compressed with the coding named in the query
// (?enc=gzip), labelled with ?label= (default: the coding itself).
func encodedServer(t *testing.T, body []byte) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		enc := r.URL.Query().Get("enc")
		label := r.URL.Query().Get("label")
		if label == "" {
			label = enc
			if enc == "raw-deflate" {
				label = "deflate"
			}
		}
		data := body
		if enc != "" && enc != "identity" {
			if !strings.Contains(r.Header.Get("Accept-Encoding"), strings.TrimPrefix(enc, "raw-")) {
				t.Errorf("client did not accept %s: %q", enc, r.Header.Get("Accept-Encoding"))
			}
			data = compress(t, enc, body)
		}
		if label != "" {
			w.Header().Set("Content-Encoding", label)
		}
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestCompression(t *testing.T) {
	body := []byte(strings.Repeat(sampleRSS, 50))
	srv := encodedServer(t, body)
	c := testClient(t, Options{})
	var plainHash string
	for _, enc := range []string{"identity", "gzip", "br", "deflate", "raw-deflate"} {
		resp, err := fetch(t, c, Request{URL: srv.URL + "/?enc=" + enc})
		if err != nil {
			t.Errorf("%s: %v", enc, err)
			continue
		}
		if !bytes.Equal(resp.Body, body) {
			t.Errorf("%s: body not decoded (%d bytes)", enc, len(resp.Body))
		}
		if enc == "identity" {
			plainHash = resp.BodyHash
			if resp.Bytes != int64(len(body)) {
				t.Errorf("identity: Bytes %d, want %d", resp.Bytes, len(body))
			}
		} else {
			if resp.BodyHash != plainHash {
				t.Errorf("%s: hash depends on the transfer coding", enc)
			}
			if resp.Bytes >= int64(len(body))/4 {
				t.Errorf("%s: Bytes %d should count compressed wire bytes (body %d)", enc, resp.Bytes, len(body))
			}
		}
	}
}

func TestMislabeledGzipIsReadAsIs(t *testing.T) {
	srv := encodedServer(t, []byte(sampleRSS))
	resp, err := fetch(t, testClient(t, Options{}), Request{URL: srv.URL + "/?label=gzip"})
	if err != nil || string(resp.Body) != sampleRSS {
		t.Fatalf("plain body labelled gzip: err %v body %q", err, resp.Body)
	}
}

func TestCorruptCompressedBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gz := compress(t, "gzip", []byte(sampleRSS))
		gz[len(gz)-6] ^= 0xff // break the CRC
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(gz)
	}))
	defer srv.Close()
	resp, err := fetch(t, testClient(t, Options{}), Request{URL: srv.URL})
	if !errors.Is(err, ErrBadEncoding) || resp.Body != nil {
		t.Fatalf("corrupt gzip: %v", err)
	}
	srv2 := encodedServer(t, []byte(sampleRSS))
	if _, err := fetch(t, testClient(t, Options{}), Request{URL: srv2.URL + "/?label=compress"}); !errors.Is(err, ErrBadEncoding) {
		t.Fatalf("unknown coding: %v", err)
	}
}

func TestGzipBombStopsAtLimit(t *testing.T) {
	// 64 MiB of zeros compress to about 64 KiB; the limit is 1 MiB.
	const limit = 1 << 20
	bomb := compress(t, "gzip", make([]byte, 64<<20))
	brBomb := compress(t, "br", make([]byte, 64<<20))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("enc") == "br" {
			w.Header().Set("Content-Encoding", "br")
			w.Write(brBomb)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb)
	}))
	defer srv.Close()
	c := testClient(t, Options{MaxBody: limit})
	for _, enc := range []string{"gzip", "br"} {
		resp, err := fetch(t, c, Request{URL: srv.URL + "/?enc=" + enc})
		if !errors.Is(err, ErrTooLarge) || !resp.Truncated || resp.Body != nil {
			t.Errorf("%s bomb: err %v truncated %v", enc, err, resp.Truncated)
		}
		if resp.Bytes > limit {
			t.Errorf("%s bomb: read %d wire bytes", enc, resp.Bytes)
		}
		if Outcome(resp, err) != "too_large" {
			t.Errorf("%s bomb: outcome %q", enc, Outcome(resp, err))
		}
	}
}

func TestMaxBodyPlain(t *testing.T) {
	const limit = 64 << 10
	big := bytes.Repeat([]byte("x"), 10<<20)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("chunked") == "" {
			w.Header().Set("Content-Length", fmt.Sprint(len(big)))
		}
		// Write in pieces so a client that stops reading stops the server.
		for i := 0; i < len(big); i += 32 << 10 {
			if _, err := w.Write(big[i : i+32<<10]); err != nil {
				return
			}
			w.(http.Flusher).Flush()
		}
	}))
	defer srv.Close()
	c := testClient(t, Options{MaxBody: limit})

	// With Content-Length: refused before reading.
	resp, err := fetch(t, c, Request{URL: srv.URL})
	if !errors.Is(err, ErrTooLarge) || !resp.Truncated || resp.Bytes != 0 {
		t.Errorf("Content-Length too large: err %v truncated %v bytes %d", err, resp.Truncated, resp.Bytes)
	}
	// Chunked: read up to the limit, then abandoned.
	resp, err = fetch(t, c, Request{URL: srv.URL + "/?chunked=1"})
	if !errors.Is(err, ErrTooLarge) || !resp.Truncated {
		t.Errorf("chunked too large: err %v truncated %v", err, resp.Truncated)
	}
	if resp.Bytes > limit+1 {
		t.Errorf("chunked: read %d bytes past a %d limit", resp.Bytes, limit)
	}

	// Exactly at the limit is fine.
	exact := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(big[:limit])
	}))
	defer exact.Close()
	if resp, err := fetch(t, c, Request{URL: exact.URL}); err != nil || len(resp.Body) != limit {
		t.Errorf("body of exactly MaxBody: err %v len %d", err, len(resp.Body))
	}
}

// TestBodiesDoNotShareReadBuffers checks that a returned Body is not the
// pooled read buffer: later fetches must not overwrite earlier bodies.
func TestBodiesDoNotShareReadBuffers(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := strings.Repeat(r.URL.Query().Get("fill"), 4096)
		if r.URL.Query().Get("bom") != "" {
			body = "\xEF\xBB\xBF" + body
		}
		fmt.Fprint(w, body)
	}))
	defer srv.Close()
	c := testClient(t, Options{})
	var kept [][]byte
	for i, fill := range []string{"a", "b", "c", "d", "e", "f"} {
		resp, err := fetch(t, c, Request{URL: fmt.Sprintf("%s/?fill=%s&bom=%s", srv.URL, fill, map[bool]string{true: "1"}[i%2 == 0])})
		if err != nil {
			t.Fatal(err)
		}
		kept = append(kept, resp.Body)
	}
	for i, b := range kept {
		want := strings.Repeat(string(rune('a'+i)), 4096)
		if string(b) != want {
			t.Fatalf("body %d was overwritten: starts %q", i, b[:8])
		}
	}
}
