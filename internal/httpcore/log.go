package httpcore

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// Log records, all off unless Settings.Logger is set. Each names the
// operation and never holds a credential or a body: URLs and error texts
// pass through the redactor.
//
//   - "<vendor> http attempt" (Debug): one per attempt, with its outcome.
//   - "<vendor> http retry wait" (Debug): the backoff wait before the next
//     attempt, and the outcome that caused it.
//   - "<vendor> http give up" (Debug): why a failure that a retry might
//     have fixed is not retried.
//   - "<vendor> call failed" (Warn): the final failure of a call, once per
//     call; at Debug when the caller's context ended or the failure is an
//     ordinary answer (Config.ExpectedError).

// operation is r's name in log records.
func (r *Request) operation() string {
	switch {
	case r.Operation != "":
		return r.Operation
	case r.Path != "":
		return r.Method + " " + r.Path
	}
	return r.Method
}

// callAttrs are the attributes every record of s carries.
func (s *call) callAttrs() []slog.Attr {
	return []slog.Attr{
		slog.String("operation", s.operation),
		slog.String("method", s.method),
		slog.String("url", s.redactedURL()),
	}
}

// debug reports whether the client keeps Debug records.
func (c *Client) debug(ctx context.Context) bool {
	return c.logger != nil && c.logger.Enabled(ctx, slog.LevelDebug)
}

// logCall records "<vendor> msg" at level with the attributes of the call s,
// then attrs.
func (c *Client) logCall(ctx context.Context, level slog.Level, s *call, msg string, attrs ...slog.Attr) {
	c.logger.LogAttrs(ctx, level, c.vendor+" "+msg, append(s.callAttrs(), attrs...)...)
}

// logAttempt records one attempt and its outcome at Debug.
func (c *Client) logAttempt(ctx context.Context, s *call, resp *http.Response, err error) {
	if !c.debug(ctx) {
		return
	}
	attrs := []slog.Attr{slog.Int("attempt", s.attempts), slog.Duration("duration", time.Since(s.started))}
	if resp != nil {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", c.redactor.text(err.Error())))
	}
	c.logCall(ctx, slog.LevelDebug, s, "http attempt", attrs...)
}

// logWait records the backoff wait before the next attempt at Debug, with
// the outcome that caused it.
func (c *Client) logWait(ctx context.Context, s *call, wait time.Duration) {
	if c.debug(ctx) {
		c.logCall(ctx, slog.LevelDebug, s, "http retry wait", slog.Int("attempt", s.attempts),
			slog.Duration("wait", wait), slog.String("reason", c.redactor.text(s.last)))
	}
}

// logGiveUp records at Debug why a failure is not retried.
func (c *Client) logGiveUp(ctx context.Context, s *call, reason string) {
	if c.debug(ctx) {
		c.logCall(ctx, slog.LevelDebug, s, "http give up", slog.Int("attempts", s.attempts),
			slog.String("reason", reason), slog.String("last", c.redactor.text(s.last)))
	}
}

// failed records err as the final failure of the call s and returns it: at
// Warn, or at Debug when ctx ended or the failure is an ordinary answer.
func (c *Client) failed(ctx context.Context, s *call, err error) error {
	if c.logger == nil {
		return err
	}
	level := slog.LevelWarn
	if ctx.Err() != nil || c.expected != nil && c.expected(err) {
		level = slog.LevelDebug
	}
	if c.logger.Enabled(ctx, level) {
		c.logCall(ctx, level, s, "call failed", slog.Int("attempts", s.attempts),
			slog.String("error", c.redactor.text(err.Error())))
	}
	return err
}

// LogWatchWait records at Debug ("<vendor> watch retry wait") the wait a
// watcher named watch keeps after its failures-th failed poll in a row,
// and the failure.
func (c *Client) LogWatchWait(ctx context.Context, watch string, failures int, wait time.Duration, err error) {
	if !c.debug(ctx) {
		return
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, c.vendor+" watch retry wait",
		slog.String("watch", watch), slog.Int("failures", failures), slog.Duration("wait", wait),
		slog.String("reason", c.redactor.text(err.Error())))
}

// LogWatchGiveUp records at Debug ("<vendor> watch give up") the failure
// that ends a watcher named watch, and why it is not polled again.
func (c *Client) LogWatchGiveUp(ctx context.Context, watch string, failures int, reason string, err error) {
	if !c.debug(ctx) {
		return
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, c.vendor+" watch give up",
		slog.String("watch", watch), slog.Int("failures", failures), slog.String("reason", reason),
		slog.String("error", c.redactor.text(err.Error())))
}
