//go:build race

package workspacechat_test

// raceDetector reports whether the tests run under -race, which changes
// what the allocator counts.
const raceDetector = true
