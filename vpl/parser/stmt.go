package parser

import (
	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/scanner"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// parseStmts parses the top-level statements of the file.
func (p *parser) parseStmts() []ast.Stmt {
	var list []ast.Stmt
	p.baseIndent = p.t.Indent
	for p.t.Kind != token.EOF && !p.tooMany {
		p.beginStmt()
		errs := p.errSeen
		if p.abort != nil {
			// A piece of a parallel parse: give up as soon as any piece
			// cannot be used (the file is parsed again sequentially).
			if p.abort.Load() || errs > 0 {
				p.abort.Store(true)
				break
			}
			if p.isKw(scanner.KwFor) {
				p.sawLoop = true
				break
			}
		}
		if p.isKw(scanner.KwFor) && p.declLoop(&list) {
			continue
		}
		start := p.t.Off
		s := p.parseStmt()
		list = append(list, s)
		p.finishStmt(errs, p.baseIndent, true)
		if p.t.Off == start && p.t.Kind != token.EOF {
			p.next() // guarantee progress
		}
	}
	return list
}

// finishStmt checks that the statement just parsed ends its line and, when
// it had errors, skips to the next statement.
func (p *parser) finishStmt(errs, blockIndent int, top bool) {
	if p.t.Kind == token.SEMI && !p.t.First {
		p.errorHint(p.pos, p.pos+1, "E114", "unexpected ';': VPL statements are separated by newlines, not semicolons",
			"remove the ';' and start the next statement on its own line")
		p.next()
		if p.t.Kind != token.EOF && !p.t.First {
			// Go on with the statement that follows on the same line.
			p.t.First = true
			if p.errSeen > errs && p.syncing {
				p.syncing = false
			}
			return
		}
	} else if p.t.Kind != token.EOF && !p.t.First && !p.stop {
		p.errorHint(p.pos, token.NoPos, "E118", "unexpected "+p.found()+" after the end of the statement",
			"put each statement on its own line")
	}
	if p.errSeen > errs || p.stop || (p.t.Kind != token.EOF && !p.t.First) {
		p.sync(blockIndent, top)
	}
}

// sync skips tokens up to the start of the next statement of the block
// whose indentation is blockIndent (top: of the file).
func (p *parser) sync(blockIndent int, top bool) {
	p.stop = false
	p.nest = 0
	if p.t.Off == p.stmtStart && p.t.Kind != token.EOF {
		p.next() // always make progress past a statement that failed at its first token
	}
	for p.t.Kind != token.EOF {
		if p.t.First {
			if top {
				if p.t.Kind == token.IDENT && (p.t.Indent <= blockIndent || p.t.Keyword.IsDeclaration() ||
					p.t.Keyword == scanner.KwFor || p.t.Keyword == scanner.KwIf || p.t.Keyword == scanner.KwWhile) {
					break
				}
			} else if p.t.Indent <= blockIndent {
				break
			}
		}
		p.next()
	}
	p.syncing = false
}

// parseStmt parses one statement or declaration at the current token.
func (p *parser) parseStmt() ast.Stmt {
	if p.tok != token.IDENT {
		if !p.canStartExpr() {
			return p.badStmt("expected a declaration or statement")
		}
		return &ast.ExprStmt{X: p.parseExpr()}
	}
	n := p.peek(0)
	kw := p.t.Keyword
	sameLine := !n.First && n.Kind != token.EOF
	if sameLine {
		switch {
		case n.Kind == token.DEFINE, n.Kind == token.ASSIGN && kw == scanner.KwNone:
			return p.parseAssign()
		case kw == scanner.KwNone && isCompoundOp(n.Kind):
			if n2 := p.peek(1); n2.Kind == token.ASSIGN && n2.Off == n.End {
				return p.parseAssign()
			}
		}
	}
	switch kw {
	case scanner.KwIf:
		return p.parseIf()
	case scanner.KwFor:
		return p.parseFor()
	case scanner.KwWhile:
		return p.parseWhile()
	case scanner.KwReturn:
		return p.parseReturn()
	case scanner.KwBreak, scanner.KwContinue:
		if !sameLine || !continuesExpr(n) {
			s := &ast.BranchStmt{TokPos: p.pos, Tok: kw.String()}
			p.next()
			return s
		}
	case scanner.KwElif, scanner.KwElse:
		pos := p.pos
		p.errorAt(pos, pos+token.Pos(len(kw.String())), "E123", "'"+kw.String()+"' without a matching 'if' at the same indentation")
		p.stop = true
		p.update()
		return &ast.BadStmt{From: pos, To: pos + token.Pos(len(kw.String()))}
	}
	if kw.IsDeclaration() || kw == scanner.KwEmit {
		// A declaration keyword used as a plain name starts an expression
		// when an operator follows it (`type == "x"` in a function body).
		if !(sameLine && continuesExpr(n)) {
			return p.parseDecl(kw)
		}
	}
	if kw == scanner.KwNone && sameLine && n.Kind == token.IDENT && !continuesExpr(n) && !p.braceStmts {
		return p.unknownDecl()
	}
	return &ast.ExprStmt{X: p.parseExpr()}
}

// continuesExpr reports whether a token following a word makes the word an
// operand of an expression: a symbol operator, a call, an index or a field
// access, or a word operator (`a or b`, `a not in xs`).
func continuesExpr(t *scanner.Token) bool {
	switch t.Kind {
	case token.PERIOD, token.SAFEDOT, token.LPAREN, token.LBRACK:
		return true
	case token.IDENT:
		switch t.Keyword {
		case scanner.KwAnd, scanner.KwOr, scanner.KwXor, scanner.KwIn, scanner.KwIs, scanner.KwNot:
			return true
		}
		return false
	}
	return t.Kind.Precedence() > 0 || t.Kind == token.RANGE || t.Kind == token.RANGEINCL
}

func isCompoundOp(k token.Kind) bool {
	switch k {
	case token.ADD, token.SUB, token.MUL, token.QUO, token.REM:
		return true
	}
	return false
}

func (p *parser) badStmt(what string) ast.Stmt {
	pos := p.pos
	p.errorExpected(pos, "E110", what)
	p.stop = true
	p.update()
	return &ast.BadStmt{From: pos, To: pos}
}

// unknownDecl reports a line that starts with two words, the first of
// which is not a keyword (`steam Foo = Bar`).
func (p *parser) unknownDecl() ast.Stmt {
	pos := p.pos
	word := string(p.text())
	hint := ""
	if s := suggestKeyword(word); s != "" {
		hint = "did you mean '" + s + "'?"
	}
	p.errorHint(pos, pos+token.Pos(len(word)), "E110", "unknown declaration '"+word+"': expected a declaration or statement", hint)
	p.stop = true
	p.update()
	return &ast.BadStmt{From: pos, To: pos + token.Pos(len(word))}
}

// suggestKeyword returns the statement keyword closest to word (edit
// distance at most 2), or "".
func suggestKeyword(word string) string {
	best, bestD := "", 3
	for _, kw := range []string{"stream", "event", "type", "let", "var", "const", "fn", "connector",
		"context", "config", "import", "pattern", "emit", "return", "while", "for", "if"} {
		if d := editDistance(word, kw); d < bestD && d < len(kw) {
			best, bestD = kw, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	if len(a) > 20 || len(b) > 20 {
		return 99
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			c = min(c, prev[j]+1, cur[j-1]+1)
			cur[j] = c
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// parseDecl parses the declaration or keyword statement introduced by kw.
func (p *parser) parseDecl(kw scanner.Keyword) ast.Stmt {
	switch kw {
	case scanner.KwStream:
		return p.parseStreamDecl()
	case scanner.KwEvent:
		return p.parseEventDecl()
	case scanner.KwType:
		return p.parseTypeDecl()
	case scanner.KwLet, scanner.KwVar, scanner.KwConst:
		return p.parseVarDecl(kw)
	case scanner.KwFn:
		return p.parseFuncDecl()
	case scanner.KwConnector:
		return p.parseConnectorDecl()
	case scanner.KwContext:
		return p.parseContextDecl()
	case scanner.KwConfig:
		return p.parseConfigDecl()
	case scanner.KwImport:
		return p.parseImport()
	case scanner.KwPattern:
		return p.parsePatternDecl()
	case scanner.KwEmit:
		return p.parseEmit()
	}
	return &ast.ExprStmt{X: p.parseExpr()}
}

// parseSimpleStmt parses a statement of a lambda block: let/var/const,
// an assignment or an expression.
func (p *parser) parseSimpleStmt() ast.Stmt {
	if p.tok == token.IDENT {
		switch p.t.Keyword {
		case scanner.KwLet, scanner.KwVar, scanner.KwConst:
			if p.peek(0).Kind == token.IDENT {
				return p.parseVarDecl(p.t.Keyword)
			}
		case scanner.KwNone:
			if n := p.peek(0); n.Kind == token.DEFINE || n.Kind == token.ASSIGN {
				return p.parseAssign()
			}
		}
	}
	if !p.canStartExpr() {
		pos := p.pos
		p.errorExpected(p.expectPos(), "E110", "expected a statement or expression")
		p.next()
		return &ast.BadStmt{From: pos, To: p.endPos()}
	}
	return &ast.ExprStmt{X: p.parseExpr()}
}

func (p *parser) parseAssign() ast.Stmt {
	name := p.ident("")
	s := p.assigns.alloc()
	s.Name, s.Define, s.Tok = name, p.pos, p.tok
	if s.Tok == token.DEFINE || s.Tok == token.ASSIGN {
		p.next()
		s.Value = p.parseExprAfterTok(s.Tok.String(), s.Define)
		return s
	}
	// Compound assignment: x += e is x := x + e.
	op, opPos := p.tok, p.pos
	p.next() // operator
	p.next() // '='
	var y ast.Expr
	if !p.canStartExpr() {
		y = p.missingExpr(quote(op.String()+"="), opPos)
	} else {
		y = p.parseExpr()
	}
	s.Value = &ast.BinaryExpr{X: &ast.Ident{NamePos: name.NamePos, Name: name.Name}, OpPos: opPos, Op: op, Y: y}
	return s
}

func (p *parser) parseVarDecl(kw scanner.Keyword) ast.Stmt {
	d := p.vars.alloc()
	d.Keyword = p.pos
	switch kw {
	case scanner.KwVar:
		d.Kind = ast.Var
	case scanner.KwConst:
		d.Kind = ast.Const
	}
	p.next()
	if p.tok == token.IDENT {
		d.Name = p.ident("")
	} else {
		d.Name = p.ident("a name after '" + kw.String() + "'")
	}
	if p.tok == token.COLON {
		p.next()
		d.Type = p.parseType("after ':'")
	}
	if p.tok != token.ASSIGN {
		if p.tok == token.DEFINE {
			p.errorAt(p.pos, p.pos+2, "E110", "expected '=' in '"+kw.String()+" "+d.Name.Name+"' declaration, found ':='")
			p.next()
		} else {
			p.errorExpected(p.expectPos(), "E110", "expected '=' after '"+kw.String()+" "+d.Name.Name+"'")
			d.Value = p.badExpr()
			return d
		}
	} else {
		p.next()
	}
	d.Value = p.parseExprAfter("'='", token.NoPos)
	return d
}

func (p *parser) parseTypeDecl() ast.Stmt {
	d := &ast.TypeDecl{TypePos: p.pos}
	p.next()
	d.Name = p.ident("a type name after 'type'")
	p.expect(token.ASSIGN, "after the type name")
	d.Type = p.parseType("after '='")
	return d
}

func (p *parser) parseFuncDecl() ast.Stmt {
	header := p.stmtIndent
	d := &ast.FuncDecl{Fn: p.pos}
	p.next()
	d.Name = p.ident("a function name after 'fn'")
	if p.tok != token.LPAREN {
		p.errorExpected(p.expectPos(), "E110", "expected '(' after the function name")
	} else {
		lp := p.open()
		for p.tok == token.IDENT {
			prm := p.params.alloc()
			prm.Name = p.ident("")
			if p.tok == token.COLON {
				p.next()
				prm.Type = p.parseType("after ':'")
			}
			d.Params = append(d.Params, prm)
			if p.tok != token.COMMA {
				break
			}
			p.next()
		}
		if p.tok != token.RPAREN && p.tok != tNL && p.tok != token.EOF {
			p.errorExpected(p.expectPos(), "E110", "expected a parameter name or ')'")
			p.skipToClose(token.RPAREN)
		}
		p.close(token.RPAREN, lp)
	}
	if p.tok == token.ARROW {
		p.next()
		d.Result = p.parseType("after '->'")
	}
	d.Body = p.parseBlock(header, "the function body")
	return d
}

func (p *parser) parseIf() ast.Stmt {
	header := p.stmtIndent
	ifPos := p.pos
	p.next()
	cond := p.parseExprAfter("'if'", ifPos)
	if p.isKw(scanner.KwThen) {
		// An if expression used as a statement (a function's value).
		thenPos := p.pos
		p.next()
		x := &ast.IfExpr{If: ifPos, Cond: cond, Then: p.parseExprAfter("'then'", thenPos)}
		p.resumeElse()
		if !p.isKw(scanner.KwElse) {
			p.errorExpected(p.expectPos(), "E110", "expected 'else' in if expression (if c then a else b)")
			x.Else = p.badExpr()
		} else {
			elsePos := p.pos
			p.next()
			x.Else = p.parseExprAfter("'else'", elsePos)
		}
		return &ast.ExprStmt{X: x}
	}
	s := &ast.IfStmt{If: ifPos, Cond: cond}
	s.Then = p.parseBlock(header, "the 'if' body")
	for p.t.First && p.t.Indent == header && p.t.Kind == token.IDENT && p.t.Keyword == scanner.KwElif {
		p.resume()
		c := &ast.ElifClause{Elif: p.pos}
		p.next()
		c.Cond = p.parseExprAfter("'elif'", c.Elif)
		c.Body = p.parseBlock(header, "the 'elif' body")
		s.Elifs = append(s.Elifs, c)
	}
	if p.t.First && p.t.Indent == header && p.t.Kind == token.IDENT && p.t.Keyword == scanner.KwElse {
		p.resume()
		p.next()
		if p.isKw(scanner.KwIf) {
			p.errorHint(p.pos, p.pos+2, "E110", "expected ':' after 'else', found 'if'", "write 'elif' instead of 'else if'")
		}
		s.Else = p.parseBlock(header, "the 'else' body")
	}
	return s
}

func (p *parser) parseFor() ast.Stmt {
	header := p.stmtIndent
	s := &ast.ForStmt{For: p.pos}
	p.next()
	s.Var = p.ident("a loop variable after 'for'")
	if !p.isKw(scanner.KwIn) {
		p.errorExpected(p.expectPos(), "E110", "expected 'in' after the loop variable")
		s.Iter = p.badExpr()
	} else {
		inPos := p.pos
		p.next()
		s.Iter = p.parseExprAfter("'in'", inPos)
	}
	s.Body = p.parseBlock(header, "the 'for' body")
	return s
}

func (p *parser) parseWhile() ast.Stmt {
	header := p.stmtIndent
	s := &ast.WhileStmt{While: p.pos}
	p.next()
	s.Cond = p.parseExprAfter("'while'", s.While)
	s.Body = p.parseBlock(header, "the 'while' body")
	return s
}

func (p *parser) parseReturn() ast.Stmt {
	s := &ast.ReturnStmt{Return: p.pos}
	p.next()
	if p.canStartExpr() {
		s.Result = p.parseExpr()
	}
	return s
}

func (p *parser) parseEmit() ast.Stmt {
	s := &ast.EmitStmt{Emit: p.pos}
	p.next()
	s.Type = p.ident("an event type after 'emit'")
	if p.tok != token.LPAREN {
		p.errorExpected(p.expectPos(), "E110", "expected '(' after 'emit "+s.Type.Name+"'")
		s.Rparen = p.endPos() - 1
		return s
	}
	_, s.Args, s.Rparen = p.parseArgs(false)
	return s
}

// parseBlock parses `:` and the indented block that follows a header line
// whose indentation is header.
func (p *parser) parseBlock(header int, what string) *ast.Block {
	b := p.blocks.alloc()
	if p.tok != token.COLON {
		p.errorExpected(p.expectPos(), "E110", "expected ':' to start "+what)
		b.Colon = p.expectPos()
		b.EndPos = b.Colon
		// Still take an indented block that follows, if any.
		if !(p.t.First && p.t.Indent > header && p.t.Kind != token.EOF) {
			return b
		}
	} else {
		b.Colon = p.pos
		p.next()
	}
	b.EndPos = b.Colon + 1
	mark := p.stmtStack.mark()
	p.indented(header, b.Colon, what, func() {
		errs := p.errSeen
		s := p.parseStmt()
		p.stmtStack.push(s)
		b.EndPos = s.End()
		p.finishStmt(errs, p.stmtIndent, false)
	})
	b.Stmts = p.stmtStack.done(mark)
	return b
}

// indented parses the indented lines that follow a header line ending in
// ':' (at colon): item is called with the current token at the start of
// each line of the block, after beginStmt. It returns false when there is
// no indented block.
func (p *parser) indented(header int, colon token.Pos, what string, item func()) bool {
	if p.t.Kind != token.EOF && !p.t.First {
		p.errorHint(p.pos, token.NoPos, "E115", "expected "+what+" on the next line, indented, found "+p.found(),
			"one-line bodies are not supported: start a new line and indent it")
		p.sync(header, false)
		return false
	}
	if p.t.Kind == token.EOF || p.t.Indent <= header {
		p.errorAt(colon, colon+1, "E115", "expected "+what+" after ':' as an indented block, found "+p.found())
		return false
	}
	saveIndent, saveNest, saveFence := p.stmtIndent, p.nest, p.fence
	indent := p.t.Indent
	if p.enter() {
		for p.t.Kind != token.EOF && p.t.Indent > header {
			if p.t.Indent > indent {
				p.beginStmt()
				p.errorAt(p.pos, token.NoPos, "E115", "unexpected indentation")
				p.sync(indent, false)
				continue
			}
			if p.t.Indent < indent {
				p.beginStmt()
				p.errorHint(p.pos, token.NoPos, "E115", "inconsistent indentation: this line is indented less than the block it belongs to",
					"indent every line of a block by the same amount")
				p.syncing = false
				indent = p.t.Indent
			}
			p.beginStmt()
			start, errs := p.t.Off, p.errSeen
			item()
			if p.t.Off == start && p.t.Kind != token.EOF {
				if p.errSeen == errs {
					// The item read nothing: never drop a token silently.
					p.errorExpected(p.pos, "E110", "expected "+what)
				}
				p.next() // guarantee progress
			}
		}
	} else {
		p.sync(header, false)
	}
	p.leave()
	p.stmtIndent, p.nest, p.fence = saveIndent, saveNest, saveFence
	p.syncing = false
	p.stop = false
	p.update()
	return true
}

func (p *parser) parseEventDecl() ast.Stmt {
	header := p.stmtIndent
	d := &ast.EventDecl{Event: p.pos}
	p.next()
	d.Name = p.ident("an event name after 'event'")
	if p.isKw(scanner.KwExtends) {
		p.next()
		d.Extends = p.ident("a base event name after 'extends'")
	}
	d.EndPos = p.endPos()
	switch p.tok {
	case token.COLON:
		colon := p.pos
		p.next()
		d.EndPos = colon + 1
		if p.t.Kind != token.EOF && !p.t.First {
			// Fields on the header line: event E: a: int b: str
			p.parseFields(d)
			return d
		}
		p.indented(header, colon, "the event's fields", func() {
			errs := p.errSeen
			p.parseFields(d)
			p.finishStmt(errs, p.stmtIndent, false)
		})
	case token.LBRACE:
		lb := p.open()
		for p.tok == token.IDENT {
			p.parseField(d)
			if p.tok == token.COMMA {
				p.next()
			}
		}
		if p.tok != token.RBRACE && p.tok != tNL && p.tok != token.EOF {
			p.errorExpected(p.expectPos(), "E110", "expected a field name or '}'")
			p.skipToClose(token.RBRACE)
		}
		d.EndPos = p.close(token.RBRACE, lb) + 1
	default:
		p.errorExpected(p.expectPos(), "E110", "expected ':' after the event name")
	}
	return d
}

// parseFields parses the fields on one line of an event declaration.
func (p *parser) parseFields(d *ast.EventDecl) {
	for {
		if p.tok != token.IDENT {
			p.errorExpected(p.expectPos(), "E110", "expected a field name")
			return
		}
		p.parseField(d)
		if p.tok == token.COMMA {
			p.next()
		}
		if p.tok != token.IDENT {
			return
		}
	}
}

func (p *parser) parseField(d *ast.EventDecl) {
	f := p.fields.alloc()
	f.Name = p.ident("a field name")
	if p.tok != token.COLON {
		p.errorExpected(p.expectPos(), "E110", "expected ':' after field name '"+f.Name.Name+"'")
		f.Type = &ast.BadType{From: p.expectPos(), To: p.expectPos()}
	} else {
		p.next()
		f.Type = p.parseType("after ':'")
	}
	d.Fields = append(d.Fields, f)
	d.EndPos = f.End()
}

func (p *parser) parseConnectorDecl() ast.Stmt {
	d := &ast.ConnectorDecl{Connector: p.pos}
	p.next()
	d.Name = p.ident("a connector name after 'connector'")
	p.expect(token.ASSIGN, "after the connector name")
	d.Kind = p.ident("a connector kind (mqtt, kafka, http, ...)")
	if p.tok != token.LPAREN {
		p.errorExpected(p.expectPos(), "E110", "expected '(' after the connector kind")
		d.Rparen = p.endPos() - 1
		return d
	}
	_, d.Params, d.Rparen = p.parseArgs(false)
	for _, a := range d.Params {
		if a.Name == nil {
			p.errorAt(a.Pos(), a.End(), "E110", "connector parameters must be named (name: value)")
			break
		}
	}
	return d
}

func (p *parser) parseContextDecl() ast.Stmt {
	d := &ast.ContextDecl{Context: p.pos}
	p.next()
	d.Name = p.ident("a context name after 'context'")
	if p.tok == token.LPAREN {
		_, d.Params, d.Rparen = p.parseArgs(false)
	}
	return d
}

func (p *parser) parseConfigDecl() ast.Stmt {
	header := p.stmtIndent
	d := &ast.ConfigDecl{Config: p.pos}
	p.next()
	if p.tok == token.IDENT {
		d.Name = p.ident("")
	}
	d.EndPos = p.endPos()
	switch {
	case p.tok == token.LBRACE:
		lb := p.open()
		for p.tok == token.IDENT {
			d.Items = append(d.Items, p.parseConfigItem())
			if p.tok == token.COMMA {
				p.next()
			}
		}
		if p.tok != token.RBRACE && p.tok != tNL && p.tok != token.EOF {
			p.errorExpected(p.expectPos(), "E110", "expected a configuration key or '}'")
			p.skipToClose(token.RBRACE)
		}
		d.EndPos = p.close(token.RBRACE, lb) + 1
	case p.tok == token.COLON && d.Name == nil:
		colon := p.pos
		p.next()
		d.EndPos = colon + 1
		p.indented(header, colon, "the configuration items", func() {
			errs := p.errSeen
			for p.tok == token.IDENT {
				a := p.parseConfigItem()
				d.Items = append(d.Items, a)
				d.EndPos = a.End()
				if p.tok == token.COMMA {
					p.next()
				}
			}
			p.finishStmt(errs, p.stmtIndent, false)
		})
	default:
		p.errorExpected(p.expectPos(), "E110", "expected 'config NAME { ... }' or 'config:' followed by indented items")
	}
	return d
}

func (p *parser) parseConfigItem() *ast.Arg {
	name := p.ident("")
	if p.tok != token.COLON {
		p.errorExpected(p.expectPos(), "E110", "expected ':' after configuration key '"+name.Name+"'")
		return &ast.Arg{Name: name, Value: p.badExpr()}
	}
	colon := p.pos
	p.next()
	return &ast.Arg{Name: name, Value: p.parseNamedValue(name, colon)}
}

func (p *parser) parseImport() ast.Stmt {
	s := &ast.ImportStmt{Import: p.pos}
	p.next()
	if p.tok != token.STRING {
		p.errorExpected(p.expectPos(), "E110", "expected a file path string after 'import'")
		pos := p.expectPos()
		s.Path = &ast.BasicLit{ValuePos: pos, Kind: token.STRING}
		return s
	}
	s.Path = p.basicLit()
	if p.isKw(scanner.KwAs) {
		p.next()
		s.Alias = p.ident("an alias after 'as'")
	}
	return s
}

// parseType parses a type; ctx completes "expected a type ..." messages.
func (p *parser) parseType(ctx string) ast.Type {
	if !p.enter() {
		p.leave()
		pos := p.expectPos()
		return &ast.BadType{From: pos, To: pos}
	}
	defer p.leave()
	var t ast.Type
	switch p.tok {
	case token.LBRACK:
		lb := p.open()
		elem := p.parseType("after '['")
		t = &ast.ArrayType{Lbrack: lb, Elem: elem, Rbrack: p.close(token.RBRACK, lb)}
	case token.LBRACE:
		lb := p.open()
		key := p.parseType("after '{'")
		p.expect(token.COLON, "between the key and value types of a map type")
		val := p.parseType("after ':'")
		t = &ast.MapType{Lbrace: lb, Key: key, Value: val, Rbrace: p.close(token.RBRACE, lb)}
	case token.LPAREN:
		lp := p.open()
		tt := &ast.TupleType{Lparen: lp}
		for {
			tt.Elems = append(tt.Elems, p.parseType("in tuple type"))
			if p.tok != token.COMMA {
				break
			}
			p.next()
		}
		tt.Rparen = p.close(token.RPAREN, lp)
		t = tt
	case token.IDENT:
		if p.t.Keyword == scanner.KwStreamType && p.peek(0).Kind == token.LSS {
			st := &ast.StreamType{Stream: p.pos}
			p.next()
			p.next() // <
			st.Elem = p.parseType("after 'Stream<'")
			st.Rangle = p.closeAngle()
			t = st
		} else {
			nt := p.named.alloc()
			nt.Name = p.ident("")
			t = nt
		}
	default:
		pos := p.expectPos()
		p.errorExpected(pos, "E113", "expected a type "+ctx)
		return &ast.BadType{From: pos, To: pos}
	}
	if p.tok == token.QUESTION {
		t = &ast.OptionalType{Elem: t, Question: p.pos}
		p.next()
	}
	return t
}

// closeAngle consumes the '>' closing Stream<T>, splitting a '>>'.
func (p *parser) closeAngle() token.Pos {
	pos := p.pos
	switch p.tok {
	case token.GTR:
		p.next()
	case token.SHR, token.GEQ:
		// Take the first character; the rest stays as the current token.
		p.t.Off++
		if p.t.Kind == token.SHR {
			p.t.Kind = token.GTR
		} else {
			p.t.Kind = token.ASSIGN
		}
		p.t.First = false
		p.prevEnd = p.t.Off
		p.update()
	default:
		p.errorExpected(p.expectPos(), "E113", "expected '>' to close 'Stream<'")
		return p.endPos()
	}
	return pos
}
