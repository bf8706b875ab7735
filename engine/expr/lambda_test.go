package expr

import (
	"testing"

	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/vpl/ast"
)

// TestCompileLambda: a lambda called by an operator sees its argument,
// the top-level locals of its scope (read from Ctx.Frame), inner lambdas
// and block bodies; a lambda with two parameters destructures an array.
func TestCompileLambda(t *testing.T) {
	xs := value.Array([]value.Value{value.Int(3), value.Int(1), value.Int(4)})
	tests := []struct {
		src  string
		arg  value.Value
		want value.Value
	}{
		{"xs => xs.len()", xs, value.Int(3)},
		{"xs => events.len() + xs.filter(x => x > 2).len()", xs, value.Int(5)},
		{"xs => { let n = xs.len()\n n * 10 }", xs, value.Int(30)},
		{"(a, b) => a - b", value.Array([]value.Value{value.Int(9), value.Int(4)}), value.Int(5)},
		{"xs => true", xs, value.Bool(true)},
	}
	for _, tc := range tests {
		t.Run(tc.src, func(t *testing.T) {
			s := NewScope(nil)
			slot := s.DeclareLocal("events")
			le, ok := parseExpr(t, tc.src).(*ast.LambdaExpr)
			if !ok {
				t.Fatalf("%s is not a lambda", tc.src)
			}
			fn, err := CompileLambda(le, s)
			if err != nil {
				t.Fatal(err)
			}
			frame := make([]value.Value, s.FrameSize())
			frame[slot] = xs
			c := &Ctx{Frame: frame}
			// Twice: the frame and stack are restored after each call.
			for range 2 {
				if got := fn(c, tc.arg); !same(got, tc.want) {
					t.Fatalf("got %v, want %v", got, tc.want)
				}
			}
			if len(c.Frame) != len(frame) {
				t.Fatalf("caller frame not restored")
			}
		})
	}
	if _, err := CompileLambda(parseExpr(t, "x => nope(x)").(*ast.LambdaExpr), nil); err == nil {
		t.Fatal("unknown function compiled")
	}
}
