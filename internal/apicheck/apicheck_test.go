package apicheck

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

var update = flag.Bool("update", false, "rewrite the api/*.txt files from the source")

// noHTTP lists the exported methods of the vendor clients that send no
// request, keyed "<package>.<Type>.<Method>", with the reason.
var noHTTP = map[string]string{
	"brightpattern.Client.ClientID":      "returns the client ID given to NewClient",
	"brightpattern.Client.APIVersion":    "returns the API version chosen with WithAPIVersion",
	"brightpattern.EventStream.Position": "returns the position the stream keeps in memory",
	"brightpattern.Client.EventStream":   "returns a stream; its Events method sends the requests",
	// Raw sends the caller's method with the caller's safety (call.Idempotent).
	"anycom.Client.Raw": "the caller's", "brightpattern.Client.Raw": "the caller's",
	"ccaip.Client.Raw": "the caller's", "workspacechat.Client.Raw": "the caller's",
}

// A client method's doc names each HTTP call and, after a dash or in
// brackets, its safety class ("read-only" is idempotent; noRetry is a long
// poll's); a doc that says on what an idempotent call is retried says retriedOn.
const idempotent, unsafe, noRetry, retriedOn = "idempotent", "unsafe", "never retried by this package",
	"retried on connection errors, 429, 502, 503 and 504"

var docFact = regexp.MustCompile(`\b(GET|POST|PUT|PATCH|DELETE)\b|(?:— |\()(idempotent|read-only|unsafe|never retried by this package)\b|\b(retried on [^.;:)]*)`)

// pkg is a type-checked public package, with the syntax and doc of what it declares outside functions.
type pkg struct {
	*packages.Package
	rel  string // path in the module
	decl map[types.Object]ast.Node
	doc  map[types.Object]*ast.CommentGroup
}

// TestAPI compares each public package's API with its listing in api/ (or
// rewrites the listings with -update) and applies the doc rules.
func TestAPI(t *testing.T) {
	pkgs := loadModule(t, "../..") // the tests run in internal/apicheck
	for _, problem := range append(checkAPI("../../api", pkgs, *update), docProblems(pkgs, noHTTP)...) {
		t.Error(problem)
	}
}

// TestChecksFail runs the checks on testdata/mod, which breaks each rule
// once: package v's listing is missing, api/gone.txt lists no package.
func TestChecksFail(t *testing.T) {
	pkgs := loadModule(t, "testdata/mod")
	want := strings.Split(`noHTTP lists v.Client.Gone, which is not an exported method of a vendor client
v/v.go:Client.Any: cannot tell the Method and Safety of the request at v.go:36
v/v.go:Client.Get: builds the requests ["GET" "idempotent"], so noHTTP should list it: false
v/v.go:Client.ID: builds the requests [], so noHTTP should list it: true
v/v.go:Client.Poll: the doc names ["GET" "idempotent"], but the requests it builds are ["GET" "never retried by this package"]
v/v.go:Client.Read: the doc names ["GET" "idempotent" "retried on 429 and 5xx"], but the requests it builds are ["GET" "idempotent"]
v/v.go:Client.Send: the doc names ["POST" "idempotent"], but the requests it builds are ["POST" "unsafe"]
v/v.go:Event.Kind: no doc comment
v/v.go:Pong: no doc comment`, "\n")
	if got := docProblems(pkgs, map[string]string{"v.Client.Gone": "no such method", "v.Client.Get": "builds one"}); !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := strings.Join(checkAPI("testdata/mod/api", pkgs, false), "\n"); !strings.Contains(got, "api/gone.txt differs from the source (- in the file only, + in the source only):\n- pkg v, func Gone()\nIf") ||
		!strings.Contains(got, "api/v.txt differs") || !strings.Contains(got, "\n+ pkg v, type Ping struct, MaxRetries *int\n") {
		t.Errorf("the listing check does not report the missing and the stray listing:\n%s", got)
	}
}

// loadModule type-checks the module at root (not testdata) and returns its
// public packages: all but the root, commands, internal/ and examples/.
func loadModule(t *testing.T, root string) (out []*pkg) {
	all, err := packages.Load(&packages.Config{Dir: root, Mode: packages.NeedName | packages.NeedModule |
		packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo}, "./...")
	for _, p := range all {
		rel := strings.TrimPrefix(strings.TrimPrefix(p.PkgPath, p.Module.Path), "/")
		if len(p.Errors) > 0 {
			err = fmt.Errorf("%s: %v", p.PkgPath, p.Errors[0])
		} else if e := "/" + rel + "/"; rel != "" && p.Name != "main" && !strings.Contains(e, "/internal/") && !strings.Contains(e, "/examples/") {
			out = append(out, index(&pkg{p, rel, map[types.Object]ast.Node{}, map[types.Object]*ast.CommentGroup{}}))
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// index fills decl and doc: a group's comment documents its values, and
// its type if unparenthesized.
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
			case *ast.FuncLit:
				return false
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

// checkAPI compares each package's listing with dir/<path with _ for />.txt,
// or rewrites the files; a file that lists no package must be absent.
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
func diffLines(old, new string) (diff string) {
	lines := func(s string) []string {
		return strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' })
	}
	for i, pair := range [][2][]string{{lines(old), lines(new)}, {lines(new), lines(old)}} {
		for _, l := range pair[0] {
			if !slices.Contains(pair[1], l) {
				diff += "-+"[i:i+1] + " " + l + "\n"
			}
		}
	}
	return diff
}

// lister collects the API lines of a package, as in Go's api/go1.*.txt.
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
	for _, name := range slices.DeleteFunc(p.Types.Scope().Names(), func(n string) bool { return !token.IsExported(n) }) {
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

// typeName lists a type, its fields or interface elements and its methods,
// promoted ones included, and an aliased internal type's API too.
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
			if f.Exported() {
				l.emit("type %s struct, %s %s", head, map[bool]string{true: "embedded", false: f.Name()}[f.Embedded()], l.typ(f.Type()))
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
			_, union := e.(*types.Union)
			l.emit("type %s interface, %s%s", head, map[bool]string{false: "embedded "}[union], l.typ(e))
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

// typ prints a type qualified by package name, without parameter names.
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

// docProblems requires a doc comment on every exported identifier but
// struct fields and the methods implementing an exported interface of
// their package, which documents them. The doc of a vendor client's method
// (of Client or a struct with a *Client) names the calls its httpcore
// Request literals declare, unless noHTTP lists it.
func docProblems(pkgs []*pkg, noHTTP map[string]string) (out []string) {
	unseen := maps.Clone(noHTTP)
	for _, p := range pkgs {
		client, _ := p.Types.Scope().Lookup("Client").(*types.TypeName)
		for obj, n := range p.decl {
			fn, _ := obj.(*types.Func)
			ident, recv := obj.Name(), types.Type(nil)
			if fn != nil && fn.Signature().Recv() != nil {
				recv = fn.Signature().Recv().Type()
				ident = strings.TrimPrefix(types.TypeString(recv, func(*types.Package) string { return "" }), "*") + "." + ident
			}
			where := p.rel + "/" + filepath.Base(p.Fset.Position(n.Pos()).Filename) + ":" + ident + ": "
			switch {
			case !obj.Exported() || !token.IsExported(strings.Split(ident, ".")[0]) || fn == nil && obj.Parent() != p.Types.Scope():
			case p.doc[obj] == nil && !slices.ContainsFunc(p.Types.Scope().Names(), func(name string) bool {
				tn, ok := p.Types.Scope().Lookup(name).(*types.TypeName) // an exported interface type
				return ok && tn.Exported() && types.IsInterface(tn.Type()) && recv != nil && !types.IsInterface(recv) &&
					types.Implements(recv, tn.Type().Underlying().(*types.Interface)) && types.NewMethodSet(tn.Type()).Lookup(p.Types, obj.Name()) != nil
			}):
				out = append(out, where+"no doc comment")
			case recv != nil && client != nil && isClient(recv, client.Type()):
				delete(unseen, p.Name+"."+ident)
				for _, problem := range operationProblems(p, n.(*ast.FuncDecl), noHTTP[p.Name+"."+ident] != "") {
					out = append(out, where+problem)
				}
			}
		}
	}
	for k := range unseen {
		out = append(out, "noHTTP lists "+k+", which is not an exported method of a vendor client")
	}
	slices.Sort(out)
	return out
}

// isClient reports whether recv is client, or a struct with a *client field.
func isClient(recv, client types.Type) bool {
	if p, ok := recv.(*types.Pointer); ok {
		recv = p.Elem()
	}
	st, ok := recv.Underlying().(*types.Struct)
	return ok && (types.Identical(recv, client) || slices.ContainsFunc(slices.Collect(st.Fields()), func(f *types.Var) bool {
		return types.Identical(f.Type(), types.NewPointer(client))
	}))
}

// operationProblems compares the calls and safety classes that fd's doc
// names with those of the Request literals reachable from fd, constant
// arguments bound to parameters: unsafe if Safety is Unsafe or unset, never
// retried if MaxRetries is &x (a long poll's zero), else idempotent. A
// watcher sends its polls once through callopt.Once: its Safety stands.
func operationProblems(p *pkg, fd *ast.FuncDecl, noHTTP bool) (problems []string) {
	facts, seen, info := map[string]bool{}, map[string]bool{}, p.TypesInfo
	declOf := func(e ast.Expr) ast.Node {
		if sel, ok := e.(*ast.SelectorExpr); ok {
			e = sel.Sel
		}
		id, _ := e.(*ast.Ident)
		if fn, ok := info.Uses[id].(*types.Func); ok {
			return p.decl[fn.Origin()]
		}
		return p.decl[info.Uses[id]]
	}
	var walk func(decl ast.Node, env map[*types.Var]constant.Value)
	walk = func(decl ast.Node, env map[*types.Var]constant.Value) {
		key := fmt.Sprint(decl.Pos(), env)
		if seen[key] {
			return
		}
		seen[key] = true
		eval := func(e ast.Expr) constant.Value { // a constant, or a parameter bound to one
			id, _ := ast.Unparen(e).(*ast.Ident)
			v, _ := info.Uses[id].(*types.Var)
			return cmp.Or(info.Types[e].Value, env[v])
		}
		var visit func(n ast.Node) bool
		visit = func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CompositeLit:
				t, ok := types.Unalias(info.TypeOf(n)).(*types.Named)
				if !ok || t.Obj().Name() != "Request" || !strings.HasSuffix(t.Obj().Pkg().Path(), "/internal/httpcore") {
					return true
				}
				fields, safety := map[string]ast.Expr{}, constant.MakeInt64(0) // the zero Safety is Unsafe
				for _, e := range n.Elts {
					if kv, ok := e.(*ast.KeyValueExpr); ok {
						fields[kv.Key.(*ast.Ident).Name] = kv.Value
					}
				}
				if fields["Safety"] != nil {
					safety = eval(fields["Safety"])
				}
				u, _ := fields["MaxRetries"].(*ast.UnaryExpr) // &x: fixed where the request is built
				method, class := eval(fields["Method"]), map[bool]string{true: noRetry, false: unsafe}[u != nil && u.Op == token.AND]
				if pos := p.Fset.Position(n.Pos()); method == nil || safety == nil || method.Kind() != constant.String {
					problems = append(problems, fmt.Sprintf("cannot tell the Method and Safety of the request at %s:%d",
						filepath.Base(pos.Filename), pos.Line))
					return true
				}
				if class == unsafe && constant.Compare(safety, token.EQL, t.Obj().Pkg().Scope().Lookup("Idempotent").(*types.Const).Val()) {
					class = idempotent
				}
				facts[constant.StringVal(method)], facts[class] = true, true
			case *ast.CallExpr:
				if callee, ok := declOf(n.Fun).(*ast.FuncDecl); ok {
					params, bound := info.Defs[callee.Name].Type().(*types.Signature).Params(), map[*types.Var]constant.Value{}
					for i := range min(params.Len(), len(n.Args)) {
						bound[params.At(i)] = eval(n.Args[i])
					}
					walk(callee, bound)
					for _, a := range n.Args {
						ast.Inspect(a, visit)
					}
					return false
				}
			case ast.Expr: // a function value called with unknown arguments, or a var
				if d := declOf(n); d != nil {
					walk(d, nil)
				}
			}
			return true
		}
		ast.Inspect(decl, visit)
	}
	walk(fd, nil)
	doc, named := strings.Join(strings.Fields(fd.Doc.Text()), " "), map[string]bool{}
	for _, m := range docFact.FindAllStringSubmatch(doc, -1) {
		named[m[1]+strings.Replace(m[2], "read-only", idempotent, 1)+m[3]] = true
	}
	if facts[idempotent] && named[retriedOn] {
		facts[retriedOn] = true
	}
	switch {
	case len(problems) > 0:
	case noHTTP != (len(facts) == 0): // noHTTP lists the methods that build no request
		problems = append(problems, fmt.Sprintf("builds the requests %q, so noHTTP should list it: %t", slices.Sorted(maps.Keys(facts)), !noHTTP))
	case !noHTTP && !maps.Equal(named, facts):
		problems = append(problems, fmt.Sprintf("the doc names %q, but the requests it builds are %q",
			slices.Sorted(maps.Keys(named)), slices.Sorted(maps.Keys(facts))))
	}
	return problems
}
