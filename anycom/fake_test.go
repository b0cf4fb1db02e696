package anycom_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/anycom"
	"github.com/switchboard-go/switchboard/anycom/anycomtest"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// newFake starts a fake and a client for it, both closed with the test.
// The fake is a quiet center: the collection's channels, chat groups, bot
// service and attendant maxbauer, but no customer and none of the other
// attendants of the default fake, so that a test scripts every change.
func newFake(t *testing.T, opts ...anycom.Option) (*anycomtest.Server, *anycom.Client) {
	t.Helper()
	srv := anycomtest.NewServer(anycomtest.WithEmpty())
	t.Cleanup(srv.Close)
	now := time.Now()
	for _, ch := range []anycomtest.Channel{
		{Type: "whatsapp", ID: 1, LastSeen: now}, {Type: "whatsapp", ID: 9, LastSeen: now},
		{Type: "livechat"}, {Type: "liveflow"},
	} {
		srv.AddChannel(ch)
	}
	srv.AddChatGroup(1, "Geral")
	srv.AddChatGroup(14, "Suporte")
	srv.AddBotService(100, "Mensagem de boas vindas")
	srv.AddAttendant(anycomtest.Attendant{User: "maxbauer", Name: "Max", Group: 14, IPAddr: "10.1.200.20", Online: true})
	return srv, clientFor(t, srv, anycomtest.DefaultAuthKey, anycomtest.DefaultAuthUser, opts...)
}

func clientFor(t *testing.T, srv *anycomtest.Server, key, user string, opts ...anycom.Option) *anycom.Client {
	t.Helper()
	opts = append([]anycom.Option{
		anycom.WithBaseURL(srv.URL()),
		anycom.WithRetryWait(time.Millisecond, 5*time.Millisecond),
	}, opts...)
	c, err := anycom.NewClient(key, user, opts...)
	require.NoError(t, err)
	return c
}

const customer = "554432328668@c.us"

func session() anycom.SessionArgs {
	return anycom.SessionArgs{ChanType: anycom.ChannelWhatsApp, ChanID: 9, ChanUser: customer}
}

// TestConversation drives a customer through the bot and a chat, with
// every command.
func TestConversation(t *testing.T) {
	for _, mode := range []string{"header", "body"} {
		t.Run(mode, func(t *testing.T) {
			var opts []anycom.Option
			if mode == "body" {
				opts = append(opts, anycom.WithBodyAuth())
			}
			srv, c := newFake(t, opts...)
			ctx := context.Background()
			// message is the server's message of a command that succeeded.
			message := func(msg string, err error) string {
				t.Helper()
				require.NoError(t, err)
				return msg
			}

			chk, err := c.Channels.Check(ctx, anycom.CheckArgs{ChanType: anycom.ChannelWhatsApp, ChanID: 9, User: 554432328668})
			require.NoError(t, err)
			assert.Equal(t, anycom.CheckValid, chk.Status)

			assert.Equal(t, "Sent message to whatsapp/9/554432328668@c.us/554432328668 and flow set to 1",
				message(c.Channels.SendMessage(ctx, anycom.MessageArgs{ChanType: anycom.ChannelWhatsApp, ChanID: 9, User: 554432328668, Flow: 1, Message: "Welcome"})))
			assert.Len(t, srv.Messages(), 1)

			chk, err = c.Channels.Check(ctx, anycom.CheckArgs{ChanType: anycom.ChannelWhatsApp, ChanID: 9, User: 554432328668})
			require.NoError(t, err)
			assert.Equal(t, anycom.CheckAlready, chk.Status)

			users, err := c.Channels.Users(ctx)
			require.NoError(t, err)
			require.Len(t, users, 1)
			assert.Equal(t, anycom.StateOnBot, users[0].State)
			assert.Equal(t, int64(1), users[0].Sent.Count)
			assert.False(t, users[0].Sent.Last.IsZero())

			bots, err := c.Bot.Sessions(ctx)
			require.NoError(t, err)
			require.Len(t, bots, 1)
			assert.Equal(t, customer, bots[0].Channel.UserID)

			assert.Equal(t, "Next flow of channel whatsapp/9/554432328668@c.us set to 2/1",
				message(c.Bot.SetFlow(ctx, anycom.FlowArgs{ChanType: anycom.ChannelWhatsApp, ChanID: 9, ChanUser: customer, Flow: 2, Item: 1})))

			assert.Equal(t, "Reload service 100 command sent to LiveFlow",
				message(c.Bot.Reload(ctx, anycom.ReloadArgs{Target: anycom.ReloadService, ID: 100})))

			assert.Equal(t, "LiveFlow BOT service 100-(Mensagem de boas vindas) sucessfully compiled",
				message(c.Bot.Validate(ctx, anycom.ValidateArgs{Target: anycom.ReloadService, ID: 100})))

			assert.Equal(t, "BOT of Channel whatsapp/9/554432328668@c.us has been removed",
				message(c.Bot.RemoveSession(ctx, session())))

			assert.Equal(t, "Chat invited Successful",
				message(c.Chat.Invite(ctx, anycom.InviteArgs{ChanType: anycom.ChannelWhatsApp, ChanID: 9, ChanUser: 554432328668, ChatGroup: 14, ChatSubj: "Invoice", CustomerFT: "M", CustomerFK: 1234, SessionFK: 1000})))

			waiting, err := c.Chat.Awaiting(ctx)
			require.NoError(t, err)
			require.Len(t, waiting, 1)
			assert.Equal(t, anycom.CallInvite, waiting[0].Chat.Call)
			assert.Equal(t, anycom.ChatGroup{ID: 14, Name: "Suporte"}, waiting[0].Chat.Group)

			assert.Equal(t, "Chat connected Successful",
				message(c.Chat.Connect(ctx, anycom.ConnectArgs{ChanType: anycom.ChannelWhatsApp, ChanID: 9, ChanUser: customer, ChatUser: "maxbauer"})))

			convs, err := c.Chat.Conversations(ctx)
			require.NoError(t, err)
			require.Len(t, convs, 1)
			assert.Equal(t, "maxbauer", convs[0].ChatUser)

			atts, err := c.Chat.Attendants(ctx)
			require.NoError(t, err)
			require.Len(t, atts, 1)
			assert.Equal(t, int64(1), atts[0].Clients)

			assert.Equal(t, "State of channel whatsapp/9/554432328668@c.us changed to on_chat",
				message(c.Channels.SetState(ctx, anycom.StateArgs{ChanType: anycom.ChannelWhatsApp, ChanID: 9, ChanUser: customer, NewState: anycom.StateOnChat})))

			assert.Equal(t, "LiveChat conversation of whatsapp/9/554432328668@c.us with maxbauer has been dropped",
				message(c.Chat.Drop(ctx, session())))

			_, err = c.Chat.Invite(ctx, anycom.InviteArgs{ChanType: anycom.ChannelWhatsApp, ChanID: 9, ChanUser: 554432328668, ChatGroup: 14})
			require.NoError(t, err)
			require.True(t, srv.AcceptNext("maxbauer"))
			assert.Equal(t, "LiveChat conversation of whatsapp/9/554432328668@c.us with maxbauer has been closed",
				message(c.Chat.Close(ctx, session())))

			assert.Equal(t, "Reload command sent to 9",
				message(c.Channels.Reload(ctx, anycom.ReloadChannelArgs{ChanType: anycom.ChannelWhatsApp, ChanID: 9})))

			assert.Equal(t, "BOT, Channel whatsapp/9/554432328668@c.us has been removed",
				message(c.Channels.RemoveSession(ctx, session())))

			assert.Equal(t, "LiveChat User maxbauer has been removed",
				message(c.Chat.Disconnect(ctx, anycom.DisconnectArgs{ChatUser: "maxbauer"})))

			status, err := c.Status(ctx)
			require.NoError(t, err)
			require.Len(t, status, 4)
			assert.Equal(t, anycom.ChannelUp, status[0].Status)
			assert.Equal(t, anycom.ChannelLiveChat, status[2].Channel.Type)
		})
	}
}

// TestEveryCommandRefused gives every method an error path: a wrong key is
// refused with 401, whose detail reaches the caller and never the key.
func TestEveryCommandRefused(t *testing.T) {
	srv, _ := newFake(t)
	const wrongKey = "wrong-secret-key"
	c := clientFor(t, srv, wrongKey, anycomtest.DefaultAuthUser)
	ctx := context.Background()
	s := session()
	calls := map[string]func() error{
		"Users":         func() error { _, err := c.Channels.Users(ctx); return err },
		"SetState":      func() error { _, err := c.Channels.SetState(ctx, anycom.StateArgs{}); return err },
		"RemoveSession": func() error { _, err := c.Channels.RemoveSession(ctx, s); return err },
		"Check":         func() error { _, err := c.Channels.Check(ctx, anycom.CheckArgs{}); return err },
		"Reload":        func() error { _, err := c.Channels.Reload(ctx, anycom.ReloadChannelArgs{}); return err },
		"SendMessage":   func() error { _, err := c.Channels.SendMessage(ctx, anycom.MessageArgs{}); return err },
		"Status":        func() error { _, err := c.Status(ctx); return err },
		"Sessions":      func() error { _, err := c.Bot.Sessions(ctx); return err },
		"SetFlow":       func() error { _, err := c.Bot.SetFlow(ctx, anycom.FlowArgs{}); return err },
		"BotReload":     func() error { _, err := c.Bot.Reload(ctx, anycom.ReloadArgs{Target: anycom.ReloadAll}); return err },
		"BotRemove":     func() error { _, err := c.Bot.RemoveSession(ctx, s); return err },
		"Validate":      func() error { _, err := c.Bot.Validate(ctx, anycom.ValidateArgs{}); return err },
		"Connect":       func() error { _, err := c.Chat.Connect(ctx, anycom.ConnectArgs{}); return err },
		"Close":         func() error { _, err := c.Chat.Close(ctx, s); return err },
		"Drop":          func() error { _, err := c.Chat.Drop(ctx, s); return err },
		"Invite":        func() error { _, err := c.Chat.Invite(ctx, anycom.InviteArgs{}); return err },
		"Disconnect":    func() error { _, err := c.Chat.Disconnect(ctx, anycom.DisconnectArgs{}); return err },
		"Attendants":    func() error { _, err := c.Chat.Attendants(ctx); return err },
		"Awaiting":      func() error { _, err := c.Chat.Awaiting(ctx); return err },
		"Conversations": func() error { _, err := c.Chat.Conversations(ctx); return err },
		"Do":            func() error { _, err := c.Do(ctx, "chan", "show", nil); return err },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			err := call()
			require.Error(t, err)
			assert.ErrorIs(t, err, anycom.ErrUnauthorized)
			var e *anycom.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, http.StatusUnauthorized, e.StatusCode)
			assert.Equal(t, anycom.CodeUnauthorized, e.Code)
			assert.Equal(t, "Unauthorized! The authentication key does not exist or is not active.", e.Message)
			assert.Equal(t, 1, e.Attempts)
			assert.NotContains(t, err.Error(), wrongKey)
		})
	}
}

func TestFakeRefusesCommands(t *testing.T) {
	srv, c := newFake(t)
	ctx := context.Background()

	_, err := c.Do(ctx, "chan", "nope", nil)
	assert.ErrorIs(t, err, anycom.ErrInvalidMethod)
	assert.ErrorIs(t, err, anycom.ErrNotFound)
	assert.EqualError(t, err, "anycom: POST "+srv.URL()+"/: HTTP 404 invalid_method: Invalid method.")

	_, err = c.Do(ctx, "chan", "state", map[string]any{"chan_type": "whatsapp"})
	assert.ErrorIs(t, err, anycom.ErrPreconditionFailed)
	assert.ErrorIs(t, err, anycom.ErrInvalidRequest)
	assert.ErrorContains(t, err, "Missing argument: chan_id")

	_, err = c.Chat.Close(ctx, session())
	assert.ErrorIs(t, err, anycom.ErrPreconditionFailed)

	_, err = c.Bot.Reload(ctx, anycom.ReloadArgs{Target: anycom.ReloadFunction})
	assert.ErrorIs(t, err, anycom.ErrInvalidRequest)
	assert.NotContains(t, srv.Commands(), "bot/reload", "an invalid reload is refused before sending")

	res, err := c.Do(ctx, "chat", "show", map[string]string{"target": "user"})
	require.NoError(t, err)
	assert.True(t, res.IsList)
	assert.Len(t, res.Items, 1)
	assert.Equal(t, 200, res.Status)
}

// TestFakeAuthForms checks the fake's 400 and 401 for both credential forms.
func TestFakeAuthForms(t *testing.T) {
	srv := anycomtest.NewServer(anycomtest.WithCredentials("k-1234", "u"))
	t.Cleanup(srv.Close)
	post := func(body string, header map[string]string) int {
		req, err := http.NewRequest(http.MethodPost, srv.URL()+"/", bytes.NewBufferString(body))
		require.NoError(t, err)
		for k, v := range header {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		return resp.StatusCode
	}
	cmd := `{"group":"status","cmd":"","args":{}}`
	assert.Equal(t, 400, post(cmd, nil))
	assert.Equal(t, 401, post(cmd, map[string]string{"auth_key": "nope", "auth_user": "u"}))
	assert.Equal(t, 401, post(cmd, map[string]string{"auth_key": "k-1234", "auth_user": "other"}))
	assert.Equal(t, 200, post(cmd, map[string]string{"auth_key": "k-1234", "auth_user": "u"}))
	wrap := func(auth string) string { return `{"Authentication":` + auth + `,"Request":` + cmd + `}` }
	assert.Equal(t, 400, post(wrap(`{"auth_user":"u"}`), nil))
	assert.Equal(t, 401, post(wrap(`{"auth_key":"x","auth_user":"u"}`), nil))
	assert.Equal(t, 200, post(wrap(`{"auth_key":"k-1234","auth_user":"u"}`), nil))
	assert.Equal(t, 412, post(`{"group":"status","cmd":""}`, map[string]string{"auth_key": "k-1234", "auth_user": "u"}))

	c := clientFor(t, srv, "k-1234", "u", anycom.WithBodyAuth())
	_, err := c.Status(context.Background())
	require.NoError(t, err)
}

func TestNewClientValidates(t *testing.T) {
	_, err := anycom.NewClient("", "u")
	assert.EqualError(t, err, "anycom: NewClient: authKey is empty")
	assert.ErrorIs(t, err, anycom.ErrInvalidArgument)
	_, err = anycom.NewClient("k", "")
	assert.EqualError(t, err, "anycom: NewClient: authUser is empty")
	assert.ErrorIs(t, err, anycom.ErrInvalidArgument)
	_, err = anycom.NewClient("k\r\nX: y", "u")
	assert.ErrorIs(t, err, httpcore.ErrInvalidHeader)
	assert.ErrorContains(t, err, "anycom: ")
	assert.NotContains(t, err.Error(), "X: y", "the key is never echoed")
	_, err = anycom.NewClient("k", "u", anycom.WithBaseURL("http://example.com/"))
	assert.ErrorIs(t, err, httpcore.ErrInsecureTransport, "credentials over plain http need WithInsecureHTTP")
	_, err = anycom.NewClient("k", "u", anycom.WithBaseURL("http://example.com/"), anycom.WithInsecureHTTP())
	assert.NoError(t, err)
	_, err = anycom.NewClient("k", "u", anycom.WithBaseURL("::"))
	var urlErr *url.Error
	assert.ErrorAs(t, err, &urlErr, "the parse error stays reachable")
	assert.ErrorContains(t, err, "anycom: WithBaseURL: invalid base URL")
}

func TestSecretsStayOutOfErrors(t *testing.T) {
	srv, _ := newFake(t)
	const key = "super-secret-key-value"
	srv.InjectFault(anycomtest.Fault{Status: 500, Body: `{"status":500,"result":"bad key super-secret-key-value"}`})
	c := clientFor(t, srv, key, "u", anycom.WithMaxRetries(0))
	_, err := c.Channels.SendMessage(context.Background(), anycom.MessageArgs{})
	require.Error(t, err)
	assert.ErrorIs(t, err, anycom.ErrServerError)
	assert.False(t, strings.Contains(err.Error(), key))
	var e *anycom.Error
	require.True(t, errors.As(err, &e))
	assert.NotContains(t, string(e.Body), key)
}
