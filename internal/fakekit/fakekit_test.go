package fakekit

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/fake"
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

func TestUnknownChat(t *testing.T) {
	err := UnknownChat("footest", 42)
	assert.ErrorIs(t, err, fake.ErrUnknownChat)
	assert.EqualError(t, err, "footest: chat 42: unknown chat")
}

func TestReceivedKeepsTheLastRequests(t *testing.T) {
	s := start(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}), 3)
	defer s.Close()
	get := func(path string) {
		resp, err := http.Get(s.URL() + path)
		require.NoError(t, err)
		resp.Body.Close()
	}
	get("/a?n=1")
	get("/b?n=2")
	assert.Equal(t, []string{"/a", "/b"}, paths(s.Received()), "every request while fewer than the log holds")
	s.InjectFault(Fault{Path: "/d", Status: 503})
	for _, p := range []string{"/c?n=3", "/d?n=4", "/a?n=5"} {
		get(p)
	}
	got := s.Received()
	assert.Equal(t, []string{"/c", "/d", "/a"}, paths(got), "the last three, oldest first, a faulted one too")
	assert.Equal(t, "n=5", got[2].Query)
	assert.Equal(t, 2, s.Count("GET", "/a"), "Count counts every request, not only the ones kept")
	assert.Equal(t, 5, s.Count("", "/"))
	assert.Equal(t, 0, s.Count("POST", "/"))
}

func paths(rs []Received) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Path
	}
	return out
}

// The log against a model that keeps every request: over random request
// streams and log sizes, Received is the model's last requests and Count
// its count, for any method and path fragment, while the server holds no
// more than the log size of requests and one count per method and path.
func TestLogIsBoundedAndMatchesAFullLog(t *testing.T) {
	methods := []string{"GET", "POST", "DELETE"}
	paths := []string{"/", "/chats", "/chats/1", "/chats/2/messages", "/upload"}
	fragments := append([]string{"", "chats", "/1", "messages", "x"}, paths...)
	for seed := range uint64(200) {
		rng := rand.New(rand.NewPCG(seed, 7))
		s := &Server{logSize: 1 + rng.IntN(20), counts: map[route]int{}}
		var model []Received
		for i := range rng.IntN(200) {
			r := Received{Method: methods[rng.IntN(len(methods))], Path: paths[rng.IntN(len(paths))], Query: fmt.Sprint("i=", i)}
			s.mu.Lock()
			s.log(r)
			s.mu.Unlock()
			model = append(model, r)
		}
		want := model[max(0, len(model)-s.logSize):]
		if len(want) == 0 {
			want = nil
		}
		got := s.Received()
		if len(got) == 0 {
			got = nil
		}
		require.Equal(t, want, got, "seed %d: log size %d after %d requests", seed, s.logSize, len(model))
		require.LessOrEqual(t, cap(s.recent), s.logSize, "seed %d", seed)
		require.LessOrEqual(t, len(s.counts), len(methods)*len(paths), "seed %d", seed)
		for _, m := range append(methods, "", "PUT") {
			for _, f := range fragments {
				n := 0
				for _, r := range model {
					if (m == "" || r.Method == m) && strings.Contains(r.Path, f) {
						n++
					}
				}
				require.Equal(t, n, s.Count(m, f), "seed %d: Count(%q, %q)", seed, m, f)
			}
		}
	}
}

// A fake serving many requests holds LogSize of them.
func TestLogSizeHoldsUnderTraffic(t *testing.T) {
	s := Start(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer s.Close()
	for i := range 3 * LogSize {
		s.record(httptest.NewRequest("GET", fmt.Sprintf("/chats/%d?page=%d", i%7, i), nil))
	}
	got := s.Received()
	require.Len(t, got, LogSize)
	assert.Equal(t, fmt.Sprintf("page=%d", 2*LogSize), got[0].Query, "the oldest kept")
	assert.Equal(t, fmt.Sprintf("page=%d", 3*LogSize-1), got[LogSize-1].Query, "the newest")
	assert.Equal(t, 3*LogSize, s.Count("GET", "/chats/"))
	assert.Len(t, s.counts, 7, "one count per method and path")
	assert.LessOrEqual(t, cap(s.recent), LogSize)
}
