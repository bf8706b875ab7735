package checker

import (
	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// unparen removes parentheses around e.
func unparen(e ast.Expr) ast.Expr {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok || p == nil || p.X == nil {
			return e
		}
		e = p.X
	}
}

// expr checks an expression: function calls (E050, E051, E056), lambdas
// (E052), named arguments (E081) and, in pattern streams, aliases (E022,
// E027).
func (c *checker) expr(e ast.Expr, en *env) {
	switch x := e.(type) {
	case nil, *ast.BadExpr, *ast.BasicLit, *ast.Ident:
	case *ast.ListLit:
		if x == nil {
			return
		}
		for _, el := range x.Elems {
			c.expr(el, en)
		}
	case *ast.MapLit:
		if x == nil {
			return
		}
		for _, ent := range x.Entries {
			if ent == nil {
				continue
			}
			switch ent.Key.(type) {
			case *ast.Ident, *ast.BasicLit:
			default:
				c.expr(ent.Key, en)
			}
			c.expr(ent.Value, en)
		}
	case *ast.ParenExpr:
		if x == nil {
			return
		}
		c.expr(x.X, en)
	case *ast.UnaryExpr:
		if x == nil {
			return
		}
		c.expr(x.X, en)
	case *ast.BinaryExpr:
		if x == nil {
			return
		}
		c.expr(x.X, en)
		c.expr(x.Y, en)
	case *ast.SelectorExpr:
		if x == nil {
			return
		}
		if id, ok := x.X.(*ast.Ident); ok {
			c.aliasRef(id, x, en)
			return
		}
		c.expr(x.X, en)
	case *ast.IndexExpr:
		if x == nil {
			return
		}
		c.expr(x.X, en)
		c.expr(x.Index, en)
	case *ast.SliceExpr:
		if x == nil {
			return
		}
		c.expr(x.X, en)
		c.expr(x.Lo, en)
		c.expr(x.Hi, en)
	case *ast.CallExpr:
		if x == nil {
			return
		}
		c.call(x, en)
	case *ast.IfExpr:
		if x == nil {
			return
		}
		c.expr(x.Cond, en)
		c.expr(x.Then, en)
		c.expr(x.Else, en)
	case *ast.LambdaExpr:
		if x == nil {
			return
		}
		c.errorf(&ast.Ident{NamePos: x.Pos(), Name: "=>"}, codeLambda,
			"lambdas are arguments of filter(xs, x => ...) and map(xs, x => ...), or the body of .pattern(name: events => ...); elsewhere write a `fn`",
			"a lambda is not allowed here")
		c.lambda(x, en)
	case *ast.BlockExpr:
		if x == nil {
			return
		}
		inner := *en
		inner.locals = c.newScope(en.locals)
		inner.lambda = true
		c.block(x.Stmts, &inner)
		c.expr(x.Result, &inner)
		c.releaseScope(inner.locals)
	}
}

// lambda checks the body of a lambda in a new scope holding its
// parameters.
func (c *checker) lambda(x *ast.LambdaExpr, en *env) {
	if x == nil {
		return
	}
	inner := *en
	inner.locals = c.newScope(en.locals)
	defer c.releaseScope(inner.locals)
	inner.lambda = true
	for _, p := range x.Params {
		if validIdent(p) {
			inner.locals.declare(p.Name, lkLambda)
		}
	}
	c.expr(x.Body, &inner)
	if x.Block != nil {
		c.expr(x.Block, &inner)
	}
}

// call checks a function call.
func (c *checker) call(x *ast.CallExpr, en *env) {
	c.dupArgs(x.Args, codeDupArg)
	lambdaOK := false
	lambdaArg := 1 // the argument that may be a lambda: filter(xs, x => ...)
	switch f := x.Fun.(type) {
	case *ast.Ident:
		if f != nil && lambdaFuncs[f.Name] {
			_, user := c.userFuncs[f.Name]
			lambdaOK = !user
		}
	case *ast.SelectorExpr:
		// xs.filter(x => ...) is filter(xs, x => ...)
		if f != nil && validIdent(f.Sel) && lambdaFuncs[f.Sel.Name] {
			_, user := c.userFuncs[f.Sel.Name]
			lambdaOK, lambdaArg = !user, 0
		}
	}
	for i, a := range x.Args {
		if a == nil {
			continue
		}
		if _, isLambda := a.Value.(*ast.LambdaExpr); isLambda && lambdaOK && i == lambdaArg {
			c.lambda(a.Value.(*ast.LambdaExpr), en)
			continue
		}
		c.expr(a.Value, en)
	}
	switch f := x.Fun.(type) {
	case *ast.Ident:
		c.callName(f, x, en)
	case *ast.SelectorExpr:
		// A method call.
		if f == nil {
			return
		}
		// x.f(a) is f(x, a): check x, then the call of f with x first.
		c.expr(f.X, en)
		if !validIdent(f.Sel) {
			return
		}
		args := make([]*ast.Arg, 0, len(x.Args)+1)
		args = append(append(args, &ast.Arg{Value: f.X}), x.Args...)
		c.callName(f.Sel, &ast.CallExpr{Fun: f.Sel, Lparen: x.Lparen, Args: args, Rparen: x.Rparen}, en)
	case *ast.BadExpr:
	default:
		c.expr(x.Fun, en)
		c.errorf(x.Fun, codeUnknownFunc, "", "this expression cannot be called: only a function name can (`f(x)`, or `x.f()` for `f(x)`)")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// callName checks a call of a named function: user functions, builtins,
// Kleene list aggregates in pattern streams, .pattern helpers.
func (c *checker) callName(id *ast.Ident, x *ast.CallExpr, en *env) {
	if id == nil || id.Name == "" {
		return // a name missing after a syntax error
	}
	name, n := id.Name, len(x.Args)
	if _, ok := en.locals.lookup(name); ok {
		c.errorf(id, codeUnknownFunc, "", "`%s` is a variable, not a function", name)
		return
	}
	if ar, ok := c.userFuncs[name]; ok {
		c.checkArity(id, x, name, ar, "function")
		return
	}
	if en.st != nil && en.st.info.Pattern && kleeneFuncs[name] && n == 1 {
		return // aggregate over a Kleene alias's event list: count(t), sum(t.px)
	}
	if ar, ok := c.builtins[name]; ok {
		if agg, isAgg := aggregateFuncs[name]; isAgg && !ar.accepts(n) && agg.accepts(n) {
			c.errorf(id, codeAggOutside, "use it in `.aggregate(name: "+name+"(...))`",
				"`%s` with %d argument%s is an aggregate function and cannot be used outside `.aggregate`", name, n, pluralN(n))
			return
		}
		c.checkArity(id, x, name, ar, "function")
		return
	}
	if _, ok := aggregateFuncs[name]; ok {
		hint := "use it in `.aggregate(name: " + name + "(...))`"
		if name == "count" {
			hint = "use it in `.aggregate(n: count())`, or on a Kleene alias in a pattern stream: count(t)"
		}
		c.errorf(id, codeAggOutside, hint, "`%s` is an aggregate function and cannot be used outside `.aggregate`", name)
		return
	}
	if _, ok := c.info.Globals[name]; ok {
		c.errorf(id, codeUnknownFunc, "", "`%s` is a variable, not a function", name)
		return
	}
	c.errorf(id, codeUnknownFunc, didYouMean(name, c.funcNames(en)), "unknown function `%s`", name)
}

func (c *checker) checkArity(id *ast.Ident, x *ast.CallExpr, name string, ar arity, what string) {
	n := len(x.Args)
	if ar.accepts(n) {
		return
	}
	c.errorf(x, codeArity, c.signatureHint(name),
		"%s `%s` takes %s argument%s, found %d", what, name, ar, plural(ar), n)
}

// signatureHint returns "fn name(a, b)" for user functions, else "".
func (c *checker) signatureHint(name string) string {
	d, ok := c.info.Functions[name]
	if !ok || d == nil {
		return ""
	}
	s := "declared as `fn " + name + "("
	for i, p := range d.Params {
		if i > 0 {
			s += ", "
		}
		if p != nil && p.Name != nil {
			s += p.Name.Name
		}
	}
	return s + ")` at " + c.at(d)
}

func pluralN(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func plural(a arity) string {
	if a.max == 1 || (a.max < 0 && a.min == 1) {
		return ""
	}
	return "s"
}

// funcNames lists the names callable in en, for suggestions.
func (c *checker) funcNames(en *env) []string {
	out := keysOf(c.builtins)
	out = append(out, keysOf(c.userFuncs)...)
	return out
}

// aliasRef checks the identifier a of a member access a.f. In pattern
// streams a must be a bound alias (or a local, a global, a type name, or a
// field of the tested event).
func (c *checker) aliasRef(id *ast.Ident, sel *ast.SelectorExpr, en *env) {
	if en.st == nil || !en.st.info.Pattern || en.patternOp || !validIdent(id) {
		return
	}
	name := id.Name
	if _, ok := en.locals.lookup(name); ok {
		return
	}
	if _, ok := c.info.Globals[name]; ok {
		return
	}
	if a, ok := en.st.aliases[name]; ok {
		if en.step >= 0 && a.Step > en.step {
			c.errorf(id, codeLaterAlias, "a step condition can use the aliases of earlier steps only",
				"alias `%s` is bound by a later step (%s at %s)", name, a.Type, c.at(a.Ident))
		}
		return
	}
	if c.isTypeName(name) || en.st.hasTypeName(name) {
		return
	}
	for _, t := range en.candidates {
		if ev, ok := c.info.Events[t]; ok && hasField(ev, name) {
			return // a field of the tested event (a map value)
		}
	}
	var cands []string
	for a := range en.st.aliases {
		cands = append(cands, a)
	}
	hint := didYouMean(name, cands)
	if hint == "" {
		if len(cands) == 0 {
			hint = "bind an alias with `as " + name + "` on a step"
		} else {
			hint = "bound aliases: " + joinSorted(cands)
		}
	}
	field := "f"
	if sel != nil && validIdent(sel.Sel) {
		field = sel.Sel.Name
	}
	c.errorf(id, codeUnknownAlias, hint, "unknown alias `%s` in `%s.%s`: no step of stream `%s` binds it",
		name, name, field, en.st.info.Name)
}

func hasField(ev *ast.EventDecl, name string) bool {
	for _, f := range ev.Fields {
		if f != nil && f.Name != nil && f.Name.Name == name {
			return true
		}
	}
	return false
}

// isTypeName reports whether name is a declared event, stream or pattern.
func (c *checker) isTypeName(name string) bool {
	if _, ok := c.info.Events[name]; ok {
		return true
	}
	if _, ok := c.info.Streams[name]; ok {
		return true
	}
	_, ok := c.info.Patterns[name]
	return ok
}

// dupArgs reports named arguments given twice.
func (c *checker) dupArgs(args []*ast.Arg, code string) {
	// A linear search over the names seen so far: argument lists are short,
	// and the common case must not allocate. Long lists use a map.
	var small [8]*ast.Ident
	seenList := small[:0]
	var seen map[string]*ast.Ident
	lookup := func(name string) (*ast.Ident, bool) {
		if seen != nil {
			prev, ok := seen[name]
			return prev, ok
		}
		for _, id := range seenList {
			if id.Name == name {
				return id, true
			}
		}
		return nil, false
	}
	for _, a := range args {
		if a == nil || !validIdent(a.Name) {
			continue
		}
		if prev, ok := lookup(a.Name.Name); ok {
			if code == codeDupField {
				c.errorf(a.Name, code, "", "field `%s` is already given at %s", a.Name.Name, c.at(prev))
			} else {
				c.errorf(a.Name, code, "", "argument `%s` is already given at %s", a.Name.Name, c.at(prev))
			}
			continue
		}
		switch {
		case seen != nil:
			seen[a.Name.Name] = a.Name
		case len(seenList) < cap(small):
			seenList = append(seenList, a.Name)
		default:
			seen = make(map[string]*ast.Ident, 2*len(args))
			for _, id := range seenList {
				seen[id.Name] = id
			}
			seen[a.Name.Name] = a.Name
		}
	}
}

// predicate checks the condition of .where/.having/.filter or of a step:
// a non-boolean literal is an error (E060), an arithmetic expression a
// warning (W060).
func (c *checker) predicate(e ast.Expr, what string, en *env) {
	if e == nil {
		return
	}
	switch x := unparen(e).(type) {
	case *ast.BasicLit:
		if x == nil {
			return
		}
		if x.Kind != token.TRUE && x.Kind != token.FALSE {
			c.errorf(e, codeLiteralCond, "write a comparison, like `value > "+x.Raw+"`",
				"%s needs a condition, found %s", what, describeLit(x))
		}
	case *ast.ListLit, *ast.MapLit:
		c.errorf(e, codeLiteralCond, "", "%s needs a condition, found a %s literal", what, litWord(x))
	case *ast.BinaryExpr:
		if x != nil && isArith(x.Op) {
			c.warnf(e, warnArithCond, "compare the result, e.g. `... > 0`",
				"%s condition is an arithmetic expression (`%s`), not a comparison: it is never true", what, x.Op)
		}
	}
	c.expr(e, en)
}

func litWord(e ast.Expr) string {
	if _, ok := e.(*ast.ListLit); ok {
		return "list"
	}
	return "map"
}

func isArith(k token.Kind) bool {
	switch k {
	case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.POW,
		token.AND_BIT, token.OR_BIT, token.XOR_BIT, token.SHL, token.SHR:
		return true
	}
	return false
}

// describeLit describes a literal for messages: `integer literal 42`.
func describeLit(x *ast.BasicLit) string {
	raw := x.Raw
	if len(raw) > 40 {
		raw = raw[:37] + "..."
	}
	return litKindWord(x.Kind) + " " + raw
}

func litKindWord(k token.Kind) string {
	switch k {
	case token.INT:
		return "integer literal"
	case token.FLOAT:
		return "float literal"
	case token.DURATION:
		return "duration literal"
	case token.STRING:
		return "string literal"
	case token.TIMESTAMP:
		return "timestamp literal"
	case token.TRUE, token.FALSE:
		return "boolean literal"
	case token.NULL:
		return "null literal"
	}
	return "literal"
}
