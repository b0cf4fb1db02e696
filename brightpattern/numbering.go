package brightpattern

import (
	"context"
	"strconv"
	"strings"
)

// The documentation gives msg_id the form "(chatId:messageNumber)"; the
// official web client sends "1", "3", "5", ... per chat and the server
// numbers its own messages "0", "2", "4", ... (recorded events). The two
// contradict each other. This package numbers as the web client does,
// the form real servers are known to accept, and reads both forms: a
// customer's message in the history is recognised by its party id (the
// chat id, as the documentation says of the history), or, with no party
// id, by a msg_id in the documented form or one this client sent.

// chat returns the remembered state of chatID, creating it. c.mu is held.
func (c *Client) chat(chatID string) *chatState {
	st := c.chats.get(chatID)
	if st == nil {
		st = &chatState{id: chatID, nextMsg: 1} // sent is made by the first send
		c.chats.put(st)
	}
	return st
}

// nextMsgID numbers the next message the client sends in chatID: "1", "3",
// "5", ... as the official web client does. A msg_id must never repeat in
// a chat, since a send whose outcome is unknown is settled by looking for
// its msg_id in the history: the first time a client numbers a message in
// a chat whose history it has not read (a chat started by an earlier
// process, say), it reads the history to continue after the customer's
// highest number.
//
// GET chats/{chatId}/history (idempotent), at most once per chat.
func (c *Client) nextMsgID(ctx context.Context, chatID string) (string, error) {
	c.mu.Lock()
	numbered := c.chat(chatID).numbered
	c.mu.Unlock()
	if !numbered {
		history, err := c.History(ctx, chatID)
		if err != nil {
			return "", err
		}
		c.noteHistory(chatID, history)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.chat(chatID)
	st.numbered = true
	id := strconv.FormatInt(st.nextMsg, 10)
	st.nextMsg += 2
	return id, nil
}

// noteHistory learns from a history read of chatID the customer's highest
// message number, so that the client numbers after it.
func (c *Client) noteHistory(chatID string, history []Event) {
	highest := int64(-1)
	for _, ev := range history {
		id := msgIDOf(ev)
		if id == "" || !c.ownEvent(chatID, ev) {
			continue
		}
		if n, ok := ownMsgNumber(chatID, id); ok {
			highest = max(highest, n)
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.chat(chatID)
	st.numbered = true
	next := highest + 1 // the next odd number
	if next%2 == 0 {
		next++
	}
	st.nextMsg = max(st.nextMsg, next)
}

// markSent remembers the message ids the client sent in chatID.
func (c *Client) markSent(chatID string, ids []string) {
	if len(ids) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.chat(chatID)
	if st.sent == nil {
		st.sent = map[string]bool{}
	}
	for _, id := range ids {
		st.sent[id] = true
	}
}

// noteAnswer records that a send's answer carried server events.
func (c *Client) noteAnswer(chatID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.chat(chatID).answers++
}

// forget drops what the client remembers of chatID, once the chat ended.
func (c *Client) forget(chatID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.chats.delete(chatID)
}

// ownEvent reports whether a history or poll event is the customer's own:
// the history holds both sides, polls only the server's.
func (c *Client) ownEvent(chatID string, ev Event) bool {
	switch e := ev.(type) {
	case *FormDataEvent, *SecureFormDataEvent, *SecureFormCancelEvent, *FormDataCancelEvent, *EndEvent,
		*DisconnectEvent, *NavigationEvent, *CobrowsingRejectedEvent, *CobrowsingStartedEvent, *CobrowsingEndedEvent:
		return true
	case *MessageEvent:
		return c.ownParty(chatID, e.PartyID, e.MsgID)
	case *FileEvent:
		return c.ownParty(chatID, e.PartyID, e.MsgID)
	case *LocationEvent:
		return c.ownParty(chatID, e.PartyID, e.MsgID)
	}
	return false
}

// ownParty reports whether an event with this party and message id is the
// customer's: the history gives the customer the chat id as party id; an
// event with no party id is the customer's when its msg_id has the
// documented "(chatId:n)" form or this client sent it.
func (c *Client) ownParty(chatID, partyID, msgID string) bool {
	if partyID != "" || msgID == "" {
		return partyID == chatID
	}
	if strings.HasPrefix(strings.TrimPrefix(msgID, "("), chatID+":") {
		return true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.chats.get(chatID)
	return st != nil && st.sent[msgID]
}
