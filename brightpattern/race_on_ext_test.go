//go:build race

package brightpattern_test

// raceDetector reports whether the tests run under -race, which changes
// allocation counts.
const raceDetector = true
