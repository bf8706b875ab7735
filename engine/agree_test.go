package engine_test

import (
	"path/filepath"
	"testing"

	"github.com/varpulis/varpulis-go/engine"
	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/vpl/load"
)

// TestCheckAndRunAgree holds programs on which `check` and the engine once
// disagreed (found by strict FuzzEngine runs or by trying each compile
// error of the engine): each must be rejected by the checker, as the
// engine rejects it, or, when marked ok, be accepted by both.
func TestCheckAndRunAgree(t *testing.T) {
	tests := []struct {
		src string
		ok  bool
	}{
		{"stream A = B .on(0)", true},
		{"event B:\n    x: int\nstream A = B.late()", true},
		{"fn _() -> int:\n    return 1\nstream S = A .where(_() > 0)", true},
		{"stream S = join(A, B, C) .on(A.id == B.id and lower(C.id) == B.id)", true},
		{"stream A = join(A0, B) .window(1)", false},
		{"stream A0 = A as a -> B where _()", false},
		{"stream A0 = A as a -> B where 0 != 00._()", false},
		{"stream A = B as a -> all C where x % t as t .trend_aggregate(n: max_trends(t.x))", false},
		{"pattern P = SEQ(A, B+) OR C within 1m\nstream S = P .trend_aggregate(n: count_trends())", false},
		{"stream S = A as a -> all B as b .not(C) .within(1m) .trend_aggregate(n: count_trends())", false},
		{"stream S = A as a -> not C -> all B as b .within(1m) .trend_aggregate(n: count_trends())", false},
		{"stream S = A as a -> all B as b .where(x > 1) .trend_aggregate(n: count_trends())", false},
		{"stream S = A as a -> all B as b .within(1m) .trend_aggregate(n: sum_trends(b?.x))", false},
		{"stream S = join(A, B, C) .on(A.id == B.id)", false},
		{"stream S = A .window(5) .aggregate(n: sum(sum(x)))", false},
		{"stream S = A -> B .forecast(horizon: 0s)", false},
		{"stream S = A as a -> all B as b .forecast(max_depth: 100)", false},
		{"stream S = A .window(20) .where(x > 1) .pattern(p: e => e.len() > 5)", false},
	}
	for _, tc := range tests {
		t.Run(tc.src, func(t *testing.T) {
			prog, diags := load.Source(filepath.Join(t.TempDir(), "t.vpl"), []byte(tc.src+"\n"))
			if diags.HasErrors() {
				if tc.ok {
					t.Fatalf("check rejects it: %v", diags.Err(prog.Fset))
				}
				return
			}
			if !tc.ok {
				t.Fatal("check accepts it")
			}
			if _, err := engine.New(prog.File, prog.Fset, engine.Options{Output: func(string, *event.Event) {}}); err != nil {
				t.Fatalf("check accepts it, the engine does not compile it: %v", err)
			}
		})
	}
}
