package anycom_test

import (
	"context"
	"errors"
	"iter"
	"testing"
	"time"

	"github.com/switchboard-go/switchboard/anycom"
	"github.com/switchboard-go/switchboard/anycom/anycomtest"
	"github.com/switchboard-go/switchboard/internal/conformance"
)

// Credentials for the conformance suite: the fake accepts only the first
// pair; all are secrets.
const (
	conformanceKey     = "conformance-key-5b81d2"
	conformanceUser    = "conformance-user-c47e90"
	conformanceBadKey  = "conformance-bad-key-0e6f3a"
	conformanceBadUser = "conformance-bad-user-92ad17"
)

type (
	acClient = *anycom.Client
	acFake   = *anycomtest.Server
)

// Every AnyCom command is a POST to the one endpoint; each call below is
// the only command its check sends after Prepare.
func TestConformance(t *testing.T) {
	conformance.Run(t, conformance.Vendor[acClient, acFake]{
		Name: "anycom",
		NewFake: func() acFake {
			return anycomtest.NewServer(anycomtest.WithCredentials(conformanceKey, conformanceUser))
		},
		NewClient: func(f acFake, s conformance.Settings) (acClient, error) {
			key, user := conformanceKey, conformanceUser
			if s.BadCredentials {
				key, user = conformanceBadKey, conformanceBadUser
			}
			return anycom.NewClient(key, user,
				anycom.WithBaseURL(f.URL()),
				anycom.WithHTTPClient(s.HTTPClient),
				anycom.WithLogger(s.Logger),
				anycom.WithMaxRetries(s.MaxRetries),
				anycom.WithRetryWait(s.RetryWaitMin, s.RetryWaitMax),
				anycom.WithMaxResponseBytes(s.MaxResponseBytes))
		},
		Idempotent: conformance.Call[acClient, acFake]{
			Method: "POST", Path: "/",
			Prepare: func(_ context.Context, c acClient, _ acFake) (func(context.Context) error, error) {
				return func(ctx context.Context) error { _, err := c.Status(ctx); return err }, nil
			},
		},
		Unsafe: conformance.Call[acClient, acFake]{
			Method: "POST", Path: "/",
			Prepare: func(_ context.Context, c acClient, _ acFake) (func(context.Context) error, error) {
				return func(ctx context.Context) error {
					_, err := c.Chat.Invite(ctx, anycom.InviteArgs{
						ChanType: anycom.ChannelWhatsApp, ChanID: 9, ChanUser: 554432328668, ChatGroup: 14, ChatSubj: "order",
					})
					return err
				}, nil
			},
		},
		Stream: conformance.Stream[acClient, acFake]{
			Method: "POST", Path: "/",
			// The fake's attendant "maxbauer" is online: the first poll
			// reports it.
			Open: func(ctx context.Context, c acClient, _ acFake) (iter.Seq2[any, error], error) {
				return conformance.Items(c.Chat.WatchAttendants(ctx, time.Millisecond)), nil
			},
		},
		Secrets:        []string{conformanceKey, conformanceUser, conformanceBadKey, conformanceBadUser},
		ErrServerError: anycom.ErrServerError,
		VendorError: func(err error) (conformance.ErrorInfo, bool) {
			var e *anycom.Error
			if !errors.As(err, &e) {
				return conformance.ErrorInfo{}, false
			}
			return conformance.ErrorInfo{StatusCode: e.StatusCode, Attempts: e.Attempts}, true
		},
	})
}
