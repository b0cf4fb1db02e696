// Package readme keeps the Go snippets of the module's README.md true.
//
// Every ```go block in README.md follows a marker naming the compiled
// Example it mirrors:
//
//	<!-- mirrors brightpattern/example_test.go ExampleClient_Events -->
//
// The test fails when a block differs from that function's body (its
// "// Output:" comment left out), so every snippet compiles and runs as part
// of `go test ./...`. After changing an Example, refresh the README with
//
//	go test ./internal/readme -update
package readme
