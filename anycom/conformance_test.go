package anycom_test

import (
	"context"
	"encoding/base64"
	"iter"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/anycom"
	"github.com/switchboard-go/switchboard/anycom/anycomtest"
	"github.com/switchboard-go/switchboard/internal/conformance"
)

// Credentials for the conformance suite: the fake accepts only the first
// pair; all are secrets. The "/" and "+" are what JSON and URL encoders
// escape.
const (
	conformanceKey     = "conformance/key+5b81d2"
	conformanceUser    = "conformance-user-c47e90"
	conformanceBadKey  = "conformance/bad+key-0e6f3a"
	conformanceBadUser = "conformance-bad-user-92ad17"
)

type (
	acClient = *anycom.Client
	acFake   = *anycomtest.Server
)

// acOptions are the package's options the checks configure.
var acOptions = conformance.Options[anycom.Option]{
	WithBaseURL: anycom.WithBaseURL, WithHTTPClient: anycom.WithHTTPClient, WithLogger: anycom.WithLogger,
	WithMaxRetries: anycom.WithMaxRetries, WithRetryWait: anycom.WithRetryWait,
	WithMaxResponseBytes: anycom.WithMaxResponseBytes, WithTimeout: anycom.WithTimeout,
}

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
			return anycom.NewClient(key, user, acOptions.For(f.URL(), s)...)
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
				return conformance.Items(c.Chat.WatchAttendants(ctx, anycom.WatchInterval(time.Millisecond))), nil
			},
		},
		Secrets:    []string{conformanceKey, conformanceUser, conformanceBadKey, conformanceBadUser},
		BadSecrets: []string{conformanceBadKey, conformanceBadUser},
		// A refused command answers {"status", "result"}, with the reason
		// as the result string; so does a 200 whose status says failure.
		ErrorBody:       func(msg string) string { return `{"status":403,"result":` + msg + `}` },
		FailureEnvelope: func(msg string) string { return `{"status":401,"result":` + msg + `}` },
		ErrServerError:  anycom.ErrServerError,
		VendorError:     conformance.ErrorAs[*anycom.Error],
	})
}

// A list command answered with a string result where a list belongs fails
// with an *Error carrying that string: a credential echoed in it, in any
// encoding, is redacted from the error string, Message and Body. So is one
// in a list entry that cannot be decoded.
func TestNoEchoedCredentialInAListCommandsStringResult(t *testing.T) {
	fake := anycomtest.NewServer(anycomtest.WithCredentials(conformanceKey, conformanceUser))
	t.Cleanup(fake.Close)
	c, err := anycom.NewClient(conformanceKey, conformanceUser, anycom.WithBaseURL(fake.URL()), anycom.WithMaxRetries(0))
	require.NoError(t, err)
	// The user and key as the Basic credential AnyCom does not use, bare.
	userKey := base64.StdEncoding.EncodeToString([]byte(conformanceUser + ":" + conformanceKey))
	forms := append(conformance.EchoForms(conformanceKey), conformance.EchoForm{Name: "BasicUserKey", Text: userKey, Literal: `"` + userKey + `"`})
	for _, form := range forms {
		for _, body := range []string{
			`{"status":200,"result":` + form.Literal + `}`,
			`{"status":200,"result":[` + form.Literal + `]}`,
		} {
			fake.InjectFault(anycomtest.Fault{Method: "POST", Status: 200, Body: body})
			_, err := c.Chat.Attendants(context.Background())
			var e *anycom.Error
			require.ErrorAs(t, err, &e, form.Name)
			require.ErrorIs(t, err, anycom.ErrMalformedResponse, form.Name)
			for where, text := range map[string]string{"error": err.Error(), "Message": e.Message, "Body": string(e.Body)} {
				assert.NotContains(t, text, conformanceKey, "%s: %s", form.Name, where)
				assert.NotContains(t, text, form.Text, "%s: %s", form.Name, where)
			}
		}
	}
}
