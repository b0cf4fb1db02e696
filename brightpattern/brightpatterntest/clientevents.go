package brightpatterntest

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// clientEvents are the event names a client may send: the seed's client
// events, the v2 delivered and read receipts, and chat_form_data_cancel,
// which the official web client sends (reference §1.9, "Client → server").
var clientEvents = map[string]bool{
	"chat_session_message":             true,
	"chat_session_message_delivered":   true,
	"chat_session_message_read":        true,
	"chat_session_typing":              true,
	"chat_session_not_typing":          true,
	"chat_session_form_data":           true,
	"chat_session_secure_form_data":    true,
	"chat_session_secure_form_cancel":  true,
	"chat_form_data_cancel":            true,
	"chat_session_end":                 true,
	"chat_session_disconnect":          true,
	"chat_session_signaling":           true,
	"chat_session_file":                true,
	"chat_session_location":            true,
	"chat_session_navigation":          true,
	"chat_session_cobrowsing_rejected": true,
	"chat_session_cobrowsing_started":  true,
	"chat_session_cobrowsing_ended":    true,
}

// checkClientEvents refuses a batch in which an event has no name or a name
// a client does not send. The answer is the documented "Error decoding JSON
// request body" (400, 5003), as a server whose event types are an
// enumeration fails to decode such a body; which error a real server gives
// is UNCONFIRMED. Nothing of a refused batch is stored.
func checkClientEvents(events []map[string]any) error {
	for i, ev := range events {
		name, ok := ev["event"].(string)
		switch {
		case !ok || name == "":
			return fmt.Errorf("event %d has no name", i)
		case !clientEvents[name]:
			return fmt.Errorf("event %d: %q is not a client event", i, name)
		}
	}
	return nil
}

// sendEventsAnswer answers a Send Events request. On v1 the documented 200
// is "Array of new chat events from the server side": {"events":[...]} with
// the server events not yet polled. The fake leaves them queued for the
// next poll as well: whether a real server takes them from the poll is
// UNCONFIRMED, and a client that ignores this answer (as one that only
// polls does) then loses nothing. On v2 the documented 200 has an empty
// body (PM-v2), as the fake answers.
func sendEventsAnswer(w http.ResponseWriter, r *http.Request, c *chat) {
	if r.PathValue("version") != "v1" {
		w.WriteHeader(http.StatusOK)
		return
	}
	c.qmu.Lock()
	pending := append([]json.RawMessage{}, c.queue...)
	c.qmu.Unlock()
	writeEvents(w, pending)
}
