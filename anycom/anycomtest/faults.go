package anycomtest

// This file holds the part of the fake that every switchboard fake shares:
// fault injection, the request log, the address and shutting down. Each
// fake declares it on its own Server, so that its documentation shows it;
// the machinery is internal/fakekit and the types are package fake's.

import (
	"github.com/switchboard-go/switchboard/fake"
)

// Fault is one injected misbehaviour: a delay, a status such as 503 or 429
// with Retry-After, or a connection dropped before or after the request is
// handled. See [fake.Fault] for its fields and [Server.InjectFault].
type Fault = fake.Fault

// Received is one request the server got; see [Server.Received].
type Received = fake.Received

// ErrUnknownChat is what the script methods return, wrapped with the
// chat's id, for a chat the server does not hold. It is [fake.ErrUnknownChat],
// the same error in every switchboard fake.
var ErrUnknownChat = fake.ErrUnknownChat

// URL returns the server's root URL, "http://127.0.0.1:port", to pass to
// anycom.WithBaseURL.
func (s *Server) URL() string { return s.kit.URL() }

// Close shuts the server down, ending any request it holds.
func (s *Server) Close() { s.kit.Close() }

// InjectFault arms f for the next f.Times requests that match it (once when
// Times is zero). Faults are tried in the order they were injected, and a
// request takes at most one.
func (s *Server) InjectFault(f Fault) { s.kit.InjectFault(f) }

// Received returns the requests the server got, oldest first, faulted ones
// included: every one until there are more than 1,000, then the last 1,000
// ([Server.Count] counts them all).
func (s *Server) Received() []Received { return s.kit.Received() }

// Count returns how many requests the server got whose method is method
// (empty: any) and whose path contains path, faulted ones included.
func (s *Server) Count(method, path string) int { return s.kit.Count(method, path) }
