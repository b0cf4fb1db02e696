// Package apicheck holds the test that guards the module's public API: it
// compares each public package's exported API with its listing in api/
// (after an intended change: go test ./internal/apicheck -update), and
// requires a doc comment on every exported identifier and, on each vendor
// client method, the HTTP calls and the retry safety that the code
// declares for the requests the method builds.
package apicheck
