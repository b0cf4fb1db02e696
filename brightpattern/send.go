package brightpattern

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/callopt"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// encodeEvent gives the wire object of an event the client sends. Values
// go out as strings, as the documentation shows them.
func encodeEvent(ev Event) (map[string]any, error) {
	m := map[string]any{"event": string(ev.EventType())}
	set := func(key, value string) {
		if value != "" {
			m[key] = value
		}
	}
	switch e := ev.(type) {
	case *MessageEvent:
		set("msg_id", e.MsgID)
		m["msg"] = e.Text
		set("msg_text", e.PlainText)
		set("channel", e.Channel)
		set("directive_id", e.DirectiveID)
	case *DeliveredEvent:
		set("ref_msg_id", e.RefMsgID)
	case *ReadEvent:
		set("ref_msg_id", e.RefMsgID)
	case *TypingEvent:
		set("msg", e.Draft)
	case *FormDataEvent:
		set("form_request_id", e.FormRequestID)
		m["form_name"] = e.FormName
		m["data"] = nonNilData(e.Data)
	case *SecureFormDataEvent:
		set("form_request_id", e.FormRequestID)
		m["form_name"] = e.FormName
		m["data"] = nonNilData(e.Data)
	case *SecureFormCancelEvent:
		set("form_request_id", e.FormRequestID)
		set("form_name", e.FormName)
	case *FormDataCancelEvent:
		set("form_request_id", e.FormRequestID)
		set("form_name", e.FormName)
	case *SignalingEvent:
		set("msg_id", e.MsgID)
		set("destination_party_id", e.DestinationPartyID)
		if e.Signal != nil {
			data, err := encodeSignal(e.Signal)
			if err != nil {
				return nil, err
			}
			m["data"] = data
		}
	case *FileEvent:
		set("msg_id", e.MsgID)
		set("file_id", e.FileID)
		set("file_type", string(e.FileType))
		set("file_name", e.FileName)
	case *LocationEvent:
		set("msg_id", e.MsgID)
		set("url", e.URL)
		m["latitude"] = strconv.FormatFloat(e.Latitude, 'f', -1, 64)
		m["longitude"] = strconv.FormatFloat(e.Longitude, 'f', -1, 64)
	case *NavigationEvent:
		set("msg_id", e.MsgID)
		set("page", e.Page)
		set("title", e.Title)
	case *CobrowsingStartedEvent:
		set("provider_type", e.ProviderType)
		set("cobrowsing_url", e.CobrowsingURL)
		set("cobrowsing_id", e.CobrowsingID)
	case *RawEvent:
		var raw map[string]any
		if err := json.Unmarshal(e.JSON, &raw); err != nil {
			return nil, httpcore.InvalidArgument("brightpattern", "RawEvent.JSON: %w", err)
		}
		return raw, nil
	case *NotTypingEvent, *EndEvent, *DisconnectEvent, *CobrowsingRejectedEvent, *CobrowsingEndedEvent:
	default:
		return nil, httpcore.InvalidArgument("brightpattern", "SendEvents: %s is not an event a client sends", ev.EventType())
	}
	return m, nil
}

func nonNilData(d map[string]any) map[string]any {
	if d == nil {
		return map[string]any{}
	}
	return d
}

// msgIDOf returns the msg_id of an event that carries one.
func msgIDOf(ev Event) string {
	switch e := ev.(type) {
	case *MessageEvent:
		return e.MsgID
	case *FileEvent:
		return e.MsgID
	case *LocationEvent:
		return e.MsgID
	case *SignalingEvent:
		return e.MsgID
	case *NavigationEvent:
		return e.MsgID
	}
	return ""
}

// SendEvents sends client events to chatID and returns the new server events
// the server answered with (older servers do; newer ones answer with an
// empty body, giving none). A server may take these events from the poll
// queue, so an [EventStream] of the chat reads the history after such an
// answer: it still yields them, once. A 2xx answer that does not decode gives an
// error matching [ErrMalformedResponse] (the events were accepted).
//
// POST chats/{chatId}/events — unsafe: never retried after the request may
// have reached the server, so no event is delivered twice. When it may have
// been processed (connection lost or timed out after sending, 502, 503,
// 504) the error matches [ErrOutcomeUnknown]; [Client.SendMessage],
// [Client.SendFile] and [Client.SendLocation] settle that themselves.
func (c *Client) SendEvents(ctx context.Context, chatID string, events []Event, opts ...call.Option) ([]Event, error) {
	ctx = callopt.With(ctx, opts)
	if len(events) == 0 {
		return nil, httpcore.InvalidArgument("brightpattern", "SendEvents: no events")
	}
	list := make([]map[string]any, 0, len(events))
	var ids []string
	for _, ev := range events {
		if ev == nil {
			return nil, httpcore.InvalidArgument("brightpattern", "SendEvents: nil event in events")
		}
		m, err := encodeEvent(ev)
		if err != nil {
			return nil, err
		}
		list = append(list, m)
		if id := msgIDOf(ev); id != "" {
			ids = append(ids, id)
		}
	}
	c.markSent(chatID, ids)
	c.sendMoved(chatID, 1)
	defer c.sendMoved(chatID, -1)
	body, resp, err := c.core.DoRaw(ctx, &httpcore.Request{
		Method: http.MethodPost, Path: "chats/{chatId}/events", PathParams: []string{chatID},
		JSON: map[string]any{"events": list}, Safety: httpcore.Unsafe,
	})
	if errors.Is(err, ErrSessionEnded) {
		c.forget(chatID)
	}
	if err != nil {
		return nil, err
	}
	out, err := DecodeEvents(body)
	if err != nil {
		return nil, resp.DecodeError(body, err)
	}
	if len(out) > 0 {
		c.noteAnswer(chatID)
	}
	return out, nil
}

// sendMoved records that a send to chatID started (delta 1) or ended (-1).
// A send that ends after the client forgot the chat leaves nothing behind.
func (c *Client) sendMoved(chatID string, delta int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.chats.get(chatID)
	if st == nil {
		if delta < 0 {
			return
		}
		st = c.chat(chatID)
	}
	st.sending += delta
	st.sendMoves++
}

// sendActivity is a mark of the sends to a chat: how many answers carried
// server events, how many sends are in flight, and how many started or
// ended so far.
type sendActivity struct{ answers, sending, moves int }

// sendActivity returns the sends' mark of chatID.
func (c *Client) sendActivity(chatID string) sendActivity {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st := c.chats.get(chatID); st != nil {
		return sendActivity{st.answers, st.sending, st.sendMoves}
	}
	return sendActivity{}
}

// SendMessage sends a chat message and returns the msg_id it numbered ("1",
// "3", "5", ... per chat, as the web client does).
//
// Its outcome is never a guess. When the send fails after it may have been
// processed (connection lost or timed out after sending, 502, 503, 504),
// SendMessage reads the chat history: if the message (by its msg_id) is
// there, it returns success; if it is not, it sends the message again with
// the same msg_id, and settles that send the same way. Only when the
// history cannot be read does it return an error matching
// [ErrOutcomeUnknown]: the message may or may not have been processed.
// This rests on the server having finished with a request by the time its
// failure reached the client and a backoff wait (at least the minimum of
// [WithRetryWait]) passed; a server that processes a request later than
// that can get it twice.
//
// POST chats/{chatId}/events — unsafe: sent again only when
// GET chats/{chatId}/history (idempotent) shows the message was not
// processed. The first message of a chat this client has not read
// the history of also reads the history once, to number after the
// customer's earlier messages.
func (c *Client) SendMessage(ctx context.Context, chatID, text string, opts ...call.Option) (string, error) {
	ctx = callopt.With(ctx, opts)
	return c.sendNumbered(ctx, chatID, func(id string) Event { return &MessageEvent{MsgID: id, Text: text} })
}

// maxResends bounds how many times a numbered event is sent again after
// the history showed it was not processed.
const maxResends = 20

// sendNumbered numbers an event, sends it and settles an unknown outcome
// by the history, as [Client.SendMessage] describes.
func (c *Client) sendNumbered(ctx context.Context, chatID string, build func(id string) Event) (string, error) {
	id, err := c.nextMsgID(ctx, chatID)
	if err != nil {
		return "", err
	}
	ev := build(id)
	for resends := 0; ; resends++ {
		_, err := c.SendEvents(ctx, chatID, []Event{ev})
		if err == nil || !errors.Is(err, ErrOutcomeUnknown) || resends == maxResends {
			return id, err
		}
		// Give the server time to finish with the failed request, then look.
		wait := max(httpcore.Backoff(resends+1, c.streamWaitMin(), c.streamWaitMax()), c.streamWaitMin())
		if !sleep(ctx, wait) {
			return id, err
		}
		found, herr := c.sentInHistory(ctx, chatID, id)
		if herr != nil {
			return id, joinOneLine(err, fmt.Errorf("brightpattern: the history that would settle the send could not be read: %w", herr))
		}
		if found {
			return id, nil
		}
	}
}

// sentInHistory reports whether the history of chatID holds the customer's
// event numbered id, its msg_id in either form.
func (c *Client) sentInHistory(ctx context.Context, chatID, id string) (bool, error) {
	history, err := c.History(ctx, chatID)
	if err != nil {
		return false, err
	}
	c.noteHistory(chatID, history)
	want, numeric := ownMsgNumber(chatID, id)
	for _, ev := range history {
		got := msgIDOf(ev)
		if got == "" || !c.ownEvent(chatID, ev) {
			continue
		}
		if n, ok := ownMsgNumber(chatID, got); got == id || (numeric && ok && n == want) {
			return true, nil
		}
	}
	return false, nil
}

// SendTyping tells the agent the user started typing.
//
// POST chats/{chatId}/events — unsafe: never retried after the request may
// have reached the server.
func (c *Client) SendTyping(ctx context.Context, chatID string, opts ...call.Option) error {
	ctx = callopt.With(ctx, opts)
	_, err := c.SendEvents(ctx, chatID, []Event{&TypingEvent{}})
	return err
}

// SendNotTyping tells the agent the user stopped typing.
//
// POST chats/{chatId}/events — unsafe: never retried after the request may
// have reached the server.
func (c *Client) SendNotTyping(ctx context.Context, chatID string, opts ...call.Option) error {
	ctx = callopt.With(ctx, opts)
	_, err := c.SendEvents(ctx, chatID, []Event{&NotTypingEvent{}})
	return err
}

// EndChat ends the chat session (chat_session_end); the client then forgets
// its state for the chat.
//
// POST chats/{chatId}/events — unsafe: never retried after the request may
// have reached the server.
func (c *Client) EndChat(ctx context.Context, chatID string, opts ...call.Option) error {
	ctx = callopt.With(ctx, opts)
	_, err := c.SendEvents(ctx, chatID, []Event{&EndEvent{}})
	if err == nil {
		c.forget(chatID)
	}
	return err
}

// Disconnect ends the conversation but keeps the session open for what the
// scenario still sends, such as a survey form (chat_session_disconnect).
//
// POST chats/{chatId}/events — unsafe: never retried after the request may
// have reached the server.
func (c *Client) Disconnect(ctx context.Context, chatID string, opts ...call.Option) error {
	ctx = callopt.With(ctx, opts)
	_, err := c.SendEvents(ctx, chatID, []Event{&DisconnectEvent{}})
	return err
}

// SendFormData answers a [FormShowEvent] with the form's data.
//
// POST chats/{chatId}/events — unsafe: never retried after the request may
// have reached the server.
func (c *Client) SendFormData(ctx context.Context, chatID string, form *FormShowEvent, data map[string]any, opts ...call.Option) error {
	ctx = callopt.With(ctx, opts)
	if form == nil {
		return httpcore.InvalidArgument("brightpattern", "SendFormData: form is nil")
	}
	_, err := c.SendEvents(ctx, chatID, []Event{&FormDataEvent{FormRequestID: form.FormRequestID, FormName: form.FormName, Data: data}})
	return err
}

// SendLocation shares a location (mapURL may be empty) and returns the
// msg_id it numbered. Its outcome is settled as [Client.SendMessage]'s.
//
// POST chats/{chatId}/events — unsafe: sent again only when
// GET chats/{chatId}/history (idempotent) shows it was not processed.
func (c *Client) SendLocation(ctx context.Context, chatID string, latitude, longitude float64, mapURL string, opts ...call.Option) (string, error) {
	ctx = callopt.With(ctx, opts)
	return c.sendNumbered(ctx, chatID, func(id string) Event {
		return &LocationEvent{MsgID: id, Latitude: latitude, Longitude: longitude, URL: mapURL}
	})
}

// SendFile announces an uploaded file (see [Client.UploadFile]) to the
// agent and returns the msg_id it numbered. The file type is image for an
// image/* content type, attachment otherwise. Its outcome is settled as
// [Client.SendMessage]'s.
//
// POST chats/{chatId}/events — unsafe: sent again only when
// GET chats/{chatId}/history (idempotent) shows it was not processed.
func (c *Client) SendFile(ctx context.Context, chatID string, file *UploadedFile, opts ...call.Option) (string, error) {
	ctx = callopt.With(ctx, opts)
	if file == nil || file.ID == "" {
		return "", httpcore.InvalidArgument("brightpattern", "SendFile: file has no ID")
	}
	return c.sendNumbered(ctx, chatID, func(id string) Event {
		return &FileEvent{MsgID: id, FileID: file.ID, FileType: file.Type(), FileName: file.Name}
	})
}
