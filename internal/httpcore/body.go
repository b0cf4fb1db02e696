package httpcore

import (
	"bytes"
	"errors"
	"fmt"
	"io"
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
// each attempt and an io.ReaderAt is read from offset 0 (both replayable);
// any other reader is one-shot. size is the byte count, or -1 when unknown
// (a seeker's size is then measured by seeking). The caller keeps ownership
// of r: it is never closed.
func ReaderBody(r io.Reader, size int64, contentType string) (*Body, error) {
	switch src := r.(type) {
	case io.ReadSeeker:
		start, err := src.Seek(0, io.SeekCurrent)
		if err != nil {
			return nil, fmt.Errorf("body: %w", err)
		}
		if size < 0 {
			end, err := src.Seek(0, io.SeekEnd)
			if err != nil {
				return nil, fmt.Errorf("body: %w", err)
			}
			if _, err := src.Seek(start, io.SeekStart); err != nil {
				return nil, fmt.Errorf("body: %w", err)
			}
			size = end - start
		}
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
		if size < 0 {
			return nil, errors.New("body: an io.ReaderAt needs its size")
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
			return io.NopCloser(r), nil
		},
		size: size, contentType: contentType,
	}, nil
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
