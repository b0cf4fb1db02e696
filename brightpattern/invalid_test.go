package brightpattern_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/brightpattern"
	"github.com/switchboard-go/switchboard/brightpattern/brightpatterntest"
	"github.com/switchboard-go/switchboard/internal/conformance"
	"github.com/switchboard-go/switchboard/internal/fixture"
)

// refusalAppID is the app id of the refusal tests (the API's credential),
// long enough that any echo of it in an error string is found.
const refusalAppID = "bp-app-refusal-secret-6e3a91"

// TestRefusedArguments: every argument refused before any I/O gives an
// error matching ErrInvalidArgument that names the package and the
// argument, reveals no app id and fits on one line, and nothing reaches
// the fake: uploads whose declared size their content contradicts among
// them.
func TestRefusedArguments(t *testing.T) {
	srv := brightpatterntest.NewServer(brightpatterntest.WithCredentials("", refusalAppID))
	t.Cleanup(srv.Close)
	opts := func(more ...brightpattern.Option) []brightpattern.Option {
		return append([]brightpattern.Option{brightpattern.WithBaseURL(srv.URL())}, more...)
	}
	newClient := func(tenantURL, appID, clientID string, more ...brightpattern.Option) error {
		_, err := brightpattern.NewClient(tenantURL, appID, clientID, opts(more...)...)
		return err
	}
	c, err := brightpattern.NewClient(tenant, refusalAppID, "client-1", opts()...)
	require.NoError(t, err)
	v2, err := brightpattern.NewClient(tenant, refusalAppID, "client-1", opts(brightpattern.WithAPIVersion(2))...)
	require.NoError(t, err)

	data := []byte(strings.Repeat("d", 2684))
	file := fixture.File(t, "doc.bin", data)

	refuse := conformance.Refuse
	conformance.Refusals(t, "brightpattern", brightpattern.ErrInvalidArgument, func() int { return srv.Count("", "") },
		[]string{refusalAppID, refusalAppID + `"`, refusalAppID + "\r\nX: 1"}, []conformance.Refusal{
			refuse("empty tenant", "tenant", func(context.Context) error { return newClient("", refusalAppID, "c") }),
			refuse("tenant with a path", "tenant", func(context.Context) error { return newClient("acme.example.com/x", refusalAppID, "c") }),
			refuse("empty app id", "appID", func(context.Context) error { return newClient(tenant, "", "c") }),
			refuse("empty client id", "clientID", func(context.Context) error { return newClient(tenant, refusalAppID, "") }),
			refuse("app id with a quote", "appId", func(context.Context) error { return newClient(tenant, refusalAppID+`"`, "c") }),
			refuse("app id with CR/LF", "appId", func(context.Context) error { return newClient(tenant, refusalAppID+"\r\nX: 1", "c") }),
			refuse("client id with a quote", "clientId", func(context.Context) error { return newClient(tenant, refusalAppID, `c"`) }),
			refuse("API version", "WithAPIVersion", func(context.Context) error {
				return newClient(tenant, refusalAppID, "c", brightpattern.WithAPIVersion(3))
			}),
			refuse("poll timeout", "WithPollTimeout", func(context.Context) error {
				return newClient(tenant, refusalAppID, "c", brightpattern.WithPollTimeout(-time.Second))
			}),
			refuse("upload field", "WithUploadField", func(context.Context) error {
				return newClient(tenant, refusalAppID, "c", brightpattern.WithUploadField(""))
			}),
			refuse("plain http", "WithInsecureHTTP", func(context.Context) error {
				_, err := brightpattern.NewClient(tenant, refusalAppID, "c", brightpattern.WithBaseURL("http://bp.example.com"))
				return err
			}),
			refuse("retry wait", "retry wait", func(context.Context) error {
				return newClient(tenant, refusalAppID, "c", brightpattern.WithRetryWait(time.Second, time.Millisecond))
			}),
			refuse("unparsable base URL", "base URL", func(context.Context) error {
				return newClient(tenant, refusalAppID, "c", brightpattern.WithBaseURL("https://x/%zz"))
			}),
			refuse("user agent", "User-Agent", func(context.Context) error {
				return newClient(tenant, refusalAppID, "c", brightpattern.WithUserAgent("a\nb"))
			}),

			refuse("History empty chat id", "chatId", func(ctx context.Context) error { _, err := c.History(ctx, ""); return err }),
			refuse("PollEvents empty chat id", "chatId", func(ctx context.Context) error { _, err := c.PollEvents(ctx, ""); return err }),
			refuse("Events empty chat id", "chatId", func(ctx context.Context) error { return fixture.FirstErr(c.Events(ctx, "")) }),
			refuse("CaseHistory dot-dot chat id", "chatId", func(ctx context.Context) error { _, err := v2.CaseHistory(ctx, ".."); return err }),
			refuse("CloseCase empty chat id", "chatId", func(ctx context.Context) error { return v2.CloseCase(ctx, "") }),
			refuse("GetFile empty file id", "fileId", func(ctx context.Context) error { _, err := c.GetFile(ctx, "chat", ""); return err }),
			refuse("ProfilePhoto empty party id", "partyId", func(ctx context.Context) error {
				_, err := c.ProfilePhoto(ctx, "chat", "")
				return err
			}),
			refuse("SubscribeNotifications empty chat id", "chatId", func(ctx context.Context) error {
				return v2.SubscribeNotifications(ctx, "", brightpattern.PushSubscription{})
			}),
			refuse("SendMessage empty chat id", "chatId", func(ctx context.Context) error { _, err := c.SendMessage(ctx, "", "hi"); return err }),
			refuse("EndChat empty chat id", "chatId", func(ctx context.Context) error { return c.EndChat(ctx, "") }),
			refuse("SendEvents no events", "events", func(ctx context.Context) error { _, err := c.SendEvents(ctx, "chat", nil); return err }),
			refuse("SendEvents nil event", "nil event", func(ctx context.Context) error {
				_, err := c.SendEvents(ctx, "chat", []brightpattern.Event{&brightpattern.TypingEvent{}, nil})
				return err
			}),
			refuse("SendEvents server event", "not an event a client sends", func(ctx context.Context) error {
				_, err := c.SendEvents(ctx, "chat", []brightpattern.Event{&brightpattern.PartyJoinedEvent{}})
				return err
			}),
			refuse("SendEvents raw event not JSON", "RawEvent.JSON", func(ctx context.Context) error {
				_, err := c.SendEvents(ctx, "chat", []brightpattern.Event{&brightpattern.RawEvent{JSON: []byte("{")}})
				return err
			}),
			refuse("SendFormData nil form", "form", func(ctx context.Context) error { return c.SendFormData(ctx, "chat", nil, nil) }),
			refuse("SendFormData data not JSON", "encode body", func(ctx context.Context) error {
				return c.SendFormData(ctx, "chat", &brightpattern.FormShowEvent{FormName: "f"}, map[string]any{"score": math.NaN()})
			}),
			refuse("SendFile nil file", "file", func(ctx context.Context) error { _, err := c.SendFile(ctx, "chat", nil); return err }),
			refuse("CaseHistory on API v1", "WithAPIVersion", func(ctx context.Context) error { _, err := c.CaseHistory(ctx, "chat"); return err }),
			refuse("ParsePosition garbage", "position", func(context.Context) error { _, err := brightpattern.ParsePosition("garbage"); return err }),
			refuse("EventStream of another chat's position", "position", func(ctx context.Context) error {
				pos, err := brightpattern.ParsePosition("bp1:0:00000002:")
				require.NoError(t, err)
				return fixture.FirstErr(c.EventStream("chat-a", pos).Events(ctx))
			}),
			refuse("RequestSMSChat nil", "PhoneNumber", func(ctx context.Context) error { return c.RequestSMSChat(ctx, nil) }),
			refuse("RequestSMSChat no phone", "PhoneNumber", func(ctx context.Context) error {
				return c.RequestSMSChat(ctx, &brightpattern.SMSRequest{})
			}),
			refuse("UploadFile nil", "Content", func(ctx context.Context) error { _, err := c.UploadFile(ctx, nil); return err }),
			refuse("UploadFile no content", "Content", func(ctx context.Context) error {
				_, err := c.UploadFile(ctx, &brightpattern.Upload{Name: "a.txt"})
				return err
			}),
			refuse("UploadFile size below the content", "size", func(ctx context.Context) error {
				_, err := c.UploadFile(ctx, &brightpattern.Upload{Name: "a.bin", Content: bytes.NewReader(data), Size: 1673})
				return err
			}),
			refuse("UploadFile size above the file", "size", func(ctx context.Context) error {
				_, err := c.UploadFile(ctx, &brightpattern.Upload{Name: "a.bin", Content: file, Size: 4000})
				return err
			}),
			refuse("UploadFile too large", "a.bin", func(ctx context.Context) error {
				_, err := c.UploadFile(ctx, &brightpattern.Upload{Name: "a.bin", Content: fixture.OneShot{Reader: bytes.NewReader(data)}, Size: brightpattern.MaxUploadSize + 1})
				return err
			}),
		})
}

// TestUploadSizeConvention: conformance.UploadSizes, and every upload it
// accepts is stored.
func TestUploadSizeConvention(t *testing.T) {
	srv, c := newFake(t)
	conformance.UploadSizes(t, []byte(strings.Repeat("u", 3000)), nil, func(content io.Reader, size int64) error {
		_, err := c.UploadFile(fixture.Context(t), &brightpattern.Upload{Name: "u.bin", Content: content, Size: size})
		return err
	})
	assert.Equal(t, 6, srv.Files())
}

// TestActiveChatErrorIsOneLine: with no active chat the error matches
// ErrNoActiveChat, is still the server's *Error, and is one line.
func TestActiveChatErrorIsOneLine(t *testing.T) {
	_, c := newFake(t)
	_, err := c.ActiveChat(fixture.Context(t))
	require.ErrorIs(t, err, brightpattern.ErrNoActiveChat)
	var e *brightpattern.Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, 404, e.StatusCode)
	conformance.CheckErrorText(t, err, []string{"app-1"})
	assert.True(t, strings.HasPrefix(err.Error(), "brightpattern: no active chat: "), err.Error())
	assert.Equal(t, 1, strings.Count(err.Error(), "brightpattern:"), "the package is named once: %s", err)
}

// An upload whose Size its content contradicts, like any argument refused
// before anything is sent, gives an error matching ErrInvalidArgument; no
// request is made. Leave Size out (or set -1) to have it measured.
func ExampleErrInvalidArgument() {
	srv := brightpatterntest.NewServer()
	defer srv.Close()
	c, err := brightpattern.NewClient("acme.example.com", "app-1", brightpattern.NewClientID(), brightpattern.WithBaseURL(srv.URL()))
	if err != nil {
		panic(err)
	}
	_, err = c.UploadFile(context.Background(), &brightpattern.Upload{
		Name: "notes.txt", Content: strings.NewReader("twelve bytes"), Size: 10,
	})
	fmt.Println(err)
	fmt.Println(errors.Is(err, brightpattern.ErrInvalidArgument), srv.Count("", ""))
	// Output:
	// brightpattern: UploadFile: Upload.Content: size 10 contradicts the content, which holds 12 bytes
	// true 0
}

// TestSessionEndedErrorIsOneLine: the error that ends a stream on a 404
// matches ErrSessionEnded, is still the server's *Error, and is one line.
func TestSessionEndedErrorIsOneLine(t *testing.T) {
	_, c := newFake(t)
	err := fixture.FirstErr(c.Events(fixture.Context(t), "no-such-chat"))
	require.ErrorIs(t, err, brightpattern.ErrSessionEnded)
	var e *brightpattern.Error
	require.True(t, errors.As(err, &e))
	conformance.CheckErrorText(t, err, []string{"app-1"})
	assert.Equal(t, 1, strings.Count(err.Error(), "brightpattern:"), "the package is named once: %s", err)
}
