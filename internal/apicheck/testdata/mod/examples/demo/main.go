// Command demo is skipped: examples are not public packages.
package main

// Exported is not listed.
func Exported() {}

func main() {}
