package ccaip

import (
	"context"
	"iter"
	"net/http"

	"github.com/switchboard-go/switchboard/internal/callopt"
	"github.com/switchboard-go/switchboard/internal/httpcore"
	"github.com/switchboard-go/switchboard/internal/longpoll"
)

// ChangeKind says what changed on a watched chat.
type ChangeKind string

// Kinds of chat change.
const (
	// ChangeStatus: the status differs from the last poll (the first
	// change of a watch reports the status found).
	ChangeStatus ChangeKind = "status"
	// ChangeAgentJoined: a human agent not seen before is on the chat.
	ChangeAgentJoined ChangeKind = "agent_joined"
	// ChangeEscalated: the chat passed from a virtual agent to a human
	// agent, or was queued for one.
	ChangeEscalated ChangeKind = "escalated"
)

// ChatChange is one change seen by [Client.WatchChat].
type ChatChange struct {
	Kind ChangeKind
	// Chat is the chat as polled.
	Chat *Chat
	// PreviousStatus is the status before a ChangeStatus (empty at first).
	PreviousStatus ChatStatus
	// Agent is the agent that joined, for ChangeAgentJoined.
	Agent *Agent
}

// WatchChat polls the chat every [WatchInterval] (by default the client's
// [WithWatchInterval], itself by default [DefaultWatchInterval]) and yields
// its changes: status, a human agent joining, an escalation. Each change is
// yielded once: a status when it differs from the last status seen (an
// answer without a status changes nothing), an agent the first time its id
// is seen, an escalation once until the chat is back with a virtual agent.
// It ends after the change to a status that ends the watch: by default
// finished, failed or abandoned (see [WatchEndOn]).
//
// Polls go out once each, with no retries of the client's own: the watch
// is the one layer that retries. A poll that fails with a connection error,
// a poll timeout, a malformed answer, a 429 or a 5xx is repeated after a
// random wait up to the interval doubled at each failure in a row, at most
// 8 intervals, and no shorter than the server's Retry-After (itself capped
// at 8 intervals); after 8 failed polls in a row the last error is yielded,
// reporting how many requests the run sent (its Attempts).
// [WatchGiveUpAfter] and [WatchRetryWait] change these numbers. An invalid
// option is yielded, matching [ErrInvalidArgument], before any poll. Any
// other error
// (not found, unauthorized) is yielded at once. The stream yields an error
// once and stops; breaking out of the loop stops polling and leaves no
// goroutine. Each range over the sequence starts afresh.
//
// To resume after a restart, keep the last ChatChange.Chat and pass it to
// [WatchFrom]; the watch has no other state (it keeps the ids of the
// agents it reported, a few per chat).
//
// GET /chats/{chatId} per poll — read-only; each poll is sent once, and
// the watch polls again after a failure by the rule above.
func (c *Client) WatchChat(ctx context.Context, chatID int64, opts ...WatchOption) iter.Seq2[ChatChange, error] {
	cfg := c.watchConfigOf(opts)
	// The caller's options reach every poll, and each poll goes out once:
	// the watcher is the one layer that retries.
	ctx = callopt.Once(callopt.With(ctx, cfg.call))
	return func(yield func(ChatChange, error) bool) {
		if err := cfg.Check("ccaip"); err != nil {
			yield(ChatChange{}, err)
			return
		}
		w := newChatWatch(cfg.from) // fresh for every range over the sequence
		longpoll.Seq(ctx, longpoll.Apply(longpoll.Config[ChatChange]{
			Poll: func(ctx context.Context) (longpoll.Batch[ChatChange], error) {
				chat, err := c.pollChat(ctx, chatID)
				if err != nil {
					return longpoll.Batch[ChatChange]{}, err
				}
				changes := w.diff(chat)
				return longpoll.Batch[ChatChange]{Items: changes, Done: cfg.ends(w.status())}, nil
			},
			Detail: longpoll.DetailOf(errorDetail),
		}, cfg.Watch, c.core, "WatchChat"))(yield)
	}
}

// pollChat is one poll of WatchChat: GET /chats/{chatId}, sent once under
// the watch's [callopt.Once].
func (c *Client) pollChat(ctx context.Context, chatID int64) (*Chat, error) {
	if err := checkID("chatID", chatID); err != nil {
		return nil, err
	}
	return c.chatCall(ctx, &httpcore.Request{
		Method: http.MethodGet, Path: "chats/{chatId}", PathParams: []string{id(chatID)},
		Safety: httpcore.Idempotent,
	})
}

// errorDetail tells the poll engine an *Error's Retry-After and attempts.
func errorDetail(e *Error) longpoll.ErrorDetail {
	return longpoll.ErrorDetail{RetryAfter: e.RetryAfter, Attempts: &e.Attempts}
}

// chatWatch remembers what a watch has reported.
type chatWatch struct {
	prev      *Chat             // the last chat polled
	current   ChatStatus        // the last status seen (answers without one keep it)
	seen      map[agentKey]bool // agents reported
	escalated bool              // an escalation was reported and not undone
}

// agentKey names an agent: by id, or by name when the answer has no id.
type agentKey struct {
	id   int64
	name string
}

func keyOf(a *Agent) agentKey {
	if a.ID != 0 {
		return agentKey{id: a.ID}
	}
	return agentKey{name: a.Name}
}

// newChatWatch starts a watch's state, from the chat a previous watch last
// yielded when resuming.
func newChatWatch(from *Chat) *chatWatch {
	w := &chatWatch{seen: map[agentKey]bool{}}
	if from == nil {
		return w
	}
	w.prev, w.current = from, from.Status
	for _, a := range agentsOf(from) {
		w.seen[keyOf(&a)] = true
	}
	w.escalated = from.Agent != nil || from.Status == ChatQueued
	return w
}

// agentsOf lists the chat's human agents: the assigned one first.
func agentsOf(c *Chat) []Agent {
	if c.Agent == nil {
		return c.AllAgents
	}
	return append([]Agent{*c.Agent}, c.AllAgents...)
}

// status is the last status seen.
func (w *chatWatch) status() ChatStatus { return w.current }

// diff lists what changed since the last poll.
func (w *chatWatch) diff(cur *Chat) []ChatChange {
	prev, was := w.prev, w.current
	w.prev = cur
	status := cur.Status
	if status == "" {
		status = was // an answer without a status says nothing about it
	}
	w.current = status
	var out []ChatChange
	if status != was {
		out = append(out, ChatChange{Kind: ChangeStatus, Chat: cur, PreviousStatus: was})
	}
	agents := agentsOf(cur)
	var joined []*Agent
	for i := range agents {
		a := &agents[i]
		if k := keyOf(a); !w.seen[k] {
			w.seen[k] = true
			joined = append(joined, a)
		}
	}
	if prev != nil {
		handoff := prev.Agent == nil && prev.VirtualAgent != nil && cur.Agent != nil
		queued := was != ChatQueued && status == ChatQueued && cur.Agent == nil
		if (handoff || queued) && !w.escalated {
			out = append(out, ChatChange{Kind: ChangeEscalated, Chat: cur})
			w.escalated = true
		}
	}
	if cur.Agent == nil && cur.VirtualAgent != nil && status != ChatQueued {
		w.escalated = false // back with a virtual agent: a new escalation is news
	}
	for _, a := range joined {
		out = append(out, ChatChange{Kind: ChangeAgentJoined, Chat: cur, Agent: a})
	}
	return out
}
