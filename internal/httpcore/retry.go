package httpcore

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// call is the per-request state that the retry policy reads. It travels in
// the request's context because retryablehttp's hooks see nothing else.
type call struct {
	client     *Client
	method     string
	operation  string // names the operation in log records
	target     *url.URL
	maxRetries int
	timeout    time.Duration // bounds each attempt; zero: no bound

	// ctx is the call's context; the request of a call that is never
	// retried carries bound, the bound of its one attempt, instead.
	ctx   context.Context
	bound *attemptBound

	attempts int
	started  time.Time
	last     string // the last attempt's outcome, for errors

	// The last answer any attempt got, for call.ResponseInto.
	lastStatus int
	lastHeader http.Header

	idempotent bool // Request.Safety
	replayable bool
	stream     bool // the body is handed to the caller unread

	// Set by the httptrace hooks, possibly from transport goroutines.
	gotConn   atomic.Bool
	tlsFailed atomic.Bool
	sends     atomic.Int32  // times the transport wrote this attempt's headers
	allSends  *atomic.Int32 // Request.Sends

	hooks httptrace.ClientTrace // filled by trace, kept here to be allocated with the call
}

type callKey struct{}

// redactedURL is the request URL fit for logs and errors.
func (s *call) redactedURL() string { return s.client.redactor.url(s.target.String()) }

func callFrom(ctx context.Context) *call {
	c, _ := ctx.Value(callKey{}).(*call)
	return c
}

// trace counts the times the transport wrote the request's headers, and,
// for a call that is not idempotent, records whether the attempt ever got a
// connection, which is what decides whether it may have reached the
// server. Only the hooks that decide it are set: each is a closure the held
// request keeps. A failed dial or name lookup is read from the attempt's
// error instead (see dialFailed), as it must be for a dialer that reports
// to no hook.
func (s *call) trace() *httptrace.ClientTrace {
	t := &s.hooks
	t.WroteHeaders = func() {
		s.sends.Add(1)
		if s.allSends != nil {
			s.allSends.Add(1)
		}
	}
	if !s.idempotent {
		t.GotConn = func(httptrace.GotConnInfo) { s.gotConn.Store(true) }
		t.TLSHandshakeDone = func(_ tls.ConnectionState, err error) {
			if err != nil {
				s.tlsFailed.Store(true)
			}
		}
	}
	return t
}

// mayHaveReachedServer reports whether the last attempt of a call that is
// not idempotent may have delivered the request: a connection was handed to
// it, or it wrote its headers.
func (s *call) mayHaveReachedServer() bool {
	return s.gotConn.Load() || s.sends.Load() > 0
}

// neverReachedServer reports whether the failed attempt provably sent
// nothing: no connection was handed to the request, and the dial or the TLS
// handshake is known to have failed.
func (s *call) neverReachedServer(err error) bool {
	if s.mayHaveReachedServer() {
		return false
	}
	return s.tlsFailed.Load() || dialFailed(err)
}

// dialFailed reports an error of a failed dial or name lookup: the
// transport's error of a dial (to the server, or to its proxy), which
// net.Dialer reports as a *net.OpError "dial", or a *net.DNSError.
func dialFailed(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) {
		if op.Op == "proxyconnect" { // the transport's wrapping of the dial to a proxy
			errors.As(op.Err, &op)
		}
		if op.Op == "dial" {
			return true
		}
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// startAttempt is retryablehttp's RequestLogHook: it runs before each attempt.
func startAttempt(_ retryablehttp.Logger, req *http.Request, _ int) {
	s := callFrom(req.Context())
	if s == nil {
		return
	}
	s.attempts++
	s.started = time.Now()
	s.gotConn.Store(false)
	s.tlsFailed.Store(false)
	s.sends.Store(0)
}

// waitedInCheckRetry is the retryablehttp Backoff. The wait is computed and
// kept by checkRetry, the only hook that sees the request's context (and so
// its deadline, its clock and its safety), so nothing is left to wait here.
func waitedInCheckRetry(_, _ time.Duration, _ int, _ *http.Response) time.Duration { return 0 }

// checkRetry is retryablehttp's CheckRetry. It logs the attempt, decides
// whether the request may be sent again, and if so waits for the backoff
// (or the answer's Retry-After, capped) on the context's [Clock], giving up
// early when the wait would outlast the context deadline. It reads the
// call's context, not the request's, which may be its attempt's.
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	s := callFrom(ctx)
	if s == nil {
		return false, nil
	}
	ctx = s.ctx
	s.last = describeOutcome(resp, err)
	if resp != nil {
		s.lastStatus, s.lastHeader = resp.StatusCode, resp.Header
	}
	c.logAttempt(ctx, s, resp, err)
	if err != nil && ctx.Err() != nil {
		c.logGiveUp(ctx, s, "the context ended")
		return false, nil
	}
	if !c.retryable(s, resp, err) {
		if transient(resp, err) {
			reason := "not retry-safe: the request may have reached the server"
			if !s.replayable {
				reason = "the body cannot be sent again"
			}
			c.logGiveUp(ctx, s, reason)
		}
		return false, nil
	}
	if s.attempts > s.maxRetries {
		c.logGiveUp(ctx, s, fmt.Sprintf("no retries left after %d attempts", s.attempts))
		return false, nil
	}
	clock := clockFrom(ctx)
	wait := Backoff(s.attempts, c.waitMin, c.waitMax)
	if resp != nil {
		if d, ok := RetryAfter(resp.Header, clock.Now()); ok {
			wait = min(d, c.waitMax)
		}
	}
	if deadline, ok := ctx.Deadline(); ok && deadline.Sub(clock.Now()) < wait {
		c.logGiveUp(ctx, s, fmt.Sprintf("a wait of %v would outlast the context deadline", wait))
		return false, nil
	}
	c.logWait(ctx, s, wait)
	if resp != nil {
		drainAndClose(resp)
	}
	if !Sleep(ctx, wait) {
		c.logGiveUp(ctx, s, "the context ended during the wait")
		return false, ctx.Err()
	}
	return true, nil
}

func (c *Client) retryable(s *call, resp *http.Response, err error) bool {
	if !s.replayable || !transient(resp, err) {
		return false
	}
	switch {
	case s.idempotent:
		return true
	case err != nil:
		return s.neverReachedServer(err)
	default:
		// Refused, not processed: safe to send again even when unsafe.
		return StatusSentinel(resp.StatusCode) == ErrRateLimited
	}
}

// transient reports a failure of the kind a retry may fix, for a request
// that may be sent again: a transport error other than a permanent one, a
// 429, a 502, a 503 or a 504.
func transient(resp *http.Response, err error) bool {
	if err != nil {
		return !permanentTransportError(err)
	}
	return StatusSentinel(resp.StatusCode) == ErrRateLimited || outcomeUnknownStatus(resp.StatusCode)
}

// permanentTransportError reports errors that a retry cannot fix.
func permanentTransportError(err error) bool {
	var certErr *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	return errors.As(err, &certErr) || errors.As(err, &unknownAuth) || errors.As(err, &hostErr) ||
		errors.Is(err, errBodyConsumed) || errors.Is(err, ErrInsecureTransport)
}

// Backoff returns the wait before retry number attempt (1 for the first
// retry): exponential from min with full jitter, capped at max.
func Backoff(attempt int, min, max time.Duration) time.Duration {
	ceiling := max
	if attempt < 32 {
		if exp := min << (attempt - 1); exp > 0 && exp < max {
			ceiling = exp
		}
	}
	if ceiling <= 0 {
		return 0
	}
	return rand.N(ceiling + 1)
}

// RetryAfter parses a Retry-After header given as seconds or an HTTP date.
func RetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := h.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(24*time.Hour/time.Second) {
			secs = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(secs) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}

func describeOutcome(resp *http.Response, err error) string {
	if err != nil {
		return stripURL(err).Error()
	}
	return resp.Status
}
