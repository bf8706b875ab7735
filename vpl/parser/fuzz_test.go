package parser

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/diag"
	"github.com/varpulis/varpulis-go/vpl/token"
)

func FuzzParser(f *testing.F) {
	if shared := sharedDir(); shared != "" {
		files, _ := filepath.Glob(filepath.Join(shared, "conformance", "cases", "*", "program.vpl"))
		for _, name := range files {
			if b, err := os.ReadFile(name); err == nil {
				f.Add(b)
			}
		}
	}
	for _, s := range []string{
		"for z in 1..=3:\n    stream Z{z} = A .where(x == {z})\n",
		"fn f(x: int) -> int:\n    if x > 0:\n        return 1\n    else:\n        return 2\n",
		"stream S = A as a -> all B where v > a.v as b .within(5m) .not(C) .emit(n: count(b))",
		"pattern P = SEQ(A, NOT B, C+) within 5m partition by k",
		"stream S = merge(stream X = A .where(p), B) .pattern(p: (a, b) => { let c = a  c }) .fork(l: .emit())",
		"let x = [[[[(((({a: 1}))))]]]]",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fset := token.NewFileSet()
		var (
			file  *ast.File
			diags diag.List
			done  = make(chan struct{})
		)
		go func() {
			defer close(done)
			file, diags = ParseFile(fset, "fuzz.vpl", src, 0)
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("parse did not finish within 5s (hang) on %q", src)
		}
		if file == nil {
			t.Fatal("nil file")
		}
		inFile := func(p token.Pos) bool { return fset.File(p) != nil }
		for _, d := range diags {
			if !inFile(d.Pos) {
				t.Fatalf("diagnostic %q at %d outside every file", d.Message, d.Pos)
			}
			if d.Code == "" || d.Message == "" {
				t.Fatalf("diagnostic without code or message: %+v", d)
			}
		}
		bad := false
		ast.Inspect(file, func(n ast.Node) bool {
			if n == nil {
				return false
			}
			switch n.(type) {
			case *ast.BadExpr, *ast.BadStmt, *ast.BadType, *ast.BadSource, *ast.BadOp, *ast.BadPat:
				bad = true
			}
			if _, ok := n.(*ast.File); ok {
				return true
			}
			if !inFile(n.Pos()) || n.End() < n.Pos() {
				t.Fatalf("%T spans [%d,%d), outside every file", n, n.Pos(), n.End())
			}
			if f := fset.File(n.Pos()); int(n.End()) > f.Base()+f.Size() {
				t.Fatalf("%T ends at %d, after the end of %s", n, n.End(), f.Name())
			}
			return true
		})
		if bad && !diags.HasErrors() {
			t.Fatal("Bad node without any error")
		}
	})
}
