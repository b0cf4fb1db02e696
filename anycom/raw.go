package anycom

import (
	"context"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/callopt"
)

// Raw sends a request this package does not model: method to path, relative
// to the client's API root (WithBaseURL; every command is posted to "/"), with in encoded as the JSON body (nil sends
// none) and a 2xx JSON answer decoded into out (nil discards it). path may
// hold a query; it must not be absolute or hold "." or ".." segments.
// It reuses the client's credentials, retries, redaction, size limit and
// error decoding: a non-2xx answer is an [*Error].
// In the body-credential mode (WithBodyAuth), in is wrapped in the
// documented {"Authentication", "Request"} envelope. The answer's envelope
// is decoded into out as it is: unlike [Client.Do], a 2xx answer whose
// body status says the command failed is not an error.
//
// Any method, the caller's — unsafe: never resent once it may have reached
// the server, unless call.Idempotent is given, which makes it idempotent,
// retried on connection errors, 429, 502, 503 and 504.
func (c *Client) Raw(ctx context.Context, method, path string, in, out any, opts ...call.Option) error {
	if c.bodyAuth && in != nil {
		in = bodyAuthEnvelope{Authentication: authBlock{Key: c.creds.key, User: c.creds.user}, Request: in}
	}
	_, err := c.core.Raw(callopt.With(ctx, opts), method, path, in, out)
	return err
}
