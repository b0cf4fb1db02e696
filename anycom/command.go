package anycom

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/switchboard-go/switchboard/internal/flex"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// commandRequest is the body every AnyCom call posts.
type commandRequest struct {
	Group string `json:"group"`
	Cmd   string `json:"cmd"`
	Args  any    `json:"args"`
}

// noArgs encodes as the empty "args" object the docs require.
type noArgs struct{}

// Result is a command's decoded envelope {"status", "result"}. The server
// sends result as a string for a command with one value, and as a list
// otherwise: exactly one of Message and Items is set.
type Result struct {
	// Status is the envelope's status code (the HTTP status when the body
	// has none).
	Status int
	// Message is the result when it is a string.
	Message string
	// Items holds the result when it is a list, one raw JSON value per
	// entry. A single object is kept as a list of one.
	Items []json.RawMessage
	// IsList reports whether the result was a list (or an object).
	IsList bool
}

// envelope is the wire form of every response body.
type envelope struct {
	Status flex.Int        `json:"status"`
	Result json.RawMessage `json:"result"`
}

// parseEnvelope decodes a response body. An empty body is an empty result.
func parseEnvelope(body []byte, httpStatus int) (*Result, error) {
	res := &Result{Status: httpStatus}
	if len(bytes.TrimSpace(body)) == 0 {
		return res, nil
	}
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, err
	}
	if env.Status.Valid {
		res.Status = int(env.Status.Value)
	}
	raw := bytes.TrimSpace(env.Result)
	switch {
	case len(raw) == 0 || string(raw) == "null":
	case raw[0] == '"':
		if err := json.Unmarshal(raw, &res.Message); err != nil {
			return nil, err
		}
	case raw[0] == '[':
		res.IsList = true
		if err := json.Unmarshal(raw, &res.Items); err != nil {
			return nil, err
		}
	case raw[0] == '{':
		res.IsList = true
		res.Items = []json.RawMessage{raw}
	default:
		// A bare number or bool: keep its text as the message.
		res.Message = string(raw)
	}
	return res, nil
}

// send posts one command and returns its result, or an *Error when the
// HTTP status or the body's status says the command failed.
func (c *Client) send(ctx context.Context, group, cmd string, args any, safety httpcore.Safety) (*Result, error) {
	if args == nil {
		args = noArgs{}
	}
	var body any = commandRequest{Group: group, Cmd: cmd, Args: args}
	if c.bodyAuth {
		body = bodyAuthEnvelope{
			Authentication: authBlock{Key: c.creds.key, User: c.creds.user},
			Request:        body,
		}
	}
	raw, resp, err := c.core.DoRaw(ctx, &httpcore.Request{
		// Logs name the command: every one is POST /.
		Operation: strings.TrimSpace(group + " " + cmd),
		Method:    http.MethodPost,
		Path:      "/",
		JSON:      body,
		Safety:    safety,
	})
	if err != nil {
		if e, ok := err.(*Error); ok {
			e.Group, e.Command = group, cmd
		}
		return nil, err
	}
	res, err := parseEnvelope(raw, resp.StatusCode)
	if err != nil {
		return nil, resp.Failed(ctx, c.responseError(group, cmd, resp, raw, resp.StatusCode, CodeMalformedResponse,
			fmt.Sprintf("malformed response body: %v", err)))
	}
	if resp.StatusCode == http.StatusNoContent || res.Status != resp.StatusCode {
		e := c.responseError(group, cmd, resp, raw, res.Status, "", res.Message)
		if res.Status != resp.StatusCode {
			e.HTTPStatus = resp.StatusCode
		}
		if resp.StatusCode == http.StatusNoContent {
			// An empty answer: a list command reads it as no entries, so
			// it is not logged as a failure.
			return nil, e
		}
		return nil, resp.Failed(ctx, e)
	}
	return res, nil
}

// responseError builds the *Error for a 2xx answer that still failed. The
// message was decoded from the body, so it is redacted on its own: a secret
// JSON-escaped in the body is plain text in it.
func (c *Client) responseError(group, cmd string, resp *httpcore.Response, body []byte, status int, code ErrorCode, msg string) *Error {
	e := newError(status, code, c.core.RedactString(msg))
	e.Method = http.MethodPost
	e.URL = c.endpoint
	e.Body = c.core.RedactBody(body)
	e.Attempts = resp.Attempts
	e.RequestID, e.Header = httpcore.RequestID(resp.Header), resp.Header
	e.Group, e.Command = group, cmd
	return e
}

// message sends a command documented to return a simple result string.
func (c *Client) message(ctx context.Context, group, cmd string, args any, safety httpcore.Safety) (string, error) {
	res, err := c.send(ctx, group, cmd, args, safety)
	if err != nil {
		return "", err
	}
	if res.IsList {
		// Tolerate a list answer by handing its text back unchanged.
		b, _ := json.Marshal(res.Items)
		return string(b), nil
	}
	return res.Message, nil
}

// list sends a command documented to return a result list, decodes each
// entry into the wire type W and converts it with conv. An empty result
// (no body, null, "") or an HTTP 204 is an empty list; a non-empty string
// result is an *Error carrying that text.
func list[W, T any](ctx context.Context, c *Client, group, cmd string, args any, conv func(*W) T) ([]T, error) {
	res, err := c.send(ctx, group, cmd, args, httpcore.Idempotent)
	if err != nil {
		var e *Error
		if errors.As(err, &e) && e.StatusCode == http.StatusNoContent {
			return []T{}, nil
		}
		return nil, err
	}
	if !res.IsList && res.Message != "" {
		return nil, &Error{
			StatusCode: res.Status, Code: CodeUnexpectedResult, Message: c.core.RedactString(res.Message),
			Method: http.MethodPost, URL: c.endpoint, Group: group, Command: cmd,
		}
	}
	out := make([]T, 0, len(res.Items))
	for i, item := range res.Items {
		var w W
		if err := json.Unmarshal(item, &w); err != nil {
			return nil, &Error{
				StatusCode: res.Status, Code: CodeMalformedResponse,
				Message: fmt.Sprintf("malformed result entry %d: %v", i, err),
				Method:  http.MethodPost, URL: c.endpoint, Body: c.core.RedactBody(item), Group: group, Command: cmd,
			}
		}
		out = append(out, conv(&w))
	}
	return out, nil
}
