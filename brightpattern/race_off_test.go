//go:build !race

package brightpattern

// raceDetector reports whether the tests run under -race, which changes
// allocation counts.
const raceDetector = false
