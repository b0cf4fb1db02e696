package workspacechat_test

import (
	"context"
	"iter"
	"testing"

	"github.com/switchboard-go/switchboard/internal/conformance"
	"github.com/switchboard-go/switchboard/workspacechat"
	"github.com/switchboard-go/switchboard/workspacechat/workspacechattest"
)

// API keys for the conformance suite: the fake accepts only the first;
// both are secrets. The "/" and "+" are what JSON and URL encoders escape.
const (
	conformanceKey    = "wsk_conformance/4c7e19+"
	conformanceBadKey = "wsk_conformance/bad+b3f062"
)

type (
	wsClient = *workspacechat.Client
	wsFake   = *workspacechattest.Server
)

// wsOptions are the package's options the checks configure.
var wsOptions = conformance.Options[workspacechat.Option]{
	WithBaseURL: workspacechat.WithBaseURL, WithHTTPClient: workspacechat.WithHTTPClient, WithLogger: workspacechat.WithLogger,
	WithMaxRetries: workspacechat.WithMaxRetries, WithRetryWait: workspacechat.WithRetryWait,
	WithMaxResponseBytes: workspacechat.WithMaxResponseBytes, WithTimeout: workspacechat.WithTimeout,
}

func TestConformance(t *testing.T) {
	conformance.Run(t, conformance.Vendor[wsClient, wsFake]{
		Name: "workspacechat",
		NewFake: func() wsFake {
			return workspacechattest.NewServer(workspacechattest.WithCredentials(conformanceKey), workspacechattest.WithChats(3))
		},
		NewClient: func(f wsFake, s conformance.Settings) (wsClient, error) {
			key := conformanceKey
			if s.BadCredentials {
				key = conformanceBadKey
			}
			return workspacechat.NewClient(key, wsOptions.For(f.URL(), s)...)
		},
		Idempotent: conformance.Call[wsClient, wsFake]{
			Method: "GET", Path: "/api/v1/chats",
			Prepare: func(_ context.Context, c wsClient, _ wsFake) (func(context.Context) error, error) {
				return func(ctx context.Context) error { _, err := c.ListChats(ctx, nil); return err }, nil
			},
		},
		Unsafe: conformance.Call[wsClient, wsFake]{
			Method: "POST", Path: "/api/v1/chats",
			Prepare: func(_ context.Context, c wsClient, f wsFake) (func(context.Context) error, error) {
				chat := &workspacechat.NewChat{
					ChannelID:            f.AddChannel("conformance", workspacechat.ChannelAPI),
					OwnerSuperIdentityID: f.AddOwner("Conformance", "+5511900000000"),
				}
				return func(ctx context.Context) error { _, err := c.CreateChat(ctx, chat); return err }, nil
			},
		},
		Stream: conformance.Stream[wsClient, wsFake]{
			Method: "GET", Path: "/api/v1/chats",
			// The fake holds three chats.
			Open: func(ctx context.Context, c wsClient, _ wsFake) (iter.Seq2[any, error], error) {
				return conformance.Items(c.AllChats(ctx, nil)), nil
			},
		},
		Secrets:    []string{conformanceKey, conformanceBadKey},
		BadSecrets: []string{conformanceBadKey},
		ErrorBody: func(msg string) string {
			return `{"code":"FORBIDDEN","name":"Forbidden","message":` + msg + `,"feedback":{"enUs":` + msg + `}}`
		},
		ErrServerError: workspacechat.ErrServerError,
		VendorError:    conformance.ErrorAs[*workspacechat.Error],
	})
}
