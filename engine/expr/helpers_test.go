package expr

import (
	"testing"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/parser"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// parseExpr parses src or fails the test.
func parseExpr(t testing.TB, src string) ast.Expr {
	t.Helper()
	e, d := parser.ParseExpr(src)
	if d.HasErrors() {
		t.Fatalf("parse %q: %s", src, d[0].Message)
	}
	return e
}

// compileExpr parses and compiles src in s.
func compileExpr(t testing.TB, src string, s *Scope) Eval {
	t.Helper()
	ev, err := Compile(parseExpr(t, src), s)
	if err != nil {
		t.Fatalf("compile %q: %v", src, err)
	}
	return ev
}

// parseProgram parses a VPL file or fails the test.
func parseProgram(t testing.TB, src string) *ast.File {
	t.Helper()
	f, d := parser.ParseFile(token.NewFileSet(), "test.vpl", []byte(src), 0)
	if d.HasErrors() {
		t.Fatalf("parse program: %s", d[0].Message)
	}
	return f
}

// mustProgram builds and initialises a Program from src.
func mustProgram(t testing.TB, src string) *Program {
	t.Helper()
	p, err := NewProgram(parseProgram(t, src).Stmts)
	if err != nil {
		t.Fatalf("NewProgram: %v", err)
	}
	p.InitGlobals(nil)
	return p
}

// ev builds an event from name/value pairs.
func ev(typ string, kv ...any) *event.Event {
	e := &event.Event{Type: typ}
	for i := 0; i+1 < len(kv); i += 2 {
		e.Set(kv[i].(string), value.FromJSONAny(kv[i+1]))
	}
	return e
}

// same reports whether got has the same kind and value as want (floats
// compared exactly except NaN == NaN).
func same(got, want value.Value) bool {
	return got.Kind() == want.Kind() && value.Equal(got, want)
}

// warnCounter returns a Warn func and the map it counts into.
func warnCounter() (func(string), map[string]int) {
	m := map[string]int{}
	return func(k string) { m[k]++ }, m
}
