package apicheck

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// noHTTP lists the exported methods of the vendor clients that send no
// request, keyed "<package>.<Type>.<Method>", with the reason.
var noHTTP = map[string]string{
	"brightpattern.Client.ClientID":   "returns the client ID given to NewClient",
	"brightpattern.Client.APIVersion": "returns the API version chosen with WithAPIVersion",
}

// TestDocComments applies the doc rules to every public package.
func TestDocComments(t *testing.T) {
	pkgs, err := thisModule()
	if err != nil {
		t.Fatal(err)
	}
	for _, pr := range docProblems(pkgs, noHTTP) {
		t.Error(pr)
	}
}

// The safety classes, as the docs name them ("read-only" is idempotent),
// and the one list a doc may give after "retried on".
const (
	idempotent, unsafe, noRetry = "idempotent", "unsafe", "never retried by this package"
	retries                     = "connection errors, 429, 502, 503 and 504"
)

var (
	httpMethod = regexp.MustCompile(`\b(GET|POST|PUT|PATCH|DELETE)\b`)
	safetyTerm = regexp.MustCompile(`(?:— |\()(idempotent|read-only|unsafe|never retried by this package)\b`)
	retriedOn  = regexp.MustCompile(`\bretried on (.*?)(?:[.;:)]|$)`)
)

// docProblems applies the doc rules to pkgs, and checks that each noHTTP
// entry names a client method.
func docProblems(pkgs []*pkg, noHTTP map[string]string) (out []string) {
	seen := map[string]bool{}
	for _, p := range pkgs {
		for obj, n := range p.decl {
			ident, recv := obj.Name(), receiver(obj)
			if recv != nil {
				ident = recv.Obj().Name() + "." + ident
			}
			where := p.rel + "/" + filepath.Base(p.Fset.Position(n.Pos()).Filename) + ":" + ident + ": "
			switch {
			case !obj.Exported() || recv != nil && !recv.Obj().Exported():
			case p.doc[obj] == nil && !implementsExported(obj, recv):
				out = append(out, where+"no doc comment")
			case recv != nil && isClient(recv):
				_, exempt := noHTTP[p.Name+"."+ident]
				seen[p.Name+"."+ident] = true
				for _, msg := range operationProblems(p, n.(*ast.FuncDecl), exempt) {
					out = append(out, where+msg)
				}
			}
		}
	}
	for k := range noHTTP {
		if !seen[k] {
			out = append(out, "noHTTP lists "+k+", which is not an exported method of a vendor client")
		}
	}
	slices.Sort(out)
	return out
}

// receiver is the named type a method is declared on, or nil.
func receiver(obj types.Object) *types.Named {
	fn, ok := obj.(*types.Func)
	if !ok || fn.Signature().Recv() == nil {
		return nil
	}
	if p, ok := fn.Signature().Recv().Type().(*types.Pointer); ok {
		return p.Elem().(*types.Named)
	}
	return fn.Signature().Recv().Type().(*types.Named)
}

// implementsExported reports whether the method obj of a non-interface
// type implements a method of an exported interface of its package, which
// the rules require to be documented: the marker methods of a sealed
// interface.
func implementsExported(obj types.Object, recv *types.Named) bool {
	for _, name := range obj.Pkg().Scope().Names() {
		it, ok := obj.Pkg().Scope().Lookup(name).Type().Underlying().(*types.Interface)
		if ok && token.IsExported(name) && recv != nil && !types.IsInterface(recv) &&
			types.Implements(obj.(*types.Func).Signature().Recv().Type(), it) &&
			types.NewMethodSet(it).Lookup(obj.Pkg(), obj.Name()) != nil {
			return true
		}
	}
	return false
}

// isClient reports whether t is a vendor client: the struct type Client
// of its package, or a struct type with a field of type *Client.
func isClient(t *types.Named) bool {
	client, _ := t.Obj().Pkg().Scope().Lookup("Client").(*types.TypeName)
	st, ok := t.Underlying().(*types.Struct)
	if client == nil || !ok {
		return false
	}
	for f := range st.Fields() {
		if types.Identical(f.Type(), types.NewPointer(client.Type())) {
			return true
		}
	}
	return t.Obj() == client
}

// operationProblems checks a client method's doc against the requests it
// builds: it names their HTTP methods and safety classes and no others,
// and says "retried on" only with the list for idempotent requests.
func operationProblems(p *pkg, d *ast.FuncDecl, noHTTP bool) []string {
	tr := &tracer{p: p, seen: map[string]bool{}, facts: map[string]bool{}}
	tr.walk(d, nil)
	doc, facts := strings.Join(strings.Fields(d.Doc.Text()), " "), map[string]bool{}
	for _, m := range httpMethod.FindAllString(doc, -1) {
		facts[m] = true
	}
	for _, m := range safetyTerm.FindAllStringSubmatch(doc, -1) {
		facts[strings.Replace(m[1], "read-only", idempotent, 1)] = true
	}
	switch {
	case noHTTP && len(tr.facts) > 0:
		return append(tr.problems, "is in noHTTP but builds an httpcore.Request")
	case noHTTP || len(tr.problems) > 0:
		return tr.problems
	case len(tr.facts) == 0:
		return []string{"builds no httpcore.Request; if it sends none, add it to noHTTP with the reason"}
	case !maps.Equal(facts, tr.facts):
		return []string{fmt.Sprintf("the doc names %q, but the requests it builds are %q",
			slices.Sorted(maps.Keys(facts)), slices.Sorted(maps.Keys(tr.facts)))}
	}
	for _, m := range retriedOn.FindAllStringSubmatch(doc, -1) {
		if m[1] != retries || !tr.facts[idempotent] {
			return []string{fmt.Sprintf("the doc says %q; only idempotent requests are retried, on %s", m[0], retries)}
		}
	}
	return nil
}

// tracer collects the HTTP methods and safety classes of the
// httpcore.Request literals reachable from a function through the
// functions and package-level vars of its package, with each call's
// constant arguments bound to the callee's parameters.
type tracer struct {
	p           *pkg
	seen, facts map[string]bool
	problems    []string
}

func (tr *tracer) walk(decl ast.Node, env map[*types.Var]constant.Value) {
	key, info := fmt.Sprint(decl.Pos(), env), tr.p.TypesInfo
	if tr.seen[key] {
		return
	}
	tr.seen[key] = true
	eval := func(e ast.Expr) constant.Value {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok && info.Types[e].Value == nil {
			v, _ := info.Uses[id].(*types.Var)
			return env[v]
		}
		return info.Types[e].Value
	}
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CompositeLit:
			if t, ok := types.Unalias(info.TypeOf(n)).(*types.Named); ok && t.Obj().Name() == "Request" &&
				strings.HasSuffix(t.Obj().Pkg().Path(), "/internal/httpcore") {
				tr.request(n, t.Obj().Pkg(), eval)
			}
		case *ast.CallExpr:
			if callee, ok := tr.decl(n.Fun).(*ast.FuncDecl); ok {
				params, bound := info.Defs[callee.Name].Type().(*types.Signature).Params(), map[*types.Var]constant.Value{}
				for i := range min(params.Len(), len(n.Args)) {
					bound[params.At(i)] = eval(n.Args[i])
				}
				tr.walk(callee, bound)
				for _, a := range n.Args {
					ast.Inspect(a, visit)
				}
				return false
			}
		case ast.Expr: // a function value, called with unknown arguments, or a var
			if d := tr.decl(n); d != nil {
				tr.walk(d, nil)
			}
		}
		return true
	}
	ast.Inspect(decl, visit)
}

// decl is the declaration of the function or package-level var of this
// package that e names, or nil.
func (tr *tracer) decl(e ast.Expr) ast.Node {
	if sel, ok := e.(*ast.SelectorExpr); ok {
		e = sel.Sel
	}
	id, _ := e.(*ast.Ident)
	obj := tr.p.TypesInfo.Uses[id]
	if fn, ok := obj.(*types.Func); ok {
		obj = fn.Origin()
	}
	switch d := tr.p.decl[obj].(type) {
	case *ast.FuncDecl, *ast.ValueSpec:
		return d
	}
	return nil
}

// request records the method and safety class of a Request literal:
// unsafe if Safety is Unsafe or left out, never retried if MaxRetries is
// set (the one override the packages use, to zero), else idempotent.
func (tr *tracer) request(lit *ast.CompositeLit, core *types.Package, eval func(ast.Expr) constant.Value) {
	fields := map[string]ast.Expr{}
	for _, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			fields[kv.Key.(*ast.Ident).Name] = kv.Value
		}
	}
	method, safety := eval(fields["Method"]), constant.MakeInt64(0) // the zero Safety is Unsafe
	if e, ok := fields["Safety"]; ok {
		safety = eval(e)
	}
	if pos := tr.p.Fset.Position(lit.Pos()); method == nil || safety == nil || method.Kind() != constant.String {
		tr.problems = append(tr.problems, fmt.Sprintf("cannot tell the Method and Safety of the request at %s:%d",
			filepath.Base(pos.Filename), pos.Line))
		return
	}
	tr.facts[constant.StringVal(method)] = true
	switch {
	case fields["MaxRetries"] != nil:
		tr.facts[noRetry] = true
	case constant.Compare(safety, token.EQL, core.Scope().Lookup("Idempotent").(*types.Const).Val()):
		tr.facts[idempotent] = true
	default:
		tr.facts[unsafe] = true
	}
}

// TestDocRulesFail runs the doc rules on testdata/mod, whose package v
// breaks each of them once.
func TestDocRulesFail(t *testing.T) {
	pkgs, err := loadModule("testdata/mod")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"noHTTP lists v.Client.Gone, which is not an exported method of a vendor client",
		"v/v.go:Client.ID: no doc comment",
		`v/v.go:Client.Read: the doc says "retried on 429 and 5xx."; only idempotent requests are retried, on ` + retries,
		`v/v.go:Client.Send: the doc names ["POST" "idempotent"], but the requests it builds are ["POST" "unsafe"]`,
		"v/v.go:Pong: no doc comment",
	}
	if got := docProblems(pkgs, map[string]string{"v.Client.Gone": "no such method"}); !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
