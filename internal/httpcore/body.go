package httpcore

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/hashicorp/go-retryablehttp"
)

// Body is a request body that is streamed, never read into memory by the
// core. A replayable body is reopened for each attempt; a one-shot body is
// sent once and its request is never retried.
type Body struct {
	open        func() (io.ReadCloser, error)
	data        []byte // set for an in-memory body
	size        int64  // -1 when unknown
	contentType string
	replayable  bool
}

// Size is the body's length in bytes, or -1 when unknown.
func (b *Body) Size() int64 { return b.size }

// bytesBody sends buf, replayable.
func bytesBody(buf []byte, contentType string) *Body {
	return &Body{
		open:        func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(buf)), nil },
		data:        buf,
		size:        int64(len(buf)),
		contentType: contentType,
		replayable:  true,
	}
}

// ReaderBody streams r. An io.ReadSeeker is rewound to its current offset for
// each attempt and an io.ReaderAt of known size is read from offset 0 (both
// replayable); any other reader, a seeker that cannot seek, and an *os.File
// that is not a regular file (a pipe, a terminal), is one-shot. size is the
// byte count, or -1 when unknown: a seeker, a regular file or a ReaderAt
// with a Size method is then measured.
// A size that contradicts what the reader holds is refused with an error
// matching [ErrInvalidArgument] before anything is sent; a one-shot reader
// that yields more or fewer bytes than size fails its request with such an
// error. The caller keeps ownership of r: it is never closed.
func ReaderBody(r io.Reader, size int64, contentType string) (*Body, error) {
	if f, ok := r.(*os.File); ok {
		if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
			r = struct{ io.Reader }{f}
		}
	}
	if s, ok := r.(io.Seeker); ok {
		if _, err := s.Seek(0, io.SeekCurrent); err != nil {
			r = struct{ io.Reader }{r}
		}
	}
	switch src := r.(type) {
	case io.ReadSeeker:
		start, end, err := seekBounds(src)
		if err != nil {
			return nil, err
		}
		if err := checkSize(size, end-start); err != nil {
			return nil, err
		}
		size = end - start
		return &Body{
			open: func() (io.ReadCloser, error) {
				if _, err := src.Seek(start, io.SeekStart); err != nil {
					return nil, fmt.Errorf("rewind body: %w", err)
				}
				return io.NopCloser(io.LimitReader(src, size)), nil
			},
			size: size, contentType: contentType, replayable: true,
		}, nil
	case io.ReaderAt:
		if sized, ok := src.(interface{ Size() int64 }); ok {
			if err := checkSize(size, sized.Size()); err != nil {
				return nil, err
			}
			size = sized.Size()
		}
		if size < 0 {
			break // unmeasurable: sent once
		}
		return &Body{
			open:        func() (io.ReadCloser, error) { return io.NopCloser(io.NewSectionReader(src, 0, size)), nil },
			size:        size,
			contentType: contentType,
			replayable:  true,
		}, nil
	}
	var once sync.Once
	return &Body{
		open: func() (io.ReadCloser, error) {
			err := errBodyConsumed
			once.Do(func() { err = nil })
			if err != nil {
				return nil, err
			}
			if size < 0 {
				return io.NopCloser(r), nil
			}
			return io.NopCloser(&exactReader{r: r, declared: size, left: size}), nil
		},
		size: size, contentType: contentType,
	}, nil
}

// seekBounds returns the current offset of s and its end, leaving s at the
// current offset.
func seekBounds(s io.Seeker) (start, end int64, err error) {
	if start, err = s.Seek(0, io.SeekCurrent); err != nil {
		return 0, 0, fmt.Errorf("body: %w", err)
	}
	if end, err = s.Seek(0, io.SeekEnd); err != nil {
		return 0, 0, fmt.Errorf("body: %w", err)
	}
	if _, err = s.Seek(start, io.SeekStart); err != nil {
		return 0, 0, fmt.Errorf("body: %w", err)
	}
	return start, max(end, start), nil
}

// checkSize refuses a declared size (-1: unknown) that differs from the
// measured one.
func checkSize(declared, measured int64) error {
	if declared >= 0 && declared != measured {
		return invalidArgument("size %d contradicts the content, which holds %d bytes", declared, measured)
	}
	return nil
}

// exactReader passes through a one-shot body of a declared size and fails
// with an error matching [ErrInvalidArgument] when the body turns out
// longer or shorter than declared, instead of the transport's bare
// "ContentLength=... with Body length ..." error.
type exactReader struct {
	r              io.Reader
	declared, left int64
}

func (e *exactReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if e.left == 0 {
		return 0, io.EOF // the end, confirmed by the Read that reached it
	}
	if int64(len(p)) > e.left {
		p = p[:e.left]
	}
	n, err := e.r.Read(p)
	e.left -= int64(n)
	if e.left == 0 {
		// Hand over the last bytes only once the content is known to end
		// here, so that a longer body never reaches the server whole (a
		// server that answers on the declared length would otherwise hide
		// the mistake).
		var one [1]byte
		switch k, perr := io.ReadFull(e.r, one[:]); {
		case k > 0:
			return 0, invalidArgument("body: the content is longer than its declared size of %d bytes", e.declared)
		case perr != io.EOF:
			return 0, perr
		}
		return n, nil
	}
	if err == io.EOF {
		return n, invalidArgument("body: the content ended after %d bytes of its declared %d", e.declared-e.left, e.declared)
	}
	return n, err
}

// errBodyConsumed is returned when a one-shot body would be sent again.
var errBodyConsumed = errors.New("body: a one-shot reader cannot be sent twice")

// retryableBody is what the body hands to retryablehttp's SetBody. Bytes
// are passed as they are, so that net/http recognises an in-memory body and
// sends it with the headers in one write. A stream is passed as a ReaderFunc:
// retryablehttp
// calls a ReaderFunc once at request creation only to probe its length and
// closes it unread, so each call returns a lazy reader that opens the source
// on its first Read: the probe opens nothing and consumes nothing.
func (b *Body) retryableBody() any {
	if b.data != nil {
		return b.data
	}
	return retryablehttp.ReaderFunc(func() (io.Reader, error) { return &lazyReader{open: b.open}, nil })
}

type lazyReader struct {
	open   func() (io.ReadCloser, error)
	mu     sync.Mutex
	rc     io.ReadCloser
	err    error
	closed bool
}

func (l *lazyReader) Read(p []byte) (int, error) {
	l.mu.Lock()
	if l.rc == nil && l.err == nil {
		if l.closed {
			l.err = io.ErrClosedPipe
		} else {
			l.rc, l.err = l.open()
		}
	}
	rc, err := l.rc, l.err
	l.mu.Unlock()
	if err != nil {
		return 0, err
	}
	return rc.Read(p)
}

func (l *lazyReader) Close() error {
	l.mu.Lock()
	l.closed = true
	rc := l.rc
	l.mu.Unlock()
	if rc == nil {
		return nil
	}
	return rc.Close()
}
