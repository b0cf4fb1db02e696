package brightpattern_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// bareServer is the floor a long-poll delivery is measured against: a
// minimal hand-written server that holds each session's poll until it has
// one event for it, then answers it.
type bareServer struct {
	srv  *httptest.Server
	held atomic.Int64
	// queue holds, per session, the next event to answer.
	queue []chan []byte
}

func newBareServer(sessions int) *bareServer {
	s := &bareServer{queue: make([]chan []byte, sessions)}
	for i := range s.queue {
		s.queue[i] = make(chan []byte, 1)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /clientweb/api/v1/chats/{chatId}/events", s.poll)
	s.srv = httptest.NewServer(mux)
	return s
}

func (s *bareServer) poll(w http.ResponseWriter, r *http.Request) {
	i, err := strconv.Atoi(r.PathValue("chatId"))
	if err != nil || i < 0 || i >= len(s.queue) {
		http.NotFound(w, r)
		return
	}
	s.held.Add(1)
	var ev []byte
	select {
	case ev = <-s.queue[i]:
	case <-r.Context().Done():
	}
	s.held.Add(-1)
	if ev == nil {
		return
	}
	body := make([]byte, 0, len(ev)+16)
	body = append(body, `{"events":[`...)
	body = append(body, ev...)
	body = append(body, "]}\n"...)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
}

// say queues for session i a chat message the size of the fake's.
func (s *bareServer) say(i, msgID int, party, text string) {
	ev := make([]byte, 0, 192)
	ev = append(ev, `{"channel":"web","event":"chat_session_message","msg":"`...)
	ev = append(ev, text...)
	ev = append(ev, `","msg_id":"`...)
	ev = strconv.AppendInt(ev, int64(msgID), 10)
	ev = append(ev, `","party_id":"`...)
	ev = append(ev, party...)
	ev = append(ev, `","timestamp":"`...)
	ev = strconv.AppendInt(ev, time.Now().Unix(), 10)
	ev = append(ev, `"}`...)
	s.queue[i] <- ev
}

// bareEvents is the poll answer as a hand-written client decodes it.
type bareEvents struct {
	Events []struct {
		Event     string `json:"event"`
		PartyID   string `json:"party_id"`
		MsgID     string `json:"msg_id"`
		Msg       string `json:"msg"`
		Channel   string `json:"channel"`
		Timestamp string `json:"timestamp"`
	} `json:"events"`
}

// barePoll sends one poll, with the headers the API asks for, and decodes
// its answer.
func barePoll(ctx context.Context, hc *http.Client, url, auth string) (*bareEvents, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", auth)
	req.Header.Set("User-Agent", "MobileClient")
	req.Header.Set("Cache-Control", "no-cache")
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	var page bareEvents
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		return nil, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	return &page, nil
}

// bareStream is one hand-written long-poll loop.
func bareStream(ctx context.Context, hc *http.Client, base string, i int, got chan<- time.Duration) {
	url := base + "/clientweb/api/v1/chats/" + strconv.Itoa(i) + "/events?tenantUrl=bench.example.com"
	auth := `MOBILE-API-140-327-PLAIN appId="app", clientId="client-` + strconv.Itoa(i) + `"`
	for ctx.Err() == nil {
		page, err := barePoll(ctx, hc, url, auth)
		if err != nil {
			continue
		}
		for _, ev := range page.Events {
			if ev.Event == "chat_session_message" {
				sent, _ := strconv.ParseInt(ev.Msg, 10, 64)
				got <- time.Since(time.Unix(0, sent))
			}
		}
	}
}

// bareSessions starts a bare server and n sessions on it, each a
// goroutine that polls with a net/http client on one shared transport
// (sending the request the library sends: the same path, tenantUrl and
// headers), decodes the answer with encoding/json and polls again; it
// returns once the server holds a poll of each.
func bareSessions(ctx context.Context, b *testing.B, wg *sync.WaitGroup, n int) *deliveries {
	srv := newBareServer(n)
	context.AfterFunc(ctx, srv.srv.Close)
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = n
	hc := &http.Client{Transport: transport}
	context.AfterFunc(ctx, transport.CloseIdleConnections)
	d := &deliveries{held: func() int { return int(srv.held.Load()) }, got: make([]chan time.Duration, n)}
	for i := range n {
		got := make(chan time.Duration, 1)
		d.got[i] = got
		wg.Add(1)
		go func() {
			defer wg.Done()
			bareStream(ctx, hc, srv.srv.URL, i, got)
		}()
	}
	const party = "3f1c2a9e-5b7d-4c1e-9a2b-6d8e0f1a2b3c"
	msgIDs := make([]int, n)
	d.emit = func(_ *testing.B, i int) {
		srv.say(i, msgIDs[i], party, strconv.FormatInt(time.Now().UnixNano(), 10))
		msgIDs[i] += 2
	}
	d.waitHeld()
	return d
}
