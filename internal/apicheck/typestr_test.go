package apicheck

import (
	"bytes"
	"go/ast"
	"go/printer"
	"go/token"
	"strings"
)

// qualifier rewrites a bare identifier found in a type expression.
type qualifier func(name string) string

// identity leaves every identifier as written: the expression is shown in
// the package that declares it.
func identity(name string) string { return name }

// qualify is the qualifier for an expression declared in from and shown in
// view: names of types declared in from get from's package name.
func qualify(view, from *pkg) qualifier {
	if view == from {
		return identity
	}
	return func(name string) string {
		if _, ok := from.types[name]; ok {
			return from.name + "." + name
		}
		return name
	}
}

// typeString prints a type expression on one line, without parameter
// names, in the style of the Go API files.
func typeString(e ast.Expr, q qualifier) string {
	var b strings.Builder
	writeType(&b, e, q)
	return b.String()
}

func writeType(b *strings.Builder, e ast.Expr, q qualifier) {
	switch x := e.(type) {
	case *ast.Ident:
		b.WriteString(q(x.Name))
	case *ast.SelectorExpr:
		writeType(b, x.X, identity)
		b.WriteString("." + x.Sel.Name)
	case *ast.StarExpr:
		b.WriteString("*")
		writeType(b, x.X, q)
	case *ast.ParenExpr:
		b.WriteString("(")
		writeType(b, x.X, q)
		b.WriteString(")")
	case *ast.Ellipsis:
		b.WriteString("...")
		writeType(b, x.Elt, q)
	case *ast.ArrayType:
		b.WriteString("[")
		if x.Len != nil {
			if _, ok := x.Len.(*ast.Ellipsis); ok {
				b.WriteString("...")
			} else {
				b.WriteString(exprString(x.Len))
			}
		}
		b.WriteString("]")
		writeType(b, x.Elt, q)
	case *ast.MapType:
		b.WriteString("map[")
		writeType(b, x.Key, q)
		b.WriteString("]")
		writeType(b, x.Value, q)
	case *ast.ChanType:
		switch x.Dir {
		case ast.SEND:
			b.WriteString("chan<- ")
		case ast.RECV:
			b.WriteString("<-chan ")
		default:
			b.WriteString("chan ")
		}
		writeType(b, x.Value, q)
	case *ast.FuncType:
		b.WriteString("func")
		b.WriteString(signature(x, q))
	case *ast.InterfaceType:
		writeFieldsInline(b, "interface", x.Methods, q, "")
	case *ast.StructType:
		writeFieldsInline(b, "struct", x.Fields, q, " ")
	case *ast.IndexExpr:
		writeType(b, x.X, q)
		b.WriteString("[")
		writeType(b, x.Index, q)
		b.WriteString("]")
	case *ast.IndexListExpr:
		writeType(b, x.X, q)
		b.WriteString("[")
		for i, ix := range x.Indices {
			if i > 0 {
				b.WriteString(", ")
			}
			writeType(b, ix, q)
		}
		b.WriteString("]")
	case *ast.UnaryExpr:
		b.WriteString(x.Op.String())
		writeType(b, x.X, q)
	case *ast.BinaryExpr:
		writeType(b, x.X, q)
		b.WriteString(" " + x.Op.String() + " ")
		writeType(b, x.Y, q)
	default:
		b.WriteString(exprString(e))
	}
}

// writeFieldsInline prints an inline struct or interface type. sep goes
// between a field's name and its type (a method's signature follows its
// name directly).
func writeFieldsInline(b *strings.Builder, kw string, fl *ast.FieldList, q qualifier, sep string) {
	b.WriteString(kw)
	if fl == nil || len(fl.List) == 0 {
		b.WriteString("{}")
		return
	}
	b.WriteString("{ ")
	for i, f := range fl.List {
		if i > 0 {
			b.WriteString("; ")
		}
		if len(f.Names) > 0 {
			for j, n := range f.Names {
				if j > 0 {
					b.WriteString(", ")
				}
				b.WriteString(n.Name)
			}
			if ft, ok := f.Type.(*ast.FuncType); ok && kw == "interface" {
				b.WriteString(signature(ft, q))
				continue
			}
			b.WriteString(sep)
		}
		writeType(b, f.Type, q)
	}
	b.WriteString(" }")
}

// signature prints a function type's parameters and results without
// names: "(context.Context, string) (*Chat, error)".
func signature(ft *ast.FuncType, q qualifier) string {
	var b strings.Builder
	b.WriteString("(")
	b.WriteString(strings.Join(fieldTypes(ft.Params, q), ", "))
	b.WriteString(")")
	res := fieldTypes(ft.Results, q)
	switch len(res) {
	case 0:
	case 1:
		b.WriteString(" " + res[0])
	default:
		b.WriteString(" (" + strings.Join(res, ", ") + ")")
	}
	return b.String()
}

// fieldTypes lists a field list's types, one per declared name.
func fieldTypes(fl *ast.FieldList, q qualifier) []string {
	if fl == nil {
		return nil
	}
	var out []string
	for _, f := range fl.List {
		s := typeString(f.Type, q)
		for range max(1, len(f.Names)) {
			out = append(out, s)
		}
	}
	return out
}

// typeParams prints a type parameter list, "[K comparable, V any]", or
// nothing for a non-generic declaration.
func typeParams(fl *ast.FieldList, q qualifier) string {
	if fl == nil || len(fl.List) == 0 {
		return ""
	}
	var parts []string
	for _, f := range fl.List {
		var names []string
		for _, n := range f.Names {
			names = append(names, n.Name)
		}
		parts = append(parts, strings.Join(names, ", ")+" "+typeString(f.Type, q))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// exprString prints any expression as gofmt would.
func exprString(e ast.Expr) string {
	var buf bytes.Buffer
	if err := printer.Fprint(&buf, token.NewFileSet(), e); err != nil {
		return "<" + err.Error() + ">"
	}
	return buf.String()
}
