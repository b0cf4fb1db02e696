package apicheck

import (
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
)

// noHTTP lists the exported methods of the vendor clients that send no
// request, keyed "<package>.<Type>.<Method>", with the reason.
var noHTTP = map[string]string{
	"brightpattern.Client.ClientID":   "returns the client ID given to NewClient",
	"brightpattern.Client.APIVersion": "returns the API version chosen with WithAPIVersion",
}

// TestDocComments applies the doc rules to every public package.
func TestDocComments(t *testing.T) {
	for _, problem := range docProblems(modulePackages(t), noHTTP) {
		t.Error(problem)
	}
}

// The safety classes of a request as the docs name them ("read-only"
// stands for idempotent), and the one list that may follow "retried on".
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
			fn, _ := obj.(*types.Func)
			v, isVar := obj.(*types.Var)
			ident, recv := obj.Name(), ""
			if fn != nil && fn.Signature().Recv() != nil {
				recv = strings.TrimPrefix(types.TypeString(fn.Signature().Recv().Type(), func(*types.Package) string { return "" }), "*")
				ident = recv + "." + ident
			}
			where := p.rel + "/" + filepath.Base(p.Fset.Position(n.Pos()).Filename) + ":" + ident + ": "
			if !obj.Exported() || recv != "" && !token.IsExported(recv) || isVar && v.Parent() != p.Types.Scope() {
				continue // unexported, on an unexported type, or a field or parameter
			} else if p.doc[obj] == nil && !implementsExported(fn) {
				out = append(out, where+"no doc comment")
			} else if isClient(p, recv) {
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

// implementsExported reports whether fn is a method of a non-interface
// type that implements an exported interface of its package declaring a
// method of that name, documented there: a sealed interface's marker.
func implementsExported(fn *types.Func) bool {
	if fn == nil || fn.Signature().Recv() == nil || types.IsInterface(fn.Signature().Recv().Type()) {
		return false
	}
	for _, name := range fn.Pkg().Scope().Names() {
		it, ok := fn.Pkg().Scope().Lookup(name).Type().Underlying().(*types.Interface)
		if ok && token.IsExported(name) && types.Implements(fn.Signature().Recv().Type(), it) &&
			types.NewMethodSet(it).Lookup(fn.Pkg(), fn.Name()) != nil {
			return true
		}
	}
	return false
}

// isClient reports whether the type named recv is a vendor client: the
// struct type Client of its package, or a struct type with a *Client field.
func isClient(p *pkg, recv string) bool {
	client, _ := p.Types.Scope().Lookup("Client").(*types.TypeName)
	t, _ := p.Types.Scope().Lookup(recv).(*types.TypeName)
	if client == nil || t == nil {
		return false
	}
	st, ok := t.Type().Underlying().(*types.Struct)
	for i := 0; ok && i < st.NumFields(); i++ {
		if types.Identical(st.Field(i).Type(), types.NewPointer(client.Type())) {
			return true
		}
	}
	return ok && t == client
}

// operationProblems checks a client method's doc against the requests it
// builds: it names their HTTP methods and safety classes and no others,
// and says "retried on" only with the list for idempotent requests.
func operationProblems(p *pkg, d *ast.FuncDecl, noHTTP bool) []string {
	facts, problems := requests(p, d)
	doc, named := strings.Join(strings.Fields(d.Doc.Text()), " "), map[string]bool{}
	for _, m := range httpMethod.FindAllString(doc, -1) {
		named[m] = true
	}
	for _, m := range safetyTerm.FindAllStringSubmatch(doc, -1) {
		named[strings.Replace(m[1], "read-only", idempotent, 1)] = true
	}
	if noHTTP {
		named = map[string]bool{}
	}
	if len(problems) > 0 {
		return problems
	} else if !maps.Equal(named, facts) {
		return []string{fmt.Sprintf("the doc names %q, but the requests it builds are %q",
			slices.Sorted(maps.Keys(named)), slices.Sorted(maps.Keys(facts)))}
	}
	for _, m := range retriedOn.FindAllStringSubmatch(doc, -1) {
		if m[1] != retries || !facts[idempotent] {
			return []string{fmt.Sprintf("the doc says %q; only idempotent requests are retried, on %s", m[0], retries)}
		}
	}
	return nil
}

// requests returns the HTTP methods and safety classes of the
// httpcore.Request literals reachable from fd through what its package
// declares, each call's constant arguments bound to the callee's
// parameters. A request is unsafe if Safety is Unsafe or left out, never
// retried if MaxRetries is set (which the packages only set to zero), or
// else idempotent.
func requests(p *pkg, fd *ast.FuncDecl) (facts map[string]bool, problems []string) {
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
		if key := fmt.Sprint(decl.Pos(), env); seen[key] {
			return
		} else {
			seen[key] = true
		}
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
				t, ok := types.Unalias(info.TypeOf(n)).(*types.Named)
				if !ok || t.Obj().Name() != "Request" || !strings.HasSuffix(t.Obj().Pkg().Path(), "/internal/httpcore") {
					return true
				}
				method, safety, class := constant.Value(nil), constant.MakeInt64(0), unsafe // the zero Safety is Unsafe
				for _, e := range n.Elts {
					if kv, ok := e.(*ast.KeyValueExpr); ok {
						switch kv.Key.(*ast.Ident).Name {
						case "Method":
							method = eval(kv.Value)
						case "Safety":
							safety = eval(kv.Value)
						case "MaxRetries":
							class = noRetry
						}
					}
				}
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
	return facts, problems
}

// TestChecksFail runs the checks on testdata/mod, whose package v breaks
// each doc rule once, and compares its listing with a wrong one.
func TestChecksFail(t *testing.T) {
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
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "v.txt"), []byte("pkg v, func Gone()\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(checkAPI(dir, pkgs, false), "\n")
	for _, line := range []string{"- pkg v, func Gone()", "+ pkg v, method (*Client) Get()", "+ pkg v, type Ping struct, Method string"} {
		if !strings.Contains(got, "\n"+line+"\n") {
			t.Errorf("the listing check does not report %q:\n%s", line, got)
		}
	}
}
