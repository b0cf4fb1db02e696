package workspacechat

import (
	"time"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/longpoll"
)

// WatchOption tunes one [Client.WatchChats]. Every package of switchboard
// that watches offers the same options: [WatchInterval],
// [WatchGiveUpAfter], [WatchRetryWait] and [WatchFrom]; this one adds
// [WatchFilter] and [WatchOverlap]. An invalid option makes the watch
// yield an error matching [ErrInvalidArgument] before any request.
type WatchOption func(*watchConfig)

// watchConfig is what the options of one watch set.
type watchConfig struct {
	longpoll.Watch
	since   time.Time
	filter  ChatFilter
	overlap time.Duration
	call    []call.Option // per-call options for every poll
}

// WatchInterval sets the pause between polls. Zero keeps the client's
// [WithWatchInterval], by default [DefaultWatchInterval]; a negative d is
// invalid.
func WatchInterval(d time.Duration) WatchOption {
	return func(c *watchConfig) { c.SetInterval(d) }
}

// WatchGiveUpAfter sets how many failed requests in a row end the watch
// with the last error: 8 by default. n must be at least 1.
func WatchGiveUpAfter(n int) WatchOption {
	return func(c *watchConfig) { c.SetMaxFailures(n) }
}

// WatchRetryWait bounds the random wait after a failed request: the
// ceiling starts at minWait and doubles at each failure in a row up to
// maxWait, which also caps the server's Retry-After. By default minWait is
// the interval and maxWait 8 intervals. Both must be positive and minWait
// no more than maxWait.
func WatchRetryWait(minWait, maxWait time.Duration) WatchOption {
	return func(c *watchConfig) { c.SetWait(minWait, maxWait) }
}

// WatchFrom starts the watch after since: only messages created after it
// are yielded. By default (or with a zero since) every message is. To
// resume after a restart, pass the last-message time of the last row you
// handled, less a margin (see [Client.WatchChats]).
func WatchFrom(since time.Time) WatchOption {
	return func(c *watchConfig) { c.since = since }
}

// WatchFilter narrows the chats watched. Its last-message bounds and page
// number are ignored; its PageSize (default [MaxPageSize]) is used.
func WatchFilter(f ChatFilter) WatchOption {
	return func(c *watchConfig) { c.filter = f }
}

// WatchOverlap sets how far before the newest message seen each poll reads
// again, to catch a message the server stored late: [DefaultWatchOverlap]
// by default, and zero keeps it. Re-read messages are never yielded twice.
// A negative d is invalid.
func WatchOverlap(d time.Duration) WatchOption {
	return func(c *watchConfig) {
		if d < 0 {
			c.Invalid("WatchOverlap: overlap %v is negative", d)
			return
		}
		c.overlap = d
	}
}

// WatchCall applies the per-call options of package call to every poll of
// the watch: a call.Header or call.Timeout reaches each poll, and
// call.ResponseInto holds the last poll's response. A call.MaxRetries does
// not: each poll goes out once, the watch repeating a failed one itself.
func WatchCall(opts ...call.Option) WatchOption {
	return func(c *watchConfig) { c.call = append(c.call, opts...) }
}

// watchConfigOf applies opts to the client's defaults.
func (c *Client) watchConfigOf(opts []WatchOption) watchConfig {
	cfg := watchConfig{}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if cfg.overlap == 0 {
		cfg.overlap = DefaultWatchOverlap
	}
	cfg.Watch = cfg.Resolve(c.watchInterval)
	return cfg
}
