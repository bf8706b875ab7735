package expr

import (
	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// flow tells how a statement ended.
type flow uint8

const (
	flowNext     flow = iota // go on with the next statement
	flowBreak                // break out of the innermost loop
	flowContinue             // next iteration of the innermost loop
	flowReturn               // return from the function (value in Ctx.ret)
)

// exec is a compiled statement.
type exec func(c *Ctx) flow

// block compiles a statement list. Function bodies have one flat scope (as
// in the original): a name declared in a nested block stays visible after
// it, from its declaration on.
func (c *compiler) block(stmts []ast.Stmt, s *Scope) exec {
	execs := make([]exec, 0, len(stmts))
	for _, st := range stmts {
		if x := c.stmt(st, s); x != nil {
			execs = append(execs, x)
		}
	}
	switch len(execs) {
	case 0:
		return func(*Ctx) flow { return flowNext }
	case 1:
		return execs[0]
	}
	return func(c *Ctx) flow {
		for _, x := range execs {
			if f := x(c); f != flowNext {
				return f
			}
		}
		return flowNext
	}
}

// stmt compiles one statement of a function body or lambda block.
func (c *compiler) stmt(st ast.Stmt, s *Scope) exec {
	switch st := st.(type) {
	case *ast.ExprStmt:
		ev := c.expr(st.X, s).eval
		return func(c *Ctx) flow {
			c.last = ev(c)
			return flowNext
		}
	case *ast.VarDecl:
		if st.Name == nil {
			c.errorf(st, CodeInvalid, "missing variable name")
			return nil
		}
		return c.localDecl(st, s)
	case *ast.AssignStmt:
		if st.Name == nil {
			c.errorf(st, CodeInvalid, "missing variable name")
			return nil
		}
		return c.assign(st, s)
	case *ast.IfStmt:
		return c.ifStmt(st, s)
	case *ast.ForStmt:
		return valueless(budgeted(c.forStmt(st, s)))
	case *ast.WhileStmt:
		return valueless(budgeted(c.whileStmt(st, s)))
	case *ast.ReturnStmt:
		if c.inLambda > 0 || s.fn == nil {
			c.errorf(st, CodeBranch, "return outside a function body")
			return nil
		}
		ev := evalNull
		if st.Result != nil {
			ev = c.expr(st.Result, s).eval
		}
		return func(c *Ctx) flow {
			c.ret = ev(c)
			return flowReturn
		}
	case *ast.BranchStmt:
		if c.loops == 0 {
			c.errorf(st, CodeBranch, st.Tok+" outside a loop")
			return nil
		}
		if st.Tok == "break" {
			return func(*Ctx) flow { return flowBreak }
		}
		return func(*Ctx) flow { return flowContinue }
	case *ast.EmitStmt:
		return c.emitStmt(st, s)
	case *ast.FuncDecl:
		c.errorf(st, CodeInvalid, "functions cannot be declared inside a function body")
		return nil
	case *ast.BadStmt:
		c.errorf(st, CodeInvalid, "invalid statement")
		return nil
	}
	c.errorf(st, CodeInvalid, "this declaration is not allowed in a function body")
	return nil
}

// localDecl compiles let/var/const inside a body. The initialiser is
// compiled before the name is declared, so `let x = x + 1` reads the
// outer x (or the event field x).
func (c *compiler) localDecl(d *ast.VarDecl, s *Scope) exec {
	ev := c.expr(d.Value, s).eval
	slot := s.frame.alloc()
	s.declare(d.Name.Name, &symbol{kind: symLocal, slot: slot, immutable: d.Kind != ast.Var, declKind: d.Kind})
	return func(c *Ctx) flow {
		c.Frame[slot] = ev(c)
		c.last = value.Value{}
		return flowNext
	}
}

// assign compiles `x := e` (also =, +=, ... whose Value is the full
// expression): to a local, to a var global, or creating a new local.
func (c *compiler) assign(d *ast.AssignStmt, s *Scope) exec {
	ev := c.expr(d.Value, s).eval
	name := d.Name.Name
	if sym := s.lookup(name); sym != nil {
		if sym.kind != symLocal {
			c.errorf(d.Name, CodeInvalid, "cannot assign to alias "+name)
			return nil
		}
		if sym.immutable {
			c.errs = append(c.errs, immutableError(d, sym.declKind))
			return nil
		}
		slot := sym.slot
		return func(c *Ctx) flow {
			c.Frame[slot] = ev(c)
			c.last = value.Value{}
			return flowNext
		}
	}
	if g := s.prog.global(name); g != nil {
		if !g.mutable {
			c.errs = append(c.errs, immutableError(d, g.kind))
			return nil
		}
		slot, own := g.slot, s.prog.globals
		return func(c *Ctx) flow {
			v := ev(c)
			gs := c.Globals
			if gs == nil {
				gs = own
			}
			if slot < len(gs.Values) {
				gs.Values[slot] = v
			}
			c.last = value.Value{}
			return flowNext
		}
	}
	slot := s.frame.alloc()
	s.declare(name, &symbol{kind: symLocal, slot: slot, declKind: ast.Var})
	return func(c *Ctx) flow {
		c.Frame[slot] = ev(c)
		c.last = value.Value{}
		return flowNext
	}
}

// ifStmt compiles if/elif/else: the first branch whose condition is true.
func (c *compiler) ifStmt(st *ast.IfStmt, s *Scope) exec {
	conds := []Eval{c.expr(st.Cond, s).eval}
	bodies := []exec{c.body(st.Then, s)}
	for _, el := range st.Elifs {
		conds = append(conds, c.expr(el.Cond, s).eval)
		bodies = append(bodies, c.body(el.Body, s))
	}
	var els exec
	if st.Else != nil {
		els = c.body(st.Else, s)
	}
	return func(c *Ctx) flow {
		for i, cond := range conds {
			if value.Truthy(cond(c)) {
				return bodies[i](c)
			}
		}
		if els != nil {
			return els(c)
		}
		c.last = value.Value{} // no branch taken: the if has no value
		return flowNext
	}
}

// valueless wraps a loop: a loop statement has no value of its own, so a
// function body that ends with a loop returns null unless it returned
// from inside the loop (vpl-original.md §2.5: the value of the last
// executed statement).
func valueless(x exec) exec {
	if x == nil {
		return nil
	}
	return func(c *Ctx) flow {
		f := x(c)
		if f == flowNext {
			c.last = value.Value{}
		}
		return f
	}
}

func (c *compiler) body(b *ast.Block, s *Scope) exec {
	if b == nil {
		return c.block(nil, s)
	}
	return c.block(b.Stmts, s)
}

// loopBody compiles a loop body with break/continue allowed.
func (c *compiler) loopBody(b *ast.Block, s *Scope) exec {
	c.loops++
	x := c.body(b, s)
	c.loops--
	if x == nil {
		return nil
	}
	return func(c *Ctx) flow {
		if !c.step() {
			return flowBreak
		}
		return x(c)
	}
}

// budgeted wraps a compiled loop: the outermost loop or call starts the
// step budget (see MaxSteps), which the loops and calls nested in it share.
func budgeted(loop exec) exec {
	if loop == nil {
		return nil
	}
	return func(c *Ctx) flow {
		c.startBudget()
		c.loops++
		f := loop(c)
		c.loops--
		return f
	}
}

// forStmt compiles `for v in e:`. A range a..b, a..=b or range(...) is
// iterated without building an array; an array yields its elements, a map
// [key, value] pairs, an int n the ints 0..n-1; anything else nothing.
func (c *compiler) forStmt(st *ast.ForStmt, s *Scope) exec {
	lo, hi, step, incl, lazy := c.lazyRange(st.Iter, s)
	var iter Eval
	if !lazy {
		iter = c.expr(st.Iter, s).eval
	}
	if st.Var == nil {
		c.errorf(st, CodeInvalid, "missing loop variable")
		return nil
	}
	slot := s.frame.alloc()
	s.declare(st.Var.Name, &symbol{kind: symLocal, slot: slot, declKind: ast.Var})
	body := c.loopBody(st.Body, s)
	if lazy {
		return func(c *Ctx) flow {
			a, b, k := lo(c), hi(c), value.Int(1)
			if step != nil {
				k = step(c)
			}
			if a.Kind() != value.KindInt || b.Kind() != value.KindInt || k.Kind() != value.KindInt || k.AsInt() == 0 {
				return flowNext
			}
			return intLoop(c, slot, a.AsInt(), b.AsInt(), k.AsInt(), incl, body)
		}
	}
	return func(c *Ctx) flow {
		v := iter(c)
		switch v.Kind() {
		case value.KindInt:
			return intLoop(c, slot, 0, v.AsInt(), 1, false, body)
		case value.KindArray:
			for _, el := range v.AsArray() {
				c.Frame[slot] = el
				switch body(c) {
				case flowBreak:
					return flowNext
				case flowReturn:
					return flowReturn
				}
			}
		case value.KindMap:
			m := v.AsMap()
			for i := 0; i < m.Len(); i++ {
				k, e := m.At(i)
				c.Frame[slot] = value.Array([]value.Value{value.String(k), e})
				switch body(c) {
				case flowBreak:
					return flowNext
				case flowReturn:
					return flowReturn
				}
			}
		}
		return flowNext
	}
}

// lazyRange recognises the iterables a..b, a..=b and range(...) (when
// range is the builtin).
func (c *compiler) lazyRange(e ast.Expr, s *Scope) (lo, hi, step Eval, incl, ok bool) {
	for {
		p, isParen := e.(*ast.ParenExpr)
		if !isParen {
			break
		}
		e = p.X
	}
	switch e := e.(type) {
	case *ast.BinaryExpr:
		if e.Op != token.RANGE && e.Op != token.RANGEINCL {
			return
		}
		return c.expr(e.X, s).eval, c.expr(e.Y, s).eval, nil, e.Op == token.RANGEINCL, true
	case *ast.CallExpr:
		id, isIdent := e.Fun.(*ast.Ident)
		if !isIdent || id.Name != "range" || s.prog.fn("range") != nil || len(e.Args) < 1 || len(e.Args) > 3 {
			return
		}
		args := make([]Eval, len(e.Args))
		for i, a := range e.Args {
			args[i] = c.expr(a.Value, s).eval
		}
		if len(args) == 1 {
			return constEval(value.Int(0)), args[0], nil, false, true
		}
		if len(args) == 3 {
			step = args[2]
		}
		return args[0], args[1], step, false, true
	}
	return
}

// intLoop runs body for the ints from lo towards hi (exclusive unless
// incl) by step, at most MaxForIterations times.
func intLoop(c *Ctx, slot int, lo, hi, step int64, incl bool, body exec) flow {
	n := 0
	for i := lo; ; i += step {
		if step > 0 && (i > hi || (i == hi && !incl)) || step < 0 && (i < hi || (i == hi && !incl)) {
			return flowNext
		}
		if n >= MaxForIterations {
			c.warn(WarnLoopLimit)
			return flowNext
		}
		n++
		c.Frame[slot] = value.Int(i)
		switch body(c) {
		case flowBreak:
			return flowNext
		case flowReturn:
			return flowReturn
		}
		if (step > 0 && i > maxInt64-step) || (step < 0 && i < minInt64-step) {
			return flowNext // the next value would overflow
		}
	}
}

const (
	maxInt64 = 1<<63 - 1
	minInt64 = -1 << 63
)

// whileStmt compiles `while c:`; one execution runs at most
// MaxWhileIterations iterations, then stops and warns WarnLoopLimit.
func (c *compiler) whileStmt(st *ast.WhileStmt, s *Scope) exec {
	cond := c.expr(st.Cond, s).eval
	body := c.loopBody(st.Body, s)
	return func(c *Ctx) flow {
		for n := 0; value.Truthy(cond(c)); n++ {
			if n >= MaxWhileIterations {
				c.warn(WarnLoopLimit)
				return flowNext
			}
			switch body(c) {
			case flowBreak:
				return flowNext
			case flowReturn:
				return flowReturn
			}
		}
		return flowNext
	}
}

// emitStmt compiles `emit T(name: e, ...)`: an event of type T at the
// triggering event's time, with the fields in order (null values
// included), passed to Ctx.Emit; nothing happens when Ctx.Emit is nil. A
// positional argument that is a bare name x stands for x: x.
func (c *compiler) emitStmt(st *ast.EmitStmt, s *Scope) exec {
	typ := ""
	if st.Type != nil {
		typ = st.Type.Name
	}
	names := make([]string, 0, len(st.Args))
	evals := make([]Eval, 0, len(st.Args))
	seen := map[string]bool{}
	for _, a := range st.Args {
		var name string
		switch {
		case a.Name != nil:
			name = a.Name.Name
		default:
			id, ok := a.Value.(*ast.Ident)
			if !ok {
				c.errorf(a, CodeInvalid, "emit argument needs a name: write name: expression")
				continue
			}
			name = id.Name
		}
		if seen[name] {
			c.errorf(a, CodeInvalid, "field "+name+" is emitted twice")
			continue
		}
		seen[name] = true
		names = append(names, name)
		evals = append(evals, c.expr(a.Value, s).eval)
	}
	return func(c *Ctx) flow {
		c.last = value.Value{}
		if c.Emit == nil {
			return flowNext
		}
		ev := event.New(len(names))
		ev.Type = typ
		if c.Event != nil {
			ev.Time = c.Event.Time
		}
		for i, name := range names {
			ev.Fields = append(ev.Fields, event.Field{Name: name, Value: evals[i](c)})
		}
		c.Emit(ev)
		return flowNext
	}
}
