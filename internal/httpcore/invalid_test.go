package httpcore

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/internal/fixture"
)

func TestInvalidArgumentMatchesAndWraps(t *testing.T) {
	cause := errors.New("cause")
	err := InvalidArgument("vendor", "Method: id %q: %w", "x", cause)
	assert.EqualError(t, err, `vendor: Method: id "x": cause`)
	assert.ErrorIs(t, err, ErrInvalidArgument)
	assert.ErrorIs(t, err, cause)
	assert.NotErrorIs(t, errors.New("other"), ErrInvalidArgument)

	kind := ArgumentSentinel("narrow kind")
	assert.EqualError(t, kind, "narrow kind")
	assert.ErrorIs(t, kind, ErrInvalidArgument)
	wrapped := InvalidArgument("vendor", "%w: detail", kind)
	assert.ErrorIs(t, wrapped, kind)
	assert.ErrorIs(t, wrapped, ErrInvalidArgument)
	assert.NotErrorIs(t, InvalidArgument("vendor", "no kind"), kind)

	marked := Invalid(fmt.Errorf("vendor: %w: too big", cause))
	assert.EqualError(t, marked, "vendor: cause: too big")
	assert.ErrorIs(t, marked, ErrInvalidArgument)
	assert.ErrorIs(t, marked, cause)
}

// TestNewRefusalsAreInvalidArguments checks every refusal of New: each
// matches ErrInvalidArgument, names the vendor and fits on one line.
func TestNewRefusalsAreInvalidArguments(t *testing.T) {
	for name, s := range map[string]Settings{
		"no base URL":      {},
		"relative base":    {BaseURL: "api.example.com"},
		"ftp base":         {BaseURL: "ftp://x/"},
		"unparsable base":  {BaseURL: "https://x/%zz"},
		"plain http":       {BaseURL: "http://api.example.com/"},
		"user agent CR/LF": {BaseURL: "https://x/", UserAgent: "a\r\nb"},
		"retry wait order": {BaseURL: "https://x/", RetryWaitMin: 2, RetryWaitMax: 1},
	} {
		_, err := New(Config{Vendor: "vend", Settings: s})
		require.Error(t, err, name)
		assert.ErrorIs(t, err, ErrInvalidArgument, name)
		assert.True(t, strings.HasPrefix(err.Error(), "vend: "), "%s: %v", name, err)
		assert.NotContains(t, err.Error(), "\n", name)
	}
}

func TestInsecureTransportNamesTheOption(t *testing.T) {
	_, err := New(Config{Vendor: "v", Settings: Settings{BaseURL: "http://api.example.com/"}})
	assert.ErrorIs(t, err, ErrInsecureTransport)
	assert.Contains(t, err.Error(), "WithInsecureHTTP")
}

func TestRequestRefusalsAreInvalidArguments(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {})
	c := newTestClient(t, srv.URL)
	ctx := context.Background()
	_, err := c.Do(ctx, &Request{Method: "GET", Path: "chats/{id}", PathParams: []string{""}}, nil)
	assert.ErrorIs(t, err, ErrInvalidPathParam)
	assert.ErrorIs(t, err, ErrInvalidArgument)
	_, err = c.Do(ctx, &Request{Method: "GET", Path: "x", Header: http.Header{"X-A": {"a\nb"}}}, nil)
	assert.ErrorIs(t, err, ErrInvalidHeader)
	assert.ErrorIs(t, err, ErrInvalidArgument)
	//lint:ignore SA1012 a nil context is the refused argument
	_, err = c.Do(nil, &Request{Method: "GET", Path: "x"}, nil)
	assert.ErrorIs(t, err, ErrInvalidArgument)
	_, err = c.Do(ctx, &Request{Method: "POST", Path: "x", JSON: map[string]any{"f": func() {}}}, nil)
	assert.ErrorIs(t, err, ErrInvalidArgument, "a body that cannot be encoded")
	_, err = c.Do(ctx, &Request{Method: "POST", Path: "x", JSON: json.RawMessage("{")}, nil)
	assert.ErrorIs(t, err, ErrInvalidArgument, "raw JSON that is not JSON")
	_, err = c.Do(ctx, &Request{Method: "GET", Path: "x", Query: 42}, nil)
	assert.ErrorIs(t, err, ErrInvalidArgument, "a query that cannot be encoded")
	assert.Zero(t, srv.hits.Load(), "nothing refused reaches the server")
}

// sizedReaderAt is an io.ReaderAt (not a seeker) that knows its size.
type sizedReaderAt struct{ r *bytes.Reader }

func (s sizedReaderAt) Read(p []byte) (int, error)              { return s.r.Read(p) }
func (s sizedReaderAt) ReadAt(p []byte, off int64) (int, error) { return s.r.ReadAt(p, off) }
func (s sizedReaderAt) Size() int64                             { return s.r.Size() }

func TestReaderBodyRefusesAContradictedSize(t *testing.T) {
	data := []byte(strings.Repeat("x", 2684))
	for name, r := range map[string]io.Reader{
		"bytes.Reader":   bytes.NewReader(data),
		"strings.Reader": strings.NewReader(string(data)),
		"os.File":        fixture.File(t, "f", data),
		"sized ReaderAt": sizedReaderAt{bytes.NewReader(data)},
	} {
		for _, declared := range []int64{0, 1673, 2685} {
			_, err := ReaderBody(r, declared, "")
			require.Error(t, err, "%s declared %d", name, declared)
			assert.ErrorIs(t, err, ErrInvalidArgument, name)
			assert.Contains(t, err.Error(), "2684", name)
		}
		body, err := ReaderBody(r, 2684, "")
		require.NoError(t, err, name)
		assert.EqualValues(t, 2684, body.Size(), name)
		body, err = ReaderBody(r, -1, "")
		require.NoError(t, err, name)
		assert.EqualValues(t, 2684, body.Size(), "%s: -1 measures", name)
		assert.True(t, body.replayable, name)
	}
}

func TestReaderBodyTreatsAPipeAsOneShot(t *testing.T) {
	pr, pw, err := os.Pipe()
	require.NoError(t, err)
	t.Cleanup(func() { _ = pr.Close() })
	go func() {
		_, _ = pw.Write([]byte("piped"))
		_ = pw.Close()
	}()
	body, err := ReaderBody(pr, 5, "")
	require.NoError(t, err, "a pipe cannot seek: it is sent once, not refused")
	assert.False(t, body.replayable)
	rc, err := body.open()
	require.NoError(t, err)
	got, err := io.ReadAll(rc)
	require.NoError(t, err)
	assert.Equal(t, "piped", string(got))
}

func TestOneShotBodyOfTheWrongSizeFailsClearly(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { _, _ = io.Copy(io.Discard, r.Body) })
	c := newTestClient(t, srv.URL)
	for name, tc := range map[string]struct {
		content  string
		declared int64
		want     string
	}{
		"longer":  {strings.Repeat("y", 2684), 1673, "longer than its declared size of 1673"},
		"shorter": {strings.Repeat("y", 1673), 2684, "ended after 1673 bytes of its declared 2684"},
	} {
		body, err := ReaderBody(io.MultiReader(strings.NewReader(tc.content)), tc.declared, "")
		require.NoError(t, err, name)
		_, err = c.Do(context.Background(), &Request{Method: "PUT", Path: "f", Body: body}, nil)
		require.Error(t, err, name)
		assert.ErrorIs(t, err, ErrInvalidArgument, name)
		assert.Contains(t, err.Error(), tc.want, name)
		assert.NotContains(t, err.Error(), "\n", name)
	}
	body, err := ReaderBody(io.MultiReader(strings.NewReader("exact")), 5, "")
	require.NoError(t, err)
	_, err = c.Do(context.Background(), &Request{Method: "PUT", Path: "f", Body: body}, nil)
	assert.NoError(t, err, "a one-shot body of its declared size is sent")
}

// unseekable is a ReadSeeker whose Seek always fails (a wrapped pipe).
type unseekable struct{ io.Reader }

func (unseekable) Seek(int64, int) (int64, error) { return 0, errors.New("illegal seek") }

func TestReaderBodySendsAnUnseekableSeekerOnce(t *testing.T) {
	body, err := ReaderBody(unseekable{strings.NewReader("data")}, -1, "")
	require.NoError(t, err)
	assert.False(t, body.replayable)
	assert.EqualValues(t, -1, body.Size())
}
