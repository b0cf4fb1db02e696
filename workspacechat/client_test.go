package workspacechat_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/internal/fixture"
	"github.com/switchboard-go/switchboard/internal/httpcore"
	"github.com/switchboard-go/switchboard/workspacechat"
)

func TestNewClientValidates(t *testing.T) {
	for name, key := range map[string]string{"empty": "", "spaces": " wsk_spaced ", "newline": "ab\r\ncd"} {
		t.Run(name, func(t *testing.T) {
			_, err := workspacechat.NewClient(key)
			require.Error(t, err)
			if key != "" {
				assert.NotContains(t, err.Error(), key)
			}
		})
	}
	_, err := workspacechat.NewClient(testKey, workspacechat.WithBaseURL("http://api.example.com"))
	assert.ErrorIs(t, err, httpcore.ErrInsecureTransport)
	_, err = workspacechat.NewClient(testKey, workspacechat.WithBaseURL("http://api.example.com"), workspacechat.WithInsecureHTTP())
	assert.NoError(t, err)
	_, err = workspacechat.NewClient(testKey, workspacechat.WithBaseURL("ftp://x"))
	assert.Error(t, err)
	_, err = workspacechat.NewClient(testKey, workspacechat.WithRetryWait(2, 1))
	assert.Error(t, err)
}

// noRequests returns a client whose transport fails the test on any request.
func noRequests(t *testing.T) *workspacechat.Client {
	mt, hc := fixture.NewTransport()
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL)
		return httpmock.NewStringResponse(599, ""), nil
	})
	c, err := workspacechat.NewClient(testKey, workspacechat.WithHTTPClient(hc))
	require.NoError(t, err)
	return c
}

func TestInvalidArgumentsSendNothing(t *testing.T) {
	c := noRequests(t)
	ctx := context.Background()
	bad := "../../etc"
	check := func(err error) {
		t.Helper()
		assert.ErrorIs(t, err, workspacechat.ErrInvalidID)
	}
	_, err := c.GetChat(ctx, bad)
	check(err)
	_, err = c.GetChatEntity(ctx, "")
	check(err)
	_, err = c.RemoveChat(ctx, bad)
	check(err)
	_, err = c.UpdateChat(ctx, bad, &workspacechat.ChatUpdate{})
	check(err)
	_, err = c.ListChats(ctx, &workspacechat.ChatFilter{OwnerIDs: []string{chatID, "x"}})
	check(err)
	_, err = c.ListChatEntities(ctx, &workspacechat.ChatFilter{ChannelIDs: []string{"9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5g"}})
	check(err)
	_, err = c.CreateChat(ctx, &workspacechat.NewChat{ChannelID: channel1, OwnerSuperIdentityID: "nope"})
	check(err)
	_, err = c.ListChatMessages(ctx, bad, nil)
	check(err)
	_, err = c.ListChatMessages(ctx, chatID, &workspacechat.MessageFilter{ChatThreadID: bad})
	check(err)
	_, err = c.CreateChatMessage(ctx, &workspacechat.NewChatMessage{ChatID: bad, Content: "x"})
	check(err)
	for _, err := range c.AllChats(ctx, &workspacechat.ChatFilter{TicketIDs: []string{bad}}) {
		check(err)
	}

	_, err = c.UpdateChat(ctx, chatID, &workspacechat.ChatUpdate{})
	assert.Error(t, err)
	_, err = c.UpdateChat(ctx, chatID, nil)
	assert.Error(t, err)
	_, err = c.CreateChat(ctx, nil)
	assert.Error(t, err)
	_, err = c.CreateChatMessage(ctx, nil)
	assert.Error(t, err)
	_, err = c.CreateChatMessage(ctx, &workspacechat.NewChatMessage{ChatID: chatID})
	assert.Error(t, err)
	_, err = c.ListChats(ctx, &workspacechat.ChatFilter{PageSize: 101})
	assert.Error(t, err)
	_, err = c.ListChats(ctx, &workspacechat.ChatFilter{PageNumber: -1})
	assert.Error(t, err)
	_, err = c.ListChatMessages(ctx, chatID, &workspacechat.MessageFilter{Limit: 1001})
	assert.Error(t, err)
}

// answer returns a client whose every request gets status and body.
func answer(t *testing.T, status int, body string) *workspacechat.Client {
	mt, hc := fixture.NewTransport()
	mt.RegisterNoResponder(httpmock.NewStringResponder(status, body))
	c, err := workspacechat.NewClient(testKey, workspacechat.WithHTTPClient(hc), workspacechat.WithMaxRetries(0))
	require.NoError(t, err)
	return c
}

func TestMalformedResponses(t *testing.T) {
	ctx := context.Background()
	for _, body := range []string{`{`, `[1,2]`, `{"id": {}}`, `"text"`, `null`, ``} {
		c := answer(t, 200, body)
		_, err := c.GetChat(ctx, chatID)
		var de *httpcore.DecodeError
		assert.True(t, errors.As(err, &de), "body %q: %v", body, err)
	}
	c := answer(t, 200, `{"data": 5}`)
	_, err := c.ListChats(ctx, nil)
	assert.Error(t, err)
	c = answer(t, 200, `{"total": 5}`)
	_, err = c.ListChats(ctx, nil)
	assert.Error(t, err)
}

func TestListEnvelopeAccepted(t *testing.T) {
	c := answer(t, 200, `{"data": [{"id": "`+chatID+`", "isOwnerBlocked": "true", "responderVersionNumber": "3"}]}`)
	rows, err := c.ListChats(context.Background(), nil)
	require.NoError(t, err)
	require.Len(t, rows, 1)
	assert.True(t, rows[0].IsOwnerBlocked, "the alternative name isOwnerBlocked is read")
	assert.EqualValues(t, 3, rows[0].ResponderVersionNumber)
	assert.Nil(t, rows[0].LastMessage)
}

func TestErrorWithoutBody(t *testing.T) {
	c := answer(t, 503, `<html>busy</html>`)
	_, err := c.GetChat(context.Background(), chatID)
	var e *workspacechat.Error
	require.ErrorAs(t, err, &e)
	assert.ErrorIs(t, err, workspacechat.ErrServerError)
	assert.Empty(t, e.Code)
	assert.Nil(t, e.CTA)
	assert.Contains(t, err.Error(), "HTTP 503: Service Unavailable")
}
