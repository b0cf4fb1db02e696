// Package fakekit is the common half of every <vendor>test fake server: it
// starts an httptest server on loopback, records what it received, and
// injects faults (delay, a status such as 503 or 429 with Retry-After, a
// connection dropped before or after the request was handled).
package fakekit

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"time"
)

// Fault is one injected misbehaviour.
type Fault struct {
	// Method and Path restrict the fault to matching requests: Method
	// exactly, Path as a substring of the URL path. Empty matches any.
	Method string
	Path   string
	// Match, when set, must also accept the request.
	Match func(*http.Request) bool
	// Times is how many matching requests the fault applies to; zero
	// means once.
	Times int

	// Delay holds the request this long before anything else happens.
	Delay time.Duration
	// Status answers with this status and Body without handling the
	// request (nothing changes on the server).
	Status int
	Body   string
	// RetryAfter is sent as the Retry-After header with Status.
	RetryAfter string
	// DropBefore closes the connection without handling the request.
	DropBefore bool
	// DropAfter handles the request (its effects happen, its events are
	// taken) and then closes the connection without answering.
	DropAfter bool
}

// Received is one request the server got.
type Received struct {
	Method string
	Path   string
	Query  string
	At     time.Time
}

// Server is an httptest server with fault injection and a request log.
type Server struct {
	srv     *httptest.Server
	handler http.Handler

	mu       sync.Mutex
	faults   []*Fault
	received []Received
}

// Start serves h on a loopback address.
func Start(h http.Handler) *Server {
	s := &Server{handler: h}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// URL is the server's root URL, "http://127.0.0.1:port".
func (s *Server) URL() string { return s.srv.URL }

// Close shuts the server down, ending any held request.
func (s *Server) Close() {
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// InjectFault arms f for the next matching requests.
func (s *Server) InjectFault(f Fault) {
	if f.Times <= 0 {
		f.Times = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// Received returns the requests the server got, in order (faulted ones too).
func (s *Server) Received() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

// Count returns how many requests matched method (empty: any) and had a
// path containing path.
func (s *Server) Count(method, path string) int {
	n := 0
	for _, r := range s.Received() {
		if (method == "" || r.Method == method) && strings.Contains(r.Path, path) {
			n++
		}
	}
	return n
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	f := s.record(r)
	if f == nil {
		s.handler.ServeHTTP(w, r)
		return
	}
	if f.Delay > 0 {
		// net/http notices a client that went away only once the request
		// body has been read, so read it now and keep it for the handler.
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		t := time.NewTimer(f.Delay)
		select {
		case <-r.Context().Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
	switch {
	case f.DropBefore:
		drop(w)
	case f.DropAfter:
		s.handler.ServeHTTP(httptest.NewRecorder(), r)
		drop(w)
	case f.Status != 0:
		if f.RetryAfter != "" {
			w.Header().Set("Retry-After", f.RetryAfter)
		}
		if f.Body != "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(f.Status)
		_, _ = w.Write([]byte(f.Body))
	default:
		s.handler.ServeHTTP(w, r)
	}
}

// record logs r and takes the first fault that matches it. A fault's Match
// runs without the server's lock held, so it may call Count or Received.
func (s *Server) record(r *http.Request) *Fault {
	s.mu.Lock()
	s.received = append(s.received, Received{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, At: time.Now()})
	var candidates []*Fault
	for _, f := range s.faults {
		if (f.Method == "" || f.Method == r.Method) && strings.Contains(r.URL.Path, f.Path) {
			candidates = append(candidates, f)
		}
	}
	s.mu.Unlock()
	for _, f := range candidates {
		if (f.Match == nil || f.Match(r)) && s.claim(f) {
			return f
		}
	}
	return nil
}

// claim uses up one of f's times, unless a concurrent request took the
// last one.
func (s *Server) claim(f *Fault) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.Index(s.faults, f)
	if i < 0 {
		return false
	}
	f.Times--
	if f.Times == 0 {
		s.faults = slices.Delete(s.faults, i, i+1)
	}
	return true
}

// drop closes the client connection without a response.
func drop(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err == nil {
		_ = conn.Close()
	}
}
