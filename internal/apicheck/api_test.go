package apicheck

import (
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the api/*.txt files from the source")

// TestAPI compares each public package's exported API with its file in
// api/ at the module root.
func TestAPI(t *testing.T) {
	m, pkgs := load(t)
	dir := filepath.Join(m.root, "api")
	want := map[string][]string{} // file name -> lines
	for _, p := range pkgs {
		want[apiFileName(p)] = apiLines(m, p)
	}

	stale, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range stale {
			if _, ok := want[filepath.Base(f)]; !ok {
				if err := os.Remove(f); err != nil {
					t.Fatal(err)
				}
			}
		}
		for name, lines := range want {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(joinLines(lines)), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}

	for _, f := range stale {
		if _, ok := want[filepath.Base(f)]; !ok {
			t.Errorf("api/%s lists no package of the module any more; run go test ./internal/apicheck -update", filepath.Base(f))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(want)) {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) {
			t.Errorf("api/%s is missing; run go test ./internal/apicheck -update", name)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if d := diffLines(splitLines(string(data)), want[name]); d != "" {
			t.Errorf("the API differs from api/%s (- in the file only, + in the source only):\n%s"+
				"If the change is intended, run go test ./internal/apicheck -update and commit the file.", name, d)
		}
	}
}

// apiFileName names a package's file in api/: its path relative to the
// module with / replaced by _.
func apiFileName(p *pkg) string {
	return strings.ReplaceAll(p.rel, "/", "_") + ".txt"
}

func joinLines(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}

func splitLines(s string) []string {
	var out []string
	for l := range strings.Lines(s) {
		if l = strings.TrimRight(l, "\r\n"); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// diffLines lists the lines only in old (-) and only in new (+), each
// list sorted; both inputs are sets of lines.
func diffLines(old, new []string) string {
	in := func(s []string) map[string]bool {
		m := make(map[string]bool, len(s))
		for _, l := range s {
			m[l] = true
		}
		return m
	}
	oldSet, newSet := in(old), in(new)
	var b strings.Builder
	for _, l := range slices.Sorted(maps.Keys(oldSet)) {
		if !newSet[l] {
			fmt.Fprintf(&b, "- %s\n", l)
		}
	}
	for _, l := range slices.Sorted(maps.Keys(newSet)) {
		if !oldSet[l] {
			fmt.Fprintf(&b, "+ %s\n", l)
		}
	}
	return b.String()
}

// lister collects the API lines of one package.
type lister struct {
	m     *module
	p     *pkg
	lines map[string]bool
}

// apiLines returns the exported API of p, one sorted line per
// declaration.
func apiLines(m *module, p *pkg) []string {
	l := &lister{m: m, p: p, lines: map[string]bool{}}
	for _, f := range p.files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				l.funcDecl(d)
			case *ast.GenDecl:
				l.genDecl(d)
			}
		}
	}
	return slices.Sorted(maps.Keys(l.lines))
}

func (l *lister) emit(format string, args ...any) {
	l.lines["pkg "+l.p.rel+", "+fmt.Sprintf(format, args...)] = true
}

func (l *lister) funcDecl(d *ast.FuncDecl) {
	if !d.Name.IsExported() {
		return
	}
	if d.Recv == nil {
		l.emit("func %s%s%s", d.Name.Name, typeParams(d.Type.TypeParams, identity), signature(d.Type, identity))
		return
	}
	if !token.IsExported(recvBase(d)) {
		return
	}
	l.emit("method (%s) %s%s", typeString(d.Recv.List[0].Type, identity), d.Name.Name, signature(d.Type, identity))
}

func (l *lister) genDecl(d *ast.GenDecl) {
	switch d.Tok {
	case token.TYPE:
		for _, s := range d.Specs {
			if ts := s.(*ast.TypeSpec); ts.Name.IsExported() {
				l.typeSpec(ts)
			}
		}
	case token.CONST:
		l.constDecl(d)
	case token.VAR:
		for _, s := range d.Specs {
			vs := s.(*ast.ValueSpec)
			for i, n := range vs.Names {
				if !n.IsExported() {
					continue
				}
				if typ, ok := l.valueType(l.p, valueRef{d, vs, i}, 0); ok {
					l.emit("var %s %s", n.Name, typ)
				} else {
					l.emit("var %s = %s", n.Name, exprString(vs.Values[i]))
				}
			}
		}
	}
}

// constDecl lists a const declaration's exported names with their type,
// when declared, and their value as written (a spec without values
// repeats the previous one's type and values).
func (l *lister) constDecl(d *ast.GenDecl) {
	var typ ast.Expr
	var values []ast.Expr
	for _, s := range d.Specs {
		vs := s.(*ast.ValueSpec)
		if vs.Type != nil || len(vs.Values) > 0 {
			typ, values = vs.Type, vs.Values
		}
		for i, n := range vs.Names {
			if !n.IsExported() {
				continue
			}
			if typ != nil {
				l.emit("const %s %s", n.Name, typeString(typ, identity))
			}
			if i < len(values) {
				l.emit("const %s = %s", n.Name, exprString(values[i]))
			}
		}
	}
}

func (l *lister) typeSpec(ts *ast.TypeSpec) {
	name := ts.Name.Name
	tparams := typeParams(ts.TypeParams, identity)
	if ts.Assign.IsValid() {
		l.emit("type %s%s = %s", name, tparams, typeString(ts.Type, identity))
		// An alias of a type from an internal package of the module
		// exposes that type's API, listed nowhere else.
		if from, target := l.resolve(l.p, ts.Type); target != nil && from != l.p && isInternal(from.rel) {
			l.typeBody(name, target.Type, qualify(l.p, from))
			l.promoted(name, from, target.Name.Name, nil)
		}
		return
	}
	l.typeBody(name+tparams, ts.Type, identity)
	l.promoted(name+typeParamNames(ts.TypeParams), l.p, name, l.p.methods[name])
}

func isInternal(rel string) bool {
	return rel == "internal" || strings.HasPrefix(rel, "internal/") || strings.Contains(rel, "/internal/") ||
		strings.HasSuffix(rel, "/internal")
}

func typeParamNames(fl *ast.FieldList) string {
	if fl == nil || len(fl.List) == 0 {
		return ""
	}
	var names []string
	for _, f := range fl.List {
		for _, n := range f.Names {
			names = append(names, n.Name)
		}
	}
	return "[" + strings.Join(names, ", ") + "]"
}

// typeBody lists a named type: "type T struct" and its exported fields,
// "type T interface { M }" and its methods, or "type T <underlying>".
func (l *lister) typeBody(head string, e ast.Expr, q qualifier) {
	switch x := e.(type) {
	case *ast.StructType:
		l.emit("type %s struct", head)
		for _, f := range x.Fields.List {
			if len(f.Names) == 0 {
				if token.IsExported(embeddedName(f.Type)) {
					l.emit("type %s struct, embedded %s", head, typeString(f.Type, q))
				}
				continue
			}
			for _, n := range f.Names {
				if n.IsExported() {
					l.emit("type %s struct, %s %s", head, n.Name, typeString(f.Type, q))
				}
			}
		}
	case *ast.InterfaceType:
		var names []string
		unexported := false
		for _, f := range x.Methods.List {
			ft, isMethod := f.Type.(*ast.FuncType)
			switch {
			case !isMethod:
				if elem := typeString(f.Type, q); token.IsExported(embeddedName(f.Type)) {
					l.emit("type %s interface, embedded %s", head, elem)
				} else {
					l.emit("type %s interface, %s", head, elem)
				}
			case f.Names[0].IsExported():
				names = append(names, f.Names[0].Name)
				l.emit("type %s interface, %s%s", head, f.Names[0].Name, signature(ft, q))
			default:
				unexported = true
			}
		}
		slices.Sort(names)
		if unexported {
			names = append(names, "unexported methods")
		}
		if len(names) == 0 {
			l.emit("type %s interface {}", head)
		} else {
			l.emit("type %s interface { %s }", head, strings.Join(names, ", "))
		}
	default:
		l.emit("type %s %s", head, typeString(e, q))
	}
}

// embeddedName is the type name of an embedded field: "Server" for
// *fakekit.Server.
func embeddedName(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.SelectorExpr:
			return x.Sel.Name
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

// promoted lists the exported methods that the type name of package from
// gets through its embedded fields, except those in own (its declared
// methods, already listed).
func (l *lister) promoted(recv string, from *pkg, name string, own []*ast.FuncDecl) {
	value, ptr := l.methodSet(from, name, 0)
	for _, d := range own {
		delete(value, d.Name.Name)
		delete(ptr, d.Name.Name)
	}
	for _, m := range slices.Sorted(maps.Keys(ptr)) {
		if _, ok := value[m]; ok {
			l.emit("method (%s) %s", recv, value[m])
		} else {
			l.emit("method (*%s) %s", recv, ptr[m])
		}
	}
}

// methodSet returns the exported methods ("Name(sig) results", shown in
// l.p) of the value and the pointer method sets of type name in p,
// including the methods promoted from embedded fields that resolve to
// types of this module.
func (l *lister) methodSet(p *pkg, name string, depth int) (value, ptr map[string]string) {
	value, ptr = map[string]string{}, map[string]string{}
	if depth > 5 {
		return value, ptr
	}
	q := qualify(l.p, p)
	for _, d := range p.methods[name] {
		if !d.Name.IsExported() {
			continue
		}
		sig := d.Name.Name + signature(d.Type, q)
		ptr[d.Name.Name] = sig
		if _, isPtr := d.Recv.List[0].Type.(*ast.StarExpr); !isPtr {
			value[d.Name.Name] = sig
		}
	}
	ts := p.types[name]
	if ts == nil {
		return value, ptr
	}
	switch x := ts.Type.(type) {
	case *ast.StructType:
		for _, f := range x.Fields.List {
			if len(f.Names) > 0 {
				continue
			}
			from, target := l.resolve(p, f.Type)
			if target == nil {
				continue
			}
			ev, ep := l.methodSet(from, target.Name.Name, depth+1)
			_, embeddedPtr := f.Type.(*ast.StarExpr)
			for m, sig := range ep {
				if _, ok := ptr[m]; ok {
					continue
				}
				ptr[m] = sig
				if _, inValue := ev[m]; inValue || embeddedPtr {
					value[m] = sig
				}
			}
		}
	case *ast.InterfaceType:
		if depth == 0 {
			return value, ptr // listed with the interface itself
		}
		for _, f := range x.Methods.List {
			if ft, ok := f.Type.(*ast.FuncType); ok && f.Names[0].IsExported() {
				sig := f.Names[0].Name + signature(ft, q)
				value[f.Names[0].Name], ptr[f.Names[0].Name] = sig, sig
			}
		}
	}
	return value, ptr
}

// resolve finds the declaration of the named type e refers to from
// package p, when it is declared in this module.
func (l *lister) resolve(p *pkg, e ast.Expr) (*pkg, *ast.TypeSpec) {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
			continue
		case *ast.IndexExpr:
			e = x.X
			continue
		case *ast.IndexListExpr:
			e = x.X
			continue
		case *ast.Ident:
			return p, p.types[x.Name]
		case *ast.SelectorExpr:
			from := l.imported(p, x)
			if from == nil {
				return nil, nil
			}
			return from, from.types[x.Sel.Name]
		}
		return nil, nil
	}
}

// imported returns the module package that the qualified identifier sel
// (pkgname.Name) in p refers to, or nil.
func (l *lister) imported(p *pkg, sel *ast.SelectorExpr) *pkg {
	id, ok := sel.X.(*ast.Ident)
	if !ok {
		return nil
	}
	f := l.m.fileOf(p, sel.Pos())
	if f == nil {
		return nil
	}
	path, ok := importOf(f, id.Name)
	if !ok {
		return nil
	}
	from, err := l.m.load(path)
	if err != nil {
		return nil
	}
	return from
}

// valueType infers the type of a var (or const) declared without one from
// its value: a composite literal, errors.New, a call of a function of the
// module, a literal, or another value of the module.
func (l *lister) valueType(p *pkg, ref valueRef, depth int) (string, bool) {
	if ref.spec.Type != nil {
		return typeString(ref.spec.Type, qualify(l.p, p)), true
	}
	if depth > 5 || len(ref.spec.Values) != len(ref.spec.Names) {
		return "", false
	}
	return l.exprType(p, ref.spec.Values[ref.index], depth)
}

func (l *lister) exprType(p *pkg, e ast.Expr, depth int) (string, bool) {
	q := qualify(l.p, p)
	switch x := e.(type) {
	case *ast.ParenExpr:
		return l.exprType(p, x.X, depth)
	case *ast.BasicLit:
		return map[token.Token]string{token.STRING: "string", token.INT: "int", token.FLOAT: "float64",
			token.IMAG: "complex128", token.CHAR: "rune"}[x.Kind], true
	case *ast.CompositeLit:
		if x.Type != nil {
			return typeString(x.Type, q), true
		}
	case *ast.UnaryExpr:
		if lit, ok := x.X.(*ast.CompositeLit); ok && x.Op == token.AND && lit.Type != nil {
			return "*" + typeString(lit.Type, q), true
		}
	case *ast.Ident:
		if ref, ok := p.values[x.Name]; ok {
			return l.valueType(p, ref, depth+1)
		}
	case *ast.SelectorExpr:
		if from := l.imported(p, x); from != nil {
			if ref, ok := from.values[x.Sel.Name]; ok {
				return l.valueType(from, ref, depth+1)
			}
		}
	case *ast.CallExpr:
		return l.callType(p, x)
	}
	return "", false
}

// callType is the type of a call with one result, or of a conversion.
func (l *lister) callType(p *pkg, call *ast.CallExpr) (string, bool) {
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		if d, ok := p.funcs[fn.Name]; ok {
			return singleResult(d, qualify(l.p, p))
		}
		if _, ok := p.types[fn.Name]; ok {
			return qualify(l.p, p)(fn.Name), true
		}
	case *ast.SelectorExpr:
		id, ok := fn.X.(*ast.Ident)
		if !ok {
			break
		}
		if f := l.m.fileOf(p, fn.Pos()); f != nil {
			if path, _ := importOf(f, id.Name); (path == "errors" && fn.Sel.Name == "New") ||
				(path == "fmt" && fn.Sel.Name == "Errorf") {
				return "error", true
			}
		}
		if from := l.imported(p, fn); from != nil {
			if d, ok := from.funcs[fn.Sel.Name]; ok {
				return singleResult(d, qualify(l.p, from))
			}
			if _, ok := from.types[fn.Sel.Name]; ok {
				return from.name + "." + fn.Sel.Name, true
			}
		}
	}
	return "", false
}

func singleResult(d *ast.FuncDecl, q qualifier) (string, bool) {
	res := fieldTypes(d.Type.Results, q)
	if len(res) != 1 {
		return "", false
	}
	return res[0], true
}
