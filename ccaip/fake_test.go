package ccaip_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/ccaip"
	"github.com/switchboard-go/switchboard/ccaip/ccaiptest"
)

// fakeEnv is a fake server and a client pointed at it.
type fakeEnv struct {
	srv *ccaiptest.Server
	c   *ccaip.Client
	tr  *http.Transport
}

// close shuts the fake and the client's connections.
func (e *fakeEnv) close() {
	e.tr.CloseIdleConnections()
	e.srv.Close()
}

// newFake starts a fake and a client with short retry waits and no rate
// limit; call close (or rely on the test cleanup).
func newFake(t *testing.T, srvOpts []ccaiptest.Option, opts ...ccaip.Option) *fakeEnv {
	t.Helper()
	srv := ccaiptest.NewServer(srvOpts...)
	tr := &http.Transport{}
	signer, err := ccaip.NewSigner(ccaiptest.DefaultCompanySecret)
	require.NoError(t, err)
	base := []ccaip.Option{
		ccaip.WithBaseURL(srv.URL()), ccaip.WithHTTPClient(&http.Client{Transport: tr}),
		ccaip.WithRetryWait(time.Millisecond, 5*time.Millisecond), ccaip.WithRateLimiter(nil),
		ccaip.WithSigner(signer), ccaip.WithWatchInterval(time.Millisecond),
	}
	c, err := ccaip.NewClient(ccaiptest.DefaultHost, ccaiptest.DefaultToken, append(base, opts...)...)
	require.NoError(t, err)
	e := &fakeEnv{srv: srv, c: c, tr: tr}
	t.Cleanup(e.close)
	return e
}

// jpeg is a tiny JPEG-looking payload (its magic bytes and padding).
func jpeg(n int) []byte {
	b := make([]byte, n)
	copy(b, "\xff\xd8\xff\xe0\x00\x10JFIF\x00")
	return b
}

// mp4 is a tiny MP4-looking payload.
func mp4(n int) []byte {
	b := make([]byte, n)
	copy(b, "\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom")
	return b
}

// startChat upserts an end user and creates a chat on the fake.
func startChat(t *testing.T, c *ccaip.Client) (*ccaip.EndUser, *ccaip.Chat) {
	t.Helper()
	ctx := context.Background()
	u, err := c.UpsertEndUser(ctx, &ccaip.EndUserRequest{Identifier: euID, Name: "Anna"})
	require.NoError(t, err)
	chat, err := c.CreateChat(ctx, &ccaip.CreateChatRequest{MenuID: 11, EndUserID: u.ID, Lang: "en", Context: map[string]any{"order": "A-1"}})
	require.NoError(t, err)
	return u, chat
}

func TestConversation(t *testing.T) {
	e := newFake(t, nil)
	ctx := context.Background()
	u, chat := startChat(t, e.c)
	assert.Equal(t, ccaip.ChatVAAssigned, chat.Status)
	require.NotNil(t, chat.EndUser)
	assert.Equal(t, euID, chat.EndUser.Identifier)

	require.NoError(t, e.c.SendText(ctx, chat.ID, u.ID, "hello"))
	data := ccaip.CustomData{}.
		VerifiedCustomer("Verified", true).
		Set("plan", ccaip.StringItem("Plan", "gold")).
		Set("since", ccaip.DateItem("Customer since", time.UnixMilli(1537399655992))).
		Set("ssn", ccaip.StringItem("SSN", "102-186-1837").Hidden())
	require.NoError(t, e.c.SendSignedCustomData(ctx, chat.ID, data))

	photo, err := e.c.UploadPhoto(ctx, chat.ID, bytes.NewReader(jpeg(4096)), -1)
	require.NoError(t, err)
	require.NoError(t, e.c.SendPhoto(ctx, chat.ID, u.ID, photo.ID))
	esc, err := e.c.Escalate(ctx, chat.ID, &ccaip.EscalateRequest{Reason: ccaip.ReasonByEndUserAsk, ForceEscalate: true})
	require.NoError(t, err)
	assert.Equal(t, ccaip.EscalationEscalating, esc.Status)
	_, err = e.srv.AgentJoins(chat.ID, "Maria Rossi")
	require.NoError(t, err)
	got, err := e.c.GetChat(ctx, chat.ID)
	require.NoError(t, err)
	require.NotNil(t, got.Agent)
	assert.Equal(t, "Maria", got.Agent.FirstName)
	_, err = e.c.FinishChat(ctx, chat.ID, u.ID)
	require.NoError(t, err)

	rec, ok := e.srv.Chat(chat.ID)
	require.True(t, ok)
	assert.Equal(t, "finished", rec.Status)
	assert.Equal(t, map[string]any{"order": "A-1"}, rec.Context)
	require.Len(t, rec.Messages, 2)
	assert.Equal(t, "hello", rec.Messages[0].Text)
	assert.Equal(t, photo.ID, rec.Messages[1].MediaID)
	require.Len(t, rec.CustomData, 1)
	assert.True(t, rec.CustomData[0].Signed)
	assert.Equal(t, map[string]any{"label": "SSN", "value": "102-186-1837", "type": "string", "invisible_to_agent": true}, rec.CustomData[0].Data["ssn"])
	assert.Equal(t, 1537399655992.0, rec.CustomData[0].Data["since"].(map[string]any)["value"])
	assert.Equal(t, "escalated", rec.Escalations[0].Status)

	err = e.c.SendText(ctx, chat.ID, u.ID, "late")
	require.ErrorIs(t, err, ccaip.ErrSessionEnded)
}

func TestSignedCustomDataWrongSecret(t *testing.T) {
	other, err := ccaip.NewSigner("not-the-company-secret")
	require.NoError(t, err)
	e := newFake(t, nil, ccaip.WithSigner(other))
	_, chat := startChat(t, e.c)
	err = e.c.SendSignedCustomData(context.Background(), chat.ID, ccaip.CustomData{"a": ccaip.StringItem("A", "b")})
	require.ErrorIs(t, err, ccaip.ErrInvalidRequest)
	assert.Contains(t, err.Error(), "Invalid signed_data")
}

func TestUploadVideoAndList(t *testing.T) {
	e := newFake(t, nil)
	ctx := context.Background()
	u, chat := startChat(t, e.c)
	// A one-shot reader: its size is required and it is read once.
	v, err := e.c.UploadVideo(ctx, chat.ID, io.MultiReader(bytes.NewReader(mp4(10000))), 10000)
	require.NoError(t, err)
	require.NoError(t, e.c.SendVideo(ctx, chat.ID, u.ID, v.ID))
	list, err := e.c.ListVideos(ctx, chat.ID)
	require.NoError(t, err)
	require.Equal(t, []ccaip.Media{*v}, list)
	photos, err := e.c.ListPhotos(ctx, chat.ID)
	require.NoError(t, err)
	assert.Empty(t, photos)
	key := strings.TrimPrefix(v.URL, e.srv.StorageURL()+"/")
	stored, ok := e.srv.Object(key)
	require.True(t, ok)
	assert.Equal(t, mp4(10000), stored)
}

func TestUploadLimits(t *testing.T) {
	e := newFake(t, nil)
	ctx := context.Background()
	_, chat := startChat(t, e.c)
	before := len(e.srv.Received())

	_, err := e.c.UploadPhoto(ctx, chat.ID, bytes.NewReader(jpeg(ccaip.MaxPhotoBytes+1)), -1)
	require.ErrorIs(t, err, ccaip.ErrUploadTooLarge)
	_, err = e.c.UploadPhoto(ctx, chat.ID, bytes.NewReader([]byte("GIF89a not a jpeg")), -1)
	require.ErrorIs(t, err, ccaip.ErrMediaType)
	_, err = e.c.UploadVideo(ctx, chat.ID, bytes.NewReader(jpeg(100)), -1)
	require.ErrorIs(t, err, ccaip.ErrMediaType)
	_, err = e.c.UploadVideo(ctx, chat.ID, io.MultiReader(bytes.NewReader(mp4(100))), -1)
	require.ErrorContains(t, err, "size")
	_, err = e.c.UploadPhoto(ctx, chat.ID, nil, 0)
	require.Error(t, err)
	assert.Len(t, e.srv.Received(), before, "nothing is sent for a refused file")
}

func TestUploadStorageRefuses(t *testing.T) {
	e := newFake(t, nil)
	_, chat := startChat(t, e.c)
	e.srv.InjectFault(ccaiptest.Fault{Method: "POST", Path: "/storage/upload", Status: 403,
		Body: "<Error><Code>AccessDenied</Code><Message>Policy expired.</Message></Error>"})
	_, err := e.c.UploadPhoto(context.Background(), chat.ID, bytes.NewReader(jpeg(100)), -1)
	var ce *ccaip.Error
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, ccaip.ErrorCode("AccessDenied"), ce.Code)
	assert.Equal(t, "Policy expired.", ce.Message)
	assert.Equal(t, 1, e.srv.Count("POST", "/storage/upload"), "an upload is never retried")
	assert.Equal(t, 0, e.srv.Count("POST", "/photos")-e.srv.Count("POST", "/photos/upload"), "nothing attached")
}

func TestDownloadMediaFromFake(t *testing.T) {
	e := newFake(t, nil)
	_, chat := startChat(t, e.c)
	mid, err := e.srv.AddAgentMedia(chat.ID, "application/pdf", []byte("%PDF-1.4"))
	require.NoError(t, err)
	f, err := e.c.DownloadMedia(context.Background(), chat.ID, mid)
	require.NoError(t, err)
	defer f.Body.Close()
	b, err := io.ReadAll(f.Body)
	require.NoError(t, err)
	assert.Equal(t, "%PDF-1.4", string(b))
	assert.Equal(t, int64(8), f.ContentLength)
}

func TestUnsafeNeverRetried(t *testing.T) {
	e := newFake(t, nil)
	ctx := context.Background()
	u, chat := startChat(t, e.c)
	e.srv.InjectFault(ccaiptest.Fault{Method: "POST", Path: "/message", Status: 503, Body: `{"message":"busy"}`})
	err := e.c.SendText(ctx, chat.ID, u.ID, "once")
	require.ErrorIs(t, err, ccaip.ErrServerError)
	assert.Equal(t, 1, e.srv.Count("POST", "/message"))

	e.srv.InjectFault(ccaiptest.Fault{Method: "POST", Path: "/message", DropAfter: true})
	err = e.c.SendText(ctx, chat.ID, u.ID, "maybe")
	require.Error(t, err)
	rec, _ := e.srv.Chat(chat.ID)
	assert.Len(t, rec.Messages, 1, "the dropped send reached the server once and was not repeated")
}

func TestIdempotentRetried(t *testing.T) {
	e := newFake(t, nil)
	_, chat := startChat(t, e.c)
	e.srv.InjectFault(ccaiptest.Fault{Method: "GET", Path: "/chats/", Status: 503, Times: 2})
	e.srv.InjectFault(ccaiptest.Fault{Method: "GET", Path: "/chats/", Status: 429, RetryAfter: "1"})
	got, err := e.c.GetChat(context.Background(), chat.ID)
	require.NoError(t, err)
	assert.Equal(t, chat.ID, got.ID)
	assert.Equal(t, 4, e.srv.Count("GET", "/chats/"))
}

func TestRateLimitedAfterRetries(t *testing.T) {
	e := newFake(t, nil, ccaip.WithMaxRetries(1))
	e.srv.InjectFault(ccaiptest.Fault{Method: "GET", Path: "/chats/", Status: 429, RetryAfter: "7", Times: 2, Body: `{"message":"Too many requests"}`})
	_, err := e.c.GetChat(context.Background(), 1)
	require.ErrorIs(t, err, ccaip.ErrRateLimited)
	var ce *ccaip.Error
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, 7*time.Second, ce.RetryAfter)
	assert.Equal(t, 2, ce.Attempts)
	assert.Contains(t, err.Error(), "(after 2 attempts)")
}

func TestUnauthorized(t *testing.T) {
	e := newFake(t, nil)
	c, err := ccaip.NewClient(ccaiptest.DefaultHost, "wrong-token", ccaip.WithBaseURL(e.srv.URL()),
		ccaip.WithHTTPClient(&http.Client{Transport: e.tr}))
	require.NoError(t, err)
	_, err = c.GetChat(context.Background(), 1)
	require.ErrorIs(t, err, ccaip.ErrUnauthorized)
	assert.NotContains(t, err.Error(), "wrong-token")
}

func TestUsernameOverride(t *testing.T) {
	e := newFake(t, []ccaiptest.Option{ccaiptest.WithCredentials("ops", "tok-123")})
	c, err := ccaip.NewClient(ccaiptest.DefaultHost, "tok-123", ccaip.WithUsername("ops"),
		ccaip.WithBaseURL(e.srv.URL()), ccaip.WithHTTPClient(&http.Client{Transport: e.tr}))
	require.NoError(t, err)
	_, err = c.GetEndUser(context.Background(), 1)
	require.ErrorIs(t, err, ccaip.ErrNotFound, "authenticated, then not found")
}

func TestEndUserPathFallback(t *testing.T) {
	for _, tc := range []struct {
		served             string
		underscore, hyphen int
	}{
		{"end_user", 2, 0},
		{"end-user", 1, 2},
	} {
		t.Run(tc.served, func(t *testing.T) {
			e := newFake(t, []ccaiptest.Option{ccaiptest.WithEndUserPath(tc.served)})
			ctx := context.Background()
			_, chat := startChat(t, e.c)
			req := &ccaip.EndUserRequest{Identifier: "new-id", Email: "new@example.com"}
			require.NoError(t, e.c.UpdateChatEndUser(ctx, chat.ID, req))
			require.NoError(t, e.c.UpdateChatEndUser(ctx, chat.ID, req))
			assert.Equal(t, tc.underscore, e.srv.Count("POST", "/chats/"+fmt.Sprint(chat.ID)+"/end_user"))
			assert.Equal(t, tc.hyphen, e.srv.Count("POST", "/chats/"+fmt.Sprint(chat.ID)+"/end-user"))
			rec, _ := e.srv.Chat(chat.ID)
			assert.Len(t, rec.EndUserUpdates, 2)
		})
	}
}

// The API answers a missing chat and a path it does not route with the same
// {"message": "Not Found"}. Until a spelling is confirmed, a 404 tries the
// other; once one is, a 404 is the chat's.
func TestEndUserPathNotFoundChat(t *testing.T) {
	e := newFake(t, nil)
	ctx := context.Background()
	req := &ccaip.EndUserRequest{Identifier: "x"}
	err := e.c.UpdateChatEndUser(ctx, 999, req)
	require.ErrorIs(t, err, ccaip.ErrNotFound)
	var ce *ccaip.Error
	require.ErrorAs(t, err, &ce)
	assert.Contains(t, ce.URL, "/chats/999/end_user", "the first spelling's error is returned")
	assert.Equal(t, 1, e.srv.Count("POST", "/chats/999/end_user"))
	assert.Equal(t, 1, e.srv.Count("POST", "/chats/999/end-user"))

	_, chat := startChat(t, e.c)
	require.NoError(t, e.c.UpdateChatEndUser(ctx, chat.ID, req))
	err = e.c.UpdateChatEndUser(ctx, 998, req)
	require.ErrorIs(t, err, ccaip.ErrNotFound)
	assert.Equal(t, 1, e.srv.Count("POST", "/chats/998/"), "a confirmed spelling is not second-guessed")
}

// A refusal of the request's content (400) proves that the spelling is
// routed, as a success does.
func TestEndUserPathConfirmedByRefusal(t *testing.T) {
	e := newFake(t, []ccaiptest.Option{ccaiptest.WithEndUserPath("end-user")})
	ctx := context.Background()
	_, chat := startChat(t, e.c)
	require.NoError(t, e.srv.SetStatus(chat.ID, "finished"))
	err := e.c.UpdateChatEndUser(ctx, chat.ID, &ccaip.EndUserRequest{Identifier: "x"})
	require.ErrorIs(t, err, ccaip.ErrSessionEnded)
	err = e.c.UpdateChatEndUser(ctx, 997, &ccaip.EndUserRequest{Identifier: "x"})
	require.ErrorIs(t, err, ccaip.ErrNotFound)
	assert.Equal(t, 0, e.srv.Count("POST", "/chats/997/end_user"))
	assert.Equal(t, 1, e.srv.Count("POST", "/chats/997/end-user"))
}

func TestResumeOnFake(t *testing.T) {
	e := newFake(t, nil)
	ctx := context.Background()
	_, chat := startChat(t, e.c)
	require.ErrorIs(t, e.c.ResumeChat(ctx, chat.ID), ccaip.ErrNotDismissed)
	require.NoError(t, e.srv.SetStatus(chat.ID, "va_dismissed"))
	require.NoError(t, e.c.ResumeChat(ctx, chat.ID))
	got, err := e.c.GetChat(ctx, chat.ID)
	require.NoError(t, err)
	assert.Equal(t, ccaip.ChatVAAssigned, got.Status)
}

func TestCustomerFlagsOnFake(t *testing.T) {
	e := newFake(t, nil)
	ctx := context.Background()
	_, chat := startChat(t, e.c)
	yes := true
	require.NoError(t, e.c.UpdateCustomerFlags(ctx, chat.ID, ccaip.CustomerFlagsUpdate{RepeatCustomer: &yes}))
	f, err := e.c.GetCustomerFlags(ctx, chat.ID)
	require.NoError(t, err)
	assert.Equal(t, ccaip.CustomerFlags{RepeatCustomer: true}, *f)
	_, err = e.c.GetCustomerFlags(ctx, 1)
	require.ErrorIs(t, err, ccaip.ErrNotFound)
}

func TestEscalationUpdateOnFake(t *testing.T) {
	e := newFake(t, nil)
	ctx := context.Background()
	_, chat := startChat(t, e.c)
	esc, err := e.c.Escalate(ctx, chat.ID, nil)
	require.NoError(t, err)
	got, err := e.c.UpdateEscalation(ctx, chat.ID, esc.ID, ccaip.DeflectHumanAgent)
	require.NoError(t, err)
	assert.Equal(t, esc.ID, got.ID)
	rec, _ := e.srv.Chat(chat.ID)
	assert.Equal(t, "human_agent", rec.Escalations[0].DeflectionChannel)
	_, err = e.c.UpdateEscalation(ctx, chat.ID, esc.ID+100, ccaip.DeflectEmail)
	require.ErrorIs(t, err, ccaip.ErrNotFound)

	// The chat page calls this id the menu id; the client and the fake take
	// it as the escalation's id, so the chat's menu id is not found.
	require.NotEqual(t, chat.Menus[0].ID, esc.ID)
	_, err = e.c.UpdateEscalation(ctx, chat.ID, chat.Menus[0].ID, ccaip.DeflectEmail)
	require.ErrorIs(t, err, ccaip.ErrNotFound)
}

func TestConcurrentSends(t *testing.T) {
	e := newFake(t, nil)
	u, chat := startChat(t, e.c)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			assert.NoError(t, e.c.SendText(context.Background(), chat.ID, u.ID, strings.Repeat("x", i+1)))
		})
	}
	wg.Wait()
	rec, _ := e.srv.Chat(chat.ID)
	assert.Len(t, rec.Messages, 8)
}

func TestContextCanceled(t *testing.T) {
	e := newFake(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := e.c.GetChat(ctx, 1)
	require.True(t, errors.Is(err, context.Canceled), "%v", err)
}
