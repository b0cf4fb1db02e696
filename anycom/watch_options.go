package anycom

import (
	"time"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/httpcore"
	"github.com/switchboard-go/switchboard/internal/longpoll"
)

// WatchOption tunes one watch: [ChatService.WatchAwaiting],
// [ChatService.WatchAttendants] or [Client.WatchStatus]. Every package of
// switchboard that watches offers the same options: [WatchInterval],
// [WatchGiveUpAfter], [WatchRetryWait] and [WatchFrom]. An invalid option
// makes the watch yield an error matching [ErrInvalidArgument] before any
// poll.
type WatchOption func(*watchConfig)

// watchConfig is what the options of one watch set.
type watchConfig struct {
	longpoll.Watch
	from any // the snapshot to start from: nil, or []T of the watch's T
	core *httpcore.Client
	name string        // the watcher's name in log records
	call []call.Option // per-call options for every poll
}

// WatchInterval sets the pause between polls. Zero keeps the client's
// [WithWatchInterval], by default [DefaultWatchInterval]; a negative d is
// invalid.
func WatchInterval(d time.Duration) WatchOption {
	return func(c *watchConfig) { c.SetInterval(d) }
}

// WatchGiveUpAfter sets how many failed polls in a row end the watch with
// the last error: 8 by default. n must be at least 1.
func WatchGiveUpAfter(n int) WatchOption {
	return func(c *watchConfig) { c.SetMaxFailures(n) }
}

// WatchRetryWait bounds the random wait after a failed poll: the ceiling
// starts at minWait and doubles at each failure in a row up to maxWait,
// which also caps the server's Retry-After. By default minWait is the
// interval and maxWait 8 intervals. Both must be positive and minWait no
// more than maxWait.
func WatchRetryWait(minWait, maxWait time.Duration) WatchOption {
	return func(c *watchConfig) { c.SetWait(minWait, maxWait) }
}

// WatchFrom starts the watch from last, the entries your stored state
// holds (the queue, the attendants online or the channels' statuses as a
// previous watch left them): the first poll then yields only what differs
// from last instead of reporting every entry as new. Entries are matched
// as the watch matches them. Its type must be the watch's: a WatchFrom of
// attendants given to [ChatService.WatchAwaiting] is invalid.
func WatchFrom[T AwaitingCustomer | Attendant | ChannelStatus](last []T) WatchOption {
	return func(c *watchConfig) { c.from = last }
}

// WatchCall applies the per-call options of package call to every poll of
// the watch: a call.Header or call.Timeout reaches each poll, and
// call.ResponseInto holds the last poll's response. A call.MaxRetries does
// not: each poll goes out once, the watch repeating a failed one itself.
func WatchCall(opts ...call.Option) WatchOption {
	return func(c *watchConfig) { c.call = append(c.call, opts...) }
}

// watchConfigOf applies opts to the client's defaults, for the watcher
// named name.
func (c *Client) watchConfigOf(name string, opts []WatchOption) watchConfig {
	cfg := watchConfig{core: c.core, name: name}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	cfg.Watch = cfg.Resolve(c.watchInterval)
	return cfg
}
