package shapes

// TestOnly is in a test file and not listed.
func TestOnly() {}
