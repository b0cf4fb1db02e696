package anycomtest

import "time"

// The collection's examples name one customer number and these attendants.
const (
	seedUser     = "554432328668@c.us"
	seedUserName = "ExCodes Software"
)

// seed loads the collection's examples. Every request of the collection
// addresses them: the state, rem, flow, connect, close and drop examples
// the customer on whatsapp channel 1, the check, awaiting and show examples
// the same number on channel 9, the connect example the attendant
// "maxbauer@exc" and the disconnect example "excodes". Where the examples
// contradict each other (the channel 9 customer is on the bot in "chan
// show", waiting in "chat show awaiting" and talking to maxbauer in "chat
// show conversation"), the fake holds one consistent state that every
// request's precondition accepts, and its lists show these entries with
// the documented shape.
func (s *Server) seed() {
	now := time.Now()
	s.groups[1] = "Geral"
	s.groups[14] = "Suporte"
	s.services[100] = "Mensagem de boas vindas"
	s.channels = []*Channel{
		{Type: "whatsapp", ID: 1, Status: "UP", LastSeen: now},
		{Type: "whatsapp", ID: 9, Status: "UP", LastSeen: now},
		{Type: "livechat", Status: "UP"},
		{Type: "liveflow", Status: "UP"},
	}
	s.attendants = []*Attendant{
		// "Show online chat attendants".
		{User: "maxbauer", Name: "Max", Group: 14, IPAddr: "10.1.200.20", Online: true, Since: time.Unix(1624927155, 0)},
		// "Directly connect customer with a chat attendant" and "Drop
		// customer chat session" name this login.
		{User: "maxbauer@exc", Name: "Max", Group: 14, IPAddr: "10.1.200.20", Online: true, Since: now},
		// "Disconnect attendant from chat".
		{User: "excodes", Name: "ExCodes", Group: 1, IPAddr: "10.1.200.21", Online: true, Since: now},
	}
	// "Display current users" and "Show current chat awaiting": waiting for
	// an attendant of "Suporte" after one disconnected. The example's
	// subject has the placeholder [CHAT_USER_NAME]; here it names Max, as
	// the fake's own requeue does.
	s.putCustomer(&Customer{
		ChanType: "whatsapp", ChanID: 9, UserID: seedUser, UserName: seedUserName,
		ID: 12002, Session: 16689, State: "on_chat",
		ChatGroup: 14, Call: "invited", Invited: true, Subject: "Recuperada da desconexão de Max",
		Sent: 2, LastSent: time.Unix(1617043377, 0), Received: 1, LastReceived: time.Unix(1617043371, 0),
	})
	// "Display current bot sessions" (running step 12 hands over to the
	// chat) and "Show current chat conversation": talking to maxbauer.
	s.putCustomer(&Customer{
		ChanType: "whatsapp", ChanID: 1, UserID: seedUser, UserName: seedUserName,
		State: "on_chat", ChatGroup: 14, Call: "accepted", Attendant: "maxbauer",
		Flow: 1, Item: 12,
	})
}
