package workspacechat_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/internal/conformance"
	"github.com/switchboard-go/switchboard/internal/fixture"
	"github.com/switchboard-go/switchboard/workspacechat"
	"github.com/switchboard-go/switchboard/workspacechat/workspacechattest"
)

// refusalKey is the key of the refusal tests, long enough that any echo of
// it in an error string is found.
const refusalKey = "wsk_live_refusal_secret_4f9a2c7e"

// TestRefusedArguments: every argument refused before any I/O gives an
// error matching ErrInvalidArgument that names the package and the
// argument, reveals no key and fits on one line, and nothing reaches the
// fake.
func TestRefusedArguments(t *testing.T) {
	srv := workspacechattest.NewServer(workspacechattest.WithCredentials(refusalKey))
	t.Cleanup(srv.Close)
	newClient := func(key string, opts ...workspacechat.Option) error {
		_, err := workspacechat.NewClient(key, append([]workspacechat.Option{workspacechat.WithBaseURL(srv.URL())}, opts...)...)
		return err
	}
	c, err := workspacechat.NewClient(refusalKey, workspacechat.WithBaseURL(srv.URL()))
	require.NoError(t, err)
	const bad = "../../etc"
	title := "t"

	conformance.Refusals(t, "workspacechat", workspacechat.ErrInvalidArgument, func() int { return srv.Count("", "") },
		[]string{refusalKey, " " + refusalKey, refusalKey + "\r\nX-Injected: 1"}, []conformance.Refusal{
			conformance.Refuse("empty key", "apiKey", func(context.Context) error { return newClient("") }),
			conformance.Refuse("key with spaces", "apiKey", func(context.Context) error { return newClient(" " + refusalKey) }),
			conformance.Refuse("key with CR/LF", "apiKey", func(context.Context) error { return newClient(refusalKey + "\r\nX-Injected: 1") }),
			conformance.Refuse("watch interval", "WithWatchInterval", func(context.Context) error {
				return newClient(refusalKey, workspacechat.WithWatchInterval(-time.Second))
			}),
			conformance.Refuse("plain http", "WithInsecureHTTP", func(context.Context) error {
				_, err := workspacechat.NewClient(refusalKey, workspacechat.WithBaseURL("http://api.example.com"))
				return err
			}),
			conformance.Refuse("ftp base URL", "base URL", func(context.Context) error {
				return newClient(refusalKey, workspacechat.WithBaseURL("ftp://x"))
			}),
			conformance.Refuse("retry wait", "retry wait", func(context.Context) error {
				return newClient(refusalKey, workspacechat.WithRetryWait(2*time.Second, time.Second))
			}),
			conformance.Refuse("user agent", "User-Agent", func(context.Context) error {
				return newClient(refusalKey, workspacechat.WithUserAgent("a\r\nb"))
			}),
			conformance.Refuse("GetChat id", "chat id", func(ctx context.Context) error { _, err := c.GetChat(ctx, bad); return err }),
			conformance.Refuse("GetChatEntity empty id", "chat id", func(ctx context.Context) error { _, err := c.GetChatEntity(ctx, ""); return err }),
			conformance.Refuse("RemoveChat id", "chat id", func(ctx context.Context) error { _, err := c.RemoveChat(ctx, bad); return err }),
			conformance.Refuse("UpdateChat id", "chat id", func(ctx context.Context) error {
				_, err := c.UpdateChat(ctx, bad, &workspacechat.ChatUpdate{Title: &title})
				return err
			}),
			conformance.Refuse("UpdateChat nothing", "ChatUpdate", func(ctx context.Context) error { _, err := c.UpdateChat(ctx, chatID, nil); return err }),
			conformance.Refuse("UpdateChat responder", "responder super-identity id", func(ctx context.Context) error {
				r := "x"
				_, err := c.UpdateChat(ctx, chatID, &workspacechat.ChatUpdate{ResponderSuperIdentityID: &r})
				return err
			}),
			conformance.Refuse("CreateChat nil", "NewChat", func(ctx context.Context) error { _, err := c.CreateChat(ctx, nil); return err }),
			conformance.Refuse("CreateChat owner", "owner super-identity id", func(ctx context.Context) error {
				_, err := c.CreateChat(ctx, &workspacechat.NewChat{ChannelID: channel1, OwnerSuperIdentityID: "nope"})
				return err
			}),
			conformance.Refuse("ListChats owner ids", "owner id", func(ctx context.Context) error {
				_, err := c.ListChats(ctx, &workspacechat.ChatFilter{OwnerIDs: []string{chatID, "x"}})
				return err
			}),
			conformance.Refuse("ListChats page size", "PageSize", func(ctx context.Context) error {
				_, err := c.ListChats(ctx, &workspacechat.ChatFilter{PageSize: workspacechat.MaxPageSize + 1})
				return err
			}),
			conformance.Refuse("ListChats page number", "PageNumber", func(ctx context.Context) error {
				_, err := c.ListChats(ctx, &workspacechat.ChatFilter{PageNumber: -1})
				return err
			}),
			conformance.Refuse("ListChatEntities page bound", "MaxPages", func(ctx context.Context) error {
				_, err := c.ListChatEntities(ctx, &workspacechat.ChatFilter{MaxPages: -1})
				return err
			}),
			conformance.Refuse("AllChats ticket ids", "ticket id", func(ctx context.Context) error {
				return fixture.FirstErr(c.AllChats(ctx, &workspacechat.ChatFilter{TicketIDs: []string{bad}}))
			}),
			conformance.Refuse("AllChatEntities page size", "PageSize", func(ctx context.Context) error {
				return fixture.FirstErr(c.AllChatEntities(ctx, &workspacechat.ChatFilter{PageSize: -1}))
			}),
			conformance.Refuse("ExportChats channel ids", "channel id", func(ctx context.Context) error {
				return fixture.FirstErr(c.ExportChats(ctx, &workspacechat.ChatFilter{ChannelIDs: []string{""}}))
			}),
			conformance.Refuse("WatchChats page size", "PageSize", func(ctx context.Context) error {
				return fixture.FirstErr(c.WatchChats(ctx, workspacechat.WatchFilter(workspacechat.ChatFilter{PageSize: 1000})))
			}),
			conformance.Refuse("ListChatMessages chat id", "chat id", func(ctx context.Context) error {
				_, err := c.ListChatMessages(ctx, bad, nil)
				return err
			}),
			conformance.Refuse("ListChatMessages thread id", "chat thread id", func(ctx context.Context) error {
				_, err := c.ListChatMessages(ctx, chatID, &workspacechat.MessageFilter{ChatThreadID: bad})
				return err
			}),
			conformance.Refuse("ListChatMessages limit", "Limit", func(ctx context.Context) error {
				_, err := c.ListChatMessages(ctx, chatID, &workspacechat.MessageFilter{Limit: workspacechat.MaxMessageLimit + 1})
				return err
			}),
			conformance.Refuse("CreateChatMessage nil", "NewChatMessage", func(ctx context.Context) error {
				_, err := c.CreateChatMessage(ctx, nil)
				return err
			}),
			conformance.Refuse("CreateChatMessage chat id", "chat id", func(ctx context.Context) error {
				_, err := c.CreateChatMessage(ctx, &workspacechat.NewChatMessage{ChatID: bad, Content: "x"})
				return err
			}),
			conformance.Refuse("CreateChatMessage content", "Content", func(ctx context.Context) error {
				_, err := c.CreateChatMessage(ctx, &workspacechat.NewChatMessage{ChatID: chatID})
				return err
			}),
		})
}

// TestInvalidIDMatchesBothSentinels: an ID refusal keeps matching the
// narrower ErrInvalidID.
func TestInvalidIDMatchesBothSentinels(t *testing.T) {
	c := noRequests(t)
	_, err := c.GetChat(context.Background(), "nope")
	require.ErrorIs(t, err, workspacechat.ErrInvalidID)
	require.ErrorIs(t, err, workspacechat.ErrInvalidArgument)
}

// TestServerMessageIsOneLine: a server message with line breaks is folded
// into a one-line error string.
func TestServerMessageIsOneLine(t *testing.T) {
	c := answer(t, 400, `{"code":"bad","message":"first line\nsecond line\r\n"}`)
	_, err := c.GetChat(context.Background(), chatID)
	require.Error(t, err)
	conformance.CheckErrorText(t, err, []string{testKey})
	require.Contains(t, err.Error(), "first line second line")
}

// A page size out of range, like any argument refused before anything is
// sent, gives an error matching ErrInvalidArgument; no request is made.
func ExampleErrInvalidArgument() {
	srv := workspacechattest.NewServer()
	defer srv.Close()
	c, err := workspacechat.NewClient(workspacechattest.DefaultAPIKey, workspacechat.WithBaseURL(srv.URL()))
	if err != nil {
		panic(err)
	}
	_, err = c.ListChats(context.Background(), &workspacechat.ChatFilter{PageSize: 500})
	fmt.Println(err)
	fmt.Println(errors.Is(err, workspacechat.ErrInvalidArgument), srv.Count("", ""))
	// Output:
	// workspacechat: ChatFilter.PageSize: page size 500 is outside 1–100
	// true 0
}
