package engine

// Pattern streams: the stage at the head of a pattern stream's chain. It
// owns a pattern.Matcher, receives the events of every step / .not type,
// and pushes each match into the rest of the chain as an item whose event
// is named after the stream (default a_f fields, time of the completing
// event or the absence deadline) and whose bindings hold the step events.
// The bindings are lent by the matcher when the chain keeps no item (see
// lend); when the chain starts with an .emit that reads only aliases, the
// default fields are not built (nothing could read them).
//
// Wiring (to be called from compileStream, see engine/README.md "Seam for
// the pattern engine"):
//
//	if c.isPatternStream(d) {
//		pat, rest, sc, ok := c.compilePattern(s, d)
//		if !ok {
//			return
//		}
//		s.kind, s.pat = inputPattern, pat      // new inputKind and field
//		s.binds = make([]expr.Binding, sc.size())
//		chain := c.compileOps(s, d, rest, sc)  // .where, .emit, windows, ...
//		if chain == nil {
//			return
//		}
//		s.head = chain
//		return
//	}
//
// and in stream.receive: `case inputPattern: s.pat.arrive(ev)`, with a field
// `pat *patternStage` on stream.

import (
	"math"
	"slices"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/expr"
	"github.com/varpulis/varpulis-go/engine/pattern"
	"github.com/varpulis/varpulis-go/engine/timekeeper"
	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// patternStage runs one stream's matcher.
type patternStage struct {
	s     *stream
	m     *pattern.Matcher
	spec  *pattern.Spec
	nbind int // binding slots of the stream's items

	idx   int   // timed operator index
	gen   int64 // generation of the scheduled timer
	armed int64 // deadline the timer is armed for (valid when timer)
	// timer: a timer is scheduled (for armed). Runs without a deadline
	// (no .within) arm it for +∞, so that the end of the input ends them:
	// a trailing Kleene or optional step then emits its maximal match.
	timer bool
	emit  func(*pattern.Match)

	// fields builds the default a_f fields of match events. aliasEmit:
	// every .emit after the pattern reads only the match's aliases, so when
	// the chain starts with that .emit the default fields are never read
	// and the match event is the bare scratch event.
	fields    *pattern.FieldBuilder
	aliasEmit bool
	scratch   event.Event
	pad       []expr.Binding // match bindings padded to nbind
	// capture: per binding slot, the fields the operations after the
	// pattern read through the slot's alias (aliasFields); the matcher
	// copies them at bind time when the chain allows it (lend).
	capture map[int][]string
	// lent: the borrowing of bindings was decided (lend); forecast: the
	// stream has .forecast.
	lent, forecast bool
	fc             *forecastStage // .forecast (forecast_stage.go); nil without
}

// namedPattern returns the named pattern stream d reads, or nil when its
// source is not one (a stream of the same name wins).
func (c *compiler) namedPattern(d *ast.StreamDecl) *ast.PatternDecl {
	if src, ok := d.Source.(*ast.SimpleSource); ok {
		if p, isPat := c.patterns[src.Name.Name]; isPat {
			if _, isStream := c.byName[src.Name.Name]; !isStream {
				return p
			}
		}
	}
	return nil
}

// compilePatternSpec compiles the steps of pattern stream d (inline, or
// the named pattern it reads) in a new scope; it reports errors and
// returns false when they fail to compile.
func (c *compiler) compilePatternSpec(d *ast.StreamDecl) (*pattern.Spec, *exprScope, bool) {
	sc := c.env.scope(nil)
	spec, err := pattern.Compile(d, c.namedPattern(d), sc.sc, c.resolveStep)
	if err != nil {
		var n ast.Node = d.Name
		if pe, ok := err.(*pattern.Error); ok && pe.Pos.IsValid() {
			n = posNode{pe.Pos}
		}
		c.errorf(n, codeBadArg, "stream %s: %v", d.Name.Name, err)
		return nil, nil, false
	}
	return spec, sc, true
}

// compilePattern compiles the pattern part of a pattern stream, subscribes
// the stream to the pattern's types (one port per type) and returns the
// remaining operations with the scope to compile them in; the caller keeps
// the stage (s.pat) and calls its arrive from stream.receive.
func (c *compiler) compilePattern(s *stream, d *ast.StreamDecl) (*patternStage, []ast.Op, *exprScope, bool) {
	spec, sc, ok := c.compilePatternSpec(d)
	if !ok {
		return nil, nil, nil, false
	}
	// Whether the matcher may lend its bindings is decided once the chain
	// is compiled (see lend).
	m, err := pattern.NewMatcher(spec, pattern.Options{
		Globals: c.env.prog.Globals(),
		Now:     c.e.opts.Now,
	})
	if err != nil {
		c.errorf(d.Name, codeBadArg, "stream %s: %v", d.Name.Name, err)
		return nil, nil, nil, false
	}
	p := &patternStage{s: s, m: m, spec: spec, nbind: sc.size(), armed: timekeeper.Infinity,
		fields: pattern.NewFieldBuilder(spec), aliasEmit: emitsOnlyAliases(spec.RestOps, sc.sc),
		forecast: hasOp(d.Ops, "forecast"), capture: aliasFields(spec.RestOps, sc.sc)}
	p.emit = p.push
	p.idx = c.e.registerTimed(p)
	for port, typ := range spec.Types() {
		c.subscribe(s, typ, port, false)
	}
	if spec.Within > 0 {
		s.checkLate = true
	}
	return p, spec.RestOps, sc, true
}

// resolveStep maps a step type naming a stream to that stream's output: the
// matcher then sees the stream's events, named after it.
func (c *compiler) resolveStep(name string) (pattern.StepSource, error) {
	return pattern.StepSource{Type: name}, nil
}

// posNode adapts a bare position for errorf.
type posNode struct{ p token.Pos }

func (n posNode) Pos() token.Pos { return n.p }
func (n posNode) End() token.Pos { return n.p }

// lend lets the matcher lend its bindings (no copy, no allocation per
// match) when the stream's chain keeps no item past its push: where,
// select, emit, print, log, limit, distinct and aggregates evaluate the
// bindings at once (a Kleene alias read as a value is copied), while a
// window without aggregate buffers items with their bindings. The Kleene
// lists are lent too unless a .forecast holds matches back. It runs
// before the first event reaches the matcher, when the chain is compiled.
//
// When moreover the chain starts with an .emit that reads only aliases
// (no default a_f fields are built) and no .forecast holds matches back,
// the matcher copies the fields the chain reads through aliases at bind
// time and lends copies of the bound events holding only those
// (Matcher.SetCapture): a match then reads the run, which the matcher has
// just visited, instead of events bound long before and out of cache.
func (p *patternStage) lend() {
	p.lent = true
	if !chainKeepsNoItem(p.s.head) {
		return
	}
	held := p.forecast || p.fc != nil
	p.m.SetBorrow(true, !held)
	if _, isEmit := p.s.head.(*emitOp); isEmit && p.aliasEmit && !held && len(p.capture) > 0 {
		p.m.SetCapture(p.capture)
	}
}

// arrive offers one event to the matcher.
func (p *patternStage) arrive(ev *event.Event) {
	if !p.lent {
		p.lend()
	}
	if p.fc != nil {
		p.fc.arrive(ev)
		return
	}
	p.m.Advance(p.watermark(), p.emit)
	p.m.Process(ev, p.emit)
	p.rearm()
}

// fire implements timedOp: a run deadline passed.
func (p *patternStage) fire(_, gen int64) {
	if gen != p.gen {
		return
	}
	p.timer = false
	p.m.Advance(p.watermark(), p.emit)
	p.rearm()
}

// watermark is the stream's watermark: clock − tolerance; +∞ at the end.
func (p *patternStage) watermark() int64 {
	now := p.s.e.clock.Now()
	if now >= timekeeper.Infinity {
		return math.MaxInt64
	}
	return timekeeper.SubSat(now, p.s.tolerance)
}

// rearm schedules the timer for the earliest run deadline (the run ends
// when the watermark is past it).
func (p *patternStage) rearm() {
	dl, ok := p.m.NextDeadline()
	if !ok || p.timer && dl >= p.armed {
		return
	}
	p.armed, p.timer = dl, true
	p.gen++
	p.s.e.schedule(p.idx, timekeeper.AddSat(timekeeper.AddSat(dl, 1), p.s.tolerance), p.gen)
}

// push hands one match to the rest of the stream's chain. The bindings may
// be lent by the matcher (see lend): valid during this call only.
func (p *patternStage) push(mt *pattern.Match) {
	binds := mt.Bindings
	if len(binds) < p.nbind {
		if len(p.pad) != p.nbind {
			p.pad = make([]expr.Binding, p.nbind)
		}
		n := copy(p.pad, binds)
		clear(p.pad[n:])
		binds = p.pad
	}
	var ev *event.Event
	if _, isEmit := p.s.head.(*emitOp); isEmit && p.aliasEmit {
		// The .emit reads only the aliases and the time; its output
		// replaces the match event, which nothing keeps.
		p.scratch = event.Event{Type: p.s.name, Time: mt.Time}
		ev = &p.scratch
	} else {
		ev = &event.Event{Type: p.s.name, Time: mt.Time, Fields: p.fields.Fields(mt)}
	}
	p.s.head.push(item{ev: ev, binds: binds})
}

// hasOp reports whether ops holds an operation .name(...).
func hasOp(ops []ast.Op, name string) bool {
	for _, op := range ops {
		if o, ok := op.(*ast.OpCall); ok && o.Name.Name == name {
			return true
		}
	}
	return false
}

// emitsOnlyAliases reports whether ops holds at least one .emit and every
// .emit has only named arguments that read the pattern's aliases (a.f,
// count(t), ...) and no field of the current event, global or lambda.
func emitsOnlyAliases(ops []ast.Op, sc *expr.Scope) bool {
	found := false
	for _, op := range ops {
		o, ok := op.(*ast.OpCall)
		if !ok || o.Name.Name != "emit" {
			continue
		}
		if o.As != nil || len(o.Args) == 0 {
			return false
		}
		for _, a := range o.Args {
			if a.Name == nil || a.Value == nil || !readsOnlyAliases(a.Value, sc) {
				return false
			}
		}
		found = true
	}
	return found
}

// skipCallNames marks the names of a call that are not values: the called
// function's name and the names of named arguments.
func skipCallNames(x *ast.CallExpr, skip map[*ast.Ident]bool) {
	if id, isIdent := x.Fun.(*ast.Ident); isIdent {
		skip[id] = true
	}
	for _, a := range x.Args {
		if a.Name != nil {
			skip[a.Name] = true
		}
	}
}

// readsOnlyAliases reports whether every name in e is an alias of sc, a
// selected field name (x.f) or a called function's name.
func readsOnlyAliases(e ast.Expr, sc *expr.Scope) bool {
	ok := true
	skip := map[*ast.Ident]bool{}
	ast.Inspect(e, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch x := n.(type) {
		case *ast.SelectorExpr:
			skip[x.Sel] = true
		case *ast.CallExpr:
			skipCallNames(x, skip)
		case *ast.LambdaExpr, *ast.BlockExpr:
			ok = false
		case *ast.Ident:
			if !skip[x] {
				if _, _, isAlias := sc.LookupAlias(x.Name); !isAlias {
					ok = false
				}
			}
		}
		return ok
	})
	return ok
}

// aliasFields returns, for each non-Kleene alias of sc that ops read only
// as alias.f (possibly inside larger expressions: l.f.g, upper(l.f)), the
// binding slot and the fields read, in first-use order. An alias read in
// any other way (bare, indexed, as a function argument) is left out, as
// every alias is when ops hold an operation other than a call.
func aliasFields(ops []ast.Op, sc *expr.Scope) map[int][]string {
	read := map[int][]string{}
	bad := map[int]bool{}
	for _, op := range ops {
		o, ok := op.(*ast.OpCall)
		if !ok {
			return nil
		}
		for _, a := range o.Args {
			if a == nil || a.Value == nil {
				continue
			}
			collectAliasFields(a.Value, sc, read, bad)
		}
	}
	for slot := range bad {
		delete(read, slot)
	}
	return read
}

// collectAliasFields adds the alias.f reads of e to read and the slots of
// aliases read otherwise to bad (see aliasFields).
func collectAliasFields(e ast.Expr, sc *expr.Scope, read map[int][]string, bad map[int]bool) {
	skip := map[*ast.Ident]bool{}
	ast.Inspect(e, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.SelectorExpr:
			skip[x.Sel] = true
			if id, isIdent := x.X.(*ast.Ident); isIdent {
				if slot, kleene, isAlias := sc.LookupAlias(id.Name); isAlias {
					skip[id] = true
					if kleene {
						bad[slot] = true
					} else if !slices.Contains(read[slot], x.Sel.Name) {
						read[slot] = append(read[slot], x.Sel.Name)
					}
				}
			}
		case *ast.CallExpr:
			skipCallNames(x, skip)
		case *ast.Ident:
			if !skip[x] {
				if slot, _, isAlias := sc.LookupAlias(x.Name); isAlias {
					bad[slot] = true
				}
			}
		}
		return true
	})
}

// PatternStats are the run counters of one pattern stream: runs started,
// completed (matches), expired at their deadline, evicted by max_runs,
// killed (negation, consumption, strict contiguity) and active now.
type PatternStats struct {
	Stream string
	pattern.Stats
}

// patternStats collects the counters of every pattern stream.
func (e *Engine) patternStats() []PatternStats {
	var out []PatternStats
	for _, s := range e.streams {
		if s.pat != nil {
			out = append(out, PatternStats{Stream: s.name, Stats: s.pat.m.Stats()})
		}
	}
	return out
}

// addPatternStats adds the counters of ps into sum, by stream name.
func addPatternStats(sum []PatternStats, ps []PatternStats) []PatternStats {
	for _, p := range ps {
		found := false
		for i := range sum {
			if sum[i].Stream == p.Stream {
				a, b := &sum[i].Stats, p.Stats
				a.Started += b.Started
				a.Completed += b.Completed
				a.Expired += b.Expired
				a.Evicted += b.Evicted
				a.Killed += b.Killed
				a.Active += b.Active
				found = true
				break
			}
		}
		if !found {
			sum = append(sum, p)
		}
	}
	return sum
}
