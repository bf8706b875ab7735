package format

import (
	"sort"

	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/token"
)

const noPos = token.NoPos

// item is one top-level entry of a file: a statement or a declaration loop.
type item struct {
	pos  token.Pos
	stmt ast.Stmt
	loop *ast.DeclLoop
}

// fileItems lists the top-level statements written in the main file and
// its declaration loops, in source order. The statements a loop expands
// to are left out: the loop is printed instead.
func (p *printer) fileItems(f *ast.File) []item {
	var items []item
	if p.file == nil {
		// Without source text a loop cannot be reproduced: print the
		// statements it expanded to.
		for _, s := range f.Stmts {
			if !isNil(s) {
				items = append(items, item{stmt: s})
			}
		}
		return items
	}
	expanded := map[ast.Stmt]bool{}
	for _, l := range f.DeclLoops {
		if l == nil {
			continue
		}
		for _, s := range l.Stmts {
			expanded[s] = true
		}
		if p.inMain(l.For) {
			items = append(items, item{pos: l.For, loop: l})
		}
	}
	for _, s := range f.Stmts {
		if isNil(s) || expanded[s] || !p.inMain(s.Pos()) {
			continue
		}
		items = append(items, item{pos: s.Pos(), stmt: s})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].pos < items[j].pos })
	return items
}

// multiLine reports whether a top-level item always spans several lines;
// such items are separated from their neighbours by a blank line.
func multiLine(it item) bool {
	if it.loop != nil {
		return true
	}
	switch s := it.stmt.(type) {
	case *ast.StreamDecl:
		return len(s.Ops) > 0
	case *ast.EventDecl:
		return len(s.Fields) > 0
	case *ast.FuncDecl, *ast.IfStmt, *ast.ForStmt, *ast.WhileStmt:
		return true
	case *ast.ConfigDecl:
		return len(s.Items) > 0
	}
	return false
}

func (p *printer) printFile(f *ast.File) {
	items := p.fileItems(f)
	// At the start of the output the pending newline writes nothing; it
	// only makes leading comments statement-level.
	p.nl, p.blank, p.stmtLevel = true, blankNone, true
	for i, it := range items {
		if i > 0 {
			mode := blankSource
			if multiLine(items[i-1]) || multiLine(it) {
				mode = blankForce
			}
			p.newline(mode, true)
		}
		if it.loop != nil {
			p.declLoop(it.loop)
		} else {
			p.stmt(it.stmt)
		}
	}
	p.newline(blankSource, true)
	p.flushAll()
	if n := len(p.out); n > 0 && p.out[n-1] != '\n' {
		p.out = append(p.out, '\n')
	}
}

// declLoop copies a compile-time declaration loop verbatim from the source
// (the parser keeps only its expansion as statements).
func (p *printer) declLoop(l *ast.DeclLoop) {
	p.flushBefore(l.For)
	from, to := p.file.Offset(l.For), p.file.Offset(l.BodyEnd)
	if to < from {
		to = from
	}
	text := string(p.src[from:to])
	// Drop trailing blank lines and white space; keep everything else.
	for len(text) > 0 {
		c := text[len(text)-1]
		if c != '\n' && c != ' ' && c != '\t' && c != '\r' {
			break
		}
		text = text[:len(text)-1]
	}
	p.emitPending(l.For, "for")
	p.write(text)
	p.cmtLine = false
	// Skip the comments inside the loop (they are part of the text).
	for p.ci < len(p.comments) && p.comments[p.ci].pos < l.BodyEnd {
		p.ci++
	}
}

// ---------------------------------------------------------------------------
// Statements

func (p *printer) stmt(s ast.Stmt) {
	switch s := s.(type) {
	case *ast.StreamDecl:
		p.streamDecl(s)
	case *ast.EventDecl:
		p.text(s.Event, "event")
		p.sp()
		p.ident(s.Name)
		if s.Extends != nil {
			p.sp()
			p.text(noPos, "extends")
			p.sp()
			p.ident(s.Extends)
		}
		if len(s.Fields) == 0 {
			// Only the brace form can declare an event without fields.
			p.sp()
			p.text(noPos, "{")
			if p.inMain(s.EndPos) {
				p.flushBefore(s.EndPos - 1)
			}
			p.text(noPos, "}")
			return
		}
		p.text(noPos, ":")
		p.indent += indentWidth
		for _, f := range s.Fields {
			if f == nil {
				continue
			}
			p.newline(blankSource, true)
			p.ident(f.Name)
			p.text(noPos, ":")
			p.sp()
			p.typ(f.Type)
		}
		p.tail(s.End(), p.sourceCol(s.Pos())+1)
		p.indent -= indentWidth
	case *ast.TypeDecl:
		p.text(s.TypePos, "type")
		p.sp()
		p.ident(s.Name)
		p.sp()
		p.text(noPos, "=")
		p.sp()
		p.typ(s.Type)
	case *ast.VarDecl:
		p.text(s.Keyword, s.Kind.String())
		p.sp()
		p.ident(s.Name)
		if !isNil(s.Type) {
			p.text(noPos, ":")
			p.sp()
			p.typ(s.Type)
		}
		p.sp()
		p.text(noPos, "=")
		p.sp()
		p.expr(s.Value)
	case *ast.AssignStmt:
		p.assign(s)
	case *ast.FuncDecl:
		p.noBreak++
		p.text(s.Fn, "fn")
		p.sp()
		p.ident(s.Name)
		p.text(noPos, "(")
		for i, prm := range s.Params {
			if i > 0 {
				p.text(noPos, ",")
				p.sp()
			}
			if prm == nil {
				continue
			}
			p.ident(prm.Name)
			if !isNil(prm.Type) {
				p.text(noPos, ":")
				p.sp()
				p.typ(prm.Type)
			}
		}
		p.text(noPos, ")")
		if !isNil(s.Result) {
			p.sp()
			p.text(noPos, "->")
			p.sp()
			p.typ(s.Result)
		}
		p.noBreak--
		p.block(s.Body)
	case *ast.ConnectorDecl:
		p.text(s.Connector, "connector")
		p.sp()
		p.ident(s.Name)
		p.sp()
		p.text(noPos, "=")
		p.sp()
		p.ident(s.Kind)
		p.text(noPos, "(")
		p.args(s.Params, s.Rparen)
	case *ast.ContextDecl:
		p.text(s.Context, "context")
		p.sp()
		p.ident(s.Name)
		if s.Rparen.IsValid() || len(s.Params) > 0 {
			p.text(noPos, "(")
			p.args(s.Params, s.Rparen)
		}
	case *ast.ConfigDecl:
		p.configDecl(s)
	case *ast.ImportStmt:
		p.text(s.Import, "import")
		p.sp()
		if s.Path != nil {
			p.expr(s.Path)
		}
		if s.Alias != nil {
			p.sp()
			p.text(noPos, "as")
			p.sp()
			p.ident(s.Alias)
		}
	case *ast.PatternDecl:
		p.text(s.PatternPos, "pattern")
		p.sp()
		p.ident(s.Name)
		p.sp()
		p.text(noPos, "=")
		p.sp()
		p.pat(s.Expr, true)
		if !isNil(s.Within) {
			p.sp()
			p.text(noPos, "within")
			p.sp()
			p.expr(s.Within)
		}
		if s.PartitionBy != nil {
			p.sp()
			p.text(noPos, "partition")
			p.sp()
			p.text(noPos, "by")
			p.sp()
			p.ident(s.PartitionBy)
		}
	case *ast.IfStmt:
		p.noBreak++
		p.text(s.If, "if")
		p.sp()
		p.expr(s.Cond)
		p.noBreak--
		p.block(s.Then)
		for _, c := range s.Elifs {
			if c == nil {
				continue
			}
			p.newline(blankNone, true)
			p.noBreak++
			p.text(c.Elif, "elif")
			p.sp()
			p.expr(c.Cond)
			p.noBreak--
			p.block(c.Body)
		}
		if s.Else != nil {
			p.newline(blankNone, true)
			if p.inMain(s.Else.Colon) {
				p.flushBefore(s.Else.Colon)
			}
			p.text(noPos, "else")
			p.block(s.Else)
		}
	case *ast.ForStmt:
		p.noBreak++
		p.text(s.For, "for")
		p.sp()
		p.ident(s.Var)
		p.sp()
		p.text(noPos, "in")
		p.sp()
		p.expr(s.Iter)
		p.noBreak--
		p.block(s.Body)
	case *ast.WhileStmt:
		p.noBreak++
		p.text(s.While, "while")
		p.sp()
		p.expr(s.Cond)
		p.noBreak--
		p.block(s.Body)
	case *ast.ReturnStmt:
		p.text(s.Return, "return")
		if !isNil(s.Result) {
			p.sp()
			p.expr(s.Result)
		}
	case *ast.BranchStmt:
		p.text(s.TokPos, s.Tok)
	case *ast.EmitStmt:
		p.text(s.Emit, "emit")
		p.sp()
		p.ident(s.Type)
		p.text(noPos, "(")
		p.args(s.Args, s.Rparen)
	case *ast.ExprStmt:
		p.expr(s.X)
	case *ast.BadStmt:
		p.verbatim(s.From, s.To)
	}
}

func (p *printer) assign(s *ast.AssignStmt) {
	p.ident(s.Name)
	p.sp()
	switch s.Tok {
	case token.ADD, token.SUB, token.MUL, token.QUO, token.REM:
		if b, ok := s.Value.(*ast.BinaryExpr); ok && b.Op == s.Tok {
			p.text(s.Define, s.Tok.String()+"=")
			p.sp()
			p.expr(b.Y)
			return
		}
		// A compound assignment whose value is not name op value:
		// print the value in full.
		p.text(s.Define, ":=")
	case token.ASSIGN:
		p.text(s.Define, "=")
	default:
		p.text(s.Define, ":=")
	}
	p.sp()
	p.expr(s.Value)
}

func (p *printer) configDecl(s *ast.ConfigDecl) {
	p.text(s.Config, "config")
	// An empty block keeps braces: `config:` needs at least one item.
	if s.Name != nil || len(s.Items) == 0 {
		p.sp()
		if s.Name != nil {
			p.ident(s.Name)
			p.sp()
		}
		p.text(noPos, "{")
		if len(s.Items) == 0 {
			if p.inMain(s.EndPos) {
				p.flushBefore(s.EndPos)
			}
			p.text(noPos, "}")
			return
		}
		p.indent += indentWidth
		for i, it := range s.Items {
			if i > 0 {
				p.text(noPos, ",")
			}
			p.newline(blankSource, true)
			p.arg(it)
		}
		p.newline(blankNone, false)
		if p.inMain(s.EndPos) {
			p.flushBefore(s.EndPos - 1)
		}
		p.indent -= indentWidth
		p.newline(blankNone, false)
		p.text(noPos, "}")
		return
	}
	p.text(noPos, ":")
	p.indent += indentWidth
	for _, it := range s.Items {
		p.newline(blankSource, true)
		p.arg(it)
	}
	p.tail(s.End(), p.sourceCol(s.Pos())+1)
	p.indent -= indentWidth
}

// block prints ':' and an indented statement body.
func (p *printer) block(b *ast.Block) {
	if b == nil {
		p.text(noPos, ":")
		return
	}
	p.text(b.Colon, ":")
	p.indent += indentWidth
	minCol := 1
	for i, s := range b.Stmts {
		if isNil(s) {
			continue
		}
		if i == 0 {
			p.newline(blankNone, true)
			minCol = p.sourceCol(s.Pos())
		} else {
			p.newline(blankSource, true)
		}
		p.stmt(s)
	}
	p.tail(b.End(), minCol)
	p.indent -= indentWidth
}

// tail prints the comments that close an indented construct at the
// current (inner) indentation.
func (p *printer) tail(end token.Pos, minCol int) {
	if !p.inMain(end) {
		return
	}
	p.newline(blankSource, true)
	p.flushTail(end, minCol)
}

// ---------------------------------------------------------------------------
// Streams

func (p *printer) streamDecl(s *ast.StreamDecl) {
	p.text(s.Stream, "stream")
	p.sp()
	p.ident(s.Name)
	if !isNil(s.Type) {
		p.text(noPos, ":")
		p.sp()
		p.typ(s.Type)
	}
	p.sp()
	p.text(noPos, "=")
	p.sp()
	p.source(s.Source)
	p.indent += indentWidth
	for _, op := range s.Ops {
		if isNil(op) {
			continue
		}
		p.newline(blankNone, false)
		p.op(op)
	}
	p.tail(s.End(), p.sourceCol(s.Pos())+1)
	p.indent -= indentWidth
}

func (p *printer) source(src ast.Source) {
	switch s := src.(type) {
	case *ast.SimpleSource:
		if s.All.IsValid() {
			p.text(s.All, "all")
			p.sp()
		}
		p.ident(s.Name)
		if s.Alias != nil {
			p.sp()
			p.text(noPos, "as")
			p.sp()
			p.ident(s.Alias)
		}
	case *ast.FromSource:
		p.ident(s.Type)
		p.text(noPos, ".")
		p.text(noPos, "from")
		p.text(noPos, "(")
		p.list(1+len(s.Params), func(i int) {
			if i == 0 {
				p.ident(s.Connector)
				return
			}
			p.arg(s.Params[i-1])
		}, s.Rparen, ")")
	case *ast.MergeSource:
		p.text(s.Merge, "merge")
		p.text(noPos, "(")
		p.list(len(s.Inputs), func(i int) { p.inlineStream(s.Inputs[i]) }, s.Rparen, ")")
	case *ast.JoinSource:
		p.text(s.Join, "join")
		p.text(noPos, "(")
		p.list(len(s.Inputs), func(i int) { p.inlineStream(s.Inputs[i]) }, s.Rparen, ")")
	case *ast.SequenceSource:
		p.text(s.Sequence, "sequence")
		p.text(noPos, "(")
		p.list(len(s.Steps), func(i int) { p.seqStep(s.Steps[i]) }, s.Rparen, ")")
	case *ast.TimerSource:
		p.text(s.Timer, "timer")
		p.text(noPos, "(")
		p.args(s.Args, s.Rparen)
	case *ast.BadSource:
		p.verbatim(s.From, s.To)
	}
}

func (p *printer) inlineStream(s *ast.InlineStream) {
	if s == nil {
		return
	}
	if s.Name != nil {
		p.text(s.StreamPos, "stream")
		p.sp()
		p.ident(s.Name)
		p.sp()
		p.text(noPos, "=")
		p.sp()
	}
	p.ident(s.Source)
	for _, op := range s.Ops {
		if isNil(op) {
			continue
		}
		p.sp()
		p.op(op)
	}
}

func (p *printer) seqStep(s *ast.SeqStep) {
	if s == nil {
		return
	}
	p.ident(s.Alias)
	p.text(noPos, ":")
	p.sp()
	p.ident(s.Type)
	p.quant(s.Quant, s.QuantPos)
	if !isNil(s.Where) {
		p.sp()
		p.text(noPos, "where")
		p.sp()
		p.expr(s.Where)
	}
	if !isNil(s.Within) {
		p.sp()
		p.text(noPos, ".")
		p.text(noPos, "within")
		p.text(noPos, "(")
		p.expr(s.Within)
		p.text(noPos, ")")
	}
}

func (p *printer) quant(k token.Kind, pos token.Pos) {
	switch k {
	case token.ADD:
		p.text(pos, "+")
	case token.MUL:
		p.text(pos, "*")
	case token.QUESTION:
		p.text(pos, "?")
	}
}

func (p *printer) op(o ast.Op) {
	switch o := o.(type) {
	case *ast.OpCall:
		p.text(o.Dot, ".")
		p.ident(o.Name)
		if o.As != nil {
			p.sp()
			p.text(noPos, "as")
			p.sp()
			p.ident(o.As)
		}
		p.text(o.Lparen, "(")
		p.args(o.Args, o.Rparen)
	case *ast.FollowedBy:
		p.text(o.Arrow, "->")
		if o.Not.IsValid() {
			p.sp()
			p.text(o.Not, "not")
		}
		if o.All.IsValid() {
			p.sp()
			p.text(o.All, "all")
		}
		p.sp()
		p.ident(o.Type)
		p.quant(o.Quant, o.QuantPos)
		if !isNil(o.Where) {
			p.sp()
			p.text(noPos, "where")
			p.sp()
			p.expr(o.Where)
		}
		if o.Alias != nil {
			p.sp()
			p.text(noPos, "as")
			p.sp()
			p.ident(o.Alias)
		}
	case *ast.NotOp:
		p.text(o.Dot, ".")
		p.text(noPos, "not")
		p.text(noPos, "(")
		p.list(1, func(int) {
			p.ident(o.Type)
			if !isNil(o.Where) {
				p.sp()
				p.text(noPos, "where")
				p.sp()
				p.expr(o.Where)
			}
		}, o.Rparen, ")")
	case *ast.ForkOp:
		p.text(o.Dot, ".")
		p.text(noPos, "fork")
		p.text(noPos, "(")
		p.list(len(o.Branches), func(i int) {
			b := o.Branches[i]
			if b == nil {
				return
			}
			p.ident(b.Name)
			p.text(noPos, ":")
			for _, op := range b.Ops {
				if isNil(op) {
					continue
				}
				p.sp()
				p.op(op)
			}
		}, o.Rparen, ")")
	case *ast.PatternOp:
		p.text(o.Dot, ".")
		p.text(noPos, "pattern")
		p.text(noPos, "(")
		p.list(1, func(int) {
			p.ident(o.Label)
			p.text(noPos, ":")
			p.sp()
			if !isNil(o.Lambda) {
				p.expr(o.Lambda)
			} else {
				p.pat(o.Pat, false)
			}
		}, o.Rparen, ")")
	case *ast.BadOp:
		p.verbatim(o.From, o.To)
	}
}

// ---------------------------------------------------------------------------
// Lists and arguments

// list prints n comma-separated items and the closing bracket, after the
// caller printed the opening one: on one line when that fits, else one
// item per line indented one level, the closing bracket on its own line.
func (p *printer) list(n int, item func(i int), closePos token.Pos, closeText string) {
	p.group(func(broken bool) {
		if broken {
			p.indent += indentWidth
		}
		for i := 0; i < n; i++ {
			if i > 0 {
				p.text(noPos, ",")
				if !broken {
					p.sp()
				}
			}
			if broken {
				p.newline(blankNone, false)
			}
			item(i)
		}
		if broken {
			if p.inMain(closePos) {
				// Comments before the closing bracket stay with the items.
				p.newline(blankNone, false)
				p.flushBefore(closePos)
			}
			p.indent -= indentWidth
			p.newline(blankNone, false)
		}
		p.text(closePos, closeText)
	})
}

func (p *printer) args(args []*ast.Arg, rparen token.Pos) {
	p.list(len(args), func(i int) { p.arg(args[i]) }, rparen, ")")
}

func (p *printer) arg(a *ast.Arg) {
	if a == nil {
		return
	}
	if a.Name != nil {
		p.ident(a.Name)
		p.text(noPos, ":")
		p.sp()
	}
	p.expr(a.Value)
	switch a.Order {
	case ast.OrderAsc:
		p.sp()
		p.text(a.OrderPos, "asc")
	case ast.OrderDesc:
		p.sp()
		p.text(a.OrderPos, "desc")
	}
}

func (p *printer) ident(x *ast.Ident) {
	if x == nil {
		return
	}
	p.text(x.NamePos, x.Name)
}

// verbatim copies source text (used for the Bad nodes of a tree with
// errors).
func (p *printer) verbatim(from, to token.Pos) {
	if !p.inMain(from) || !p.inMain(to) || to < from {
		return
	}
	p.text(from, string(p.src[p.file.Offset(from):p.file.Offset(to)]))
}

// ---------------------------------------------------------------------------
// Expressions

func (p *printer) expr(x ast.Expr) {
	switch x := x.(type) {
	case *ast.Ident:
		p.ident(x)
	case *ast.BasicLit:
		if x == nil {
			return
		}
		if x.Kind == token.STRING {
			p.text(x.ValuePos, quote(x.Str))
		} else {
			p.text(x.ValuePos, x.Raw)
		}
	case *ast.ListLit:
		p.text(x.Lbrack, "[")
		p.list(len(x.Elems), func(i int) { p.expr(x.Elems[i]) }, x.Rbrack, "]")
	case *ast.MapLit:
		p.text(x.Lbrace, "{")
		p.list(len(x.Entries), func(i int) {
			e := x.Entries[i]
			if e == nil {
				return
			}
			p.expr(e.Key)
			p.text(e.Colon, ":")
			p.sp()
			p.expr(e.Value)
		}, x.Rbrace, "}")
	case *ast.ParenExpr:
		p.text(x.Lparen, "(")
		p.expr(x.X)
		p.text(x.Rparen, ")")
	case *ast.UnaryExpr:
		switch x.Op {
		case token.NOT:
			p.text(x.OpPos, "not")
			p.sp()
		case token.TILDE:
			p.text(x.OpPos, "~")
		default:
			p.text(x.OpPos, "-")
		}
		p.expr(x.X)
	case *ast.BinaryExpr:
		tight := (x.Op == token.RANGE || x.Op == token.RANGEINCL) && simpleOperand(x.X) && simpleOperand(x.Y)
		p.expr(x.X)
		if !tight {
			p.sp()
		}
		p.text(x.OpPos, x.Op.String())
		if !tight {
			p.sp()
		}
		p.expr(x.Y)
	case *ast.SelectorExpr:
		p.expr(x.X)
		if x.Safe {
			p.text(x.Dot, "?.")
		} else {
			p.text(x.Dot, ".")
		}
		p.ident(x.Sel)
	case *ast.IndexExpr:
		p.expr(x.X)
		p.text(x.Lbrack, "[")
		p.expr(x.Index)
		p.text(x.Rbrack, "]")
	case *ast.SliceExpr:
		p.expr(x.X)
		p.text(x.Lbrack, "[")
		if !isNil(x.Lo) {
			p.expr(x.Lo)
		}
		p.text(noPos, ":")
		if !isNil(x.Hi) {
			p.expr(x.Hi)
		}
		p.text(x.Rbrack, "]")
	case *ast.CallExpr:
		p.expr(x.Fun)
		p.text(x.Lparen, "(")
		p.args(x.Args, x.Rparen)
	case *ast.IfExpr:
		p.text(x.If, "if")
		p.sp()
		p.expr(x.Cond)
		p.sp()
		p.text(noPos, "then")
		p.sp()
		p.expr(x.Then)
		p.sp()
		p.text(noPos, "else")
		p.sp()
		p.expr(x.Else)
	case *ast.LambdaExpr:
		p.lambda(x)
	case *ast.BlockExpr:
		p.blockExpr(x)
	case *ast.BadExpr:
		p.verbatim(x.From, x.To)
	}
}

// simpleOperand reports whether x is printed without spaces around a
// range operator (0..5, a..=b).
func simpleOperand(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.Ident, *ast.BasicLit:
		return true
	case *ast.UnaryExpr:
		_, lit := x.X.(*ast.BasicLit)
		return x.Op == token.SUB && lit
	}
	return false
}

func (p *printer) lambda(x *ast.LambdaExpr) {
	if len(x.Params) == 1 && x.Params[0] != nil {
		p.ident(x.Params[0])
	} else {
		p.text(x.Start, "(")
		for i, id := range x.Params {
			if i > 0 {
				p.text(noPos, ",")
				p.sp()
			}
			p.ident(id)
		}
		p.text(noPos, ")")
	}
	p.sp()
	p.text(x.Arrow, "=>")
	p.sp()
	if x.Block != nil {
		p.blockExpr(x.Block)
	} else {
		p.expr(x.Body)
	}
}

func (p *printer) blockExpr(b *ast.BlockExpr) {
	p.text(b.Lbrace, "{")
	if len(b.Stmts) == 0 {
		if !isNil(b.Result) {
			p.sp()
			p.expr(b.Result)
			p.sp()
		}
		p.text(b.Rbrace, "}")
		return
	}
	p.indent += indentWidth
	for i, s := range b.Stmts {
		if isNil(s) {
			continue
		}
		if i == 0 {
			p.newline(blankNone, true)
		} else {
			p.newline(blankSource, true)
		}
		p.stmt(s)
	}
	if !isNil(b.Result) {
		p.newline(blankSource, true)
		p.expr(b.Result)
	}
	p.newline(blankSource, true)
	if p.inMain(b.Rbrace) {
		p.flushBefore(b.Rbrace)
	}
	p.indent -= indentWidth
	p.newline(blankNone, false)
	p.text(b.Rbrace, "}")
}

// ---------------------------------------------------------------------------
// Types

func (p *printer) typ(t ast.Type) {
	switch t := t.(type) {
	case *ast.NamedType:
		if t != nil {
			p.ident(t.Name)
		}
	case *ast.ArrayType:
		p.text(t.Lbrack, "[")
		p.typ(t.Elem)
		p.text(t.Rbrack, "]")
	case *ast.MapType:
		p.text(t.Lbrace, "{")
		p.typ(t.Key)
		p.text(noPos, ":")
		p.sp()
		p.typ(t.Value)
		p.text(t.Rbrace, "}")
	case *ast.TupleType:
		p.text(t.Lparen, "(")
		for i, e := range t.Elems {
			if i > 0 {
				p.text(noPos, ",")
				p.sp()
			}
			p.typ(e)
		}
		p.text(t.Rparen, ")")
	case *ast.StreamType:
		p.text(t.Stream, "Stream")
		p.text(noPos, "<")
		p.typ(t.Elem)
		p.text(t.Rangle, ">")
	case *ast.OptionalType:
		if t != nil {
			p.typ(t.Elem)
			p.text(t.Question, "?")
		}
	case *ast.BadType:
		p.verbatim(t.From, t.To)
	}
}

// ---------------------------------------------------------------------------
// Pattern algebra

// pat prints a pattern expression; upper selects the keyword case of NOT
// (upper case in pattern declarations, lower case inside .pattern).
func (p *printer) pat(x ast.PatExpr, upper bool) {
	switch x := x.(type) {
	case *ast.PatRef:
		p.ident(x.Type)
		p.quant(x.Quant, x.QuantPos)
		if !isNil(x.Where) {
			p.sp()
			p.text(noPos, "where")
			p.sp()
			p.expr(x.Where)
		}
		if x.Alias != nil {
			p.sp()
			p.text(noPos, "as")
			p.sp()
			p.ident(x.Alias)
		}
	case *ast.PatSeq:
		p.text(x.Seq, "SEQ")
		p.text(noPos, "(")
		p.list(len(x.Items), func(i int) { p.pat(x.Items[i], upper) }, x.Rparen, ")")
	case *ast.PatNot:
		if upper {
			p.text(x.Not, "NOT")
		} else {
			p.text(x.Not, "not")
		}
		p.sp()
		p.pat(x.X, upper)
	case *ast.PatBinary:
		p.pat(x.X, upper)
		p.sp()
		op := x.Op.String()
		switch {
		case x.Op == token.ARROW:
			op = "->"
		case x.Upper && x.Op == token.AND:
			op = "AND"
		case x.Upper && x.Op == token.OR:
			op = "OR"
		}
		p.text(x.OpPos, op)
		p.sp()
		p.pat(x.Y, upper)
	case *ast.PatParen:
		p.text(x.Lparen, "(")
		p.pat(x.X, upper)
		p.text(x.Rparen, ")")
	case *ast.BadPat:
		p.verbatim(x.From, x.To)
	}
}

// isNil reports whether a node interface is nil or holds a nil pointer.
func isNil(n ast.Node) bool {
	if n == nil {
		return true
	}
	switch x := n.(type) {
	case *ast.Ident:
		return x == nil
	case *ast.BasicLit:
		return x == nil
	case *ast.NamedType:
		return x == nil
	case *ast.OptionalType:
		return x == nil
	case *ast.BlockExpr:
		return x == nil
	case *ast.LambdaExpr:
		return x == nil
	case *ast.StreamDecl:
		return x == nil
	case *ast.OpCall:
		return x == nil
	}
	return false
}
