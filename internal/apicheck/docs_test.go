package apicheck

import (
	"fmt"
	"go/ast"
	"go/token"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// noHTTP lists the exported methods of the vendor clients that send no
// request, so name no HTTP operation, keyed "<package>.<Type>.<Method>".
var noHTTP = map[string]string{
	"brightpattern.Client.ClientID":      "returns the client ID given to NewClient",
	"brightpattern.Client.APIVersion":    "returns the API version chosen with WithAPIVersion",
	"brightpattern.EventStream.Position": "returns the position the stream keeps in memory",
}

var (
	httpMethodWord  = regexp.MustCompile(`\b(GET|POST|PUT|PATCH|DELETE)\b`)
	retrySafetyWord = regexp.MustCompile(`(?i)\b(idempotent|unsafe|read-only|never retried)\b`)
)

// docProblem is one identifier whose doc comment breaks a rule.
type docProblem struct {
	key, msg string
}

// TestDocComments requires a doc comment on every exported identifier of
// the public packages, and on every exported method of a vendor client
// the HTTP operation it calls and its retry safety.
func TestDocComments(t *testing.T) {
	m, pkgs := load(t)
	var problems []docProblem
	for _, p := range pkgs {
		problems = append(problems, missingDocs(m, p)...)
		problems = append(problems, operationDocs(m, p, noHTTP)...)
	}
	for _, pr := range problems {
		t.Errorf("%s: %s", pr.key, pr.msg)
	}
}

// TestNoHTTPList keeps the noHTTP list true to the source: every entry
// names an existing method of a vendor client.
func TestNoHTTPList(t *testing.T) {
	_, pkgs := load(t)
	found := map[string]bool{}
	for _, p := range pkgs {
		for _, fn := range clientMethods(p) {
			found[p.name+"."+recvBase(fn)+"."+fn.Name.Name] = true
		}
	}
	for _, k := range slices.Sorted(maps.Keys(noHTTP)) {
		if !found[k] {
			t.Errorf("noHTTP lists %s, which is not an exported method of a vendor client", k)
		}
	}
}

func problemKey(m *module, p *pkg, pos token.Pos, ident string) string {
	return p.rel + "/" + m.fileName(pos) + ":" + ident
}

// missingDocs lists the exported identifiers of p without a doc comment.
func missingDocs(m *module, p *pkg) []docProblem {
	var out []docProblem
	missing := func(pos token.Pos, ident, what string) {
		out = append(out, docProblem{problemKey(m, p, pos, ident), what + " has no doc comment"})
	}
	for _, f := range p.files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if !d.Name.IsExported() || (d.Recv != nil && !token.IsExported(recvBase(d))) {
					continue
				}
				if d.Doc == nil {
					if d.Recv == nil {
						missing(d.Pos(), d.Name.Name, "func")
					} else {
						missing(d.Pos(), recvBase(d)+"."+d.Name.Name, "method")
					}
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						if !s.Name.IsExported() {
							continue
						}
						// A group's comment documents the group, not each type.
						if s.Doc == nil && (d.Doc == nil || d.Lparen.IsValid()) {
							missing(s.Pos(), s.Name.Name, "type")
						}
						if it, ok := s.Type.(*ast.InterfaceType); ok {
							for _, f := range it.Methods.List {
								if len(f.Names) > 0 && f.Names[0].IsExported() && f.Doc == nil {
									missing(f.Pos(), s.Name.Name+"."+f.Names[0].Name, "interface method")
								}
							}
						}
					case *ast.ValueSpec:
						if s.Doc != nil || d.Doc != nil {
							continue
						}
						for _, n := range s.Names {
							if n.IsExported() {
								missing(n.Pos(), n.Name, d.Tok.String())
							}
						}
					}
				}
			}
		}
	}
	return out
}

// clientMethods returns the exported methods of p's vendor client types:
// Client, when p declares a struct type Client, and every exported type
// with a field of type *Client (a service group that shares the client).
func clientMethods(p *pkg) []*ast.FuncDecl {
	ts, ok := p.types["Client"]
	if !ok {
		return nil
	}
	if _, ok := ts.Type.(*ast.StructType); !ok {
		return nil
	}
	var out []*ast.FuncDecl
	for _, name := range slices.Sorted(maps.Keys(p.types)) {
		if !token.IsExported(name) || (name != "Client" && !holdsClient(p.types[name])) {
			continue
		}
		for _, fn := range p.methods[name] {
			if fn.Name.IsExported() {
				out = append(out, fn)
			}
		}
	}
	return out
}

// holdsClient reports whether a struct type has a field of type *Client.
func holdsClient(ts *ast.TypeSpec) bool {
	st, ok := ts.Type.(*ast.StructType)
	if !ok {
		return false
	}
	for _, f := range st.Fields.List {
		if star, ok := f.Type.(*ast.StarExpr); ok {
			if id, ok := star.X.(*ast.Ident); ok && id.Name == "Client" {
				return true
			}
		}
	}
	return false
}

// operationDocs lists the exported methods of p's vendor client whose doc
// comment does not name an HTTP method and a retry safety, except those
// in noHTTP.
func operationDocs(m *module, p *pkg, noHTTP map[string]string) []docProblem {
	var out []docProblem
	for _, fn := range clientMethods(p) {
		ident := recvBase(fn) + "." + fn.Name.Name
		if _, ok := noHTTP[p.name+"."+ident]; ok || fn.Doc == nil {
			continue // a missing comment is reported by missingDocs
		}
		doc := fn.Doc.Text()
		var lacks []string
		if !httpMethodWord.MatchString(doc) {
			lacks = append(lacks, "an HTTP method (GET, POST, PUT, PATCH or DELETE)")
		}
		if !retrySafetyWord.MatchString(doc) {
			lacks = append(lacks, `a retry safety ("idempotent", "unsafe", "read-only" or "never retried")`)
		}
		if len(lacks) > 0 {
			out = append(out, docProblem{
				problemKey(m, p, fn.Pos(), ident),
				fmt.Sprintf("the doc comment does not name %s", strings.Join(lacks, " or ")),
			})
		}
	}
	return out
}
