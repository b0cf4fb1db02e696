package apicheck

import (
	"maps"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// loadTestModule parses testdata/mod and returns its public packages by
// path relative to the module.
func loadTestModule(t *testing.T) (*module, map[string]*pkg) {
	t.Helper()
	m, pkgs, err := loadModule(filepath.Join("testdata", "mod", "shapes"))
	require.NoError(t, err)
	byRel := map[string]*pkg{}
	for _, p := range pkgs {
		byRel[p.rel] = p
	}
	return m, byRel
}

func TestPublicPackages(t *testing.T) {
	_, pkgs := loadTestModule(t)
	assert.ElementsMatch(t, []string{"shapes", "vendor2"}, slices.Collect(maps.Keys(pkgs)),
		"internal/ and examples/ are not public")
	assert.Equal(t, "example.com/mod/shapes", pkgs["shapes"].path)
	assert.Equal(t, "shapes.txt", apiFileName(pkgs["shapes"]))
}

func TestAPILines(t *testing.T) {
	m, pkgs := loadTestModule(t)
	want := []string{
		"pkg shapes, const Max = limit * 2",
		"pkg shapes, const Named = 7",
		"pkg shapes, const Named int",
		"pkg shapes, const Other = \"round\"",
		"pkg shapes, const Other Kind",
		"pkg shapes, const Round = \"round\"",
		"pkg shapes, const Round Kind",
		"pkg shapes, func Chans(<-chan int, chan<- [4]byte, chan struct{})",
		"pkg shapes, func New(context.Context, int, int, ...func(*Box)) (*Box, error)",
		"pkg shapes, func Sum[N Number](...N) N",
		"pkg shapes, method (*Knob) Turn() base.Knob",
		"pkg shapes, method (*Pair[K, V]) Swap() Pair[K, V]",
		"pkg shapes, method (Box) Log() []base.Knob", // *base.Core is embedded: in Box's value method set
		"pkg shapes, method (Box) Name() string",
		"pkg shapes, type Box struct",
		"pkg shapes, type Box struct, Depth int",
		"pkg shapes, type Box struct, Hook func(context.Context, ...string) (int, error)",
		"pkg shapes, type Box struct, Size int",
		"pkg shapes, type Box struct, Tags map[string][]Kind",
		"pkg shapes, type Box struct, embedded *base.Core",
		"pkg shapes, type Box struct, embedded io.Reader",
		"pkg shapes, type Kind string",
		"pkg shapes, type Knob = base.Knob",
		"pkg shapes, type Knob struct",
		"pkg shapes, type Knob struct, Wait time.Duration",
		"pkg shapes, type Number interface {}",
		"pkg shapes, type Number interface, ~int | ~float64",
		"pkg shapes, type Pair[K comparable, V any] struct",
		"pkg shapes, type Pair[K comparable, V any] struct, Key K",
		"pkg shapes, type Pair[K comparable, V any] struct, Value V",
		"pkg shapes, type Shape interface { Area, unexported methods }",
		"pkg shapes, type Shape interface, Area(float64) (float64, error)",
		"pkg shapes, type Shape interface, embedded io.Closer",
		"pkg shapes, var Default *Box",
		"pkg shapes, var ErrBase error",
		"pkg shapes, var ErrShape error",
		"pkg shapes, var Zero Kind",
	}
	assert.Equal(t, want, apiLines(m, pkgs["shapes"]))
}

func TestDiffLines(t *testing.T) {
	assert.Empty(t, diffLines([]string{"a", "b"}, []string{"b", "a"}))
	assert.Equal(t, "- a\n- c\n+ d\n", diffLines([]string{"a", "b", "c"}, []string{"d", "b"}))
}

func TestDocRules(t *testing.T) {
	m, pkgs := loadTestModule(t)
	p := pkgs["vendor2"]
	var got []string
	for _, pr := range missingDocs(m, p) {
		got = append(got, pr.key+": "+pr.msg)
	}
	for _, pr := range operationDocs(m, p, map[string]string{"vendor2.Client.ID": "no request"}) {
		got = append(got, pr.key+": "+pr.msg)
	}
	assert.Equal(t, []string{
		"vendor2/client.go:Client.Undocumented: method has no doc comment",
		"vendor2/client.go:C: const has no doc comment",
		"vendor2/client.go:E: type has no doc comment",
		"vendor2/client.go:Iface.M: interface method has no doc comment",
		"vendor2/client.go:ChatService.Poll: the doc comment does not name " +
			`a retry safety ("idempotent", "unsafe", "read-only" or "never retried")`,
		"vendor2/client.go:Client.Send: the doc comment does not name " +
			"an HTTP method (GET, POST, PUT, PATCH or DELETE)",
	}, got)
}
