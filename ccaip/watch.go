package ccaip

import (
	"context"
	"errors"
	"iter"

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

// WatchChat polls the chat (see [WithWatchInterval]) and yields its changes:
// status, a human agent joining, an escalation. It ends after the chat is
// finished (or failed, or abandoned). It yields an error once and stops;
// transient failures are retried by the client and then re-polled with
// backoff. Breaking out of the loop stops polling and leaves no goroutine.
//
// GET /chats/:id, repeated — idempotent.
func (c *Client) WatchChat(ctx context.Context, chatID int64) iter.Seq2[ChatChange, error] {
	return func(yield func(ChatChange, error) bool) {
		w := &chatWatch{seen: map[int64]bool{}} // fresh for every range over the sequence
		changes := longpoll.Seq(ctx, longpoll.Config[ChatChange]{
			Poll: func(ctx context.Context) (longpoll.Batch[ChatChange], error) {
				chat, err := c.GetChat(ctx, chatID)
				if err != nil {
					return longpoll.Batch[ChatChange]{}, err
				}
				return longpoll.Batch[ChatChange]{Items: w.diff(chat), Done: chat.Status.Ended()}, nil
			},
			Classify: classifyWatch,
			WaitMin:  c.watchInterval / 4,
			WaitMax:  c.watchInterval * 4,
			Interval: c.watchInterval,
		})
		for ch, err := range changes {
			if !yield(ch, err) {
				return
			}
		}
	}
}

// classifyWatch re-polls after transport failures and server-side trouble;
// anything else (not found, unauthorized) ends the watch.
func classifyWatch(err error) longpoll.Failure {
	var e *Error
	if errors.As(err, &e) && (e.StatusCode == 429 || e.StatusCode >= 500) {
		return longpoll.Failure{Retry: true, After: e.RetryAfter}
	}
	f := longpoll.DefaultClassify(err)
	f.MayHaveLost = false // a poll takes nothing: the next one sees it all
	return f
}

// chatWatch remembers what a watch has reported.
type chatWatch struct {
	prev      *Chat
	seen      map[int64]bool // agent ids reported
	escalated bool           // an escalation was reported and not undone
}

// diff lists what changed since the last poll.
func (w *chatWatch) diff(cur *Chat) []ChatChange {
	prev, seen := w.prev, w.seen
	w.prev = cur
	var out []ChatChange
	if prev == nil || prev.Status != cur.Status {
		ch := ChatChange{Kind: ChangeStatus, Chat: cur}
		if prev != nil {
			ch.PreviousStatus = prev.Status
		}
		out = append(out, ch)
	}
	agents := cur.AllAgents
	if cur.Agent != nil {
		agents = append([]Agent{*cur.Agent}, agents...)
	}
	var joined []*Agent
	for i := range agents {
		a := &agents[i]
		if !seen[a.ID] {
			seen[a.ID] = true
			joined = append(joined, a)
		}
	}
	if prev != nil {
		handoff := prev.Agent == nil && prev.VirtualAgent != nil && cur.Agent != nil
		queued := prev.Status != ChatQueued && cur.Status == ChatQueued && cur.Agent == nil
		if (handoff || queued) && !w.escalated {
			out = append(out, ChatChange{Kind: ChangeEscalated, Chat: cur})
			w.escalated = true
		}
	}
	if cur.Agent == nil && cur.VirtualAgent != nil && cur.Status != ChatQueued {
		w.escalated = false // back with a virtual agent: a new escalation is news
	}
	for _, a := range joined {
		out = append(out, ChatChange{Kind: ChangeAgentJoined, Chat: cur, Agent: a})
	}
	return out
}
