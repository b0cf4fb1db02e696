package ccaiptest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// Webhook is an event the fake delivers. It is encoded as
// {"event_type", "chat_id", "timestamp", "body": {"sender": {"type", "id"},
// "message": {"type", "content", "media_id"}}}.
type Webhook struct {
	EventType  string
	ChatID     int64
	SenderType string // "end_user", "agent" or "virtual_agent"
	SenderID   int64
	// MessageType, Text and MediaID describe a message_received event.
	MessageType string
	Text        string
	MediaID     int64
}

// Sign returns the X-Signature header value for body sent at timestamp:
// "primary=<sig>" and, with a second secret, " secondary=<sig>", where each
// signature is base64(HMAC-SHA256(secret, timestamp + body)).
func Sign(timestamp string, body []byte, secrets ...string) string {
	names := []string{"primary", "secondary"}
	var parts []string
	for i, secret := range secrets {
		if i >= len(names) {
			break
		}
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write([]byte(timestamp))
		mac.Write(body)
		parts = append(parts, names[i]+"="+base64.StdEncoding.EncodeToString(mac.Sum(nil)))
	}
	return strings.Join(parts, " ")
}

// WebhookRequest builds the signed POST the vendor would send to target.
func (s *Server) WebhookRequest(ctx context.Context, target string, ev Webhook) (*http.Request, error) {
	ts := strconv.FormatInt(s.cfg.now().Unix(), 10)
	body, err := json.Marshal(map[string]any{
		"event_type": ev.EventType, "chat_id": ev.ChatID, "timestamp": ts,
		"body": map[string]any{
			"sender":  map[string]any{"type": ev.SenderType, "id": ev.SenderID},
			"message": map[string]any{"type": ev.MessageType, "content": ev.Text, "media_id": ev.MediaID},
		},
	})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature-Timestamp", ts)
	req.Header.Set("X-Signature", Sign(ts, body, s.cfg.webhookSecrets...))
	return req, nil
}

// SendWebhook delivers ev to target, signed, and returns the receiver's
// status code.
func (s *Server) SendWebhook(ctx context.Context, target string, ev Webhook) (int, error) {
	req, err := s.WebhookRequest(ctx, target, ev)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, fmt.Errorf("ccaiptest: webhook: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}
