package apicheck

import (
	"bufio"
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// module is the parsed source of this module, loaded once per test binary.
type module struct {
	root string // directory holding go.mod
	path string // module path
	fset *token.FileSet

	mu   sync.Mutex
	pkgs map[string]*pkg // by import path
}

// pkg is one parsed package: its non-test files for the default build
// context, and an index of its top-level declarations.
type pkg struct {
	path  string // import path
	rel   string // path relative to the module root, with slashes
	name  string
	files []*ast.File
	names []string // file base names, parallel to files

	types   map[string]*ast.TypeSpec
	methods map[string][]*ast.FuncDecl // by receiver base type name
	funcs   map[string]*ast.FuncDecl
	values  map[string]valueRef // consts and vars
}

// valueRef locates one name of a const or var spec.
type valueRef struct {
	decl  *ast.GenDecl
	spec  *ast.ValueSpec
	index int
}

var (
	loadOnce   sync.Once
	loadedMod  *module
	loadErr    error
	publicPkgs []*pkg
)

// load parses the module that holds the working directory and returns it
// with its public packages, sorted by import path.
func load(t *testing.T) (*module, []*pkg) {
	t.Helper()
	loadOnce.Do(func() {
		var wd string
		if wd, loadErr = os.Getwd(); loadErr == nil {
			loadedMod, publicPkgs, loadErr = loadModule(wd)
		}
	})
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return loadedMod, publicPkgs
}

// loadModule parses the public packages of the module that holds dir.
func loadModule(dir string) (*module, []*pkg, error) {
	root, modPath, err := findModule(dir)
	if err != nil {
		return nil, nil, err
	}
	m := &module{root: root, path: modPath, fset: token.NewFileSet(), pkgs: map[string]*pkg{}}
	dirs, err := publicDirs(root)
	if err != nil {
		return nil, nil, err
	}
	var public []*pkg
	for _, rel := range dirs {
		p, err := m.load(m.importPath(rel))
		if err != nil {
			return nil, nil, err
		}
		if p != nil && p.name != "main" {
			public = append(public, p)
		}
	}
	return m, public, nil
}

// findModule walks up from dir to the go.mod and reads the module path.
func findModule(dir string) (root, modPath string, err error) {
	for {
		f, err := os.Open(filepath.Join(dir, "go.mod"))
		if err == nil {
			defer f.Close()
			sc := bufio.NewScanner(f)
			for sc.Scan() {
				if rest, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
					p, qerr := strconv.Unquote(strings.TrimSpace(rest))
					if qerr != nil {
						p = strings.TrimSpace(rest)
					}
					return dir, p, nil
				}
			}
			return "", "", fmt.Errorf("%s: no module line", f.Name())
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", "", err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// publicDirs lists, relative to root, the directories that may hold a
// public package: every directory except internal, examples, testdata,
// vendor, hidden ones and nested modules.
func publicDirs(root string) ([]string, error) {
	var dirs []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if p == root {
			return nil
		}
		switch name := d.Name(); {
		case name == "internal", name == "examples", name == "testdata", name == "vendor",
			strings.HasPrefix(name, "."), strings.HasPrefix(name, "_"):
			return filepath.SkipDir
		}
		if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
			return filepath.SkipDir
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		dirs = append(dirs, filepath.ToSlash(rel))
		return nil
	})
	slices.Sort(dirs)
	return dirs, err
}

func (m *module) importPath(rel string) string { return path.Join(m.path, rel) }

// load parses the package with the given import path if it belongs to the
// module; it returns nil for a path outside the module or a directory
// without Go files.
func (m *module) load(importPath string) (*pkg, error) {
	rel, ok := strings.CutPrefix(importPath, m.path+"/")
	if !ok {
		return nil, nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if p, ok := m.pkgs[importPath]; ok {
		return p, nil
	}
	dir := filepath.Join(m.root, filepath.FromSlash(rel))
	bp, err := build.ImportDir(dir, 0)
	var noGo *build.NoGoError
	if errors.As(err, &noGo) {
		m.pkgs[importPath] = nil
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	p := &pkg{
		path: importPath, rel: rel, name: bp.Name,
		types:   map[string]*ast.TypeSpec{},
		methods: map[string][]*ast.FuncDecl{},
		funcs:   map[string]*ast.FuncDecl{},
		values:  map[string]valueRef{},
	}
	for _, name := range bp.GoFiles {
		f, err := parser.ParseFile(m.fset, filepath.Join(dir, name), nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		p.files = append(p.files, f)
		p.names = append(p.names, name)
		p.index(f)
	}
	m.pkgs[importPath] = p
	return p, nil
}

func (p *pkg) index(f *ast.File) {
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				p.funcs[d.Name.Name] = d
			} else {
				base := recvBase(d)
				p.methods[base] = append(p.methods[base], d)
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					p.types[s.Name.Name] = s
				case *ast.ValueSpec:
					for i, n := range s.Names {
						p.values[n.Name] = valueRef{d, s, i}
					}
				}
			}
		}
	}
}

// recvBase is the name of a method's receiver base type.
func recvBase(fn *ast.FuncDecl) string {
	if fn.Recv == nil || len(fn.Recv.List) == 0 {
		return ""
	}
	e := fn.Recv.List[0].Type
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

// importOf resolves a package name used in file f to its import path.
func importOf(f *ast.File, name string) (string, bool) {
	for _, im := range f.Imports {
		p, err := strconv.Unquote(im.Path.Value)
		if err != nil {
			continue
		}
		local := path.Base(p)
		if im.Name != nil {
			local = im.Name.Name
		} else if isMajorVersion(local) {
			local = path.Base(path.Dir(p))
		}
		if local == name {
			return p, true
		}
	}
	return "", false
}

// isMajorVersion reports whether a path element is a module major version
// suffix such as v5.
func isMajorVersion(s string) bool {
	if len(s) < 2 || s[0] != 'v' {
		return false
	}
	_, err := strconv.Atoi(s[1:])
	return err == nil
}

// fileOf returns the file of p that contains pos.
func (m *module) fileOf(p *pkg, pos token.Pos) *ast.File {
	for _, f := range p.files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// fileName is the base name of the file that holds pos.
func (m *module) fileName(pos token.Pos) string {
	return filepath.Base(m.fset.Position(pos).Filename)
}
