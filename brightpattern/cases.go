package brightpattern

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/callopt"
	"github.com/switchboard-go/switchboard/internal/flex"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// CaseSession is one past chat session of the chat's case.
type CaseSession struct {
	ChatID  string
	Created time.Time
	Events  []Event
}

// CaseHistory returns the sessions of the case attached to chatID (see
// [CaseSetEvent]). API v2 only. Without a case, the error matches
// [ErrNoCase] (5601). The path is chats/{chatId}/casehistory as the
// official clients call it (the v2 collection shows no chat id).
//
// GET chats/{chatId}/casehistory — idempotent: retried on connection
// errors, 429, 502, 503 and 504.
func (c *Client) CaseHistory(ctx context.Context, chatID string, opts ...call.Option) ([]CaseSession, error) {
	ctx = callopt.With(ctx, opts)
	if err := c.requireV2(); err != nil {
		return nil, err
	}
	return doDecodeAs(ctx, c, &httpcore.Request{
		Method: http.MethodGet, Path: "chats/{chatId}/casehistory", PathParams: []string{chatID}, Safety: httpcore.Idempotent,
	}, decodeCaseHistory)
}

func decodeCaseHistory(body []byte) ([]CaseSession, error) {
	var w struct {
		Sessions []struct {
			ChatID      flex.String       `json:"chat_id"`
			CreatedTime flex.Time         `json:"created_time"`
			Events      []json.RawMessage `json:"events"`
		} `json:"sessions"`
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, nil
	}
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, fmt.Errorf("case history: %w", err)
	}
	out := make([]CaseSession, 0, len(w.Sessions))
	for _, s := range w.Sessions {
		out = append(out, CaseSession{ChatID: s.ChatID.Value, Created: s.CreatedTime.Value, Events: decodeEventList(s.Events)})
	}
	return out, nil
}

// CloseCase closes the case attached to chatID. API v2 only. Without a
// case, the error matches [ErrNoCase]; a CRM failure is error 5602.
//
// POST chats/{chatId}/closecase — unsafe: never retried after the request
// may have reached the server.
func (c *Client) CloseCase(ctx context.Context, chatID string, opts ...call.Option) error {
	ctx = callopt.With(ctx, opts)
	if err := c.requireV2(); err != nil {
		return err
	}
	_, err := c.core.Do(ctx, &httpcore.Request{
		Method: http.MethodPost, Path: "chats/{chatId}/closecase", PathParams: []string{chatID}, Safety: httpcore.Unsafe,
	}, nil)
	return err
}
