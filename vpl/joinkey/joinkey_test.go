package joinkey

import (
	"strings"
	"testing"

	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/parser"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// cond parses src as the condition of `stream S = A .where(src)`.
func cond(t *testing.T, src string) ast.Expr {
	t.Helper()
	fset := token.NewFileSet()
	f, diags := parser.ParseFile(fset, "t.vpl", []byte("stream S = A .where("+src+")\n"), 0)
	if diags.HasErrors() {
		t.Fatalf("%s: %v", src, diags.Err(fset))
	}
	return f.Stmts[0].(*ast.StreamDecl).Ops[0].(*ast.OpCall).Args[0].Value
}

func TestSplit(t *testing.T) {
	tests := []struct {
		inputs   []string
		conds    []string
		keys     string // per key, the inputs' expressions joined by "|", keys by ";"
		residual int
		bad      string // per problem: input index and "+" when several
	}{
		{[]string{"A", "B"}, []string{"A.id == B.id"}, "A.id|B.id", 0, ""},
		{[]string{"A", "B"}, []string{"A.id == B.id and A.k == B.k", "A.x > 1"}, "A.id|B.id;A.k|B.k", 1, ""},
		{[]string{"A", "B", "C"}, []string{"A.id == B.id", "lower(C.id) == B.id"}, "A.id|B.id|C.id", 0, ""},
		{[]string{"A", "B", "C"}, []string{"A.id == B.id"}, "", 0, "2"},
		{[]string{"A", "B"}, []string{"A.id == B.id and A.k == B.id"}, "", 0, "0+"},
		{[]string{"A", "B"}, []string{"A.id == A.k", "A.id + B.id == 3", "A.id > B.id"}, "", 3, ""},
		{[]string{"A", "B"}, []string{"(A.id == B.id)"}, "A.id|B.id", 0, ""},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.conds, " / "), func(t *testing.T) {
			var conds []ast.Expr
			for _, c := range tc.conds {
				conds = append(conds, cond(t, c))
			}
			k := Split(tc.inputs, conds)
			var keys []string
			for _, key := range k.Keys {
				var xs []string
				for _, x := range key {
					xs = append(xs, exprText(x))
				}
				keys = append(keys, strings.Join(xs, "|"))
			}
			if got := strings.Join(keys, ";"); got != tc.keys {
				t.Errorf("keys %q, want %q", got, tc.keys)
			}
			if len(k.Residual) != tc.residual {
				t.Errorf("%d residual conditions, want %d", len(k.Residual), tc.residual)
			}
			var bad []string
			for _, p := range k.Bad {
				s := string(rune('0' + p.Input))
				if p.Several {
					s += "+"
				}
				bad = append(bad, s)
			}
			if got := strings.Join(bad, ","); got != tc.bad {
				t.Errorf("problems %q, want %q", got, tc.bad)
			}
		})
	}
}

// exprText renders a key expression: a field path, or a call's first
// argument's field path (lower(C.id) -> C.id).
func exprText(x ast.Expr) string {
	switch x := unparen(x).(type) {
	case *ast.CallExpr:
		return exprText(x.Args[0].Value)
	case *ast.SelectorExpr:
		return exprText(x.X) + "." + x.Sel.Name
	case *ast.Ident:
		return x.Name
	}
	return "?"
}
