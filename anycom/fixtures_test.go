package anycom

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/internal/fixture"
)

const (
	testKey  = "test-auth-key"
	testUser = "test-user"
)

// replay returns a client whose requests must match the named fixture.
func replay(t *testing.T, name string, opts ...Option) *Client {
	t.Helper()
	opts = append([]Option{WithHTTPClient(fixture.Client(t, "anycom", name)), WithRetryWait(time.Millisecond, 5*time.Millisecond)}, opts...)
	c, err := NewClient(testKey, testUser, opts...)
	require.NoError(t, err)
	return c
}

// TestFixtures runs every case that replays files of testdata/anycom, and
// fails when a file is replayed by none.
func TestFixtures(t *testing.T) {
	fixture.Exhaustive(t, "anycom", map[string]func(*testing.T){
		"UsersHeaderAuth": fixtureUsersHeaderAuth,
		"UsersBodyAuth":   fixtureUsersBodyAuth,
		"Messages":        fixtureMessages,
		"Check":           fixtureCheck,
		"Status":          fixtureStatus,
		"BotSessions":     fixtureBotSessions,
		"Attendants":      fixtureAttendants,
		"Awaiting":        fixtureAwaiting,
		"Conversations":   fixtureConversations,
	})
}

func unix(s int64) time.Time { return time.Unix(s, 0).UTC() }

func wantUser() User {
	return User{
		Customer: 12002, State: StateOnBot, Session: 16689,
		Sent: MessageStats{Count: 2, Stamp: Stamp{
			Last: unix(1617043377), LastElapsed: "90 days, 4:11:48",
			Elapsed: 90*24*time.Hour + 4*time.Hour + 11*time.Minute + 48*time.Second,
		}},
		Received: MessageStats{Count: 1, Stamp: Stamp{
			Last: unix(1617043371), LastElapsed: "90 days, 4:11:54",
			Elapsed: 90*24*time.Hour + 4*time.Hour + 11*time.Minute + 54*time.Second,
		}},
		Chat: ChatInfo{
			Group: ChatGroup{ID: 14, Name: "Suporte"}, Invited: true, Call: CallInvited,
		},
		UserName: "ExCodes Software",
		Channel:  Channel{Type: ChannelWhatsApp, ID: 9, UserID: "554432328668@c.us"},
	}
}

func fixtureUsersHeaderAuth(t *testing.T) {
	c := replay(t, "chan_show_header_auth")
	users, err := c.Channels.Users(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []User{wantUser()}, users)
}

func fixtureUsersBodyAuth(t *testing.T) {
	c := replay(t, "chan_show_body_auth", WithBodyAuth())
	users, err := c.Channels.Users(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []User{wantUser()}, users)
}

func fixtureMessages(t *testing.T) {
	ctx := context.Background()
	session := SessionArgs{ChanType: ChannelWhatsApp, ChanID: 1, ChanUser: "554432328668@c.us"}
	tests := []struct {
		fixture string
		call    func(*Client) (string, error)
		want    string
	}{
		{"chan_state", func(c *Client) (string, error) {
			return c.Channels.SetState(ctx, StateArgs{ChanType: ChannelWhatsApp, ChanID: 1, ChanUser: "554432328668@c.us", NewState: StateOnChat})
		}, "State of channel whatsapp/1/554432328668@c.us changed to on_chat"},
		{"chan_rem", func(c *Client) (string, error) { return c.Channels.RemoveSession(ctx, session) },
			"BOT, Channel whatsapp/1/554432328668@c.us has been removed"},
		{"chan_reload", func(c *Client) (string, error) {
			return c.Channels.Reload(ctx, ReloadChannelArgs{ChanType: ChannelWhatsApp, ChanID: 1})
		}, "Reload command sent to 1"},
		{"chan_message", func(c *Client) (string, error) {
			return c.Channels.SendMessage(ctx, MessageArgs{ChanType: ChannelWhatsApp, ChanID: 1, User: 554432328668, Flow: 1, Message: "Welcome to ExCodes Software."})
		}, "Sent message to whatsapp/1/554432328668@c.us/ExCodes and flow set to 1"},
		{"bot_flow", func(c *Client) (string, error) {
			return c.Bot.SetFlow(ctx, FlowArgs{ChanType: ChannelWhatsApp, ChanID: 1, ChanUser: "554432328668@c.us", Flow: 2, Item: 1})
		}, "Next flow of channel whatsapp/1/554432328668@c.us set to 2/1"},
		{"bot_reload", func(c *Client) (string, error) {
			return c.Bot.Reload(ctx, ReloadArgs{Target: ReloadAll, ID: 7})
		}, "Reload all command sent to LiveFlow"},
		{"bot_rem", func(c *Client) (string, error) { return c.Bot.RemoveSession(ctx, session) },
			"BOT of Channel whatsapp/1/554432328668@c.us has been removed"},
		{"bot_validate", func(c *Client) (string, error) {
			return c.Bot.Validate(ctx, ValidateArgs{Target: ReloadService, ID: 100})
		}, "LiveFlow BOT service 100-(Mensagem de boas vindas) sucessfully compiled"},
		{"chat_connect", func(c *Client) (string, error) {
			return c.Chat.Connect(ctx, ConnectArgs{ChanType: ChannelWhatsApp, ChanID: 1, ChanUser: "554432328668@c.us", ChatUser: "maxbauer@exc"})
		}, "Chat connected Successful"},
		{"chat_close", func(c *Client) (string, error) { return c.Chat.Close(ctx, session) },
			"LiveChat conversation of whatsapp/1/554432328668@c.us with maxbauer has been closed"},
		{"chat_drop", func(c *Client) (string, error) { return c.Chat.Drop(ctx, session) },
			"LiveChat conversation of whatsapp/1/554432328668@c.us with maxbauer@exc has been dropped"},
		{"chat_invite", func(c *Client) (string, error) {
			return c.Chat.Invite(ctx, InviteArgs{
				ChanType: ChannelWhatsApp, ChanID: 1, ChanUser: 554432328668, ChatGroup: 1,
				ChatSubj: "Attendant Subject", ChatGreet: "Customer greeting message",
				CustomerFT: "M", CustomerFK: 1234, SessionFK: 1000,
			})
		}, "Chat invited Successful"},
		{"chat_rem", func(c *Client) (string, error) {
			return c.Chat.Disconnect(ctx, DisconnectArgs{ChatUser: "excodes"})
		}, "LiveChat User excodes has been removed"},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			got, err := tt.call(replay(t, tt.fixture))
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func fixtureCheck(t *testing.T) {
	c := replay(t, "chan_check")
	got, err := c.Channels.Check(context.Background(), CheckArgs{ChanType: ChannelWhatsApp, ChanID: 9, User: 554432328668})
	require.NoError(t, err)
	assert.Equal(t, &CheckResult{
		Status: CheckAlready, IsBusiness: true, UserName: "Excodes Software",
		Channel: Channel{Type: ChannelWhatsApp, UserID: "554432328668@c.us", User: "554432328668"},
	}, got)
}

func fixtureStatus(t *testing.T) {
	c := replay(t, "status")
	got, err := c.Status(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []ChannelStatus{
		{
			Status:  ChannelUp,
			Seen:    Stamp{Last: unix(1624670857), LastElapsed: "38", Elapsed: 38 * time.Second},
			Clients: 2,
			Channel: Channel{Type: ChannelWhatsApp, ID: 9},
		},
		{Status: ChannelUp, Channel: Channel{Type: ChannelLiveChat}},
		{Status: ChannelUp, Clients: 2, Channel: Channel{Type: ChannelLiveFlow}},
	}, got)
}

func fixtureBotSessions(t *testing.T) {
	c := replay(t, "bot_show")
	got, err := c.Bot.Sessions(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []BotSession{{
		UserName:   "ExCodes Software",
		Next:       FlowStep{Item: 98, DestinationType: "message", Flow: 1, ID: 2036},
		Running:    FlowStep{Item: 12, DestinationType: "chat", Flow: 1, ID: 125},
		ChatGroup:  "Suporte",
		Channel:    Channel{Type: ChannelWhatsApp, ID: 1, UserID: "554432328668@c.us"},
		LastAnswer: "",
	}}, got)
}

func fixtureAttendants(t *testing.T) {
	c := replay(t, "chat_show_user")
	got, err := c.Chat.Attendants(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []Attendant{{
		ChatUser: "maxbauer", ChatUserName: "Max",
		StartTime: unix(1624927155), IPAddr: "10.1.200.20", LastAck: 4 * time.Second,
		Group:    ChatGroup{ID: 14, Name: "Suporte"},
		OS:       Software{Name: "macOS", Version: "10.15.7"},
		Browser:  Software{Name: "Chrome", Version: "91.0.4472.114"},
		WebFront: "V1.3.010", WebCore: "V1.3.013",
		Clients: 1,
	}}, got)
}

func fixtureAwaiting(t *testing.T) {
	c := replay(t, "chat_show_awaiting")
	got, err := c.Chat.Awaiting(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []AwaitingCustomer{{
		Chat: ChatInfo{
			Call: CallInvited, Group: ChatGroup{ID: 14, Name: "Suporte"},
			Subject: "Recuperada da desconexão de [CHAT_USER_NAME]",
		},
		Channel: Channel{Type: ChannelWhatsApp, ID: 9, UserID: "554432328668@c.us", UserName: "ExCodes Software"},
	}}, got)
}

func fixtureConversations(t *testing.T) {
	c := replay(t, "chat_show_conversation")
	got, err := c.Chat.Conversations(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []Conversation{{
		ChatUser: "maxbauer", ChatUserName: "Max",
		Channel: Channel{Type: ChannelWhatsApp, ID: 9, UserID: "554432328668@c.us", UserName: "ExCodes Software"},
	}}, got)
}

// TestFixturesAreTheCollectionsExamples keeps each fixture's claim that its
// bodies are the collection's example verbatim: the request body (with the
// credential variables filled in) and the response code and body.
func TestFixturesAreTheCollectionsExamples(t *testing.T) {
	raw, err := os.ReadFile("anycomtest/testdata/collection.postman.json")
	require.NoError(t, err)
	type example struct {
		Name            string `json:"name"`
		OriginalRequest struct {
			Header []struct{ Key, Value string } `json:"header"`
			Body   struct{ Raw string }          `json:"body"`
		} `json:"originalRequest"`
		Code int    `json:"code"`
		Body string `json:"body"`
	}
	var collection struct {
		Item []struct {
			Item []struct {
				Response []example `json:"response"`
			} `json:"item"`
		} `json:"item"`
	}
	require.NoError(t, json.Unmarshal(raw, &collection))
	examples := map[string]example{}
	for _, folder := range collection.Item {
		for _, req := range folder.Item {
			for _, ex := range req.Response {
				examples[ex.Name] = ex
			}
		}
	}
	vars := strings.NewReplacer("{{auth_key}}", testKey, "{{auth_user}}", testUser)
	fixtures := fixture.Glob(t, filepath.Join(fixture.Dir("anycom"), "*.json"))
	require.Len(t, fixtures, len(examples), "one fixture per example")
	for _, fx := range fixtures {
		ex, ok := examples[fx.Name]
		if !assert.True(t, ok, "%s: no example named %q", fx.File(), fx.Name) {
			continue
		}
		assert.Contains(t, fx.Source, `saved example "`+fx.Name+`"`, fx.File())
		assert.JSONEq(t, vars.Replace(ex.OriginalRequest.Body.Raw), string(fx.Request.Body), fx.File())
		assert.Equal(t, ex.Code, fx.Response.Status, fx.File())
		assert.JSONEq(t, ex.Body, string(fx.Response.Body), fx.File())
		for _, h := range ex.OriginalRequest.Header {
			assert.Equal(t, vars.Replace(h.Value), fx.Request.Headers[h.Key], "%s: header %s as written", fx.File(), h.Key)
		}
		if len(ex.OriginalRequest.Header) == 0 {
			assert.ElementsMatch(t, []string{"auth_key", "auth_user"}, fx.Request.AbsentHeaders, fx.File())
		}
	}
}

// TestCredentialHeadersAreWrittenOnce: the credential step leaves exactly
// one auth_key and one auth_user, under the collection's names, even when
// the request already holds them in another spelling.
func TestCredentialHeadersAreWrittenOnce(t *testing.T) {
	creds, err := newCredentials("k", "u")
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodPost, "https://ws.anycom.io/", nil)
	require.NoError(t, err)
	req.Header.Set("auth_key", "stale") // stored as Auth_key
	req.Header["AUTH_USER"] = []string{"stale"}
	require.NoError(t, creds.setHeaders(req))
	assert.Equal(t, http.Header{"auth_key": {"k"}, "auth_user": {"u"}}, req.Header)
}
