package ccaip

import (
	"time"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/longpoll"
)

// WatchOption tunes one [Client.WatchChat]. Every package of switchboard
// that watches offers the same options: [WatchInterval],
// [WatchGiveUpAfter], [WatchRetryWait] and [WatchFrom]; this one adds
// [WatchEndOn]. An invalid option makes the watch yield an error matching
// [ErrInvalidArgument] before any poll.
type WatchOption func(*watchConfig)

// watchConfig is what the options of one watch set.
type watchConfig struct {
	longpoll.Watch
	ends func(ChatStatus) bool
	from *Chat
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

// WatchFrom starts the watch from chat, the last chat a previous watch
// yielded (its ChatChange.Chat, kept across a restart): the watch then
// yields only what differs from it, so no status change and no agent
// already reported comes again. Without it a watch reports the status it
// finds and every human agent on the chat, as new. A nil chat starts
// afresh.
func WatchFrom(chat *Chat) WatchOption {
	return func(c *watchConfig) { c.from = chat }
}

// WatchEndOn sets the statuses after which [Client.WatchChat] ends: the
// change to one of them is yielded, then the stream stops. With no status
// the watch never ends on its own (only on ctx, an error or a break). The
// default is [ChatStatus.Ended]: finished, failed and abandoned. Only
// finished is documented as a status the API sends; failed and abandoned
// follow the reporting states, UNCONFIRMED, so a deployment that ends chats
// with another word needs this option.
func WatchEndOn(statuses ...ChatStatus) WatchOption {
	set := make(map[ChatStatus]bool, len(statuses))
	for _, s := range statuses {
		set[s] = true
	}
	return func(c *watchConfig) { c.ends = func(s ChatStatus) bool { return set[s] } }
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
	cfg := watchConfig{ends: ChatStatus.Ended}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	cfg.Watch = cfg.Resolve(c.watchInterval)
	return cfg
}
