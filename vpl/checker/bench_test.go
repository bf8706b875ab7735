package checker_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/varpulis/varpulis-go/vpl/checker"
	"github.com/varpulis/varpulis-go/vpl/internal/vplgen"
	"github.com/varpulis/varpulis-go/vpl/parser"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// largeProgram returns a program with n chained streams, each reading the
// previous one and an undeclared input type.
func largeProgram(n int) string {
	var b strings.Builder
	b.WriteString("let limit = 10\nfn hot(t: float) -> bool:\n    return t > 30.0\n")
	b.WriteString("stream S0 = Reading .where(hot(temp))\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "stream S%d = S%d as a -> Input%d where x == a.x as b .within(1m) .emit(v: b.x + limit)\n", i, i-1, i%7)
	}
	return b.String()
}

func BenchmarkCheck(b *testing.B) {
	for _, n := range []int{100, 5000} {
		src := []byte(largeProgram(n))
		fset := token.NewFileSet()
		f, d := parser.ParseFile(fset, "big.vpl", src, 0)
		if d.HasErrors() {
			b.Fatal(d)
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, d := checker.Check(fset, f, checker.Options{}); d.HasErrors() {
					b.Fatal(d[0].Message)
				}
			}
		})
	}
}

// TestLargeProgramOrder checks the dependency order on a long chain
// declared in reverse.
func TestLargeProgramOrder(t *testing.T) {
	var b strings.Builder
	const n = 2000
	for i := n - 1; i > 0; i-- {
		fmt.Fprintf(&b, "stream S%d = S%d\n", i, i-1)
	}
	b.WriteString("stream S0 = Input\n")
	fset := token.NewFileSet()
	f, _ := parser.ParseFile(fset, "chain.vpl", []byte(b.String()), 0)
	info, d := checker.Check(fset, f, checker.Options{})
	if len(d) != 0 {
		t.Fatalf("diagnostics: %v", d[0].Message)
	}
	for i, name := range info.Order {
		if name != fmt.Sprintf("S%d", i) {
			t.Fatalf("Order[%d] = %s", i, name)
		}
	}
}

// BenchmarkParseCheck parses and checks a generated 10 000-line program:
// the whole front end as `varpulis check` runs it.
func BenchmarkParseCheck(b *testing.B) {
	src := vplgen.Program(10000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	start := vplgen.CPUTime()
	defer vplgen.ReportCPU(b, start, len(src))
	for b.Loop() {
		fset := token.NewFileSet()
		f, d := parser.ParseFile(fset, "gen.vpl", src, 0)
		if d.HasErrors() {
			b.Fatal(d[0].Message)
		}
		if _, d := checker.Check(fset, f, checker.Options{}); d.HasErrors() {
			b.Fatal(d[0].Message)
		}
	}
}

// TestGeneratedProgramChecks checks that the benchmark program is clean:
// no errors and no warnings.
func TestGeneratedProgramChecks(t *testing.T) {
	src := vplgen.Program(2000)
	fset := token.NewFileSet()
	f, d := parser.ParseFile(fset, "gen.vpl", src, 0)
	if len(d) > 0 {
		t.Fatalf("parse: %v", d[0].Message)
	}
	if _, d := checker.Check(fset, f, checker.Options{}); len(d) > 0 {
		t.Fatalf("%d diagnostics, first: %v", len(d), d[0].Message)
	}
}

// BenchmarkCheckGenerated checks the generated 10 000-line program (parsed
// once, outside the loop).
func BenchmarkCheckGenerated(b *testing.B) {
	src := vplgen.Program(10000)
	fset := token.NewFileSet()
	f, d := parser.ParseFile(fset, "gen.vpl", src, 0)
	if d.HasErrors() {
		b.Fatal(d[0].Message)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	start := vplgen.CPUTime()
	defer vplgen.ReportCPU(b, start, len(src))
	for b.Loop() {
		if _, d := checker.Check(fset, f, checker.Options{}); d.HasErrors() {
			b.Fatal(d[0].Message)
		}
	}
}
