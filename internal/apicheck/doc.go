// Package apicheck holds the tests that guard the exported API of the
// module's public packages (every package outside internal/, examples/
// and testdata/, found by walking the module, so a new vendor package is
// covered as soon as it exists).
//
// TestAPI lists each package's exported API, one declaration per sorted
// line in the style of the Go distribution's api/go1.*.txt files:
//
//	pkg brightpattern, func NewClient(string, string, string, ...Option) (*Client, error)
//	pkg brightpattern, method (*Client) Events(context.Context, string) iter.Seq2[Event, error]
//	pkg brightpattern, type Error struct, StatusCode int
//
// and compares it with the package's file in api/ at the module root,
// named for its path in the module with / replaced by _
// (api/brightpattern_brightpatterntest.txt). Constants show their declared type, if any, and their
// value as written. Methods promoted from embedded types declared in the
// module, and the API of an internal type exported through an alias, are
// listed too. When the test fails it prints the lines only in the file (-)
// and only in the source (+). After an intended change, rewrite the files
// and commit them with the change:
//
//	go test ./internal/apicheck -update
//
// TestDocComments requires a doc comment on every exported identifier of
// those packages (a const or var group's comment counts for its members;
// struct fields are exempt), and on every exported method of a vendor
// client (the type Client of a package, and any type holding a *Client,
// such as a service group) a comment that names the HTTP operation it
// calls, with an HTTP method in capitals (GET, POST, PUT, PATCH or DELETE),
// and its retry safety, with "idempotent", "unsafe", "read-only" or "never
// retried":
//
//	// POST chats — unsafe: never retried after the request may have
//	// reached the server.
//
// A client method that sends no request goes in the test's noHTTP list,
// with the reason.
package apicheck
