package httpcore

import (
	"bytes"
	"context"
	"crypto/sha256"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bodyRecorder answers 503 to the first attempt and 200 afterwards, keeping
// every body it received.
func bodyRecorder(t *testing.T, failFirst bool) (*counted, *[][]byte) {
	var bodies [][]byte
	var n atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, b)
		if failFirst && n.Add(1) == 1 {
			w.WriteHeader(503)
		}
	})
	return srv, &bodies
}

func TestSeekerBodyRewoundForRetry(t *testing.T) {
	srv, bodies := bodyRecorder(t, true)
	c := newTestClient(t, srv.URL)
	r := strings.NewReader("xxpayload")
	_, _ = r.Seek(2, io.SeekStart) // the body starts at the reader's offset
	body, err := ReaderBody(r, -1, "text/plain")
	require.NoError(t, err)
	assert.True(t, body.replayable)
	assert.EqualValues(t, 7, body.Size())
	_, err = c.Do(context.Background(), &Request{Method: "PUT", Path: "f", Body: body, Safety: Idempotent}, nil)
	require.NoError(t, err)
	assert.Equal(t, [][]byte{[]byte("payload"), []byte("payload")}, *bodies)
}

func TestReaderAtBodyRewoundForRetry(t *testing.T) {
	srv, bodies := bodyRecorder(t, true)
	c := newTestClient(t, srv.URL)
	data := bytes.Repeat([]byte("ab"), 1000)
	body, err := ReaderBody(readerAtOnly{bytes.NewReader(data)}, int64(len(data)), "")
	require.NoError(t, err)
	_, err = c.Do(context.Background(), &Request{Method: "PUT", Path: "f", Body: body, Safety: Idempotent}, nil)
	require.NoError(t, err)
	require.Len(t, *bodies, 2)
	assert.Equal(t, data, (*bodies)[1])

	body, err = ReaderBody(readerAtOnly{bytes.NewReader(data)}, -1, "")
	require.NoError(t, err)
	assert.False(t, body.replayable, "a ReaderAt of unknown size is sent once")
}

type readerAtOnly struct{ r *bytes.Reader }

func (r readerAtOnly) Read(p []byte) (int, error)              { return r.r.Read(p) }
func (r readerAtOnly) ReadAt(p []byte, off int64) (int, error) { return r.r.ReadAt(p, off) }

func TestOneShotBodySentOnceNeverRetried(t *testing.T) {
	srv, bodies := bodyRecorder(t, true)
	c := newTestClient(t, srv.URL)
	body, err := ReaderBody(io.MultiReader(strings.NewReader("once")), 4, "")
	require.NoError(t, err)
	assert.False(t, body.replayable)
	_, err = c.Do(context.Background(), &Request{Method: "PUT", Path: "f", Body: body, Safety: Idempotent}, nil)
	require.Error(t, err, "the 503 is returned, not retried")
	assert.Equal(t, [][]byte{[]byte("once")}, *bodies)
}

func TestReplayableBodyReopenedPerAttempt(t *testing.T) {
	srv, bodies := bodyRecorder(t, true)
	c := newTestClient(t, srv.URL)
	path := filepath.Join(t.TempDir(), "f.bin")
	require.NoError(t, os.WriteFile(path, []byte("file-data"), 0o600))
	var opens atomic.Int32
	body := &Body{open: func() (io.ReadCloser, error) { opens.Add(1); return os.Open(path) }, size: 9, replayable: true}
	_, err := c.Do(context.Background(), &Request{Method: "PUT", Path: "f", Body: body, Safety: Idempotent}, nil)
	require.NoError(t, err)
	assert.EqualValues(t, 2, opens.Load(), "opened once per attempt, never to probe")
	assert.Equal(t, []byte("file-data"), (*bodies)[1])
}

func TestMultipartStreamed(t *testing.T) {
	content := bytes.Repeat([]byte{0, 1, 2, 'x'}, 50_000)
	var gotSum [32]byte
	var gotFields map[string]string
	var gotLen int64
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		gotLen = r.ContentLength
		_, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil {
			w.WriteHeader(400)
			return
		}
		mr := multipart.NewReader(r.Body, params["boundary"])
		gotFields = map[string]string{}
		for {
			p, err := mr.NextPart()
			if err != nil {
				break
			}
			b, _ := io.ReadAll(p)
			if p.FileName() != "" {
				gotSum = sha256.Sum256(b)
				gotFields["filename"] = p.FileName()
				gotFields["ct"] = p.Header.Get("Content-Type")
			} else {
				gotFields[p.FormName()] = string(b)
			}
		}
	})
	c := newTestClient(t, srv.URL)
	file, err := ReaderBody(bytes.NewReader(content), int64(len(content)), "")
	require.NoError(t, err)
	body, err := MultipartBody([]FormField{{"key", "uploads/a b.png"}, {"policy", "p=="}},
		FormFile{Field: "file", FileName: `we"ird.png`, ContentType: "image/png", Content: file})
	require.NoError(t, err)
	_, err = c.Do(context.Background(), &Request{Method: "POST", Path: "upload", Body: body}, nil)
	require.NoError(t, err)
	assert.Equal(t, sha256.Sum256(content), gotSum)
	assert.Equal(t, map[string]string{"key": "uploads/a b.png", "policy": "p==", "filename": `we"ird.png`, "ct": "image/png"}, gotFields)
	assert.Equal(t, body.Size(), gotLen, "the length is known up front, so no chunked encoding")
	assert.True(t, strings.HasPrefix(body.contentType, "multipart/form-data; boundary="))
}

func TestDownloadStreams(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write([]byte("PNGDATA"))
	})
	c := newTestClient(t, srv.URL)
	s, err := c.Download(context.Background(), &Request{Method: "GET", Path: "files/{id}", PathParams: []string{"f1"}, Safety: Idempotent, Timeout: 5e9})
	require.NoError(t, err)
	defer s.Body.Close()
	assert.Equal(t, "image/png", s.ContentType)
	assert.EqualValues(t, 7, s.ContentLength)
	b, err := io.ReadAll(s.Body)
	require.NoError(t, err)
	assert.Equal(t, "PNGDATA", string(b))

	missing := serve(t, statusSequence(404))
	_, err = newTestClient(t, missing.URL).Download(context.Background(), &Request{Method: "GET", Path: "f", Safety: Idempotent})
	assert.ErrorIs(t, err, ErrNotFound)
}
