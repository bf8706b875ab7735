// Package checker implements the semantic checks of VPL programs.
//
// Check runs after parsing: it resolves every name of a program (events,
// streams, patterns, functions, connectors, contexts, global variables,
// aliases), validates every declaration, stream source and operation, and
// returns the resolved facts as an Info together with diagnostics. Each
// diagnostic has a stable code listed in Codes and documented in
// docs/errors.md; codes shared with the original validator keep its
// numbers.
//
// Check never stops at the first problem and never panics, whatever tree
// it is given: parse errors leave Bad nodes and placeholder identifiers in
// the tree, which the checker skips.
package checker

import (
	"fmt"
	"sort"

	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/diag"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// Options tunes Check.
type Options struct {
	// InputTypes lists event types known to arrive from input (for example
	// the types present in an event file). Sources naming them never
	// produce warning W030.
	InputTypes []string
}

// Check checks file and returns what it resolved and the diagnostics,
// sorted by position. Import statements are ignored: package load resolves
// them before calling Check. fset must hold the file's source for
// positions to resolve; a nil file yields an empty Info.
func Check(fset *token.FileSet, file *ast.File, opts Options) (*Info, diag.List) {
	c := newChecker(fset, opts)
	if file != nil {
		c.presize(file.Stmts)
		c.collect(file.Stmts)
		c.resolveStreams()
		for _, s := range file.Stmts {
			c.topStmt(s)
		}
		c.graph()
	}
	c.finishInputs()
	c.reportDropped()
	c.diags.Sort()
	return c.info, c.diags
}

// MaxDiagnostics is the largest number of diagnostics Check reports for
// one program. Beyond it, one more diagnostic says how many were left out:
// E099 when some of them are errors (so that the program still fails),
// else W099.
const MaxDiagnostics = 1000

// dropped counts the diagnostics left out beyond MaxDiagnostics.
type dropped struct {
	errors, warnings int
	first            ast.Node
}

// keep reports whether a new diagnostic fits under MaxDiagnostics, and
// counts it when it does not.
func (c *checker) keep(n ast.Node, sev diag.Severity) bool {
	if len(c.diags) < MaxDiagnostics {
		return true
	}
	if c.dropped.first == nil {
		c.dropped.first = n
	}
	if sev == diag.Error {
		c.dropped.errors++
	} else {
		c.dropped.warnings++
	}
	return false
}

// reportDropped adds the E099/W099 summary of the diagnostics left out.
func (c *checker) reportDropped() {
	d := c.dropped
	if d.first == nil {
		return
	}
	msg := "too many problems: %d more errors and %d more warnings are not reported (at most %d are)"
	if d.errors > 0 {
		c.diags.Errorf(d.first.Pos(), d.first.End(), codeTooMany, msg, d.errors, d.warnings, MaxDiagnostics)
	} else {
		c.diags.Warnf(d.first.Pos(), d.first.End(), warnTooMany, msg, d.errors, d.warnings, MaxDiagnostics)
	}
}

// checker holds the state of one Check call.
type checker struct {
	// freeScopes holds the scopes of finished blocks, for reuse.
	freeScopes []*scope
	// aliasSlab backs the aliases bound by streams and patterns.
	aliasSlab []Alias
	// streamSlab holds the records of the declared streams, allocated
	// together by presize.
	streamSlab []streamRec

	fset    *token.FileSet
	opts    Options
	info    *Info
	diags   diag.List
	dropped dropped // diagnostics beyond MaxDiagnostics

	builtins   map[string]arity
	userFuncs  map[string]arity
	inputTypes map[string]bool // Options.InputTypes
	// emitTypes are event types produced by the program itself (emit
	// statements, .emit as T): sources may name them without warning.
	emitTypes map[string]bool
	// inputs collects the non-stream type names read by sources.
	inputs map[string]bool
	// typeHints caches typeSuggestion.
	typeHints map[string]string

	streams []*streamCtx // in declaration order (first of duplicates only)
	byDecl  map[*ast.StreamDecl]*streamCtx
}

func newChecker(fset *token.FileSet, opts Options) *checker {
	c := &checker{
		fset: fset,
		opts: opts,
		info: &Info{
			Events:     map[string]*ast.EventDecl{},
			Types:      map[string]*ast.TypeDecl{},
			Functions:  map[string]*ast.FuncDecl{},
			Connectors: map[string]*Connector{},
			Contexts:   map[string]*ast.ContextDecl{},
			Patterns:   map[string]*Pattern{},
			Globals:    map[string]*Global{},
			Streams:    map[string]*Stream{},
		},
		builtins:   builtinFuncs(),
		userFuncs:  map[string]arity{},
		inputTypes: map[string]bool{},
		emitTypes:  map[string]bool{},
		inputs:     map[string]bool{},
		typeHints:  map[string]string{},
		byDecl:     map[*ast.StreamDecl]*streamCtx{},
	}
	for _, t := range opts.InputTypes {
		c.inputTypes[t] = true
	}
	return c
}

// presize sizes the stream tables for the number of stream declarations,
// so that large programs do not rehash them repeatedly.
func (c *checker) presize(stmts []ast.Stmt) {
	n := 0
	for _, s := range stmts {
		if _, ok := s.(*ast.StreamDecl); ok {
			n++
		}
	}
	if n < 64 {
		return
	}
	c.info.Streams = make(map[string]*Stream, n)
	c.byDecl = make(map[*ast.StreamDecl]*streamCtx, n)
	c.info.StreamOrder = make([]string, 0, n)
	c.streams = make([]*streamCtx, 0, n)
	c.inputs = make(map[string]bool, n)
	c.streamSlab = make([]streamRec, n)
}

// newAlias returns a zero Alias, carved from a slab.
func (c *checker) newAlias() *Alias {
	if len(c.aliasSlab) == 0 {
		c.aliasSlab = make([]Alias, 64)
	}
	a := &c.aliasSlab[0]
	c.aliasSlab = c.aliasSlab[1:]
	return a
}

// streamRec is the storage of one declared stream: its Info entry and its
// checking context.
type streamRec struct {
	st Stream
	sc streamCtx
}

// newStream returns the records of a declared stream, carved from the
// slab when there is room.
func (c *checker) newStream() (*Stream, *streamCtx) {
	if len(c.streamSlab) == 0 {
		return &Stream{}, &streamCtx{}
	}
	r := &c.streamSlab[0]
	c.streamSlab = c.streamSlab[1:]
	return &r.st, &r.sc
}

// ---------------------------------------------------------------------------
// Diagnostics helpers

func (c *checker) errorf(n ast.Node, code, hint, format string, args ...any) {
	if n == nil || !c.keep(n, diag.Error) {
		return
	}
	d := c.diags.Errorf(n.Pos(), n.End(), code, format, args...)
	d.Hint = hint
}

func (c *checker) warnf(n ast.Node, code, hint, format string, args ...any) {
	if n == nil || !c.keep(n, diag.Warning) {
		return
	}
	d := c.diags.Warnf(n.Pos(), n.End(), code, format, args...)
	d.Hint = hint
}

// at formats the position of n as line:col for messages.
func (c *checker) at(n ast.Node) string {
	p := c.fset.Position(n.Pos())
	if !p.IsValid() {
		return "?"
	}
	return fmt.Sprintf("%d:%d", p.Line, p.Column)
}

// atFrom formats the position of n as line:col, or as file:line:col when
// n is in another file than ref (an imported file).
func (c *checker) atFrom(n, ref ast.Node) string {
	p := c.fset.Position(n.Pos())
	if !p.IsValid() {
		return "?"
	}
	if r := c.fset.Position(ref.Pos()); r.Filename != p.Filename {
		return p.String()
	}
	return fmt.Sprintf("%d:%d", p.Line, p.Column)
}

// validIdent reports whether id is a usable identifier (not a parser
// placeholder for a missing name).
func validIdent(id *ast.Ident) bool {
	return id != nil && id.Name != "" && id.Name != "_"
}

// ---------------------------------------------------------------------------
// Pass 1: declarations

func (c *checker) collect(stmts []ast.Stmt) {
	dup := func(id *ast.Ident, code, what string, prev ast.Node) {
		c.errorf(id, code, "", "%s `%s` is already declared at %s", what, id.Name, c.atFrom(prev, id))
	}
	for _, s := range stmts {
		switch d := s.(type) {
		case *ast.EventDecl:
			if d == nil || !validIdent(d.Name) {
				continue
			}
			if prev, ok := c.info.Events[d.Name.Name]; ok {
				dup(d.Name, codeDupEvent, "event", prev.Name)
				continue
			}
			c.info.Events[d.Name.Name] = d
		case *ast.StreamDecl:
			if d == nil || !validIdent(d.Name) {
				continue
			}
			if prev, ok := c.info.Streams[d.Name.Name]; ok {
				dup(d.Name, codeDupStream, "stream", prev.Decl.Name)
				continue
			}
			st, sc := c.newStream()
			st.Name, st.Decl = d.Name.Name, d
			sc.info, sc.decl = st, d
			c.info.Streams[st.Name] = st
			c.info.StreamOrder = append(c.info.StreamOrder, st.Name)
			c.streams = append(c.streams, sc)
			c.byDecl[d] = sc
		case *ast.FuncDecl:
			if d == nil || d.Name == nil || d.Name.Name == "" {
				continue // `fn _` is a function like any other: `_()` calls it
			}
			if prev, ok := c.info.Functions[d.Name.Name]; ok {
				dup(d.Name, codeDupFunc, "function", prev.Name)
				continue
			}
			c.info.Functions[d.Name.Name] = d
			c.userFuncs[d.Name.Name] = arity{len(d.Params), len(d.Params)}
		case *ast.ConnectorDecl:
			if d == nil || !validIdent(d.Name) {
				continue
			}
			if prev, ok := c.info.Connectors[d.Name.Name]; ok {
				dup(d.Name, codeDupConnector, "connector", prev.Decl.Name)
				continue
			}
			kind := ""
			if d.Kind != nil {
				kind = d.Kind.Name
			}
			c.info.Connectors[d.Name.Name] = &Connector{Name: d.Name.Name, Kind: kind, Decl: d}
		case *ast.ContextDecl:
			if d == nil || !validIdent(d.Name) {
				continue
			}
			if prev, ok := c.info.Contexts[d.Name.Name]; ok {
				dup(d.Name, codeDupContext, "context", prev.Name)
				continue
			}
			c.info.Contexts[d.Name.Name] = d
		case *ast.PatternDecl:
			if d == nil || !validIdent(d.Name) {
				continue
			}
			if prev, ok := c.info.Patterns[d.Name.Name]; ok {
				dup(d.Name, codeDupPattern, "pattern", prev.Decl.Name)
				continue
			}
			c.info.Patterns[d.Name.Name] = &Pattern{Name: d.Name.Name, Decl: d, Aliases: map[string]*Alias{}}
		case *ast.TypeDecl:
			if d == nil || !validIdent(d.Name) {
				continue
			}
			if prev, ok := c.info.Types[d.Name.Name]; ok {
				dup(d.Name, codeDupType, "type", prev.Name)
				continue
			}
			c.info.Types[d.Name.Name] = d
		case *ast.VarDecl:
			if d == nil || !validIdent(d.Name) {
				continue
			}
			if prev, ok := c.info.Globals[d.Name.Name]; ok {
				c.errorf(d.Name, codeDupGlobal, "use `:=` to change a `var`",
					"global variable `%s` is already declared at %s", d.Name.Name, c.atFrom(prev.Decl.Name, d.Name))
				continue
			}
			c.info.Globals[d.Name.Name] = &Global{Name: d.Name.Name, Kind: d.Kind, Decl: d}
		}
		c.collectEmitTypes(s)
	}
}

// collectEmitTypes records the event types the program creates itself:
// `emit T(...)` statements and `.emit as T (...)` operations. Only the
// places that can hold them are visited: stream operations (including
// fork branches and inline merge/join inputs) and statement bodies, not
// expressions or declarations without bodies.
func (c *checker) collectEmitTypes(s ast.Stmt) {
	var ops func([]ast.Op)
	ops = func(list []ast.Op) {
		for _, op := range list {
			switch o := op.(type) {
			case *ast.OpCall:
				if o != nil && o.As != nil && validIdent(o.As) {
					c.emitTypes[o.As.Name] = true
				}
			case *ast.ForkOp:
				if o != nil {
					for _, b := range o.Branches {
						if b != nil {
							ops(b.Ops)
						}
					}
				}
			}
		}
	}
	inline := func(list []*ast.InlineStream) {
		for _, in := range list {
			if in != nil {
				ops(in.Ops)
			}
		}
	}
	switch d := s.(type) {
	case nil, *ast.BadStmt, *ast.EventDecl, *ast.TypeDecl, *ast.VarDecl, *ast.AssignStmt,
		*ast.ConnectorDecl, *ast.ContextDecl, *ast.ConfigDecl, *ast.ImportStmt, *ast.PatternDecl,
		*ast.ExprStmt, *ast.ReturnStmt, *ast.BranchStmt:
		// No statements and no stream operations inside.
	case *ast.StreamDecl:
		if d == nil {
			return
		}
		switch src := d.Source.(type) {
		case *ast.MergeSource:
			if src != nil {
				inline(src.Inputs)
			}
		case *ast.JoinSource:
			if src != nil {
				inline(src.Inputs)
			}
		}
		ops(d.Ops)
	default:
		// Functions, top-level emit statements, blocks: statements may
		// nest at any depth.
		ast.Inspect(s, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.EmitStmt:
				if x != nil && validIdent(x.Type) {
					c.emitTypes[x.Type.Name] = true
				}
				return false
			case ast.Expr:
				return false // expressions hold no statements
			}
			return true
		})
	}
}

// ---------------------------------------------------------------------------
// Pass 2: statements

func (c *checker) topStmt(s ast.Stmt) {
	switch d := s.(type) {
	case nil, *ast.BadStmt, *ast.ImportStmt, *ast.TypeDecl:
	case *ast.EventDecl:
		c.eventDecl(d)
	case *ast.StreamDecl:
		if d == nil {
			return
		}
		if sc := c.byDecl[d]; sc != nil {
			c.checkStream(sc)
		} else {
			// A duplicate: still check its contents for other errors.
			c.checkStream(c.resolveStream(&Stream{Name: nameOf(d.Name), Decl: d}, false))
		}
	case *ast.FuncDecl:
		c.funcDecl(d)
	case *ast.ConnectorDecl:
		c.connectorDecl(d)
	case *ast.ContextDecl:
		c.contextDecl(d)
	case *ast.PatternDecl:
		c.patternDecl(d)
	case *ast.ConfigDecl:
		if d != nil {
			c.warnf(&ast.Ident{NamePos: d.Config, Name: "config"}, warnDeprecated,
				"declare `connector Name = kind(param: value, ...)` instead",
				"config blocks are deprecated and ignored")
		}
	case *ast.VarDecl:
		if d == nil {
			return
		}
		c.expr(d.Value, &env{top: true})
	case *ast.AssignStmt:
		if d == nil {
			return
		}
		c.expr(d.Value, &env{top: true})
		c.assign(d, &env{top: true})
	case *ast.EmitStmt:
		if d == nil {
			return
		}
		c.warnf(&ast.Ident{NamePos: d.Emit, Name: "emit"}, warnTopEmit, "emit statements create events only inside functions called by `.process(...)`",
			"`emit` statement outside a function has no effect")
		c.stmt(d, &env{top: true})
	case *ast.IfStmt, *ast.ForStmt, *ast.WhileStmt, *ast.ExprStmt:
		if s.Pos().IsValid() {
			c.warnf(topNode(s), warnTopStmt, "put it in a function and call the function from a stream",
				"this statement has no effect at top level: only declarations run when a program is loaded")
		}
		sc := c.newScope(nil)
		c.stmt(s, &env{top: true, locals: sc})
		c.releaseScope(sc)
	case *ast.ReturnStmt, *ast.BranchStmt:
		c.stmt(s, &env{top: true})
	}
}

// topNode returns a node covering the first line of a statement, for
// warnings that should not underline a whole block.
func topNode(s ast.Stmt) ast.Node {
	switch d := s.(type) {
	case *ast.IfStmt:
		return &ast.Ident{NamePos: d.If, Name: "if"}
	case *ast.ForStmt:
		return &ast.Ident{NamePos: d.For, Name: "for"}
	case *ast.WhileStmt:
		return &ast.Ident{NamePos: d.While, Name: "while"}
	}
	return s
}

func (c *checker) eventDecl(d *ast.EventDecl) {
	if d == nil {
		return
	}
	seen := map[string]*ast.Ident{}
	for _, f := range d.Fields {
		if f == nil || !validIdent(f.Name) {
			continue
		}
		if prev, ok := seen[f.Name.Name]; ok {
			c.errorf(f.Name, codeDupField, "", "field `%s` is already declared at %s", f.Name.Name, c.at(prev))
			continue
		}
		seen[f.Name.Name] = f.Name
	}
	if validIdent(d.Extends) {
		if _, ok := c.info.Events[d.Extends.Name]; !ok {
			c.warnf(d.Extends, warnUnknownSource, didYouMean(d.Extends.Name, keysOf(c.info.Events)),
				"event `%s` extends `%s`, which is not a declared event", nameOf(d.Name), d.Extends.Name)
		}
	}
}

func nameOf(id *ast.Ident) string {
	if id == nil {
		return "_"
	}
	return id.Name
}

func (c *checker) contextDecl(d *ast.ContextDecl) {
	if d == nil {
		return
	}
	c.dupArgs(d.Params, codeDupArg)
	for _, a := range d.Params {
		if a == nil {
			continue
		}
		if a.Name == nil {
			c.errorf(a, codeOpArgs, "write `context name (cores: [0, 1])`", "context parameters must be named")
			continue
		}
		if a.Name.Name != "cores" {
			c.errorf(a.Name, codeUnknownParam, didYouMean(a.Name.Name, []string{"cores"}),
				"unknown context parameter `%s` (the only parameter is `cores`)", a.Name.Name)
			continue
		}
		l, ok := unparen(a.Value).(*ast.ListLit)
		if !ok {
			c.errorf(a.Value, codeLiteralKind, "", "`cores` must be a list of CPU numbers, like [0, 1]")
			continue
		}
		for _, e := range l.Elems {
			if lit, ok := unparen(e).(*ast.BasicLit); !ok || lit.Kind != token.INT {
				c.errorf(e, codeLiteralKind, "", "`cores` must list CPU numbers (integer literals)")
				break
			}
		}
	}
}

// ---------------------------------------------------------------------------
// Functions and statements

func (c *checker) funcDecl(d *ast.FuncDecl) {
	if d == nil {
		return
	}
	sc := c.newScope(nil)
	defer c.releaseScope(sc)
	for _, p := range d.Params {
		if p == nil || !validIdent(p.Name) {
			continue
		}
		if _, ok := sc.lookup(p.Name.Name); ok {
			c.errorf(p.Name, codeDupParam, "", "parameter `%s` is declared twice in function `%s`", p.Name.Name, nameOf(d.Name))
			continue
		}
		sc.declare(p.Name.Name, lkParam)
	}
	if d.Body != nil {
		en := &env{locals: sc, inFunc: true}
		c.block(d.Body.Stmts, en)
	}
}

func (c *checker) block(stmts []ast.Stmt, en *env) {
	for _, s := range stmts {
		c.stmt(s, en)
	}
}

// stmt checks a statement of a body (or a top-level control statement).
func (c *checker) stmt(s ast.Stmt, en *env) {
	switch d := s.(type) {
	case nil, *ast.BadStmt:
	case *ast.VarDecl:
		if d == nil {
			return
		}
		c.expr(d.Value, en)
		if en.locals != nil && validIdent(d.Name) {
			en.locals.declare(d.Name.Name, localKindOf(d.Kind))
		}
	case *ast.AssignStmt:
		if d == nil {
			return
		}
		c.expr(d.Value, en)
		c.assign(d, en)
	case *ast.IfStmt:
		if d == nil {
			return
		}
		c.expr(d.Cond, en)
		c.subBlock(d.Then, en, false)
		for _, el := range d.Elifs {
			if el == nil {
				continue
			}
			c.expr(el.Cond, en)
			c.subBlock(el.Body, en, false)
		}
		c.subBlock(d.Else, en, false)
	case *ast.ForStmt:
		if d == nil {
			return
		}
		c.expr(d.Iter, en)
		inner := c.child(en, true)
		if validIdent(d.Var) {
			inner.locals.declare(d.Var.Name, lkLoop)
		}
		if d.Body != nil {
			c.block(d.Body.Stmts, &inner)
		}
		c.releaseScope(inner.locals)
	case *ast.WhileStmt:
		if d == nil {
			return
		}
		c.expr(d.Cond, en)
		c.subBlock(d.Body, en, true)
	case *ast.ReturnStmt:
		if d == nil {
			return
		}
		if !en.inFunc && !en.lambda {
			c.errorf(&ast.Ident{NamePos: d.Return, Name: "return"}, codeBranch, "",
				"`return` outside a function")
		}
		c.expr(d.Result, en)
	case *ast.BranchStmt:
		if d == nil {
			return
		}
		if en.loops == 0 {
			c.errorf(d, codeBranch, "", "`%s` outside a loop", d.Tok)
		}
	case *ast.EmitStmt:
		if d == nil {
			return
		}
		c.dupArgs(d.Args, codeDupField)
		for _, a := range d.Args {
			if a == nil {
				continue
			}
			if a.Name == nil {
				c.errorf(a, codeOpArgs, "write `emit T(name: value)`", "fields of an emit statement must be named")
			}
			c.expr(a.Value, en)
		}
	case *ast.ExprStmt:
		if d == nil {
			return
		}
		c.expr(d.X, en)
	case *ast.FuncDecl:
		if en.inFunc || en.lambda {
			c.errorf(d, codeBadStmt, "declare it at the top level", "functions cannot be declared inside a function body")
			return
		}
		c.funcDecl(d)
	default:
		if en.inFunc || en.lambda {
			c.errorf(s, codeBadStmt, "", "this declaration is not allowed in a function body")
		}
	}
}

func (c *checker) subBlock(b *ast.Block, en *env, loop bool) {
	if b == nil {
		return
	}
	inner := c.child(en, loop)
	c.block(b.Stmts, &inner)
	c.releaseScope(inner.locals)
}

// assign checks the target of `x := e` (and = / op= forms).
func (c *checker) assign(d *ast.AssignStmt, en *env) {
	if !validIdent(d.Name) {
		return
	}
	name := d.Name.Name
	if en.locals != nil {
		if k, ok := en.locals.lookup(name); ok {
			switch k {
			case lkLet, lkConst:
				c.errorf(d.Name, codeImmutable, "declare it with `var` to make it mutable",
					"cannot assign to `%s`: it is a local %s and is immutable", name, kindWord(k))
			case lkLambda:
				c.errorf(d.Name, codeImmutable, "", "cannot assign to lambda parameter `%s`", name)
			}
			return
		}
	}
	if g, ok := c.info.Globals[name]; ok {
		if g.Decl != nil && en.top && !en.inFunc && g.Decl.Pos() > d.Pos() {
			c.errorf(d.Name, codeUndeclared, "", "cannot assign to `%s` before its declaration at %s", name, c.at(g.Decl.Name))
			return
		}
		if g.Kind != ast.Var {
			c.errorf(d.Name, codeImmutable, "declare it with `var` to make it mutable",
				"cannot assign to `%s`: it is declared with %s and is immutable", name, g.Kind)
		}
		return
	}
	// As in the original, assigning to an unknown name creates it as a
	// mutable variable: a global `var` at top level, a local in a function
	// body. A warning catches misspelt names.
	cands := keysOf(c.info.Globals)
	if en.locals != nil {
		cands = append(cands, en.locals.all()...)
	}
	hint := didYouMean(name, cands)
	if hint == "" {
		hint = "declare it with `var " + name + " = ...` to make the intent explicit"
	}
	if en.locals != nil {
		// A function body has one flat scope: the new local stays
		// visible after the block that created it.
		root := en.locals
		for root.parent != nil {
			root = root.parent
		}
		root.declare(name, lkVar)
		c.warnf(d.Name, warnAssignCreates, hint, "assignment creates a new local variable `%s`", name)
		return
	}
	c.info.Globals[name] = &Global{Name: name, Kind: ast.Var}
	c.warnf(d.Name, warnAssignCreates, hint, "assignment creates a new global variable `%s`", name)
}

// ---------------------------------------------------------------------------
// Scopes

type localKind uint8

const (
	lkLet localKind = iota
	lkVar
	lkConst
	lkParam
	lkLoop
	lkLambda
)

func localKindOf(k ast.VarKind) localKind {
	switch k {
	case ast.Var:
		return lkVar
	case ast.Const:
		return lkConst
	}
	return lkLet
}

func kindWord(k localKind) string {
	switch k {
	case lkConst:
		return "const"
	case lkVar:
		return "var"
	}
	return "let"
}

// scope is a block of local names. Blocks hold few names, so they are
// kept in a slice (no allocation until the first name, no hashing);
// a block with many names switches to a map.
type scope struct {
	parent *scope
	list   []scopeName
	names  map[string]localKind // when list has grown past scopeListMax
}

type scopeName struct {
	name string
	kind localKind
}

const scopeListMax = 16

// newScope returns an empty scope nested in parent, reusing a released
// one when there is.
func (c *checker) newScope(parent *scope) *scope {
	if n := len(c.freeScopes); n > 0 {
		s := c.freeScopes[n-1]
		c.freeScopes = c.freeScopes[:n-1]
		s.parent = parent
		return s
	}
	return &scope{parent: parent}
}

// releaseScope makes s, whose block has been checked, available to
// newScope. Nothing may refer to s afterwards.
func (c *checker) releaseScope(s *scope) {
	s.parent = nil
	clear(s.list)
	s.list = s.list[:0]
	s.names = nil
	c.freeScopes = append(c.freeScopes, s)
}

func (s *scope) declare(name string, k localKind) {
	if s.names != nil {
		s.names[name] = k
		return
	}
	for i := range s.list {
		if s.list[i].name == name {
			s.list[i].kind = k
			return
		}
	}
	if len(s.list) < scopeListMax {
		s.list = append(s.list, scopeName{name, k})
		return
	}
	s.names = make(map[string]localKind, 2*scopeListMax)
	for _, e := range s.list {
		s.names[e.name] = e.kind
	}
	s.names[name] = k
	s.list = nil
}

func (s *scope) lookup(name string) (localKind, bool) {
	for ; s != nil; s = s.parent {
		if s.names != nil {
			if k, ok := s.names[name]; ok {
				return k, true
			}
			continue
		}
		for i := range s.list {
			if s.list[i].name == name {
				return s.list[i].kind, true
			}
		}
	}
	return 0, false
}

func (s *scope) all() []string {
	var out []string
	for ; s != nil; s = s.parent {
		for n := range s.names {
			out = append(out, n)
		}
		for _, e := range s.list {
			out = append(out, e.name)
		}
	}
	sort.Strings(out)
	return out
}

// env is the context an expression or statement is checked in.
type env struct {
	locals *scope
	inFunc bool // in a function body
	lambda bool // in a lambda block
	top    bool // a top-level statement (not in a function)
	loops  int  // enclosing loops

	st *streamCtx // the stream, nil outside streams
	// step limits the aliases visible in a step condition: aliases of
	// steps after it are reported (E027); -1 means every alias.
	step int
	// candidates are the event types of the event a step condition tests.
	candidates []string
	// patternOp is set inside .pattern(...) bodies (lambdas and array
	// methods are allowed there).
	patternOp bool
}

// child returns an env for a nested block; its scope is released by the
// caller when the block has been checked.
func (c *checker) child(en *env, loop bool) env {
	n := *en
	n.locals = c.newScope(en.locals)
	if loop {
		n.loops++
	}
	return n
}
