package expr

import (
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/vpl/ast"
)

// call compiles a function call: a Kleene aggregate (count(t), sum(t.px)),
// a user function (user functions shadow builtins), or a builtin. The
// method form x.f(a) is f(x, a). Named arguments are passed by position
// (their names are ignored, as in the original).
func (c *compiler) call(e *ast.CallExpr, s *Scope) node {
	var name string
	var args []ast.Expr
	switch f := e.Fun.(type) {
	case *ast.Ident:
		name = f.Name
	case *ast.SelectorExpr:
		name = f.Sel.Name
		args = append(args, f.X)
	default:
		c.errorf(e.Fun, CodeInvalid, "this expression cannot be called")
		return konstNode(value.Value{})
	}
	for _, a := range e.Args {
		args = append(args, a.Value)
	}
	fn := s.prog.fn(name)
	if fn == nil && len(args) == 1 && kleeneAggregates[name] {
		if alias, sym, ok := kleeneAlias(args[0], s); ok {
			return c.kleeneAggregate(name, args[0], alias, sym, s)
		}
	}
	if fn != nil {
		return c.userCall(e, fn, args, s)
	}
	b, ok := LookupBuiltin(name)
	if !ok {
		c.unknownFunc(e, name, s)
		return konstNode(value.Value{})
	}
	if len(args) < b.MinArgs || (b.MaxArgs >= 0 && len(args) > b.MaxArgs) {
		c.errorf(e, CodeArity, "wrong number of arguments to "+name+": got "+itoa(len(args))+", want "+arityText(b.MinArgs, b.MaxArgs))
		return konstNode(value.Value{})
	}
	switch name {
	case "coalesce":
		return c.coalesce(args, s)
	case "filter", "map":
		return c.lambdaCall(e, name, args, s)
	}
	ns := make([]node, len(args))
	evals := make([]Eval, len(args))
	var ks []int
	for i, a := range args {
		ns[i] = c.expr(a, s)
		evals[i] = ns[i].eval
		ks = mergeSlots(ks, ns[i].kslots)
	}
	im, _ := builtinImpl(name)
	n := node{kslots: ks}
	switch {
	case im.f1 != nil:
		f, a := im.f1, evals[0]
		n.eval = func(c *Ctx) value.Value { return f(a(c)) }
	case im.f2 != nil:
		f, a, b := im.f2, evals[0], evals[1]
		n.eval = func(c *Ctx) value.Value { return f(a(c), b(c)) }
	default:
		f, k := im.fn, len(evals)
		n.eval = func(c *Ctx) value.Value {
			args, mark := c.push(k)
			for i, a := range evals {
				args[i] = a(c)
			}
			v := f(c, args)
			c.pop(args, mark)
			return v
		}
	}
	if im.impure {
		return n
	}
	return foldIf(n, ns...)
}

func itoa(n int) string { return value.Int(int64(n)).String() }

func arityText(lo, hi int) string {
	switch {
	case hi < 0:
		return "at least " + itoa(lo)
	case lo == hi:
		return itoa(lo)
	}
	return itoa(lo) + " to " + itoa(hi)
}

// unknownFunc reports a call of an unknown function, with a suggestion
// among the builtins and the user functions.
func (c *compiler) unknownFunc(e *ast.CallExpr, name string, s *Scope) {
	names := make([]string, 0, len(builtinTable)+8)
	for _, b := range builtinTable {
		names = append(names, b.Name)
	}
	if s.prog != nil {
		for _, f := range s.prog.flist {
			names = append(names, f.Name)
		}
	}
	err := &Error{Pos: e.Fun.Pos(), End: e.Fun.End(), Code: CodeUnknownFunc, Msg: "unknown function " + name}
	if h := suggest(name, names); h != "" {
		err.Hint = "did you mean `" + h + "`?"
	}
	c.errs = append(c.errs, err)
}

// coalesce returns its first non-null argument, evaluating no further.
func (c *compiler) coalesce(args []ast.Expr, s *Scope) node {
	ns := make([]node, len(args))
	evals := make([]Eval, len(args))
	var ks []int
	for i, a := range args {
		ns[i] = c.expr(a, s)
		evals[i] = ns[i].eval
		ks = mergeSlots(ks, ns[i].kslots)
	}
	n := node{kslots: ks, eval: func(c *Ctx) value.Value {
		for _, a := range evals {
			if v := a(c); !v.IsNull() {
				return v
			}
		}
		return value.Value{}
	}}
	return foldIf(n, ns...)
}

// lambda is a compiled lambda: its parameters are frame slots of the
// enclosing function (or top-level expression).
type lambda struct {
	slots []int
	body  Eval
}

// bind stores the parameters for one element: one parameter takes the
// element; with two or more, an array element is destructured ([k, v]
// pairs from a map), any other element gives (element, index).
func (l *lambda) bind(c *Ctx, el value.Value, i int) {
	switch {
	case len(l.slots) == 1:
		c.Frame[l.slots[0]] = el
	case len(l.slots) > 1 && el.Kind() == value.KindArray:
		xs := el.AsArray()
		for k, s := range l.slots {
			if k < len(xs) {
				c.Frame[s] = xs[k]
			} else {
				c.Frame[s] = value.Value{}
			}
		}
	case len(l.slots) > 1:
		c.Frame[l.slots[0]] = el
		c.Frame[l.slots[1]] = value.Int(int64(i))
	}
}

// compileLambda compiles e, which must be a lambda.
func (c *compiler) compileLambda(e ast.Expr, s *Scope) *lambda {
	le, ok := e.(*ast.LambdaExpr)
	if !ok {
		c.errorf(e, CodeLambda, "expected a lambda such as x => x > 0")
		return nil
	}
	ls := s.child()
	l := &lambda{}
	for _, p := range le.Params {
		slot := ls.frame.alloc()
		ls.declare(p.Name, &symbol{kind: symLocal, slot: slot})
		l.slots = append(l.slots, slot)
	}
	if le.Block == nil {
		l.body = c.expr(le.Body, ls).eval
		return l
	}
	loops := c.loops
	c.loops = 0
	c.inLambda++
	stmts := c.block(le.Block.Stmts, ls)
	var result Eval = evalNull
	if le.Block.Result != nil {
		result = c.expr(le.Block.Result, ls).eval
	}
	c.inLambda--
	c.loops = loops
	l.body = func(c *Ctx) value.Value {
		stmts(c)
		return result(c)
	}
	return l
}

// lambdaCall compiles filter(array, x => cond) and map(array, x => e).
func (c *compiler) lambdaCall(e *ast.CallExpr, name string, args []ast.Expr, s *Scope) node {
	arr := c.expr(args[0], s)
	if _, ok := args[1].(*ast.LambdaExpr); !ok {
		// Not a function value: like any builtin given an argument of
		// the wrong type, the call gives null (the original did not fail
		// on filter(xs, 2) either).
		c.expr(args[1], s)
		return konstNode(value.Value{})
	}
	l := c.compileLambda(args[1], s)
	if l == nil {
		return konstNode(value.Value{})
	}
	ae := arr.eval
	if name == "filter" {
		return node{eval: func(c *Ctx) value.Value {
			v := ae(c)
			if v.Kind() != value.KindArray {
				return value.Value{}
			}
			var out []value.Value
			for i, el := range v.AsArray() {
				l.bind(c, el, i)
				if value.Truthy(l.body(c)) {
					out = append(out, el)
				}
			}
			return value.Array(out[:len(out):len(out)])
		}}
	}
	return node{eval: func(c *Ctx) value.Value {
		v := ae(c)
		if v.Kind() != value.KindArray {
			return value.Value{}
		}
		xs := v.AsArray()
		out := make([]value.Value, len(xs))
		for i, el := range xs {
			l.bind(c, el, i)
			out[i] = l.body(c)
		}
		return value.Array(out)
	}}
}

// userCall compiles a call of a user function.
func (c *compiler) userCall(e *ast.CallExpr, f *Func, args []ast.Expr, s *Scope) node {
	if len(args) != len(f.Params) {
		c.errorf(e, CodeArity, "wrong number of arguments to "+f.Name+": got "+itoa(len(args))+", want "+itoa(len(f.Params)))
		return konstNode(value.Value{})
	}
	evals := make([]Eval, len(args))
	var ks []int
	for i, a := range args {
		n := c.expr(a, s)
		evals[i] = n.eval
		ks = mergeSlots(ks, n.kslots)
	}
	return node{kslots: ks, eval: func(c *Ctx) value.Value {
		if c.depth >= MaxCallDepth {
			c.warn(WarnRecursionLimit)
			return value.Value{}
		}
		c.startBudget()
		if !c.step() {
			return value.Value{}
		}
		frame, mark := c.push(max(f.size, len(evals)))
		for i, a := range evals {
			frame[i] = a(c)
		}
		return f.run(c, frame, mark)
	}}
}
