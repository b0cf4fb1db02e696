package httpcore

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stall holds each request until the client gives up on it or the server
// closes the connection. net/http notices either only once the request body
// has been read.
func stall(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	<-r.Context().Done()
}

func withTimeout(d time.Duration) func(*Config) {
	return func(cfg *Config) { cfg.SetTimeout(d) }
}

func TestDefaultTimeoutApplies(t *testing.T) {
	c := newTestClient(t, "https://x/")
	assert.Equal(t, DefaultTimeout, c.timeout, "a zero Settings.Timeout means DefaultTimeout")
	c = newTestClient(t, "https://x/", withTimeout(0))
	assert.Zero(t, c.timeout, "SetTimeout(0) removes the bound")
	c = newTestClient(t, "https://x/", withTimeout(time.Second))
	assert.Equal(t, time.Second, c.timeout)
}

// A stalled server no longer holds a call whose context has no deadline:
// each attempt ends at the timeout, and an idempotent call is retried.
func TestStalledServerTimesOutEachAttempt(t *testing.T) {
	srv := serve(t, stall)
	c := newTestClient(t, srv.URL, withTimeout(50*time.Millisecond), func(cfg *Config) { cfg.SetMaxRetries(1) })
	start := time.Now()
	_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent}, nil)
	assert.Less(t, time.Since(start), 5*time.Second)
	require.ErrorIs(t, err, ErrTimeout)
	assert.NotErrorIs(t, err, context.DeadlineExceeded)
	var te *TransportError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, 2, te.Attempts)
	assert.Contains(t, err.Error(), "50ms attempt timeout")
	assert.EqualValues(t, 2, srv.hits.Load())
	var timeout interface{ Timeout() bool }
	require.ErrorAs(t, err, &timeout)
	assert.True(t, timeout.Timeout())
}

func TestUnsafeTimedOutIsNotResent(t *testing.T) {
	srv := serve(t, stall)
	c := newTestClient(t, srv.URL, withTimeout(50*time.Millisecond))
	_, err := c.Do(context.Background(), &Request{Method: "POST", Path: "x", JSON: map[string]int{"a": 1}}, nil)
	require.ErrorIs(t, err, ErrTimeout)
	assert.EqualValues(t, 1, srv.hits.Load(), "the server may have processed it")
}

// The bound covers reading the body: a server that sends its headers and
// then stalls is cut off too.
func TestStalledBodyTimesOut(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100")
		_, _ = w.Write([]byte(`{"partial":`))
		w.(http.Flusher).Flush()
		stall(w, r)
	})
	c := newTestClient(t, srv.URL, withTimeout(80*time.Millisecond))
	var out map[string]any
	_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent}, &out)
	require.ErrorIs(t, err, ErrTimeout)
	assert.EqualValues(t, 1, srv.hits.Load(), "the body was being read: the call is over")
}

func TestRequestTimeoutReplacesTheClients(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(150 * time.Millisecond)
		_, _ = w.Write([]byte(`{}`))
	})
	c := newTestClient(t, srv.URL, withTimeout(50*time.Millisecond), func(cfg *Config) { cfg.SetMaxRetries(0) })
	_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent}, nil)
	require.ErrorIs(t, err, ErrTimeout, "the client's bound")
	_, err = c.Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent, Timeout: 5 * time.Second}, nil)
	require.NoError(t, err, "a long poll's own bound")
}

func TestNoBoundWhenDisabled(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(120 * time.Millisecond)
		_, _ = w.Write([]byte(`{}`))
	})
	c := newTestClient(t, srv.URL, withTimeout(-1))
	_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent}, nil)
	require.NoError(t, err)
}

// A download may take longer than the timeout as long as each read makes
// progress within it; a stream that stalls is cut off.
func TestDownloadBoundedWhileItMakesProgress(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		for range 6 {
			_, _ = w.Write([]byte("chunk "))
			w.(http.Flusher).Flush()
			time.Sleep(40 * time.Millisecond)
		}
		if r.URL.Query().Has("stall") {
			stall(w, r)
		}
	})
	c := newTestClient(t, srv.URL, withTimeout(150*time.Millisecond))

	start := time.Now()
	st, err := c.Download(context.Background(), &Request{Method: "GET", Path: "file", Safety: Idempotent})
	require.NoError(t, err)
	body, err := io.ReadAll(st.Body)
	require.NoError(t, err)
	require.NoError(t, st.Body.Close())
	assert.Equal(t, "chunk chunk chunk chunk chunk chunk ", string(body))
	assert.Greater(t, time.Since(start), 150*time.Millisecond, "the whole took longer than one timeout")

	st, err = c.Download(context.Background(), &Request{Method: "GET", Path: "file", Query: url.Values{"stall": {"1"}}, Safety: Idempotent})
	require.NoError(t, err)
	defer st.Body.Close()
	_, err = io.ReadAll(st.Body)
	require.ErrorIs(t, err, ErrTimeout)
}

// A slow reader of a download is not cut off: only time spent waiting for
// the server counts.
func TestDownloadSlowReaderNotCutOff(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("all of it"))
	})
	c := newTestClient(t, srv.URL, withTimeout(50*time.Millisecond))
	st, err := c.Download(context.Background(), &Request{Method: "GET", Path: "file", Safety: Idempotent})
	require.NoError(t, err)
	defer st.Body.Close()
	time.Sleep(120 * time.Millisecond)
	body, err := io.ReadAll(st.Body)
	require.NoError(t, err)
	assert.Equal(t, "all of it", string(body))
}

// The throttle's wait is not part of the attempt's timeout, done comes once
// the answer is in, and a throttle error fails the attempt unsent.
func TestThrottle(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(`{}`)) })
	var waits, dones atomic.Int32
	refuse := errors.New("throttle refused")
	c := newTestClient(t, srv.URL, withTimeout(50*time.Millisecond), func(cfg *Config) {
		cfg.SetMaxRetries(0)
		cfg.Throttle = func(ctx context.Context, r *http.Request) (func(), error) {
			waits.Add(1)
			if r.URL.Query().Has("refuse") {
				return nil, refuse
			}
			time.Sleep(120 * time.Millisecond)
			return func() { dones.Add(1) }, nil
		}
	})
	_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent}, nil)
	require.NoError(t, err, "the throttle's wait outlasted the timeout without failing the attempt")
	assert.EqualValues(t, 1, dones.Load())

	_, err = c.Do(context.Background(), &Request{Method: "POST", Path: "x", Query: url.Values{"refuse": {"1"}},
		JSON: map[string]int{"a": 1}}, nil)
	require.ErrorIs(t, err, refuse)
	assert.EqualValues(t, 1, srv.hits.Load(), "the refused attempt was not sent")
	assert.EqualValues(t, 2, waits.Load())
}

var timeoutSeeds = flag.Int("timeout.seeds", 24, "random cases for the attempt timeout property test")

// TestAttemptTimeoutProperty: whatever the timeout, the retries, the call's
// safety and where the server stalls (before its headers, in the middle of
// its body, or not at all), a call under context.Background() returns
// within its attempts' bounds; it fails with ErrTimeout exactly when the
// server stalled, and only an idempotent call is sent again.
func TestAttemptTimeoutProperty(t *testing.T) {
	const (
		prompt = iota
		slow   // answers within the bound
		stallHeaders
		stallBody
	)
	for seed := range uint64(*timeoutSeeds) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(seed, 0x71e0))
			mode := rng.IntN(4)
			// Long enough that a slow answer (a tenth of it) still fits on a
			// loaded machine under the race detector.
			timeout := time.Duration(100+rng.IntN(100)) * time.Millisecond
			retries := rng.IntN(3)
			safety := Safety(rng.IntN(2))
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				switch mode {
				case slow:
					time.Sleep(timeout / 10)
				case stallHeaders:
					stall(w, r)
					return
				case stallBody:
					w.Header().Set("Content-Length", "64")
					_, _ = w.Write([]byte(`{"a":`))
					w.(http.Flusher).Flush()
					stall(w, r)
					return
				}
				_, _ = w.Write([]byte(`{"a":1}`))
			})
			c := newTestClient(t, srv.URL, withTimeout(timeout), func(cfg *Config) { cfg.SetMaxRetries(retries) })
			start := time.Now()
			var out map[string]int
			_, err := c.Do(context.Background(), &Request{Method: "POST", Path: "x", JSON: map[string]int{}, Safety: safety}, &out)
			elapsed := time.Since(start)
			attempts := 1
			if mode == stallHeaders && safety == Idempotent {
				attempts += retries
			}
			describe := fmt.Sprintf("seed %d: mode %d, timeout %v, retries %d, %v", seed, mode, timeout, retries, safety)
			if mode == prompt || mode == slow {
				require.NoError(t, err, describe)
				return
			}
			require.ErrorIs(t, err, ErrTimeout, describe)
			require.EqualValues(t, attempts, srv.hits.Load(), describe)
			require.Less(t, elapsed, time.Duration(attempts)*timeout+2*time.Second, describe)
		})
	}
}
