package readme

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite README.md's snippets from the Examples they mirror")

const readmePath = "../../README.md"

// marker precedes each snippet: <!-- mirrors <file> <function> -->.
var marker = regexp.MustCompile(`^<!-- mirrors (\S+) (\S+) -->$`)

// snippet is one ```go block of the README and the Example it mirrors.
type snippet struct {
	file, function string
	start, end     int // the block's code lines are lines[start:end]
}

func TestSnippetsMirrorCompiledExamples(t *testing.T) {
	raw, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(raw), "\n")
	snippets, err := findSnippets(lines)
	if err != nil {
		t.Fatal(err)
	}
	if len(snippets) == 0 {
		t.Fatal("README.md has no Go snippet")
	}
	// Walk backwards so that rewriting a block keeps earlier indexes valid.
	for i := len(snippets) - 1; i >= 0; i-- {
		s := snippets[i]
		want, err := exampleBody(filepath.Join("../..", s.file), s.function)
		if err != nil {
			t.Errorf("README.md line %d: %v", s.start, err)
			continue
		}
		got := strings.Join(lines[s.start:s.end], "\n")
		if got == want {
			continue
		}
		if *update {
			lines = append(lines[:s.start], append(strings.Split(want, "\n"), lines[s.end:]...)...)
			continue
		}
		t.Errorf("README.md line %d differs from %s %s (run go test ./internal/readme -update):\n--- README\n%s\n--- Example\n%s",
			s.start, s.file, s.function, got, want)
	}
	if *update {
		if err := os.WriteFile(readmePath, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// findSnippets returns every ```go block, each of which must follow a marker.
func findSnippets(lines []string) ([]snippet, error) {
	var out []snippet
	for i := 0; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "```go" {
			continue
		}
		prev := ""
		if i > 0 {
			prev = strings.TrimSpace(lines[i-1])
		}
		m := marker.FindStringSubmatch(prev)
		if m == nil {
			return nil, fmt.Errorf("README.md line %d: a Go snippet without a <!-- mirrors FILE FUNCTION --> marker", i+1)
		}
		end := i + 1
		for end < len(lines) && strings.TrimSpace(lines[end]) != "```" {
			end++
		}
		if end == len(lines) {
			return nil, fmt.Errorf("README.md line %d: unterminated Go snippet", i+1)
		}
		out = append(out, snippet{file: m[1], function: m[2], start: i + 1, end: end})
		i = end
	}
	return out, nil
}

// exampleBody returns the body of function in file, dedented by one tab,
// without its "// Output:" comment.
func exampleBody(file, function string) (string, error) {
	if !strings.HasSuffix(file, "_test.go") || !strings.HasPrefix(function, "Example") {
		return "", fmt.Errorf("%s %s is not a compiled Example", file, function)
	}
	src, err := os.ReadFile(file)
	if err != nil {
		return "", err
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, parser.ParseComments)
	if err != nil {
		return "", err
	}
	for _, decl := range f.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Name.Name != function || fn.Body == nil {
			continue
		}
		from := fset.Position(fn.Body.Lbrace).Offset + 1
		to := fset.Position(fn.Body.Rbrace).Offset
		body := src[from:to]
		if i := bytes.Index(body, []byte("// Output:")); i >= 0 {
			body = body[:i]
		}
		var out []string
		for _, line := range strings.Split(strings.Trim(string(body), "\n"), "\n") {
			out = append(out, strings.TrimPrefix(line, "\t"))
		}
		return strings.TrimRight(strings.Join(out, "\n"), "\n\t "), nil
	}
	return "", fmt.Errorf("%s has no function %s", file, function)
}

func TestFindSnippetsNeedsAMarker(t *testing.T) {
	_, err := findSnippets([]string{"text", "```go", "x := 1", "```"})
	if err == nil {
		t.Fatal("a snippet without a marker was accepted")
	}
	got, err := findSnippets([]string{"<!-- mirrors a/example_test.go ExampleX -->", "```go", "x := 1", "```"})
	if err != nil || len(got) != 1 || got[0].start != 2 || got[0].end != 3 || got[0].function != "ExampleX" {
		t.Fatalf("findSnippets = %+v, %v", got, err)
	}
	if _, err := findSnippets([]string{"<!-- mirrors a/example_test.go ExampleX -->", "```go", "x := 1"}); err == nil {
		t.Fatal("an unterminated snippet was accepted")
	}
}

func TestExampleBodyLeavesOutTheOutput(t *testing.T) {
	file := filepath.Join(t.TempDir(), "x_test.go")
	src := "package x\n\nfunc ExampleY() {\n\tfmt.Println(1)\n\t// Output: 1\n}\n"
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := exampleBody(file, "ExampleY")
	if err != nil || got != "fmt.Println(1)" {
		t.Fatalf("exampleBody = %q, %v", got, err)
	}
	if _, err := exampleBody(file, "ExampleZ"); err == nil {
		t.Fatal("a missing Example was found")
	}
}
