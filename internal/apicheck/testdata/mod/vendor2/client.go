// Package vendor2 has doc comment problems for the doc checks to find.
package vendor2

import "context"

// Client is a vendor client.
type Client struct {
	// Chat shares the client.
	Chat *ChatService
}

// ChatService holds the chat calls.
type ChatService struct{ c *Client }

// Get reads.
//
// GET /things — idempotent: retried on 429 and 5xx.
func (c *Client) Get(ctx context.Context) error { return nil }

// Send sends, but names no method.
//
// Unsafe: never retried after the request may have reached the server.
func (c *Client) Send(ctx context.Context) error { return nil }

// Poll names no retry safety.
//
// GET /poll.
func (s *ChatService) Poll(ctx context.Context) error { return nil }

func (c *Client) Undocumented() {}

// ID sends no request.
func (c *Client) ID() string { return "" }

// Group documents both.
const (
	A = 1
	B = 2
)

const C = 3

type (
	// D is documented.
	D int
	E int
)

// Iface has an undocumented method.
type Iface interface {
	M()
}
