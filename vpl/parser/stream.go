package parser

import (
	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/scanner"
	"github.com/varpulis/varpulis-go/vpl/token"
)

func (p *parser) parseStreamDecl() ast.Stmt {
	d := p.streams.alloc()
	d.Stream = p.pos
	p.next()
	d.Name = p.ident("a stream name after 'stream'")
	if p.tok == token.COLON {
		p.next()
		d.Type = p.parseType("after ':'")
	}
	if p.isKw(scanner.KwFrom) && p.peek(0).Kind == token.IDENT && !p.peek(0).First {
		// `stream X from T` is the documented spelling of `stream X = T`
		// (vpl-original.md §13): accepted, with the same meaning.
		p.tok = token.ASSIGN
	}
	if p.tok != token.ASSIGN {
		p.errorExpected(p.expectPos(), "E110", "expected '=' after the stream name '"+d.Name.Name+"'")
		pos := p.expectPos()
		d.Source = &ast.BadSource{From: pos, To: pos}
		p.stop = true
		p.update()
		return d
	}
	assign := p.pos
	p.next()
	d.Source = p.parseSource(assign)
	var on *ast.OpCall
	if _, isJoin := d.Source.(*ast.JoinSource); isJoin && p.tok == token.IDENT && !p.t.First && string(p.text()) == "on" {
		on = p.parseBareOn()
	}
	d.Ops = p.parseOps()
	if on != nil {
		d.Ops = append([]ast.Op{on}, d.Ops...)
	}
	return d
}

// parseBareOn parses `join(...) on condition`, the join clause the
// original documentation shows: it means `.on(condition)`.
func (p *parser) parseBareOn() *ast.OpCall {
	pos := p.pos
	name := &ast.Ident{NamePos: pos, Name: "on"}
	p.next()
	saved := p.noMethod
	p.noMethod = true // `.window(...)` after the condition is the next operation
	cond := p.parseExprAfter("'on'", pos)
	p.noMethod = saved
	// The clause has no parentheses: the call spans the word and the
	// condition (Rparen is the condition's last byte, so End is its end).
	rp := cond.End() - 1
	if rp < pos+1 {
		rp = pos + 1
	}
	return &ast.OpCall{Dot: pos, Name: name, Lparen: pos + 1, Args: []*ast.Arg{{Value: cond}}, Rparen: rp}
}

// isCall reports whether the current token is the word kw followed by '('.
func (p *parser) isCall(kw scanner.Keyword) bool {
	return p.isKw(kw) && p.peek(0).Kind == token.LPAREN
}

// parseSource parses the source of a stream declaration.
func (p *parser) parseSource(assign token.Pos) ast.Source {
	if p.tok != token.IDENT {
		pos := p.expectPos()
		p.errorHint(pos, token.NoPos, "E110", "expected a stream source after '=', found "+p.found(),
			"a source is an event type or stream name, `all T`, `T as a`, merge(...), join(...), sequence(...), timer(...) or T.from(connector)")
		return &ast.BadSource{From: pos, To: pos}
	}
	switch {
	case p.isCall(scanner.KwMerge):
		pos := p.pos
		p.next()
		_, inputs, rp := p.parseInlineStreams()
		return &ast.MergeSource{Merge: pos, Inputs: inputs, Rparen: rp}
	case p.isCall(scanner.KwJoin):
		pos := p.pos
		p.next()
		_, inputs, rp := p.parseInlineStreams()
		return &ast.JoinSource{Join: pos, Inputs: inputs, Rparen: rp}
	case p.isCall(scanner.KwSequence):
		return p.parseSequence()
	case p.isCall(scanner.KwTimer):
		pos := p.pos
		p.next()
		_, args, rp := p.parseArgs(false)
		return &ast.TimerSource{Timer: pos, Args: args, Rparen: rp}
	case p.isKw(scanner.KwAll) && p.peek(0).Kind == token.IDENT:
		s := &ast.SimpleSource{All: p.pos}
		p.next()
		s.Name = p.ident("")
		s.Alias = p.parseAlias()
		return s
	}
	name := p.ident("")
	if p.tok == token.PERIOD {
		if n := p.peek(0); n.Kind == token.IDENT && n.Keyword == scanner.KwFrom && p.peek(1).Kind == token.LPAREN {
			p.next() // .
			p.next() // from
			return p.parseFromSource(name)
		}
	}
	s := p.simples.alloc()
	s.Name = name
	s.Alias = p.parseAlias()
	return s
}

// parseAlias parses an optional `as alias`.
func (p *parser) parseAlias() *ast.Ident {
	if !p.isKw(scanner.KwAs) {
		return nil
	}
	p.next()
	return p.ident("an alias name after 'as'")
}

func (p *parser) parseFromSource(typ *ast.Ident) ast.Source {
	s := &ast.FromSource{Type: typ}
	lp := p.open()
	s.Connector = p.ident("a connector name in '.from(...)'")
	for p.tok == token.COMMA {
		p.next()
		if p.tok == token.RPAREN {
			break
		}
		a := p.parseArg(false)
		if a.Name == nil {
			p.errorAt(a.Pos(), a.End(), "E110", "'.from' parameters after the connector must be named (name: value)")
		}
		s.Params = append(s.Params, a)
	}
	if p.tok != token.RPAREN && p.tok != tNL && p.tok != token.EOF {
		p.errorExpected(p.expectPos(), "E110", "expected ',' or ')' in '.from(...)'")
		p.skipToClose(token.RPAREN)
	}
	s.Rparen = p.close(token.RPAREN, lp)
	return s
}

// parseInlineStreams parses the inputs of merge(...) or join(...).
func (p *parser) parseInlineStreams() (token.Pos, []*ast.InlineStream, token.Pos) {
	lp := p.open()
	saveFence := p.fence
	p.fence = -1
	var list []*ast.InlineStream
	for p.tok != token.RPAREN && p.tok != tNL && p.tok != token.EOF {
		s := &ast.InlineStream{}
		if p.isKw(scanner.KwStream) && p.peek(0).Kind == token.IDENT {
			s.StreamPos = p.pos
			p.next()
			s.Name = p.ident("")
			p.expect(token.ASSIGN, "after the inline stream name")
		}
		s.Source = p.ident("an event type or stream name")
		s.Ops = p.parseOps()
		list = append(list, s)
		if p.tok == token.COMMA {
			p.next()
			continue
		}
		if p.tok != token.RPAREN && p.tok != tNL && p.tok != token.EOF {
			p.errorExpected(p.expectPos(), "E110", "expected ',' or ')' after an input stream")
			p.skipToClose(token.RPAREN)
		}
		break
	}
	p.fence = saveFence
	return lp, list, p.close(token.RPAREN, lp)
}

func (p *parser) parseSequence() ast.Source {
	s := &ast.SequenceSource{Sequence: p.pos}
	p.next()
	lp := p.open()
	for p.tok != token.RPAREN && p.tok != tNL && p.tok != token.EOF {
		st := &ast.SeqStep{Alias: p.ident("a step alias (alias: Type)")}
		if p.tok != token.COLON {
			p.errorExpected(p.expectPos(), "E110", "expected ':' after the step alias '"+st.Alias.Name+"'")
			p.skipToClose(token.RPAREN)
			break
		}
		p.next()
		st.Type = p.ident("an event type after ':'")
		st.EndPos = st.Type.End()
		st.Quant, st.QuantPos = p.parseQuant()
		if st.Quant != token.ILLEGAL {
			st.EndPos = st.QuantPos + 1
		}
		if p.isKw(scanner.KwWhere) {
			st.Where = p.parseStepWhere()
			st.EndPos = st.Where.End()
		}
		if p.tok == token.PERIOD {
			if n := p.peek(0); n.Kind == token.IDENT && n.Keyword == scanner.KwWithin && p.peek(1).Kind == token.LPAREN {
				p.next()
				p.next()
				wp := p.open()
				st.Within = p.parseExprAfter("'within('", wp)
				st.EndPos = p.close(token.RPAREN, wp) + 1
			}
		}
		s.Steps = append(s.Steps, st)
		if p.tok == token.COMMA {
			p.next()
			continue
		}
		if p.tok != token.RPAREN && p.tok != tNL && p.tok != token.EOF {
			p.errorExpected(p.expectPos(), "E110", "expected ',' or ')' after a sequence step")
			p.skipToClose(token.RPAREN)
		}
		break
	}
	s.Rparen = p.close(token.RPAREN, lp)
	return s
}

// parseQuant parses an optional Kleene quantifier +, * or ?.
func (p *parser) parseQuant() (token.Kind, token.Pos) {
	switch p.tok {
	case token.ADD, token.MUL, token.QUESTION:
		k, pos := p.tok, p.pos
		p.next()
		return k, pos
	}
	return token.ILLEGAL, token.NoPos
}

// parseStepWhere parses `where p` of a sequence step; the predicate ends
// before `.name(`, `as`, `->`, `,` and `)`.
func (p *parser) parseStepWhere() ast.Expr {
	wherePos := p.pos
	p.next()
	saved := p.noMethod
	p.noMethod = true
	x := p.parseExprAfter("'where'", wherePos)
	p.noMethod = saved
	return x
}

// parseOps parses the operations of a stream chain.
func (p *parser) parseOps() []ast.Op {
	start := len(p.opStack)
	for p.tok == token.PERIOD || p.tok == token.ARROW {
		errs := p.errSeen
		syncing := p.syncing
		// Each operation is a recovery point: errors in one operation do
		// not hide errors in the next.
		p.syncing = false
		from := p.pos
		var op ast.Op
		if p.tok == token.ARROW {
			op = p.parseFollowedBy()
		} else {
			op = p.parseDotOp()
		}
		if p.errSeen > errs {
			if p.stop {
				p.opStack = append(p.opStack, op)
				return p.popOps(start)
			}
			if p.tok != token.PERIOD && p.tok != token.ARROW && p.tok != tNL && p.tok != token.EOF &&
				p.tok != token.COMMA && p.tok != token.RPAREN {
				p.skipToOp()
				op = &ast.BadOp{From: from, To: p.endPos()}
			}
		} else {
			p.syncing = syncing
		}
		p.opStack = append(p.opStack, op)
	}
	return p.popOps(start)
}

// popOps returns the operations pushed since start as an exact-size slice.
func (p *parser) popOps(start int) []ast.Op {
	ops := p.opLists.copyOf(p.opStack[start:])
	p.opStack = p.opStack[:start]
	return ops
}

// skipToOp skips to the next `.name`, `->` at the current nesting level or
// to the end of the statement.
func (p *parser) skipToOp() {
	base := p.nest
	for p.tok != tNL && p.tok != token.EOF {
		switch p.tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			p.nest++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if p.nest == base {
				return
			}
			p.nest--
		case token.PERIOD, token.ARROW:
			if p.nest == base {
				return
			}
		}
		p.next()
	}
}

func (p *parser) parseFollowedBy() ast.Op {
	f := &ast.FollowedBy{Arrow: p.pos}
	p.next()
	if p.isKw(scanner.KwNot) && p.peek(0).Kind == token.IDENT {
		f.Not = p.pos
		p.next()
	}
	if p.isKw(scanner.KwAll) && p.peek(0).Kind == token.IDENT {
		f.All = p.pos
		p.next()
	}
	f.Type = p.ident("an event type after '->'")
	f.Quant, f.QuantPos = p.parseQuant()
	if p.isKw(scanner.KwWhere) {
		f.Where = p.parseStepWhere()
	}
	f.Alias = p.parseAlias()
	return f
}

// parseDotOp parses `.name(args)` and the special operations.
func (p *parser) parseDotOp() ast.Op {
	dot := p.pos
	fence := p.t.Indent
	p.next()
	if p.tok != token.IDENT {
		p.errorExpected(p.expectPos(), "E110", "expected an operation name after '.'")
		return &ast.BadOp{From: dot, To: p.endPos()}
	}
	name := p.ident("")
	saveFence := p.fence
	p.fence = fence
	op := p.parseDotOpRest(dot, name)
	p.fence = saveFence
	return op
}

// parseDotOpRest parses what follows `.name` of an operation.
func (p *parser) parseDotOpRest(dot token.Pos, name *ast.Ident) ast.Op {
	var as *ast.Ident
	if name.Name == "emit" && p.isKw(scanner.KwAs) {
		p.next()
		as = p.ident("an event type after 'emit as'")
	}
	if p.tok != token.LPAREN {
		p.errorExpected(p.expectPos(), "E110", "expected '(' after '."+name.Name+"'")
		return &ast.BadOp{From: dot, To: p.endPos()}
	}
	switch name.Name {
	case "not":
		return p.parseNotOp(dot)
	case "fork":
		return p.parseForkOp(dot)
	case "pattern":
		return p.parsePatternOp(dot)
	}
	lp, args, rp := p.parseArgs(name.Name == "order_by")
	op := p.opcalls.alloc()
	*op = ast.OpCall{Dot: dot, Name: name, As: as, Lparen: lp, Args: args, Rparen: rp}
	return op
}

func (p *parser) parseNotOp(dot token.Pos) ast.Op {
	op := &ast.NotOp{Dot: dot}
	lp := p.open()
	op.Type = p.ident("an event type in '.not(...)'")
	if p.isKw(scanner.KwWhere) {
		wherePos := p.pos
		p.next()
		op.Where = p.parseExprAfter("'where'", wherePos)
	}
	if p.tok != token.RPAREN && p.tok != tNL && p.tok != token.EOF {
		p.errorExpected(p.expectPos(), "E110", "expected 'where' or ')' in '.not(Type where predicate)'")
		p.skipToClose(token.RPAREN)
	}
	op.Rparen = p.close(token.RPAREN, lp)
	return op
}

func (p *parser) parseForkOp(dot token.Pos) ast.Op {
	op := &ast.ForkOp{Dot: dot}
	lp := p.open()
	for p.tok != token.RPAREN && p.tok != tNL && p.tok != token.EOF {
		b := &ast.ForkBranch{Name: p.ident("a branch name")}
		if p.tok != token.COLON {
			p.errorExpected(p.expectPos(), "E110", "expected ':' after the branch name '"+b.Name.Name+"'")
			p.skipToClose(token.RPAREN)
			op.Branches = append(op.Branches, b)
			break
		}
		p.next()
		if p.tok != token.PERIOD && p.tok != token.ARROW {
			p.errorExpected(p.expectPos(), "E110", "expected an operation (.name(...) or -> Type) in fork branch '"+b.Name.Name+"'")
		}
		b.Ops = p.parseOps()
		op.Branches = append(op.Branches, b)
		if p.tok == token.COMMA {
			p.next()
			continue
		}
		if p.tok != token.RPAREN && p.tok != tNL && p.tok != token.EOF {
			p.errorExpected(p.expectPos(), "E110", "expected ',' or ')' after a fork branch")
			p.skipToClose(token.RPAREN)
		}
		break
	}
	op.Rparen = p.close(token.RPAREN, lp)
	return op
}

func (p *parser) parsePatternOp(dot token.Pos) ast.Op {
	op := &ast.PatternOp{Dot: dot}
	lp := p.open()
	op.Label = p.ident("a pattern label (label: body)")
	if p.tok != token.COLON {
		p.errorExpected(p.expectPos(), "E110", "expected ':' after the pattern label '"+op.Label.Name+"'")
		p.skipToClose(token.RPAREN)
		op.Lambda = p.badExpr()
		op.Rparen = p.close(token.RPAREN, lp)
		return op
	}
	colon := p.pos
	p.next()
	if p.isLambdaStart() {
		op.Lambda = p.parseExpr()
	} else if !p.canStartPat() {
		op.Lambda = p.missingExpr("'"+op.Label.Name+":'", colon)
	} else {
		op.Pat = p.parsePatOr(false)
	}
	if p.tok != token.RPAREN && p.tok != tNL && p.tok != token.EOF {
		p.errorExpected(p.expectPos(), "E110", "expected ')' after the pattern body")
		p.skipToClose(token.RPAREN)
	}
	op.Rparen = p.close(token.RPAREN, lp)
	return op
}

// maxLambdaLookahead bounds the look-ahead used to tell `(a, b) => ...`
// from a parenthesised pattern.
const maxLambdaLookahead = 256

// isLambdaStart reports whether a lambda starts at the current token.
func (p *parser) isLambdaStart() bool {
	switch p.tok {
	case token.IDENT:
		return p.peek(0).Kind == token.FATARROW
	case token.LPAREN:
		depth := 1
		for i := 0; i < maxLambdaLookahead; i++ {
			t := p.peek(i)
			switch t.Kind {
			case token.LPAREN:
				depth++
			case token.RPAREN:
				depth--
				if depth == 0 {
					return p.peek(i+1).Kind == token.FATARROW
				}
			case token.EOF:
				return false
			}
		}
	}
	return false
}

// ---------------------------------------------------------------------------
// Pattern algebra

// The pattern grammar is shared by `pattern` declarations (decl = true:
// upper-case SEQ/AND/OR/NOT, references with `where` predicates) and by
// .pattern(...) (decl = false: also lower-case and/or/xor/not). Both accept
// `A -> B` chains.

func (p *parser) canStartPat() bool {
	return p.tok == token.IDENT || p.tok == token.LPAREN
}

func (p *parser) patOp(decl bool) (token.Kind, bool, int) {
	if p.tok != token.IDENT {
		return token.ILLEGAL, false, 0
	}
	switch p.t.Keyword {
	case scanner.KwOR:
		return token.OR, true, 1
	case scanner.KwAND:
		return token.AND, true, 2
	case scanner.KwOr:
		if !decl {
			return token.OR, false, 1
		}
	case scanner.KwAnd:
		if !decl {
			return token.AND, false, 2
		}
	case scanner.KwXor:
		if !decl {
			return token.XOR, false, 3
		}
	}
	return token.ILLEGAL, false, 0
}

// parsePatOr parses a pattern expression with binary operators.
func (p *parser) parsePatOr(decl bool) ast.PatExpr {
	return p.parsePatBinary(decl, 1)
}

func (p *parser) parsePatBinary(decl bool, prec1 int) ast.PatExpr {
	if !p.enter() {
		p.leave()
		pos := p.expectPos()
		return &ast.BadPat{From: pos, To: pos}
	}
	defer p.leave()
	x := p.parsePatUnary(decl)
	for {
		op, upper, prec := p.patOp(decl)
		if prec < prec1 || prec == 0 {
			return x
		}
		opPos := p.pos
		p.next()
		y := p.parsePatBinary(decl, prec+1)
		x = &ast.PatBinary{X: x, OpPos: opPos, Op: op, Upper: upper, Y: y}
	}
}

func (p *parser) parsePatUnary(decl bool) ast.PatExpr {
	if p.isKw(scanner.KwNOT) || !decl && p.isKw(scanner.KwNot) {
		pos := p.pos
		p.next()
		if !p.enter() {
			p.leave()
			return &ast.PatNot{Not: pos, X: &ast.BadPat{From: pos, To: pos}}
		}
		x := p.parsePatUnary(decl)
		p.leave()
		return &ast.PatNot{Not: pos, X: x}
	}
	x := p.parsePatPrimary(decl)
	for p.tok == token.ARROW {
		opPos := p.pos
		p.next()
		y := p.parseArrowStep(decl)
		x = &ast.PatBinary{X: x, OpPos: opPos, Op: token.ARROW, Y: y}
	}
	return x
}

// parseArrowStep parses the step after `->` in a pattern. In a pattern
// declaration the step may be written as in a stream's followed-by chain:
// `-> all T` (Kleene +, as `T+`) and `-> not T` / `-> NOT T` (a negated
// step, as `NOT T` inside SEQ).
func (p *parser) parseArrowStep(decl bool) ast.PatExpr {
	if decl && (p.isKw(scanner.KwNOT) || p.isKw(scanner.KwNot)) && p.peek(0).Kind == token.IDENT {
		pos := p.pos
		p.next()
		return &ast.PatNot{Not: pos, X: p.parsePatPrimary(decl)}
	}
	if decl && p.isKw(scanner.KwAll) && p.peek(0).Kind == token.IDENT {
		pos := p.pos
		p.next()
		y := p.parsePatPrimary(decl)
		if r, ok := y.(*ast.PatRef); ok && r.Quant == token.ILLEGAL {
			r.Quant, r.QuantPos = token.ADD, pos
		}
		return y
	}
	return p.parsePatPrimary(decl)
}

func (p *parser) parsePatPrimary(decl bool) ast.PatExpr {
	switch {
	case p.tok == token.LPAREN:
		lp := p.open()
		x := p.parsePatOr(decl)
		if p.tok != token.RPAREN && p.tok != tNL && p.tok != token.EOF {
			p.errorExpected(p.expectPos(), "E110", "expected ')' in pattern")
			p.skipToClose(token.RPAREN)
		}
		return &ast.PatParen{Lparen: lp, X: x, Rparen: p.close(token.RPAREN, lp)}
	case p.isKw(scanner.KwSEQ) && p.peek(0).Kind == token.LPAREN:
		s := &ast.PatSeq{Seq: p.pos}
		p.next()
		lp := p.open()
		for p.tok != token.RPAREN && p.tok != tNL && p.tok != token.EOF {
			s.Items = append(s.Items, p.parsePatOr(decl))
			if p.tok == token.COMMA {
				p.next()
				continue
			}
			if p.tok != token.RPAREN && p.tok != tNL && p.tok != token.EOF {
				p.errorExpected(p.expectPos(), "E110", "expected ',' or ')' in SEQ(...)")
				p.skipToClose(token.RPAREN)
			}
			break
		}
		s.Rparen = p.close(token.RPAREN, lp)
		return s
	case decl && (p.isKw(scanner.KwAND) || p.isKw(scanner.KwOR)) && p.peek(0).Kind == token.LPAREN:
		return p.parsePatPrefix()
	case p.tok == token.IDENT:
		r := &ast.PatRef{Type: p.ident("")}
		r.Quant, r.QuantPos = p.parseQuant()
		if decl && p.isKw(scanner.KwWhere) {
			r.Where = p.parseStepWhere()
		}
		r.Alias = p.parseAlias()
		return r
	}
	pos := p.expectPos()
	p.errorExpected(pos, "E110", "expected an event type, SEQ(...) or '(' in pattern")
	return &ast.BadPat{From: pos, To: pos}
}

// parsePatPrefix parses the prefix forms AND(x, y, ...) and OR(x, y, ...)
// that the original documentation shows: they mean (x AND y AND ...), kept
// as a parenthesised chain of binary operators whose operator positions
// are the commas.
func (p *parser) parsePatPrefix() ast.PatExpr {
	op, name := token.AND, "AND"
	if p.isKw(scanner.KwOR) {
		op, name = token.OR, "OR"
	}
	kw := p.pos
	p.next()
	lp := p.open()
	var x ast.PatExpr
	var comma token.Pos
	for p.tok != token.RPAREN && p.tok != tNL && p.tok != token.EOF {
		y := p.parsePatOr(true)
		if x == nil {
			x = y
		} else {
			x = &ast.PatBinary{X: x, OpPos: comma, Op: op, Upper: true, Y: y}
		}
		if p.tok == token.COMMA {
			comma = p.pos
			p.next()
			continue
		}
		if p.tok != token.RPAREN && p.tok != tNL && p.tok != token.EOF {
			p.errorExpected(p.expectPos(), "E110", "expected ',' or ')' in "+name+"(...)")
			p.skipToClose(token.RPAREN)
		}
		break
	}
	if x == nil {
		p.errorAt(kw, lp+1, "E110", name+"(...) needs at least one pattern")
		x = &ast.BadPat{From: lp, To: lp}
	}
	return &ast.PatParen{Lparen: lp, X: x, Rparen: p.close(token.RPAREN, lp)}
}

func (p *parser) parsePatternDecl() ast.Stmt {
	d := &ast.PatternDecl{PatternPos: p.pos}
	p.next()
	d.Name = p.ident("a pattern name after 'pattern'")
	if p.tok != token.ASSIGN {
		p.errorExpected(p.expectPos(), "E110", "expected '=' after the pattern name '"+d.Name.Name+"'")
		pos := p.expectPos()
		d.Expr = &ast.BadPat{From: pos, To: pos}
		return d
	}
	p.next()
	if !p.canStartPat() {
		pos := p.expectPos()
		p.errorExpected(pos, "E110", "expected a pattern after '='")
		d.Expr = &ast.BadPat{From: pos, To: pos}
		return d
	}
	d.Expr = p.parsePatOr(true)
	if p.isKw(scanner.KwWithin) {
		pos := p.pos
		p.next()
		d.Within = p.parseExprAfter("'within'", pos)
	}
	if p.isKw(scanner.KwPartition) {
		p.next()
		if !p.isKw(scanner.KwBy) {
			p.errorExpected(p.expectPos(), "E110", "expected 'by' after 'partition'")
			return d
		}
		p.next()
		d.PartitionBy = p.ident("a field name after 'partition by'")
	}
	return d
}
