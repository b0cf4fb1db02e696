// Package apicheck holds the tests that guard the public packages of the
// module (all but internal/, examples/ and commands). Both load the module
// with golang.org/x/tools/go/packages and work on go/types.
//
// TestAPI compares each package's exported API, one sorted line per
// declaration in the style of the Go distribution's api/go1.*.txt files,
// with its file in api/ (named for its path, / replaced by _). After an
// intended change, rewrite the files and commit them:
//
//	go test ./internal/apicheck -update
//
// TestDocComments requires a doc comment on every exported identifier but
// struct fields and the methods that implement an exported interface of
// their package (the interface documents them). Each exported method of a
// vendor client (Client, or a type holding a *Client) names its HTTP calls
// and their safety classes, and those must be the Method and Safety of the
// httpcore.Request literals the method reaches through its package:
//
//	POST chats — unsafe: never retried after the request may have reached the server.
//	GET chats/{chatId} — idempotent: retried on connection errors, 429, 502, 503 and 504.
//	GET chats/{chatId}/events — never retried by this package: ...
//
// "read-only" may stand for idempotent; a second call is named in
// brackets, "(idempotent)"; "retried on" is only ever followed by the list
// above. A method that sends no request goes in the noHTTP list.
package apicheck
