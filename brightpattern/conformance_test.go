package brightpattern_test

import (
	"context"
	"iter"
	"testing"
	"time"

	"github.com/switchboard-go/switchboard/brightpattern"
	"github.com/switchboard-go/switchboard/brightpattern/brightpatterntest"
	"github.com/switchboard-go/switchboard/internal/conformance"
)

// Application IDs for the conformance suite: the fake accepts only the
// first; both are credentials. The "/" and "+" are what JSON and URL
// encoders escape.
const (
	conformanceAppID    = "conformance/app+3f9c1e"
	conformanceBadAppID = "conformance/bad+app-8d27a4"
)

type (
	bpClient = *brightpattern.Client
	bpFake   = *brightpatterntest.Server
)

// bpOptions are the package's options the checks configure.
var bpOptions = conformance.Options[brightpattern.Option]{
	WithBaseURL: brightpattern.WithBaseURL, WithHTTPClient: brightpattern.WithHTTPClient, WithLogger: brightpattern.WithLogger,
	WithMaxRetries: brightpattern.WithMaxRetries, WithRetryWait: brightpattern.WithRetryWait,
	WithMaxResponseBytes: brightpattern.WithMaxResponseBytes, WithTimeout: brightpattern.WithTimeout,
}

func TestConformance(t *testing.T) {
	conformance.Run(t, conformance.Vendor[bpClient, bpFake]{
		Name: "brightpattern",
		NewFake: func() bpFake {
			return brightpatterntest.NewServer(brightpatterntest.WithHold(20*time.Millisecond),
				brightpatterntest.WithCredentials("", conformanceAppID))
		},
		NewClient: func(f bpFake, s conformance.Settings) (bpClient, error) {
			appID := conformanceAppID
			if s.BadCredentials {
				appID = conformanceBadAppID
			}
			return brightpattern.NewClient(tenant, appID, "conformance-client", append(bpOptions.For(f.URL(), s),
				brightpattern.WithPollTimeout(5*time.Second))...)
		},
		Idempotent: conformance.Call[bpClient, bpFake]{
			Method: "GET", Path: "/availability",
			Prepare: func(_ context.Context, c bpClient, _ bpFake) (func(context.Context) error, error) {
				return func(ctx context.Context) error { _, err := c.Availability(ctx); return err }, nil
			},
		},
		Unsafe: conformance.Call[bpClient, bpFake]{
			Method: "POST", Path: "/chats",
			Prepare: func(_ context.Context, c bpClient, _ bpFake) (func(context.Context) error, error) {
				return func(ctx context.Context) error { _, err := c.RequestChat(ctx, nil); return err }, nil
			},
		},
		Stream: conformance.Stream[bpClient, bpFake]{
			Method: "GET", Path: "/events",
			// A new chat's first poll holds its queued status event.
			Open: func(ctx context.Context, c bpClient, _ bpFake) (iter.Seq2[any, error], error) {
				chat, err := c.RequestChat(ctx, nil)
				if err != nil {
					return nil, err
				}
				return conformance.Items(c.Events(ctx, chat.ID)), nil
			},
		},
		LongPoll: conformance.Call[bpClient, bpFake]{
			Method: "GET", Path: "/events",
			Prepare: func(ctx context.Context, c bpClient, _ bpFake) (func(context.Context) error, error) {
				chat, err := c.RequestChat(ctx, nil)
				if err != nil {
					return nil, err
				}
				return func(ctx context.Context) error { _, err := c.PollEvents(ctx, chat.ID); return err }, nil
			},
		},
		Secrets:    []string{conformanceAppID, conformanceBadAppID},
		BadSecrets: []string{conformanceBadAppID},
		ErrorBody: func(msg string) string {
			return `{"error_code":"3000","error_message":` + msg + `}`
		},
		ErrServerError: brightpattern.ErrServerError,
		VendorError:    conformance.ErrorAs[*brightpattern.Error],
	})
}
