package calltest

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/conformance"
	"github.com/switchboard-go/switchboard/internal/fixture"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// errRefused is the error of a call that refuses its input.
var errRefused = fmt.Errorf("%w: refused", httpcore.ErrInvalidArgument)

func TestHeaderRefusedPassesARefusingCall(t *testing.T) {
	srv := NewServer(t)
	HeaderRefused(t, srv, call.Header("Authorization", "Key s3cret"), "s3cret",
		func(context.Context, call.Option) error { return errRefused })
}

func TestHeaderRefusedFailsACallThatSendsOrLeaks(t *testing.T) {
	srv := NewServer(t)
	failures := fixture.Failures(t, func(tb testing.TB) {
		HeaderRefused(tb, srv, call.Header("Authorization", "Key s3cret"), "s3cret",
			func(ctx context.Context, opt call.Option) error {
				resp, err := http.Get(srv.URL)
				require.NoError(t, err)
				resp.Body.Close()
				return fmt.Errorf("%w: header Key s3cret", httpcore.ErrInvalidArgument)
			})
	})
	text := strings.Join(failures, "\n")
	assert.Contains(t, text, "credential header: the error reveals")
	assert.Contains(t, text, "3 requests reached the server")
}

func TestRawStaysInsideFailsAPathLetThrough(t *testing.T) {
	RawStaysInside(t, "a/../..", func(context.Context, string) error { return errRefused })
	failures := fixture.Failures(t, func(tb testing.TB) {
		RawStaysInside(tb, "a/../..", func(_ context.Context, path string) error {
			if path == "a/../.." {
				return nil
			}
			return errRefused
		})
	})
	require.Len(t, failures, 1)
	assert.Contains(t, failures[0], "Raw a/../..: err = <nil>")
}

// vendorError has the fields of a vendor's Error.
type vendorError struct {
	StatusCode, Attempts int
	Message, RequestID   string
	Body                 []byte
	Header               http.Header
}

func (e *vendorError) Error() string { return e.Message }

// posts is a call that sends one POST to base, whatever it is told.
func posts(t *testing.T, base string) func(context.Context, ...call.Option) error {
	return func(context.Context, ...call.Option) error {
		resp, err := http.Post(base, "application/json", strings.NewReader(`{}`))
		require.NoError(t, err)
		resp.Body.Close()
		return nil
	}
}

func TestAfterRetriesFailsWithoutRetriesOrResponse(t *testing.T) {
	failures := fixture.Failures(t, func(tb testing.TB) {
		AfterRetries(tb, Retries{
			IDHeader: "X-Request-Id", Body: `{}`, ErrorAs: conformance.ErrorAs[*vendorError],
			Calls: func(base string) RetryCalls {
				// One request a call, whatever it is told, and no
				// ResponseInto.
				send := posts(t, base)
				return RetryCalls{Succeed: send, Fail: send, Unsafe: send}
			},
		})
	})
	require.NotEmpty(t, failures)
	text := strings.Join(failures, "\n")
	assert.Contains(t, text, "after two 503s, ResponseInto")
	assert.Contains(t, text, "holds no vendor Error")

	failures = fixture.Failures(t, func(tb testing.TB) {
		AfterRetries(tb, Retries{
			IDHeader: "X-Request-Id", Body: `{}`, ErrorAs: conformance.ErrorAs[*vendorError],
			Calls: func(base string) RetryCalls {
				post := posts(t, base)
				return RetryCalls{
					Succeed: post,
					Fail:    func(context.Context, ...call.Option) error { return &vendorError{StatusCode: 503} },
					// Sent twice, as no unsafe call may be.
					Unsafe: func(ctx context.Context, opts ...call.Option) error { _ = post(ctx); return post(ctx) },
				}
			},
		})
	})
	text = strings.Join(failures, "\n")
	assert.Contains(t, text, "the Error's RequestID is \"\"")
	assert.Contains(t, text, "MaxRetries(1) sent 0 requests")
	assert.Contains(t, text, "want one matching ErrOutcomeUnknown")
	assert.Contains(t, text, "was sent 2 times")
}

func TestWatcherReportsTheFirstItemsError(t *testing.T) {
	seq := func(errs ...error) iter.Seq2[int, error] {
		return func(yield func(int, error) bool) {
			for _, err := range errs {
				if !yield(0, err) {
					return
				}
			}
		}
	}
	var gotOpts int
	m := Watcher("Client.Watch", func(_ context.Context, opts ...call.Option) iter.Seq2[int, error] {
		gotOpts = len(opts)
		return seq(errRefused, nil)
	})
	assert.Equal(t, "Client.Watch", m.Name)
	assert.ErrorIs(t, m.Call(context.Background(), call.MaxRetries(0)), errRefused)
	assert.Equal(t, 1, gotOpts, "the options reach the watcher")
	m = Watcher("Client.Watch", func(context.Context, ...call.Option) iter.Seq2[int, error] { return seq(nil, errRefused) })
	assert.NoError(t, m.Call(context.Background()), "only the first item counts")
	m = Watcher("Client.Watch", func(context.Context, ...call.Option) iter.Seq2[int, error] { return seq() })
	assert.NoError(t, m.Call(context.Background()))
}

type first struct{}

func (*first) A(context.Context, ...call.Option) error { return nil }
func (*first) B(context.Context) error                 { return nil }

type second struct{}

func (*second) C(context.Context, string, ...call.Option) error { return nil }

func TestMethodsCoversEveryReceiver(t *testing.T) {
	methods, missing := Methods(nil, &first{}, &second{})
	var names []string
	for _, m := range methods {
		names = append(names, m.Name)
	}
	assert.Equal(t, []string{"first.A", "second.C"}, names)
	assert.Equal(t, []string{"first.B"}, missing)
}

func TestSameNamesIsExactlyTheWatchers(t *testing.T) {
	a, b := Method{Name: "A"}, Method{Name: "B"}
	assert.True(t, sameNames(nil, nil))
	assert.True(t, sameNames([]string{"B", "A"}, []Method{a, b}))
	assert.False(t, sameNames([]string{"A"}, []Method{a, b}), "a watcher given for a method that takes options")
	assert.False(t, sameNames([]string{"A", "C"}, []Method{a, b}), "a method without options and no watcher")
	assert.False(t, sameNames([]string{"A", "A"}, []Method{a, b}))
}

func TestServerDoesNotRecordAStalledRequest(t *testing.T) {
	srv := NewServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	require.NoError(t, err)
	req.Header.Set(Header, "stalled")
	req.Header.Set(Stall, "1")
	_, err = http.DefaultClient.Do(req)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Empty(t, srv.Seen(), "a stalled request may arrive after the next check began")
}
