package anycom

import (
	"context"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/internal/fixture"
)

// answering returns a client whose every request gets status and body.
func answering(t *testing.T, status int, body string) *Client {
	t.Helper()
	mt, hc := fixture.NewTransport()
	mt.RegisterNoResponder(httpmock.NewStringResponder(status, body))
	c, err := NewClient(testKey, testUser, WithHTTPClient(hc), WithMaxRetries(-1))
	require.NoError(t, err)
	return c
}

func TestDocumentedStatuses(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		status   int
		body     string
		sentinel []error
		code     ErrorCode
		message  string
	}{
		{400, `{"status":400,"result":"Missing authentication key!"}`, []error{ErrMissingAuthKey, ErrUnauthorized, ErrInvalidRequest}, "missing_auth_key", "Missing authentication key!"},
		{401, `{"status":401,"result":"Unauthorized! The authentication key does not exist or is not active."}`, []error{ErrUnauthorized}, "unauthorized", "Unauthorized! The authentication key does not exist or is not active."},
		{404, `{"status":404,"result":"Invalid method."}`, []error{ErrInvalidMethod, ErrNotFound}, "invalid_method", "Invalid method."},
		{412, `{"status":412,"result":"Precondition Failed. Missing argument: chan_user"}`, []error{ErrPreconditionFailed, ErrInvalidRequest}, "precondition_failed", "Precondition Failed. Missing argument: chan_user"},
		{412, ``, []error{ErrPreconditionFailed}, "precondition_failed", "Precondition Failed."},
		{401, `<html>denied</html>`, []error{ErrUnauthorized}, "unauthorized", "<html>denied</html>"},
		{429, `{"status":429,"result":["slow down"]}`, []error{ErrRateLimited}, "rate_limited", `["slow down"]`},
		{204, ``, []error{ErrEmptyResponse}, "empty_response", "Empty response."},
		{200, `{"status":412,"result":"Precondition Failed."}`, []error{ErrPreconditionFailed, ErrStatusMismatch}, "precondition_failed", "Precondition Failed."},
		{200, `{"status":"204","result":""}`, []error{ErrEmptyResponse, ErrStatusMismatch}, "empty_response", "Empty response."},
		{200, `{"status":200,"result":`, []error{ErrMalformedResponse}, "malformed_response", ""},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status)+" "+tt.body, func(t *testing.T) {
			c := answering(t, tt.status, tt.body)
			_, err := c.Channels.SetState(ctx, StateArgs{})
			require.Error(t, err)
			for _, s := range tt.sentinel {
				assert.ErrorIs(t, err, s)
			}
			var e *Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tt.code, e.Code)
			if tt.message != "" {
				assert.Equal(t, tt.message, e.Message)
			}
			assert.Equal(t, "chan", e.Group)
			assert.Equal(t, "state", e.Command)
			assert.Contains(t, err.Error(), "anycom: POST https://ws.anycom.io/: HTTP ")
		})
	}
}

func TestListResultShapes(t *testing.T) {
	ctx := context.Background()
	for body, want := range map[string]int{
		`{"status":200,"result":[]}`:                    0,
		`{"status":200,"result":""}`:                    0,
		`{"status":200,"result":null}`:                  0,
		`{"status":200}`:                                0,
		`{"status":200,"result":{"chat_user":"max"}}`:   1,
		`{"status":"200","result":[{"chat_user":"a"}]}`: 1,
		`{"result":[{"chat_user":"a"},{}]}`:             2,
	} {
		c := answering(t, 200, body)
		got, err := c.Chat.Attendants(ctx)
		require.NoError(t, err, body)
		assert.Len(t, got, want, body)
	}
	c := answering(t, 204, "")
	got, err := c.Chat.Awaiting(ctx)
	require.NoError(t, err)
	assert.Empty(t, got, "204 is an empty list for a list command")

	c = answering(t, 200, `{"status":200,"result":"No attendants"}`)
	_, err = c.Chat.Attendants(ctx)
	assert.ErrorIs(t, err, ErrMalformedResponse)
	assert.ErrorContains(t, err, "No attendants")

	c = answering(t, 200, `{"status":200,"result":[{"chat_user":{"x":1}}]}`)
	_, err = c.Chat.Attendants(ctx)
	assert.ErrorIs(t, err, ErrMalformedResponse)

	c = answering(t, 200, `{"status":200,"result":[]}`)
	_, err = c.Channels.Check(ctx, CheckArgs{})
	assert.ErrorIs(t, err, ErrEmptyResponse)
}

func TestTolerantIDs(t *testing.T) {
	c := answering(t, 200, `{"status":200,"result":[{"customer":"12002","session":"16689","channel":{"id":"9","type":"whatsapp"},
		"send":{"count":"2","last":1617043377,"last_elapsed":38},"chat":{"group":{"id":"14"},"invited":"true"}}]}`)
	users, err := c.Channels.Users(context.Background())
	require.NoError(t, err)
	require.Len(t, users, 1)
	u := users[0]
	assert.Equal(t, int64(12002), u.Customer)
	assert.Equal(t, int64(16689), u.Session)
	assert.Equal(t, int64(9), u.Channel.ID)
	assert.Equal(t, int64(14), u.Chat.Group.ID)
	assert.True(t, u.Chat.Invited)
	assert.Equal(t, "38", u.Sent.LastElapsed)
	assert.Equal(t, unix(1617043377), u.Sent.Last)
}

func TestMessageResult(t *testing.T) {
	c := answering(t, 200, `{"status":200,"result":["a"]}`)
	msg, err := c.Chat.Connect(context.Background(), ConnectArgs{})
	require.NoError(t, err)
	assert.Equal(t, `["a"]`, msg)
	c = answering(t, 200, `{"status":200,"result":12}`)
	res, err := c.Do(context.Background(), "x", "y", nil)
	require.NoError(t, err)
	assert.Equal(t, "12", res.Message)
	assert.False(t, res.IsList)
}

func TestReloadArgsID(t *testing.T) {
	for target, want := range map[ReloadTarget]string{
		ReloadAll:      `{"target":"all"}`,
		ReloadMacro:    `{"target":"macro"}`,
		ReloadGlobal:   `{"target":"global"}`,
		ReloadService:  `{"target":"service","id":5}`,
		ReloadFunction: `{"target":"function","id":5}`,
	} {
		b, err := ReloadArgs{Target: target, ID: 5}.MarshalJSON()
		require.NoError(t, err)
		assert.JSONEq(t, want, string(b))
	}
}

func TestParseElapsed(t *testing.T) {
	ok := map[string]string{
		"90 days, 4:11:48": "2164h11m48s",
		"1 day, 0:00:05":   "24h0m5s",
		"4:11:48.5":        "4h11m48.5s",
		"0:00:00":          "0s",
		"38":               "38s",
		"1.5":              "1.5s",
	}
	for in, want := range ok {
		d, good := ParseElapsed(in)
		assert.True(t, good, in)
		assert.Equal(t, want, d.String(), in)
	}
	for _, in := range []string{"", "abc", "NaN", "-1", "1e300", "2 weeks, 1:00:00", "1 day 1:00:00", "25:00:00", "1:60:00", "x days, 1:00:00", "1:00"} {
		_, good := ParseElapsed(in)
		assert.False(t, good, in)
	}
}
