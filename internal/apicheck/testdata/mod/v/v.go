package v

import "example.com/mod/internal/httpcore"

// Client is a vendor client.
type Client struct{ last *httpcore.Request }

// Event is sealed.
type Event interface{ Kind() string }

// Ping shows an internal type's API.
type Ping = httpcore.Request

type Pong struct{}

func (Pong) Kind() string { return "pong" }

// Get reads. GET x — idempotent.
func (c *Client) Get() { c.do("GET", httpcore.Idempotent) }

// Send sends. POST x — idempotent.
func (c *Client) Send() { c.do("POST", httpcore.Unsafe) }

// Read reads. GET y — idempotent: retried on 429 and 5xx.
func (c *Client) Read() { c.last = &httpcore.Request{Method: "GET", Safety: httpcore.Idempotent} }

// Poll polls. GET z — idempotent.
func (c *Client) Poll(n int) { c.last = &httpcore.Request{Method: "GET", MaxRetries: &n} }

// Any sends m. POST x — unsafe.
func (c *Client) Any(m string) { c.do(m, httpcore.Unsafe) }

// ID sends no request, but noHTTP does not list it.
func (c *Client) ID() string { return "" }

func (c *Client) do(m string, s int) { c.last = &httpcore.Request{Method: m, Safety: s} }
