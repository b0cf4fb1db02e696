package brightpattern_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/brightpattern"
	"github.com/switchboard-go/switchboard/brightpattern/brightpatterntest"
)

// TestEventsOverHTTP2 runs streams of many clients that share one
// http.Client against a TLS server that offers HTTP/2 (in front of the
// fake): every request arrives as HTTP/2, and all the held polls share one
// connection.
func TestEventsOverHTTP2(t *testing.T) {
	fake := brightpatterntest.NewServer(brightpatterntest.WithHold(time.Minute))
	defer fake.Close()
	target, err := url.Parse(fake.URL())
	require.NoError(t, err)
	backend := &http.Transport{}
	defer backend.CloseIdleConnections()
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.Transport = backend

	var notH2, conns atomic.Int32
	front := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ProtoMajor != 2 {
			notH2.Add(1)
		}
		proxy.ServeHTTP(w, r)
	}))
	front.EnableHTTP2 = true
	front.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	front.StartTLS()
	defer front.Close()

	// A transport given its own TLS configuration speaks HTTP/2 only when
	// asked to (ForceAttemptHTTP2); the package's default transport does.
	tr := &http.Transport{TLSClientConfig: front.Client().Transport.(*http.Transport).TLSClientConfig, ForceAttemptHTTP2: true}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const streams = 20
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	chats := make([]string, streams)
	got := make(chan string, streams)
	for i := range streams {
		c, err := brightpattern.NewClient("tenant.example.com", "app", brightpattern.NewClientID(),
			brightpattern.WithBaseURL(front.URL), brightpattern.WithHTTPClient(hc))
		require.NoError(t, err)
		chat, err := c.RequestChat(ctx, nil)
		require.NoError(t, err)
		chats[i] = chat.ID
		wg.Add(1)
		go func() {
			defer wg.Done()
			eachMessage(ctx, c, chat.ID, func(m *brightpattern.MessageEvent) { got <- m.Text })
		}()
	}
	deadline := time.Now().Add(10 * time.Second)
	for fake.HeldPolls() < streams && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	require.Equal(t, streams, fake.HeldPolls(), "every stream holds a poll")
	for _, id := range chats {
		_, err := fake.Say(id, "agent", "hello "+id)
		require.NoError(t, err)
	}
	for range streams {
		select {
		case <-got:
		case <-time.After(10 * time.Second):
			t.Fatal("a message was not delivered")
		}
	}
	assert.Zero(t, notH2.Load(), "requests that did not arrive as HTTP/2")
	assert.EqualValues(t, 1, conns.Load(), "connections for %d held polls", streams)
}
