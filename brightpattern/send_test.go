package brightpattern_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/brightpattern"
	"github.com/switchboard-go/switchboard/brightpattern/brightpatterntest"
	"github.com/switchboard-go/switchboard/internal/fixture"
)

func TestSendMessageSettlesAnUnknownOutcome(t *testing.T) {
	ctx := fixture.Context(t)
	srv, c, chat := newChat(t, ctx)

	// Processed, then the connection closed: the history has it; no resend.
	srv.InjectFault(brightpatterntest.Fault{Method: "POST", Path: "/events", DropAfter: true})
	id1, err := c.SendMessage(ctx, chat.ID, "dropped after processing")
	require.NoError(t, err)
	assert.Equal(t, 1, srv.Count("POST", "/events"))

	// 502 before processing: the history does not have it; sent again
	// with the same msg_id.
	srv.InjectFault(brightpatterntest.Fault{Method: "POST", Path: "/events", Status: http.StatusBadGateway})
	id2, err := c.SendMessage(ctx, chat.ID, "refused by the gateway")
	require.NoError(t, err)
	assert.Equal(t, 3, srv.Count("POST", "/events"))

	// 504 and the history cannot be read: the outcome stays unknown.
	srv.InjectFault(brightpatterntest.Fault{Method: "POST", Path: "/events", Status: http.StatusGatewayTimeout})
	srv.InjectFault(brightpatterntest.Fault{Method: "GET", Path: "/history", Status: http.StatusInternalServerError, Times: 10})
	_, err = c.SendMessage(ctx, chat.ID, "unknown")
	assert.ErrorIs(t, err, brightpattern.ErrOutcomeUnknown)
	var e *brightpattern.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, http.StatusGatewayTimeout, e.StatusCode)
	assert.Equal(t, 4, srv.Count("POST", "/events"))

	// A refusal is certain: not settled, not resent.
	srv.InjectFault(brightpatterntest.Fault{Method: "POST", Path: "/events", Status: http.StatusForbidden,
		Body: `{"error_code":"3000","error_message":"Missing or invalid application unique id"}`})
	_, err = c.SendMessage(ctx, chat.ID, "refused")
	assert.ErrorIs(t, err, brightpattern.ErrUnauthorized)
	assert.NotErrorIs(t, err, brightpattern.ErrOutcomeUnknown)
	assert.Equal(t, 5, srv.Count("POST", "/events"))

	assert.Equal(t, []string{id1, id2}, ownMessageIDs(srv, chat.ID), "each message processed once")
}

func TestSendEventsMalformedAnswer(t *testing.T) {
	ctx := fixture.Context(t)
	srv, c, chat := newChat(t, ctx)
	srv.InjectFault(brightpatterntest.Fault{Method: "POST", Path: "/events", Status: http.StatusOK, Body: `{"events":`})
	_, err := c.SendEvents(ctx, chat.ID, []brightpattern.Event{&brightpattern.TypingEvent{}})
	assert.ErrorIs(t, err, brightpattern.ErrMalformedResponse)
	assert.NotErrorIs(t, err, brightpattern.ErrOutcomeUnknown)
	assert.Contains(t, err.Error(), "POST")
	assert.Contains(t, err.Error(), "/events")
}

// The documentation's msg_id form is "(chatId:messageNumber)"; this client
// numbers "1", "3", "5" as the web client does. A client that did not
// start the chat reads the history and numbers after the customer's
// highest number, whichever form it has.
func TestMessageNumbersInBothForms(t *testing.T) {
	ctx := fixture.Context(t)
	srv, c, chat := newChat(t, ctx)
	id, err := c.SendMessage(ctx, chat.ID, "first")
	require.NoError(t, err)
	assert.Equal(t, "1", id)
	_, err = c.SendEvents(ctx, chat.ID, []brightpattern.Event{
		&brightpattern.MessageEvent{MsgID: chat.ID + ":7", Text: "documented form"},
	})
	require.NoError(t, err)
	_, err = c.SendEvents(ctx, chat.ID, []brightpattern.Event{
		&brightpattern.MessageEvent{MsgID: "(" + chat.ID + ":9)", Text: "in parentheses"},
	})
	require.NoError(t, err)

	restarted := newClient(t, srv, "client-1")
	id, err = restarted.SendMessage(ctx, chat.ID, "after a restart")
	require.NoError(t, err)
	assert.Equal(t, "11", id)
	assert.Equal(t, 2, srv.Count("GET", "/history"), "one read per client to number after the history")
}

// The history gives the customer's messages the chat id as party id; a
// message with none is the customer's when its msg_id has the documented
// "(chatId:n)" form or this client sent it. Events yields neither.
func TestEventsLeaveOutTheCustomersMessagesInBothForms(t *testing.T) {
	ctx := fixture.Context(t)
	srv, c, chat := newChat(t, ctx)
	sent, err := c.SendMessage(ctx, chat.ID, "sent by this client")
	require.NoError(t, err)
	party := joinAgent(t, srv, chat.ID)
	for _, ev := range []map[string]any{
		{"event": "chat_session_message", "msg_id": chat.ID + ":5", "msg": "documented form, no party"},
		{"event": "chat_session_message", "msg_id": "(" + chat.ID + ":7)", "msg": "in parentheses, no party"},
		{"event": "chat_session_message", "msg_id": sent, "msg": "this client's number, no party"},
		{"event": "chat_session_message", "msg_id": "8", "msg": "a number this client never sent"},
	} {
		require.NoError(t, srv.Emit(chat.ID, ev))
	}
	// A dropped poll makes the stream read the history again.
	srv.InjectFault(brightpatterntest.Fault{Method: "GET", Path: "/events", DropAfter: true})
	got, err := collect(t, c.Events(ctx, chat.ID), func(ev brightpattern.Event) {
		if m, ok := ev.(*brightpattern.MessageEvent); ok && m.Text == "a number this client never sent" {
			_, _ = srv.Say(chat.ID, party, "bye")
			_ = srv.End(chat.ID)
		}
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"status:queued", "status:connected", "joined:Ann", "msg:a number this client never sent",
		"msg:bye", "chat_session_ended"}, got)
}

// A v1 server answers Send Events with "new chat events" and may take them
// from the poll queue: the stream reads the history after such an answer
// and still yields them, once.
func TestEventsRecoverWhatASendAnswerTook(t *testing.T) {
	ctx := fixture.Context(t)
	srv, c, chat := newChat(t, ctx)
	party := joinAgent(t, srv, chat.ID)
	say(t, srv, chat.ID, party, "one")
	got, err := collect(t, c.Events(ctx, chat.ID), func(ev brightpattern.Event) {
		m, ok := ev.(*brightpattern.MessageEvent)
		if ok && m.Text == "one" {
			_, _ = srv.Say(chat.ID, party, "two") // polled: the stream is in step with the queue
		}
		if !ok || m.Text != "two" {
			return
		}
		_, _ = srv.Say(chat.ID, party, "taken by the send's answer")
		// The server hands the queued events to the send instead of the
		// next poll.
		req, _ := http.NewRequest("GET", srv.URL()+"/clientweb/api/v1/chats/"+chat.ID+"/events?tenantUrl="+tenant, nil)
		req.Header.Set("Authorization", `MOBILE-API-140-327-PLAIN appId="app-1", clientId="client-1"`)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		srv.InjectFault(brightpatterntest.Fault{Method: "POST", Path: "/events", Status: http.StatusOK,
			Body: `{"events":[{"event":"chat_session_message","msg_id":"2","msg":"taken by the send's answer"}]}`})
		require.NoError(t, c.SendTyping(ctx, chat.ID))
		_, _ = srv.Say(chat.ID, party, "after")
		_ = srv.End(chat.ID)
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"status:queued", "status:connected", "joined:Ann", "msg:one", "msg:two",
		"msg:taken by the send's answer", "msg:after", "chat_session_ended"}, got)
}
