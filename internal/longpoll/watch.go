package longpoll

import (
	"fmt"
	"time"

	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// Watch is what a caller tunes on a polling watcher, the same in every
// package: the pause between polls and the give-up rule. A zero field takes
// its default (see Resolve).
type Watch struct {
	// Interval is the pause between successful polls.
	Interval time.Duration
	// MaxFailures is how many failed polls in a row end the watch.
	MaxFailures int
	// WaitMin and WaitMax bound the backoff between failed polls.
	WaitMin, WaitMax time.Duration
	// problem names the first invalid setting; see Check.
	problem string
}

// DefaultWaitFactor is how many intervals a watcher's backoff ceiling is
// by default.
const DefaultWaitFactor = 8

// SetInterval records an interval; zero keeps the default and a negative d
// is invalid.
func (w *Watch) SetInterval(d time.Duration) {
	if d < 0 {
		w.Invalid("WatchInterval: interval %v is negative", d)
		return
	}
	w.Interval = d
}

// SetMaxFailures records the give-up count; it must be at least 1.
func (w *Watch) SetMaxFailures(n int) {
	if n < 1 {
		w.Invalid("WatchGiveUpAfter: %d failures: must be at least 1", n)
		return
	}
	w.MaxFailures = n
}

// SetWait records the backoff bounds; both must be positive and minWait
// no more than maxWait.
func (w *Watch) SetWait(minWait, maxWait time.Duration) {
	if minWait <= 0 || maxWait < minWait {
		w.Invalid("WatchRetryWait: %v to %v: both must be positive and min no more than max", minWait, maxWait)
		return
	}
	w.WaitMin, w.WaitMax = minWait, maxWait
}

// Invalid records an invalid setting, its text formatted from format and
// args as fmt.Sprintf does, unless an earlier one is recorded. The text
// names the option.
func (w *Watch) Invalid(format string, args ...any) {
	if w.problem == "" {
		w.problem = fmt.Sprintf(format, args...)
	}
}

// Check returns an error matching httpcore.ErrInvalidArgument, its text
// prefixed by vendor, when a setting was invalid, and nil otherwise.
func (w *Watch) Check(vendor string) error {
	if w.problem == "" {
		return nil
	}
	return httpcore.InvalidArgument(vendor, "%s", w.problem)
}

// Resolve fills the zero fields: Interval from interval (the client's
// default), MaxFailures from defaultMaxFailures, and the wait bounds from
// the interval (WaitMin one interval, WaitMax DefaultWaitFactor intervals).
func (w Watch) Resolve(interval time.Duration) Watch {
	if w.Interval <= 0 {
		w.Interval = interval
	}
	if w.MaxFailures <= 0 {
		w.MaxFailures = defaultMaxFailures
	}
	if w.WaitMin <= 0 {
		w.WaitMin, w.WaitMax = w.Interval, DefaultWaitFactor*w.Interval
	}
	return w
}

// Apply sets cfg's interval, give-up count and wait bounds from w, which
// Resolve has filled, and logs the watch named name through core.
func Apply[T any](cfg Config[T], w Watch, core *httpcore.Client, name string) Config[T] {
	cfg.Interval, cfg.MaxFailures, cfg.WaitMin, cfg.WaitMax = w.Interval, w.MaxFailures, w.WaitMin, w.WaitMax
	cfg.Logs, cfg.Name = core, name
	return cfg
}
