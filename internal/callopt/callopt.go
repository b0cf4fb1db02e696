// Package callopt holds the settings of one client call, set by the
// options of the public call package and read by httpcore. It lives apart
// from both so that users can pass options but never build their own.
package callopt

import (
	"context"
	"net/http"
	"time"
)

// Settings are what the options of one call set. The zero value changes
// nothing: the client's defaults apply.
type Settings struct {
	// Timeout bounds each attempt of the call; zero keeps the client's.
	Timeout time.Duration
	// MaxRetries, when non-nil, replaces the client's retry count.
	MaxRetries *int
	// Header holds extra request headers, already checked for CR and LF.
	Header http.Header
	// Idempotent declares a raw call safe to send again.
	Idempotent bool
	// Fill, when set, receives the metadata of each response (or of the
	// failure that left none): the last call wins.
	Fill func(Result)
	// Err is the first invalid option, reported before any I/O.
	Err error
}

// Result is the metadata of one request's outcome.
type Result struct {
	StatusCode int // zero when no answer came
	Header     http.Header
	RequestID  string
	Attempts   int
}

// Option is the interface the public call.Option satisfies; its argument
// type keeps it from being implemented outside the module.
type Option interface{ Apply(*Settings) }

type key struct{}

// With returns ctx carrying the settings of opts (nil entries skipped), or
// ctx itself when there are none. A nil ctx stays nil, so that the request
// fails with the core's nil-context error.
func With[O Option](ctx context.Context, opts []O) context.Context {
	if ctx == nil || len(opts) == 0 {
		return ctx
	}
	s := &Settings{}
	for _, o := range opts {
		if any(o) != nil {
			o.Apply(s)
		}
	}
	return context.WithValue(ctx, key{}, s)
}

// From returns the settings ctx carries, or nil.
func From(ctx context.Context) *Settings {
	s, _ := ctx.Value(key{}).(*Settings)
	return s
}
