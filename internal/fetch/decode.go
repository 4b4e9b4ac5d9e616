package fetch

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/andybalholm/brotli"
)

// acceptEncoding is what we ask for. Every coding listed is decoded here, not
// by net/http, so the size limit applies to the decoded bytes.
const acceptEncoding = "gzip, br, deflate"

// countingReader counts the bytes read through it: the bytes on the wire.
// It remembers the last error other than io.EOF, to tell a broken connection
// from a corrupt compressed stream.
type countingReader struct {
	r   io.Reader
	n   int64
	err error
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if err != nil && err != io.EOF {
		c.err = err
	}
	return n, err
}

// bodyResult is what readBody learned about a response body.
type bodyResult struct {
	// data is the decoded body, not yet converted to UTF-8; nil when
	// truncated. It aliases buf: copy what must outlive putBuffer(buf).
	data      []byte
	buf       *bytes.Buffer
	wire      int64 // bytes read from the connection
	truncated bool
}

// maxPooledBuffer is the largest read buffer kept for reuse, so one huge feed
// does not pin its memory after the round.
const maxPooledBuffer = 1 << 20

// getBuffer returns an empty read buffer from the client's pool.
func (c *Client) getBuffer() *bytes.Buffer {
	if b, ok := c.bufPool.Get().(*bytes.Buffer); ok {
		return b
	}
	return new(bytes.Buffer)
}

// putBuffer returns a read buffer to the pool.
func (c *Client) putBuffer(b *bytes.Buffer) {
	if b == nil || b.Cap() > maxPooledBuffer {
		return
	}
	b.Reset()
	c.bufPool.Put(b)
}

// readBody streams hr.Body through its Content-Encoding decoder into memory,
// stopping at limit decoded bytes. It never holds more than limit+1 bytes: a
// body that is too large, on the wire or after decompression, is abandoned and
// reported as ErrTooLarge. The caller must putBuffer(res.buf) when done.
func (c *Client) readBody(hr *http.Response, limit int64) (bodyResult, error) {
	var res bodyResult
	if hr.ContentLength > limit {
		res.truncated = true
		return res, fmt.Errorf("%w: Content-Length %d > %d", ErrTooLarge, hr.ContentLength, limit)
	}
	wire := &countingReader{r: io.LimitReader(hr.Body, limit+1)}
	dec, closeDec, err := c.decoder(hr.Header.Get("Content-Encoding"), wire)
	if err != nil {
		res.wire = wire.n
		return res, err
	}
	defer closeDec()

	buf := c.getBuffer()
	res.buf = buf
	if hr.ContentLength > 0 && dec == io.Reader(wire) {
		buf.Grow(int(hr.ContentLength + bytes.MinRead))
	}
	_, err = buf.ReadFrom(io.LimitReader(dec, limit+1))
	res.wire = wire.n
	if int64(buf.Len()) > limit || wire.n > limit {
		res.truncated = true
		return res, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)
	}
	if err != nil {
		if wire.err == nil && dec != io.Reader(wire) {
			// The connection was fine; the compressed stream was not.
			return res, fmt.Errorf("%w: %v", ErrBadEncoding, err)
		}
		return res, fmt.Errorf("fetch: reading body: %w", err)
	}
	res.data = buf.Bytes()
	return res, nil
}

// decoder returns a reader that undoes the Content-Encoding. Codings are
// undone last-applied first. Servers that label an uncompressed body "gzip"
// are common enough that a missing gzip magic number is treated as identity.
func (c *Client) decoder(contentEncoding string, r io.Reader) (io.Reader, func(), error) {
	codings := strings.Split(contentEncoding, ",")
	cur := r
	var closers []func()
	closeAll := func() {
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i]()
		}
	}
	for i := len(codings) - 1; i >= 0; i-- {
		coding := strings.ToLower(strings.TrimSpace(codings[i]))
		switch coding {
		case "", "identity":
		case "gzip", "x-gzip":
			br := bufio.NewReader(cur)
			magic, _ := br.Peek(2)
			if len(magic) < 2 || magic[0] != 0x1f || magic[1] != 0x8b {
				cur = br // mislabeled: not gzip at all
				continue
			}
			zr, _ := c.gzipPool.Get().(*gzip.Reader)
			var err error
			if zr == nil {
				zr, err = gzip.NewReader(br)
			} else {
				err = zr.Reset(br)
			}
			if err != nil {
				closeAll()
				return nil, nil, fmt.Errorf("%w: gzip: %v", ErrBadEncoding, err)
			}
			closers = append(closers, func() { c.gzipPool.Put(zr) })
			cur = zr
		case "br":
			cur = brotli.NewReader(cur)
		case "deflate":
			// RFC 9110 says zlib-wrapped; some servers send raw DEFLATE.
			br := bufio.NewReader(cur)
			h, _ := br.Peek(2)
			if len(h) == 2 && h[0]&0x0f == 8 && (uint16(h[0])<<8|uint16(h[1]))%31 == 0 {
				zr, err := zlib.NewReader(br)
				if err != nil {
					closeAll()
					return nil, nil, fmt.Errorf("%w: deflate: %v", ErrBadEncoding, err)
				}
				closers = append(closers, func() { zr.Close() })
				cur = zr
			} else {
				fr := flate.NewReader(br)
				closers = append(closers, func() { fr.Close() })
				cur = fr
			}
		default:
			closeAll()
			return nil, nil, fmt.Errorf("%w: unknown Content-Encoding %q", ErrBadEncoding, coding)
		}
	}
	return cur, closeAll, nil
}
