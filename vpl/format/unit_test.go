package format

import (
	"bytes"
	"strings"
	"testing"

	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/parser"
	"github.com/varpulis/varpulis-go/vpl/scanner"
	"github.com/varpulis/varpulis-go/vpl/token"
)

func id(name string) *ast.Ident { return &ast.Ident{Name: name} }

// TestNodeHandBuilt prints a tree built without positions (as a code
// generator would) and checks the text parses back to the same tree.
func TestNodeHandBuilt(t *testing.T) {
	str := &ast.BasicLit{Kind: token.STRING, Raw: `"x"`, Str: "it's \"hot\"\n"}
	file := &ast.File{Stmts: []ast.Stmt{
		&ast.VarDecl{Kind: ast.Const, Name: id("limit"), Value: &ast.BasicLit{Kind: token.INT, Raw: "5", Int: 5}},
		&ast.StreamDecl{
			Name:   id("Hot"),
			Source: &ast.SimpleSource{Name: id("Reading"), Alias: id("r")},
			Ops: []ast.Op{
				&ast.OpCall{Name: id("where"), Args: []*ast.Arg{{Value: &ast.BinaryExpr{
					X:  &ast.SelectorExpr{X: id("r"), Sel: id("temp")},
					Op: token.GTR,
					Y:  &ast.ParenExpr{X: &ast.BinaryExpr{X: id("limit"), Op: token.MUL, Y: &ast.BasicLit{Kind: token.FLOAT, Raw: "2.0", Float: 2}}},
				}}}},
				&ast.OpCall{Name: id("emit"), Args: []*ast.Arg{{Name: id("msg"), Value: str}}},
			},
		},
	}}
	var buf bytes.Buffer
	if err := Node(&buf, nil, file); err != nil {
		t.Fatal(err)
	}
	want := "const limit = 5\n\nstream Hot = Reading as r\n    .where(r.temp > (limit * 2.0))\n    .emit(msg: 'it\\'s \"hot\"\\n')\n"
	if buf.String() != want {
		t.Fatalf("got:\n%s\nwant:\n%s", buf.String(), want)
	}
	fset := token.NewFileSet()
	back, diags := parser.ParseFile(fset, "gen.vpl", buf.Bytes(), 0)
	if diags.HasErrors() {
		t.Fatal(diags.Err(fset))
	}
	if d := DiffAST(file, back); d != "" {
		t.Errorf("tree changed: %s", d)
	}
}

func TestNodeNil(t *testing.T) {
	if err := Node(&bytes.Buffer{}, nil, nil); err == nil {
		t.Error("Node(nil file) returned no error")
	}
}

// TestDiffAST checks that the comparison ignores positions and quoting
// but sees every other change.
func TestDiffAST(t *testing.T) {
	parse := func(src string) *ast.File {
		t.Helper()
		fset := token.NewFileSet()
		f, d := parser.ParseFile(fset, "t.vpl", []byte(src), 0)
		if d.HasErrors() {
			t.Fatalf("%q: %v", src, d.Err(fset))
		}
		return f
	}
	tests := []struct {
		a, b  string
		equal bool
	}{
		{"let x = 1 + 2", "let   x=1+2", true},
		{"let x = 'a\"'", `let x = "a\""`, true},
		{"let x = \"\\u00e9\"", "let x = \"é\"", true},
		{"stream S = A .where(x)", "stream S = A\n    .where(x)", true},
		{"# c\nlet x = 1", "let x = 1", true}, // comments are compared separately
		{"let x = 1 + 2", "let x = (1 + 2)", false},
		{"let x = 1 + 2", "let x = 1 - 2", false},
		{"let x = 1", "let x = 1.0", false},
		{"let x = 10", "let x = 1_0", false},
		{"let x = 60s", "let x = 1m", false},
		{"let x = 'a'", "let x = 'b'", false},
		{"let x = a", "var x = a", false},
		{"stream S = A", "stream S = A .where(x)", false},
		{"stream S = A as a", "stream S = A", false},
		{"x := 1", "x = 1", false},
		{"x += 1", "x := x + 1", false},
	}
	for _, tc := range tests {
		a := parse(tc.a)
		fset := token.NewFileSet()
		b, d := parser.ParseFile(fset, "t.vpl", []byte(tc.b), 0)
		if d.HasErrors() {
			if tc.equal {
				t.Fatalf("%q: %v", tc.b, d.Err(fset))
			}
			continue
		}
		if got := EqualAST(a, b); got != tc.equal {
			t.Errorf("EqualAST(%q, %q) = %v, want %v (%s)", tc.a, tc.b, got, tc.equal, DiffAST(a, b))
		}
	}
}

// TestQuote checks that canonical quoting keeps the decoded value.
func TestQuote(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `""`},
		{"plain", `"plain"`},
		{`say "hi"`, `'say "hi"'`},
		{`it's`, `"it's"`},
		{`"'"`, `'"\'"'`},
		{"a\\b", `"a\\b"`},
		{"tab\tnl\ncr\r", `"tab\tnl\ncr\r"`},
		{"\x00\x1f\x7f", `"\u0000\u001f\u007f"`},
		{"\u00a0\u2028\ufeff", `"\u00a0\u2028\ufeff"`},
		{"é日本😀", `"é日本😀"`},
	}
	for _, tc := range tests {
		got := quote(tc.in)
		if got != tc.want {
			t.Errorf("quote(%q) = %s, want %s", tc.in, got, tc.want)
		}
		back, err := scanner.Unquote(got)
		if err != nil || back != tc.in {
			t.Errorf("Unquote(%s) = %q, %v; want %q", got, back, err, tc.in)
		}
	}
}

func TestNormalizeComment(t *testing.T) {
	tests := []struct{ in, want string }{
		{"# x  ", "# x"},
		{"// x\r", "// x"},
		{"/* a  \r\n   b */", "/* a\n   b */"},
		{"/* x */", "/* x */"},
	}
	for _, tc := range tests {
		if got := normalizeComment(tc.in); got != tc.want {
			t.Errorf("normalizeComment(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestSourceErrors checks that a file with syntax errors is refused and
// that the diagnostics are returned.
func TestSourceErrors(t *testing.T) {
	out, d := Source("bad.vpl", []byte("stream S = A .where(x ==)\n"))
	if out != nil || !d.HasErrors() {
		t.Fatalf("Source accepted a file with errors: %q %v", out, d)
	}
	fset := token.NewFileSet()
	_, d = SourceFileSet(fset, "bad.vpl", []byte("let a = (1\n"))
	if !d.HasErrors() {
		t.Fatal("no diagnostics")
	}
	if pos := fset.Position(d[0].Pos); pos.Filename != "bad.vpl" || pos.Line != 1 {
		t.Errorf("diagnostic position %v does not resolve through the FileSet", pos)
	}
}

// TestLongLines checks the width rule: an argument list is broken exactly
// when its flat form would pass column 100.
func TestLongLines(t *testing.T) {
	for n := 60; n <= 110; n++ {
		arg := strings.Repeat("a", n-len("    .emit(x: )"))
		src := "stream S = A\n    .emit(x: " + arg + ")\n"
		out, d := Source("w.vpl", []byte(src))
		if d.HasErrors() {
			t.Fatal(d.Err(token.NewFileSet()))
		}
		broken := strings.Count(string(out), "\n") > 2
		if broken != (n > maxWidth) {
			t.Errorf("line of %d columns: broken = %v\n%s", n, broken, out)
		}
	}
}
