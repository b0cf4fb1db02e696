package ccaip_test

import (
	"context"
	"encoding/base64"
	"iter"
	"testing"
	"time"

	"github.com/switchboard-go/switchboard/ccaip"
	"github.com/switchboard-go/switchboard/ccaip/ccaiptest"
	"github.com/switchboard-go/switchboard/internal/conformance"
)

// API tokens for the conformance suite: the fake accepts only the first;
// both, and the Basic credentials made of them, are secrets.
// The "/" and "+" are what JSON and URL encoders escape.
const (
	conformanceToken    = "conformance/token+6a0d3f"
	conformanceBadToken = "conformance/bad+token-e1b85c"
)

type (
	ccClient = *ccaip.Client
	ccFake   = *ccaiptest.Server
)

// ccOptions are the package's options the checks configure.
var ccOptions = conformance.Options[ccaip.Option]{
	WithBaseURL: ccaip.WithBaseURL, WithHTTPClient: ccaip.WithHTTPClient, WithLogger: ccaip.WithLogger,
	WithMaxRetries: ccaip.WithMaxRetries, WithRetryWait: ccaip.WithRetryWait,
	WithMaxResponseBytes: ccaip.WithMaxResponseBytes, WithTimeout: ccaip.WithTimeout,
}

func basic(token string) string {
	return base64.StdEncoding.EncodeToString([]byte(ccaiptest.DefaultUsername + ":" + token))
}

// conformanceChat creates an end user and a chat for them.
func conformanceChat(ctx context.Context, c ccClient) (*ccaip.Chat, error) {
	u, err := c.UpsertEndUser(ctx, &ccaip.EndUserRequest{Identifier: "conformance-user"})
	if err != nil {
		return nil, err
	}
	return c.CreateChat(ctx, &ccaip.CreateChatRequest{MenuID: 1, EndUserID: u.ID})
}

func TestConformance(t *testing.T) {
	conformance.Run(t, conformance.Vendor[ccClient, ccFake]{
		Name: "ccaip",
		NewFake: func() ccFake {
			return ccaiptest.NewServer(ccaiptest.WithCredentials(ccaiptest.DefaultUsername, conformanceToken))
		},
		NewClient: func(f ccFake, s conformance.Settings) (ccClient, error) {
			token := conformanceToken
			if s.BadCredentials {
				token = conformanceBadToken
			}
			return ccaip.NewClient(ccaiptest.DefaultHost, token, append(ccOptions.For(f.URL(), s),
				ccaip.WithRateLimiter(nil),
				ccaip.WithWatchInterval(time.Millisecond))...)
		},
		Idempotent: conformance.Call[ccClient, ccFake]{
			Method: "GET", Path: "/chats/",
			Prepare: func(ctx context.Context, c ccClient, _ ccFake) (func(context.Context) error, error) {
				chat, err := conformanceChat(ctx, c)
				if err != nil {
					return nil, err
				}
				return func(ctx context.Context) error { _, err := c.GetChat(ctx, chat.ID); return err }, nil
			},
		},
		Unsafe: conformance.Call[ccClient, ccFake]{
			Method: "POST", Path: "/chats",
			Prepare: func(ctx context.Context, c ccClient, _ ccFake) (func(context.Context) error, error) {
				u, err := c.UpsertEndUser(ctx, &ccaip.EndUserRequest{Identifier: "conformance-user"})
				if err != nil {
					return nil, err
				}
				return func(ctx context.Context) error {
					_, err := c.CreateChat(ctx, &ccaip.CreateChatRequest{MenuID: 1, EndUserID: u.ID})
					return err
				}, nil
			},
		},
		Stream: conformance.Stream[ccClient, ccFake]{
			Method: "GET", Path: "/chats/",
			// The first poll reports the new chat's status.
			Open: func(ctx context.Context, c ccClient, _ ccFake) (iter.Seq2[any, error], error) {
				chat, err := conformanceChat(ctx, c)
				if err != nil {
					return nil, err
				}
				return conformance.Items(c.WatchChat(ctx, chat.ID)), nil
			},
		},
		Secrets:        []string{conformanceToken, conformanceBadToken, basic(conformanceToken), basic(conformanceBadToken)},
		BadSecrets:     []string{conformanceBadToken, basic(conformanceBadToken)},
		ErrorBody:      func(msg string) string { return `{"message":` + msg + `}` },
		ErrServerError: ccaip.ErrServerError,
		VendorError:    conformance.ErrorAs[*ccaip.Error],
	})
}
