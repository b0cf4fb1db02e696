package longpoll

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// The engine's defaults, used where a Config leaves a field zero.
const (
	// defaultMaxFailures is how many failed polls in a row end a stream.
	defaultMaxFailures = 8
	// defaultWaitMin is the first backoff ceiling after a failed poll.
	defaultWaitMin = 200 * time.Millisecond
	// defaultWaitMax caps every backoff wait, and a Retry-After with it.
	defaultWaitMax = 10 * time.Second
)

// repolls is the one reading of a failed poll that every watcher shares,
// built on httpcore's shared sentinels, which each vendor's error type
// matches. These re-poll after a backoff:
//   - a transport failure (*httpcore.TransportError: no usable answer,
//     including a poll's own timeout);
//   - an answer that could not be decoded (httpcore.ErrMalformedResponse: a
//     body cut off or garbled on the way);
//   - a refusal (httpcore.ErrRateLimited, a 429) or a server error
//     (httpcore.ErrServerError, any 5xx).
//
// Anything else (unauthorized, not found, a bad request, a cancelled
// context) ends the stream. The caller's own cancellation never reaches it:
// Seq checks the context first. Seq adds the Retry-After that Config.Detail
// reads.
func repolls(err error) bool {
	var te *httpcore.TransportError
	if errors.Is(err, context.Canceled) {
		return false
	}
	return errors.As(err, &te) || errors.Is(err, httpcore.ErrMalformedResponse) ||
		errors.Is(err, httpcore.ErrRateLimited) || errors.Is(err, httpcore.ErrServerError)
}

// ErrorDetail is what the engine reads from a vendor's error, and the one
// field it writes back.
type ErrorDetail struct {
	// RetryAfter is the wait the server asked for, zero when none.
	RetryAfter time.Duration
	// Attempts points at the error's count of requests sent, nil when the
	// error has none. When a run of failed polls ends a stream, the engine
	// sets it to the number of requests the whole run sent, so that the
	// error tells the truth about how often it was tried.
	Attempts *int
}

// DetailOf reads the ErrorDetail of a vendor's error type E through f,
// for Config.Detail; errors that are not an E have none.
func DetailOf[E error](f func(E) ErrorDetail) func(error) ErrorDetail {
	return func(err error) ErrorDetail {
		var e E
		if errors.As(err, &e) {
			return f(e)
		}
		return ErrorDetail{}
	}
}

// detail reads err's ErrorDetail: the vendor's, or else that of an
// *httpcore.TransportError, which has attempts but no Retry-After.
func (cfg *Config[T]) detail(err error) ErrorDetail {
	if cfg.Detail != nil {
		if d := cfg.Detail(err); d.Attempts != nil || d.RetryAfter > 0 {
			return d
		}
	}
	var te *httpcore.TransportError
	if errors.As(err, &te) {
		return ErrorDetail{Attempts: &te.Attempts}
	}
	return ErrorDetail{}
}

// sent is how many requests the poll that failed with err sent: what its
// error says, at least one.
func (cfg *Config[T]) sent(err error) int {
	if p := cfg.detail(err).Attempts; p != nil && *p > 1 {
		return *p
	}
	return 1
}

// gaveUp reports on err, which ends a run of failed polls that sent
// attempts requests in all, how many requests the run sent: in the error's
// own count where it has one, else in its text.
func (cfg *Config[T]) gaveUp(err error, attempts int) error {
	if attempts <= 1 {
		return err
	}
	if p := cfg.detail(err).Attempts; p != nil {
		*p = attempts
		return err
	}
	return &attemptsError{err: err, attempts: attempts}
}

// attemptsError adds the count of requests to an error that has none.
type attemptsError struct {
	err      error
	attempts int
}

func (e *attemptsError) Error() string {
	return fmt.Sprintf("%v%s", e.err, httpcore.AttemptsSuffix(e.attempts))
}

func (e *attemptsError) Unwrap() error { return e.err }
