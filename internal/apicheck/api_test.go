package apicheck

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/packages"
)

var update = flag.Bool("update", false, "rewrite the api/*.txt files from the source")

// pkg is a public package, type-checked, with its declarations indexed.
type pkg struct {
	*packages.Package
	rel  string                             // path in the module
	decl map[types.Object]ast.Node          // FuncDecl, TypeSpec, ValueSpec or Field
	doc  map[types.Object]*ast.CommentGroup // the comment documenting each
}

// thisModule is loaded once; the tests run in internal/apicheck.
var thisModule = sync.OnceValues(func() ([]*pkg, error) { return loadModule("../..") })

func modulePackages(t *testing.T) []*pkg {
	pkgs, err := thisModule()
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}

// loadModule type-checks the packages of the module at root (go list's
// ./..., so not testdata) and returns the public ones: all but the root,
// commands, and those under internal/ or examples/.
func loadModule(root string) ([]*pkg, error) {
	all, err := packages.Load(&packages.Config{Dir: root, Mode: packages.NeedName | packages.NeedModule |
		packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo}, "./...")
	var out []*pkg
	for _, p := range all {
		rel := strings.TrimPrefix(strings.TrimPrefix(p.PkgPath, p.Module.Path), "/")
		if len(p.Errors) > 0 {
			return nil, fmt.Errorf("%s: %v", p.PkgPath, p.Errors[0])
		} else if e := "/" + rel + "/"; rel != "" && p.Name != "main" && !strings.Contains(e, "/internal/") && !strings.Contains(e, "/examples/") {
			out = append(out, index(&pkg{p, rel, map[types.Object]ast.Node{}, map[types.Object]*ast.CommentGroup{}}))
		}
	}
	return out, err
}

// index records the declaration and the doc comment of everything
// declared outside function bodies: a group's comment documents its
// values, and its type if unparenthesized.
func index(p *pkg) *pkg {
	for _, f := range p.Syntax {
		var group, typeDoc *ast.CommentGroup
		ast.Inspect(f, func(n ast.Node) bool {
			var ids []*ast.Ident
			var doc *ast.CommentGroup
			switch n := n.(type) {
			case *ast.GenDecl:
				if group, typeDoc = n.Doc, n.Doc; n.Lparen.IsValid() {
					typeDoc = nil
				}
			case *ast.FuncDecl:
				ids, doc = []*ast.Ident{n.Name}, n.Doc
			case *ast.ValueSpec:
				ids, doc = n.Names, cmp.Or(n.Doc, group)
			case *ast.TypeSpec:
				ids, doc = []*ast.Ident{n.Name}, cmp.Or(n.Doc, typeDoc)
			case *ast.Field:
				ids, doc = n.Names, n.Doc
			}
			for _, id := range ids {
				p.decl[p.TypesInfo.Defs[id]], p.doc[p.TypesInfo.Defs[id]] = n, doc
			}
			_, isFunc := n.(*ast.FuncDecl)
			return !isFunc
		})
	}
	delete(p.decl, nil)
	return p
}

// TestAPI compares each public package's exported API with its file in
// api/ at the module root.
func TestAPI(t *testing.T) {
	for _, problem := range checkAPI("../../api", modulePackages(t), *update) {
		t.Error(problem)
	}
}

// checkAPI compares the listing of each package with its file in dir,
// named for its path with / replaced by _, or with write set rewrites the
// files; a file that lists no package must be empty or absent.
func checkAPI(dir string, pkgs []*pkg, write bool) (problems []string) {
	want, have := map[string]string{}, map[string]string{}
	for _, p := range pkgs {
		want[strings.ReplaceAll(p.rel, "/", "_")+".txt"] = apiText(p)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	for _, f := range files {
		data, rerr := os.ReadFile(f)
		have[filepath.Base(f)], want[filepath.Base(f)], err = string(data), want[filepath.Base(f)], errors.Join(err, rerr)
	}
	for _, name := range slices.Sorted(maps.Keys(want)) {
		if path := filepath.Join(dir, name); write && want[name] == "" {
			err = errors.Join(err, os.Remove(path))
		} else if write {
			err = errors.Join(err, os.WriteFile(path, []byte(want[name]), 0o644))
		} else if d := diffLines(have[name], want[name]); d != "" {
			problems = append(problems, fmt.Sprintf("api/%s differs from the source (- in the file only, + in the source only):\n%s"+
				"If the change is intended, run go test ./internal/apicheck -update and commit the file.", name, d))
		}
	}
	if err != nil {
		problems = append(problems, err.Error())
	}
	return problems
}

// diffLines lists the lines only in old (-) and only in new (+).
func diffLines(old, new string) string {
	lines := func(s string) []string {
		return strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' })
	}
	var b strings.Builder
	for i, pair := range [][2]string{{old, new}, {new, old}} {
		for _, l := range lines(pair[0]) {
			if !slices.Contains(lines(pair[1]), l) {
				b.WriteString("-+"[i:i+1] + " " + l + "\n")
			}
		}
	}
	return b.String()
}

// lister collects the API lines of a package, in the style of the Go
// distribution's api/go1.*.txt files.
type lister struct {
	p     *pkg
	lines []string
}

func (l *lister) emit(format string, args ...any) {
	l.lines = append(l.lines, "pkg "+l.p.rel+", "+fmt.Sprintf(format, args...)+"\n")
}

// apiText lists the exported API of p, one sorted line per declaration. A
// constant shows its type if declared, and its value as written.
func apiText(p *pkg) string {
	l := &lister{p: p}
	for _, name := range p.Types.Scope().Names() {
		if !token.IsExported(name) {
			continue
		}
		switch obj := p.Types.Scope().Lookup(name).(type) {
		case *types.Func: // type parameters as TypeString writes them, then an unnamed signature
			tparams := ""
			if s := types.TypeString(obj.Type(), l.qualify); obj.Signature().TypeParams() != nil {
				tparams = s[len("func") : strings.Index(s, "](")+1]
			}
			l.emit("func %s%s%s", name, tparams, l.sig(obj.Signature()))
		case *types.Var:
			l.emit("var %s %s", name, l.typ(obj.Type()))
		case *types.Const:
			spec := p.decl[obj].(*ast.ValueSpec)
			if b, ok := obj.Type().(*types.Basic); spec.Type != nil || spec.Values == nil && !(ok && b.Info()&types.IsUntyped != 0) {
				l.emit("const %s %s", name, l.typ(obj.Type()))
			}
			value := obj.Val().ExactString() // a spec without values repeats the previous one's
			if i := slices.IndexFunc(spec.Names, func(n *ast.Ident) bool { return n.Name == name }); spec.Values != nil {
				value = types.ExprString(spec.Values[i])
			}
			l.emit("const %s = %s", name, value)
		case *types.TypeName:
			l.typeName(obj)
		}
	}
	slices.Sort(l.lines)
	return strings.Join(l.lines, "")
}

// typeName lists a type, its fields or interface elements, and its
// methods, promoted ones included; an alias of an internal package's type
// lists that type's API, listed nowhere else.
func (l *lister) typeName(obj *types.TypeName) {
	t, head := obj.Type(), l.typ(obj.Type())
	if a, ok := t.(*types.Alias); ok {
		l.emit("type %s = %s", head, l.typ(a.Rhs()))
		n, ok := types.Unalias(a).(*types.Named)
		if !ok || !strings.Contains(n.Obj().Pkg().Path()+"/", "/internal/") {
			return
		}
		t = n
	}
	switch rhs := t.Underlying().(type) {
	case *types.Struct:
		l.emit("type %s struct", head)
		for f := range rhs.Fields() {
			if f.Exported() && f.Embedded() {
				l.emit("type %s struct, embedded %s", head, l.typ(f.Type()))
			} else if f.Exported() {
				l.emit("type %s struct, %s %s", head, f.Name(), l.typ(f.Type()))
			}
		}
	case *types.Interface:
		var names []string
		for m := range rhs.ExplicitMethods() {
			if m.Exported() {
				names = append(names, m.Name())
				l.emit("type %s interface, %s%s", head, m.Name(), l.sig(m.Signature()))
			}
		}
		if slices.Sort(names); len(names) < rhs.NumExplicitMethods() {
			names = append(names, "unexported methods")
		}
		l.emit("type %s interface {%s}", head, strings.TrimSuffix(" "+strings.Join(names, ", ")+" ", "  "))
		for e := range rhs.EmbeddedTypes() {
			if _, union := e.(*types.Union); union {
				l.emit("type %s interface, %s", head, l.typ(e))
			} else {
				l.emit("type %s interface, embedded %s", head, l.typ(e))
			}
		}
		return
	default:
		l.emit("type %s %s", head, l.typ(rhs))
	}
	value := types.NewMethodSet(t)
	for sel := range types.NewMethodSet(types.NewPointer(t)).Methods() {
		m, recv := sel.Obj(), "*"+head
		if value.Lookup(m.Pkg(), m.Name()) != nil {
			recv = head
		}
		if m.Exported() && strings.HasPrefix(m.Pkg().Path()+"/", l.p.Module.Path+"/") { // declared in the module
			l.emit("method (%s) %s%s", recv, m.Name(), l.sig(m.Type().(*types.Signature)))
		}
	}
}

// typ prints a type qualified by package name, a func type without
// parameter names or type parameters.
func (l *lister) typ(t types.Type) string {
	if s, ok := t.(*types.Signature); ok {
		unnamed := func(t *types.Tuple) *types.Tuple {
			var vs []*types.Var
			for v := range t.Variables() {
				vs = append(vs, types.NewParam(token.NoPos, nil, "", v.Type()))
			}
			return types.NewTuple(vs...)
		}
		t = types.NewSignatureType(nil, nil, nil, unnamed(s.Params()), unnamed(s.Results()), s.Variadic())
	}
	return types.TypeString(t, l.qualify)
}

func (l *lister) sig(s *types.Signature) string { return strings.TrimPrefix(l.typ(s), "func") }

func (l *lister) qualify(p *types.Package) string {
	if p == l.p.Types {
		return ""
	}
	return p.Name()
}
