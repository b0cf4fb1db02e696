package httpcore

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"log/slog"
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
	target     *url.URL
	safety     Safety
	replayable bool
	maxRetries int
	timeout    time.Duration // bounds each attempt; zero: no bound
	stream     bool          // the body is handed to the caller unread

	attempts int
	started  time.Time
	last     string // the last attempt's outcome, for errors

	// Set by the httptrace hooks, possibly from transport goroutines.
	gotConn    atomic.Bool
	dialFailed atomic.Bool
	tlsFailed  atomic.Bool
	sends      atomic.Int32  // times the transport wrote this attempt's headers
	allSends   *atomic.Int32 // Request.Sends
}

type callKey struct{}

// redactedURL is the request URL fit for logs and errors.
func (s *call) redactedURL() string { return s.client.redactor.url(s.target.String()) }

func callFrom(ctx context.Context) *call {
	c, _ := ctx.Value(callKey{}).(*call)
	return c
}

// trace records whether the attempt ever got a connection, which is what
// decides whether an unsafe request may have reached the server.
func (s *call) trace() *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		GotConn: func(httptrace.GotConnInfo) { s.gotConn.Store(true) },
		DNSDone: func(i httptrace.DNSDoneInfo) {
			if i.Err != nil {
				s.dialFailed.Store(true)
			}
		},
		ConnectDone: func(_, _ string, err error) {
			if err != nil {
				s.dialFailed.Store(true)
			}
		},
		TLSHandshakeDone: func(_ tls.ConnectionState, err error) {
			if err != nil {
				s.tlsFailed.Store(true)
			}
		},
		WroteHeaders: func() {
			s.sends.Add(1)
			if s.allSends != nil {
				s.allSends.Add(1)
			}
		},
	}
}

// mayHaveReachedServer reports whether the last attempt may have delivered
// the request: a connection was handed to it, or it wrote its headers.
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
	if s.dialFailed.Load() || s.tlsFailed.Load() {
		return true
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
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
	s.dialFailed.Store(false)
	s.tlsFailed.Store(false)
	s.sends.Store(0)
}

// waitedInCheckRetry is the retryablehttp Backoff. The wait is computed and
// slept by checkRetry, the only hook that sees the request's context (and so
// its deadline and its safety), so nothing is left to wait here.
func waitedInCheckRetry(_, _ time.Duration, _ int, _ *http.Response) time.Duration { return 0 }

// checkRetry is retryablehttp's CheckRetry. It logs the attempt, decides
// whether the request may be sent again, and if so waits for the backoff,
// giving up early when the wait would outlast the context deadline.
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	s := callFrom(ctx)
	if s == nil {
		return false, nil
	}
	s.last = describeOutcome(resp, err)
	c.logAttempt(ctx, s, resp, err)
	if err != nil && ctx.Err() != nil {
		return false, nil
	}
	if !c.retryable(s, resp, err) || s.attempts > s.maxRetries {
		return false, nil
	}
	wait := Backoff(s.attempts, c.waitMin, c.waitMax, resp)
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
		return false, nil
	}
	if resp != nil {
		drainAndClose(resp)
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return false, ctx.Err()
	case <-timer.C:
		return true, nil
	}
}

func (c *Client) retryable(s *call, resp *http.Response, err error) bool {
	if !s.replayable {
		return false
	}
	if err != nil {
		if permanentTransportError(err) {
			return false
		}
		return s.safety == Idempotent || s.neverReachedServer(err)
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		// Refused, not processed: safe to send again even when unsafe.
		return true
	}
	return s.safety == Idempotent && OutcomeUnknownStatus(resp.StatusCode)
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
// retry): exponential from min with full jitter, capped at max. A
// Retry-After header on resp (seconds or an HTTP date) is honoured, also
// capped at max.
func Backoff(attempt int, min, max time.Duration, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := RetryAfter(resp.Header, time.Now()); ok {
			return clamp(d, 0, max)
		}
	}
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

func clamp(d, lo, hi time.Duration) time.Duration {
	return min(max(d, lo), hi)
}

func describeOutcome(resp *http.Response, err error) string {
	if err != nil {
		return stripURL(err).Error()
	}
	return resp.Status
}

func (c *Client) logAttempt(ctx context.Context, s *call, resp *http.Response, err error) {
	if c.logger == nil || !c.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", s.method),
		slog.String("url", s.redactedURL()),
		slog.Int("attempt", s.attempts),
		slog.Duration("duration", time.Since(s.started)),
	}
	if resp != nil {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", c.redactor.text(err.Error())))
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, c.vendor+" http attempt", attrs...)
}
