package parser

import (
	"strings"
	"testing"

	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/token"
)

func TestDeclLoopExpansion(t *testing.T) {
	src := `# zones
stream Before = A
for z in 1..=3:
    # per zone
    stream Zone{z}Hot = Reading
        .where(zone == {z} and temp_c > 30.0)
        .emit(zone: zone, t: temp_c)

stream After = Zone1Hot
`
	f, fset := parseOK(t, src)
	want := `(stream Before A)
(stream Zone1Hot Reading .where((and (== zone 1) (> temp_c 30f))) .emit(zone=zone t=temp_c))
(stream Zone2Hot Reading .where((and (== zone 2) (> temp_c 30f))) .emit(zone=zone t=temp_c))
(stream Zone3Hot Reading .where((and (== zone 3) (> temp_c 30f))) .emit(zone=zone t=temp_c))
(stream After Zone1Hot)`
	if got := stmtsSx(f); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	// Expanded statements live in virtual files whose lines match the
	// original file.
	p := fset.Position(f.Stmts[2].Pos())
	if p.Filename != "test.vpl (for z=2)" || p.Line != 5 || p.Column != 5 {
		t.Errorf("position of Zone2Hot = %v, want test.vpl (for z=2):5:5", p)
	}
	if len(f.DeclLoops) != 1 {
		t.Fatalf("DeclLoops = %d, want 1", len(f.DeclLoops))
	}
	l := f.DeclLoops[0]
	if l.Var.Name != "z" || l.Lo != 1 || l.Hi != 3 || !l.Inclusive || len(l.Stmts) != 3 {
		t.Errorf("loop = %+v", l)
	}
	if got := fset.Position(l.For); got.Line != 3 || got.Column != 1 {
		t.Errorf("loop position %v", got)
	}
	if got := fset.Position(l.BodyEnd); got.Line != 8 {
		t.Errorf("loop body end %v, want line 8", got)
	}
	// Comments of the loop, including the one in its body, are kept once.
	if len(f.Comments) != 2 || f.Comments[1].Text != "# per zone" {
		var texts []string
		for _, c := range f.Comments {
			texts = append(texts, c.Text)
		}
		t.Errorf("comments = %q", texts)
	}
}

func TestDeclLoopForms(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"exclusive", "for i in 0..2:\n    let v{i} = {i} * 10", "(let v0 (* 0 10))\n(let v1 (* 1 10))"},
		{"negative bounds", "for i in -2..0:\n    const C = {i}", "(const C (- 2))\n(const C (- 1))"},
		{"empty range", "for i in 3..3:\n    stream S{i} = A\nstream T = B", "(stream T B)"},
		{"nested", "for a in 0..2:\n    for b in 1..=2:\n        stream S{a}_{b} = X .where(v == {a} * 10 + {b})",
			"(stream S0_1 X .where((== v (+ (* 0 10) 1))))\n(stream S0_2 X .where((== v (+ (* 0 10) 2))))\n" +
				"(stream S1_1 X .where((== v (+ (* 1 10) 1))))\n(stream S1_2 X .where((== v (+ (* 1 10) 2))))"},
		{"several declarations", "for k in 1..=2:\n    event E{k}:\n        x: int\n\n    fn f{k}() -> int:\n        return {k}\n",
			"(event E1 x:int)\n(fn f1 () -> int [(return 1)])\n(event E2 x:int)\n(fn f2 () -> int [(return 2)])"},
		{"comment after header", "for k in 1..2:  # one\n    let x{k} = 1", "(let x1 1)"},
		{"statement loop is kept", "for i in 0..3:\n    total := total + i", "(for i (.. 0 3) [(:= total (+ total i))])"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _ := parseOK(t, tt.src)
			if got := stmtsSx(f); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestDeclLoopErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
		count           int
	}{
		{"too many iterations", "for z in 0..10001:\n    stream S{z} = A", "10001 iterations; the limit is 10000", 1},
		{"limit is inclusive", "for z in 1..=10000:\n    let x{z} = 1", "", 0},
		{"non-literal bounds", "for z in 1..n:\n    stream S{z} = A", "needs integer literal bounds", 1},
		{"body error reported once", "for z in 0..5:\n    stream S{z} = A .where(x ==)", "missing expression after '=='", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fset := token.NewFileSet()
			_, diags := ParseFile(fset, "test.vpl", []byte(tt.src), 0)
			if diags.ErrorCount() != tt.count {
				t.Fatalf("%d errors, want %d:\n%s", diags.ErrorCount(), tt.count, renderDiags(fset, diags))
			}
			if tt.count > 0 && !strings.Contains(diags[0].Message, tt.want) {
				t.Errorf("message %q, want %q", diags[0].Message, tt.want)
			}
		})
	}
}

func TestDeclLoopNoExpansion(t *testing.T) {
	fset := token.NewFileSet()
	f, diags := ParseFile(fset, "t.vpl", []byte("for z in 1..=3:\n    stream S{z} = A\nstream T = B\n"), NoLoopExpansion)
	if len(diags) != 0 {
		t.Fatal(renderDiags(fset, diags))
	}
	if len(f.Stmts) != 1 || len(f.DeclLoops) != 1 || len(f.DeclLoops[0].Stmts) != 0 {
		t.Errorf("stmts=%d loops=%d", len(f.Stmts), len(f.DeclLoops))
	}
	var _ ast.Node = f.DeclLoops[0]
}
