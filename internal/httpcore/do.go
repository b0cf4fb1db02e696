package httpcore

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"time"

	"github.com/hashicorp/go-retryablehttp"

	"github.com/switchboard-go/switchboard/internal/callopt"
)

// Response is what a successful call returns besides its decoded body.
type Response struct {
	StatusCode int
	Header     http.Header
	// Attempts is how many times the request was sent.
	Attempts int
	// Resent reports that the HTTP transport sent the last attempt more
	// than once by itself: Go's transport replays an idempotent request
	// whose reused keep-alive connection closed before any answer. The
	// first send may have reached the server, which matters to a long
	// poll: the events it took are gone unless read again elsewhere.
	Resent bool

	call *call // the request, for DecodeError
}

// DecodeError reports body, a 2xx answer to this call, as one that could
// not be decoded (err says why). Vendors that decode bodies themselves use it
// so that every malformed answer gives the same *DecodeError.
func (r *Response) DecodeError(body []byte, err error) error {
	red := r.call.client.redactor
	return r.call.client.failed(context.Background(), r.call, &DecodeError{
		Vendor: r.call.client.vendor, Method: r.call.method, URL: r.call.redactedURL(), StatusCode: r.StatusCode,
		Body: red.body(body), Err: redactedError{err, red},
	})
}

// Failed logs err as the final failure of this call, whose 2xx answer the
// vendor read as a failure (an AnyCom envelope whose status says so), and
// returns it: at Warn, or at Debug when ctx has ended or the client's
// Config.ExpectedError says err is an ordinary answer.
func (r *Response) Failed(ctx context.Context, err error) error {
	return r.call.client.failed(ctx, r.call, err)
}

// response describes resp, the 2xx answer to s.
func (s *call) response(resp *http.Response) *Response {
	return &Response{
		StatusCode: resp.StatusCode, Header: resp.Header, Attempts: s.attempts, Resent: s.sends.Load() > 1,
		call: s,
	}
}

// Do sends r and decodes a 2xx JSON body into out (a pointer; nil discards
// the body). An empty body or a 204 leaves out untouched. A non-2xx answer
// becomes the vendor's error through Config.DecodeError.
func (c *Client) Do(ctx context.Context, r *Request, out any) (*Response, error) {
	resp, s, err := c.send(ctx, r, false)
	if err != nil {
		return nil, err
	}
	meta := s.response(resp)
	body, err := c.readAndClose(resp)
	if err != nil {
		return nil, c.failed(ctx, s, c.transportError(s, err, ""))
	}
	if out == nil || len(bytes.TrimSpace(body)) == 0 {
		return meta, nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return nil, meta.DecodeError(body, err)
	}
	return meta, nil
}

// DoRaw sends r and returns the 2xx body bytes, read up to the size cap.
func (c *Client) DoRaw(ctx context.Context, r *Request) ([]byte, *Response, error) {
	resp, s, err := c.send(ctx, r, false)
	if err != nil {
		return nil, nil, err
	}
	body, err := c.readAndClose(resp)
	if err != nil {
		return nil, nil, c.failed(ctx, s, c.transportError(s, err, ""))
	}
	return body, s.response(resp), nil
}

// Stream is a downloaded body, returned unread. The caller must close Body.
type Stream struct {
	Body          io.ReadCloser
	ContentType   string
	ContentLength int64 // -1 when unknown
	Header        http.Header
}

// Download sends r and returns its 2xx body as a stream, not read into memory.
func (c *Client) Download(ctx context.Context, r *Request) (*Stream, error) {
	resp, _, err := c.send(ctx, r, true)
	if err != nil {
		return nil, err
	}
	return &Stream{
		Body:          resp.Body,
		ContentType:   resp.Header.Get("Content-Type"),
		ContentLength: resp.ContentLength,
		Header:        resp.Header,
	}, nil
}

// send performs the request with retries and returns a 2xx response with its
// body open, or an error with every body closed.
func (c *Client) send(ctx context.Context, r *Request, stream bool) (*http.Response, *call, error) {
	if ctx == nil {
		return nil, nil, InvalidArgument(c.vendor, "nil context")
	}
	s := &call{client: c, method: r.Method, operation: r.operation(), idempotent: r.Safety == Idempotent, maxRetries: c.maxRetries,
		timeout: c.timeout, stream: stream, allSends: r.Sends}
	opts := callopt.From(ctx)
	if err := s.apply(r, opts); err != nil {
		return nil, nil, InvalidArgument(c.vendor, "%w", err)
	}
	ctx = context.WithValue(ctx, callKey{}, s)
	ctx = httptrace.WithClientTrace(ctx, s.trace())
	s.ctx = ctx
	reqCtx := ctx
	if s.timeout > 0 && s.maxRetries == 0 && c.retry.HTTPClient.Timeout == 0 {
		// One attempt: its bound is the request's context, so that the
		// attempt needs no copy of the request bound to a context of its own.
		// (An http.Client with a Timeout gives the transport a context of
		// its own; the attempt's bound is then made from that one.)
		s.bound = newAttemptBound(ctx, s.timeout)
		reqCtx = s.bound.ctx
		defer s.bound.endUnused()
	}
	req, body, err := c.newHTTPRequest(reqCtx, r, opts)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %s %s: %w", c.vendor, r.Method, c.redactor.text(r.Path), err)
	}
	s.target = req.URL
	s.replayable = body == nil || body.replayable
	rreq, err := retryablehttp.FromRequest(req)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", c.vendor, err)
	}
	if body != nil {
		if err := rreq.SetBody(body.retryableBody()); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", c.vendor, err)
		}
		rreq.ContentLength = max(body.size, 0)
	}
	resp, err := c.retry.Do(rreq)
	if err != nil {
		if resp != nil {
			drainAndClose(resp)
		}
		s.fill(opts, nil)
		return nil, nil, c.failed(ctx, s, c.transportError(s, err, s.last))
	}
	s.fill(opts, resp)
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		errResp := c.errorResponse(s, resp)
		drainAndClose(resp)
		return nil, nil, c.failed(ctx, s, c.decodeError(errResp))
	}
	return resp, s, nil
}

// transportError wraps a failure that left no usable response. last is the
// previous attempt's outcome; it is kept only when it says more than err.
func (c *Client) transportError(s *call, err error, last string) error {
	err = stripURL(err)
	if last == err.Error() {
		last = ""
	}
	return &TransportError{
		Vendor: c.vendor, Method: s.method, URL: s.redactedURL(), Attempts: s.attempts,
		Last: c.redactor.text(last), OutcomeUnknown: !s.idempotent && s.mayHaveReachedServer(),
		Err: redactedError{err, c.redactor},
	}
}

// redactedError hides known secrets in the message of a wrapped error while
// keeping it reachable by errors.Is and errors.As.
type redactedError struct {
	err error
	r   *redactor
}

func (e redactedError) Error() string { return e.r.text(e.err.Error()) }
func (e redactedError) Unwrap() error { return e.err }

func (c *Client) errorResponse(s *call, resp *http.Response) *ErrorResponse {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody+redactMargin))
	er := &ErrorResponse{
		Vendor: c.vendor, StatusCode: resp.StatusCode, Header: resp.Header, RequestID: RequestID(resp.Header),
		Body: c.redactor.body(body), Method: s.method, URL: s.redactedURL(), Attempts: s.attempts,
		OutcomeUnknown: !s.idempotent && outcomeUnknownStatus(resp.StatusCode),
	}
	if d, ok := RetryAfter(resp.Header, time.Now()); ok {
		er.RetryAfter = d
	}
	return er
}

// readAndClose reads the body with readCapped and closes it. A body read
// without error was read to its end, so it is closed at once; after an
// error, a little more is read so that the connection may be reused.
func (c *Client) readAndClose(resp *http.Response) ([]byte, error) {
	body, err := c.readCapped(resp)
	if err != nil {
		drainAndClose(resp)
		return nil, err
	}
	_ = resp.Body.Close()
	return body, nil
}

// readCapped reads the body up to the client's cap; past it,
// ErrResponseTooLarge. A declared length sizes the buffer in one allocation.
func (c *Client) readCapped(resp *http.Response) ([]byte, error) {
	var buf []byte
	var err error
	if n := resp.ContentLength; n >= 0 && n <= c.maxBody {
		// The buffer holds at most the cap and one byte: it needs no limit.
		buf = make([]byte, 0, n+1)
		for err == nil && len(buf) < cap(buf) {
			var k int
			k, err = resp.Body.Read(buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+k]
		}
		if err == nil && len(buf) == cap(buf) { // more than declared
			var rest []byte
			rest, err = io.ReadAll(io.LimitReader(resp.Body, c.maxBody+1-int64(len(buf))))
			buf = append(buf, rest...)
		}
		if err == io.EOF {
			err = nil
		}
	} else {
		buf, err = io.ReadAll(io.LimitReader(resp.Body, c.maxBody+1))
	}
	if err != nil {
		return nil, err
	}
	if int64(len(buf)) > c.maxBody {
		return nil, fmt.Errorf("%w (%d bytes)", ErrResponseTooLarge, c.maxBody)
	}
	return buf, nil
}

// drainAndClose reads a little of what is left so the connection can be
// reused, then closes the body.
func drainAndClose(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
	_ = resp.Body.Close()
}
