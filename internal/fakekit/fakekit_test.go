package fakekit

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFaults(t *testing.T) {
	var handled atomic.Int32
	s := Start(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		handled.Add(1)
		_, _ = w.Write([]byte("ok"))
	}))
	defer s.Close()
	get := func(path string) (*http.Response, error) {
		resp, err := http.Get(s.URL() + path)
		if err == nil {
			_, _ = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		return resp, err
	}

	s.InjectFault(Fault{Path: "/busy", Status: 429, RetryAfter: "3", Times: 2})
	for range 2 {
		resp, err := get("/busy")
		require.NoError(t, err)
		assert.Equal(t, 429, resp.StatusCode)
		assert.Equal(t, "3", resp.Header.Get("Retry-After"))
	}
	resp, err := get("/busy")
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode, "the fault is used up")
	assert.EqualValues(t, 1, handled.Load())

	s.InjectFault(Fault{Method: "POST", DropBefore: true})
	_, err = get("/x")
	require.NoError(t, err, "a GET does not match a POST fault")
	_, err = http.Post(s.URL()+"/x", "text/plain", nil)
	assert.Error(t, err)
	assert.EqualValues(t, 2, handled.Load(), "dropped before handling")

	s.InjectFault(Fault{DropAfter: true})
	_, err = get("/y")
	assert.Error(t, err)
	assert.EqualValues(t, 3, handled.Load(), "handled, then dropped")

	s.InjectFault(Fault{Delay: 20 * time.Millisecond})
	start := time.Now()
	_, err = get("/slow")
	require.NoError(t, err)
	assert.GreaterOrEqual(t, time.Since(start), 20*time.Millisecond)

	assert.Equal(t, 3, s.Count("GET", "/busy"))
	assert.Equal(t, 1, s.Count("POST", ""))
	assert.Len(t, s.Received(), 7)
}

func TestDelayedPostEndsWhenTheClientGoesAway(t *testing.T) {
	var got atomic.Value
	s := Start(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got.Store(string(b))
	}))
	s.InjectFault(Fault{Method: "POST", Path: "/slow", Delay: time.Minute})

	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, "POST", s.URL()+"/slow", strings.NewReader(`{"a":1}`))
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	require.Eventually(t, func() bool { return s.Count("POST", "/slow") == 1 }, 5*time.Second, time.Millisecond)
	cancel()
	require.Error(t, <-done)

	closed := make(chan struct{})
	go func() { s.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close waited for the delayed POST")
	}
	assert.Nil(t, got.Load(), "the handler never ran")
}

func TestDelayKeepsTheBodyForTheHandler(t *testing.T) {
	var got atomic.Value
	s := Start(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got.Store(string(b))
	}))
	defer s.Close()
	s.InjectFault(Fault{Method: "POST", Path: "/slow", Delay: time.Millisecond})
	resp, err := http.Post(s.URL()+"/slow", "application/json", strings.NewReader(`{"a":1}`))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, `{"a":1}`, got.Load())
}

func TestMatchMayCallTheServer(t *testing.T) {
	s := Start(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer s.Close()
	// Fail only the third request, counted through the server itself.
	s.InjectFault(Fault{Status: 503, Match: func(*http.Request) bool { return s.Count("", "/x") == 3 }})
	client := &http.Client{Timeout: 5 * time.Second}
	var codes []int
	for range 4 {
		resp, err := client.Get(s.URL() + "/x")
		require.NoError(t, err, "a Match that calls Count must not deadlock the server")
		resp.Body.Close()
		codes = append(codes, resp.StatusCode)
	}
	assert.Equal(t, []int{200, 200, 503, 200}, codes)
}

func TestConcurrentRequestsShareAFaultsTimes(t *testing.T) {
	s := Start(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer s.Close()
	s.InjectFault(Fault{Status: 503, Times: 5, Match: func(*http.Request) bool { return true }})
	var faulted atomic.Int32
	done := make(chan struct{})
	for range 20 {
		go func() {
			defer func() { done <- struct{}{} }()
			resp, err := http.Get(s.URL() + "/y")
			if err == nil {
				if resp.StatusCode == 503 {
					faulted.Add(1)
				}
				resp.Body.Close()
			}
		}()
	}
	for range 20 {
		<-done
	}
	assert.EqualValues(t, 5, faulted.Load(), "a fault applies exactly Times times")
}
