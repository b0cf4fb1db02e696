package conformance

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/fake"
	"github.com/switchboard-go/switchboard/internal/fixture"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// Bounds the checks use.
const (
	// testTimeout bounds every subtest's context.
	testTimeout = 15 * time.Second
	// giveUpWithin is how soon an iterator must end when every poll
	// fails: its retries and backoff are configured in milliseconds.
	giveUpWithin = 5 * time.Second
	// promptly is how soon a cancelled call or iterator must return.
	promptly = 500 * time.Millisecond
	// longDelay holds a request far longer than any check waits.
	longDelay = 30 * time.Second
	// defaultRetries is the MaxRetries of every client unless a check
	// sets another.
	defaultRetries = 3
)

// Run runs the whole suite against v, each check as a subtest.
func Run[C any, F Fake](t *testing.T, v Vendor[C, F]) {
	require.NotEmpty(t, v.Name, "Vendor.Name")
	require.NotNil(t, v.NewFake, "Vendor.NewFake")
	require.NotNil(t, v.NewClient, "Vendor.NewClient")
	require.NotNil(t, v.Idempotent.Prepare, "Vendor.Idempotent.Prepare")
	require.NotNil(t, v.Unsafe.Prepare, "Vendor.Unsafe.Prepare")
	require.NotNil(t, v.Stream.Open, "Vendor.Stream.Open")
	require.NotNil(t, v.VendorError, "Vendor.VendorError")
	require.NotNil(t, v.ErrServerError, "Vendor.ErrServerError")
	require.NotNil(t, v.ErrorBody, "Vendor.ErrorBody")
	require.NotEmpty(t, v.Secrets, "Vendor.Secrets")
	for _, s := range v.Secrets {
		require.GreaterOrEqual(t, len(s), 8, "a secret this short could match ordinary text")
	}
	s := &suite[C, F]{v: v}
	t.Run("UnsafeCallIsNeverRepeated", s.unsafeNeverRepeated)
	t.Run("UnsafeCallOutcomeIsKnownOrSaidUnknown", s.outcomeOfUnsafeCall)
	t.Run("IdempotentCallIsRetried", s.idempotentRetried)
	t.Run("RetryAfterIsHonouredUpToMaxWait", s.retryAfterHonoured)
	t.Run("ExhaustedRetriesReturnTheVendorError", s.exhaustedRetries)
	t.Run("CancelStopsACall", s.cancelStopsCall)
	t.Run("CancelStopsAnIterator", s.cancelStopsIterator)
	t.Run("BrokenOffIteratorLeavesNoGoroutine", s.brokenOffIterator)
	t.Run("NoCredentialInLogsOrErrors", s.noCredentials)
	t.Run("NoEchoedCredentialInAnyEncoding", s.noEchoedCredential)
	t.Run("StalledServerTimesOut", s.stalledServerTimesOut)
	t.Run("LongPollKeepsItsOwnTimeout", s.longPollKeepsItsTimeout)
	t.Run("OversizedResponseIsRefused", s.oversizedResponse)
	t.Run("MalformedJSONIsAnError", s.malformedJSON)
}

type suite[C any, F Fake] struct{ v Vendor[C, F] }

// env is one fake and one client for it.
type env[C any, F Fake] struct {
	fake      F
	client    C
	logs      *fixture.SyncBuffer
	transport *http.Transport
	// dialsRefused makes every new connection fail to dial.
	dialsRefused atomic.Bool
	// close shuts the fake down and closes the client's idle
	// connections; it runs at the latest when the test ends.
	close func()
}

// start starts a fake and a client for it, both closed with the test. The
// client logs into a buffer that must hold no secret when the test ends.
func (s *suite[C, F]) start(t *testing.T, edit ...func(*Settings)) *env[C, F] {
	t.Helper()
	tr := http.DefaultTransport.(*http.Transport).Clone()
	logs := &fixture.SyncBuffer{}
	set := Settings{
		HTTPClient:   &http.Client{Transport: tr},
		Logger:       slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		MaxRetries:   defaultRetries,
		RetryWaitMin: time.Millisecond,
		RetryWaitMax: 5 * time.Millisecond,
		Timeout:      httpcore.DefaultTimeout,
	}
	for _, f := range edit {
		f(&set)
	}
	fake := s.v.NewFake()
	var once sync.Once
	e := &env[C, F]{fake: fake, logs: logs, transport: tr, close: func() {
		once.Do(func() {
			fake.Close()
			tr.CloseIdleConnections()
		})
	}}
	t.Cleanup(func() {
		e.close()
		s.assertNoSecret(t, "the logs", logs.String())
	})
	tr.DialContext = e.dial
	c, err := s.v.NewClient(fake, set)
	require.NoError(t, err, "NewClient")
	e.client = c
	return e
}

// namedCall is one of the vendor's calls, with how a failure names it.
type namedCall[C any, F Fake] struct {
	what string
	call Call[C, F]
}

// calls are the idempotent and the unsafe call, for the checks that hold
// for both.
func (s *suite[C, F]) calls() []namedCall[C, F] {
	return []namedCall[C, F]{{"idempotent call", s.v.Idempotent}, {"unsafe call", s.v.Unsafe}}
}

// prepare readies call on e and returns it.
func (e *env[C, F]) prepare(t *testing.T, ctx context.Context, call Call[C, F]) func(context.Context) error {
	t.Helper()
	do, err := call.Prepare(ctx, e.client, e.fake)
	require.NoError(t, err, "preparing %s %s", call.Method, call.Path)
	return do
}

// count is how many requests of call the fake has received.
func (e *env[C, F]) count(call Call[C, F]) int { return e.fake.Count(call.Method, call.Path) }

// trial is one call readied on an env, with a fault armed for its
// requests.
type trial struct {
	ctx context.Context
	// do makes the call.
	do func(context.Context) error
	// sent is how many requests of the call reached the fake since the
	// fault was armed.
	sent func() int
}

// arm readies call under a test context, counts its requests so far and
// injects faults for them.
func (e *env[C, F]) arm(t *testing.T, call Call[C, F], faults ...fake.Fault) trial {
	t.Helper()
	ctx := testContext(t)
	do := e.prepare(t, ctx, call)
	before := e.count(call)
	for _, f := range faults {
		e.inject(call.Method, call.Path, f)
	}
	return trial{ctx: ctx, do: do, sent: func() int { return e.count(call) - before }}
}

// inject arms f for the requests of method and path.
func (e *env[C, F]) inject(method, path string, f fake.Fault) {
	f.Method, f.Path = method, path
	e.fake.InjectFault(f)
}

// namedFault is a fault a check injects, named for its subtest.
type namedFault struct {
	name  string
	fault fake.Fault
}

// droppedAfterRead drops the connection once the request was read.
var droppedAfterRead = namedFault{"DroppedAfterTheRequestWasRead", fake.Fault{DropAfter: true}}

// statusFaults are faults that answer each of statuses, named by its code.
func statusFaults(statuses ...int) []namedFault {
	out := make([]namedFault, 0, len(statuses))
	for _, status := range statuses {
		out = append(out, namedFault{strconv.Itoa(status), fake.Fault{Status: status}})
	}
	return out
}

// testContext is a context for one subtest, bounded so that nothing hangs.
func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), testTimeout)
	t.Cleanup(cancel)
	return ctx
}

// arrival returns a fault matcher that closes the channel when the first
// matching request arrives.
func arrival() (func(*http.Request) bool, <-chan struct{}) {
	ch := make(chan struct{})
	var once sync.Once
	return func(*http.Request) bool {
		once.Do(func() { close(ch) })
		return true
	}, ch
}

// await returns what ch delivers (the zero value once it is closed), or
// fails the test if nothing comes within the test timeout, after calling
// release, when given, to let go of whatever is held.
func await[T any](t *testing.T, ch <-chan T, what string, release ...func()) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(testTimeout):
		for _, r := range release {
			r()
		}
		t.Fatalf("timed out after %v waiting for %s", testTimeout, what)
		panic("unreachable")
	}
}

// async runs do(ctx) in a goroutine and delivers its error.
func async(ctx context.Context, do func(context.Context) error) <-chan error {
	done := make(chan error, 1)
	go func() { done <- do(ctx) }()
	return done
}

// assertNoSecret fails the test if text holds any of the vendor's secrets,
// in any of the encodings a server may echo it in.
func (s *suite[C, F]) assertNoSecret(t *testing.T, where, text string) {
	t.Helper()
	for _, secret := range s.v.Secrets {
		for _, f := range EchoForms(secret) {
			if strings.Contains(text, f.Text) {
				t.Errorf("%s: %s reveal a credential (%d characters, %s):\n%s", s.v.Name, where, len(secret), f.Name,
					strings.ReplaceAll(text, f.Text, "<SECRET>"))
			}
		}
	}
}

// vendorError reads the vendor's *Error out of err, and stops the test if
// there is none.
func (s *suite[C, F]) vendorError(t *testing.T, err error) ErrorInfo {
	t.Helper()
	info, ok := s.v.VendorError(err)
	require.True(t, ok, "errors.As finds the vendor's *Error in %v", err)
	return info
}

// assertCallError fails the test if err is not a one-line error that names
// the vendor and reveals no secret.
func (s *suite[C, F]) assertCallError(t *testing.T, what string, err error) {
	t.Helper()
	if !assert.Error(t, err, what) {
		return
	}
	s.assertNoSecret(t, what+": the error string", err.Error())
	assert.Contains(t, err.Error(), s.v.Name, "%s: the error names the package", what)
	assert.NotContains(t, err.Error(), "\n", "%s: the error is one line", what)
}
