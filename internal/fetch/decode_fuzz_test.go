package fetch

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"testing"
)

// FuzzReadBody feeds arbitrary bytes through every Content-Encoding decoder:
// no panic, and never more than the limit returned.
func FuzzReadBody(f *testing.F) {
	seed := []byte(sampleRSS)
	for _, enc := range []string{"gzip", "br", "deflate", "raw-deflate"} {
		label := enc
		if enc == "raw-deflate" {
			label = "deflate"
		}
		f.Add(compress(f, enc, seed), label)
	}
	f.Add(seed, "")
	f.Add(seed, "gzip, br")
	f.Add([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}, "x-gzip")
	c := NewClient(Options{})
	const limit = 4096
	f.Fuzz(func(t *testing.T, data []byte, encoding string) {
		hr := &http.Response{
			Header:        http.Header{"Content-Encoding": {encoding}},
			Body:          io.NopCloser(bytes.NewReader(data)),
			ContentLength: -1,
		}
		res, err := c.readBody(hr, limit)
		defer c.putBuffer(res.buf)
		if err == nil && len(res.data) > limit {
			t.Fatalf("%d bytes returned past the %d limit", len(res.data), limit)
		}
		if err != nil && !errors.Is(err, ErrBadEncoding) && !errors.Is(err, ErrTooLarge) {
			t.Fatalf("unexpected error kind: %v", err)
		}
		if res.wire > int64(len(data)) {
			t.Fatalf("counted %d wire bytes of %d", res.wire, len(data))
		}
	})
}
