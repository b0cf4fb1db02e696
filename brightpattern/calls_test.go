package brightpattern_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/brightpattern"
	"github.com/switchboard-go/switchboard/brightpattern/brightpatterntest"
	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/calltest"
	"github.com/switchboard-go/switchboard/internal/conformance"
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
	calltest.Every(t, srv, args, []any{c, c.EventStream("42", brightpattern.Position{})})
}

func TestResponseIntoAfterRetries(t *testing.T) {
	calltest.AfterRetries(t, calltest.Retries{
		IDHeader: "X-Request-Id", Body: `{"server_version":"5.8"}`, ErrorAs: conformance.ErrorAs[*brightpattern.Error],
		Calls: func(base string) calltest.RetryCalls {
			c := newCallsClient(t, base)
			version := func(ctx context.Context, opts ...call.Option) error { _, err := c.Version(ctx, opts...); return err }
			return calltest.RetryCalls{Succeed: version, Fail: version, Unsafe: func(ctx context.Context, opts ...call.Option) error {
				return c.Raw(ctx, http.MethodPost, "anything", map[string]int{"n": 1}, nil, opts...)
			}}
		},
	})
}

func TestCallHeaderRefused(t *testing.T) {
	srv := calltest.NewServer(t)
	c := newCallsClient(t, srv.URL)
	calltest.HeaderRefused(t, srv, call.Header("Authorization", "MOBILE-API-140-327-PLAIN other"), "PLAIN other",
		func(ctx context.Context, opt call.Option) error { _, err := c.Version(ctx, opt); return err })
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

	calltest.RawStaysInside(t, "chats/../../admin", func(ctx context.Context, path string) error {
		return c.Raw(ctx, http.MethodGet, path, nil, nil)
	})
}
