package brightpattern_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/brightpattern"
	"github.com/switchboard-go/switchboard/brightpattern/brightpatterntest"
)

const seedTenant = "seed.example.com"

// seedClient starts a fake and a client of API version v for it.
func seedClient(t *testing.T, v int, opts ...brightpatterntest.Option) (*brightpatterntest.Server, *brightpattern.Client, context.Context) {
	t.Helper()
	srv := brightpatterntest.NewServer(append([]brightpatterntest.Option{brightpatterntest.WithHold(5 * time.Millisecond),
		brightpatterntest.WithCredentials(seedTenant)}, opts...)...)
	t.Cleanup(srv.Close)
	c, err := brightpattern.NewClient(seedTenant, "app", brightpattern.NewClientID(), brightpattern.WithBaseURL(srv.URL()),
		brightpattern.WithAPIVersion(v), brightpattern.WithRetryWait(time.Millisecond, 5*time.Millisecond))
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return srv, c, ctx
}

// On v1 the fake answers Send Events with the server events not yet polled;
// the client returns them decoded from SendEvents, and its poll still gets
// them, so a caller that only polls (and SendMessage, which drops the
// answer) loses nothing. On v2 the answer is empty.
func TestSendEventsAnswerThroughTheClient(t *testing.T) {
	srv, c, ctx := seedClient(t, 1)
	chat := requestChat(t, ctx, c)
	party := joinAgent(t, srv, chat.ID)

	answered, err := c.SendEvents(ctx, chat.ID, []brightpattern.Event{&brightpattern.TypingEvent{}})
	require.NoError(t, err)
	require.Len(t, answered, 3)
	assert.Equal(t, &brightpattern.StatusEvent{State: brightpattern.StateQueued, EstimatedWait: 3 * time.Second,
		EstimatedWaitKnown: true}, answered[0])
	assert.Equal(t, brightpattern.StateConnected, answered[1].(*brightpattern.StatusEvent).State)
	assert.Equal(t, party, answered[2].(*brightpattern.PartyJoinedEvent).PartyID)

	_, err = c.SendMessage(ctx, chat.ID, "Hello")
	require.NoError(t, err, "the v1 answer decodes")
	polled, err := c.PollEvents(ctx, chat.ID)
	require.NoError(t, err)
	assert.Equal(t, answered, polled)

	srv2, c2, ctx2 := seedClient(t, 2)
	chat2, err := c2.RequestChat(ctx2, nil)
	require.NoError(t, err)
	_, err = srv2.Join(chat2.ID, "Ann", "Lee")
	require.NoError(t, err)
	answered, err = c2.SendEvents(ctx2, chat2.ID, []brightpattern.Event{&brightpattern.TypingEvent{}})
	require.NoError(t, err)
	assert.Empty(t, answered, "v2 answers an empty 200")
}

// The fake refuses an event with no name or one a client does not send, as
// a body it cannot decode (400 5003); the client's typed events all pass.
func TestFakeRefusesUnknownClientEvents(t *testing.T) {
	srv, c, ctx := seedClient(t, 1)
	chat := requestChat(t, ctx, c)
	for _, ev := range []*brightpattern.RawEvent{
		{Type: "chat_session_brand_new", JSON: json.RawMessage(`{"event":"chat_session_brand_new"}`)},
		{JSON: json.RawMessage(`{"msg":"no name"}`)},
	} {
		_, err := c.SendEvents(ctx, chat.ID, []brightpattern.Event{
			&brightpattern.MessageEvent{MsgID: "1", Text: "Hi"},
			ev,
		})
		var e *brightpattern.Error
		require.ErrorAs(t, err, &e, "%s", ev.JSON)
		assert.Equal(t, http.StatusBadRequest, e.StatusCode)
		assert.Equal(t, brightpattern.CodeBadJSON, e.Code)
		assert.ErrorIs(t, err, brightpattern.ErrInvalidRequest)
	}
	assert.Empty(t, srv.ClientEvents(chat.ID), "the refused batches stored nothing")

	_, err := c.SendEvents(ctx, chat.ID, []brightpattern.Event{
		&brightpattern.MessageEvent{MsgID: "1", Text: "Hi"},
		&brightpattern.DeliveredEvent{RefMsgID: "0"},
		&brightpattern.ReadEvent{RefMsgID: "0"},
		&brightpattern.TypingEvent{Draft: "H"},
		&brightpattern.NotTypingEvent{},
		&brightpattern.FormDataEvent{FormRequestID: "1", FormName: "f"},
		&brightpattern.SecureFormDataEvent{FormRequestID: "2", FormName: "p"},
		&brightpattern.SecureFormCancelEvent{FormRequestID: "2"},
		&brightpattern.FormDataCancelEvent{FormRequestID: "1", FormName: "f"},
		&brightpattern.SignalingEvent{MsgID: "3", Signal: &brightpattern.EndCallSignal{}},
		&brightpattern.FileEvent{MsgID: "5", FileID: "f", FileType: brightpattern.FileImage},
		&brightpattern.LocationEvent{MsgID: "7", Latitude: 1, Longitude: 2},
		&brightpattern.NavigationEvent{MsgID: "9", Page: "p"},
		&brightpattern.CobrowsingRejectedEvent{},
		&brightpattern.CobrowsingStartedEvent{ProviderType: "SURFLY"},
		&brightpattern.CobrowsingEndedEvent{},
		&brightpattern.DisconnectEvent{},
		&brightpattern.EndEvent{},
	})
	require.NoError(t, err, "every event the client sends is a client event to the fake")
}

// A client pointed at an API version the server does not have gets 404.
func TestUnknownAPIVersionThroughTheClient(t *testing.T) {
	srv := brightpatterntest.NewServer()
	defer srv.Close()
	c, err := brightpattern.NewClient("acme.example.com", "app", "client-1",
		brightpattern.WithBaseURL(srv.URL()+"/clientweb/api/v3/"), brightpattern.WithMaxRetries(0))
	require.NoError(t, err)
	_, err = c.Availability(context.Background())
	var e *brightpattern.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, http.StatusNotFound, e.StatusCode)
	assert.ErrorIs(t, err, brightpattern.ErrNotFound)
	assert.Equal(t, 1, srv.Count("GET", "/availability"))
}

// The client sends tenantUrl on every call, the two downloads included
// (the seed's General Information asks for it in every request); the fake,
// which serves the downloads without it as the seed writes them, takes it.
func TestDownloadsThroughTheClient(t *testing.T) {
	srv, c, ctx := seedClient(t, 1)
	chat := requestChat(t, ctx, c)
	party := joinAgent(t, srv, chat.ID)
	fileID, err := srv.SendFile(chat.ID, party, "note.txt", "text/plain", []byte("hello, file"))
	require.NoError(t, err)

	f, err := c.GetFile(ctx, chat.ID, fileID)
	require.NoError(t, err)
	body, err := io.ReadAll(f.Body)
	require.NoError(t, f.Body.Close())
	require.NoError(t, err)
	assert.Equal(t, "hello, file", string(body))

	p, err := c.ProfilePhoto(ctx, chat.ID, party)
	require.NoError(t, err)
	require.NoError(t, p.Body.Close())
	assert.Equal(t, "image/png", p.ContentType)

	for _, r := range srv.Received() {
		q, err := url.ParseQuery(r.Query)
		require.NoError(t, err)
		assert.Equal(t, seedTenant, q.Get("tenantUrl"), "%s %s", r.Method, r.Path)
	}
}

// An old server's chat_session_file with session_id in place of party_id,
// polled from the fake: the client reads it as the party id.
func TestOldFileEventThroughTheClient(t *testing.T) {
	srv, c, ctx := seedClient(t, 1)
	chat := requestChat(t, ctx, c)
	_, err := c.PollEvents(ctx, chat.ID) // the queued status
	require.NoError(t, err)
	require.NoError(t, srv.Emit(chat.ID, map[string]any{"event": "chat_session_file", "session_id": "FA713225",
		"msg_id": "4", "file_id": "f1", "file_type": "attachment", "file_name": "apktool", "timestamp": "1614739612"}))
	events, err := c.PollEvents(ctx, chat.ID)
	require.NoError(t, err)
	require.Len(t, events, 1)
	assert.Equal(t, &brightpattern.FileEvent{MsgID: "4", PartyID: "FA713225", FileID: "f1", FileType: brightpattern.FileAttachment,
		FileName: "apktool", Time: time.Unix(1614739612, 0).UTC()}, events[0])
}
