package calltest

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/conformance"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// Retries describes a package to [AfterRetries].
type Retries struct {
	// IDHeader is the header the vendor sends its request id in.
	IDHeader string
	// Body is the server's 200 answer to Succeed.
	Body string
	// ErrorAs reads the package's *Error (conformance.ErrorAs).
	ErrorAs func(error) (conformance.ErrorInfo, bool)
	// Calls returns the calls to make on a client of the server at base,
	// whose retry waits are a few milliseconds.
	Calls func(base string) RetryCalls
}

// RetryCalls are the three calls of [AfterRetries], each made with the
// options given.
type RetryCalls struct {
	// Succeed is an idempotent call that decodes Retries.Body.
	Succeed func(ctx context.Context, opts ...call.Option) error
	// Fail is an idempotent call, made when every answer is a 503.
	Fail func(ctx context.Context, opts ...call.Option) error
	// Unsafe is a Raw POST left unsafe.
	Unsafe func(ctx context.Context, opts ...call.Option) error
}

// AfterRetries checks call.ResponseInto and the Error's request id and
// headers on a success after two 503s and on 503s that outlast the
// retries, and that Raw, unsafe unless told otherwise, does not resend
// after a 503.
func AfterRetries(t testing.TB, r Retries) {
	t.Helper()
	var hits, fail atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		n := hits.Add(1)
		w.Header().Set(r.IDHeader, "rid-"+strconv.Itoa(int(n)))
		if n <= fail.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte(r.Body))
	}))
	defer srv.Close()
	calls := r.Calls(srv.URL)
	ctx := context.Background()

	fail.Store(2)
	var resp call.Response
	if err := calls.Succeed(ctx, call.ResponseInto(&resp)); err != nil {
		t.Errorf("after two 503s: %v", err)
	}
	want := call.Response{StatusCode: 200, Header: resp.Header, RequestID: "rid-3", Attempts: 3}
	if !reflect.DeepEqual(resp, want) {
		t.Errorf("after two 503s, ResponseInto = %+v, want %+v", resp, want)
	}

	hits.Store(0)
	fail.Store(100)
	err := calls.Fail(ctx, call.MaxRetries(1), call.ResponseInto(&resp))
	e, ok := r.ErrorAs(err)
	if !ok {
		t.Fatalf("after the retries: %v holds no vendor Error", err)
	}
	if e.RequestID != "rid-2" || e.Header.Get(r.IDHeader) != "rid-2" {
		t.Errorf("after the retries, the Error's RequestID is %q and its %s %q, want the last answer's, rid-2",
			e.RequestID, r.IDHeader, e.Header.Get(r.IDHeader))
	}
	want = call.Response{StatusCode: 503, Header: e.Header, RequestID: "rid-2", Attempts: 2}
	if !reflect.DeepEqual(resp, want) {
		t.Errorf("after the retries, ResponseInto = %+v, want %+v", resp, want)
	}
	if n := hits.Load(); n != 2 {
		t.Errorf("MaxRetries(1) sent %d requests, want 2", n)
	}

	hits.Store(0)
	err = calls.Unsafe(ctx, call.ResponseInto(&resp))
	if !errors.Is(err, httpcore.ErrOutcomeUnknown) {
		t.Errorf("an unsafe Raw answered 503: err = %v, want one matching ErrOutcomeUnknown", err)
	}
	if n := hits.Load(); n != 1 || resp.Attempts != 1 {
		t.Errorf("an unsafe Raw answered 503 was sent %d times (Attempts %d), want once", n, resp.Attempts)
	}
}
