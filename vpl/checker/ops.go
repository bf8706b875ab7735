package checker

import (
	"math"
	"strings"

	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// opState tracks what a stream's operations have done so far.
type opState struct {
	aggregate  *ast.OpCall   // first .aggregate
	trend      *ast.OpCall   // first .trend_aggregate
	window     *ast.OpCall   // first .window
	once       []*ast.OpCall // first of each operation that may appear once
	stepSource bool          // E026 reported
	// afterWindow: only metadata operations and .pattern came since the
	// .window (a .pattern here tests the window's batch).
	afterWindow bool
	onceBuf     [1]*ast.OpCall
}

// onceOp returns the earlier operation called name among those that may
// appear once, or nil.
func (st *opState) onceOp(name string) *ast.OpCall {
	for _, o := range st.once {
		if o.Name.Name == name {
			return o
		}
	}
	return nil
}

// checkOps checks the operations of a stream.
func (c *checker) checkOps(sc *streamCtx) {
	st := &opState{}
	st.once = st.onceBuf[:0]
	en := c.streamEnv(sc)
	for i, op := range sc.decl.Ops {
		switch o := op.(type) {
		case nil, *ast.BadOp:
		case *ast.FollowedBy:
			if o == nil {
				continue
			}
			c.followedBy(sc, o, st, en)
		case *ast.NotOp:
			if o == nil {
				continue
			}
			c.notOp(sc, o, en)
		case *ast.ForkOp:
			if o == nil {
				continue
			}
			c.errorf(&ast.Ident{NamePos: o.Dot + 1, Name: "fork"}, codeUnsupported, unsupportedOps["fork"],
				"`.fork()` is not supported")
		case *ast.PatternOp:
			if o == nil {
				continue
			}
			c.patternOp(o, en)
			name := &ast.Ident{NamePos: o.Pos() + 1, Name: "pattern"}
			switch {
			case o.Pat != nil:
				c.errorf(name, codeUnsupported, "write the sequence as a pattern stream: stream S = A as a -> B ...",
					"a sequence inside `.pattern(...)` is not supported")
			case st.window != nil && st.aggregate == nil && !st.afterWindow:
				c.errorf(name, codeBatchPlace, "filter events with .where before .window, or test the aggregate row with .having",
					"`.pattern(...)` tests the batch of a window: write it right after `.window(...)`")
			}
			continue
		case *ast.OpCall:
			if o == nil || o.Name == nil || o.Name.Name == "" {
				continue
			}
			c.opCall(sc, o, i, st, en)
			switch o.Name.Name {
			case "window":
				st.afterWindow = true
			case "partition_by", "watermark", "allowed_lateness", "context":
				// metadata: a .pattern may still follow the window
			default:
				st.afterWindow = false
			}
			continue
		}
		st.afterWindow = false
	}
	if sc.info.Kind == SourceJoin {
		c.joinClasses(sc)
	}
	c.undecidableAbsence(sc)
	c.chainNegation(sc)
}

// undecidableAbsence warns (W020) about negations that can only complete
// at a deadline when the stream gives none: a trailing `-> not T` step or
// a `.not(...)` on a one-step pattern without `.within(d)`. Such a pattern
// waits for the absence of T forever and never emits.
func (c *checker) undecidableAbsence(sc *streamCtx) {
	if sc.info.Kind != SourceEvent && sc.info.Kind != SourceStream {
		return // sequence(...) and named patterns have their own `within`
	}
	var last *ast.FollowedBy
	var not *ast.NotOp
	steps := 0
	for _, op := range sc.decl.Ops {
		switch o := op.(type) {
		case *ast.FollowedBy:
			if o != nil {
				last = o
				steps++
			}
		case *ast.NotOp:
			if o != nil && not == nil {
				not = o
			}
		case *ast.OpCall:
			if o != nil && o.Name != nil && o.Name.Name == "within" {
				return
			}
		}
	}
	const hint = "add `.within(d)`: the absence is decided when the deadline passes"
	switch {
	case last != nil && last.Not.IsValid():
		c.warnf(&ast.Ident{NamePos: last.Not, Name: "not"}, warnAbsence, hint,
			"trailing `-> not` step without `.within`: the absence can never be decided, so the pattern never matches")
	case steps == 0 && not != nil:
		c.warnf(&ast.Ident{NamePos: not.Dot, Name: ".not"}, warnAbsence, hint,
			"`.not` on a one-step pattern without `.within`: the absence can never be decided, so the pattern never matches")
	}
}

func (c *checker) followedBy(sc *streamCtx, o *ast.FollowedBy, st *opState, en *env) {
	c.typeRef(o.Type, "step")
	idx, ok := sc.steps[o]
	if !ok {
		if !st.stepSource {
			st.stepSource = true
			c.errorf(&ast.Ident{NamePos: o.Arrow, Name: "->"}, codeStepSource,
				"a sequence starts with an event type or stream: `A as a -> B`",
				"a `->` step cannot follow a %s source", sc.info.Kind)
		}
		idx = -1
	}
	if o.Where != nil {
		sen := *en
		sen.step = idx
		if o.Type != nil {
			sen.candidates = []string{o.Type.Name}
		}
		c.predicate(o.Where, "step condition", &sen)
	}
}

func (c *checker) notOp(sc *streamCtx, o *ast.NotOp, en *env) {
	c.typeRef(o.Type, "negated type")
	if !sc.info.Pattern {
		c.errorf(&ast.Ident{NamePos: o.Dot, Name: ".not"}, codePatternOnly,
			"negation needs a sequence pattern: an event type or stream source, optionally with `->` steps",
			"`.not` cannot be used on a %s source", sc.info.Kind)
	}
	if o.Where != nil {
		sen := *en
		if o.Type != nil {
			sen.candidates = []string{o.Type.Name}
		}
		c.predicate(o.Where, "`.not` condition", &sen)
	}
}

// patternOp checks .pattern(label: body).
func (c *checker) patternOp(o *ast.PatternOp, en *env) {
	pen := *en
	pen.patternOp = true
	pen.locals = c.newScope(en.locals)
	defer c.releaseScope(pen.locals)
	pen.locals.declare("events", lkLambda)
	if o.Lambda != nil {
		if le, ok := unparen(o.Lambda).(*ast.LambdaExpr); ok && le != nil {
			if len(le.Params) != 1 {
				c.errorf(le, codeOpArgs, "write .pattern(name: events => condition)",
					"the lambda of `.pattern(...)` takes one parameter, the window's events")
			}
			c.lambda(le, &pen)
		} else {
			c.expr(o.Lambda, &pen)
		}
	}
	if o.Pat != nil {
		ast.Inspect(o.Pat, func(n ast.Node) bool {
			if r, ok := n.(*ast.PatRef); ok && r != nil && r.Where != nil {
				c.expr(r.Where, &pen)
			}
			return true
		})
	}
}

// opName returns a node for the `.name` of an operation, for diagnostics.
func opName(o *ast.OpCall) ast.Node {
	return &ast.Ident{NamePos: o.Dot, Name: "." + o.Name.Name}
}

// opCall checks a dotted operation.
func (c *checker) opCall(sc *streamCtx, o *ast.OpCall, idx int, st *opState, en *env) {
	name := o.Name.Name
	if hint, ok := unsupportedOps[name]; ok {
		c.errorf(opName(o), codeUnsupported, hint, "`.%s()` is not supported", name)
		return
	}
	if !contains(supportedOps, name) {
		c.errorf(o.Name, codeUnknownOp, didYouMean(name, knownOps()), "unknown operation `.%s`", name)
		for _, a := range o.Args {
			if a != nil {
				c.expr(a.Value, en)
			}
		}
		return
	}
	if onceOps[name] {
		if prev := st.onceOp(name); prev != nil {
			c.errorf(opName(o), codeRepeatedOp, "", "`.%s` appears twice in stream `%s` (first at %s)", name, sc.info.Name, c.at(opName(prev)))
		} else {
			st.once = append(st.once, o)
		}
	}
	if patternOnlyOps[name] && !sc.info.Pattern && name != "not" {
		c.patternOnly(sc, o)
	}
	switch name {
	case "emit", "select", "aggregate", "trend_aggregate":
		c.dupArgs(o.Args, codeDupField)
	default:
		c.dupArgs(o.Args, codeDupArg)
	}
	switch name {
	case "where", "filter":
		if e := c.singleArg(o, "a condition"); e != nil {
			c.predicate(e, "`."+name+"`", en)
		}
	case "having":
		if st.aggregate == nil && st.trend == nil {
			c.errorf(opName(o), codeHaving, "`.having` filters aggregate rows; use `.where` to filter events",
				"`.having` without an earlier `.aggregate`")
		}
		if e := c.singleArg(o, "a condition"); e != nil {
			c.predicate(e, "`.having`", en)
		}
	case "select":
		c.selectOp(o, en)
	case "emit":
		c.emitOp(o, en)
	case "window":
		if st.window != nil {
			c.errorf(opName(o), codeTwoWindows, "", "second `.window` in stream `%s` (the first is at %s)", sc.info.Name, c.at(st.window))
		} else {
			st.window = o
		}
		if sc.info.Kind == SourceJoin {
			c.joinWindowOp(o)
		} else {
			c.windowOp(o)
		}
	case "aggregate":
		if st.aggregate != nil {
			c.errorf(opName(o), codeTwoAggregates, "put every item in one `.aggregate(a: ..., b: ...)`",
				"second `.aggregate` in stream `%s` (the first is at %s)", sc.info.Name, c.at(st.aggregate))
		} else {
			st.aggregate = o
			if st.window == nil && sc.info.Kind != SourceJoin {
				c.warnf(opName(o), warnRunningAgg, "add a `.window(...)` before it to aggregate per window",
					"`.aggregate` without a window keeps a running aggregate: it emits an updated row for every event")
			}
		}
		c.aggregateOp(o, en)
	case "trend_aggregate":
		if st.trend == nil {
			st.trend = o
		}
		c.trendOp(sc, o, en)
	case "partition_by":
		if st.window != nil {
			c.warnf(opName(o), warnPartitionAfter, "move `.partition_by` before `.window`",
				"`.partition_by` after `.window` (at %s): write it before the window", c.at(st.window))
		}
		if e := c.singleArg(o, "a key"); e != nil {
			// A field name, `a.f`, or any expression of the event (rows
			// then carry its value as `key`).
			if _, ok := unparen(e).(*ast.Ident); !ok {
				c.expr(e, en)
				if sc.info.Pattern {
					c.patternPartitionKey(sc, e)
				}
			}
		}
	case "within":
		if !sc.info.Pattern {
			c.errorf(opName(o), codeWithin, "`.within` limits the duration of a sequence such as `A as a -> B`",
				"`.within` in stream `%s`, which is not a pattern (no `->` step, `.not`, sequence or named pattern)", sc.info.Name)
		}
		if e := c.singleArg(o, "a duration"); e != nil {
			c.positiveDurationArg(e, "`.within`")
		}
	case "allowed_lateness":
		if e := c.singleArg(o, "a duration"); e != nil {
			c.durationArg(e, "`.allowed_lateness`")
		}
	case "watermark":
		c.namedOnly(o, []string{"out_of_order"}, "write `.watermark(out_of_order: 5s)`")
		for _, a := range o.Args {
			if a != nil && a.Name != nil && a.Name.Name == "out_of_order" {
				c.durationArg(a.Value, "`out_of_order`")
			}
		}
	case "context":
		if e := c.singleArg(o, "a context name"); e != nil {
			if id, ok := unparen(e).(*ast.Ident); ok {
				c.contextRef(id)
				sc.info.Context = id.Name
			} else {
				c.errorf(e, codeOpArgs, "", "`.context` takes a context name")
			}
		}
	case "print":
		for _, a := range o.Args {
			if a != nil {
				c.expr(a.Value, en)
			}
		}
	case "log":
		c.logOp(o, en)
	case "to":
		c.toOp(o)
	case "enrich":
		c.enrichOp(o, en)
	case "process":
		if e := c.singleArg(o, "an expression"); e != nil {
			c.expr(e, en)
		}
	case "on":
		if sc.info.Kind != SourceJoin {
			c.warnf(opName(o), warnOnOutsideJoin, "", "`.on` has no effect outside a join")
			if e := c.singleArg(o, "a condition"); e != nil {
				c.expr(e, en)
			}
			return
		}
		if e := c.singleArg(o, "a condition"); e != nil {
			c.joinCond(sc, e, en)
		}
	case "distinct":
		c.noNamed(o)
		if n := len(o.Args); n > 1 {
			c.errorf(o, codeOpArgs, "", "`.distinct` takes at most one key expression, found %d arguments", n)
		}
		for _, a := range o.Args {
			if a != nil {
				c.expr(a.Value, en)
			}
		}
	case "limit":
		if e := c.singleArg(o, "a count"); e != nil {
			c.intLiteral(e, "`.limit`", 0)
		}
	case "first":
		if len(o.Args) > 0 {
			c.errorf(o, codeOpArgs, "use `.limit(n)` to keep the first n events", "`.first()` takes no arguments")
		}
	case "late":
		if len(o.Args) > 0 {
			c.errorf(o, codeOpArgs, "", "`.late()` takes no arguments")
		}
		ss, ok := sc.decl.Source.(*ast.SimpleSource)
		switch {
		case idx != 0:
			c.errorf(opName(o), codeLate, "write `stream Late = Source.late()`", "`.late()` must come directly after the source")
		case !ok || ss == nil || ss.All.IsValid() || ss.Alias != nil || sc.info.Kind == SourcePattern:
			c.errorf(opName(o), codeLate, "write `stream Late = Readings.late()`",
				"`.late()` needs an event type or stream source, found a %s source", sc.info.Kind)
		case sc.info.Kind != SourceStream && validIdent(ss.Name):
			// Lateness belongs to a stream (its watermark and windows): an
			// event type has no late events of its own.
			c.warnf(opName(o), codeLateNotStream, "declare `stream Readings = "+ss.Name.Name+" .watermark(...)` and read `Readings.late()`",
				"`%s` is not a stream: its late stream receives nothing", ss.Name.Name)
		}
	case "strategy":
		c.enumArg(o, []string{"next", "any", "strict"}, codeStrategy)
	case "consume":
		c.enumArg(o, []string{"none", "all"}, codeConsume)
	case "max_runs":
		if e := c.singleArg(o, "a count"); e != nil {
			c.intLiteral(e, "`.max_runs`", 1)
		}
	case "forecast":
		c.forecastOp(o)
	}
}

// patternOnly reports a pattern-only operation in a stream that is not a
// pattern (E021).
func (c *checker) patternOnly(sc *streamCtx, o *ast.OpCall) {
	name := o.Name.Name
	switch name {
	case "forecast", "trend_aggregate":
		c.errorf(opName(o), codePatternOnly, "add followed-by steps, e.g. `A as a -> B where ... as b`",
			"`.%s` requires a sequence pattern (use `->` followed-by steps); stream `%s` has none", name, sc.info.Name)
	default:
		c.errorf(opName(o), codePatternOnly, "it applies to sequences such as `A as a -> B`",
			"`.%s` only applies to pattern streams; stream `%s` has no `->` step", name, sc.info.Name)
	}
}

// singleArg returns the one positional argument of o, reporting any other
// shape (E083).
func (c *checker) singleArg(o *ast.OpCall, what string) ast.Expr {
	if len(o.Args) != 1 || o.Args[0] == nil {
		c.errorf(o, codeOpArgs, "", "`.%s` takes %s, found %d arguments", o.Name.Name, what, len(o.Args))
		return nil
	}
	a := o.Args[0]
	if a.Name != nil {
		c.errorf(a, codeOpArgs, "", "`.%s` takes %s, not a named argument `%s:`", o.Name.Name, what, a.Name.Name)
		return nil
	}
	return a.Value
}

// noNamed reports named arguments of an operation that takes positional
// ones.
func (c *checker) noNamed(o *ast.OpCall) {
	for _, a := range o.Args {
		if a != nil && a.Name != nil {
			c.errorf(a.Name, codeUnknownParam, "", "`.%s` has no parameter `%s`", o.Name.Name, a.Name.Name)
		}
	}
}

// namedOnly checks that every argument of o is named and known.
func (c *checker) namedOnly(o *ast.OpCall, known []string, usage string) {
	for _, a := range o.Args {
		if a == nil {
			continue
		}
		if a.Name == nil {
			c.errorf(a, codeOpArgs, usage, "arguments of `.%s` must be named", o.Name.Name)
			continue
		}
		if !contains(known, a.Name.Name) {
			hint := didYouMean(a.Name.Name, known)
			if hint == "" {
				hint = "parameters: " + joinSorted(known)
			}
			c.errorf(a.Name, codeUnknownParam, hint, "unknown parameter `%s` of `.%s`", a.Name.Name, o.Name.Name)
		}
	}
}

// enumArg checks an operation taking one word out of a fixed set.
func (c *checker) enumArg(o *ast.OpCall, words []string, code string) {
	e := c.singleArg(o, "one of "+joinSorted(words))
	if e == nil {
		return
	}
	id, ok := unparen(e).(*ast.Ident)
	if ok && contains(words, id.Name) {
		return
	}
	got := "an expression"
	hint := ""
	if ok {
		got = "`" + id.Name + "`"
		hint = didYouMean(id.Name, words)
		if hint == "" {
			// Names of the strategies in the literature.
			for _, w := range words {
				if strings.Contains(strings.ToLower(id.Name), w) {
					hint = "did you mean `" + w + "`?"
					break
				}
			}
		}
	}
	c.errorf(e, code, hint, "`.%s` takes one of %s, found %s", o.Name.Name, joinOr(words), got)
}

func joinOr(words []string) string {
	s := ""
	for i, w := range words {
		switch {
		case i == 0:
		case i == len(words)-1:
			s += " or "
		default:
			s += ", "
		}
		s += w
	}
	return s
}

// selectOp checks .select(f, g: e, ...).
func (c *checker) selectOp(o *ast.OpCall, en *env) {
	bare := map[string]ast.Node{}  // f items
	named := map[string]ast.Node{} // g: e items (duplicates among them: dupArgs)
	for _, a := range o.Args {
		if a == nil {
			continue
		}
		if a.Name == nil {
			id, ok := unparen(a.Value).(*ast.Ident)
			if !ok {
				c.errorf(a, codeOpArgs, "write `name: expression`", "`.select` items must be field names or `name: expression`")
				c.expr(a.Value, en)
				continue
			}
			prev, dup := bare[id.Name]
			if !dup {
				prev, dup = named[id.Name]
			}
			if dup {
				c.errorf(id, codeDupField, "", "field `%s` is already selected at %s", id.Name, c.at(prev))
			}
			bare[id.Name] = id
			continue
		}
		if prev, dup := bare[a.Name.Name]; dup {
			c.errorf(a.Name, codeDupField, "", "field `%s` is already selected at %s", a.Name.Name, c.at(prev))
		}
		named[a.Name.Name] = a.Name
		c.expr(a.Value, en)
	}
}

// emitOp checks .emit(...) and .emit as T (...).
func (c *checker) emitOp(o *ast.OpCall, en *env) {
	if validIdent(o.As) {
		if _, ok := c.info.Events[o.As.Name]; !ok {
			c.warnf(o.As, warnEmitAs, didYouMean(o.As.Name, keysOf(c.info.Events)),
				"`.emit as %s`: `%s` is not a declared event type", o.As.Name, o.As.Name)
		}
	}
	for _, a := range o.Args {
		if a == nil {
			continue
		}
		if a.Name == nil {
			hint := "write `name: expression`"
			if id, ok := unparen(a.Value).(*ast.Ident); ok {
				hint = "write `" + id.Name + ": " + id.Name + "`"
			}
			c.errorf(a, codeOpArgs, hint, "`.emit` fields must be named")
			c.expr(a.Value, en)
			continue
		}
		if a.Name.Name == "context" {
			if id, ok := unparen(a.Value).(*ast.Ident); ok {
				c.contextRef(id)
				continue
			}
		}
		c.expr(a.Value, en)
	}
}

// contextRef resolves a context name (E031).
func (c *checker) contextRef(id *ast.Ident) {
	if !validIdent(id) {
		return
	}
	if _, ok := c.info.Contexts[id.Name]; ok {
		return
	}
	hint := didYouMean(id.Name, keysOf(c.info.Contexts))
	if hint == "" {
		hint = "declare it with `context " + id.Name + "`"
	}
	c.errorf(id, codeUnknownCtx, hint, "unknown context `%s`", id.Name)
}

// logOp checks .log(level: "warn", message: "text", data: field).
func (c *checker) logOp(o *ast.OpCall, en *env) {
	c.namedOnly(o, []string{"level", "message", "data"}, `write .log(level: "warn", message: "text")`)
	for _, a := range o.Args {
		if a == nil || a.Name == nil {
			continue
		}
		switch a.Name.Name {
		case "level":
			lit, ok := unparen(a.Value).(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				c.errorf(a.Value, codeLiteralKind, "", "`level` must be a string literal: \"error\", \"warn\", \"info\", \"debug\" or \"trace\"")
				continue
			}
			switch lit.Str {
			case "error", "warn", "warning", "info", "debug", "trace":
			default:
				// As in the original, an unknown level logs at info.
				c.warnf(a.Value, warnLogLevel, didYouMean(lit.Str, []string{"error", "warn", "info", "debug", "trace"}),
					"unknown log level %s is logged at info (levels: error, warn, info, debug, trace)", lit.Raw)
			}
		case "message":
			if lit, ok := unparen(a.Value).(*ast.BasicLit); !ok || lit.Kind != token.STRING {
				c.errorf(a.Value, codeLiteralKind, `write .log(message: "text", data: field) to log a value`,
					"`message` must be a string literal")
			}
		default:
			c.expr(a.Value, en)
		}
	}
}

// windowOp checks the arguments of .window(...) (vpl.md §5).
func (c *checker) windowOp(o *ast.OpCall) {
	var pos []*ast.Arg
	var session, sliding *ast.Arg
	for _, a := range o.Args {
		if a == nil {
			continue
		}
		if a.Name == nil {
			pos = append(pos, a)
			continue
		}
		switch a.Name.Name {
		case "session":
			session = a
		case "sliding":
			sliding = a
		case "policy":
		default:
			c.errorf(a.Name, codeUnknownParam, didYouMean(a.Name.Name, []string{"sliding", "session", "policy"}),
				"unknown `.window` parameter `%s` (parameters: sliding, session)", a.Name.Name)
		}
	}
	if session != nil {
		if len(pos) > 0 || sliding != nil {
			c.errorf(o, codeOpArgs, "write `.window(session: 2m)`", "a session window takes only the gap: `session: duration`")
		}
		c.positiveDurationArg(session.Value, "the session gap")
		return
	}
	switch len(pos) {
	case 0:
		c.errorf(o, codeOpArgs, "write `.window(5m)`, `.window(100)` or `.window(session: 2m)`", "`.window` needs a size")
		return
	case 1:
	default:
		c.errorf(pos[1], codeOpArgs, "write `.window(5m, sliding: 1m)`", "`.window` takes one size; name the slide with `sliding:`")
	}
	lit := c.constLit(pos[0].Value)
	switch {
	case lit != nil && lit.Kind == token.DURATION:
		if lit.Int <= 0 {
			c.errorf(pos[0].Value, codeLiteralKind, "", "the window size must be positive")
		}
		if sliding != nil {
			if sl := c.constLit(sliding.Value); sl == nil || sl.Kind != token.DURATION || sl.Int <= 0 {
				c.errorf(sliding.Value, codeLiteralKind, "a time window slides by a duration, like `sliding: 1m`",
					"the slide of a time window must be a positive duration, found %s", describeExpr(sliding.Value, sl))
			}
		}
	case lit != nil && lit.Kind == token.INT:
		if lit.Int <= 0 {
			c.errorf(pos[0].Value, codeLiteralKind, "", "a count window needs a positive number of events, found %s", lit.Raw)
		}
		if sliding != nil {
			if sl := c.constLit(sliding.Value); sl == nil || sl.Kind != token.INT || sl.Int <= 0 {
				c.errorf(sliding.Value, codeLiteralKind, "a count window slides by a number of events, like `sliding: 10`",
					"the slide of a count window must be a positive integer, found %s", describeExpr(sliding.Value, sl))
			}
		}
	default:
		c.errorf(pos[0].Value, codeLiteralKind, "write a duration like `5m` (time window) or a count like `100`",
			"the window size must be a duration or a positive integer literal, found %s", describeExpr(pos[0].Value, lit))
	}
}

// joinWindowOp checks the window of a join: one positive duration, the
// time span within which joined events must lie.
func (c *checker) joinWindowOp(o *ast.OpCall) {
	if len(o.Args) != 1 || o.Args[0] == nil || o.Args[0].Name != nil {
		c.errorf(o, codeOpArgs, "write `.window(1s)`", "the window of a join is one duration")
		return
	}
	e := o.Args[0].Value
	if lit := c.constLit(e); lit == nil || lit.Kind != token.DURATION || lit.Int <= 0 {
		c.errorf(e, codeLiteralKind, "write a duration like `1s`: joined events lie within it of each other",
			"the window of a join must be a positive duration, found %s", describeExpr(e, lit))
	}
}

// describeExpr describes e (whose constant value is lit, if any).
func describeExpr(e ast.Expr, lit *ast.BasicLit) string {
	if lit != nil {
		return describeLit(lit)
	}
	switch unparen(e).(type) {
	case *ast.ListLit:
		return "a list"
	case *ast.MapLit:
		return "a map"
	}
	return "an expression"
}

// constLit returns the literal value of e: a literal, or a global const or
// let initialised with a literal. Negative number literals are folded.
func (c *checker) constLit(e ast.Expr) *ast.BasicLit {
	return c.constLitDepth(e, 0)
}

func (c *checker) constLitDepth(e ast.Expr, depth int) *ast.BasicLit {
	if depth > 8 {
		return nil
	}
	switch x := unparen(e).(type) {
	case *ast.BasicLit:
		return x
	case *ast.UnaryExpr:
		if x == nil || x.Op != token.SUB {
			return nil
		}
		if l := c.constLitDepth(x.X, depth+1); l != nil && (l.Kind == token.INT || l.Kind == token.FLOAT) {
			n := *l
			n.Int, n.Float, n.Raw = -l.Int, -l.Float, "-"+l.Raw
			return &n
		}
	case *ast.Ident:
		if x == nil {
			return nil
		}
		if g, ok := c.info.Globals[x.Name]; ok && g.Kind != ast.Var && g.Decl != nil {
			return c.constLitDepth(g.Decl.Value, depth+1)
		}
	}
	return nil
}

// durationArg checks that e is a duration (E061).
func (c *checker) durationArg(e ast.Expr, what string) {
	if e == nil {
		return
	}
	if _, bad := e.(*ast.BadExpr); bad {
		return
	}
	lit := c.constLit(e)
	if lit != nil && lit.Kind == token.DURATION {
		if lit.Int < 0 {
			c.errorf(e, codeLiteralKind, "", "%s must not be negative, found %s", what, lit.Raw)
		}
		return
	}
	hint := "write a duration like `30s`, `5m` or `1h`"
	if lit != nil && lit.Kind == token.INT {
		hint = "add a unit: `" + lit.Raw + "s`, `" + lit.Raw + "ms`, ..."
	}
	c.errorf(e, codeLiteralKind, hint, "%s must be a duration, found %s", what, describeExpr(e, lit))
}

// positiveDurationArg checks that e is a duration greater than zero
// (E061), as a pattern's `within` must be.
func (c *checker) positiveDurationArg(e ast.Expr, what string) {
	if e == nil {
		return
	}
	if lit := c.constLit(e); lit != nil && lit.Kind == token.DURATION && lit.Int <= 0 {
		c.errorf(e, codeLiteralKind, "write a duration like `30s`, `5m` or `1h`",
			"%s must be a positive duration, found %s", what, lit.Raw)
		return
	}
	c.durationArg(e, what)
}

// intLiteral checks that e is an integer literal >= minimum (E062).
func (c *checker) intLiteral(e ast.Expr, what string, minimum int64) {
	lit := c.constLit(e)
	if lit != nil && lit.Kind == token.INT && lit.Int >= minimum {
		return
	}
	kind := "non-negative"
	if minimum > 0 {
		kind = "positive"
	}
	c.errorf(e, codeIntLiteral, "", "%s takes a %s integer literal, found %s", what, kind, describeExpr(e, lit))
}

// forecastOp checks the parameters of .forecast(...) (vpl-original.md §8.2).
func (c *checker) forecastOp(o *ast.OpCall) {
	params := []string{"mode", "confidence", "horizon", "warmup", "max_depth", "hawkes", "conformal"}
	c.namedOnly(o, params, "write `.forecast(confidence: 0.7, horizon: 2m)`")
	for _, a := range o.Args {
		if a == nil || a.Name == nil {
			continue
		}
		lit := c.constLit(a.Value)
		kind := token.ILLEGAL
		if lit != nil {
			kind = lit.Kind
		}
		bad := ""
		switch a.Name.Name {
		case "mode":
			if kind != token.STRING || (lit.Str != "fast" && lit.Str != "balanced" && lit.Str != "accurate") {
				bad = `"fast", "balanced" or "accurate"`
			}
		case "confidence":
			if (kind != token.FLOAT && kind != token.INT) || numVal(lit) < 0 || numVal(lit) > 1 {
				bad = "a number between 0 and 1"
			}
		case "horizon":
			if kind != token.DURATION || lit.Int <= 0 {
				bad = "a positive duration"
			}
		case "warmup":
			if kind != token.INT || lit.Int < 1 || lit.Int > math.MaxInt32 {
				bad = "a positive integer (at most 2147483647)"
			}
		case "max_depth":
			// The longest context the prediction suffix tree keeps (the
			// engine's forecast.MaxDepth).
			if kind != token.INT || lit.Int < 1 || lit.Int > 16 {
				bad = "an integer from 1 to 16"
			}
		case "hawkes", "conformal":
			if kind != token.TRUE && kind != token.FALSE {
				bad = "true or false"
			}
		default:
			continue
		}
		if bad != "" {
			c.errorf(a.Value, codeLiteralKind, "", "forecast parameter `%s` must be %s, found %s", a.Name.Name, bad, describeExpr(a.Value, lit))
		}
	}
}

func numVal(l *ast.BasicLit) float64 {
	if l.Kind == token.INT {
		return float64(l.Int)
	}
	return l.Float
}

// patternPartitionKey reports a pattern stream's partition key expression
// that reads a step alias other than as a plain `a.f`: the key is computed
// from each event alone (`a.f` means the field f of every event), so
// `lower(a.k)` would read no bound event and put every event under null.
func (c *checker) patternPartitionKey(sc *streamCtx, e ast.Expr) {
	if sel, ok := unparen(e).(*ast.SelectorExpr); ok {
		if id, ok := sel.X.(*ast.Ident); ok && sc.aliases[id.Name] != nil {
			return // a.f: the field f of every event
		}
	}
	ast.Inspect(e, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if id, ok := sel.X.(*ast.Ident); ok && sc.aliases[id.Name] != nil {
			c.errorf(sel, codeOpArgs, "partition on the field itself: `.partition_by("+sel.Sel.Name+")`",
				"the partition key of a pattern is computed from each event alone: `%s.%s` can only be the whole key", id.Name, sel.Sel.Name)
			return false
		}
		return true
	})
}
