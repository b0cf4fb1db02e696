package brightpattern_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/switchboard-go/switchboard/brightpattern"
	"github.com/switchboard-go/switchboard/brightpattern/brightpatterntest"
	"github.com/switchboard-go/switchboard/internal/fixture"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const tenant = "acme.example.com"

// newFake starts a fake with a short hold and a client for it.
func newFake(t *testing.T, opts ...brightpatterntest.Option) (*brightpatterntest.Server, *brightpattern.Client) {
	t.Helper()
	srv := brightpatterntest.NewServer(append([]brightpatterntest.Option{brightpatterntest.WithHold(20 * time.Millisecond)}, opts...)...)
	t.Cleanup(srv.Close)
	return srv, newClient(t, srv, "client-1")
}

func newClient(t *testing.T, srv *brightpatterntest.Server, clientID string, opts ...brightpattern.Option) *brightpattern.Client {
	t.Helper()
	c, err := brightpattern.NewClient(tenant, "app-1", clientID, append([]brightpattern.Option{
		brightpattern.WithBaseURL(srv.URL()),
		brightpattern.WithRetryWait(time.Millisecond, 5*time.Millisecond),
		brightpattern.WithPollTimeout(2 * time.Second),
	}, opts...)...)
	require.NoError(t, err)
	return c
}

// requestChat requests a chat session for c.
func requestChat(t *testing.T, ctx context.Context, c *brightpattern.Client) *brightpattern.Chat {
	t.Helper()
	chat, err := c.RequestChat(ctx, nil)
	require.NoError(t, err)
	return chat
}

// newChat starts a fake and a client for it, as newFake does, and
// requests a chat.
func newChat(t *testing.T, ctx context.Context) (*brightpatterntest.Server, *brightpattern.Client, *brightpattern.Chat) {
	t.Helper()
	srv, c := newFake(t)
	return srv, c, requestChat(t, ctx, c)
}

// joinAgent makes the agent Ann Lee join chatID and returns her party id.
func joinAgent(t *testing.T, srv *brightpatterntest.Server, chatID string) string {
	t.Helper()
	party, err := srv.Join(chatID, "Ann", "Lee")
	require.NoError(t, err)
	return party
}

// say makes party say text in chatID.
func say(t *testing.T, srv *brightpatterntest.Server, chatID, party, text string) {
	t.Helper()
	_, err := srv.Say(chatID, party, text)
	require.NoError(t, err)
}

// describe says what an event says, for comparing streams.
func describe(ev brightpattern.Event) string {
	switch e := ev.(type) {
	case *brightpattern.MessageEvent:
		return "msg:" + e.Text
	case *brightpattern.StatusEvent:
		return "status:" + string(e.State)
	case *brightpattern.PartyJoinedEvent:
		return "joined:" + e.FirstName
	case *brightpattern.PartyLeftEvent:
		return "left"
	case *brightpattern.FileEvent:
		return "file:" + e.FileName
	}
	return string(ev.EventType())
}

func TestConversationWithScriptedAgent(t *testing.T) {
	srv, c := newFake(t, brightpatterntest.WithAgent(brightpatterntest.Agent{FirstName: "Ann", LastName: "Lee", Greeting: "Hello!"}))
	ctx := fixture.Context(t)
	chat, err := c.RequestChat(ctx, &brightpattern.ChatRequest{Parameters: map[string]any{"first_name": "John"}})
	require.NoError(t, err)
	assert.True(t, chat.IsNewChat)
	assert.Equal(t, brightpattern.StateQueued, chat.State)

	var got []string
	for ev, err := range c.Events(ctx, chat.ID) {
		require.NoError(t, err)
		if _, ok := ev.(*brightpattern.TypingEvent); ok {
			continue
		}
		if _, ok := ev.(*brightpattern.NotTypingEvent); ok {
			continue
		}
		got = append(got, describe(ev))
		if m, ok := ev.(*brightpattern.MessageEvent); ok {
			switch m.Text {
			case "Hello!":
				_, err := c.SendMessage(ctx, chat.ID, "I need help")
				require.NoError(t, err)
			case "You said: I need help":
				_, err := c.SendMessage(ctx, chat.ID, "bye")
				require.NoError(t, err)
			}
		}
	}
	assert.Equal(t, []string{"status:queued", "status:connected", "joined:Ann", "msg:Hello!", "msg:You said: I need help",
		"msg:Goodbye!", "left", "chat_session_ended"}, got)
	sent := srv.ClientEvents(chat.ID)
	require.Len(t, sent, 2)
	assert.Equal(t, "1", sent[0]["msg_id"])
	assert.Equal(t, "3", sent[1]["msg_id"])
	_, err = c.ActiveChat(ctx)
	assert.ErrorIs(t, err, brightpattern.ErrNoActiveChat)
}

func TestRequestChatReturnsTheActiveChat(t *testing.T) {
	_, c := newFake(t)
	ctx := fixture.Context(t)
	first := requestChat(t, ctx, c)
	second := requestChat(t, ctx, c)
	assert.Equal(t, first.ID, second.ID)
	assert.False(t, second.IsNewChat)
	active, err := c.ActiveChat(ctx)
	require.NoError(t, err)
	assert.Equal(t, first.ID, active.ID)
}

func TestWebChatClientKeepsItsCookie(t *testing.T) {
	srv, _ := newFake(t)
	ctx := fixture.Context(t)
	web := newClient(t, srv, brightpattern.WebChatClientID)
	other := newClient(t, srv, brightpattern.WebChatClientID)
	first := requestChat(t, ctx, web)
	again := requestChat(t, ctx, web)
	assert.Equal(t, first.ID, again.ID, "the cookie identifies the client")
	fresh := requestChat(t, ctx, other)
	assert.NotEqual(t, first.ID, fresh.ID, "another jar is another client")
}

func TestCredentialErrors(t *testing.T) {
	srv, _ := newFake(t, brightpatterntest.WithCredentials(tenant, "app-1"))
	ctx := fixture.Context(t)

	wrongApp, err := brightpattern.NewClient(tenant, "other-app", "c", brightpattern.WithBaseURL(srv.URL()))
	require.NoError(t, err)
	_, err = wrongApp.Availability(ctx)
	var e *brightpattern.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, brightpattern.CodeInvalidAppID, e.Code)
	assert.ErrorIs(t, err, brightpattern.ErrUnauthorized)
	assert.NotContains(t, err.Error(), "other-app")

	wrongTenant, err := brightpattern.NewClient("elsewhere.example.com", "app-1", "c", brightpattern.WithBaseURL(srv.URL()))
	require.NoError(t, err)
	_, err = wrongTenant.Availability(ctx)
	require.ErrorAs(t, err, &e)
	assert.Equal(t, brightpattern.CodeInvalidTenantURL, e.Code)

	for header, code := range map[string]brightpattern.ErrorCode{
		"":                                       brightpattern.CodeMissingAuthorization,
		"Basic abc":                              brightpattern.CodeBadAuthorizationScheme,
		"MOBILE-API-140-327-PLAIN appId":         brightpattern.CodeBadAuthorizationFormat,
		`MOBILE-API-140-327-PLAIN clientId="c"`:  brightpattern.CodeMissingAppID,
		`MOBILE-API-140-327-PLAIN appId="app-1"`: brightpattern.CodeMissingClientID,
		"MOBILE-API-140-327-PLAIN appId=app-1, clientId=c": "",
	} {
		req, err := http.NewRequestWithContext(ctx, "GET", srv.URL()+"/clientweb/api/v1/availability?tenantUrl="+tenant, nil)
		require.NoError(t, err)
		if header != "" {
			req.Header.Set("Authorization", header)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if code == "" {
			assert.Equal(t, 200, resp.StatusCode, "unquoted values are accepted, as the SDKs send them")
			continue
		}
		assert.Contains(t, string(body), `"error_code":"`+string(code)+`"`, header)
	}
	http.DefaultClient.CloseIdleConnections()
}

// collect reads the stream until it ends and returns what it said.
func collect(t *testing.T, seq func(func(brightpattern.Event, error) bool), onEvent func(brightpattern.Event)) ([]string, error) {
	var got []string
	var last error
	seq(func(ev brightpattern.Event, err error) bool {
		if err != nil {
			last = err
			return false
		}
		got = append(got, describe(ev))
		if onEvent != nil {
			onEvent(ev)
		}
		return true
	})
	return got, last
}

// eachMessage reads chatID's events until the stream ends or fails, and
// hands each message event to f.
func eachMessage(ctx context.Context, c *brightpattern.Client, chatID string, f func(*brightpattern.MessageEvent)) {
	for ev, err := range c.Events(ctx, chatID) {
		if err != nil {
			return
		}
		if m, ok := ev.(*brightpattern.MessageEvent); ok {
			f(m)
		}
	}
}

func TestEventsRecoverWhatADroppedPollTook(t *testing.T) {
	// With keep-alive, Go's transport resends a GET whose reused connection
	// closed before the answer; without it, the poll fails outright. Both
	// lose what the first send took.
	for _, keepAlive := range []bool{true, false} {
		t.Run(fmt.Sprint("keepAlive=", keepAlive), func(t *testing.T) {
			srv, _ := newFake(t)
			tr := &http.Transport{DisableKeepAlives: !keepAlive}
			t.Cleanup(tr.CloseIdleConnections)
			c := newClient(t, srv, "client-1", brightpattern.WithHTTPClient(&http.Client{Transport: tr}))
			recoverDroppedPolls(t, srv, c)
		})
	}
}

func recoverDroppedPolls(t *testing.T, srv *brightpatterntest.Server, c *brightpattern.Client) {
	ctx := fixture.Context(t)
	chat := requestChat(t, ctx, c)
	party := joinAgent(t, srv, chat.ID)
	_, err := c.SendMessage(ctx, chat.ID, "hi from the customer")
	require.NoError(t, err)
	for _, text := range []string{"one", "two", "three"} {
		say(t, srv, chat.ID, party, text)
	}
	// The first poll takes everything queued, then its connection drops.
	srv.InjectFault(brightpatterntest.Fault{Method: "GET", Path: "/events", DropAfter: true})

	got, err := collect(t, c.Events(ctx, chat.ID), func(ev brightpattern.Event) {
		m, ok := ev.(*brightpattern.MessageEvent)
		if !ok {
			return
		}
		switch m.Text {
		case "three":
			// The next poll is dropped too, after taking "four" and "five".
			srv.InjectFault(brightpatterntest.Fault{Method: "GET", Path: "/events", DropAfter: true})
			_, _ = srv.Say(chat.ID, party, "four")
			_, _ = srv.Say(chat.ID, party, "five")
		case "five":
			_, _ = srv.Say(chat.ID, party, "six")
			_ = srv.End(chat.ID)
		}
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"status:queued", "status:connected", "joined:Ann", "msg:one", "msg:two", "msg:three",
		"msg:four", "msg:five", "msg:six", "chat_session_ended"}, got, "nothing lost, nothing twice, the customer's own message left out")
	assert.GreaterOrEqual(t, srv.Count("GET", "/history"), 2)
}

func TestEventsSkipWhatTheHistoryAlreadyGave(t *testing.T) {
	ctx := fixture.Context(t)
	srv, c, chat := newChat(t, ctx)
	party := joinAgent(t, srv, chat.ID)
	say(t, srv, chat.ID, party, "before the drop")
	srv.InjectFault(brightpatterntest.Fault{Method: "GET", Path: "/events", DropAfter: true})
	// Just before the history is read, a new event arrives: it is in the
	// history and still queued for the next poll.
	late := false
	srv.InjectFault(brightpatterntest.Fault{Method: "GET", Path: "/history", Match: func(*http.Request) bool {
		if !late {
			late = true
			_, _ = srv.Say(chat.ID, party, "late")
		}
		return false
	}})

	got, err := collect(t, c.Events(ctx, chat.ID), func(ev brightpattern.Event) {
		if m, ok := ev.(*brightpattern.MessageEvent); ok && m.Text == "late" {
			_, _ = srv.Say(chat.ID, party, "after")
			_ = srv.End(chat.ID)
		}
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"status:queued", "status:connected", "joined:Ann", "msg:before the drop", "msg:late",
		"msg:after", "chat_session_ended"}, got)
}

func TestEventsBackOffOnBusyAndServerErrors(t *testing.T) {
	ctx := fixture.Context(t)
	srv, c, chat := newChat(t, ctx)
	srv.InjectFault(brightpatterntest.Fault{Method: "GET", Path: "/events", Status: 400,
		Body: `{"error_code":"5509","error_message":"Too many concurrent poll requests for the same session"}`})
	srv.InjectFault(brightpatterntest.Fault{Method: "GET", Path: "/events", Status: 400}) // the seed's "error 400"
	srv.InjectFault(brightpatterntest.Fault{Method: "GET", Path: "/events", Status: 429, RetryAfter: "0"})
	srv.InjectFault(brightpatterntest.Fault{Method: "GET", Path: "/events", Status: 400,
		Body: `{"error_code":"5511","error_message":"No events"}`})
	srv.InjectFault(brightpatterntest.Fault{Method: "GET", Path: "/events", Status: 204})
	srv.InjectFault(brightpatterntest.Fault{Method: "GET", Path: "/events", Delay: 30 * time.Millisecond})
	srv.InjectFault(brightpatterntest.Fault{Method: "GET", Path: "/events", Status: 503})

	got, err := collect(t, c.Events(ctx, chat.ID), func(ev brightpattern.Event) {
		if srv.Count("GET", "/events") >= 7 {
			_ = srv.End(chat.ID)
			return
		}
		go func() {
			waitUntil(func() bool { return srv.Count("GET", "/events") >= 7 || ctx.Err() != nil })
			_ = srv.End(chat.ID)
		}()
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"status:queued", "chat_session_ended"}, got)
	// One read to start, one to check the first poll that brings events,
	// one after the 503, which may have taken events, and one to check the
	// poll after it when the end came later than that read: the refusals
	// took nothing and cost no read.
	assert.LessOrEqual(t, srv.Count("GET", "/history"), 4)
	assert.GreaterOrEqual(t, srv.Count("GET", "/events"), 7)
}

func TestEventsEndWithSessionEnded(t *testing.T) {
	_, c := newFake(t)
	ctx := fixture.Context(t)
	got, err := collect(t, c.Events(ctx, "no-such-chat"), nil)
	assert.Empty(t, got)
	assert.ErrorIs(t, err, brightpattern.ErrSessionEnded)
	var e *brightpattern.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 404, e.StatusCode)
}

func TestEventsEndOnFailedStatusAndInactivity(t *testing.T) {
	for _, ev := range []map[string]any{
		{"event": "chat_session_status", "state": "failed"},
		{"event": "chat_session_status", "state": "completed"},
		{"event": "chat_session_inactivity_timeout", "msg": "bye", "timestamp": "1614718748"},
	} {
		ctx := fixture.Context(t)
		srv, c, chat := newChat(t, ctx)
		require.NoError(t, srv.Emit(chat.ID, ev))
		require.NoError(t, srv.Emit(chat.ID, map[string]any{"event": "chat_session_message", "msg": "never seen"}))
		got, err := collect(t, c.Events(ctx, chat.ID), nil)
		require.NoError(t, err)
		assert.Len(t, got, 2, "%v", ev)
	}
}

func TestEventsStopOnCancelAndBreak(t *testing.T) {
	srv, c := newFake(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	chat := requestChat(t, ctx, c)
	for ev, err := range c.Events(ctx, chat.ID) {
		require.NoError(t, err)
		assert.IsType(t, &brightpattern.StatusEvent{}, ev)
		break
	}
	srv.InjectFault(brightpatterntest.Fault{Method: "GET", Path: "/events", Delay: time.Second})
	reached := make(chan bool, 1)
	go func() {
		reached <- waitUntil(func() bool { return srv.Count("GET", "/events") >= 2 })
		cancel()
	}()
	var last error
	for _, err := range c.Events(ctx, chat.ID) {
		last = err
	}
	assert.True(t, <-reached, "the held poll reached the fake before the cancel")
	assert.ErrorIs(t, last, context.Canceled)
}

// waitUntil polls cond every millisecond until it holds or five seconds
// pass, and reports whether it held.
func waitUntil(cond func() bool) bool {
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(time.Millisecond)
	}
	return true
}

// ownMessageIDs lists the msg_id of every customer message the fake holds.
func ownMessageIDs(srv *brightpatterntest.Server, chatID string) []string {
	var ids []string
	for _, ev := range srv.ClientEvents(chatID) {
		if ev["event"] == "chat_session_message" {
			ids = append(ids, fmt.Sprint(ev["msg_id"]))
		}
	}
	return ids
}

func TestRetrySafety(t *testing.T) {
	srv, c := newFake(t)
	ctx := fixture.Context(t)
	srv.InjectFault(brightpatterntest.Fault{Method: "GET", Path: "/availability", Status: 503, Times: 2})
	a, err := c.Availability(ctx)
	require.NoError(t, err)
	assert.True(t, a.Available())
	assert.Equal(t, 3, srv.Count("GET", "/availability"), "a read is retried")

	srv.InjectFault(brightpatterntest.Fault{Method: "POST", Path: "/chats", DropAfter: true})
	_, err = c.RequestChat(ctx, nil)
	var te interface{ Unwrap() error }
	require.ErrorAs(t, err, &te)
	assert.Equal(t, 1, srv.Count("POST", "/chats"), "request chat is never resent")

	chat := requestChat(t, ctx, c)
	assert.False(t, chat.IsNewChat, "the dropped request did create the chat")
	srv.InjectFault(brightpatterntest.Fault{Method: "POST", Path: "/events", Status: 503})
	_, err = c.SendEvents(ctx, chat.ID, []brightpattern.Event{&brightpattern.TypingEvent{}})
	assert.ErrorIs(t, err, brightpattern.ErrServerError)
	assert.ErrorIs(t, err, brightpattern.ErrOutcomeUnknown)
	assert.Equal(t, 1, srv.Count("POST", "/events"), "send events is never resent")

	// SendMessage settles the unknown outcome by the history: the 503 came
	// before the server processed the message, so it is sent again, once.
	srv.InjectFault(brightpatterntest.Fault{Method: "POST", Path: "/events", Status: 503})
	id, err := c.SendMessage(ctx, chat.ID, "once")
	require.NoError(t, err)
	assert.Equal(t, 3, srv.Count("POST", "/events"))
	assert.Equal(t, []string{id}, ownMessageIDs(srv, chat.ID))

	srv.InjectFault(brightpatterntest.Fault{Method: "GET", Path: "/availability", Status: 429, RetryAfter: "0", Times: 10})
	_, err = c.Availability(ctx)
	var e *brightpattern.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 4, e.Attempts)
	assert.ErrorIs(t, err, brightpattern.ErrRateLimited)
	assert.Contains(t, err.Error(), "(after 4 attempts)")
}

func TestFilesRoundTrip(t *testing.T) {
	ctx := fixture.Context(t)
	srv, c, chat := newChat(t, ctx)
	content := bytes.Repeat([]byte("0123456789"), 1000)
	f, err := c.UploadFile(ctx, &brightpattern.Upload{Name: "photo.jpg", ContentType: "image/jpeg", Content: bytes.NewReader(content)})
	require.NoError(t, err)
	assert.Equal(t, "photo.jpg", f.Name)
	assert.Equal(t, brightpattern.FileImage, f.Type())
	_, err = c.SendFile(ctx, chat.ID, f)
	require.NoError(t, err)
	assert.Equal(t, "photo.jpg", srv.ClientEvents(chat.ID)[0]["file_name"])

	dl, err := c.GetFile(ctx, chat.ID, f.ID)
	require.NoError(t, err)
	got, err := io.ReadAll(dl.Body)
	require.NoError(t, err)
	require.NoError(t, dl.Body.Close())
	assert.Equal(t, content, got)
	assert.Equal(t, "image/jpeg", dl.ContentType)
	assert.Equal(t, int64(len(content)), dl.ContentLength)

	party := joinAgent(t, srv, chat.ID)
	fileID, err := srv.SendFile(chat.ID, party, "report.pdf", "application/pdf", []byte("%PDF"))
	require.NoError(t, err)
	for ev, err := range c.Events(ctx, chat.ID) {
		require.NoError(t, err)
		if fe, ok := ev.(*brightpattern.FileEvent); ok {
			assert.Equal(t, fileID, fe.FileID)
			assert.Equal(t, brightpattern.FileAttachment, fe.FileType)
			break
		}
	}
	photo, err := c.ProfilePhoto(ctx, chat.ID, party)
	require.NoError(t, err)
	assert.Equal(t, "image/png", photo.ContentType)
	require.NoError(t, photo.Body.Close())

	_, err = c.GetFile(ctx, chat.ID, "missing")
	assert.ErrorIs(t, err, brightpattern.ErrNotFound)
}

func TestUploadLimit(t *testing.T) {
	srv, c := newFake(t)
	ctx := fixture.Context(t)
	_, err := c.UploadFile(ctx, &brightpattern.Upload{Name: "big.bin", Content: strings.NewReader("x"), Size: brightpattern.MaxUploadSize + 1})
	assert.ErrorIs(t, err, brightpattern.ErrUploadTooLarge)
	assert.Equal(t, 0, srv.Count("POST", "/files"), "refused before sending")

	// A reader of unknown size is sent; the server refuses it with 5501.
	big := fixture.Zeros(brightpattern.MaxUploadSize + 1)
	_, err = c.UploadFile(ctx, &brightpattern.Upload{Name: "big.bin", Content: big})
	assert.ErrorIs(t, err, brightpattern.ErrUploadTooLarge)
	var e *brightpattern.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, brightpattern.CodeUploadTooLarge, e.Code)
	assert.Equal(t, 0, srv.Files())
}

func TestVersion2Calls(t *testing.T) {
	srv, _ := newFake(t)
	ctx := fixture.Context(t)
	c := newClient(t, srv, "client-v2", brightpattern.WithAPIVersion(2))
	assert.Equal(t, 2, c.APIVersion())
	v, err := c.Version(ctx)
	require.NoError(t, err)
	assert.Equal(t, "5.5.6.12345 (Stable)", v)
	chat := requestChat(t, ctx, c)

	_, err = c.CaseHistory(ctx, chat.ID)
	assert.ErrorIs(t, err, brightpattern.ErrNoCase)
	require.NoError(t, srv.SetCase(chat.ID, "C-7"))
	for ev, err := range c.Events(ctx, chat.ID) {
		require.NoError(t, err)
		if cs, ok := ev.(*brightpattern.CaseSetEvent); ok {
			assert.Equal(t, "C-7", cs.CaseID)
			break
		}
	}
	sessions, err := c.CaseHistory(ctx, chat.ID)
	require.NoError(t, err)
	require.Len(t, sessions, 1)
	assert.Equal(t, chat.ID, sessions[0].ChatID)
	require.NoError(t, c.CloseCase(ctx, chat.ID))
	assert.ErrorIs(t, c.CloseCase(ctx, chat.ID), brightpattern.ErrNoCase)

	require.NoError(t, c.SubscribeNotifications(ctx, chat.ID, brightpattern.PushSubscription{AndroidFirebaseToken: "tok"}))
	assert.Equal(t, "tok", srv.Subscription(chat.ID)["android_firebase_device_token"])
	require.NoError(t, c.SubscribeNotifications(ctx, chat.ID, brightpattern.PushSubscription{}))
	assert.Nil(t, srv.Subscription(chat.ID))

	v1 := newClient(t, srv, "client-v1")
	_, err = v1.Version(ctx)
	assert.ErrorIs(t, err, brightpattern.ErrRequiresV2)
}

func TestOtherEndpointsAgainstTheFake(t *testing.T) {
	_, c := newFake(t)
	ctx := fixture.Context(t)
	ps, err := c.ExpectedParameters(ctx)
	require.NoError(t, err)
	assert.Len(t, ps, 3)
	ice, err := c.ICEServers(ctx, "")
	require.NoError(t, err)
	assert.Len(t, ice, 2)
	cfg, err := c.WidgetConfiguration(ctx)
	require.NoError(t, err)
	assert.Equal(t, "Fake", cfg.Widgets[0].Name)
	require.NoError(t, c.RequestSMSChat(ctx, &brightpattern.SMSRequest{PhoneNumber: "16508888888"}))
	chat := requestChat(t, ctx, c)
	history, err := c.History(ctx, chat.ID)
	require.NoError(t, err)
	assert.Len(t, history, 1)
}

func TestNoSecretInLogs(t *testing.T) {
	srv, _ := newFake(t)
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := brightpattern.NewClient(tenant, "secret-app-id", "c", brightpattern.WithBaseURL(srv.URL()),
		brightpattern.WithLogger(logger), brightpattern.WithRetryWait(time.Millisecond, 2*time.Millisecond))
	require.NoError(t, err)
	srv.InjectFault(brightpatterntest.Fault{Path: "/availability", Status: 503})
	_, err = c.Availability(fixture.Context(t))
	require.NoError(t, err)
	assert.Contains(t, logs.String(), "availability")
	assert.NotContains(t, logs.String(), "secret-app-id")
}

func TestNewClientValidates(t *testing.T) {
	for _, tc := range []struct{ tenant, app, client string }{
		{"", "a", "c"}, {"https://", "a", "c"}, {"acme.example.com/path", "a", "c"}, {"acme.example.com", "", "c"},
		{"acme.example.com", "a", ""}, {"acme.example.com", `a"b`, "c"}, {"acme.example.com", "a", "c\r\nX: y"},
	} {
		_, err := brightpattern.NewClient(tc.tenant, tc.app, tc.client)
		assert.Error(t, err, "%+v", tc)
	}
	_, err := brightpattern.NewClient("acme.example.com", "a", "c", brightpattern.WithAPIVersion(3))
	assert.Error(t, err)
	_, err = brightpattern.NewClient("acme.example.com", "a", "c", brightpattern.WithBaseURL("http://proxy.example.com"))
	assert.Error(t, err, "credentials over plain http need WithInsecureHTTP")
	_, err = brightpattern.NewClient("acme.example.com", "a", "c", brightpattern.WithBaseURL("http://proxy.example.com"),
		brightpattern.WithInsecureHTTP())
	assert.NoError(t, err)
	c, err := brightpattern.NewClient("HTTPS://acme.example.com/", "a", "c")
	require.NoError(t, err)
	assert.Equal(t, "c", c.ClientID())
	assert.NotEqual(t, brightpattern.NewClientID(), brightpattern.NewClientID())
	assert.Len(t, brightpattern.NewClientID(), 36)
	assert.True(t, errors.Is(brightpattern.ErrRequiresV2, brightpattern.ErrRequiresV2))
}

func TestSendHelpers(t *testing.T) {
	ctx := fixture.Context(t)
	srv, c, chat := newChat(t, ctx)
	require.NoError(t, c.SendTyping(ctx, chat.ID))
	require.NoError(t, c.SendNotTyping(ctx, chat.ID))
	id, err := c.SendLocation(ctx, chat.ID, 37.5, -122.25, "")
	require.NoError(t, err)
	assert.Equal(t, "1", id)
	id, err = c.SendMessage(ctx, chat.ID, "hello")
	require.NoError(t, err)
	assert.Equal(t, "3", id)
	require.NoError(t, c.SendFormData(ctx, chat.ID, &brightpattern.FormShowEvent{FormRequestID: "17", FormName: "survey"},
		map[string]any{"score": 5}))
	require.NoError(t, c.Disconnect(ctx, chat.ID))
	require.NoError(t, c.EndChat(ctx, chat.ID))

	stored := srv.ClientEvents(chat.ID)
	var names []string
	for _, ev := range stored {
		names = append(names, ev["event"].(string))
	}
	assert.Equal(t, []string{"chat_session_location", "chat_session_message", "chat_session_form_data",
		"chat_session_disconnect", "chat_session_end"}, names, "typing is kept out of the history")
	assert.Equal(t, "37.5", stored[0]["latitude"])
	assert.Equal(t, map[string]any{"score": float64(5)}, stored[2]["data"])

	// Once the chat has ended, every helper fails with ErrSessionEnded.
	for name, send := range map[string]func() error{
		"SendTyping":    func() error { return c.SendTyping(ctx, chat.ID) },
		"SendNotTyping": func() error { return c.SendNotTyping(ctx, chat.ID) },
		"EndChat":       func() error { return c.EndChat(ctx, chat.ID) },
		"Disconnect":    func() error { return c.Disconnect(ctx, chat.ID) },
		"SendMessage":   func() error { _, err := c.SendMessage(ctx, chat.ID, "late"); return err },
		"SendLocation":  func() error { _, err := c.SendLocation(ctx, chat.ID, 1, 2, ""); return err },
		"SendFormData": func() error {
			return c.SendFormData(ctx, chat.ID, &brightpattern.FormShowEvent{FormRequestID: "1"}, nil)
		},
		"SendFile": func() error {
			_, err := c.SendFile(ctx, chat.ID, &brightpattern.UploadedFile{ID: "f", Name: "a.txt"})
			return err
		},
	} {
		assert.ErrorIs(t, send(), brightpattern.ErrSessionEnded, name)
	}
	assert.Error(t, c.SendFormData(ctx, chat.ID, nil, nil))
	_, err = c.SendFile(ctx, chat.ID, nil)
	assert.Error(t, err)
	_, err = c.SendEvents(ctx, chat.ID, nil)
	assert.Error(t, err)
	_, err = c.SendEvents(ctx, chat.ID, []brightpattern.Event{&brightpattern.StatusEvent{}})
	assert.Error(t, err)
}

func TestConcurrentPollGets5509(t *testing.T) {
	srv, c := newFake(t, brightpatterntest.WithHold(time.Second))
	ctx := fixture.Context(t)
	chat := requestChat(t, ctx, c)
	_, err := c.PollEvents(ctx, chat.ID) // takes the queued status
	require.NoError(t, err)
	held := make(chan error, 1)
	go func() {
		_, err := c.PollEvents(ctx, chat.ID)
		held <- err
	}()
	require.True(t, waitUntil(func() bool { return srv.Count("GET", "/events") >= 2 }), "the held poll reached the fake")
	var second error
	for {
		_, second = c.PollEvents(ctx, chat.ID)
		if second != nil {
			break
		}
	}
	assert.ErrorIs(t, second, brightpattern.ErrConcurrentPoll)
	require.NoError(t, srv.End(chat.ID))
	require.NoError(t, <-held)
}

func TestEventsEndOnAPlain404(t *testing.T) {
	ctx := fixture.Context(t)
	srv, c, chat := newChat(t, ctx)
	srv.InjectFault(brightpatterntest.Fault{Method: "GET", Path: "/events", Status: 404})
	got, err := collect(t, c.Events(ctx, chat.ID), nil)
	assert.Equal(t, []string{"status:queued"}, got, "read from the history before the first poll")
	assert.ErrorIs(t, err, brightpattern.ErrSessionEnded)
}

func TestFakeKeepsAtMost1000Files(t *testing.T) {
	ctx := fixture.Context(t)
	srv, c, chat := newChat(t, ctx)
	party := joinAgent(t, srv, chat.ID)
	first, err := srv.SendFile(chat.ID, party, "0.txt", "text/plain", []byte("0"))
	require.NoError(t, err)
	for i := 1; i <= brightpatterntest.MaxFiles; i++ {
		_, err := srv.SendFile(chat.ID, party, fmt.Sprint(i, ".txt"), "text/plain", []byte("x"))
		require.NoError(t, err)
	}
	assert.Equal(t, brightpatterntest.MaxFiles, srv.Files())
	_, err = c.GetFile(ctx, chat.ID, first)
	assert.ErrorIs(t, err, brightpattern.ErrNotFound, "the oldest file was replaced")
}
