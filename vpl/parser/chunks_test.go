package parser

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/diag"
	"github.com/varpulis/varpulis-go/vpl/internal/vplgen"
	"github.com/varpulis/varpulis-go/vpl/token"
	"pgregory.net/rapid"
)

// parseWith parses src in up to pieces pieces (1: sequentially), with a
// fresh file set.
func parseWith(src []byte, pieces int) (*ast.File, diag.List) {
	fset := token.NewFileSet()
	sh := &shared{fset: fset}
	file := fset.AddFile("p.vpl", src)
	return parseFile(sh, file, src, pieces)
}

// samePieces checks that the parallel parse of src equals the sequential
// one: same tree (positions included), comments and diagnostics.
func samePieces(t interface {
	Helper()
	Fatalf(string, ...any)
}, src []byte, pieces int) {
	t.Helper()
	want, wantD := parseWith(src, 1)
	got, gotD := parseWith(src, pieces)
	if !reflect.DeepEqual(wantD, gotD) {
		t.Fatalf("%d pieces: diagnostics differ:\nsequential %v\nparallel   %v", pieces, wantD, gotD)
	}
	if !reflect.DeepEqual(want, got) {
		for i := range min(len(want.Stmts), len(got.Stmts)) {
			if !reflect.DeepEqual(want.Stmts[i], got.Stmts[i]) {
				t.Fatalf("%d pieces: statement %d differs:\nsequential %s\nparallel   %s", pieces, i, sx(want.Stmts[i]), sx(got.Stmts[i]))
			}
		}
		t.Fatalf("%d pieces: trees differ (%d vs %d statements, %d vs %d comments)",
			pieces, len(want.Stmts), len(got.Stmts), len(want.Comments), len(got.Comments))
	}
}

// corpus returns the conformance programs and the language guide's
// examples as separate sources.
func corpus(t *testing.T) [][]byte {
	var out [][]byte
	for _, name := range conformancePrograms(t) {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, src)
	}
	return out
}

// TestPiecesGenerated parses the benchmark's generated program in pieces.
func TestPiecesGenerated(t *testing.T) {
	src := vplgen.Program(3000)
	if n := len(cutPoints(src, 4)); n != 4 {
		t.Fatalf("generated program cut in %d pieces, want 4", n)
	}
	for pieces := 2; pieces <= 5; pieces++ {
		samePieces(t, src, pieces)
	}
}

// TestPiecesProperty concatenates random corpus programs with random
// separators (blank lines, comments, block comments spanning lines,
// indented lines, stray brackets) and checks that parsing in pieces gives
// exactly the sequential result, errors included.
func TestPiecesProperty(t *testing.T) {
	progs := corpus(t)
	seps := []string{
		"\n", "\n\n", "# comment\n", "// stream X = Y\n", "/* block\nstream Z = W\n*/\n",
		"    .where(x > 1)\n", "(\n", ")\n", "stream\n", "for i in 0..2:\n    stream S{i} = T\n",
		"let s = \"a \\\" stream\"\n", "  \n", "event E:\n    x: int\n", "stream Bad = \n",
	}
	rapid.Check(t, func(t *rapid.T) {
		var b strings.Builder
		n := rapid.IntRange(1, 8).Draw(t, "n")
		for i := range n {
			b.Write(progs[rapid.IntRange(0, len(progs)-1).Draw(t, fmt.Sprint("prog", i))])
			if !strings.HasSuffix(b.String(), "\n") {
				b.WriteByte('\n')
			}
			if rapid.Bool().Draw(t, fmt.Sprint("sep?", i)) {
				b.WriteString(seps[rapid.IntRange(0, len(seps)-1).Draw(t, fmt.Sprint("sep", i))])
			}
		}
		samePieces(t, []byte(b.String()), rapid.IntRange(2, 6).Draw(t, "pieces"))
	})
}

// TestCutPoints checks where sources are cut and where they are not.
func TestCutPoints(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want int // number of pieces
	}{
		{"declarations", "stream A = X\nstream B = Y\nstream C = Z\n", 3},
		{"inside brackets", "stream A = X.emit(a: [\nstream B = Y\n])\nstream C = Z\n", 2},
		{"inside block comment", "stream A = X\n/*\nstream B = Y\n*/\nstream C = Z\n", 2},
		{"after line comment with bracket", "stream A = X # (\nstream B = Y\n", 2},
		{"string with bracket", "stream A = X.where(s == \"(\")\nstream B = Y\n", 2},
		{"indented", "stream A = X\n  stream B = Y\n", 1},
		{"declaration loop", "stream A = X\nfor i in 0..2:\n    stream S{i} = X\n", 0},
		{"unbalanced", "stream A = X)\nstream B = Y\n", 0},
		{"keyword needs a blank", "stream A = X\nstreams\n", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := len(cutPoints([]byte(tt.src), 8))
			if got != tt.want {
				t.Errorf("cutPoints gives %d pieces, want %d", got, tt.want)
			}
		})
	}
}
