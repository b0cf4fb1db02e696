// Package shapes exercises every kind of declaration the listing covers.
package shapes

import (
	"context"
	"errors"
	"io"

	"example.com/mod/internal/base"
)

// Kind is an enumeration.
type Kind string

// Kinds, the second group repeating the first spec's type and value.
const (
	Round Kind = "round"
	Other
	limit     = 3
	Max       = limit * 2
	Named int = 7
)

// Sentinels.
var (
	ErrShape = errors.New("shape")
	ErrBase  = base.ErrBase
	Default  = &Box{}
	Zero     Kind
	pending  = 1
)

// Knob is an internal type made public.
type Knob = base.Knob

// Pair is generic.
type Pair[K comparable, V any] struct {
	Key   K
	Value V
	next  *Pair[K, V]
}

// Swap is a method of a generic type.
func (p *Pair[K, V]) Swap() Pair[K, V] { return *p }

// Box embeds a type of an internal package.
type Box struct {
	*base.Core
	io.Reader
	Size, Depth int
	Tags        map[string][]Kind
	Hook        func(context.Context, ...string) (int, error)
	inner       struct{ A int }
}

// Name is declared, so it shadows base.Core's.
func (b Box) Name() string { return "" }

// Shape is an interface with an unexported method.
type Shape interface {
	io.Closer
	// Area measures.
	Area(scale float64) (area float64, err error)
	private()
}

// Number is a constraint.
type Number interface {
	~int | ~float64
}

// Sum is a generic function.
func Sum[N Number](ns ...N) N { return 0 }

// New returns a box.
func New(ctx context.Context, a, b int, opts ...func(*Box)) (*Box, error) { return nil, nil }

// Chans uses channel directions and arrays.
func Chans(<-chan int, chan<- [4]byte, chan struct{}) {}

func unexported() {}

// hidden is unexported and so are its methods.
type hidden struct{}

// Visible is on an unexported type.
func (hidden) Visible() {}
