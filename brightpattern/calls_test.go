package brightpattern_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/brightpattern"
	"github.com/switchboard-go/switchboard/brightpattern/brightpatterntest"
	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/calltest"
)

func newCallsClient(t *testing.T, base string, opts ...brightpattern.Option) *brightpattern.Client {
	t.Helper()
	opts = append([]brightpattern.Option{brightpattern.WithBaseURL(base), brightpattern.WithAPIVersion(2),
		brightpattern.WithRetryWait(time.Millisecond, 2*time.Millisecond)}, opts...)
	c, err := brightpattern.NewClient("acme.brightpattern.com", "app", "client-1", opts...)
	require.NoError(t, err)
	return c
}

func TestEveryMethodTakesCallOptions(t *testing.T) {
	srv := calltest.NewServer(t)
	c := newCallsClient(t, srv.URL)
	args := map[string][]any{
		"Client.Raw": {http.MethodGet, "undocumented", nil, nil},
		"Client.UploadFile": {func() any {
			return &brightpattern.Upload{Name: "a.txt", Content: strings.NewReader("hello"), Size: 5}
		}},
		"Client.SendFile":       {"42", &brightpattern.UploadedFile{ID: "f-1", Name: "a.txt"}},
		"Client.RequestSMSChat": {&brightpattern.SMSRequest{PhoneNumber: "+15550100"}},
		"Client.SendEvents":     {"42", []brightpattern.Event{&brightpattern.TypingEvent{}}},
	}
	methods, missing := calltest.Methods(c, args)
	stream, miss := calltest.Methods(c.EventStream("42", brightpattern.Position{}), args)
	methods, missing = append(methods, stream...), append(missing, miss...)
	require.Empty(t, missing, "methods without ...call.Option")
	calltest.Check(t, srv, methods)
}

// TestResponseIntoAfterRetries checks call.ResponseInto and the Error's
// request id and headers on a success after 503s and on a 503 that
// outlasts the retries.
func TestResponseIntoAfterRetries(t *testing.T) {
	var hits, fail atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := hits.Add(1)
		w.Header().Set("X-Request-Id", "rid-"+strconv.Itoa(int(n)))
		if n <= fail.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte(`{"server_version":"5.8"}`))
	}))
	defer srv.Close()
	c := newCallsClient(t, srv.URL)
	ctx := context.Background()

	fail.Store(2)
	var resp call.Response
	_, err := c.Version(ctx, call.ResponseInto(&resp))
	require.NoError(t, err)
	require.Equal(t, call.Response{StatusCode: 200, Header: resp.Header, RequestID: "rid-3", Attempts: 3}, resp)

	hits.Store(0)
	fail.Store(100)
	_, err = c.Version(ctx, call.MaxRetries(1), call.ResponseInto(&resp))
	var e *brightpattern.Error
	require.ErrorAs(t, err, &e)
	require.Equal(t, "rid-2", e.RequestID)
	require.Equal(t, "rid-2", e.Header.Get("X-Request-Id"))
	require.Equal(t, call.Response{StatusCode: 503, Header: e.Header, RequestID: "rid-2", Attempts: 2}, resp)
	require.EqualValues(t, 2, hits.Load())

	// Raw is unsafe unless told otherwise: a 503 is not resent.
	hits.Store(0)
	err = c.Raw(ctx, http.MethodPost, "anything", map[string]int{"n": 1}, nil, call.ResponseInto(&resp))
	require.ErrorIs(t, err, brightpattern.ErrOutcomeUnknown)
	require.EqualValues(t, 1, hits.Load())
	require.Equal(t, 1, resp.Attempts)
}

func TestCallHeaderRefused(t *testing.T) {
	srv := calltest.NewServer(t)
	c := newCallsClient(t, srv.URL)
	ctx := context.Background()
	for name, opt := range map[string]call.Option{
		"credential": call.Header("Authorization", "MOBILE-API-140-327-PLAIN other"),
		"newline":    call.Header("X-Note", "a\r\nX-Evil: 1"),
		"bad name":   call.Header("X Note", "a"),
	} {
		_, err := c.Version(ctx, opt)
		require.ErrorIs(t, err, brightpattern.ErrInvalidArgument, name)
		require.NotContains(t, err.Error(), "PLAIN other", name)
	}
	require.Empty(t, srv.Seen(), "a refused header must not reach the server")
}

func TestRawAgainstFake(t *testing.T) {
	srv := brightpatterntest.NewServer()
	defer srv.Close()
	c, err := brightpattern.NewClient(brightpatterntest.DefaultTenant, brightpatterntest.DefaultAppID, "client-1",
		brightpattern.WithBaseURL(srv.URL()))
	require.NoError(t, err)
	ctx := context.Background()

	var out map[string]json.RawMessage
	var resp call.Response
	require.NoError(t, c.Raw(ctx, http.MethodGet, "availability", nil, &out, call.Idempotent(), call.ResponseInto(&resp)))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.NotEmpty(t, out)

	err = c.Raw(ctx, http.MethodGet, "not-modelled", nil, nil)
	var e *brightpattern.Error
	require.ErrorAs(t, err, &e)
	require.Equal(t, http.StatusNotFound, e.StatusCode)

	for _, bad := range []string{"https://elsewhere.example/api", "chats/../../admin", "//elsewhere.example/x"} {
		err := c.Raw(ctx, http.MethodGet, bad, nil, nil)
		require.True(t, errors.Is(err, brightpattern.ErrInvalidArgument), "%s: %v", bad, err)
	}
}
