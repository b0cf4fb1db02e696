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
	decl map[types.Object]ast.Node          // FuncDecl, TypeSpec or ValueSpec of each top-level object
	doc  map[types.Object]*ast.CommentGroup // the comment documenting each, and each interface method
}

// thisModule is loaded once; the tests run in internal/apicheck.
var thisModule = sync.OnceValues(func() ([]*pkg, error) { return loadModule("../..") })

// loadModule type-checks the packages of the module at root (go list's
// ./..., which skips testdata) and returns the public ones: all but the
// root, commands, and those under internal/ or examples/.
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

// index records each top-level object's declaration and doc comment: a
// group's comment documents its values, and its type if it has no
// parentheses.
func index(p *pkg) *pkg {
	add := func(id *ast.Ident, n ast.Node, docs ...*ast.CommentGroup) {
		if obj := p.TypesInfo.Defs[id]; obj != nil {
			p.decl[obj], p.doc[obj] = n, cmp.Or(docs...)
		}
	}
	for _, f := range p.Syntax {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				add(fd.Name, fd, fd.Doc)
				continue
			}
			gd, typeDoc := d.(*ast.GenDecl), d.(*ast.GenDecl).Doc
			if gd.Lparen.IsValid() {
				typeDoc = nil
			}
			for _, s := range gd.Specs {
				if vs, ok := s.(*ast.ValueSpec); ok {
					for _, n := range vs.Names {
						add(n, vs, vs.Doc, gd.Doc)
					}
				} else if ts, ok := s.(*ast.TypeSpec); ok {
					add(ts.Name, ts, ts.Doc, typeDoc)
					if it, ok := ts.Type.(*ast.InterfaceType); ok {
						for _, m := range it.Methods.List {
							if len(m.Names) == 1 {
								add(m.Names[0], m, m.Doc)
							}
						}
					}
				}
			}
		}
	}
	return p
}

// TestAPI compares each public package's exported API with its file in
// api/ at the module root.
func TestAPI(t *testing.T) {
	pkgs, err := thisModule()
	if err == nil {
		var diffs []string
		diffs, err = checkAPI("../../api", pkgs, *update)
		for _, d := range diffs {
			t.Error(d)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
}

// checkAPI compares the listing of each package with its file in dir,
// named for its path with / replaced by _, and returns the differences.
// With write set it rewrites the files instead, removing stale ones.
func checkAPI(dir string, pkgs []*pkg, write bool) ([]string, error) {
	want := map[string]string{}
	for _, p := range pkgs {
		want[strings.ReplaceAll(p.rel, "/", "_")+".txt"] = apiText(p)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	have, names := map[string]string{}, slices.Sorted(maps.Keys(want))
	for _, f := range files {
		data, rerr := os.ReadFile(f)
		have[filepath.Base(f)], err = string(data), errors.Join(err, rerr)
		if _, ok := want[filepath.Base(f)]; !ok {
			names = append(names, filepath.Base(f))
		}
	}
	var diffs []string
	for _, name := range names {
		switch _, wanted := want[name]; {
		case write && !wanted:
			err = errors.Join(err, os.Remove(filepath.Join(dir, name)))
		case write:
			err = errors.Join(err, os.WriteFile(filepath.Join(dir, name), []byte(want[name]), 0o644))
		case diffLines(have[name], want[name]) != "":
			diffs = append(diffs, fmt.Sprintf("api/%s differs from the source (- in the file only, + in the source only):\n%s"+
				"If the change is intended, run go test ./internal/apicheck -update and commit the file.",
				name, diffLines(have[name], want[name])))
		}
	}
	return diffs, err
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
		case *types.Func:
			var tparams []string
			for tp := range obj.Signature().TypeParams().TypeParams() {
				tparams = append(tparams, tp.Obj().Name()+" "+l.typ(tp.Constraint()))
			}
			if len(tparams) > 0 {
				name += "[" + strings.Join(tparams, ", ") + "]"
			}
			l.emit("func %s%s", name, l.sig(obj.Signature()))
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
			l.typeSpec(p.decl[obj].(*ast.TypeSpec))
		}
	}
	slices.Sort(l.lines)
	return strings.Join(slices.Compact(l.lines), "")
}

// typeSpec lists a type, its fields or interface elements, and its
// methods, promoted ones included; an alias of an internal package's type
// lists that type's API too, which is listed nowhere else.
func (l *lister) typeSpec(s *ast.TypeSpec) {
	t, rhs := l.p.TypesInfo.Defs[s.Name].Type(), l.p.TypesInfo.Types[s.Type].Type
	head := l.typ(t)
	if s.Assign.IsValid() {
		l.emit("type %s = %s", head, l.typ(rhs))
		n, ok := types.Unalias(rhs).(*types.Named)
		if !ok || !strings.Contains(n.Obj().Pkg().Path()+"/", "/internal/") {
			return
		}
		t, rhs = n, n.Underlying()
	}
	switch rhs := rhs.(type) {
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
		if m.Exported() && strings.HasPrefix(m.Pkg().Path()+"/", l.p.Module.Path+"/") { // promoted from the module
			l.emit("method (%s) %s%s", recv, m.Name(), l.sig(m.Type().(*types.Signature)))
		}
	}
}

// typ prints a type qualified by package name, a func type without
// parameter names.
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
	return types.TypeString(t, func(p *types.Package) string {
		if p == l.p.Types {
			return ""
		}
		return p.Name()
	})
}

func (l *lister) sig(s *types.Signature) string { return strings.TrimPrefix(l.typ(s), "func") }

// TestAPIChangeFails lists testdata/mod, changes the listing and checks
// that the difference is reported.
func TestAPIChangeFails(t *testing.T) {
	pkgs, err := loadModule("testdata/mod")
	dir := t.TempDir()
	if err == nil {
		_, err = checkAPI(dir, pkgs, true)
	}
	data, rerr := os.ReadFile(filepath.Join(dir, "v.txt"))
	if err = errors.Join(err, rerr); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"type Ping struct, Method string", "method (Pong) Kind() string", "method (*Client) Get()"} {
		if !strings.Contains(string(data), "pkg v, "+line+"\n") {
			t.Errorf("the listing lacks %q:\n%s", line, data)
		}
	}
	changed := strings.Replace(string(data), "method (*Client) Get()", "method (*Client) Got()", 1)
	if err := os.WriteFile(filepath.Join(dir, "v.txt"), []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	diffs, err := checkAPI(dir, pkgs, false)
	if err != nil || len(diffs) != 1 || !strings.Contains(diffs[0], "- pkg v, method (*Client) Got()\n+ pkg v, method (*Client) Get()\n") {
		t.Errorf("got %q, %v; want the changed line reported", diffs, err)
	}
}
