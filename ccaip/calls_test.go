package ccaip_test

import (
	"bytes"
	"context"
	"iter"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/ccaip"
	"github.com/switchboard-go/switchboard/ccaip/ccaiptest"
	"github.com/switchboard-go/switchboard/internal/calltest"
	"github.com/switchboard-go/switchboard/internal/conformance"
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
	calltest.Every(t, srv, map[string][]any{
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
	}, []any{c}, calltest.Watcher("Client.WatchChat", func(ctx context.Context, opts ...call.Option) iter.Seq2[ccaip.ChatChange, error] {
		return c.WatchChat(ctx, 42, ccaip.WatchCall(opts...), ccaip.WatchGiveUpAfter(1))
	}))
}

func TestResponseIntoAfterRetries(t *testing.T) {
	calltest.AfterRetries(t, calltest.Retries{
		IDHeader: "Request-Id", Body: `{"ok":true}`, ErrorAs: conformance.ErrorAs[*ccaip.Error],
		Calls: func(base string) calltest.RetryCalls {
			c := newCallsClient(t, base)
			return calltest.RetryCalls{
				Succeed: func(ctx context.Context, opts ...call.Option) error {
					var out map[string]bool
					err := c.Raw(ctx, http.MethodGet, "anything", nil, &out, append(opts, call.Idempotent())...)
					if err == nil {
						require.True(t, out["ok"], "the answer is decoded")
					}
					return err
				},
				Fail: func(ctx context.Context, opts ...call.Option) error {
					_, err := c.GetChat(ctx, 42, opts...)
					return err
				},
				Unsafe: func(ctx context.Context, opts ...call.Option) error {
					return c.Raw(ctx, http.MethodPost, "anything", map[string]int{"n": 1}, nil, opts...)
				},
			}
		},
	})
}

func TestCallHeaderRefused(t *testing.T) {
	srv := calltest.NewServer(t)
	c := newCallsClient(t, srv.URL)
	calltest.HeaderRefused(t, srv, call.Header("Authorization", "Basic b3RoZXI="), "b3RoZXI=",
		func(ctx context.Context, opt call.Option) error { _, err := c.GetChat(ctx, 42, opt); return err })
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

	calltest.RawStaysInside(t, "chats/../../admin", func(ctx context.Context, path string) error {
		return c.Raw(ctx, http.MethodGet, path, nil, nil)
	})
}
