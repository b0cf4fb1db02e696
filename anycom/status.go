package anycom

import (
	"context"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/callopt"
)

// Status shows the status of every channel.
//
// POST {"group": "status", "cmd": ""} — read-only: retried on connection
// errors, 429, 502, 503 and 504.
func (c *Client) Status(ctx context.Context, opts ...call.Option) ([]ChannelStatus, error) {
	ctx = callopt.With(ctx, opts)
	return list(ctx, c, "status", "", nil, (*wireStatus).status)
}
