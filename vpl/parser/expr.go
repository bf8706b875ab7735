package parser

import (
	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/scanner"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// Binary precedence levels (see token.Kind.Precedence).
const (
	precCoalesce = 1
	precCompare  = 5
	precUnaryOp  = 13 // operand of a unary operator: postfix level
)

// bad returns a zero-width BadExpr at the current position.
func (p *parser) badExpr() *ast.BadExpr {
	pos := p.expectPos()
	return &ast.BadExpr{From: pos, To: pos}
}

// canStartExpr reports whether the current token can begin an expression.
func (p *parser) canStartExpr() bool {
	switch p.tok {
	case token.IDENT:
		switch p.t.Keyword {
		case scanner.KwAnd, scanner.KwOr, scanner.KwXor, scanner.KwIn, scanner.KwIs,
			scanner.KwThen, scanner.KwElse:
			return false
		case scanner.KwAs:
			return !p.noMethod
		}
		return true
	case token.INT, token.FLOAT, token.DURATION, token.STRING, token.TIMESTAMP,
		token.LBRACK, token.LBRACE, token.LPAREN, token.SUB, token.TILDE:
		return true
	}
	return false
}

// parseExprAfter parses an expression that must follow what (e.g. "'=='",
// "'where'"), reporting "missing expression after WHAT" when there is none.
func (p *parser) parseExprAfter(what string, at token.Pos) ast.Expr {
	if !p.canStartExpr() {
		return p.missingExpr(what, at)
	}
	return p.parseExpr()
}

func (p *parser) missingExpr(what string, at token.Pos) ast.Expr {
	pos := p.expectPos()
	if at.IsValid() {
		end := token.NoPos
		if len(what) > 2 && what[0] == '\'' && what[len(what)-1] == '\'' {
			end = at + token.Pos(len(what)-2)
		}
		p.errorAt(at, end, "E112", "missing expression after "+what+", found "+p.found())
	} else {
		p.errorAt(pos, token.NoPos, "E112", "missing expression after "+what+", found "+p.found())
	}
	return &ast.BadExpr{From: pos, To: pos}
}

// parseNamedValue parses the value after `name:`.
func (p *parser) parseNamedValue(name *ast.Ident, colon token.Pos) ast.Expr {
	if !p.canStartExpr() {
		return p.missingExpr("'"+name.Name+":'", colon)
	}
	return p.parseExpr()
}

// parseExprAfterTok parses an expression that must follow the operator
// token op at pos.
func (p *parser) parseExprAfterTok(op string, at token.Pos) ast.Expr {
	if !p.canStartExpr() {
		return p.missingExpr(quote(op), at)
	}
	return p.parseExpr()
}

// parseExpr parses a full expression: a lambda, a range, or a binary
// expression.
func (p *parser) parseExpr() ast.Expr {
	if !p.enter() {
		p.leave()
		return p.badExpr()
	}
	x := p.parseBinary(precCoalesce)
	if p.tok == token.RANGE || p.tok == token.RANGEINCL {
		op, opPos := p.tok, p.pos
		p.next()
		var y ast.Expr
		if !p.canStartExpr() {
			y = p.missingExpr(quote(op.String()), opPos)
		} else {
			y = p.parseBinary(precCoalesce)
		}
		x = &ast.BinaryExpr{X: x, OpPos: opPos, Op: op, Y: y}
	}
	p.leave()
	return x
}

// binaryOp returns the binary operator at the current token, its
// precedence and the number of tokens it spans (2 for `not in`, `is not`).
func (p *parser) binaryOp() (token.Kind, int, int) {
	if p.tok == token.IDENT {
		switch p.t.Keyword {
		case scanner.KwAnd:
			return token.AND, 3, 1
		case scanner.KwOr:
			return token.OR, 2, 1
		case scanner.KwXor:
			return token.XOR, 2, 1
		case scanner.KwIn:
			return token.IN, precCompare, 1
		case scanner.KwIs:
			if n := p.peek(0); n.Kind == token.IDENT && n.Keyword == scanner.KwNot {
				return token.IS_NOT, precCompare, 2
			}
			return token.IS, precCompare, 1
		case scanner.KwNot:
			if n := p.peek(0); n.Kind == token.IDENT && n.Keyword == scanner.KwIn {
				return token.NOT_IN, precCompare, 2
			}
		}
		return token.ILLEGAL, 0, 0
	}
	if p.tok == tNL {
		return token.ILLEGAL, 0, 0
	}
	return p.tok, p.tok.Precedence(), 1
}

// parseBinary parses a binary expression whose operators bind at least as
// tightly as prec1.
func (p *parser) parseBinary(prec1 int) ast.Expr {
	x := p.parseUnary()
	for {
		op, prec, n := p.binaryOp()
		if prec < prec1 || prec == 0 {
			return x
		}
		opPos := p.pos
		for i := 0; i < n; i++ {
			p.next()
		}
		if prec == precCompare {
			if b, ok := x.(*ast.BinaryExpr); ok && b.Op.Precedence() == precCompare {
				p.errorHint(opPos, opPos+token.Pos(len(op.String())), "E116",
					"comparison operators cannot be chained: "+quote(b.Op.String())+" followed by "+quote(op.String()),
					"combine comparisons with 'and', e.g. a < b and b < c")
			}
		}
		next := prec + 1
		if op == token.POW {
			next = prec // right-associative
		}
		var y ast.Expr
		switch {
		case !p.canStartExpr():
			y = p.missingExpr(quote(op.String()), opPos)
		case op == token.POW:
			// Right recursion: bounded like any other nesting.
			if p.enter() {
				y = p.parseBinary(next)
			} else {
				y = p.badExpr()
			}
			p.leave()
		default:
			y = p.parseBinary(next)
		}
		b := p.bins.alloc()
		*b = ast.BinaryExpr{X: x, OpPos: opPos, Op: op, Y: y}
		x = b
	}
}

// parseUnary parses a prefix expression (-x, ~x, not x) or a postfix one.
func (p *parser) parseUnary() ast.Expr {
	switch {
	case p.tok == token.SUB || p.tok == token.TILDE:
		pos, op := p.pos, p.tok
		p.next()
		if !p.canStartExpr() {
			return &ast.UnaryExpr{OpPos: pos, Op: op, X: p.missingExpr(quote(op.String()), pos)}
		}
		if !p.enter() {
			p.leave()
			return &ast.UnaryExpr{OpPos: pos, Op: op, X: p.badExpr()}
		}
		x := p.parseUnary()
		p.leave()
		return &ast.UnaryExpr{OpPos: pos, Op: op, X: x}
	case p.isKw(scanner.KwNot):
		pos := p.pos
		p.next()
		if !p.canStartExpr() {
			return &ast.UnaryExpr{OpPos: pos, Op: token.NOT, X: p.missingExpr("'not'", pos)}
		}
		if !p.enter() {
			p.leave()
			return &ast.UnaryExpr{OpPos: pos, Op: token.NOT, X: p.badExpr()}
		}
		// `not` applies to a comparison: not a == b is not (a == b).
		x := p.parseBinary(precCompare)
		p.leave()
		return &ast.UnaryExpr{OpPos: pos, Op: token.NOT, X: x}
	}
	return p.parsePostfix(p.parsePrimary())
}

// parsePrimary parses an operand.
func (p *parser) parsePrimary() ast.Expr {
	switch p.tok {
	case token.IDENT:
		switch p.t.Keyword {
		case scanner.KwTrue, scanner.KwFalse, scanner.KwNull:
			return p.wordLit()
		case scanner.KwIf:
			return p.parseIfExpr()
		case scanner.KwAnd, scanner.KwOr, scanner.KwXor, scanner.KwIn, scanner.KwIs,
			scanner.KwThen, scanner.KwElse:
			return p.errorExpr()
		}
		id := p.ident("")
		if p.tok == token.FATARROW {
			return p.parseLambda(id.NamePos, []*ast.Ident{id})
		}
		return id
	case token.INT, token.FLOAT, token.DURATION, token.STRING, token.TIMESTAMP:
		return p.basicLit()
	case token.LBRACK:
		return p.parseListLit()
	case token.LBRACE:
		return p.parseMapLit()
	case token.LPAREN:
		return p.parseParen()
	}
	return p.errorExpr()
}

// errorExpr reports "expected expression" and skips the offending token
// unless it ends a construct.
func (p *parser) errorExpr() ast.Expr {
	pos := p.expectPos()
	p.errorAt(pos, token.NoPos, "E112", "expected expression, found "+p.found())
	switch p.tok {
	case tNL, token.EOF, token.RPAREN, token.RBRACK, token.RBRACE, token.COMMA, token.COLON:
		return &ast.BadExpr{From: pos, To: pos}
	}
	from := p.pos
	p.next()
	return &ast.BadExpr{From: from, To: p.endPos()}
}

// parsePostfix parses selectors, index and slice expressions and calls
// after x.
func (p *parser) parsePostfix(x ast.Expr) ast.Expr {
	for {
		switch p.tok {
		case token.PERIOD, token.SAFEDOT:
			if p.noMethod && p.tok == token.PERIOD {
				// In a step predicate `.name(` starts the next operation.
				if n := p.peek(0); n.Kind == token.IDENT && p.peek(1).Kind == token.LPAREN {
					return x
				}
			}
			dot, safe := p.pos, p.tok == token.SAFEDOT
			p.next()
			if p.tok != token.IDENT {
				what := "'.'"
				if safe {
					what = "'?.'"
				}
				p.errorExpected(p.expectPos(), "E110", "expected a field name after "+what)
				return x
			}
			sel := p.sels.alloc()
			*sel = ast.SelectorExpr{X: x, Dot: dot, Safe: safe, Sel: p.ident("")}
			x = sel
		case token.LBRACK:
			x = p.parseIndex(x)
		case token.LPAREN:
			lp, args, rp := p.parseArgs(false)
			call := p.calls.alloc()
			*call = ast.CallExpr{Fun: x, Lparen: lp, Args: args, Rparen: rp}
			x = call
		default:
			return x
		}
	}
}

func (p *parser) parseIndex(x ast.Expr) ast.Expr {
	lb := p.open()
	var lo ast.Expr
	if p.tok != token.COLON {
		lo = p.parseExprAfter("'['", lb)
	}
	if p.tok == token.COLON {
		p.next()
		var hi ast.Expr
		if p.tok != token.RBRACK && p.tok != tNL && p.tok != token.EOF {
			hi = p.parseExpr()
		}
		rb := p.close(token.RBRACK, lb)
		return &ast.SliceExpr{X: x, Lbrack: lb, Lo: lo, Hi: hi, Rbrack: rb}
	}
	if p.tok != token.RBRACK && p.tok != tNL && p.tok != token.EOF {
		p.errorExpected(p.expectPos(), "E110", "expected ']' or ':' in index")
		p.skipToClose(token.RBRACK)
	}
	rb := p.close(token.RBRACK, lb)
	return &ast.IndexExpr{X: x, Lbrack: lb, Index: lo, Rbrack: rb}
}

// parseArgs parses a parenthesised argument list. With order set, each
// argument may be followed by asc or desc (for .order_by).
func (p *parser) parseArgs(order bool) (token.Pos, []*ast.Arg, token.Pos) {
	lp := p.open()
	start := len(p.argStack)
	for p.tok != token.RPAREN && p.tok != tNL && p.tok != token.EOF {
		p.argStack = append(p.argStack, p.parseArg(order))
		if p.tok == token.COMMA {
			p.next()
			continue
		}
		if p.tok != token.RPAREN && p.tok != tNL && p.tok != token.EOF {
			p.errorExpected(p.expectPos(), "E110", "expected ',' or ')' after argument")
			p.skipToClose(token.RPAREN)
		}
		break
	}
	args := p.argLists.copyOf(p.argStack[start:])
	p.argStack = p.argStack[:start]
	return lp, args, p.close(token.RPAREN, lp)
}

// parseArg parses `name: value` or `value`.
func (p *parser) parseArg(order bool) *ast.Arg {
	if p.tok == token.IDENT && p.peek(0).Kind == token.COLON {
		name := p.ident("")
		colon := p.pos
		p.next()
		a := p.args.alloc()
		a.Name = name
		a.Value = p.parseNamedValue(name, colon)
		return a
	}
	a := p.args.alloc()
	a.Value = p.parseExprAfter("'('", token.NoPos)
	if order && p.tok == token.IDENT {
		switch p.t.Keyword {
		case scanner.KwAsc:
			a.Order, a.OrderPos = ast.OrderAsc, p.pos
			p.next()
		case scanner.KwDesc:
			a.Order, a.OrderPos = ast.OrderDesc, p.pos
			p.next()
		}
	}
	return a
}

func (p *parser) parseIfExpr() ast.Expr {
	ifPos := p.pos
	p.next()
	x := &ast.IfExpr{If: ifPos}
	x.Cond = p.parseExprAfter("'if'", ifPos)
	if !p.isKw(scanner.KwThen) {
		p.errorExpected(p.expectPos(), "E110", "expected 'then' after the condition of an if expression")
		x.Then, x.Else = p.badExpr(), p.badExpr()
		return x
	}
	thenPos := p.pos
	p.next()
	x.Then = p.parseExprAfter("'then'", thenPos)
	p.resumeElse()
	if !p.isKw(scanner.KwElse) {
		p.errorExpected(p.expectPos(), "E110", "expected 'else' in if expression (if c then a else b)")
		x.Else = p.badExpr()
		return x
	}
	elsePos := p.pos
	p.next()
	x.Else = p.parseExprAfter("'else'", elsePos)
	return x
}

func (p *parser) parseListLit() ast.Expr {
	lb := p.open()
	mark := p.exprStack.mark()
	for p.tok != token.RBRACK && p.tok != tNL && p.tok != token.EOF {
		p.exprStack.push(p.parseExprAfter("'['", token.NoPos))
		if p.tok == token.COMMA {
			p.next()
			continue
		}
		if p.tok != token.RBRACK && p.tok != tNL && p.tok != token.EOF {
			p.errorExpected(p.expectPos(), "E110", "expected ',' or ']' in list")
			p.skipToClose(token.RBRACK)
		}
		break
	}
	x := p.lists.alloc()
	x.Lbrack, x.Elems = lb, p.exprStack.done(mark)
	x.Rbrack = p.close(token.RBRACK, lb)
	return x
}

func (p *parser) parseMapLit() ast.Expr {
	lb := p.open()
	var entries []*ast.MapEntry
	for p.tok != token.RBRACE && p.tok != tNL && p.tok != token.EOF {
		var key ast.Expr
		switch p.tok {
		case token.IDENT:
			key = p.ident("")
		case token.STRING:
			key = p.basicLit()
		default:
			p.errorExpected(p.expectPos(), "E110", "expected a map key (a name or a string)")
			p.skipToClose(token.RBRACE)
		}
		if key == nil {
			break
		}
		colon := p.pos
		if p.tok != token.COLON {
			p.errorExpected(p.expectPos(), "E110", "expected ':' after map key")
			p.skipToClose(token.RBRACE)
			break
		}
		p.next()
		e := p.entries.alloc()
		e.Key, e.Colon = key, colon
		e.Value = p.parseExprAfter("':'", colon)
		entries = append(entries, e)
		if p.tok == token.COMMA {
			p.next()
			continue
		}
		if p.tok != token.RBRACE && p.tok != tNL && p.tok != token.EOF {
			p.errorExpected(p.expectPos(), "E110", "expected ',' or '}' in map literal")
			p.skipToClose(token.RBRACE)
		}
		break
	}
	return &ast.MapLit{Lbrace: lb, Entries: entries, Rbrace: p.close(token.RBRACE, lb)}
}

// parseParen parses a parenthesised expression or the parameter list of a
// lambda.
func (p *parser) parseParen() ast.Expr {
	lp := p.open()
	if p.tok == token.RPAREN && p.peek(0).Kind == token.FATARROW {
		p.close(token.RPAREN, lp)
		return p.parseLambda(lp, nil)
	}
	var list []ast.Expr
	for {
		list = append(list, p.parseExprAfter("'('", token.NoPos))
		if p.tok == token.COMMA {
			p.next()
			if p.tok == token.RPAREN {
				break
			}
			continue
		}
		break
	}
	if p.tok != token.RPAREN && p.tok != tNL && p.tok != token.EOF {
		p.errorExpected(p.expectPos(), "E110", "expected ')'")
		p.skipToClose(token.RPAREN)
	}
	rp := p.close(token.RPAREN, lp)
	if p.tok == token.FATARROW {
		params := make([]*ast.Ident, 0, len(list))
		for _, e := range list {
			id, ok := e.(*ast.Ident)
			if !ok {
				p.errorAt(e.Pos(), e.End(), "E117", "lambda parameters must be plain names")
				continue
			}
			params = append(params, id)
		}
		return p.parseLambda(lp, params)
	}
	if len(list) > 1 {
		p.errorHint(lp, rp+1, "E117", "tuple literals are not supported",
			"use a list [a, b] or a map {a: x, b: y}")
		return &ast.BadExpr{From: lp, To: rp + 1}
	}
	return &ast.ParenExpr{Lparen: lp, X: list[0], Rparen: rp}
}

// parseLambda parses `=> body` after the parameters.
func (p *parser) parseLambda(start token.Pos, params []*ast.Ident) ast.Expr {
	arrow := p.pos
	p.next()
	x := &ast.LambdaExpr{Start: start, Params: params, Arrow: arrow}
	if p.tok == token.LBRACE && !p.looksLikeMap() {
		x.Block = p.parseBlockExpr()
		return x
	}
	x.Body = p.parseExprAfter("'=>'", arrow)
	return x
}

// looksLikeMap reports whether the '{' at the current token starts a map
// literal (`{key: ...`) rather than a block.
func (p *parser) looksLikeMap() bool {
	n := p.peek(0)
	return (n.Kind == token.IDENT || n.Kind == token.STRING) && p.peek(1).Kind == token.COLON
}

// parseBlockExpr parses a lambda block `{ stmt ... [expr] }`. Statements in
// a block are separated by white space.
func (p *parser) parseBlockExpr() *ast.BlockExpr {
	lb := p.open()
	b := &ast.BlockExpr{Lbrace: lb}
	saved := p.braceStmts
	p.braceStmts = true
	if p.enter() {
		for p.tok != token.RBRACE && p.tok != tNL && p.tok != token.EOF {
			off := p.t.Off
			b.Stmts = append(b.Stmts, p.parseSimpleStmt())
			if p.t.Off == off && p.tok != token.RBRACE && p.tok != tNL && p.tok != token.EOF {
				p.next() // ensure progress
			}
		}
	}
	p.leave()
	p.braceStmts = saved
	if n := len(b.Stmts); n > 0 {
		if es, ok := b.Stmts[n-1].(*ast.ExprStmt); ok {
			b.Result = es.X
			b.Stmts = b.Stmts[:n-1]
		}
	}
	b.Rbrace = p.close(token.RBRACE, lb)
	return b
}
