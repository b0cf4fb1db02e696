// Package fake holds the vocabulary that the four fake servers share:
// [Fault], a misbehaviour injected with a fake's InjectFault; [Received],
// one request as a fake's Received lists it; and [ErrUnknownChat], the
// error every fake's script methods return for a chat it does not hold.
//
// The fake servers themselves are in each vendor's test package
// (anycom/anycomtest, brightpattern/brightpatterntest, ccaip/ccaiptest,
// workspacechat/workspacechattest). Each declares URL, Close, InjectFault,
// Received and Count on its own Server, so that its documentation and
// examples show them, and names these types under its own name
// (anycomtest.Fault is fake.Fault). They live here, once, so that a test
// helper written for one fake works with the others, and so that a fault
// means the same thing on every fake. The server machinery behind them is
// not part of the API: a fake is used, not built, through this package.
package fake

import (
	"errors"
	"net/http"
	"time"
)

// Fault is one injected misbehaviour. Method, Path and Match choose the
// requests it applies to; Delay, Status, DropBefore and DropAfter say what
// happens to them. A fault with only a Delay delays the request and then
// handles it normally.
type Fault struct {
	// Method and Path restrict the fault to matching requests: Method
	// exactly, Path as a substring of the URL path. Empty matches any.
	Method string
	Path   string
	// Match, when set, must also accept the request. It runs without the
	// server's lock held, so it may call the server's Count or Received.
	Match func(*http.Request) bool
	// Times is how many matching requests the fault applies to; zero
	// means once.
	Times int

	// Delay holds the request this long before anything else happens. A
	// client that goes away during the delay ends it, and the request is
	// not handled.
	Delay time.Duration
	// Status answers with this status and Body (sent as JSON when not
	// empty) without handling the request: nothing changes on the server.
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

// Received is one request a fake got, faulted or not.
type Received struct {
	Method string
	// Path is the URL path as sent, and Query the raw query string.
	Path  string
	Query string
	// At is when the request arrived.
	At time.Time
}

// ErrUnknownChat is the error, wrapped with the fake's package and the
// chat's id, that every fake's script methods return for a chat the fake
// does not hold. Test for it with errors.Is.
var ErrUnknownChat = errors.New("unknown chat")
