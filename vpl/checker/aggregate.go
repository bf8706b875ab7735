package checker

import (
	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// aggregateOp checks .aggregate(name: item, ...) (vpl.md §6): every item
// must contain at least one aggregate call; items may combine aggregate
// calls with arithmetic and scalar functions (`max(x) - min(x)`).
func (c *checker) aggregateOp(o *ast.OpCall, en *env) {
	if len(o.Args) == 0 {
		c.errorf(o, codeOpArgs, "write `.aggregate(n: count(), avg_t: avg(temp))`", "`.aggregate` needs at least one item")
	}
	for _, a := range o.Args {
		if a == nil {
			continue
		}
		if a.Name == nil {
			hint := "write `name: f(x)`"
			if call, ok := unparen(a.Value).(*ast.CallExpr); ok {
				if id, ok := call.Fun.(*ast.Ident); ok {
					hint = "write `" + id.Name + "_value: " + id.Name + "(...)`"
				}
			}
			c.errorf(a, codeOpArgs, hint, "`.aggregate` items must be named")
		}
		if a.Value == nil {
			continue
		}
		if _, bad := a.Value.(*ast.BadExpr); bad {
			continue
		}
		if c.aggExpr(a.Value, en) {
			c.aggOutside(a.Value, 0)
			continue
		}
		name := "value"
		if a.Name != nil {
			name = a.Name.Name
		}
		if id, ok := unparen(a.Value).(*ast.Ident); ok {
			c.errorf(a.Value, codeBareField, "write `"+name+": last("+id.Name+")` to carry the field's latest value",
				"bare field `%s` in `.aggregate`: items must call an aggregate function", id.Name)
			continue
		}
		c.errorf(a.Value, codeBareField, "aggregate functions: "+joinSorted(keysOf(aggregateFuncs)),
			"`.aggregate` item `%s` calls no aggregate function", name)
	}
}

// aggExpr checks an aggregate item expression and reports whether it
// contains an aggregate call.
func (c *checker) aggExpr(e ast.Expr, en *env) bool {
	switch x := e.(type) {
	case *ast.ParenExpr:
		if x == nil {
			return false
		}
		return c.aggExpr(x.X, en)
	case *ast.UnaryExpr:
		if x == nil {
			return false
		}
		return c.aggExpr(x.X, en)
	case *ast.BinaryExpr:
		if x == nil {
			return false
		}
		a := c.aggExpr(x.X, en)
		b := c.aggExpr(x.Y, en)
		return a || b
	case *ast.IfExpr:
		if x == nil {
			return false
		}
		c.expr(x.Cond, en)
		a := c.aggExpr(x.Then, en)
		b := c.aggExpr(x.Else, en)
		return a || b
	case *ast.CallExpr:
		if x == nil {
			return false
		}
		id, ok := x.Fun.(*ast.Ident)
		if !ok || !validIdent(id) {
			c.expr(x, en)
			return false
		}
		if _, user := c.userFuncs[id.Name]; !user {
			if ar, ok := aggregateFuncs[id.Name]; ok {
				c.aggCall(id, x, ar, en)
				return true
			}
		}
		if _, user := c.userFuncs[id.Name]; !user {
			if _, ok := c.builtins[id.Name]; !ok {
				cands := append(keysOf(aggregateFuncs), keysOf(c.builtins)...)
				cands = append(cands, keysOf(c.userFuncs)...)
				c.errorf(id, codeUnknownAgg, didYouMean(id.Name, cands), "unknown aggregate function `%s`", id.Name)
				for _, a := range x.Args {
					if a != nil {
						c.expr(a.Value, en)
					}
				}
				return true // reported; do not also report E073
			}
		}
		// A scalar function around aggregates: round(avg(x)).
		c.dupArgs(x.Args, codeDupArg)
		ar := c.builtins[id.Name]
		if u, user := c.userFuncs[id.Name]; user {
			ar = u
		}
		c.checkArity(id, x, id.Name, ar, "function")
		found := false
		for _, a := range x.Args {
			if a != nil && c.aggExpr(a.Value, en) {
				found = true
			}
		}
		return found
	}
	c.expr(e, en)
	return false
}

// aggOutside reports what an aggregate item that calls aggregate functions
// reads outside them, as the engine compiles such items: a field (which
// event's value would it be?), or an aggregate call inside an expression
// form other than operators, parentheses, if and function calls. Globals
// and literals are fine.
func (c *checker) aggOutside(e ast.Expr, depth int) {
	if depth > 1000 || e == nil {
		return
	}
	switch x := e.(type) {
	case *ast.ParenExpr:
		c.aggOutside(x.X, depth+1)
	case *ast.UnaryExpr:
		c.aggOutside(x.X, depth+1)
	case *ast.BinaryExpr:
		c.aggOutside(x.X, depth+1)
		c.aggOutside(x.Y, depth+1)
	case *ast.IfExpr:
		c.aggOutside(x.Cond, depth+1)
		c.aggOutside(x.Then, depth+1)
		c.aggOutside(x.Else, depth+1)
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok && validIdent(id) {
			if _, user := c.userFuncs[id.Name]; !user {
				if _, agg := aggregateFuncs[id.Name]; agg {
					return
				}
				if _, ok := c.builtins[id.Name]; !ok {
					return // unknown function: reported by aggExpr
				}
			}
		}
		for _, a := range x.Args {
			if a != nil {
				c.aggOutside(a.Value, depth+1)
			}
		}
	case *ast.BasicLit, *ast.BadExpr:
	case *ast.Ident:
		if !validIdent(x) {
			return
		}
		if _, global := c.info.Globals[x.Name]; !global {
			c.errorf(x, codeBareField, "write `last("+x.Name+")` for the field's latest value",
				"field `%s` outside an aggregate function in an `.aggregate` item", x.Name)
		}
	default:
		if c.hasAggCall(e, depth) {
			c.errorf(e, codeBareField, "compute it in a later `.emit` from the aggregate's name",
				"an aggregate call inside this kind of expression is not supported")
		}
	}
}

// hasAggCall reports whether e contains a call of an aggregate function.
func (c *checker) hasAggCall(e ast.Expr, depth int) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if id, ok := call.Fun.(*ast.Ident); ok && validIdent(id) {
				if _, user := c.userFuncs[id.Name]; !user {
					if _, agg := aggregateFuncs[id.Name]; agg {
						found = true
					}
				}
			}
		}
		return !found
	})
	return found
}

// countDistinctArg returns x when call is count(distinct(x)), the original
// spelling of count_distinct(x), else nil.
func countDistinctArg(name string, call *ast.CallExpr) ast.Expr {
	if name != "count" || len(call.Args) != 1 || call.Args[0] == nil {
		return nil
	}
	inner, ok := call.Args[0].Value.(*ast.CallExpr)
	if !ok || len(inner.Args) != 1 || inner.Args[0] == nil {
		return nil
	}
	if iid, ok := inner.Fun.(*ast.Ident); ok && iid.Name == "distinct" {
		return inner.Args[0].Value
	}
	return nil
}

// aggInside returns the first call of an aggregate function inside e (not
// a user function of the same name), or nil.
func (c *checker) aggInside(e ast.Expr) *ast.CallExpr {
	var found *ast.CallExpr
	ast.Inspect(e, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		if call, ok := n.(*ast.CallExpr); ok && call != nil {
			if id, ok := call.Fun.(*ast.Ident); ok && id != nil {
				if _, user := c.userFuncs[id.Name]; !user {
					if _, agg := aggregateFuncs[id.Name]; agg {
						found = call
					}
				}
			}
		}
		return found == nil
	})
	return found
}

// aggCall checks a call of an aggregate function.
func (c *checker) aggCall(id *ast.Ident, x *ast.CallExpr, ar arity, en *env) {
	c.dupArgs(x.Args, codeDupArg)
	n := len(x.Args)
	for i, a := range x.Args {
		if a == nil {
			continue
		}
		if (id.Name == "ema" || id.Name == "percentile") && i == 1 {
			continue // parameter, checked below
		}
		if inner := countDistinctArg(id.Name, x); inner != nil {
			c.expr(inner, en) // count(distinct(x)) is count_distinct(x)
			continue
		}
		c.expr(a.Value, en)
	}
	switch {
	case id.Name == "ema" && n != 2:
		c.errorf(x, codeEmaArity, "write `ema(price, 12)` (period) or `ema(price, 0.2)` (smoothing factor)",
			"`ema` takes two arguments (value and period), found %d", n)
		return
	case !ar.accepts(n):
		usage := id.Name + "(x)"
		switch id.Name {
		case "count":
			usage = "count() or count(x)"
		case "percentile":
			usage = "percentile(x, 95)"
		}
		if n < ar.min {
			c.errorf(x, codeAggArity, "write `"+usage+"`", "`%s` needs %s argument%s, found %d", id.Name, ar, plural(ar), n)
		} else {
			c.errorf(x, codeAggArity, "write `"+usage+"`", "`%s` takes %s argument%s, found %d", id.Name, ar, plural(ar), n)
		}
		return
	}
	if n >= 1 && x.Args[0] != nil {
		arg := x.Args[0].Value
		if inner := countDistinctArg(id.Name, x); inner != nil {
			arg = inner
		}
		if call := c.aggInside(arg); call != nil {
			c.errorf(call, codeAggArity, "aggregate the values first, then combine the rows: `.aggregate(s: sum(x))` then `.aggregate(...)` in a stream reading this one",
				"aggregate calls cannot be nested (`%s` inside `%s`)", call.Fun.(*ast.Ident).Name, id.Name)
			return
		}
	}
	if n < 2 || x.Args[1] == nil {
		return
	}
	p := x.Args[1].Value
	lit := c.constLit(p)
	isNum := lit != nil && (lit.Kind == token.INT || lit.Kind == token.FLOAT)
	switch id.Name {
	case "ema":
		// Period 0 is accepted and means period 1, as in the original
		// (which clamps the period to at least 1).
		ok := isNum && ((lit.Kind == token.INT && lit.Int >= 0) || (lit.Kind == token.FLOAT && lit.Float > 0 && lit.Float < 1))
		if !ok {
			c.errorf(p, codeAggParam, "", "the second argument of `ema` must be an integer period >= 0 or a smoothing factor between 0 and 1, found %s", describeExpr(p, lit))
		}
	case "percentile":
		if !isNum || numVal(lit) < 0 || numVal(lit) > 100 {
			c.errorf(p, codeAggParam, "", "the second argument of `percentile` must be a number between 0 and 100, found %s", describeExpr(p, lit))
		}
	}
}

// trendOp checks .trend_aggregate(name: f(...), ...) (vpl.md §8).
func (c *checker) trendOp(sc *streamCtx, o *ast.OpCall, en *env) {
	c.trendListUse(sc)
	c.trendShape(sc, o)
	if len(o.Args) == 0 {
		c.errorf(o, codeOpArgs, "write `.trend_aggregate(n: count_trends())`", "`.trend_aggregate` needs at least one item")
	}
	names := keysOf(trendFuncs)
	for _, a := range o.Args {
		if a == nil {
			continue
		}
		if a.Name == nil {
			c.errorf(a, codeOpArgs, "write `name: count_trends()`", "`.trend_aggregate` items must be named")
		}
		call, ok := unparen(a.Value).(*ast.CallExpr)
		if !ok || call == nil {
			if a.Value != nil {
				c.errorf(a.Value, codeTrendItem, "trend aggregates: "+joinSorted(names), "a `.trend_aggregate` item must call a trend aggregate")
			}
			continue
		}
		id, ok := call.Fun.(*ast.Ident)
		if !ok || !validIdent(id) {
			c.errorf(a.Value, codeTrendItem, "trend aggregates: "+joinSorted(names), "a `.trend_aggregate` item must call a trend aggregate")
			continue
		}
		ar, ok := trendFuncs[id.Name]
		if !ok {
			hint := didYouMean(id.Name, names)
			if hint == "" {
				hint = "trend aggregates: " + joinSorted(names)
			}
			c.errorf(id, codeTrendItem, hint, "unknown trend aggregate `%s`", id.Name)
			continue
		}
		n := len(call.Args)
		if !ar.accepts(n) {
			usage := id.Name + "(alias.field)"
			switch id.Name {
			case "count_trends":
				usage = "count_trends()"
			case "count_events":
				usage = "count_events(alias)"
			}
			c.errorf(call, codeTrendItem, "write `"+usage+"`", "`%s` takes %s argument%s, found %d", id.Name, ar, plural(ar), n)
			continue
		}
		if n == 0 || call.Args[0] == nil {
			continue
		}
		arg := call.Args[0].Value
		switch id.Name {
		case "count_events":
			aid, ok := unparen(arg).(*ast.Ident)
			if !ok {
				c.errorf(arg, codeTrendItem, "write `count_events(alias)`", "`count_events` takes an alias of a step")
				continue
			}
			c.trendAlias(sc, aid)
		default:
			q, ok := qualifier(arg)
			if sel, isSel := unparen(arg).(*ast.SelectorExpr); isSel && sel != nil && sel.Safe {
				ok = false // the alias is always bound: write alias.field
			}
			if !ok {
				c.errorf(arg, codeTrendItem, "write `"+id.Name+"(alias.field)`", "`%s` takes a field of an alias: alias.field", id.Name)
				continue
			}
			c.trendAlias(sc, q)
		}
	}
}

// trendPrecede lists the operations that may come between a trend
// pattern's steps and its .trend_aggregate: the pattern's own settings.
var trendPrecede = map[string]bool{
	"within": true, "strategy": true, "consume": true, "max_runs": true,
	"partition_by": true, "context": true, "watermark": true, "allowed_lateness": true,
	"trend_aggregate": true,
}

// trendShape reports (E090) the pattern shapes trend aggregation does not
// count: alternatives (OR, AND) in a named pattern, negation (`.not`,
// `-> not T`, `NOT T`), and other operations between the pattern and
// .trend_aggregate (they belong after it, on the rows).
func (c *checker) trendShape(sc *streamCtx, o *ast.OpCall) {
	if sc.info.Kind == SourcePattern {
		if ss, ok := sc.decl.Source.(*ast.SimpleSource); ok && ss != nil && ss.Name != nil {
			if p := c.info.Patterns[ss.Name.Name]; p != nil && p.Decl != nil && p.Decl.Expr != nil {
				ast.Inspect(p.Decl.Expr, func(n ast.Node) bool {
					switch x := n.(type) {
					case *ast.PatBinary:
						if x != nil && (x.Op == token.AND || x.Op == token.OR) {
							c.errorf(sc.decl.Name, codeUnsupported, "count the alternatives in separate streams",
								"`.trend_aggregate` needs a plain sequence: pattern `%s` has %s alternatives", ss.Name.Name, x.Op)
							return false
						}
					case *ast.PatNot:
						if x != nil {
							c.errorf(sc.decl.Name, codeUnsupported, "", "`.trend_aggregate` does not count patterns with negated steps (pattern `%s`)", ss.Name.Name)
							return false
						}
					}
					return true
				})
			}
		}
	}
	for _, op := range sc.decl.Ops {
		if op == nil {
			continue
		}
		if ast.Op(o) == op {
			return
		}
		switch x := op.(type) {
		case *ast.NotOp:
			c.errorf(x, codeUnsupported, "", "`.trend_aggregate` does not count patterns with `.not(...)`")
		case *ast.FollowedBy:
			if x.Not.IsValid() {
				c.errorf(x, codeUnsupported, "", "`.trend_aggregate` does not count patterns with negated steps")
			}
		case *ast.OpCall:
			if x.Name != nil && !trendPrecede[x.Name.Name] {
				c.errorf(opName(x), codeUnsupported, "write this operation after `.trend_aggregate`: it applies to the rows",
					"only `.within`, `.partition_by`, `.context` and the watermark and strategy settings may come before `.trend_aggregate`")
			}
		case *ast.BadOp:
		default:
			c.errorf(x, codeUnsupported, "write this operation after `.trend_aggregate`: it applies to the rows",
				"only `.within`, `.partition_by`, `.context` and the watermark and strategy settings may come before `.trend_aggregate`")
		}
	}
}

// trendListUse reports (E090) a step condition of a trend stream that reads
// a Kleene alias as a whole (`count(t)`, `t % 2`): trends are counted
// without keeping their events, so a condition may read only the alias's
// last event, as `t.field`. Named patterns are not split into conditions
// this way and are not checked here.
func (c *checker) trendListUse(sc *streamCtx) {
	if sc.info.Kind == SourcePattern || len(sc.aliases) == 0 {
		return
	}
	var conds []ast.Expr
	if seq, ok := sc.decl.Source.(*ast.SequenceSource); ok && seq != nil {
		for _, st := range seq.Steps {
			if st != nil && st.Where != nil {
				conds = append(conds, st.Where)
			}
		}
	}
	for _, op := range sc.decl.Ops {
		if f, ok := op.(*ast.FollowedBy); ok && f != nil && f.Where != nil {
			conds = append(conds, f.Where)
		}
	}
	for _, e := range conds {
		var bad *ast.Ident
		ast.Names(e, func(id *ast.Ident, qualifier bool) {
			if a, ok := sc.aliases[id.Name]; ok && a.Kleene && !qualifier && bad == nil {
				bad = id
			}
		})
		if bad != nil {
			c.errorf(bad, codeUnsupported, "read its last event as `"+bad.Name+".field`",
				"in a `.trend_aggregate` pattern the Kleene alias `%s` can be read only as `%s.field` (its last event)", bad.Name, bad.Name)
		}
	}
}

// trendAlias checks that id is an alias bound by the stream.
func (c *checker) trendAlias(sc *streamCtx, id *ast.Ident) {
	if _, ok := sc.aliases[id.Name]; ok || !sc.info.Pattern {
		return
	}
	var cands []string
	for a := range sc.aliases {
		cands = append(cands, a)
	}
	hint := didYouMean(id.Name, cands)
	if hint == "" && len(cands) > 0 {
		hint = "bound aliases: " + joinSorted(cands)
	}
	c.errorf(id, codeUnknownAlias, hint, "unknown alias `%s`: no step of stream `%s` binds it", id.Name, sc.info.Name)
}
