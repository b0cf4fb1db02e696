// Package callopt holds the settings of one client call, set by the
// options of the public call package and read by httpcore. It lives apart
// from both so that users can pass options but never build their own.
//
// Settings come in layers: the options a caller passes to a method, and
// those a package adds inside it (a watcher's polls go out once, see
// [Once]). Each [With] is a layer over the settings its context already
// carries, merged field by field: a field the inner layer sets replaces the
// outer one's, a field it leaves unset is inherited. Headers merge by name,
// the inner layer's values for a name replacing the outer's. The first
// invalid option, at any layer, is the one reported.
package callopt

import (
	"context"
	"maps"
	"net/http"
	"time"
)

// Settings are what the options of one call set. The zero value changes
// nothing: the client's defaults apply. A field at its zero value is unset.
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

// With returns ctx carrying the settings of opts (nil entries skipped) as a
// layer over those ctx already carries (see the package doc for the merge),
// or ctx itself when there are none. A nil ctx stays nil, so that the
// request fails with the core's nil-context error.
func With[O Option](ctx context.Context, opts []O) context.Context {
	if ctx == nil || len(opts) == 0 {
		return ctx
	}
	var inner Settings
	for _, o := range opts {
		if any(o) != nil {
			o.Apply(&inner)
		}
	}
	var outer Settings
	if s := From(ctx); s != nil {
		outer = *s
	}
	s := merge(outer, inner)
	return context.WithValue(ctx, key{}, &s)
}

// Once returns ctx whose requests go out once each, with no retries of the
// client's own, keeping every other setting ctx carries: the polls of a
// watcher, which is itself the layer that retries.
func Once(ctx context.Context) context.Context {
	return With(ctx, []Option{once{}})
}

// once is the layer of [Once].
type once struct{}

func (once) Apply(s *Settings) { s.MaxRetries = new(int) }

// From returns the settings ctx carries, or nil.
func From(ctx context.Context) *Settings {
	s, _ := ctx.Value(key{}).(*Settings)
	return s
}

// merge returns inner over outer: each field inner sets replaces outer's,
// each header name inner sets replaces outer's values for it, and outer's
// error, being the first, stays. Neither argument is changed.
func merge(outer, inner Settings) Settings {
	s := outer
	if inner.Timeout > 0 {
		s.Timeout = inner.Timeout
	}
	if inner.MaxRetries != nil {
		s.MaxRetries = inner.MaxRetries
	}
	if len(inner.Header) > 0 {
		s.Header = make(http.Header, len(outer.Header)+len(inner.Header))
		maps.Copy(s.Header, outer.Header)
		maps.Copy(s.Header, inner.Header)
	}
	s.Idempotent = outer.Idempotent || inner.Idempotent
	if inner.Fill != nil {
		s.Fill = inner.Fill
	}
	if s.Err == nil {
		s.Err = inner.Err
	}
	return s
}
