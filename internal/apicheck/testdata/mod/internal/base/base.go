// Package base is embedded and aliased by shapes.
package base

import "time"

// Knob is aliased by shapes.
type Knob struct {
	Wait   time.Duration
	hidden int
}

// Turn is a method of the aliased type.
func (k *Knob) Turn() Knob { return *k }

// Core is embedded by shapes.Box.
type Core struct{}

// Log is promoted to embedders.
func (*Core) Log() []Knob { return nil }

// Name is promoted with a value receiver.
func (Core) Name() string { return "" }

// ErrBase is a sentinel re-exported by shapes.
var ErrBase = errNew()

func errNew() error { return nil }
