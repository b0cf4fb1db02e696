package httpcore

import (
	"context"
	"errors"
	"flag"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/internal/callopt"
)

var callSeeds = flag.Int("callopt.seeds", 200, "seeds of the per-call options property test")

// opt is a callopt.Option for these tests (package call imports this one).
type opt func(*callopt.Settings)

func (o opt) Apply(s *callopt.Settings) { o(s) }

func withSettings(ctx context.Context, set callopt.Settings) context.Context {
	return callopt.With(ctx, []opt{func(s *callopt.Settings) { *s = set }})
}

// TestCallOptionsProperty serves random answer sequences (2xx, 4xx, 429,
// 5xx, dropped connections) to calls with random per-call retry counts
// and safety, and checks that the filled result matches what the server
// sent: the attempts it counted, the last status it answered (0 when the
// last attempt got none, unless an earlier one did), and the request id of
// that answer.
func TestCallOptionsProperty(t *testing.T) {
	statuses := []int{200, 204, 400, 404, 429, 500, 502, 503, 504, -1} // -1: hang up
	for seed := range uint64(*callSeeds) {
		rng := rand.New(rand.NewPCG(seed, 0xca11))
		plan := make([]int, 1+rng.IntN(5))
		for i := range plan {
			plan[i] = statuses[rng.IntN(len(statuses))]
		}
		var hits atomic.Int32
		lastStatus, lastID := 0, ""
		srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
			n := int(hits.Add(1))
			code := plan[min(n-1, len(plan)-1)]
			if r.Header.Get("X-Extra") != "v"+strconv.Itoa(int(seed)) {
				code = http.StatusTeapot
			}
			if code < 0 {
				hj, _ := w.(http.Hijacker)
				conn, _, _ := hj.Hijack()
				_ = conn.Close()
				return
			}
			lastStatus, lastID = code, "id-"+strconv.Itoa(n)
			w.Header().Set([]string{"X-Request-Id", "Request-Id", "X-Correlation-Id"}[n%3], lastID)
			w.WriteHeader(code)
		})
		c := newTestClient(t, srv.URL)
		retries := rng.IntN(4)
		safety := Safety(rng.IntN(2))
		var got callopt.Result
		filled := 0
		ctx := withSettings(context.Background(), callopt.Settings{
			MaxRetries: &retries,
			Header:     http.Header{"X-Extra": {"v" + strconv.Itoa(int(seed))}},
			Fill:       func(r callopt.Result) { got, filled = r, filled+1 },
		})
		// POST, which net/http never replays on its own, so that the
		// server's count is the attempts'.
		_, err := c.Do(ctx, &Request{Method: http.MethodPost, Path: "x", Safety: safety}, nil)
		srv.Close()
		if filled != 1 || got.Attempts != int(hits.Load()) || got.Attempts > retries+1 ||
			got.StatusCode != lastStatus || got.RequestID != lastID || (got.Header == nil) != (lastStatus == 0) {
			t.Fatalf("seed %d: plan %v, retries %d, %v: filled %d times with %+v; server counted %d, last %d %q (err %v)",
				seed, plan, retries, safety, filled, got, hits.Load(), lastStatus, lastID, err)
		}
		if (err == nil) != (lastStatus >= 200 && lastStatus < 300 && got.StatusCode == lastStatus) {
			t.Fatalf("seed %d: plan %v: err %v with last status %d", seed, plan, err, lastStatus)
		}
	}
}

func TestCallTimeoutBoundsEachAttempt(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	c := newTestClient(t, srv.URL)
	one := 1
	var got callopt.Result
	ctx := withSettings(context.Background(), callopt.Settings{Timeout: 30 * time.Millisecond, MaxRetries: &one, Fill: func(r callopt.Result) { got = r }})
	start := time.Now()
	_, err := c.Do(ctx, &Request{Method: http.MethodGet, Path: "x", Safety: Idempotent}, nil)
	require.ErrorIs(t, err, ErrTimeout)
	require.Less(t, time.Since(start), 3*time.Second)
	require.EqualValues(t, 2, srv.hits.Load(), "an idempotent call is resent after its attempt timed out")
	require.Equal(t, callopt.Result{Attempts: 2}, got)

	// A long poll's own bound is replaced too, and its fixed retry count kept.
	zero := 0
	_, err = c.Do(ctx, &Request{Method: http.MethodGet, Path: "x", Safety: Idempotent, Timeout: time.Minute, MaxRetries: &zero}, nil)
	require.ErrorIs(t, err, ErrTimeout)
	require.EqualValues(t, 3, srv.hits.Load())
}

func TestCallHeaders(t *testing.T) {
	var seen http.Header
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { seen = r.Header.Clone() })
	c := newTestClient(t, srv.URL, func(cfg *Config) {
		cfg.Authenticate = func(r *http.Request) error {
			r.Header.Set("Authorization", "Bearer secret-token")
			return nil
		}
	})
	ctx := withSettings(context.Background(), callopt.Settings{Header: http.Header{"X-Trace": {"a", "b"}, "User-Agent": {"mine/1"}}})
	_, err := c.Do(ctx, &Request{Method: http.MethodGet, Path: "x", Header: http.Header{"User-Agent": {"pkg/2"}}}, nil)
	require.NoError(t, err)
	require.Equal(t, []string{"a", "b"}, seen["X-Trace"])
	require.Equal(t, []string{"mine/1"}, seen["User-Agent"])
	require.Equal(t, "Bearer secret-token", seen.Get("Authorization"))

	ctx = withSettings(context.Background(), callopt.Settings{Header: http.Header{"Authorization": {"Bearer mine"}}})
	_, err = c.Do(ctx, &Request{Method: http.MethodGet, Path: "x"}, nil)
	require.ErrorIs(t, err, ErrCredentialHeader)
	require.ErrorIs(t, err, ErrInvalidArgument)
	require.NotContains(t, err.Error(), "secret-token")

	// A pre-signed URL carries neither the credential nor the extra headers.
	seen = nil
	ctx = withSettings(context.Background(), callopt.Settings{Header: http.Header{"X-Trace": {"a"}}})
	_, err = c.Do(ctx, &Request{Method: http.MethodGet, URL: srv.URL + "/signed", NoAuth: true}, nil)
	require.NoError(t, err)
	require.Empty(t, seen.Get("X-Trace"))

	bad := errors.New("bad option")
	_, err = c.Do(withSettings(context.Background(), callopt.Settings{Err: bad}), &Request{Method: http.MethodGet, Path: "x"}, nil)
	require.ErrorIs(t, err, bad)
	require.ErrorIs(t, err, ErrInvalidArgument)
	require.EqualValues(t, 2, srv.hits.Load(), "refused options send nothing")
}

func TestRequestID(t *testing.T) {
	h := http.Header{}
	require.Empty(t, RequestID(h))
	h.Set("X-Correlation-Id", "c")
	require.Equal(t, "c", RequestID(h))
	h.Set("Request-Id", "r")
	require.Equal(t, "r", RequestID(h))
	h.Set("X-Request-Id", "x")
	require.Equal(t, "x", RequestID(h))
}

func TestRaw(t *testing.T) {
	var path, query string
	var hits atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		path, query = r.URL.EscapedPath(), r.URL.RawQuery
		if r.Method == http.MethodDelete {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte(`{"n":1}`))
	})
	c := newTestClient(t, srv.URL+"/api/v2")
	var out map[string]int
	_, err := c.Raw(context.Background(), "get", "things/a%2Fb?x=1&x=2", nil, &out)
	require.NoError(t, err)
	require.Equal(t, "/api/v2/things/a%2Fb", path)
	require.Equal(t, "x=1&x=2", query)
	require.Equal(t, 1, out["n"])

	hits.Store(0)
	_, err = c.Raw(context.Background(), http.MethodDelete, "/things/1", nil, nil)
	require.ErrorIs(t, err, ErrOutcomeUnknown)
	require.EqualValues(t, 1, hits.Load(), "unsafe by default")

	hits.Store(0)
	_, err = c.Raw(withSettings(context.Background(), callopt.Settings{Idempotent: true}), http.MethodDelete, "things/1", nil, nil)
	require.ErrorIs(t, err, ErrServerError)
	require.EqualValues(t, 4, hits.Load(), "call.Idempotent allows the retries")

	hits.Store(0)
	for _, bad := range []struct{ method, path string }{
		{"", "x"}, {"GET /", "x"}, {"GET", "http://elsewhere/x"}, {"GET", "//elsewhere/x"},
		{"GET", "a/../../b"}, {"GET", "./x"}, {"GET", "x#frag"}, {"GET", "%zz"},
	} {
		_, err := c.Raw(context.Background(), bad.method, bad.path, nil, nil)
		require.ErrorIs(t, err, ErrInvalidArgument, "%q %q", bad.method, bad.path)
	}
	require.Zero(t, hits.Load())
}
