package engine

// Pattern streams: the stage at the head of a pattern stream's chain. It
// owns a pattern.Matcher, receives the events of every step / .not type,
// and pushes each match into the rest of the chain as an item whose event
// is named after the stream (default a_f fields, time of the completing
// event or the absence deadline) and whose bindings hold the step events.
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
	armed int64 // deadline the timer is armed for (Infinity: none)
	emit  func(*pattern.Match)
}

// compilePattern compiles the pattern part of a pattern stream, subscribes
// the stream to the pattern's types (one port per type) and returns the
// remaining operations with the scope to compile them in; the caller keeps
// the stage (s.pat) and calls its arrive from stream.receive.
func (c *compiler) compilePattern(s *stream, d *ast.StreamDecl) (*patternStage, []ast.Op, *exprScope, bool) {
	var named *ast.PatternDecl
	if src, ok := d.Source.(*ast.SimpleSource); ok {
		if p, isPat := c.patterns[src.Name.Name]; isPat {
			if _, isStream := c.byName[src.Name.Name]; !isStream {
				named = p
			}
		}
	}
	sc := c.env.scope(nil)
	spec, err := pattern.Compile(d, named, sc.sc, c.resolveStep)
	if err != nil {
		var n ast.Node = d.Name
		if pe, ok := err.(*pattern.Error); ok && pe.Pos.IsValid() {
			n = posNode{pe.Pos}
		}
		c.errorf(n, codeBadArg, "stream %s: %v", d.Name.Name, err)
		return nil, nil, nil, false
	}
	m, err := pattern.NewMatcher(spec, pattern.Options{
		Globals: c.env.prog.Globals(),
		Now:     c.e.opts.Now,
	})
	if err != nil {
		c.errorf(d.Name, codeBadArg, "stream %s: %v", d.Name.Name, err)
		return nil, nil, nil, false
	}
	p := &patternStage{s: s, m: m, spec: spec, nbind: sc.size(), armed: timekeeper.Infinity}
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

// arrive offers one event to the matcher.
func (p *patternStage) arrive(ev *event.Event) {
	p.m.Advance(p.watermark(), p.emit)
	p.m.Process(ev, p.emit)
	p.rearm()
}

// fire implements timedOp: a run deadline passed.
func (p *patternStage) fire(_, gen int64) {
	if gen != p.gen {
		return
	}
	p.armed = timekeeper.Infinity
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
	if !ok || dl >= p.armed {
		return
	}
	p.armed = dl
	p.gen++
	p.s.e.schedule(p.idx, timekeeper.AddSat(timekeeper.AddSat(dl, 1), p.s.tolerance), p.gen)
}

// push hands one match to the rest of the stream's chain.
func (p *patternStage) push(mt *pattern.Match) {
	ev := &event.Event{Type: p.s.name, Time: mt.Time, Fields: pattern.DefaultFields(mt, p.spec)}
	binds := mt.Bindings
	if len(binds) < p.nbind {
		binds = append(binds, make([]expr.Binding, p.nbind-len(binds))...)
	}
	p.s.head.push(item{ev: ev, binds: binds})
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
