// Package fakekit is the common half of every <vendor>test fake server: it
// starts an httptest server on loopback, records what it received, and
// injects faults (delay, a status such as 503 or 429 with Retry-After, a
// connection dropped before or after the request was handled). The types
// a user names, Fault and Received, are in the public package fake; each
// <vendor>test.Server declares the methods that reach this one.
package fakekit

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/switchboard-go/switchboard/fake"
)

// Fault and Received are the public package's types, named here for
// brevity.
type (
	Fault    = fake.Fault
	Received = fake.Received
)

// UnknownChat is the error a fake's script method returns for a chat it
// does not hold: pkg is the fake's package name, id the chat's id.
func UnknownChat(pkg string, id any) error {
	return fmt.Errorf("%s: chat %v: %w", pkg, id, fake.ErrUnknownChat)
}

// LogSize is how many requests a Server keeps for Received: the most
// recent ones. Count counts every request, however many.
const LogSize = 1000

// route is a request's method and URL path, the key Count counts by.
type route struct{ method, path string }

// Server is an httptest server with fault injection and a request log.
// The log is bounded: the last LogSize requests, about 400 bytes each, and
// one count per distinct method and path, so that a fake serving a long
// test or benchmark does not grow with its traffic.
type Server struct {
	srv     *httptest.Server
	handler http.Handler

	mu     sync.Mutex
	faults []*Fault
	// recent holds the last logSize requests: in order while it is not
	// full, then as a ring whose oldest entry is at total % logSize.
	recent  []Received
	logSize int
	total   int
	counts  map[route]int
}

// Start serves h on a loopback address.
func Start(h http.Handler) *Server { return start(h, LogSize) }

// start serves h, keeping the last logSize requests for Received.
func start(h http.Handler, logSize int) *Server {
	s := &Server{handler: h, logSize: logSize, counts: map[route]int{}}
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

// Received returns the last LogSize requests the server got (all of them
// until it has got more), oldest first, faulted ones too.
func (s *Server) Received() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.recent) < s.logSize {
		return slices.Clone(s.recent)
	}
	oldest := s.total % s.logSize
	return append(slices.Clone(s.recent[oldest:]), s.recent[:oldest]...)
}

// Count returns how many requests, of all the server got, matched method
// (empty: any) and had a path containing path.
func (s *Server) Count(method, path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for r, c := range s.counts {
		if (method == "" || r.method == method) && strings.Contains(r.path, path) {
			n += c
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
	s.log(Received{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, At: time.Now()})
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

// log counts r and keeps it among the recent requests. s.mu is held.
func (s *Server) log(r Received) {
	s.counts[route{r.Method, r.Path}]++
	switch {
	case len(s.recent) == s.logSize:
		s.recent[s.total%s.logSize] = r
	case len(s.recent) == cap(s.recent):
		// Grow by doubling, as append would, but never past logSize.
		grown := make([]Received, len(s.recent), min(max(2*len(s.recent), 16), s.logSize))
		copy(grown, s.recent)
		s.recent = append(grown, r)
	default:
		s.recent = append(s.recent, r)
	}
	s.total++
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
