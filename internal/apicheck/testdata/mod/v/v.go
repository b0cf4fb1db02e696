package v

import "example.com/mod/internal/httpcore"

// Client is a vendor client.
type Client struct{ last *httpcore.Request }

// Event is sealed.
type Event interface {
	// Kind names the event.
	Kind() string
}

// Ping shows an internal type's API.
type Ping = httpcore.Request

type Pong struct{}

func (Pong) Kind() string { return "pong" }

// Get reads. GET x — idempotent: retried on connection errors, 429, 502, 503 and 504.
func (c *Client) Get() { c.do("GET", httpcore.Idempotent) }

// Send sends. POST x — idempotent.
func (c *Client) Send() { c.do("POST", httpcore.Unsafe) }

// Read reads. GET y — idempotent: retried on 429 and 5xx.
func (c *Client) Read() { c.last = &httpcore.Request{Method: "GET", Safety: httpcore.Idempotent} }

// ID sends no request, but noHTTP does not list it.
func (c *Client) ID() string { return "" }

func (c *Client) do(m string, s int) { c.last = &httpcore.Request{Method: m, Safety: s} }
