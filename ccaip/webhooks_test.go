package ccaip_test

import (
	"context"
	"net/http"
	"net/http/httptest"
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
	assert.Equal(t, 401, serve(func(r *http.Request) { r.Header.Set("X-Signature-Timestamp", "1000000000") }))

	stale := (&ccaip.WebhookVerifier{Secrets: []string{ccaiptest.DefaultWebhookSecret}, Now: func() time.Time { return time.Now().Add(time.Hour) }})
	req, err := srv.WebhookRequest(context.Background(), "http://receiver.test/hook", ev)
	require.NoError(t, err)
	_, err = stale.Verify(req)
	require.ErrorIs(t, err, ccaip.ErrStaleWebhook)
	stale.ReplayWindow = -1
	req, err = srv.WebhookRequest(context.Background(), "http://receiver.test/hook", ev)
	require.NoError(t, err)
	body, err := stale.Verify(req)
	require.NoError(t, err)
	assert.Contains(t, string(body), "chat_created")
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
