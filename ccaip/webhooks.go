package ccaip

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/switchboard-go/switchboard/internal/flex"
)

// Webhook header names.
const (
	HeaderSignature          = "X-Signature"
	HeaderSignatureTimestamp = "X-Signature-Timestamp"
)

// DefaultReplayWindow is a suggested [WebhookVerifier.ReplayWindow]. The
// check is off unless a window is set: the vendor's guide verifies the
// signature only, and shows its replay check (one minute) commented out.
const DefaultReplayWindow = 5 * time.Minute

// MaxWebhookBytes caps how much of a webhook body is read.
const MaxWebhookBytes = 1 << 20

// Webhook verification errors. [WebhookVerifier.Handler] answers
// ErrMissingSignature and ErrInvalidTimestamp with 400 and the others with
// 401.
var (
	ErrMissingSignature = errors.New("ccaip: webhook lacks X-Signature or X-Signature-Timestamp")
	ErrInvalidSignature = errors.New("ccaip: webhook signature does not match")
	// ErrStaleWebhook: the timestamp is outside the replay window.
	ErrStaleWebhook = errors.New("ccaip: webhook timestamp outside the replay window")
	// ErrInvalidTimestamp: a replay window is set and X-Signature-Timestamp
	// is in no layout the client reads, so its age is unknown.
	ErrInvalidTimestamp = errors.New("ccaip: webhook timestamp cannot be read")
)

// WebhookVerifier checks webhook signatures. The zero value needs Secrets.
type WebhookVerifier struct {
	// Secrets are the company's webhook secrets (primary, secondary). A
	// request passes when any of its signatures matches any secret.
	Secrets []string
	// ReplayWindow, when positive, bounds the age (and future skew) of
	// X-Signature-Timestamp, for example [DefaultReplayWindow]. Zero or
	// negative leaves the timestamp unchecked beyond the signature, as the
	// vendor's guide does.
	ReplayWindow time.Duration
	// Now replaces time.Now.
	Now func() time.Time
}

// VerifyWebhook checks r's signature against secrets, with no replay window,
// and returns the body (r.Body is replaced so it can be read again). Use a
// [WebhookVerifier] with ReplayWindow set to refuse old timestamps too.
func VerifyWebhook(r *http.Request, secrets ...string) ([]byte, error) {
	return (&WebhookVerifier{Secrets: secrets}).Verify(r)
}

// Verify checks X-Signature, base64(HMAC-SHA256(secret, timestamp + body)),
// against every secret, then, when ReplayWindow is set, the timestamp's age,
// and returns the body.
func (v *WebhookVerifier) Verify(r *http.Request) ([]byte, error) {
	sigHeader, ts := r.Header.Get(HeaderSignature), r.Header.Get(HeaderSignatureTimestamp)
	if sigHeader == "" || ts == "" || r.Body == nil {
		return nil, ErrMissingSignature
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxWebhookBytes+1))
	if err != nil {
		return nil, fmt.Errorf("ccaip: read webhook: %w", err)
	}
	if len(body) > MaxWebhookBytes {
		return nil, fmt.Errorf("ccaip: webhook body over %d bytes", MaxWebhookBytes)
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if !v.matches(sigHeader, ts, body) {
		return nil, ErrInvalidSignature
	}
	if err := v.checkAge(ts); err != nil {
		return nil, err
	}
	return body, nil
}

func (v *WebhookVerifier) matches(header, ts string, body []byte) bool {
	var got [][]byte
	for _, field := range strings.Fields(header) {
		_, sig, ok := strings.Cut(field, "=")
		if !ok {
			continue
		}
		if raw, err := base64.StdEncoding.DecodeString(sig); err == nil {
			got = append(got, raw)
		}
	}
	ok := false
	for _, secret := range v.Secrets {
		if secret == "" {
			continue
		}
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write([]byte(ts))
		mac.Write(body)
		want := mac.Sum(nil)
		for _, g := range got {
			ok = hmac.Equal(g, want) || ok
		}
	}
	return ok
}

func (v *WebhookVerifier) checkAge(ts string) error {
	if v.ReplayWindow <= 0 {
		return nil
	}
	now := time.Now
	if v.Now != nil {
		now = v.Now
	}
	at, ok := parseTimestamp(ts)
	if !ok {
		return ErrInvalidTimestamp
	}
	if age := now().Sub(at); age > v.ReplayWindow || age < -v.ReplayWindow {
		return ErrStaleWebhook
	}
	return nil
}

// Handler verifies each request and decodes its event before calling next.
// It answers 400 when a signature header is missing, the timestamp cannot
// be read for the replay window, or the body is not an event; 401 when the
// signature is refused or the timestamp is outside the window; and 200 when
// next returns nil (500 otherwise).
func (v *WebhookVerifier) Handler(next func(*http.Request, *WebhookEvent) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := v.Verify(r)
		switch {
		case errors.Is(err, ErrMissingSignature):
			http.Error(w, "missing signature", http.StatusBadRequest)
			return
		case errors.Is(err, ErrInvalidTimestamp):
			http.Error(w, "invalid signature timestamp", http.StatusBadRequest)
			return
		case err != nil:
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		ev, err := ParseWebhookEvent(body)
		if err != nil {
			http.Error(w, "invalid event", http.StatusBadRequest)
			return
		}
		if err := next(r, ev); err != nil {
			http.Error(w, "handler failed", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}

// EventType names a webhook event.
type EventType string

// Webhook event types. The docs name chat_created and message_received;
// the others follow the same style. Camel-case names such as
// "MessageReceivedEvent" are read as their snake-case twins.
const (
	EventChatCreated       EventType = "chat_created"
	EventMessageReceived   EventType = "message_received"
	EventParticipantJoined EventType = "participant_joined"
	EventParticipantLeft   EventType = "participant_left"
	EventChatEnded         EventType = "chat_ended"
	EventChatDismissed     EventType = "chat_dismissed"
)

// SenderType says who sent a message.
type SenderType string

// Message senders.
const (
	SenderEndUser      SenderType = "end_user"
	SenderAgent        SenderType = "agent"
	SenderVirtualAgent SenderType = "virtual_agent"
)

// WebhookEvent is a decoded webhook. Fields the event lacks are zero; Raw
// holds the whole body for fields not modelled here. Timestamp is also zero
// when the body's timestamp is in a layout the client cannot read (its text
// stays in Raw); that never fails the parse.
type WebhookEvent struct {
	Type       EventType
	ChatID     int64
	Timestamp  time.Time
	SenderType SenderType
	SenderID   int64
	// MessageType, Text and MediaID describe a message (MediaID for an
	// agent's attachment, to fetch with [Client.DownloadMedia]).
	MessageType MessageType
	Text        string
	MediaID     int64
	Raw         json.RawMessage
}

type wireWebhook struct {
	EventType flex.String `json:"event_type"`
	Event     flex.String `json:"event"`
	Type      flex.String `json:"type"`
	ChatID    flex.Int    `json:"chat_id"`
	Timestamp wireTime    `json:"timestamp"`
	MediaID   flex.Int    `json:"media_id"`
	Body      *struct {
		Sender *struct {
			Type flex.String `json:"type"`
			ID   flex.Int    `json:"id"`
		} `json:"sender"`
		Message *struct {
			Type    flex.String     `json:"type"`
			Content json.RawMessage `json:"content"`
			MediaID flex.Int        `json:"media_id"`
		} `json:"message"`
		MediaID flex.Int `json:"media_id"`
	} `json:"body"`
}

// ParseWebhookEvent decodes a webhook body tolerantly: unknown keys are
// ignored, numbers may arrive as strings, and the event name may be under
// event_type, event or type.
func ParseWebhookEvent(body []byte) (*WebhookEvent, error) {
	var w wireWebhook
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, fmt.Errorf("ccaip: decode webhook: %w", err)
	}
	name := w.EventType.Value
	for _, alt := range []flex.String{w.Event, w.Type} {
		if name == "" {
			name = alt.Value
		}
	}
	if name == "" {
		return nil, errors.New("ccaip: webhook has no event type")
	}
	ev := &WebhookEvent{
		Type: normalizeEvent(name), ChatID: w.ChatID.Value, Timestamp: w.Timestamp.Value,
		MediaID: w.MediaID.Value, Raw: append(json.RawMessage(nil), body...),
	}
	if b := w.Body; b != nil {
		if b.Sender != nil {
			ev.SenderType, ev.SenderID = SenderType(b.Sender.Type.Value), b.Sender.ID.Value
		}
		if b.MediaID.Valid {
			ev.MediaID = b.MediaID.Value
		}
		if m := b.Message; m != nil {
			ev.MessageType = MessageType(m.Type.Value)
			if m.MediaID.Valid {
				ev.MediaID = m.MediaID.Value
			}
			readContent(ev, m.Content)
		}
	}
	return ev, nil
}

// readContent takes a message's content: text, or {"media_id": n}.
func readContent(ev *WebhookEvent, raw json.RawMessage) {
	var s flex.String
	if json.Unmarshal(raw, &s) == nil {
		ev.Text = s.Value
		return
	}
	var m struct {
		MediaID flex.Int    `json:"media_id"`
		Text    flex.String `json:"text"`
	}
	if json.Unmarshal(raw, &m) == nil {
		if m.MediaID.Valid {
			ev.MediaID = m.MediaID.Value
		}
		ev.Text = m.Text.Value
	}
}

// normalizeEvent turns "MessageReceivedEvent" into "message_received" and
// leaves snake-case names as they are.
func normalizeEvent(name string) EventType {
	if strings.ContainsRune(name, '_') || strings.ToLower(name) == name {
		return EventType(name)
	}
	name = strings.TrimSuffix(name, "Event")
	var b strings.Builder
	for i, r := range name {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return EventType(b.String())
}
