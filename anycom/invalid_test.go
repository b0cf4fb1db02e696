package anycom_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/anycom"
	"github.com/switchboard-go/switchboard/anycom/anycomtest"
	"github.com/switchboard-go/switchboard/internal/conformance"
)

// The credentials of the refusal tests, long enough that any echo of them
// in an error string is found.
const (
	refusalKey  = "ak_live_refusal_secret_7c1e9b"
	refusalUser = "refusal-user-3d8f"
)

// TestRefusedArguments: every argument refused before any I/O gives an
// error matching ErrInvalidArgument that names the package and the
// argument, reveals no credential and fits on one line, and nothing
// reaches the fake.
func TestRefusedArguments(t *testing.T) {
	srv := anycomtest.NewServer(anycomtest.WithCredentials(refusalKey, refusalUser))
	t.Cleanup(srv.Close)
	newClient := func(key, user string, opts ...anycom.Option) error {
		_, err := anycom.NewClient(key, user, append([]anycom.Option{anycom.WithBaseURL(srv.URL())}, opts...)...)
		return err
	}
	c, err := anycom.NewClient(refusalKey, refusalUser, anycom.WithBaseURL(srv.URL()))
	require.NoError(t, err)
	refuse := conformance.Refuse

	conformance.Refusals(t, "anycom", anycom.ErrInvalidArgument, func() int { return srv.Count("", "") },
		[]string{refusalKey, refusalKey + "\r\nX-Injected: 1", refusalUser + "\n"}, []conformance.Refusal{
			refuse("empty key", "authKey", func(context.Context) error { return newClient("", refusalUser) }),
			refuse("empty user", "authUser", func(context.Context) error { return newClient(refusalKey, "") }),
			refuse("key with CR/LF", "authKey", func(context.Context) error {
				return newClient(refusalKey+"\r\nX-Injected: 1", refusalUser)
			}),
			refuse("user with LF", "authUser", func(context.Context) error { return newClient(refusalKey, refusalUser+"\n") }),
			refuse("watch interval", "WithWatchInterval", func(context.Context) error {
				return newClient(refusalKey, refusalUser, anycom.WithWatchInterval(-time.Second))
			}),
			refuse("plain http", "WithInsecureHTTP", func(context.Context) error {
				_, err := anycom.NewClient(refusalKey, refusalUser, anycom.WithBaseURL("http://ws.example.com/"))
				return err
			}),
			refuse("relative base URL", "base URL", func(context.Context) error {
				return newClient(refusalKey, refusalUser, anycom.WithBaseURL("ws.example.com"))
			}),
			refuse("retry wait", "retry wait", func(context.Context) error {
				return newClient(refusalKey, refusalUser, anycom.WithRetryWait(time.Second, time.Millisecond))
			}),
			refuse("user agent", "User-Agent", func(context.Context) error {
				return newClient(refusalKey, refusalUser, anycom.WithUserAgent("a\nb"))
			}),
			refuse("Do without group", "group", func(ctx context.Context) error {
				_, err := c.Do(ctx, "", "show", nil)
				return err
			}),
			refuse("service reload without ID", "ReloadArgs.ID", func(ctx context.Context) error {
				_, err := c.Bot.Reload(ctx, anycom.ReloadArgs{Target: anycom.ReloadService})
				return err
			}),
			refuse("function reload without ID", "ReloadArgs.ID", func(ctx context.Context) error {
				_, err := c.Bot.Reload(ctx, anycom.ReloadArgs{Target: anycom.ReloadFunction})
				return err
			}),
		})
}

// TestReloadRefusalStillMatchesErrInvalidRequest: the reload refusal keeps
// matching the sentinel it matched before ErrInvalidArgument existed.
func TestReloadRefusalStillMatchesErrInvalidRequest(t *testing.T) {
	_, c := newFake(t)
	_, err := c.Bot.Reload(context.Background(), anycom.ReloadArgs{Target: anycom.ReloadService})
	require.ErrorIs(t, err, anycom.ErrInvalidRequest)
	require.ErrorIs(t, err, anycom.ErrInvalidArgument)
}

// An empty credential, like any argument refused before anything is sent,
// gives an error matching ErrInvalidArgument.
func ExampleErrInvalidArgument() {
	_, err := anycom.NewClient("", "operator")
	fmt.Println(err)
	fmt.Println(errors.Is(err, anycom.ErrInvalidArgument))
	// Output:
	// anycom: NewClient: authKey is empty
	// true
}
