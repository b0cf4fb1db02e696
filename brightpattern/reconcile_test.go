package brightpattern_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/switchboard-go/switchboard/brightpattern"
)

// scriptedChat is a server whose polls answer a script, one answer per
// poll, and whose history is the log the script has sent so far.
type scriptedChat struct {
	mu     sync.Mutex
	log    []string // the history's events, as JSON
	polls  int
	onPoll func(n int) (logged, answer []string) // the events the nth poll adds to the log and answers
	onSend func() (logged, answer []string)      // the same for a send
}

func (s *scriptedChat) serve(t *testing.T) *httptest.Server {
	events := func(list []string) string { return `{"events":[` + strings.Join(list, ",") + `]}` }
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.HasSuffix(r.URL.Path, "/history"):
			s.mu.Lock()
			body := events(s.log)
			s.mu.Unlock()
			_, _ = w.Write([]byte(body))
		case strings.HasSuffix(r.URL.Path, "/events") && r.Method == http.MethodGet:
			s.mu.Lock()
			s.polls++
			n := s.polls
			s.mu.Unlock()
			logged, answer := s.onPoll(n) // may block: not under the lock
			s.mu.Lock()
			s.log = append(s.log, logged...)
			s.mu.Unlock()
			_, _ = w.Write([]byte(events(answer)))
		case strings.HasSuffix(r.URL.Path, "/events"):
			logged, answer := s.onSend()
			s.mu.Lock()
			s.log = append(s.log, logged...)
			s.mu.Unlock()
			_, _ = w.Write([]byte(events(answer)))
		default:
			t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func agentMsg(id string) string {
	return `{"event":"chat_session_message","party_id":"agent","msg_id":"` + id + `","msg":"m` + id + `","timestamp":"1614718750"}`
}

const endedJSON = `{"event":"chat_session_ended"}`

// streamKeys runs Events of chat-1 against srv and returns the message
// ids and ends it yielded.
func streamKeys(t *testing.T, c *brightpattern.Client) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var got []string
	for ev, err := range c.Events(ctx, "chat-1") {
		if err != nil {
			t.Fatalf("Events: %v (after %v)", err, got)
		}
		switch e := ev.(type) {
		case *brightpattern.MessageEvent:
			got = append(got, e.MsgID)
		case *brightpattern.EndedEvent:
			got = append(got, "ended")
		}
	}
	return got
}

// A server may deliver again, at the head of a poll, events a poll that
// worked delivered already; the stream tells them from new events by the
// history and yields them once.
func TestEventsYieldOnceWhatAPollDeliversAgain(t *testing.T) {
	s := &scriptedChat{onPoll: func(n int) ([]string, []string) {
		switch n {
		case 1:
			return []string{agentMsg("0")}, []string{agentMsg("0")}
		case 2:
			return []string{agentMsg("2")}, []string{agentMsg("2")}
		case 3: // 2 again, then 4
			return []string{agentMsg("4")}, []string{agentMsg("2"), agentMsg("4")}
		}
		return []string{endedJSON}, []string{endedJSON}
	}}
	c, err := brightpattern.NewClient(tenant, "app-1", "client-1", brightpattern.WithBaseURL(s.serve(t).URL))
	if err != nil {
		t.Fatal(err)
	}
	got := streamKeys(t, c)
	if want := "0 2 4 ended"; strings.Join(got, " ") != want {
		t.Errorf("yielded %v, want %s", got, want)
	}
}

// A send's answer may carry events the server took from the poll queue
// ahead of the events of a poll held meanwhile; the stream yields them in
// the history's order, not the poll's ahead of them.
func TestEventsKeepOrderWhenASendAnswersDuringAPoll(t *testing.T) {
	sendAnswered := make(chan struct{})
	pollHeld := make(chan struct{})
	s := &scriptedChat{}
	s.onPoll = func(n int) ([]string, []string) {
		switch n {
		case 1:
			return []string{agentMsg("0")}, []string{agentMsg("0")}
		case 2:
			return []string{agentMsg("2")}, []string{agentMsg("2")}
		case 3: // held until a send took 4; answers 6
			close(pollHeld)
			<-sendAnswered
			return []string{agentMsg("6")}, []string{agentMsg("6")}
		}
		return []string{endedJSON}, []string{endedJSON}
	}
	s.onSend = func() ([]string, []string) {
		own := `{"event":"chat_session_message","party_id":"chat-1","msg_id":"1","msg":"hi","timestamp":"1614718750"}`
		return []string{own, agentMsg("4")}, []string{agentMsg("4")}
	}
	c, err := brightpattern.NewClient(tenant, "app-1", "client-1", brightpattern.WithBaseURL(s.serve(t).URL))
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		<-pollHeld
		// The send is answered (its events taken) before the held poll;
		// the poll's answer reaches the client first.
		_, _ = c.SendEvents(context.Background(), "chat-1", []brightpattern.Event{&brightpattern.MessageEvent{MsgID: "1", Text: "hi"}})
	}()
	// Release the poll once the send reached the server and recorded 4.
	go func() {
		<-pollHeld
		for {
			s.mu.Lock()
			done := len(s.log) >= 4
			s.mu.Unlock()
			if done {
				close(sendAnswered)
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	got := streamKeys(t, c)
	if want := "0 2 4 6 ended"; strings.Join(got, " ") != want {
		t.Errorf("yielded %v, want %s", got, want)
	}
}
