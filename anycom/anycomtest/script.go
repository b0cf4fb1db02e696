package anycomtest

import "time"

// This file holds the methods that script the other side, and the
// lookups the commands share.

// AddChannel adds a channel, or replaces the one of the same type and ID.
func (s *Server) AddChannel(ch Channel) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch.Status == "" {
		ch.Status = "UP"
	}
	for i, c := range s.channels {
		if c.Type == ch.Type && c.ID == ch.ID {
			s.channels[i] = &ch
			return
		}
	}
	s.channels = append(s.channels, &ch)
}

// AddChatGroup adds a chat group, or renames the one with the same ID.
func (s *Server) AddChatGroup(id int64, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.groups[id] = name
}

// AddBotService adds a LiveFlow bot service that "bot validate" compiles,
// or renames the one with the same ID.
func (s *Server) AddBotService(id int64, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.services[id] = name
}

// SetChannelStatus sets a channel "UP" or "DOWN". It reports whether the
// channel exists.
func (s *Server) SetChannelStatus(chanType string, chanID int64, status string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.channels {
		if c.Type == chanType && c.ID == chanID {
			c.Status = status
			if status == "UP" {
				c.LastSeen = time.Now()
			}
			return true
		}
	}
	return false
}

// AddCustomer adds a customer session, or replaces the one on the same
// channel and username.
func (s *Server) AddCustomer(c Customer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.putCustomer(&c)
}

// Enqueue puts a customer in the chat queue of group, as an invite would.
func (s *Server) Enqueue(chanType string, chanID int64, userID, userName string, group int64, subject string) {
	s.AddCustomer(Customer{
		ChanType: chanType, ChanID: chanID, UserID: userID, UserName: userName,
		State: "on_chat", ChatGroup: group, Call: "invited", Invited: true, Subject: subject,
	})
}

// AddAttendant adds an attendant, or replaces the one with the same user.
func (s *Server) AddAttendant(a Attendant) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a.Since.IsZero() {
		a.Since = time.Now()
	}
	for i, x := range s.attendants {
		if x.User == a.User {
			s.attendants[i] = &a
			return
		}
	}
	s.attendants = append(s.attendants, &a)
}

// SetAttendantOnline logs an attendant in or out. It reports whether the
// attendant exists.
func (s *Server) SetAttendantOnline(user string, online bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.attendant(user)
	if a == nil {
		return false
	}
	if online && !a.Online {
		a.Since = time.Now()
	}
	a.Online = online
	if !online {
		s.requeue(a)
	}
	return true
}

// AcceptNext has an online attendant accept the longest-waiting customer.
// It reports whether there was one to accept.
func (s *Server) AcceptNext(user string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.attendant(user)
	if a == nil || !a.Online {
		return false
	}
	for _, c := range s.customers {
		if c.State == "on_chat" && c.Attendant == "" {
			c.Attendant, c.Call, c.Invited = a.User, "accepted", false
			return true
		}
	}
	return false
}

// Customers returns a copy of every customer session, in arrival order.
func (s *Server) Customers() []Customer {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Customer, 0, len(s.customers))
	for _, c := range s.customers {
		out = append(out, *c)
	}
	return out
}

// Messages returns the messages sent with "chan message", in order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// Commands returns every command the server handled, as "group/cmd", in
// order. Requests refused by an injected fault are not in it.
func (s *Server) Commands() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.commands...)
}

func (s *Server) putCustomer(c *Customer) {
	if c.ID == 0 {
		s.nextCustomer++
		c.ID = s.nextCustomer
	}
	s.nextCustomer = max(s.nextCustomer, c.ID)
	if c.Session == 0 {
		s.nextSession++
		c.Session = s.nextSession
	}
	s.nextSession = max(s.nextSession, c.Session)
	if c.State == "" {
		c.State = "identifying"
	}
	for i, x := range s.customers {
		if x.ChanType == c.ChanType && x.ChanID == c.ChanID && x.UserID == c.UserID {
			s.customers[i] = c
			return
		}
	}
	s.customers = append(s.customers, c)
}

func (s *Server) customer(chanType string, chanID int64, userID string) *Customer {
	for _, c := range s.customers {
		if c.ChanType == chanType && c.ChanID == chanID && c.UserID == userID {
			return c
		}
	}
	return nil
}

func (s *Server) attendant(user string) *Attendant {
	for _, a := range s.attendants {
		if a.User == user {
			return a
		}
	}
	return nil
}

// requeue sends an attendant's customers back to the queue, as AnyCom does
// when an attendant disconnects.
func (s *Server) requeue(a *Attendant) {
	for _, c := range s.customers {
		if c.State == "on_chat" && c.Attendant == a.User {
			c.Attendant, c.Call, c.Invited = "", "invited", true
			c.Subject = "Recuperada da desconexão de " + a.Name
		}
	}
}
