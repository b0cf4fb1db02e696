package brightpattern

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// doDecode sends r and hands its 2xx body to decode. When decode refuses the
// body (it is not the JSON the call expects, or lacks what the call needs),
// the error is the core's *httpcore.DecodeError, with the request's method,
// redacted URL and the body, and it matches [ErrMalformedResponse].
func (c *Client) doDecode(ctx context.Context, r *httpcore.Request, decode func(body []byte) error) error {
	body, resp, err := c.core.DoRaw(ctx, r)
	if err != nil {
		return err
	}
	if err := decode(body); err != nil {
		return resp.DecodeError(body, err)
	}
	return nil
}

// doDecodeAs is [Client.doDecode] for a decoder that returns what it read:
// the result is decode's on success and T's zero value on any error.
func doDecodeAs[T any](ctx context.Context, c *Client, r *httpcore.Request, decode func(body []byte) (T, error)) (T, error) {
	var out T
	err := c.doDecode(ctx, r, func(body []byte) (err error) {
		out, err = decode(body)
		return err
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return out, nil
}

// jsonInto decodes a body into out; an empty or blank body leaves out as it
// is, as [httpcore.Client.Do] does.
func jsonInto(out any) func(body []byte) error {
	return func(body []byte) error {
		if len(bytes.TrimSpace(body)) == 0 {
			return nil
		}
		return json.Unmarshal(body, out)
	}
}
