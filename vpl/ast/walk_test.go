package ast_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/parser"
	"github.com/varpulis/varpulis-go/vpl/token"
)

const walkSrc = `event E extends B:
    a: [int]
    b: {str: float}?
type T = (int, Stream<E>)
let x: int = -1
y := [1, {k: 2}][0]
fn f(p: int) -> int:
    if p > 0:
        return p
    elif p < 0:
        while true:
            break
    else:
        for i in 0..p:
            emit Out(v: i)
    p
connector C = mqtt(host: "h")
context ctx (cores: [0])
config c { k: 1 }
import "x.vpl" as xx
pattern P = SEQ(A as a, NOT B where b == a.b) OR (C AND D) within 5m partition by k
stream S1 = merge(stream M = A .where(z), B)
stream S2 = join(A, B) .on(A.k == B.k)
stream S3 = sequence(s: A where t > 1 .within(1m))
stream S4 = timer(1s)
stream S5 = A.from(C, topic: "t")
stream S6 = all A as a -> not B where u?.v[1:2] > 0 as b
    .not(X where q)
    .fork(l: .where(w), r: -> Y)
    .pattern(p: e => { let z = e  z.len() } )
    .pattern(q: A -> B)
    .emit as O(n: if a then b else c, m: f(x)(y))
`

// TestWalkVisitsEveryNode checks that Walk reaches nodes of every kind in
// source order, and that each Visit(n) is paired with a Visit(nil).
func TestWalkVisitsEveryNode(t *testing.T) {
	fset := token.NewFileSet()
	f, diags := parser.ParseFile(fset, "w.vpl", []byte(walkSrc), 0)
	if len(diags) > 0 {
		t.Fatalf("parse: %v", diags.Err(fset))
	}
	kinds := map[string]int{}
	depth, maxDepth := 0, 0
	var last token.Pos
	outOfOrder := 0
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			depth--
			return true
		}
		depth++
		maxDepth = max(maxDepth, depth)
		kinds[strings.TrimPrefix(fmt.Sprintf("%T", n), "*ast.")]++
		if n.Pos() < last {
			outOfOrder++
		}
		if _, isFile := n.(*ast.File); !isFile {
			last = n.Pos()
		}
		return true
	})
	if depth != 0 {
		t.Errorf("unbalanced Visit(nil) calls: depth %d", depth)
	}
	if outOfOrder != 0 {
		t.Errorf("%d nodes visited out of source order", outOfOrder)
	}
	want := []string{
		"File", "EventDecl", "FieldDecl", "ArrayType", "MapType", "OptionalType", "NamedType",
		"TypeDecl", "TupleType", "StreamType", "VarDecl", "UnaryExpr", "AssignStmt", "IndexExpr",
		"ListLit", "MapLit", "MapEntry", "FuncDecl", "Param", "Block", "IfStmt", "ElifClause",
		"ReturnStmt", "WhileStmt", "BranchStmt", "ForStmt", "EmitStmt", "Arg", "ExprStmt",
		"ConnectorDecl", "ContextDecl", "ConfigDecl", "ImportStmt", "BasicLit", "PatternDecl",
		"PatBinary", "PatSeq", "PatRef", "PatNot", "PatParen", "StreamDecl", "MergeSource",
		"InlineStream", "OpCall", "JoinSource", "SelectorExpr", "BinaryExpr", "SequenceSource",
		"SeqStep", "TimerSource", "FromSource", "SimpleSource", "FollowedBy", "SliceExpr",
		"NotOp", "ForkOp", "ForkBranch", "PatternOp", "LambdaExpr", "BlockExpr", "CallExpr",
		"IfExpr", "Ident",
	}
	for _, k := range want {
		if kinds[k] == 0 {
			t.Errorf("Walk never visited a %s", k)
		}
	}
}

// TestInspectPrune checks that returning false skips a node's children.
func TestInspectPrune(t *testing.T) {
	fset := token.NewFileSet()
	f, _ := parser.ParseFile(fset, "w.vpl", []byte("stream S = A .where(a + b)\nlet x = c\n"), 0)
	var idents []string
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.StreamDecl:
			return false
		case *ast.Ident:
			idents = append(idents, x.Name)
		}
		return true
	})
	if got := strings.Join(idents, ","); got != "x,c" {
		t.Errorf("idents = %s, want x,c", got)
	}
}

// TestWalkDeclLoop checks that a DeclLoop's expanded statements are walked.
func TestWalkDeclLoop(t *testing.T) {
	fset := token.NewFileSet()
	f, _ := parser.ParseFile(fset, "w.vpl", []byte("for i in 0..2:\n    let v{i} = {i}\n"), 0)
	n := 0
	ast.Inspect(f.DeclLoops[0], func(node ast.Node) bool {
		if _, ok := node.(*ast.VarDecl); ok {
			n++
		}
		return true
	})
	if n != 2 {
		t.Errorf("visited %d VarDecls, want 2", n)
	}
}

// TestNames: names read by an expression, with the qualifiers of member
// accesses marked; field names, called functions and argument labels are
// not names.
func TestNames(t *testing.T) {
	tests := []struct{ src, want string }{
		{"a + b.c", "a b."},
		{"count(t) > t.px and f(x: y)", "t t. y"},
		{"g(h(k)).m", "k"},
		{"[p, {q: r}][0].s", "p r"},
	}
	for _, tc := range tests {
		fset := token.NewFileSet()
		f, diags := parser.ParseFile(fset, "t.vpl", []byte("let v = "+tc.src+"\n"), 0)
		if diags.HasErrors() {
			t.Fatalf("%s: %v", tc.src, diags.Err(fset))
		}
		var got []string
		ast.Names(f.Stmts[0].(*ast.VarDecl).Value, func(id *ast.Ident, qualifier bool) {
			if qualifier {
				got = append(got, id.Name+".")
			} else {
				got = append(got, id.Name)
			}
		})
		if strings.Join(got, " ") != tc.want {
			t.Errorf("%s: names %q, want %q", tc.src, strings.Join(got, " "), tc.want)
		}
	}
}
