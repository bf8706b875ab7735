package engine

import (
	"container/list"
	"errors"
	"fmt"
	"strings"

	"github.com/varpulis/varpulis-go/engine/agg"
	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/expr"
	"github.com/varpulis/varpulis-go/engine/timekeeper"
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/engine/window"
	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/diag"
	"github.com/varpulis/varpulis-go/vpl/joinkey"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// Diagnostic codes reported by the engine's compiler. They match the
// checker's codes where the condition is the same.
const (
	codeDupStream      = "E002"
	codeDupConnector   = "E004"
	codeDupContext     = "E005"
	codeHavingNoAgg    = "E010"
	codeTwoAggregates  = "E011"
	codeTwoWindows     = "E012"
	codeWithinNoSeq    = "E020"
	codeUnknownConn    = "E030"
	codeUnknownContext = "E031"
	codeBadLiteral     = "E060"
	codeBadDuration    = "E061"
	codeUnknownAgg     = "E070"
	codeAggArgs        = "E071"
	codeAggBareField   = "E073"
	codeBadParam       = "E080"
	codeUnsupported    = "E090"
	codeBatchPlace     = "E093"
	codeCycle          = "E100"
	codeBadArg         = "E101"
	codeBadExpr        = "E102"
)

// compiler turns a file into streams.
type compiler struct {
	e     *Engine
	file  *ast.File
	diags diag.List
	env   *exprEnv

	decls      []*ast.StreamDecl
	byName     map[string]*stream
	connectors map[string]*ast.ConnectorDecl
	contexts   map[string]bool
	patterns   map[string]*ast.PatternDecl
	sinks      map[string]Sink
	// deps: stream index -> indexes of streams it reads (for cycle checks)
	deps [][]int
	// trends are the .trend_aggregate sharing groups (trend_stage.go).
	trends []*trendGroup
}

func (c *compiler) errorf(n ast.Node, code, format string, args ...any) {
	if n == nil {
		c.diags.Errorf(token.NoPos, token.NoPos, code, format, args...)
		return
	}
	c.diags.Errorf(n.Pos(), n.End(), code, format, args...)
}

// compileProgram compiles file into e.
func compileProgram(e *Engine, file *ast.File) error {
	c := &compiler{
		e:          e,
		file:       file,
		byName:     make(map[string]*stream),
		connectors: make(map[string]*ast.ConnectorDecl),
		contexts:   make(map[string]bool),
		patterns:   make(map[string]*ast.PatternDecl),
		sinks:      make(map[string]Sink),
	}
	env, err := newExprEnv(e, file)
	if err != nil {
		var le *diag.ListError
		if errors.As(err, &le) {
			return err
		}
		c.exprError(nil, err) // keeps the positions of expression errors
		return c.diags.Err(e.fset)
	}
	c.env = env
	e.globals = env.globals()

	for _, st := range file.Stmts {
		switch d := st.(type) {
		case *ast.StreamDecl:
			if _, dup := c.byName[d.Name.Name]; dup {
				c.errorf(d.Name, codeDupStream, "stream %s is declared twice", d.Name.Name)
				continue
			}
			s := &stream{e: e, idx: len(c.decls), name: d.Name.Name}
			c.decls = append(c.decls, d)
			c.byName[s.name] = s
			e.streams = append(e.streams, s)
		case *ast.ConnectorDecl:
			if _, dup := c.connectors[d.Name.Name]; dup {
				c.errorf(d.Name, codeDupConnector, "connector %s is declared twice", d.Name.Name)
			}
			c.connectors[d.Name.Name] = d
		case *ast.ContextDecl:
			if c.contexts[d.Name.Name] {
				c.errorf(d.Name, codeDupContext, "context %s is declared twice", d.Name.Name)
			}
			c.contexts[d.Name.Name] = true
		case *ast.PatternDecl:
			c.patterns[d.Name.Name] = d
		case *ast.EventDecl:
			for _, f := range d.Fields {
				ty := f.Type
				if o, ok := ty.(*ast.OptionalType); ok {
					ty = o.Elem
				}
				if nt, ok := ty.(*ast.NamedType); ok && nt.Name.Name == "timestamp" {
					if e.tsFields == nil {
						e.tsFields = make(map[string]string)
					}
					e.tsFields[d.Name.Name] = f.Name.Name
					break
				}
			}
		}
	}
	c.placeStreams()
	c.inheritWatermarks()
	c.deps = make([][]int, len(c.decls))
	for i, d := range c.decls {
		c.compileStream(e.streams[i], d)
	}
	c.checkCycles()
	if e.opts.Owned != nil && !c.diags.HasErrors() {
		c.restrictToOwned()
	}
	for _, s := range c.sinks {
		e.sinks = append(e.sinks, s)
	}
	if c.diags.HasErrors() {
		c.diags.Sort()
		return c.diags.Err(e.fset)
	}
	return nil
}

// checkCycles reports streams that read themselves through other streams.
func (c *compiler) checkCycles() {
	const (
		white = iota
		grey
		black
	)
	color := make([]int, len(c.decls))
	var visit func(i int) bool
	visit = func(i int) bool {
		color[i] = grey
		for _, j := range c.deps[i] {
			switch color[j] {
			case grey:
				return true
			case white:
				if visit(j) {
					return true
				}
			}
		}
		color[i] = black
		return false
	}
	for i := range c.decls {
		if color[i] == white && visit(i) {
			d := c.decls[i]
			c.errorf(d.Name, codeCycle, "stream %s is part of a cycle of streams reading each other", d.Name.Name)
			return
		}
	}
}

// isPatternStream reports whether the stream needs the pattern matcher.
func (c *compiler) isPatternStream(d *ast.StreamDecl) bool {
	switch src := d.Source.(type) {
	case *ast.SequenceSource:
		return true
	case *ast.SimpleSource:
		if src.All.IsValid() {
			return true
		}
		if c.namedPattern(d) != nil {
			return true
		}
	}
	for _, op := range d.Ops {
		switch op := op.(type) {
		case *ast.FollowedBy, *ast.NotOp:
			return true
		case *ast.OpCall:
			if op.Name.Name == "trend_aggregate" {
				return true
			}
		}
	}
	return false
}

// subscribe makes s read source name on port; it returns false when name
// is neither a stream nor usable as an event type.
func (c *compiler) subscribe(s *stream, name string, port int, late bool) {
	if src, ok := c.byName[name]; ok && src != s {
		c.deps[s.idx] = append(c.deps[s.idx], src.idx)
		if late {
			src.lateReaders = append(src.lateReaders, sub{s: s, port: port})
			src.checkLate = true
			return
		}
		src.readers = append(src.readers, sub{s: s, port: port})
		return
	}
	c.e.routes[name] = append(c.e.routes[name], sub{s: s, port: port})
}

// compileStream compiles one stream declaration.
func (c *compiler) compileStream(s *stream, d *ast.StreamDecl) {
	if hasTrendAggregate(d) {
		c.compileTrend(s, d) // trend_stage.go
		return
	}
	if c.isPatternStream(d) {
		pat, rest, sc, ok := c.compilePattern(s, d)
		if !ok {
			return
		}
		s.kind, s.pat = inputPattern, pat
		s.binds = make([]expr.Binding, sc.size())
		if chain := c.compileOps(s, d, rest, sc); chain != nil {
			s.head = chain
		}
		return
	}
	ops := d.Ops
	var aliases []string
	eventAlias := ""
	switch src := d.Source.(type) {
	case *ast.SimpleSource:
		s.kind = inputSimple
		late, noInput := false, false
		if len(ops) > 0 {
			if oc, ok := ops[0].(*ast.OpCall); ok && oc.Name.Name == "late" && len(oc.Args) == 0 {
				// Lateness belongs to a stream: the late stream of an event
				// type receives nothing (the checker warns, W092).
				_, isStream := c.byName[src.Name.Name]
				late, noInput = true, !isStream
				ops = ops[1:]
			}
		}
		if src.Alias != nil {
			eventAlias = src.Alias.Name
		}
		if !noInput {
			c.subscribe(s, src.Name.Name, 0, late)
		}
	case *ast.FromSource:
		s.kind = inputSimple
		if _, ok := c.connectors[src.Connector.Name]; !ok {
			c.errorf(src.Connector, codeUnknownConn, "unknown connector %s", src.Connector.Name)
		}
		c.subscribe(s, src.Type.Name, 0, false)
	case *ast.MergeSource:
		s.kind = inputMerge
		c.compileMerge(s, src)
	case *ast.JoinSource:
		s.kind = inputJoin
		var rest []ast.Op
		aliases, rest = c.compileJoin(s, src, ops)
		if aliases == nil {
			return
		}
		ops = rest
	case *ast.TimerSource:
		s.kind = inputTimer
		c.compileTimer(s, src, d)
	case *ast.BadSource:
		c.errorf(src, codeBadExpr, "invalid stream source")
		return
	default:
		c.errorf(d.Source, codeUnsupported, "unsupported stream source")
		return
	}
	sc := c.env.scope(aliases)
	if eventAlias != "" {
		sc = c.env.eventScope(eventAlias)
	}
	s.binds = make([]expr.Binding, sc.size())
	if s.kind == inputJoin {
		s.join.binds = make([]expr.Binding, sc.size())
		s.join.ctx = c.e.newCtx()
		for i, src := range s.join.keySrc {
			for _, k := range src {
				ev, err := c.env.compile(k, sc)
				if err != nil {
					c.exprError(k, err)
					continue
				}
				s.join.keys[i] = append(s.join.keys[i], ev)
			}
		}
	}
	if s.kind == inputMerge {
		for p, conds := range s.merge.src {
			for _, cond := range conds {
				if cond == nil {
					s.merge.ports[p] = append(s.merge.ports[p], nil)
					continue
				}
				ev, err := c.env.compile(cond, c.env.scope(nil))
				if err != nil {
					c.exprError(cond, err)
					continue
				}
				s.merge.ports[p] = append(s.merge.ports[p], ev)
			}
		}
		s.merge.ctx = c.e.newCtx()
	}
	chain := c.compileOps(s, d, ops, sc)
	if chain == nil {
		return
	}
	s.head = chain
	if s.kind == inputJoin && len(s.join.residual) > 0 {
		// Non-equality conditions of .on(...) filter joined events first.
		for i := len(s.join.residual) - 1; i >= 0; i-- {
			cond, err := c.env.compile(s.join.residual[i], sc)
			if err != nil {
				c.exprError(s.join.residual[i], err)
				continue
			}
			w := &whereOp{cond: cond, ctx: c.e.newCtx()}
			w.setNext(s.head)
			s.head = w
		}
	}
}

func (c *compiler) exprError(n ast.Node, err error) {
	var le *diag.ListError
	if errors.As(err, &le) {
		c.diags = append(c.diags, le.List...)
		return
	}
	var el expr.ErrorList
	if errors.As(err, &el) {
		c.diags = append(c.diags, el.Diagnostics()...)
		return
	}
	var ee *expr.Error
	if errors.As(err, &ee) {
		c.diags = append(c.diags, ee.Diagnostic())
		return
	}
	c.errorf(n, codeBadExpr, "%v", err)
}

// ---------------------------------------------------------------------------
// merge / join / timer sources

func (c *compiler) compileMerge(s *stream, src *ast.MergeSource) {
	m := &mergeInput{}
	ports := map[string]int{}
	for _, in := range src.Inputs {
		name := in.Source.Name
		p, ok := ports[name]
		if !ok {
			p = len(m.src)
			ports[name] = p
			m.src = append(m.src, nil)
			m.ports = append(m.ports, nil)
			c.subscribe(s, name, p, false)
		}
		var cond ast.Expr
		for _, op := range in.Ops {
			oc, ok := op.(*ast.OpCall)
			if !ok || (oc.Name.Name != "where" && oc.Name.Name != "filter") || len(oc.Args) != 1 {
				c.errorf(op, codeBadArg, "a merge input only takes .where(condition)")
				continue
			}
			if cond == nil {
				cond = oc.Args[0].Value
			} else {
				cond = &ast.BinaryExpr{X: cond, OpPos: oc.Pos(), Op: token.AND, Y: oc.Args[0].Value}
			}
		}
		m.src[p] = append(m.src[p], cond)
	}
	s.merge = m
}

// compileJoin sets up the join of s and returns the source aliases and the
// operations left for the chain (.on and the join's .window are consumed).
func (c *compiler) compileJoin(s *stream, src *ast.JoinSource, ops []ast.Op) ([]string, []ast.Op) {
	j := &joinOp{s: s, window: 60_000_000_000, pending: timekeeper.Never}
	var conds []ast.Expr
	for i, in := range src.Inputs {
		alias := in.Source.Name
		if in.Name != nil {
			alias = in.Name.Name
		}
		j.names = append(j.names, alias)
		typ := c.passThroughType(in.Source.Name)
		if typ == "" {
			typ = in.Source.Name // an event type, or a stream (its events carry its name)
		}
		j.types = append(j.types, typ)
		c.subscribe(s, in.Source.Name, i, false)
		for _, op := range in.Ops {
			oc, ok := op.(*ast.OpCall)
			if !ok || (oc.Name.Name != "on" && oc.Name.Name != "where") || len(oc.Args) != 1 {
				c.errorf(op, codeBadArg, "a join input only takes .on(condition)")
				continue
			}
			conds = append(conds, oc.Args[0].Value)
		}
	}
	if len(j.names) < 2 {
		c.errorf(src, codeBadArg, "join needs at least two inputs")
		return nil, nil
	}
	var rest []ast.Op
	haveWindow := false
	for _, op := range ops {
		if oc, ok := op.(*ast.OpCall); ok {
			switch oc.Name.Name {
			case "on":
				if len(oc.Args) != 1 {
					c.errorf(oc, codeBadArg, ".on takes one condition")
					continue
				}
				conds = append(conds, oc.Args[0].Value)
				continue
			case "window":
				if !haveWindow {
					haveWindow = true
					if len(oc.Args) != 1 || oc.Args[0].Name != nil {
						c.errorf(oc, codeBadArg, "the window of a join is one duration")
						continue
					}
					d, ok := durationLit(c.fold(oc.Args[0].Value))
					if !ok || d <= 0 {
						c.errorf(oc.Args[0].Value, codeBadDuration, "the window of a join must be a positive duration literal")
						continue
					}
					j.window = d
					continue
				}
			}
		}
		rest = append(rest, op)
	}
	j.typeRead = make([]bool, len(j.names))
	for i, typ := range j.types {
		j.typeRead[i] = typ != j.names[i] && opsMayRead(rest, typ)
	}
	j.keySrc = make([][]ast.Expr, len(j.names))
	j.keys = make([][]expr.Eval, len(j.names))
	c.joinKeys(j, conds)
	j.bufs = make(map[value.Key]*joinKey)
	j.chosen = make([]*event.Event, len(j.names))
	j.tidx = c.e.registerTimed(j)
	s.join = j
	s.checkLate = true
	return j.names, rest
}

// opsMayRead reports whether ops may read a field through the name base
// (`base.f`): an identifier base anywhere in them, or an operation that
// shows the whole event (.print, .log, .tap).
func opsMayRead(ops []ast.Op, base string) bool {
	found := false
	for _, op := range ops {
		if oc, ok := op.(*ast.OpCall); ok {
			switch oc.Name.Name {
			case "print", "log", "tap":
				return true
			}
		}
		ast.Inspect(op, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && id.Name == base {
				found = true
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// inheritWatermarks gives a stream that reads one other stream (a plain
// `stream W = R ...` source) and declares no `.watermark` or
// `.allowed_lateness` of its own the setting of the stream it reads, so
// that out-of-order tolerance and allowed lateness declared where events
// enter hold for the windows and patterns downstream (a window over R's
// output would otherwise count R's tolerated stragglers as late). The
// settings a stream declares itself are read here too; compileOps reads
// and checks them again.
func (c *compiler) inheritWatermarks() {
	n := len(c.decls)
	src := make([]int, n)     // index of the stream read, or -1
	own := make([][2]bool, n) // declares watermark, allowed_lateness
	for i, d := range c.decls {
		s := c.e.streams[i]
		src[i] = -1
		if ss, ok := d.Source.(*ast.SimpleSource); ok {
			if r, ok := c.byName[ss.Name.Name]; ok && r != s {
				src[i] = r.idx
			}
		}
		for _, op := range d.Ops {
			oc, ok := op.(*ast.OpCall)
			if !ok {
				continue
			}
			switch {
			case oc.Name.Name == "late" && len(oc.Args) == 0:
				src[i] = -1 // reads the late events of its source
			case oc.Name.Name == "watermark":
				own[i][0] = true
				for _, a := range oc.Args {
					if a.Name != nil && a.Name.Name == "out_of_order" {
						if dur, ok := durationLit(c.fold(a.Value)); ok && dur >= 0 {
							s.tolerance = dur
						}
					}
				}
			case oc.Name.Name == "allowed_lateness" && len(oc.Args) == 1:
				own[i][1] = true
				if dur, ok := durationLit(c.fold(oc.Args[0].Value)); ok && dur >= 0 {
					s.lateness = dur
				}
			}
		}
	}
	// Follow chains of readers (at most n steps; a cycle is reported by
	// checkCycles and simply stops changing).
	for range n {
		changed := false
		for i := range n {
			if src[i] < 0 {
				continue
			}
			s, r := c.e.streams[i], c.e.streams[src[i]]
			if !own[i][0] && s.tolerance != r.tolerance {
				s.tolerance, changed = r.tolerance, true
			}
			if !own[i][1] && s.lateness != r.lateness {
				s.lateness, changed = r.lateness, true
			}
			if s.tolerance > 0 || s.lateness > 0 {
				s.checkLate = true
			}
		}
		if !changed {
			break
		}
	}
}

// passThroughType returns the event type that stream name passes through
// unchanged (`stream QuoteTick = Quote`, possibly over further such
// streams), or "" when name is an event type or a stream with operations,
// another source form or an alias.
func (c *compiler) passThroughType(name string) string {
	under := ""
	for range len(c.decls) + 1 {
		st, ok := c.byName[name]
		if !ok {
			return under
		}
		d := c.decls[st.idx]
		src, ok := d.Source.(*ast.SimpleSource)
		if !ok || len(d.Ops) > 0 || src.All.IsValid() || src.Alias != nil {
			return ""
		}
		name, under = src.Name.Name, src.Name.Name
	}
	return "" // a cycle of pass-through streams (reported elsewhere)
}

// joinKeys splits the join conditions into key components (equalities
// between expressions of two different sources, grouped into classes that
// must cover every source) and residual conditions (package joinkey).
func (c *compiler) joinKeys(j *joinOp, conds []ast.Expr) {
	k := joinkey.Split(j.names, conds)
	j.residual = append(j.residual, k.Residual...)
	for _, p := range k.Bad {
		c.errorf(p.At, codeBadArg, "join condition must equate one key expression of every join input")
	}
	for _, key := range k.Keys {
		for i, x := range key {
			j.keySrc[i] = append(j.keySrc[i], x)
		}
	}
}

func unparen(x ast.Expr) ast.Expr {
	for {
		p, ok := x.(*ast.ParenExpr)
		if !ok {
			return x
		}
		x = p.X
	}
}

func (c *compiler) compileTimer(s *stream, src *ast.TimerSource, d *ast.StreamDecl) {
	ts := &timerSource{s: s, typ: "Timer_" + d.Name.Name}
	for i, a := range src.Args {
		dur, ok := durationLit(c.fold(a.Value))
		switch {
		case a.Name == nil && i == 0:
			if !ok || dur <= 0 {
				c.errorf(a.Value, codeBadDuration, "the timer interval must be a positive duration literal")
				return
			}
			ts.interval = dur
		case a.Name != nil && a.Name.Name == "initial_delay":
			if !ok || dur < 0 {
				c.errorf(a.Value, codeBadDuration, "initial_delay must be a duration literal")
				return
			}
			ts.delay, ts.hasDelay = dur, true
		default:
			c.errorf(a, codeBadParam, "unknown timer argument")
			return
		}
	}
	if ts.interval <= 0 {
		c.errorf(src, codeBadArg, "timer needs an interval")
		return
	}
	ts.tidx = c.e.registerTimed(ts)
	c.e.timerSources = append(c.e.timerSources, ts)
	// Input events of the tick type drive the stream too, as in the
	// original, where injected Timer_<Name> events were the only ticks.
	c.subscribe(s, ts.typ, 0, false)
}

// durationLit returns the nanoseconds of a duration literal.
func durationLit(x ast.Expr) (int64, bool) {
	if b, ok := unparen(x).(*ast.BasicLit); ok && b.Kind == token.DURATION {
		return b.Int, true
	}
	return 0, false
}

// fold returns x, or, when x is a constant expression of a duration, an
// integer or a float (a literal, or an expression over global constants
// such as `W` after `const W = 5s`, vpl.md §3), a literal of its value at
// x's position: arguments that must be literals accept named constants.
func (c *compiler) fold(x ast.Expr) ast.Expr {
	if _, ok := unparen(x).(*ast.BasicLit); ok || x == nil || c.env == nil {
		return x
	}
	v, ok, err := expr.Const(x, expr.NewScope(c.env.prog))
	if err != nil || !ok {
		return x
	}
	lit := &ast.BasicLit{ValuePos: x.Pos()}
	switch v.Kind() {
	case value.KindDuration:
		lit.Kind, lit.Int = token.DURATION, v.AsDuration()
	case value.KindInt:
		lit.Kind, lit.Int = token.INT, v.AsInt()
	case value.KindFloat:
		lit.Kind, lit.Float = token.FLOAT, v.AsFloat()
	default:
		return x
	}
	return lit
}

// intLit returns the value of an integer literal (a leading minus allowed).
func intLit(x ast.Expr) (int64, bool) {
	switch x := unparen(x).(type) {
	case *ast.BasicLit:
		if x.Kind == token.INT {
			return x.Int, true
		}
	case *ast.UnaryExpr:
		if x.Op == token.SUB {
			if v, ok := intLit(x.X); ok {
				return -v, true
			}
		}
	}
	return 0, false
}

// numberLit returns the value of an int or float literal.
func numberLit(x ast.Expr) (float64, bool) {
	switch x := unparen(x).(type) {
	case *ast.BasicLit:
		switch x.Kind {
		case token.INT:
			return float64(x.Int), true
		case token.FLOAT:
			return x.Float, true
		}
	case *ast.UnaryExpr:
		if x.Op == token.SUB {
			if v, ok := numberLit(x.X); ok {
				return -v, true
			}
		}
	}
	return 0, false
}

// ---------------------------------------------------------------------------
// operations

// pendingWindow is a .window(...) waiting for the operations after it.
type pendingWindow struct {
	op      *ast.OpCall
	spec    window.Spec
	filters []*batchFilter // .pattern(...) right after the window
}

// lastOp returns the last operation of chain, nil when it is empty.
func lastOp(chain []chainOp) chainOp {
	if len(chain) == 0 {
		return nil
	}
	return chain[len(chain)-1]
}

// compileOps builds the chain of operations of s and returns its head.
func (c *compiler) compileOps(s *stream, d *ast.StreamDecl, ops []ast.Op, sc *exprScope) operator {
	var chain []chainOp
	add := func(op chainOp) { chain = append(chain, op) }

	var (
		partKey     ast.Expr
		win         *pendingWindow
		winSeen     bool
		winIdx      = -1 // index in chain where the window's inner ops start
		aggSeen     bool
		hasEmit     bool
		hasProcess  bool
		timeWindows bool
		// buf is the window without a later aggregate, bufEnd the chain
		// length just after it (a .pattern must follow it directly).
		buf    *windowBuf
		bufEnd = -1
	)
	// First pass: metadata operations that apply to the whole stream.
	for _, op := range ops {
		oc, ok := op.(*ast.OpCall)
		if !ok {
			continue
		}
		switch oc.Name.Name {
		case "watermark":
			for _, a := range oc.Args {
				if a.Name == nil || a.Name.Name != "out_of_order" {
					c.errorf(a, codeBadParam, ".watermark only takes out_of_order: duration")
					continue
				}
				dur, ok := durationLit(c.fold(a.Value))
				if !ok || dur < 0 {
					c.errorf(a.Value, codeBadDuration, "out_of_order must be a duration literal")
					continue
				}
				s.tolerance = dur
				s.checkLate = true
			}
		case "allowed_lateness":
			if len(oc.Args) != 1 {
				c.errorf(oc, codeBadArg, ".allowed_lateness takes one duration")
				continue
			}
			dur, ok := durationLit(c.fold(oc.Args[0].Value))
			if !ok || dur < 0 {
				c.errorf(oc.Args[0].Value, codeBadDuration, ".allowed_lateness needs a duration literal")
				continue
			}
			s.lateness = dur
			s.checkLate = true
		}
	}

	emptyBinds := make([]expr.Binding, sc.size())
	for i, op := range ops {
		if po, isPat := op.(*ast.PatternOp); isPat {
			f := c.compileBatchFilter(po)
			if f == nil {
				continue
			}
			switch {
			case win != nil && len(chain) == winIdx:
				win.filters = append(win.filters, f)
			case buf != nil && len(chain) == bufEnd:
				buf.filters = append(buf.filters, f)
			case winSeen && !aggSeen:
				c.errorf(po, codeBatchPlace, "write .pattern(...) right after .window(...): it tests the window's batch of events")
			default:
				// No window: every item is a batch of one.
				if last, ok := lastOp(chain).(*batchOneOp); ok {
					last.filters = append(last.filters, f)
				} else {
					add(&batchOneOp{filters: []*batchFilter{f}})
				}
			}
			continue
		}
		oc, ok := op.(*ast.OpCall)
		if !ok {
			c.errorf(op, codeUnsupported, "unsupported operation in stream %s", s.name)
			continue
		}
		name := oc.Name.Name
		switch name {
		case "where", "filter", "having":
			if len(oc.Args) != 1 || oc.Args[0].Name != nil {
				c.errorf(oc, codeBadArg, ".%s takes one condition", name)
				continue
			}
			if name == "having" && !aggSeen {
				c.errorf(oc, codeHavingNoAgg, ".having needs an earlier .aggregate")
				continue
			}
			if lit, ok := unparen(oc.Args[0].Value).(*ast.BasicLit); ok && lit.Kind != token.TRUE && lit.Kind != token.FALSE {
				c.errorf(lit, codeBadLiteral, ".%s condition is a %s literal, not a boolean", name, strings.ToLower(lit.Kind.String()))
				continue
			}
			cond, err := c.env.compile(oc.Args[0].Value, sc)
			if err != nil {
				c.exprError(oc.Args[0].Value, err)
				continue
			}
			add(&whereOp{cond: cond, ctx: c.e.newCtx()})
		case "select", "emit":
			fields := c.fieldList(oc, sc, name == "emit")
			if name == "select" {
				add(&selectOp{fields: fields, ctx: c.e.newCtx()})
			} else {
				hasEmit = true
				add(&emitOp{s: s, fields: fields, ctx: c.e.newCtx()})
			}
		case "print":
			if s.muted {
				continue // side effects belong to the engine owning s
			}
			p := &printOp{s: s, ctx: c.e.newCtx()}
			for _, a := range oc.Args {
				ev, err := c.env.compile(a.Value, sc)
				if err != nil {
					c.exprError(a.Value, err)
					continue
				}
				p.args = append(p.args, ev)
			}
			add(p)
		case "log":
			if s.muted {
				continue
			}
			l := &logOp{s: s, level: logLevel("info"), message: "log", ctx: c.e.newCtx()}
			for _, a := range oc.Args {
				if a.Name == nil {
					c.errorf(a, codeBadParam, ".log arguments are named (level, message, data, ...)")
					continue
				}
				switch a.Name.Name {
				case "level", "message":
					lit, ok := unparen(a.Value).(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						c.errorf(a.Value, codeBadParam, ".log %s must be a string literal", a.Name.Name)
						continue
					}
					if a.Name.Name == "level" {
						l.level = logLevel(lit.Str)
					} else {
						l.message = lit.Str
					}
				default:
					ev, err := c.env.compile(a.Value, sc)
					if err != nil {
						c.exprError(a.Value, err)
						continue
					}
					l.attrs = append(l.attrs, fieldEval{name: a.Name.Name, eval: ev})
				}
			}
			add(l)
		case "tap":
			if !s.muted {
				add(&tapOp{s: s})
			}
		case "distinct":
			dop := &distinctOp{ctx: c.e.newCtx(), max: c.e.opts.MaxDistinct}
			dop.seen = make(map[value.Key]*list.Element)
			dop.order = list.New()
			switch len(oc.Args) {
			case 0:
			case 1:
				ev, err := c.env.compile(oc.Args[0].Value, sc)
				if err != nil {
					c.exprError(oc.Args[0].Value, err)
					continue
				}
				dop.key = ev
			default:
				c.errorf(oc, codeBadArg, ".distinct takes at most one expression")
				continue
			}
			add(dop)
		case "limit", "first":
			n := int64(1)
			if name == "limit" {
				if len(oc.Args) != 1 {
					c.errorf(oc, codeBadArg, ".limit takes one integer")
					continue
				}
				v, ok := intLit(c.fold(oc.Args[0].Value))
				if !ok || v < 0 {
					c.errorf(oc.Args[0].Value, codeBadArg, ".limit needs a non-negative integer literal")
					continue
				}
				n = v
			} else if len(oc.Args) != 0 {
				c.errorf(oc, codeBadArg, ".first takes no argument")
				continue
			}
			add(&limitOp{n: n})
		case "process":
			if len(oc.Args) != 1 {
				c.errorf(oc, codeBadArg, ".process takes one function call")
				continue
			}
			ev, err := c.env.compile(oc.Args[0].Value, sc)
			if err != nil {
				c.exprError(oc.Args[0].Value, err)
				continue
			}
			hasProcess = true
			add(newProcessOp(c.e, ev))
		case "to":
			if s.muted {
				continue
			}
			if sink := c.sinkFor(oc); sink != nil {
				add(&toOp{s: s, sink: sink})
			}
		case "context":
			if len(oc.Args) != 1 {
				c.errorf(oc, codeBadArg, ".context takes one context name")
				continue
			}
			id, ok := oc.Args[0].Value.(*ast.Ident)
			if !ok || !c.contexts[id.Name] {
				c.errorf(oc.Args[0].Value, codeUnknownContext, "unknown context %s", exprText(oc.Args[0].Value))
			}
		case "watermark", "allowed_lateness":
			// handled in the first pass
		case "partition_by":
			if len(oc.Args) != 1 {
				c.errorf(oc, codeBadArg, ".partition_by takes one key expression")
				continue
			}
			if partKey == nil {
				partKey = oc.Args[0].Value
			}
		case "window":
			if winSeen {
				c.errorf(oc, codeTwoWindows, "a stream has at most one .window")
				continue
			}
			winSeen = true
			spec, ok := c.windowSpec(oc)
			if !ok {
				continue
			}
			win = &pendingWindow{op: oc, spec: spec}
			winIdx = len(chain)
			timeWindows = spec.Kind.IsTime()
			if !hasLaterAggregate(ops[i+1:]) {
				// The window releases events to the rest of the chain.
				buf = c.newWindowBuf(s, spec, partKey, sc)
				add(buf)
				bufEnd = len(chain)
				win = nil
			}
		case "aggregate":
			if aggSeen {
				c.errorf(oc, codeTwoAggregates, "a stream has at most one .aggregate")
				continue
			}
			aggSeen = true
			def := c.aggDef(s, oc, partKey, sc, win == nil)
			if def == nil {
				continue
			}
			if win == nil {
				add(&runningAgg{s: s, d: def, parts: make(map[value.Key]*runningPart), one: &runningPart{accs: def.newAccs()}, binds: emptyBinds, kctx: c.e.newCtx()})
				continue
			}
			// Operations between the window and the aggregate run per event
			// before the accumulators.
			inner := chain[winIdx:]
			chain = chain[:winIdx]
			if len(win.filters) > 0 {
				// .pattern tests whole windows: buffer each window, test
				// it, then aggregate the kept ones.
				b := c.newWindowBuf(s, win.spec, partKey, sc)
				ba := &batchAgg{s: s, d: def, binds: emptyBinds, timeOrd: win.spec.Kind.IsTime()}
				var head operator = &batchSink{b: ba}
				for k := len(inner) - 1; k >= 0; k-- {
					inner[k].setNext(head)
					head = inner[k]
				}
				ba.inner = head
				b.filters, b.agg = win.filters, ba
				add(b)
				win = nil
				continue
			}
			w := c.newWindowAgg(s, win.spec, def, emptyBinds)
			var head operator = &accSink{w: w}
			for k := len(inner) - 1; k >= 0; k-- {
				inner[k].setNext(head)
				head = inner[k]
			}
			w.inner = head
			add(w)
			win = nil
		case "within":
			c.errorf(oc, codeWithinNoSeq, ".within needs a sequence (-> steps, .not or a sequence source)")
		case "forecast":
			if s.pat != nil {
				if op := c.compileForecast(s, oc, len(chain) == 0); op != nil {
					add(op)
				}
				continue
			}
			c.errorf(oc, codeUnsupported, ".forecast needs a sequence pattern (-> steps)")
		case "on":
			// Outside a join .on has no effect, as in the original (the
			// checker warns, W028).
		case "late":
			c.errorf(oc, codeBadArg, ".late() is only valid right after a stream name source")
		default:
			c.errorf(oc, codeUnsupported, "operation .%s is not supported", name)
		}
	}
	if timeWindows {
		s.checkLate = true
	}
	if hasProcess && !hasEmit {
		s.outputAtEnd = true
	}
	for _, op := range chain {
		if w, ok := op.(*windowAgg); ok {
			w.delay = timekeeper.AddSat(s.tolerance, s.lateness)
		}
		if w, ok := op.(*windowBuf); ok {
			w.delay = timekeeper.AddSat(s.tolerance, s.lateness)
		}
	}
	var head operator = &endOp{s: s}
	for k := len(chain) - 1; k >= 0; k-- {
		chain[k].setNext(head)
		head = chain[k]
	}
	return head
}

func hasLaterAggregate(ops []ast.Op) bool {
	for _, op := range ops {
		if oc, ok := op.(*ast.OpCall); ok && oc.Name.Name == "aggregate" {
			return true
		}
	}
	return false
}

// fieldList compiles the arguments of .select/.emit: `name: expr`, or a
// bare field name (or alias.field) that names itself.
func (c *compiler) fieldList(oc *ast.OpCall, sc *exprScope, emit bool) []fieldEval {
	var out []fieldEval
	for _, a := range oc.Args {
		var name string
		switch {
		case a.Name != nil:
			name = a.Name.Name
			if emit && name == "context" {
				continue // cross-context target: placement only
			}
		default:
			switch x := unparen(a.Value).(type) {
			case *ast.Ident:
				name = x.Name
			case *ast.SelectorExpr:
				name = x.Sel.Name
			default:
				c.errorf(a.Value, codeBadArg, "this %s argument needs a name (name: expression)", oc.Name.Name)
				continue
			}
		}
		ev, err := c.env.compile(a.Value, sc)
		if err != nil {
			c.exprError(a.Value, err)
			continue
		}
		out = append(out, fieldEval{name: name, eval: ev})
	}
	return out
}

// windowSpec reads the arguments of .window(...).
func (c *compiler) windowSpec(oc *ast.OpCall) (window.Spec, bool) {
	var spec window.Spec
	var size, slide ast.Expr
	for i, a := range oc.Args {
		switch {
		case a.Name == nil && i == 0:
			size = a.Value
		case a.Name != nil && a.Name.Name == "sliding":
			slide = a.Value
		case a.Name != nil && a.Name.Name == "session":
			dur, ok := durationLit(c.fold(a.Value))
			if !ok || dur <= 0 {
				c.errorf(a.Value, codeBadDuration, "the session gap must be a positive duration literal")
				return spec, false
			}
			spec = window.Spec{Kind: window.Session, Gap: dur}
		case a.Name != nil && a.Name.Name == "policy":
			// accepted and ignored, as in the original
		default:
			c.errorf(a, codeBadArg, "unknown .window argument")
			return spec, false
		}
	}
	if spec.Kind == window.Session {
		if size != nil || slide != nil {
			c.errorf(oc, codeBadArg, "a session window takes only session: gap")
			return spec, false
		}
		return spec, true
	}
	if size == nil {
		c.errorf(oc, codeBadArg, ".window needs a size: a duration or an event count")
		return spec, false
	}
	if dur, ok := durationLit(c.fold(size)); ok {
		spec = window.Spec{Kind: window.Tumbling, Size: dur, Slide: dur}
		if slide != nil {
			p, ok := durationLit(c.fold(slide))
			if !ok {
				c.errorf(slide, codeBadDuration, "the slide of a time window must be a duration literal")
				return spec, false
			}
			spec.Kind, spec.Slide = window.Sliding, p
		}
	} else if n, ok := intLit(c.fold(size)); ok {
		spec = window.Spec{Kind: window.Count, Size: n}
		if slide != nil {
			p, ok := intLit(c.fold(slide))
			if !ok {
				c.errorf(slide, codeBadArg, "the slide of a count window must be an integer literal")
				return spec, false
			}
			spec.Kind, spec.Slide = window.SlidingCount, p
		}
	} else {
		c.errorf(size, codeBadArg, "the window size must be a duration or an integer literal")
		return spec, false
	}
	if err := spec.Validate(); err != nil {
		c.errorf(oc, codeBadArg, "%v", err)
		return spec, false
	}
	return spec, true
}

func (c *compiler) partitionKey(partKey ast.Expr, sc *exprScope) (expr.Eval, string, bool) {
	if partKey == nil {
		return nil, "", true
	}
	ev, err := c.env.compile(partKey, sc)
	if err != nil {
		c.exprError(partKey, err)
		return nil, "", false
	}
	name := "key"
	switch x := unparen(partKey).(type) {
	case *ast.Ident:
		name = x.Name
	case *ast.SelectorExpr:
		name = x.Sel.Name
	}
	return ev, name, true
}

func (c *compiler) newWindowBuf(s *stream, spec window.Spec, partKey ast.Expr, sc *exprScope) *windowBuf {
	key, _, _ := c.partitionKey(partKey, sc)
	w := &windowBuf{s: s, spec: spec, key: key, kctx: c.e.newCtx(), byKey: make(map[value.Key]int), pending: timekeeper.Never}
	if spec.Kind == window.Tumbling || spec.Kind == window.Sliding {
		w.g = window.NewPanes(spec.Size, spec.Slide)
	}
	if spec.Kind.IsTime() {
		w.tidx = c.e.registerTimed(w)
	}
	return w
}

func (c *compiler) newWindowAgg(s *stream, spec window.Spec, def *aggDef, binds []expr.Binding) *windowAgg {
	w := &windowAgg{s: s, d: def, spec: spec, byKey: make(map[value.Key]int), kctx: c.e.newCtx(), binds: binds, pending: timekeeper.Never}
	if spec.Kind == window.Tumbling || spec.Kind == window.Sliding {
		w.g = window.NewPanes(spec.Size, spec.Slide)
	}
	if spec.Kind.IsTime() {
		w.tidx = c.e.registerTimed(w)
	}
	return w
}

// aggDef compiles the items of .aggregate(...).
func (c *compiler) aggDef(s *stream, oc *ast.OpCall, partKey ast.Expr, sc *exprScope, running bool) *aggDef {
	key, keyName, ok := c.partitionKey(partKey, sc)
	if !ok {
		return nil
	}
	d := &aggDef{key: key, keyName: keyName, running: running, ctx: c.e.newCtx(), rowCtx: c.e.newCtx()}
	ok = true
	for _, a := range oc.Args {
		if a.Name == nil {
			c.errorf(a.Value, codeAggBareField, "aggregate items are written name: function(...)")
			ok = false
			continue
		}
		x := unparen(a.Value)
		if call, isCall := x.(*ast.CallExpr); isCall {
			if leaf, found := c.aggLeaf(d, call, sc, running); found {
				if leaf < 0 {
					ok = false
					continue
				}
				d.items = append(d.items, aggItem{name: a.Name.Name, leaf: leaf})
				continue
			}
		}
		if id, isIdent := x.(*ast.Ident); isIdent {
			c.errorf(id, codeAggBareField, "aggregate item %s: %s is a field, not an aggregate; use last(%s) to carry a field through", a.Name.Name, id.Name, id.Name)
			ok = false
			continue
		}
		// A composite item: aggregate calls combined by an expression. The
		// calls become leaves read back as scratch fields.
		n := 0
		rewritten, err := c.rewriteAgg(d, x, sc, running, &n)
		if err != nil {
			c.errorf(x, codeUnknownAgg, "%v", err)
			ok = false
			continue
		}
		if n == 0 {
			c.errorf(x, codeAggBareField, "aggregate item %s uses no aggregate function", a.Name.Name)
			ok = false
			continue
		}
		ev, err := c.env.compile(rewritten, c.env.scope(nil))
		if err != nil {
			c.exprError(x, err)
			ok = false
			continue
		}
		d.items = append(d.items, aggItem{name: a.Name.Name, leaf: -1, eval: ev})
	}
	if !ok {
		return nil
	}
	d.leafEv = &event.Event{Fields: make([]event.Field, len(d.leaves))}
	for i := range d.leaves {
		d.leafEv.Fields[i].Name = leafFieldName(i)
	}
	return d
}

// aggCallName returns the aggregate function a call invokes, if any.
func (c *compiler) aggCallName(call *ast.CallExpr) (string, bool) {
	id, ok := call.Fun.(*ast.Ident)
	if !ok {
		return "", false
	}
	if c.env.isUserFunc(id.Name) {
		return "", false
	}
	if id.Name == "count" && len(call.Args) == 1 {
		if inner, ok := unparen(call.Args[0].Value).(*ast.CallExpr); ok {
			if iid, ok := inner.Fun.(*ast.Ident); ok && iid.Name == "distinct" {
				return "count_distinct", true
			}
		}
	}
	return id.Name, agg.IsAggregate(id.Name)
}

// aggLeaf compiles an aggregate call into a leaf. found is false when the
// call is not an aggregate; idx is -1 after an error.
func (c *compiler) aggLeaf(d *aggDef, call *ast.CallExpr, sc *exprScope, running bool) (idx int, found bool) {
	name, ok := c.aggCallName(call)
	if !ok {
		if id, isIdent := call.Fun.(*ast.Ident); isIdent && !c.env.isFunc(id.Name) {
			c.errorf(call.Fun, codeUnknownAgg, "unknown aggregate function %s", id.Name)
			return -1, true
		}
		return 0, false
	}
	args := call.Args
	if name == "count_distinct" && len(args) == 1 {
		if inner, ok := unparen(args[0].Value).(*ast.CallExpr); ok {
			if iid, ok := inner.Fun.(*ast.Ident); ok && iid.Name == "distinct" {
				args = inner.Args
			}
		}
	}
	fn, _ := agg.Lookup(name)
	var params []float64
	if fn.Params > 0 && len(args) == fn.MaxArgs {
		for _, p := range args[len(args)-fn.Params:] {
			v, ok := numberLit(c.fold(p.Value))
			if !ok {
				c.errorf(p.Value, codeAggArgs, "%s: the parameter must be a number literal", name)
				return -1, true
			}
			params = append(params, v)
		}
		args = args[:len(args)-fn.Params]
	}
	spec, err := agg.NewSpec(name, len(args), params, agg.Options{Running: running})
	if err != nil {
		c.errorf(call, codeAggArgs, "%v", err)
		return -1, true
	}
	leaf := aggLeaf{spec: spec}
	if len(args) == 1 {
		if containsAggCall(c, args[0].Value) {
			c.errorf(args[0].Value, codeAggArgs, "%s: aggregate calls cannot be nested", name)
			return -1, true
		}
		ev, err := c.env.compile(args[0].Value, sc)
		if err != nil {
			c.exprError(args[0].Value, err)
			return -1, true
		}
		leaf.arg = ev
	}
	d.leaves = append(d.leaves, leaf)
	return len(d.leaves) - 1, true
}

func containsAggCall(c *compiler, x ast.Expr) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if _, ok := c.aggCallName(call); ok {
				found = true
			}
		}
		return !found
	})
	return found
}

// rewriteAgg returns a copy of x in which every aggregate call is replaced
// by an identifier naming its leaf's scratch field; n counts the calls.
func (c *compiler) rewriteAgg(d *aggDef, x ast.Expr, sc *exprScope, running bool, n *int) (ast.Expr, error) {
	switch x := x.(type) {
	case *ast.CallExpr:
		if idx, found := c.aggLeaf(d, x, sc, running); found {
			if idx < 0 {
				return nil, fmt.Errorf("invalid aggregate call")
			}
			*n++
			return &ast.Ident{NamePos: x.Pos(), Name: leafFieldName(idx)}, nil
		}
		cp := *x
		cp.Args = make([]*ast.Arg, len(x.Args))
		for i, a := range x.Args {
			v, err := c.rewriteAgg(d, a.Value, sc, running, n)
			if err != nil {
				return nil, err
			}
			ac := *a
			ac.Value = v
			cp.Args[i] = &ac
		}
		return &cp, nil
	case *ast.BinaryExpr:
		l, err := c.rewriteAgg(d, x.X, sc, running, n)
		if err != nil {
			return nil, err
		}
		r, err := c.rewriteAgg(d, x.Y, sc, running, n)
		if err != nil {
			return nil, err
		}
		cp := *x
		cp.X, cp.Y = l, r
		return &cp, nil
	case *ast.UnaryExpr:
		v, err := c.rewriteAgg(d, x.X, sc, running, n)
		if err != nil {
			return nil, err
		}
		cp := *x
		cp.X = v
		return &cp, nil
	case *ast.ParenExpr:
		v, err := c.rewriteAgg(d, x.X, sc, running, n)
		if err != nil {
			return nil, err
		}
		cp := *x
		cp.X = v
		return &cp, nil
	case *ast.IfExpr:
		cond, err := c.rewriteAgg(d, x.Cond, sc, running, n)
		if err != nil {
			return nil, err
		}
		th, err := c.rewriteAgg(d, x.Then, sc, running, n)
		if err != nil {
			return nil, err
		}
		el, err := c.rewriteAgg(d, x.Else, sc, running, n)
		if err != nil {
			return nil, err
		}
		cp := *x
		cp.Cond, cp.Then, cp.Else = cond, th, el
		return &cp, nil
	case *ast.BasicLit:
		return x, nil
	case *ast.Ident:
		if x.Name != "" && !c.env.isGlobal(x.Name) {
			return nil, fmt.Errorf("%s is a field, not an aggregate; aggregate it (for example last(%s))", x.Name, x.Name)
		}
		return x, nil
	}
	if containsAggCall(c, x) {
		return nil, fmt.Errorf("unsupported expression around an aggregate call")
	}
	return x, nil
}

// sinkFor opens (or reuses) the sink of a .to(Connector, ...) operation.
func (c *compiler) sinkFor(oc *ast.OpCall) Sink {
	if len(oc.Args) == 0 || oc.Args[0].Name != nil {
		c.errorf(oc, codeBadArg, ".to needs a connector name")
		return nil
	}
	id, ok := oc.Args[0].Value.(*ast.Ident)
	if !ok {
		c.errorf(oc.Args[0].Value, codeBadArg, ".to needs a connector name")
		return nil
	}
	decl, ok := c.connectors[id.Name]
	if !ok {
		c.errorf(id, codeUnknownConn, "unknown connector %s", id.Name)
		return nil
	}
	params := map[string]value.Value{}
	for _, p := range decl.Params {
		if p.Name != nil {
			params[p.Name.Name] = paramValue(p.Value)
		}
	}
	cacheKey := id.Name
	for _, a := range oc.Args[1:] {
		if a.Name == nil {
			c.errorf(a, codeBadArg, ".to parameters are named")
			return nil
		}
		v := paramValue(a.Value)
		params[a.Name.Name] = v
		cacheKey += "::" + a.Name.Name + "=" + v.String()
	}
	if s, ok := c.sinks[cacheKey]; ok {
		return s
	}
	var sink Sink
	var err error
	if f := c.e.opts.Sink; f != nil {
		sink, err = f(decl.Kind.Name, id.Name, params)
	}
	if sink == nil && err == nil {
		sink, err = c.e.builtinSink(decl.Kind.Name, id.Name, params)
	}
	if err != nil {
		c.errorf(oc, codeBadArg, "%v", err)
		return nil
	}
	c.sinks[cacheKey] = sink
	return sink
}

// paramValue converts a connector parameter (a literal, identifier or list)
// to a value.
func paramValue(x ast.Expr) value.Value {
	switch x := unparen(x).(type) {
	case *ast.BasicLit:
		switch x.Kind {
		case token.STRING:
			return value.String(x.Str)
		case token.INT:
			return value.Int(x.Int)
		case token.FLOAT:
			return value.Float(x.Float)
		case token.DURATION:
			return value.Duration(x.Int)
		case token.TRUE:
			return value.Bool(true)
		case token.FALSE:
			return value.Bool(false)
		case token.TIMESTAMP:
			return value.Timestamp(x.Int)
		}
	case *ast.Ident:
		return value.String(x.Name)
	case *ast.ListLit:
		vs := make([]value.Value, len(x.Elems))
		for i, e := range x.Elems {
			vs[i] = paramValue(e)
		}
		return value.Array(vs)
	}
	return value.Null()
}

// exprText renders a short form of simple expressions for messages.
func exprText(x ast.Expr) string {
	switch x := unparen(x).(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return exprText(x.X) + "." + x.Sel.Name
	case *ast.BasicLit:
		return x.Raw
	}
	return "expression"
}
