package anycom

import "context"

// Status shows the status of every channel.
//
// POST {"group": "status", "cmd": ""} — read-only: retried on connection
// errors, 429, 502, 503 and 504.
func (c *Client) Status(ctx context.Context) ([]ChannelStatus, error) {
	return list(ctx, c, "status", "", nil, (*wireStatus).status)
}
