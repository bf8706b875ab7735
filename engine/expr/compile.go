package expr

import (
	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// Compile compiles the expression e for evaluation in scope s (nil: a
// fresh scope without program). Each call resolves names once; the result
// is evaluated per event with a Ctx and never looks at the AST again.
// Errors are an ErrorList of *Error with source positions.
func Compile(e ast.Expr, s *Scope) (Eval, error) {
	if s == nil {
		s = NewScope(nil)
	}
	c := &compiler{}
	_, ev := c.root(e, s)
	if len(c.errs) > 0 {
		return nil, c.errs
	}
	return ev, nil
}

// Const evaluates e at compile time when it is a constant expression:
// literals, const and let globals with constant initialisers, operators
// and pure builtins over constants. ok is false when e depends on events,
// aliases, var globals or impure functions; err reports compile errors.
func Const(e ast.Expr, s *Scope) (v value.Value, ok bool, err error) {
	if s == nil {
		s = NewScope(nil)
	}
	c := &compiler{}
	var n node
	s.frame.measure(func() { n = c.expr(e, s) })
	if len(c.errs) > 0 {
		return value.Value{}, false, c.errs
	}
	return n.val, n.konst, nil
}

// withFrame runs ev with a fresh frame of need slots whose first values are
// copied from the caller's Ctx.Frame (top-level locals); the rest hold the
// parameters of lambdas inside the expression.
func withFrame(ev Eval, need int) Eval {
	return func(c *Ctx) value.Value {
		fr, mark := c.push(need)
		saved := c.Frame
		copy(fr, saved)
		c.Frame = fr
		v := ev(c)
		c.Frame = saved
		c.pop(fr, mark)
		return v
	}
}

func constEval(v value.Value) Eval {
	switch {
	case v.Kind() == value.KindBool && v.AsBool():
		return evalTrue
	case v.Kind() == value.KindBool:
		return evalFalse
	case v.IsNull():
		return evalNull
	}
	return func(*Ctx) value.Value { return v }
}

func evalTrue(*Ctx) value.Value  { return vTrue }
func evalFalse(*Ctx) value.Value { return vFalse }
func evalNull(*Ctx) value.Value  { return value.Value{} }

var (
	vTrue  = value.Bool(true)
	vFalse = value.Bool(false)
)

// compiler holds the state of one compilation.
type compiler struct {
	errs ErrorList
	// loops is the nesting of loops around the statement being compiled.
	loops int
	// elemDepth is the nesting of Kleene aggregates being compiled.
	elemDepth int
	// inLambda is set while compiling a lambda block (no return there).
	inLambda int
}

func (c *compiler) errorf(n ast.Node, code, msg string) {
	var pos, end token.Pos
	if n != nil {
		pos, end = n.Pos(), n.End()
	}
	c.errs = append(c.errs, &Error{Pos: pos, End: end, Code: code, Msg: msg})
}

// node is a compiled expression plus what the compiler knows about it.
type node struct {
	eval Eval
	// konst: the value is known at compile time (val).
	konst bool
	val   value.Value
	// field is set when the node reads a field of the current event.
	field *fieldRef
	// event is set when the node denotes an event (an alias, t[i]); eval
	// then materialises the event as a map.
	event func(c *Ctx) *event.Event
	// kleene is set (slot+1) when the node is a bare Kleene alias.
	kleene int
	// kslots lists the Kleene binding slots the expression reads through
	// `t.f` (for the vacuous rule of Kleene step predicates).
	kslots []int
	// rng is set for a..b and a..=b.
	rng *rangeNode
}

type rangeNode struct {
	lo, hi Eval
	incl   bool
}

func konstNode(v value.Value) node {
	return node{eval: constEval(v), konst: true, val: v}
}

func mergeSlots(a, b []int) []int {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	out := append([]int(nil), a...)
	for _, s := range b {
		dup := false
		for _, t := range out {
			if s == t {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
}

// fold evaluates a node whose operands are all constant. It returns false
// (and the node is evaluated at run time) when evaluation warns, so that
// a division by zero is counted per evaluation.
func fold(ev Eval) (value.Value, bool) {
	warned := false
	ctx := &Ctx{Warn: func(string) { warned = true }}
	v := ev(ctx)
	return v, !warned
}

// foldIf turns n into a constant node when all operands are constant.
func foldIf(n node, operands ...node) node {
	for _, o := range operands {
		if !o.konst {
			return n
		}
	}
	if v, ok := fold(n.eval); ok {
		return konstNode(v)
	}
	return n
}

// expr compiles e.
func (c *compiler) expr(e ast.Expr, s *Scope) node {
	switch e := e.(type) {
	case nil:
		c.errorf(nil, CodeInvalid, "missing expression")
		return konstNode(value.Value{})
	case *ast.BasicLit:
		return c.basicLit(e)
	case *ast.Ident:
		return c.ident(e, s)
	case *ast.ParenExpr:
		return c.expr(e.X, s)
	case *ast.UnaryExpr:
		return c.unary(e, s)
	case *ast.BinaryExpr:
		return c.binary(e, s)
	case *ast.SelectorExpr:
		return c.selector(e, s)
	case *ast.IndexExpr:
		return c.index(e, s)
	case *ast.SliceExpr:
		return c.slice(e, s)
	case *ast.CallExpr:
		return c.call(e, s)
	case *ast.IfExpr:
		return c.ifExpr(e, s)
	case *ast.ListLit:
		return c.listLit(e, s)
	case *ast.MapLit:
		return c.mapLit(e, s)
	case *ast.LambdaExpr:
		c.errorf(e, CodeLambda, "a lambda can only be passed to a function that takes one (filter, map)")
		return konstNode(value.Value{})
	case *ast.BlockExpr:
		c.errorf(e, CodeInvalid, "a block { ... } can only be the body of a lambda")
		return konstNode(value.Value{})
	case *ast.BadExpr:
		c.errorf(e, CodeInvalid, "invalid expression")
		return konstNode(value.Value{})
	}
	c.errorf(e, CodeInvalid, "unsupported expression")
	return konstNode(value.Value{})
}

func (c *compiler) basicLit(e *ast.BasicLit) node {
	switch e.Kind {
	case token.INT:
		return konstNode(value.Int(e.Int))
	case token.FLOAT:
		return konstNode(value.Float(e.Float))
	case token.STRING:
		return konstNode(value.String(e.Str))
	case token.DURATION:
		return konstNode(value.Duration(e.Int))
	case token.TIMESTAMP:
		return konstNode(value.Timestamp(e.Int))
	case token.TRUE:
		return konstNode(vTrue)
	case token.FALSE:
		return konstNode(vFalse)
	case token.NULL:
		return konstNode(value.Value{})
	}
	c.errorf(e, CodeInvalid, "invalid literal "+e.Raw)
	return konstNode(value.Value{})
}

// ident compiles a bare identifier.
func (c *compiler) ident(e *ast.Ident, s *Scope) node {
	if sym := s.lookup(e.Name); sym != nil {
		return c.symNode(sym)
	}
	if g := s.prog.global(e.Name); g != nil {
		return s.prog.globalNode(g)
	}
	f := newFieldRef(e.Name)
	return node{field: f, eval: func(c *Ctx) value.Value { return f.get(c.Event) }}
}

// symNode compiles a reference to a declared name.
func (c *compiler) symNode(sym *symbol) node {
	switch sym.kind {
	case symLocal:
		slot := sym.slot
		return node{eval: func(c *Ctx) value.Value {
			if slot < len(c.Frame) {
				return c.Frame[slot]
			}
			return value.Value{}
		}}
	case symEventAlias:
		return eventNode(func(c *Ctx) *event.Event { return c.Event })
	case symElem:
		d := sym.slot
		return eventNode(func(c *Ctx) *event.Event {
			if d < len(c.elems) {
				return c.elems[d]
			}
			return nil
		})
	}
	// symAlias
	slot := sym.slot
	if sym.kleene {
		n := eventNode(func(c *Ctx) *event.Event { return lastOf(c, slot) })
		n.kleene = slot + 1
		n.eval = func(c *Ctx) value.Value { return listValue(bindingList(c, slot)) }
		return n
	}
	return eventNode(func(c *Ctx) *event.Event {
		if slot < len(c.Bindings) {
			return c.Bindings[slot].Event
		}
		return nil
	})
}

func eventNode(get func(c *Ctx) *event.Event) node {
	return node{event: get, eval: func(c *Ctx) value.Value { return eventValue(get(c)) }}
}

// bindingList returns the events bound to slot: the list of a Kleene
// binding, or the single event of an ordinary one.
func bindingList(c *Ctx, slot int) []*event.Event {
	if slot >= len(c.Bindings) {
		return nil
	}
	b := &c.Bindings[slot]
	if b.List != nil || b.Kleene {
		return b.List
	}
	if b.Event != nil {
		return []*event.Event{b.Event}
	}
	return nil
}

// lastOf returns the last event bound to slot.
func lastOf(c *Ctx, slot int) *event.Event {
	if slot >= len(c.Bindings) {
		return nil
	}
	b := &c.Bindings[slot]
	if n := len(b.List); n > 0 {
		return b.List[n-1]
	}
	return b.Event
}

// emptyKleene reports whether the Kleene binding in slot holds no event.
func emptyKleene(c *Ctx, slot int) bool {
	if slot >= len(c.Bindings) {
		return true
	}
	b := &c.Bindings[slot]
	return len(b.List) == 0 && b.Event == nil
}

// eventValue materialises an event as a map of its fields (null for nil).
func eventValue(ev *event.Event) value.Value {
	if ev == nil {
		return value.Value{}
	}
	m := value.NewMap(len(ev.Fields))
	for _, f := range ev.Fields {
		m.Set(f.Name, f.Value)
	}
	return value.MapOf(m)
}

func listValue(evs []*event.Event) value.Value {
	out := make([]value.Value, len(evs))
	for i, ev := range evs {
		out[i] = eventValue(ev)
	}
	return value.Array(out)
}

// listLit compiles [a, b, ...].
func (c *compiler) listLit(e *ast.ListLit, s *Scope) node {
	elems := make([]Eval, len(e.Elems))
	ns := make([]node, len(e.Elems))
	var ks []int
	for i, x := range e.Elems {
		ns[i] = c.expr(x, s)
		elems[i] = ns[i].eval
		ks = mergeSlots(ks, ns[i].kslots)
	}
	n := node{kslots: ks, eval: func(c *Ctx) value.Value {
		out := make([]value.Value, len(elems))
		for i, el := range elems {
			out[i] = el(c)
		}
		return value.Array(out)
	}}
	return foldIf(n, ns...)
}

// mapLit compiles {k: v, ...}.
func (c *compiler) mapLit(e *ast.MapLit, s *Scope) node {
	keys := make([]string, len(e.Entries))
	vals := make([]Eval, len(e.Entries))
	ns := make([]node, len(e.Entries))
	var ks []int
	for i, en := range e.Entries {
		switch k := en.Key.(type) {
		case *ast.Ident:
			keys[i] = k.Name
		case *ast.BasicLit:
			if k.Kind == token.STRING {
				keys[i] = k.Str
			} else {
				keys[i] = k.Raw
			}
		default:
			c.errorf(en.Key, CodeInvalid, "a map key must be a name or a string")
		}
		ns[i] = c.expr(en.Value, s)
		vals[i] = ns[i].eval
		ks = mergeSlots(ks, ns[i].kslots)
	}
	n := node{kslots: ks, eval: func(c *Ctx) value.Value {
		m := value.NewMap(len(keys))
		for i, k := range keys {
			m.Set(k, vals[i](c))
		}
		return value.MapOf(m)
	}}
	return foldIf(n, ns...)
}

// ifExpr compiles `if c then a else b`: a when c is true, null when c is
// null, b otherwise.
func (c *compiler) ifExpr(e *ast.IfExpr, s *Scope) node {
	cond := c.expr(e.Cond, s)
	th := c.expr(e.Then, s)
	el := c.expr(e.Else, s)
	if cond.konst {
		switch {
		case value.Truthy(cond.val):
			return th
		case cond.val.IsNull():
			return konstNode(value.Value{})
		}
		return el
	}
	ce, te, ee := cond.eval, th.eval, el.eval
	n := node{kslots: mergeSlots(cond.kslots, mergeSlots(th.kslots, el.kslots)), eval: func(c *Ctx) value.Value {
		v := ce(c)
		if value.Truthy(v) {
			return te(c)
		}
		if v.IsNull() {
			return value.Value{}
		}
		return ee(c)
	}}
	return n
}

// Lambda is a compiled one-argument lambda called by a runtime operator.
type Lambda func(c *Ctx, arg value.Value) value.Value

// CompileLambda compiles le, a lambda that a runtime operator calls with
// one value (the batch of `.pattern(name: events => ...)`). Its body sees
// the top-level locals of s (Scope.DeclareLocal, read from Ctx.Frame) and
// its parameters: with one parameter it takes arg; with several, arg is
// destructured as filter and map destructure array elements.
func CompileLambda(le *ast.LambdaExpr, s *Scope) (Lambda, error) {
	if s == nil {
		s = NewScope(nil)
	}
	c := &compiler{}
	var l *lambda
	need := s.frame.measure(func() { l = c.compileLambda(le, s) })
	if len(c.errs) > 0 {
		return nil, c.errs
	}
	return func(cx *Ctx, arg value.Value) value.Value {
		f, mark := cx.push(need)
		saved := cx.Frame
		copy(f, saved)
		cx.Frame = f
		l.bind(cx, arg, 0)
		v := l.body(cx)
		cx.Frame = saved
		cx.pop(f, mark)
		return v
	}, nil
}
