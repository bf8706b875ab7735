package parser

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// sx renders a node as a compact S-expression, for table tests.
func sx(n ast.Node) string {
	var b strings.Builder
	w := &sxWriter{b: &b}
	w.node(n)
	return b.String()
}

type sxWriter struct{ b *strings.Builder }

func (w *sxWriter) p(format string, args ...any) { fmt.Fprintf(w.b, format, args...) }

func (w *sxWriter) list(sep string, n int, f func(i int)) {
	for i := 0; i < n; i++ {
		if i > 0 {
			w.b.WriteString(sep)
		}
		f(i)
	}
}

func (w *sxWriter) args(args []*ast.Arg) {
	for _, a := range args {
		w.b.WriteByte(' ')
		if a.Name != nil {
			w.p("%s=", a.Name.Name)
		}
		w.node(a.Value)
		switch a.Order {
		case ast.OrderAsc:
			w.p(":asc")
		case ast.OrderDesc:
			w.p(":desc")
		}
	}
}

func quantStr(k token.Kind) string {
	if k == token.ILLEGAL {
		return ""
	}
	return k.String()
}

func (w *sxWriter) opt(prefix string, n ast.Node, isNil bool) {
	if !isNil {
		w.p(" %s", prefix)
		w.node(n)
	}
}

func (w *sxWriter) ops(ops []ast.Op) {
	for _, o := range ops {
		w.b.WriteByte(' ')
		w.node(o)
	}
}

func (w *sxWriter) block(b *ast.Block) {
	w.p("[")
	if b != nil {
		w.list(" ", len(b.Stmts), func(i int) { w.node(b.Stmts[i]) })
	}
	w.p("]")
}

func (w *sxWriter) node(n ast.Node) {
	switch x := n.(type) {
	case nil:
		w.p("_")
	case *ast.Ident:
		if x == nil {
			w.p("_")
			return
		}
		w.p("%s", x.Name)
	case *ast.BasicLit:
		switch x.Kind {
		case token.INT:
			w.p("%d", x.Int)
		case token.FLOAT:
			w.p("%sf", strconv.FormatFloat(x.Float, 'g', -1, 64))
		case token.STRING:
			w.p("%q", x.Str)
		case token.DURATION:
			w.p("dur:%d", x.Int)
		case token.TIMESTAMP:
			w.p("ts:%d", x.Int)
		default:
			w.p("%s", x.Raw)
		}
	case *ast.BadExpr:
		w.p("BAD")
	case *ast.BinaryExpr:
		w.p("(%s ", x.Op)
		w.node(x.X)
		w.p(" ")
		w.node(x.Y)
		w.p(")")
	case *ast.UnaryExpr:
		w.p("(%s ", x.Op)
		w.node(x.X)
		w.p(")")
	case *ast.ParenExpr:
		w.p("(paren ")
		w.node(x.X)
		w.p(")")
	case *ast.SelectorExpr:
		if x.Safe {
			w.p("(?. ")
		} else {
			w.p("(. ")
		}
		w.node(x.X)
		w.p(" %s)", x.Sel.Name)
	case *ast.IndexExpr:
		w.p("(index ")
		w.node(x.X)
		w.p(" ")
		w.node(x.Index)
		w.p(")")
	case *ast.SliceExpr:
		w.p("(slice ")
		w.node(x.X)
		w.p(" ")
		w.node(x.Lo)
		w.p(" ")
		w.node(x.Hi)
		w.p(")")
	case *ast.CallExpr:
		w.p("(call ")
		w.node(x.Fun)
		w.args(x.Args)
		w.p(")")
	case *ast.IfExpr:
		w.p("(if ")
		w.node(x.Cond)
		w.p(" ")
		w.node(x.Then)
		w.p(" ")
		w.node(x.Else)
		w.p(")")
	case *ast.LambdaExpr:
		w.p("(lambda (")
		w.list(" ", len(x.Params), func(i int) { w.p("%s", x.Params[i].Name) })
		w.p(") ")
		if x.Block != nil {
			w.node(x.Block)
		} else {
			w.node(x.Body)
		}
		w.p(")")
	case *ast.BlockExpr:
		w.p("{")
		w.list(" ", len(x.Stmts), func(i int) { w.node(x.Stmts[i]) })
		w.p(" => ")
		w.node(x.Result)
		w.p("}")
	case *ast.ListLit:
		w.p("[")
		w.list(" ", len(x.Elems), func(i int) { w.node(x.Elems[i]) })
		w.p("]")
	case *ast.MapLit:
		w.p("{")
		w.list(" ", len(x.Entries), func(i int) {
			w.node(x.Entries[i].Key)
			w.p(":")
			w.node(x.Entries[i].Value)
		})
		w.p("}")

	// Types
	case *ast.NamedType:
		w.p("%s", x.Name.Name)
	case *ast.ArrayType:
		w.p("[")
		w.node(x.Elem)
		w.p("]")
	case *ast.MapType:
		w.p("{")
		w.node(x.Key)
		w.p(":")
		w.node(x.Value)
		w.p("}")
	case *ast.TupleType:
		w.p("(")
		w.list(",", len(x.Elems), func(i int) { w.node(x.Elems[i]) })
		w.p(")")
	case *ast.StreamType:
		w.p("Stream<")
		w.node(x.Elem)
		w.p(">")
	case *ast.OptionalType:
		w.node(x.Elem)
		w.p("?")
	case *ast.BadType:
		w.p("BADTYPE")

	// Statements
	case *ast.BadStmt:
		w.p("BADSTMT")
	case *ast.StreamDecl:
		w.p("(stream %s", x.Name.Name)
		if x.Type != nil {
			w.p(":")
			w.node(x.Type)
		}
		w.p(" ")
		w.node(x.Source)
		w.ops(x.Ops)
		w.p(")")
	case *ast.EventDecl:
		w.p("(event %s", x.Name.Name)
		if x.Extends != nil {
			w.p(" extends %s", x.Extends.Name)
		}
		for _, f := range x.Fields {
			w.p(" %s:", f.Name.Name)
			w.node(f.Type)
		}
		w.p(")")
	case *ast.TypeDecl:
		w.p("(type %s ", x.Name.Name)
		w.node(x.Type)
		w.p(")")
	case *ast.VarDecl:
		w.p("(%s %s", x.Kind, x.Name.Name)
		if x.Type != nil {
			w.p(":")
			w.node(x.Type)
		}
		w.p(" ")
		w.node(x.Value)
		w.p(")")
	case *ast.AssignStmt:
		op := ":="
		if x.Tok == token.ASSIGN {
			op = "="
		} else if x.Tok != 0 && x.Tok != token.DEFINE {
			op = x.Tok.String() + "="
		}
		w.p("(%s %s ", op, x.Name.Name)
		w.node(x.Value)
		w.p(")")
	case *ast.FuncDecl:
		w.p("(fn %s (", x.Name.Name)
		w.list(" ", len(x.Params), func(i int) {
			w.p("%s", x.Params[i].Name.Name)
			if x.Params[i].Type != nil {
				w.p(":")
				w.node(x.Params[i].Type)
			}
		})
		w.p(")")
		if x.Result != nil {
			w.p(" -> ")
			w.node(x.Result)
		}
		w.p(" ")
		w.block(x.Body)
		w.p(")")
	case *ast.ConnectorDecl:
		w.p("(connector %s %s", x.Name.Name, x.Kind.Name)
		w.args(x.Params)
		w.p(")")
	case *ast.ContextDecl:
		w.p("(context %s", x.Name.Name)
		w.args(x.Params)
		w.p(")")
	case *ast.ConfigDecl:
		w.p("(config ")
		w.node(x.Name)
		w.args(x.Items)
		w.p(")")
	case *ast.ImportStmt:
		w.p("(import ")
		w.node(x.Path)
		if x.Alias != nil {
			w.p(" as %s", x.Alias.Name)
		}
		w.p(")")
	case *ast.PatternDecl:
		w.p("(pattern %s ", x.Name.Name)
		w.node(x.Expr)
		w.opt("within ", x.Within, x.Within == nil)
		if x.PartitionBy != nil {
			w.p(" by %s", x.PartitionBy.Name)
		}
		w.p(")")
	case *ast.IfStmt:
		w.p("(if ")
		w.node(x.Cond)
		w.p(" ")
		w.block(x.Then)
		for _, e := range x.Elifs {
			w.p(" elif ")
			w.node(e.Cond)
			w.p(" ")
			w.block(e.Body)
		}
		if x.Else != nil {
			w.p(" else ")
			w.block(x.Else)
		}
		w.p(")")
	case *ast.ForStmt:
		w.p("(for %s ", x.Var.Name)
		w.node(x.Iter)
		w.p(" ")
		w.block(x.Body)
		w.p(")")
	case *ast.WhileStmt:
		w.p("(while ")
		w.node(x.Cond)
		w.p(" ")
		w.block(x.Body)
		w.p(")")
	case *ast.ReturnStmt:
		w.p("(return")
		w.opt("", x.Result, x.Result == nil)
		w.p(")")
	case *ast.BranchStmt:
		w.p("(%s)", x.Tok)
	case *ast.EmitStmt:
		w.p("(emit %s", x.Type.Name)
		w.args(x.Args)
		w.p(")")
	case *ast.ExprStmt:
		w.node(x.X)

	// Sources
	case *ast.BadSource:
		w.p("BADSRC")
	case *ast.SimpleSource:
		if x.All.IsValid() {
			w.p("all ")
		}
		w.p("%s", x.Name.Name)
		if x.Alias != nil {
			w.p(" as %s", x.Alias.Name)
		}
	case *ast.FromSource:
		w.p("(from %s %s", x.Type.Name, x.Connector.Name)
		w.args(x.Params)
		w.p(")")
	case *ast.MergeSource:
		w.p("(merge")
		w.inline(x.Inputs)
		w.p(")")
	case *ast.JoinSource:
		w.p("(join")
		w.inline(x.Inputs)
		w.p(")")
	case *ast.SequenceSource:
		w.p("(sequence")
		for _, s := range x.Steps {
			w.p(" %s:%s%s", s.Alias.Name, s.Type.Name, quantStr(s.Quant))
			w.opt("where ", s.Where, s.Where == nil)
			w.opt("within ", s.Within, s.Within == nil)
		}
		w.p(")")
	case *ast.TimerSource:
		w.p("(timer")
		w.args(x.Args)
		w.p(")")

	// Operations
	case *ast.BadOp:
		w.p("BADOP")
	case *ast.FollowedBy:
		w.p("(->")
		if x.Not.IsValid() {
			w.p(" not")
		}
		if x.All.IsValid() {
			w.p(" all")
		}
		w.p(" %s%s", x.Type.Name, quantStr(x.Quant))
		w.opt("where ", x.Where, x.Where == nil)
		if x.Alias != nil {
			w.p(" as %s", x.Alias.Name)
		}
		w.p(")")
	case *ast.OpCall:
		w.p(".%s", x.Name.Name)
		if x.As != nil {
			w.p(" as %s", x.As.Name)
		}
		w.p("(")
		var b strings.Builder
		sub := &sxWriter{b: &b}
		sub.args(x.Args)
		w.p("%s)", strings.TrimPrefix(b.String(), " "))
	case *ast.NotOp:
		w.p(".not(%s", x.Type.Name)
		w.opt("where ", x.Where, x.Where == nil)
		w.p(")")
	case *ast.ForkOp:
		w.p(".fork(")
		w.list(", ", len(x.Branches), func(i int) {
			w.p("%s:", x.Branches[i].Name.Name)
			w.ops(x.Branches[i].Ops)
		})
		w.p(")")
	case *ast.PatternOp:
		w.p(".pattern(%s: ", x.Label.Name)
		if x.Lambda != nil {
			w.node(x.Lambda)
		} else {
			w.node(x.Pat)
		}
		w.p(")")

	// Patterns
	case *ast.BadPat:
		w.p("BADPAT")
	case *ast.PatRef:
		w.p("%s%s", x.Type.Name, quantStr(x.Quant))
		w.opt("where ", x.Where, x.Where == nil)
		if x.Alias != nil {
			w.p(" as %s", x.Alias.Name)
		}
	case *ast.PatSeq:
		w.p("(SEQ")
		for _, it := range x.Items {
			w.p(" ")
			w.node(it)
		}
		w.p(")")
	case *ast.PatNot:
		w.p("(NOT ")
		w.node(x.X)
		w.p(")")
	case *ast.PatBinary:
		op := x.Op.String()
		if x.Op == token.ARROW {
			op = "->"
		} else if x.Upper {
			op = strings.ToUpper(op)
		}
		w.p("(%s ", op)
		w.node(x.X)
		w.p(" ")
		w.node(x.Y)
		w.p(")")
	case *ast.PatParen:
		w.node(x.X)
	default:
		w.p("?%T", n)
	}
}

func (w *sxWriter) inline(list []*ast.InlineStream) {
	for _, s := range list {
		w.p(" ")
		if s.Name != nil {
			w.p("%s=", s.Name.Name)
		}
		w.p("%s", s.Source.Name)
		w.ops(s.Ops)
	}
}
