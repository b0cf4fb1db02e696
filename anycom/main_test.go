package anycom_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package when a test, a watcher or a fake server
// leaves a goroutine behind.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
