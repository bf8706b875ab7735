// Package parser implements a parser for VPL source files.
//
// ParseFile turns source text into an *ast.File and a list of diagnostics.
// The parser never stops at the first error: it reports each independent
// problem once, synchronises on statement boundaries, on `.op(` boundaries
// inside a stream chain and on closing brackets, and represents what it
// could not parse with ast.BadStmt, BadExpr, BadType, BadSource, BadOp and
// BadPat nodes.
//
// # Layout
//
// VPL has no statement separators: a statement ends where its line ends,
// unless the next line continues it. A line continues the statement when it
// is indented deeper than the statement's first line, when it is inside an
// open bracket, or when it starts with `.`, `?.`, `->` or a binary operator
// that cannot begin a statement (so an operation chain may span lines
// freely, even at column 1). Bodies of fn, if, elif, else, for, while,
// event and config: are indented blocks: the statements whose lines are
// indented deeper than the header line. Tabs count as one column.
//
// Top-level compile-time loops `for V in A..B:` whose body holds
// declarations are expanded: see ast.DeclLoop.
package parser

import (
	"fmt"
	"strconv"
	"sync/atomic"
	"unsafe"

	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/diag"
	"github.com/varpulis/varpulis-go/vpl/scanner"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// Mode controls optional parser behaviour.
type Mode uint

// Parser modes.
const (
	// SkipComments leaves File.Comments empty.
	SkipComments Mode = 1 << iota
	// NoLoopExpansion records declaration loops in File.DeclLoops without
	// expanding them (their bodies are not parsed and contribute no
	// statements). Useful for tools that only need the layout of a file.
	NoLoopExpansion
)

// Limits. Input beyond them is reported as a diagnostic, never a crash.
const (
	// MaxFileSize is the largest source file accepted, in bytes.
	MaxFileSize = 64 << 20
	// MaxNesting is the deepest nesting of brackets, expressions, types,
	// patterns and blocks.
	MaxNesting = 256
	// MaxLoopIterations is the largest number of iterations of one
	// compile-time declaration loop.
	MaxLoopIterations = 10000
	// MaxLoopNesting is the deepest nesting of declaration loops.
	MaxLoopNesting = 10
	// MaxExpandedSize bounds the total size of the source text produced by
	// declaration-loop expansion for one file, in bytes.
	MaxExpandedSize = 64 << 20
	// MaxErrors is the largest number of syntax errors reported for one
	// file. The error beyond it is reported as E124 and parsing stops at
	// the end of the current top-level statement.
	MaxErrors = 1000
)

// tNL is the parser's pseudo-token for "the statement ends here": the
// current token starts a line that does not continue the statement. The
// real token is kept in parser.t.
const tNL token.Kind = 255

// shared is the state shared by a parser and the parsers of the virtual
// files produced by declaration-loop expansion.
type shared struct {
	fset      *token.FileSet
	mode      Mode
	diags     diag.List
	names     internTable // interned identifier and number spellings
	expanded  int         // bytes of virtual source produced so far
	budgetHit bool
	tooMany   bool            // MaxErrors reached: nothing more is reported
	loops     []*ast.DeclLoop // loops of the root file
}

// report adds a diagnostic unless MaxErrors have been reported already;
// the first one beyond the limit becomes E124, at the end of the file.
func (p *parser) report(pos, end token.Pos, code, msg, hint string) {
	if p.tooMany {
		return
	}
	if len(p.diags) >= MaxErrors {
		p.tooMany = true
		// Reported at the end of the file, so that it comes last.
		pos = p.sc.Pos(len(p.src))
		p.diags.Add(pos, pos, diag.Error, "E124",
			fmt.Sprintf("too many syntax errors (more than %d): the rest of the file is not checked", MaxErrors),
			"fix the errors above first; is this a VPL source file?")
		return
	}
	p.diags.Add(pos, end, diag.Error, code, msg, hint)
}

type parser struct {
	*shared
	file *token.File
	src  []byte
	sc   scanner.Scanner

	comments []*ast.Comment

	// Current token: t is the real token, tok its effective kind (tNL
	// when t starts a line that ends the current statement), pos its
	// position.
	t   scanner.Token
	tok token.Kind
	pos token.Pos

	la      []scanner.Token // look-ahead buffer
	prevEnd int             // end offset of the last consumed token

	// Layout state of the current statement.
	stmtStart  int  // offset of the statement's first token
	stmtIndent int  // indentation of the statement's first line
	nest       int  // open brackets since the statement began
	fence      int  // indentation of the line of the innermost open operation, or -1
	noMethod   bool // `.name(` ends the expression (step predicates)
	stop       bool // unwinding after a fatal error in this statement
	braceStmts bool // parsing statements of a lambda block { ... }

	// Node slabs: the most frequent nodes are allocated in chunks.
	idents  slab[ast.Ident]
	lits    slab[ast.BasicLit]
	args    slab[ast.Arg]
	bins    slab[ast.BinaryExpr]
	sels    slab[ast.SelectorExpr]
	calls   slab[ast.CallExpr]
	opcalls slab[ast.OpCall]
	blocks  slab[ast.Block]
	named   slab[ast.NamedType]
	fields  slab[ast.FieldDecl]
	lists   slab[ast.ListLit]
	streams slab[ast.StreamDecl]
	assigns slab[ast.AssignStmt]
	simples slab[ast.SimpleSource]
	vars    slab[ast.VarDecl]
	params  slab[ast.Param]
	entries slab[ast.MapEntry]
	comms   slab[ast.Comment]

	// Scratch stacks and backing arrays for block bodies and list
	// literal elements.
	stmtStack listStack[ast.Stmt]
	exprStack listStack[ast.Expr]

	// Scratch stacks for lists whose length is unknown while parsing;
	// the final lists are copied out at their exact size.
	argStack []*ast.Arg
	opStack  []ast.Op
	// Backing arrays the final lists are carved from.
	argLists listSlab[*ast.Arg]
	opLists  listSlab[ast.Op]

	depth     int  // nesting depth (see MaxNesting)
	depthErr  bool // nesting error already reported for this statement
	syncing   bool // an error was reported; suppress follow-up errors
	errSeen   int  // number of errors raised (reported or suppressed)
	lastErrAt int  // offset of the last reported parser error, -1 if none

	loopDepth  int  // nesting of declaration-loop expansion
	virtual    bool // a virtual file produced by declaration-loop expansion
	baseIndent int  // indentation of the file's first statement

	abort   *atomic.Bool // set: another piece of a parallel parse failed
	sawLoop bool         // a declaration loop was met (parallel parse only)
}

// slabChunk is the number of nodes allocated at once by a slab.
const slabChunk = 128

// slab allocates nodes of one type in chunks, which saves most of the
// per-node allocations of a parse. A chunk stays alive while any of its
// nodes is referenced, which suits a syntax tree used as a whole.
// The first chunk of a slab is small, so that short sources do not pay
// for many large chunks; chunk sizes double up to slabChunk.
type slab[T any] struct {
	buf   []T
	chunk int
}

func (s *slab[T]) alloc() *T {
	if len(s.buf) == 0 {
		s.chunk = min(max(2*s.chunk, 8), slabChunk)
		s.buf = make([]T, s.chunk)
	}
	x := &s.buf[0]
	s.buf = s.buf[1:]
	return x
}

// listSlab hands out short slices carved from larger backing arrays, so
// that the many small lists of a syntax tree (arguments, operations) do
// not each cost an allocation. A returned slice has its length as its
// capacity: appending to it reallocates instead of overwriting a
// neighbour.
// Its backing arrays grow from listSlabChunk/8 to listSlabChunk items.
type listSlab[T any] struct {
	buf   []T
	chunk int
}

const listSlabChunk = 1024

// copyOf returns a slice holding a copy of src, or nil when src is empty.
func (s *listSlab[T]) copyOf(src []T) []T {
	n := len(src)
	if n == 0 {
		return nil
	}
	if n > listSlabChunk/8 {
		return append([]T(nil), src...)
	}
	if len(s.buf) < n {
		s.chunk = min(max(2*s.chunk, listSlabChunk/8), listSlabChunk)
		s.buf = make([]T, s.chunk)
	}
	out := s.buf[:n:n]
	s.buf = s.buf[n:]
	copy(out, src)
	return out
}

// listStack collects the items of nested lists of unknown length on one
// stack; done copies the items pushed since mark out at their exact size.
type listStack[T any] struct {
	stack []T
	lists listSlab[T]
}

func (s *listStack[T]) mark() int { return len(s.stack) }

func (s *listStack[T]) push(x T) { s.stack = append(s.stack, x) }

func (s *listStack[T]) done(mark int) []T {
	out := s.lists.copyOf(s.stack[mark:])
	clear(s.stack[mark:])
	s.stack = s.stack[:mark]
	return out
}

func newParser(sh *shared, file *token.File, src []byte) *parser {
	p := &parser{shared: sh, file: file, src: src, fence: -1, lastErrAt: -1}
	p.sc.Init(file, src, p.scanError, scanner.ScanComments)
	return p
}

// scanError receives scanner errors.
func (p *parser) scanError(pos, end token.Pos, code, msg string) {
	p.report(pos, end, code, msg, "")
	p.syncing = true
	p.errSeen++
}

// ---------------------------------------------------------------------------
// Tokens

// scanTok scans the next non-comment, non-illegal token into t, collecting
// comments.
func (p *parser) scanTok(t *scanner.Token) {
	first, indent := false, 0
	for {
		p.sc.Next(t)
		switch t.Kind {
		case token.COMMENT:
			if p.mode&SkipComments == 0 && !p.virtual {
				p.addComment(t)
			}
			continue
		case token.ILLEGAL:
			// Already reported by the scanner; drop it but keep its
			// line-start property for the token that follows on its line.
			if t.First {
				first, indent = true, t.Indent
			}
			continue
		}
		if first && !t.First && t.Kind != token.EOF {
			t.First, t.Indent = true, indent
		}
		return
	}
}

func (p *parser) addComment(t *scanner.Token) {
	text := string(p.src[t.Off:t.End])
	style := ast.HashComment
	switch {
	case len(text) >= 2 && text[1] == '*':
		style = ast.BlockComment
	case text[0] == '/':
		style = ast.SlashComment
	}
	c := p.comms.alloc()
	c.Start, c.Text, c.Style = p.sc.Pos(t.Off), text, style
	p.comments = append(p.comments, c)
}

// next advances to the next token.
func (p *parser) next() {
	p.prevEnd = p.t.End
	if len(p.la) > 0 {
		p.t = p.la[0]
		copy(p.la, p.la[1:])
		p.la = p.la[:len(p.la)-1]
	} else {
		p.scanTok(&p.t)
	}
	p.update()
}

// peek returns the i-th token after the current one (0 = the next).
func (p *parser) peek(i int) *scanner.Token {
	for len(p.la) <= i {
		var t scanner.Token
		if n := len(p.la); n > 0 && p.la[n-1].Kind == token.EOF {
			t = p.la[n-1]
		} else if n == 0 && p.t.Kind == token.EOF {
			t = p.t
		} else {
			p.scanTok(&t)
		}
		p.la = append(p.la, t)
	}
	return &p.la[i]
}

// update recomputes the effective kind of the current token.
func (p *parser) update() {
	p.pos = p.sc.Pos(p.t.Off)
	p.tok = p.t.Kind
	if p.tok == token.EOF {
		return
	}
	if p.stop || p.t.First && p.offside() {
		p.tok = tNL
	}
}

// offside reports whether the current token, which starts a line, ends
// the current statement.
func (p *parser) offside() bool {
	t := &p.t
	if p.nest == 0 {
		if continues(t.Kind) {
			return false
		}
		if t.Indent <= p.stmtIndent {
			return true
		}
		// A declaration keyword at the start of a line always starts a
		// new declaration, whatever its indentation.
		return t.Kind == token.IDENT && t.Keyword.IsDeclaration() && !p.braceStmts && p.nextIsIdentOnLine()
	}
	switch t.Kind {
	case token.RPAREN, token.RBRACK, token.RBRACE:
		return false
	case token.PERIOD, token.ARROW:
		if p.fence >= 0 && t.Indent <= p.fence {
			return true
		}
	}
	return t.Indent <= p.stmtIndent
}

// nextIsIdentOnLine reports whether the token after the current one is an
// identifier or string on the same line (so `stream Foo`, `import "x"`).
func (p *parser) nextIsIdentOnLine() bool {
	n := p.peek(0)
	return !n.First && (n.Kind == token.IDENT || n.Kind == token.STRING || n.Kind == token.COLON)
}

// continues reports whether a token at the start of a line continues the
// statement of the previous line whatever its indentation: the operation
// chain punctuation and the binary operators that cannot begin an
// expression.
func continues(k token.Kind) bool {
	switch k {
	case token.PERIOD, token.SAFEDOT, token.ARROW,
		token.ADD, token.MUL, token.QUO, token.REM, token.POW,
		token.AND_BIT, token.OR_BIT, token.XOR_BIT, token.SHL, token.SHR,
		token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ,
		token.COALESCE, token.RANGE, token.RANGEINCL, token.FATARROW:
		return true
	}
	return false
}

// resume makes the current token count as a token of the current
// statement (used after a header line, for elif/else).
func (p *parser) resume() {
	p.tok = p.t.Kind
}

// resumeElse continues an if expression whose `else` starts the next line
// at the statement's own indentation (`if c then a` / `else b`, the layout
// of a multi-line if expression in a function body): that line would
// otherwise end the statement.
func (p *parser) resumeElse() {
	if p.tok == tNL && !p.stop && p.t.First && p.t.Kind == token.IDENT &&
		p.t.Keyword == scanner.KwElse && p.t.Indent == p.stmtIndent {
		p.resume()
	}
}

// beginStmt starts a statement at the current token.
func (p *parser) beginStmt() {
	p.stmtStart = p.t.Off
	p.stmtIndent = p.t.Indent
	p.nest = 0
	p.fence = -1
	p.noMethod = false
	p.stop = false
	p.depthErr = false
	p.syncing = false
	p.tok = p.t.Kind
	p.pos = p.sc.Pos(p.t.Off)
}

func (p *parser) isKw(kw scanner.Keyword) bool {
	return p.tok == token.IDENT && p.t.Keyword == kw
}

// posOf returns the position of byte offset off in the current file.
func (p *parser) posOf(off int) token.Pos { return p.sc.Pos(off) }

// endPos returns the position after the last consumed token.
func (p *parser) endPos() token.Pos { return p.sc.Pos(p.prevEnd) }

// intern returns a string for the current token's text, shared by equal
// spellings.
func (p *parser) intern(b []byte) string {
	h := p.t.Hash
	if p.t.Kind != token.IDENT {
		h = scanner.HashBytes(b)
	}
	return p.names.intern(b, h)
}

// internTable is an open-addressing set of strings keyed by their hash.
// The slots hold only the hash and an index into names: a compact,
// pointer-free array that stays in cache and that the garbage collector
// does not scan; the string itself is compared only when the hashes match.
type internTable struct {
	slots []internSlot
	names []string
	// arena holds the bytes of the interned strings: short spellings are
	// copied into it rather than each allocated on its own. Bytes below
	// len(arena) are never written again.
	arena []byte
}

// arenaMax is the longest spelling copied into the arena.
const arenaMax = 64

// str returns a string holding a copy of b.
func (t *internTable) str(b []byte) string {
	if len(b) > arenaMax {
		return string(b)
	}
	if cap(t.arena)-len(t.arena) < len(b) {
		t.arena = make([]byte, 0, min(max(2*cap(t.arena), 512), 16<<10))
	}
	start := len(t.arena)
	t.arena = append(t.arena, b...)
	return unsafe.String(&t.arena[start], len(b))
}

type internSlot struct {
	hash uint32
	idx  uint32 // 1 + index in names; 0 for an empty slot
}

func (t *internTable) intern(b []byte, h uint32) string {
	if len(b) == 0 {
		return ""
	}
	if len(t.slots) == 0 {
		t.slots = make([]internSlot, 1024)
	}
	mask := uint32(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := &t.slots[i]
		if sl.idx == 0 {
			s := t.str(b)
			t.names = append(t.names, s)
			sl.hash, sl.idx = h, uint32(len(t.names))
			if 2*len(t.names) > len(t.slots) {
				t.grow()
			}
			return s
		}
		if sl.hash == h {
			if s := t.names[sl.idx-1]; s == string(b) {
				return s
			}
		}
	}
}

// presize sizes an empty table for a source of n bytes (room for about
// one distinct spelling per 128 bytes: programs repeat their names), so
// that large files rehash it rarely.
func (t *internTable) presize(n int) {
	if len(t.slots) != 0 {
		return
	}
	size := 1024
	for size < n/64 && size < 1<<20 {
		size *= 2
	}
	t.slots = make([]internSlot, size)
	t.names = make([]string, 0, size/2)
}

func (t *internTable) grow() {
	old := t.slots
	t.slots = make([]internSlot, 2*len(old))
	mask := uint32(len(t.slots) - 1)
	for _, sl := range old {
		if sl.idx == 0 {
			continue
		}
		i := sl.hash & mask
		for t.slots[i].idx != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = sl
	}
}

// text returns the source text of the current token.
func (p *parser) text() []byte { return p.src[p.t.Off:p.t.End] }

// ---------------------------------------------------------------------------
// Brackets

// open consumes the opening bracket at the current token.
func (p *parser) open() token.Pos {
	pos := p.pos
	p.nest++
	p.next()
	return pos
}

// close consumes the closing bracket kind matching the opener at openPos,
// or reports it missing. It returns the position of the closing bracket
// (or of the end of the last token when it is missing).
func (p *parser) close(kind token.Kind, openPos token.Pos) token.Pos {
	if p.tok == kind {
		pos := p.pos
		if p.nest > 0 {
			p.nest--
		}
		p.next()
		return pos
	}
	p.errorExpected(p.expectPos(), "E111",
		fmt.Sprintf("expected %s to close %s at %s", quote(kind.String()), quote(opener(kind).String()), p.lineCol(openPos)))
	if p.nest > 0 {
		p.nest--
	}
	p.update()
	end := p.endPos()
	if end > openPos {
		end--
	}
	return end
}

func opener(k token.Kind) token.Kind {
	switch k {
	case token.RPAREN:
		return token.LPAREN
	case token.RBRACK:
		return token.LBRACK
	}
	return token.LBRACE
}

// skipToClose skips tokens up to (not including) the closing bracket kind
// at the current nesting level, or to the end of the statement.
func (p *parser) skipToClose(kind token.Kind) {
	base := p.nest
	for p.tok != tNL && p.tok != token.EOF {
		switch p.tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			p.nest++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if p.nest == base {
				if p.tok == kind {
					return
				}
				// A closer of another kind: the bracket being closed
				// was never opened here; stop and let close report.
				return
			}
			p.nest--
		}
		p.next()
	}
}

// ---------------------------------------------------------------------------
// Errors

func (p *parser) lineCol(pos token.Pos) string {
	pp := p.file.Position(pos)
	return strconv.Itoa(pp.Line) + ":" + strconv.Itoa(pp.Column)
}

// errorAt reports an error unless the parser is recovering from an
// earlier one in the same statement or operation.
func (p *parser) errorAt(pos, end token.Pos, code, msg string) {
	p.errorHint(pos, end, code, msg, "")
}

func (p *parser) errorHint(pos, end token.Pos, code, msg, hint string) {
	p.errSeen++
	if p.syncing {
		return
	}
	p.syncing = true
	p.lastErrAt = int(pos)
	p.report(pos, end, code, msg, hint)
}

// expectPos is where an "expected X" error points: at the current token
// when it is on the line of the previous token, else just after the
// previous token (where the missing text belongs).
func (p *parser) expectPos() token.Pos {
	if p.t.First && p.prevEnd > 0 || p.t.Kind == token.EOF {
		return p.endPos()
	}
	return p.pos
}

// found describes the current real token for messages.
func (p *parser) found() string {
	t := &p.t
	s := ""
	switch t.Kind {
	case token.EOF:
		return "end of file"
	case token.IDENT:
		s = "'" + string(p.text()) + "'"
	case token.STRING:
		txt := p.text()
		if len(txt) > 24 {
			txt = append(append([]byte{}, txt[:20]...), "..."...)
		}
		s = "string " + string(txt)
	case token.INT, token.FLOAT, token.DURATION, token.TIMESTAMP:
		s = "'" + string(p.text()) + "'"
	case token.PERIOD, token.SAFEDOT:
		n := p.peek(0)
		if n.Kind == token.IDENT && n.Off == t.End {
			s = "'" + string(p.src[t.Off:n.End]) + "'"
		} else {
			s = "'" + t.Kind.String() + "'"
		}
	default:
		s = "'" + t.Kind.String() + "'"
	}
	if p.t.First && p.prevEnd > 0 {
		prevLine := p.file.Position(p.sc.Pos(p.prevEnd)).Line
		if line := p.file.Position(p.pos).Line; line != prevLine {
			s += " on line " + strconv.Itoa(line)
		}
	}
	return s
}

// errorExpected reports "expected WHAT, found X".
func (p *parser) errorExpected(pos token.Pos, code, what string) {
	p.errorAt(pos, token.NoPos, code, what+", found "+p.found())
}

// expect consumes a token of the given kind or reports it missing.
func (p *parser) expect(kind token.Kind, context string) token.Pos {
	pos := p.pos
	if p.tok != kind {
		p.errorExpected(p.expectPos(), "E110", "expected "+quote(kind.String())+" "+context)
		return p.expectPos()
	}
	p.next()
	return pos
}

func quote(s string) string { return "'" + s + "'" }

// enter increments the nesting depth; it reports false (after reporting an
// error once) when MaxNesting is exceeded.
func (p *parser) enter() bool {
	p.depth++
	if p.depth > MaxNesting {
		if !p.depthErr {
			p.depthErr = true
			p.syncing = false
			p.errorAt(p.pos, token.NoPos, "E121", fmt.Sprintf("nesting too deep (more than %d nested expressions, types, patterns or blocks)", MaxNesting))
		}
		p.stop = true
		p.update()
		return false
	}
	return true
}

func (p *parser) leave() { p.depth-- }

// ---------------------------------------------------------------------------
// Identifiers and literals

// ident parses an identifier (any word, keywords included).
func (p *parser) ident(what string) *ast.Ident {
	pos := p.pos
	if p.tok == token.IDENT {
		id := p.idents.alloc()
		id.NamePos, id.Name = pos, p.intern(p.text())
		p.next()
		return id
	}
	p.errorExpected(p.expectPos(), "E110", "expected "+what)
	return &ast.Ident{NamePos: p.expectPos()} // a missing name: empty, zero width
}

// basicLit parses the literal at the current token and decodes its value.
func (p *parser) basicLit() *ast.BasicLit {
	t := p.t
	lit := p.lits.alloc()
	lit.ValuePos, lit.Kind = p.pos, t.Kind
	raw := p.src[t.Off:t.End]
	var err error
	switch t.Kind {
	case token.INT:
		lit.Raw = p.intern(raw)
		if !t.Bad {
			lit.Int, err = scanner.ParseInt(lit.Raw)
		}
	case token.FLOAT:
		lit.Raw = p.intern(raw)
		if !t.Bad {
			lit.Float, err = scanner.ParseFloat(lit.Raw)
		}
	case token.DURATION:
		lit.Raw = p.intern(raw)
		if !t.Bad {
			lit.Int, err = scanner.ParseDuration(lit.Raw)
		}
	case token.TIMESTAMP:
		lit.Raw = string(raw)
		if !t.Bad {
			lit.Int, err = scanner.ParseTimestamp(lit.Raw)
		}
	case token.STRING:
		lit.Raw = p.intern(raw)
		if !t.Bad {
			lit.Str, err = scanner.Unquote(lit.Raw)
		} else if len(raw) >= 1 {
			lit.Str = lit.Raw[1:]
		}
	}
	if err != nil {
		code := scanner.CodeNumberRange
		switch t.Kind {
		case token.TIMESTAMP:
			code = scanner.CodeBadTimestamp
		case token.STRING:
			code = scanner.CodeBadEscape
		}
		// Literal errors are independent of the statement's syntax:
		// always report them.
		p.report(lit.ValuePos, lit.ValuePos+token.Pos(len(raw)), code, err.Error(), "")
		p.errSeen++
	}
	p.next()
	return lit
}

var (
	rawTrue  = "true"
	rawFalse = "false"
	rawNull  = "null"
)

// wordLit returns the literal node for true, false or null at the current
// token.
func (p *parser) wordLit() *ast.BasicLit {
	lit := &ast.BasicLit{ValuePos: p.pos}
	switch p.t.Keyword {
	case scanner.KwTrue:
		lit.Kind, lit.Raw = token.TRUE, rawTrue
	case scanner.KwFalse:
		lit.Kind, lit.Raw = token.FALSE, rawFalse
	default:
		lit.Kind, lit.Raw = token.NULL, rawNull
	}
	p.next()
	return lit
}
