package httpcore

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// counted serves h and counts the requests that reached it.
type counted struct {
	*httptest.Server
	hits atomic.Int32
}

func serve(t *testing.T, h http.HandlerFunc) *counted {
	t.Helper()
	c := &counted{}
	c.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.hits.Add(1)
		h(w, r)
	}))
	t.Cleanup(func() {
		c.CloseClientConnections() // ends the handlers still holding a request
		c.Close()
	})
	return c
}

func newTestClient(t *testing.T, base string, mutate ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		Vendor: "test",
		Settings: Settings{
			BaseURL:      base,
			RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond,
		},
	}
	for _, m := range mutate {
		m(&cfg)
	}
	c, err := New(cfg)
	require.NoError(t, err)
	return c
}

func statusSequence(codes ...int) http.HandlerFunc {
	var n atomic.Int32
	return func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		code := codes[min(i, len(codes)-1)]
		w.WriteHeader(code)
		if code == http.StatusOK {
			_, _ = w.Write([]byte(`{"ok":true}`))
		}
	}
}
