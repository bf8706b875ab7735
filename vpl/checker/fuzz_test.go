package checker_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/varpulis/varpulis-go/vpl/checker"
	"github.com/varpulis/varpulis-go/vpl/parser"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// FuzzCheck checks that parsing and checking any input never panics and
// always yields an Info.
func FuzzCheck(f *testing.F) {
	for _, c := range checker.Codes {
		f.Add(c.Example)
	}
	seeds, _ := filepath.Glob(filepath.Join("testdata", "golden", "*.vpl"))
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(string(b))
		}
	}
	f.Add("stream S = sequence(a: A where b.x > 1, b: B+ where a.y == 2) -> C where c.z as c .not(D) .trend_aggregate(n: count_events(a))")
	f.Add("stream S = join(stream X = A .on(X.k == Y.k), stream Y = B) .on() .window(session: ) .aggregate(x: ema())")
	f.Add("pattern P = NOT (A AND B) OR SEQ(NOT C, D*) within partition by")
	f.Fuzz(func(t *testing.T, src string) {
		fset := token.NewFileSet()
		file, _ := parser.ParseFile(fset, "fuzz.vpl", []byte(src), 0)
		info, _ := checker.Check(fset, file, checker.Options{})
		if info == nil {
			t.Fatal("nil Info")
		}
	})
}

// TestBrokenPrograms runs the checker on programs with syntax errors:
// the parser's recovery leaves Bad nodes and placeholders, which the
// checker must tolerate.
func TestBrokenPrograms(t *testing.T) {
	srcs := []string{
		"stream",
		"stream S",
		"stream S =",
		"stream S = .where(",
		"stream S = A .",
		"stream S = A .where(x >",
		"stream S = A -> ",
		"stream S = A -> where as",
		"stream S = A as",
		"stream S = merge(",
		"stream S = merge(stream = .where())",
		"stream S = join(,) .on(.x == )",
		"stream S = sequence(a:, : B where)",
		"stream S = timer(",
		"stream S = A.from(",
		"stream S = A .not(",
		"stream S = A .pattern(p: )",
		"stream S = A .pattern(: x =>)",
		"stream S = A .fork(a: .where(), b:)",
		"stream S = A .emit as (",
		"stream S = A .window(5m, sliding:) .aggregate(a: , b: sum(), : count())",
		"stream S = A .trend_aggregate(n: , m: count_events(), k: sum_trends())",
		"pattern P =",
		"pattern P = SEQ(",
		"pattern P = SEQ(A as, B where) within",
		"fn f(",
		"fn f(x:, x) -> :\n    return\n    x :=",
		"fn (a: int):\n    for in :\n        break",
		"let = ",
		"let x = (",
		"x :=",
		":= 3",
		"event E extends:\n    a:\n    b: [",
		"connector C = (",
		"connector C = mqtt(host:, : 1)",
		"context c (cores: [a, ",
		"import",
		"import \"",
		"if :\n    emit (",
		"while\n",
		"emit T(a: , a:)",
		"config { a: }",
		"type T =",
		"for z in 1..3:\n    stream S{z} = A{z} .where(x ==",
		"stream S = A .where(x => y) .select(1, a: , a:) .print(,)",
		"stream S = A .enrich(, key:) .to(, topic:) .context() .log(1, level:)",
		"let x = f(a: 1, a: 2, 3)(4)[5][6:7]?.y.z",
	}
	for _, src := range srcs {
		fset := token.NewFileSet()
		file, _ := parser.ParseFile(fset, "broken.vpl", []byte(src), 0)
		if info, _ := checker.Check(fset, file, checker.Options{}); info == nil {
			t.Errorf("%q: nil Info", src)
		}
	}
}
