package format

import (
	"fmt"
	"math"
	"reflect"

	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// EqualAST reports whether two syntax trees are equal apart from source
// positions: same node types, names, operators and literals. String
// literals compare by decoded value (their quoting may differ), other
// literals by their text. For files, the statements and declaration loops
// are compared; names and comments are not (see DiffAST).
func EqualAST(a, b ast.Node) bool { return DiffAST(a, b) == "" }

// DiffAST describes the first difference between two syntax trees as
// EqualAST sees them, or returns "" when they are equal.
func DiffAST(a, b ast.Node) string {
	return diffValue("", reflect.ValueOf(&a).Elem(), reflect.ValueOf(&b).Elem())
}

var (
	posType   = reflect.TypeOf(token.NoPos)
	litType   = reflect.TypeOf((*ast.BasicLit)(nil))
	fileType  = reflect.TypeOf((*ast.File)(nil))
	nodeIface = reflect.TypeOf((*ast.Node)(nil)).Elem()
)

// isNilValue reports whether v is a nil interface, pointer or slice, or an
// interface holding a nil pointer.
func isNilValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Interface:
		return v.IsNil() || isNilValue(v.Elem())
	case reflect.Pointer, reflect.Map, reflect.Func:
		return v.IsNil()
	}
	return false
}

func diffValue(path string, a, b reflect.Value) string {
	if a.Type() != b.Type() {
		return fmt.Sprintf("%s: type %s != %s", path, a.Type(), b.Type())
	}
	switch a.Kind() {
	case reflect.Interface:
		an, bn := isNilValue(a), isNilValue(b)
		if an || bn {
			if an != bn {
				return fmt.Sprintf("%s: nil vs non-nil (%s / %s)", path, describe(a), describe(b))
			}
			return ""
		}
		ea, eb := a.Elem(), b.Elem()
		if ea.Type() != eb.Type() {
			return fmt.Sprintf("%s: node %s != %s", path, ea.Type(), eb.Type())
		}
		return diffValue(path, ea, eb)
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return fmt.Sprintf("%s: nil vs non-nil %s", path, a.Type())
			}
			return ""
		}
		switch a.Type() {
		case litType:
			return diffLit(path, a.Interface().(*ast.BasicLit), b.Interface().(*ast.BasicLit))
		case fileType:
			fa, fb := a.Elem(), b.Elem()
			if d := diffValue(path+".Stmts", fa.FieldByName("Stmts"), fb.FieldByName("Stmts")); d != "" {
				return d
			}
			return diffValue(path+".DeclLoops", fa.FieldByName("DeclLoops"), fb.FieldByName("DeclLoops"))
		}
		return diffValue(path, a.Elem(), b.Elem())
	case reflect.Struct:
		t := a.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() || f.Type == posType {
				continue
			}
			if d := diffValue(path+"."+f.Name, a.Field(i), b.Field(i)); d != "" {
				return d
			}
		}
		return ""
	case reflect.Slice:
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: length %d != %d", path, a.Len(), b.Len())
		}
		for i := 0; i < a.Len(); i++ {
			if d := diffValue(fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i)); d != "" {
				return d
			}
		}
		return ""
	case reflect.String:
		if a.String() != b.String() {
			return fmt.Sprintf("%s: %q != %q", path, a.String(), b.String())
		}
		return ""
	case reflect.Bool:
		if a.Bool() != b.Bool() {
			return fmt.Sprintf("%s: %v != %v", path, a.Bool(), b.Bool())
		}
		return ""
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if a.Int() != b.Int() {
			return fmt.Sprintf("%s: %v != %v", path, a.Interface(), b.Interface())
		}
		return ""
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if a.Uint() != b.Uint() {
			return fmt.Sprintf("%s: %v != %v", path, a.Interface(), b.Interface())
		}
		return ""
	case reflect.Float32, reflect.Float64:
		fa, fb := a.Float(), b.Float()
		if fa != fb && !(math.IsNaN(fa) && math.IsNaN(fb)) {
			return fmt.Sprintf("%s: %v != %v", path, fa, fb)
		}
		return ""
	}
	if !a.CanInterface() || !reflect.DeepEqual(a.Interface(), b.Interface()) {
		return fmt.Sprintf("%s: values differ", path)
	}
	return ""
}

func diffLit(path string, a, b *ast.BasicLit) string {
	if a.Kind != b.Kind {
		return fmt.Sprintf("%s: literal kind %s != %s", path, a.Kind, b.Kind)
	}
	if a.Kind == token.STRING {
		if a.Str != b.Str {
			return fmt.Sprintf("%s: string %q != %q", path, a.Str, b.Str)
		}
		return ""
	}
	if a.Raw != b.Raw {
		return fmt.Sprintf("%s: literal %s != %s", path, a.Raw, b.Raw)
	}
	return ""
}

func describe(v reflect.Value) string {
	if isNilValue(v) {
		return "nil"
	}
	if v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if v.Type().Implements(nodeIface) {
		return v.Type().String()
	}
	return v.Kind().String()
}
