package ccaip_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/ccaip"
	"github.com/switchboard-go/switchboard/ccaip/ccaiptest"
	"github.com/switchboard-go/switchboard/internal/calltest"
)

func newCallsClient(t *testing.T, base string) *ccaip.Client {
	t.Helper()
	signer, err := ccaip.NewSigner("company-secret")
	require.NoError(t, err)
	c, err := ccaip.NewClient("user", "token", ccaip.WithBaseURL(base+"/apps/api/v1"),
		ccaip.WithRetryWait(time.Millisecond, 2*time.Millisecond), ccaip.WithSigner(signer))
	require.NoError(t, err)
	return c
}

// A JPEG and an MP4 header, enough for the uploads' content sniffing.
var (
	callJPEG = append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), make([]byte, 64)...)
	callMP4  = append([]byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"), make([]byte, 64)...)
)

func TestEveryMethodTakesCallOptions(t *testing.T) {
	srv := calltest.NewServer(t)
	c := newCallsClient(t, srv.URL)
	methods, missing := calltest.Methods(c, map[string][]any{
		"Client.Raw":                  {http.MethodGet, "undocumented", nil, nil},
		"Client.CreateChat":           {&ccaip.CreateChatRequest{MenuID: 1, EndUserID: 2, Lang: "en"}},
		"Client.UpsertEndUser":        {&ccaip.EndUserRequest{Identifier: "u-1"}},
		"Client.UpdateChatEndUser":    {42, &ccaip.EndUserRequest{Identifier: "u-1"}},
		"Client.UpdateChat":           {42, &ccaip.UpdateChatRequest{Status: ccaip.ChatStatus("finished")}},
		"Client.SendCustomData":       {42, ccaip.CustomData{}.Set("k", ccaip.CustomDataItem{Label: "K", Value: "v"})},
		"Client.SendSignedCustomData": {42, ccaip.CustomData{}.Set("k", ccaip.CustomDataItem{Label: "K", Value: "v"})},
		"Client.UpdateCustomerFlags":  {42, ccaip.CustomerFlagsUpdate{BadActor: new(true)}},
		"Client.AttachVideo":          {42, ccaip.VideoAttachment{S3Path: "a/b.mp4"}},
		"Client.AttachPhotos":         {42, []ccaip.PhotoAttachment{{S3Path: "a/b.jpg"}}},
		"Client.UpdateEscalation":     {42, 7, ccaip.DeflectEmail},
		"Client.UploadPhoto":          {42, bytes.NewReader(callJPEG), int64(len(callJPEG))},
		"Client.UploadVideo":          {42, bytes.NewReader(callMP4), int64(len(callMP4))},
	})
	require.Equal(t, []string{"Client.WatchChat"}, missing, "methods without ...call.Option (a watcher takes WatchCall)")
	methods = append(methods, calltest.Method{Name: "Client.WatchChat", Call: func(ctx context.Context, opts ...call.Option) error {
		for _, err := range c.WatchChat(ctx, 42, ccaip.WatchCall(opts...), ccaip.WatchGiveUpAfter(1)) {
			return err
		}
		return nil
	}})
	calltest.Check(t, srv, methods)
}

// TestResponseIntoAfterRetries checks call.ResponseInto and the Error's
// request id and headers on a success after 503s and on a 503 that
// outlasts the retries.
func TestResponseIntoAfterRetries(t *testing.T) {
	var hits, fail atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := hits.Add(1)
		w.Header().Set("Request-Id", "req-"+strconv.Itoa(int(n)))
		if n <= fail.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	defer srv.Close()
	c := newCallsClient(t, srv.URL)
	ctx := context.Background()

	fail.Store(2)
	var resp call.Response
	var out map[string]bool
	require.NoError(t, c.Raw(ctx, http.MethodGet, "anything", nil, &out, call.Idempotent(), call.ResponseInto(&resp)))
	require.Equal(t, call.Response{StatusCode: 200, Header: resp.Header, RequestID: "req-3", Attempts: 3}, resp)
	require.True(t, out["ok"])

	hits.Store(0)
	fail.Store(100)
	_, err := c.GetChat(ctx, 42, call.MaxRetries(1), call.ResponseInto(&resp))
	var e *ccaip.Error
	require.ErrorAs(t, err, &e)
	require.Equal(t, "req-2", e.RequestID)
	require.Equal(t, "req-2", e.Header.Get("Request-Id"))
	require.Equal(t, call.Response{StatusCode: 503, Header: e.Header, RequestID: "req-2", Attempts: 2}, resp)
	require.EqualValues(t, 2, hits.Load())

	// Raw is unsafe unless told otherwise: a 503 is not resent.
	hits.Store(0)
	err = c.Raw(ctx, http.MethodPost, "anything", map[string]int{"n": 1}, nil, call.ResponseInto(&resp))
	require.ErrorIs(t, err, ccaip.ErrOutcomeUnknown)
	require.EqualValues(t, 1, hits.Load())
	require.Equal(t, 1, resp.Attempts)
}

func TestCallHeaderRefused(t *testing.T) {
	srv := calltest.NewServer(t)
	c := newCallsClient(t, srv.URL)
	ctx := context.Background()
	for name, opt := range map[string]call.Option{
		"credential": call.Header("Authorization", "Basic b3RoZXI="),
		"newline":    call.Header("X-Note", "a\r\nX-Evil: 1"),
		"bad name":   call.Header("X Note", "a"),
	} {
		_, err := c.GetChat(ctx, 42, opt)
		require.ErrorIs(t, err, ccaip.ErrInvalidArgument, name)
		require.NotContains(t, err.Error(), "b3RoZXI=", name)
	}
	require.Empty(t, srv.Seen(), "a refused header must not reach the server")
}

func TestRawAgainstFake(t *testing.T) {
	srv := ccaiptest.NewServer()
	defer srv.Close()
	c, err := ccaip.NewClient(ccaiptest.DefaultUsername, ccaiptest.DefaultToken, ccaip.WithBaseURL(srv.URL()))
	require.NoError(t, err)
	ctx := context.Background()

	user, err := c.UpsertEndUser(ctx, &ccaip.EndUserRequest{Identifier: "u-1"})
	require.NoError(t, err)
	chat, err := c.CreateChat(ctx, &ccaip.CreateChatRequest{MenuID: 1, EndUserID: user.ID, Lang: "en"})
	require.NoError(t, err)
	var got map[string]any
	var resp call.Response
	require.NoError(t, c.Raw(ctx, http.MethodGet, "chats/"+strconv.FormatInt(chat.ID, 10), nil, &got, call.Idempotent(), call.ResponseInto(&resp)))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.EqualValues(t, chat.ID, got["id"])

	err = c.Raw(ctx, http.MethodGet, "not-modelled", nil, nil)
	var e *ccaip.Error
	require.ErrorAs(t, err, &e)
	require.Equal(t, http.StatusNotFound, e.StatusCode)

	for _, bad := range []string{"https://elsewhere.example/api", "chats/../../admin", "//elsewhere.example/x"} {
		err := c.Raw(ctx, http.MethodGet, bad, nil, nil)
		require.True(t, errors.Is(err, ccaip.ErrInvalidArgument), "%s: %v", bad, err)
	}
}
