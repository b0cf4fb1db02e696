// Package apicheck holds the test that guards the module's public API:
// each public package's listing in api/ (after an intended change: go test
// ./internal/apicheck -update), a doc comment on every exported identifier,
// and on each vendor client method the HTTP calls and safety its code declares.
package apicheck
