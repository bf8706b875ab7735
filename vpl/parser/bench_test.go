package parser

import (
	"testing"

	"github.com/varpulis/varpulis-go/vpl/internal/vplgen"
	"github.com/varpulis/varpulis-go/vpl/token"
)

func TestGeneratedProgram(t *testing.T) {
	src := vplgen.Program(10000)
	fset := token.NewFileSet()
	f, diags := ParseFile(fset, "gen.vpl", src, 0)
	if len(diags) > 0 {
		t.Fatalf("generated program has errors:\n%s", renderDiags(fset, diags[:min(len(diags), 5)]))
	}
	if len(f.Stmts) < 1000 {
		t.Errorf("only %d statements", len(f.Stmts))
	}
}

// BenchmarkParse parses a generated 10 000-line program.
func BenchmarkParse(b *testing.B) {
	src := vplgen.Program(10000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	start := vplgen.CPUTime()
	for b.Loop() {
		fset := token.NewFileSet()
		if _, diags := ParseFile(fset, "gen.vpl", src, 0); len(diags) > 0 {
			b.Fatal(diags[0].Message)
		}
	}
	vplgen.ReportCPU(b, start, len(src))
}

// BenchmarkScan scans the same program.
func BenchmarkScan(b *testing.B) {
	src := vplgen.Program(10000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	start := vplgen.CPUTime()
	defer vplgen.ReportCPU(b, start, len(src))
	for b.Loop() {
		fset := token.NewFileSet()
		p := newParser(&shared{fset: fset}, fset.AddFile("gen.vpl", src), src)
		for p.next(); p.t.Kind != token.EOF; p.next() {
		}
	}
}
