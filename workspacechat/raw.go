package workspacechat

import (
	"context"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/callopt"
)

// Raw sends a request this package does not model: method to path, relative
// to the client's API root (WithBaseURL; the package's own paths read api/v1/chats), with in encoded as the JSON body (nil sends
// none) and a 2xx JSON answer decoded into out (nil discards it). path may
// hold a query; it must not be absolute or hold "." or ".." segments.
// It reuses the client's credentials, retries, redaction, size limit and
// error decoding: a non-2xx answer is an [*Error].
//
// Any method, the caller's — unsafe: never resent once it may have reached
// the server, unless call.Idempotent is given, which makes it idempotent,
// retried on connection errors, 429, 502, 503 and 504.
func (c *Client) Raw(ctx context.Context, method, path string, in, out any, opts ...call.Option) error {
	_, err := c.core.Raw(callopt.With(ctx, opts), method, path, in, out)
	return err
}
