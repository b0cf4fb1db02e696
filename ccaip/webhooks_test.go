package ccaip_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/ccaip"
	"github.com/switchboard-go/switchboard/ccaip/ccaiptest"
)

func TestWebhookRoundTrip(t *testing.T) {
	srv := ccaiptest.NewServer(ccaiptest.WithWebhookSecrets("old-secret", "new-secret"))
	defer srv.Close()
	got := make(chan *ccaip.WebhookEvent, 1)
	v := &ccaip.WebhookVerifier{Secrets: []string{"new-secret"}}
	recv := httptest.NewServer(v.Handler(func(_ *http.Request, ev *ccaip.WebhookEvent) error {
		got <- ev
		return nil
	}))
	defer recv.Close()

	status, err := srv.SendWebhook(context.Background(), recv.URL, ccaiptest.Webhook{
		EventType: "message_received", ChatID: 4242, SenderType: "agent", SenderID: 301, MessageType: "photo", MediaID: 777,
	})
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, status)
	ev := <-got
	assert.Equal(t, ccaip.EventMessageReceived, ev.Type)
	assert.Equal(t, int64(4242), ev.ChatID)
	assert.Equal(t, ccaip.SenderAgent, ev.SenderType)
	assert.Equal(t, int64(777), ev.MediaID)
	assert.Equal(t, ccaip.MessagePhoto, ev.MessageType)
	assert.WithinDuration(t, time.Now(), ev.Timestamp, time.Minute)
}

func TestWebhookAnswers(t *testing.T) {
	srv := ccaiptest.NewServer()
	defer srv.Close()
	ok := func(*http.Request, *ccaip.WebhookEvent) error { return nil }
	h := (&ccaip.WebhookVerifier{Secrets: []string{ccaiptest.DefaultWebhookSecret}}).Handler(ok)
	ev := ccaiptest.Webhook{EventType: "chat_created", ChatID: 1}

	serve := func(mutate func(*http.Request)) int {
		req, err := srv.WebhookRequest(context.Background(), "http://receiver.test/hook", ev)
		require.NoError(t, err)
		mutate(req)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	assert.Equal(t, 200, serve(func(*http.Request) {}))
	assert.Equal(t, 400, serve(func(r *http.Request) { r.Header.Del("X-Signature") }))
	assert.Equal(t, 400, serve(func(r *http.Request) { r.Header.Del("X-Signature-Timestamp") }))
	assert.Equal(t, 401, serve(func(r *http.Request) { r.Header.Set("X-Signature", "primary=AAAA") }))
	assert.Equal(t, 401, serve(func(r *http.Request) { r.Header.Set("X-Signature-Timestamp", "1000000000") }),
		"the timestamp is signed: changing it breaks the signature")
}

// signedAt builds a webhook signed with secret at the timestamp text ts.
func signedAt(ts, secret string) *http.Request {
	body := []byte(`{"event_type":"chat_created","chat_id":7}`)
	req := httptest.NewRequest("POST", "/hook", strings.NewReader(string(body)))
	req.Header.Set("X-Signature-Timestamp", ts)
	req.Header.Set("X-Signature", ccaiptest.Sign(ts, body, secret))
	return req
}

// A correctly signed webhook is accepted by default, however old its
// timestamp and whatever its layout: the vendor's guide checks the signature
// only, and shows its replay check commented out.
func TestWebhookReplayWindowIsOptIn(t *testing.T) {
	const secret = "s3cret"
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, ts := range []string{"1000000000", strconv.FormatInt(now.Unix(), 10), "not a time", "2026-03-01 11:00:00 UTC"} {
		_, err := ccaip.VerifyWebhook(signedAt(ts, secret), secret)
		require.NoError(t, err, ts)
		_, err = (&ccaip.WebhookVerifier{Secrets: []string{secret}}).Verify(signedAt(ts, secret))
		require.NoError(t, err, ts)
	}

	v := &ccaip.WebhookVerifier{Secrets: []string{secret}, ReplayWindow: ccaip.DefaultReplayWindow, Now: func() time.Time { return now }}
	for ts, want := range map[string]error{
		strconv.FormatInt(now.Unix(), 10):                     nil,
		strconv.FormatInt(now.Add(-4*time.Minute).Unix(), 10): nil,
		"2026-03-01 11:58:00 UTC":                             nil,
		"2026-03-01T04:58:00-0700":                            nil,
		strconv.FormatInt(now.Add(-6*time.Minute).Unix(), 10): ccaip.ErrStaleWebhook,
		strconv.FormatInt(now.Add(6*time.Minute).Unix(), 10):  ccaip.ErrStaleWebhook,
		"1000000000":    ccaip.ErrStaleWebhook,
		"not a time":    ccaip.ErrInvalidTimestamp,
		"2026-03-01 PM": ccaip.ErrInvalidTimestamp,
	} {
		_, err := v.Verify(signedAt(ts, secret))
		if want == nil {
			require.NoError(t, err, ts)
		} else {
			require.ErrorIs(t, err, want, ts)
		}
	}
	// A bad signature is reported as such before the timestamp is read.
	req := signedAt("not a time", "other")
	_, err := v.Verify(req)
	require.ErrorIs(t, err, ccaip.ErrInvalidSignature)

	serve := func(req *http.Request) int {
		rec := httptest.NewRecorder()
		v.Handler(func(*http.Request, *ccaip.WebhookEvent) error { return nil }).ServeHTTP(rec, req)
		return rec.Code
	}
	assert.Equal(t, 200, serve(signedAt(strconv.FormatInt(now.Unix(), 10), secret)))
	assert.Equal(t, 401, serve(signedAt("1000000000", secret)))
	assert.Equal(t, 400, serve(signedAt("not a time", secret)))

	v.ReplayWindow = -time.Minute
	_, err = v.Verify(signedAt("not a time", secret))
	require.NoError(t, err, "a negative window is no window")
}

// An unreadable timestamp in the body never fails the parse.
func TestParseWebhookEventTimestamp(t *testing.T) {
	ev, err := ccaip.ParseWebhookEvent([]byte(`{"event_type":"chat_created","chat_id":1,"timestamp":"2024-01-02 15:04:05 UTC"}`))
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 1, 2, 15, 4, 5, 0, time.UTC), ev.Timestamp.UTC())
	ev, err = ccaip.ParseWebhookEvent([]byte(`{"event_type":"chat_created","chat_id":1,"timestamp":"yesterday"}`))
	require.NoError(t, err)
	assert.True(t, ev.Timestamp.IsZero())
	assert.Contains(t, string(ev.Raw), "yesterday")
}

func TestVerifyWebhookSecondary(t *testing.T) {
	body := []byte(`{"event_type":"chat_created","chat_id":"12"}`)
	ts := time.Now().Unix()
	req := httptest.NewRequest("POST", "/hook", strings.NewReader(string(body)))
	tsText := strings.TrimSpace(time.Unix(ts, 0).Format("2006-01-02T15:04:05Z07:00"))
	req.Header.Set("X-Signature-Timestamp", tsText)
	req.Header.Set("X-Signature", ccaiptest.Sign(tsText, body, "primary-s", "secondary-s"))
	got, err := ccaip.VerifyWebhook(req, "unrelated", "secondary-s")
	require.NoError(t, err)
	assert.Equal(t, body, got)
	ev, err := ccaip.ParseWebhookEvent(got)
	require.NoError(t, err)
	assert.Equal(t, int64(12), ev.ChatID)

	req = httptest.NewRequest("POST", "/hook", strings.NewReader(string(body)+" "))
	req.Header.Set("X-Signature-Timestamp", tsText)
	req.Header.Set("X-Signature", ccaiptest.Sign(tsText, body, "primary-s"))
	_, err = ccaip.VerifyWebhook(req, "primary-s")
	require.ErrorIs(t, err, ccaip.ErrInvalidSignature, "a changed body fails")
}

func TestParseWebhookEventShapes(t *testing.T) {
	ev, err := ccaip.ParseWebhookEvent([]byte(`{"event_type":"MessageReceivedEvent","chat_id":9,
		"body":{"sender":{"type":"end_user","id":"5"},"message":{"type":"text","content":"hi"}},"extra":{"x":1}}`))
	require.NoError(t, err)
	assert.Equal(t, ccaip.EventMessageReceived, ev.Type)
	assert.Equal(t, "hi", ev.Text)
	assert.Equal(t, int64(5), ev.SenderID)

	ev, err = ccaip.ParseWebhookEvent([]byte(`{"event":"ParticipantJoinedEvent","chat_id":9,"body":{"message":{"type":"photo","content":{"media_id":"31"}}}}`))
	require.NoError(t, err)
	assert.Equal(t, ccaip.EventParticipantJoined, ev.Type)
	assert.Equal(t, int64(31), ev.MediaID)

	_, err = ccaip.ParseWebhookEvent([]byte(`{"chat_id":9}`))
	require.Error(t, err)
	_, err = ccaip.ParseWebhookEvent([]byte(`not json`))
	require.Error(t, err)
}
