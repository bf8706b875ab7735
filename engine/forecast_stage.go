package engine

// `.forecast(...)` on a pattern stream (vpl.md §9, vpl-original.md §8.2):
// the forecast stage wraps the stream's pattern stage. On every event it
// runs the matcher, lets the model (engine/forecast) learn the event's
// type, and, once the model is warm and a run is active, predicts the
// completion of the most advanced run. A prediction at or above the
// confidence threshold becomes one forecast event, which replaces the
// matches the same event completed and enters the chain right after the
// `.forecast` operation; otherwise the matches flow on as usual.

import (
	"fmt"
	"math"
	"strconv"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/expr"
	"github.com/varpulis/varpulis-go/engine/forecast"
	"github.com/varpulis/varpulis-go/engine/pattern"
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// leaderScan is how many of the oldest active runs are searched for the
// most advanced one (the oldest runs are normally the most advanced).
const leaderScan = 16

// defaultHorizon is the horizon of a stream without .within.
const defaultHorizon = int64(5 * 60 * 1e9)

// forecastStage is the forecasting part of a pattern stream.
type forecastStage struct {
	p     *patternStage
	model *forecast.Model
	types []string
	conf  float64
	mark  *forecastMark // forecasts enter the chain after it (nil: at the head)

	collect func(*pattern.Match)
	direct  func(*pattern.Match)
	held    []heldMatch    // matches of the current event
	heldB   []expr.Binding // their bindings (copied: the matcher lends them)
	one     pattern.Match

	// states[alt][j] is the forecast_state text "state_j_of_n".
	states [][]string
	binds  []expr.Binding // the forecast item's bindings (lent to the chain)
	// Forecast events and their fields are carved from shared arrays (a
	// retained event only keeps its slab alive); scratch builds the fields.
	evSlab    []event.Event
	fieldSlab []event.Field
	scratch   []event.Field

	// Counters (tests, docs).
	forecasts uint64
	replaced  uint64
}

// forecastSlab is how many forecast events share one allocation.
const forecastSlab = 64

type heldMatch struct {
	time       int64
	from, upto int // bindings: heldB[from:upto]
}

// forecastMark is the `.forecast` operation in the chain: matches pass
// through it; forecasts are pushed to its successor.
type forecastMark struct {
	link
}

func (o *forecastMark) push(it item) { o.next.push(it) }

// forecastParams reads the parameters of a .forecast call.
func (c *compiler) forecastParams(oc *ast.OpCall, within int64) (forecast.Params, error) {
	mode := forecast.Balanced
	for _, a := range oc.Args {
		if a.Name != nil && a.Name.Name == "mode" {
			l := c.forecastLit(a.Value)
			if l == nil || l.Kind != token.STRING {
				return forecast.Params{}, fmt.Errorf(`forecast parameter mode must be "fast", "balanced" or "accurate"`)
			}
			m, ok := forecast.ParseMode(l.Str)
			if !ok {
				return forecast.Params{}, fmt.Errorf(`forecast parameter mode must be "fast", "balanced" or "accurate", found %q`, l.Str)
			}
			mode = m
		}
	}
	p := forecast.Preset(mode)
	p.Horizon = defaultHorizon
	if within > 0 {
		p.Horizon = within
	}
	for _, a := range oc.Args {
		if a.Name == nil {
			return p, fmt.Errorf("forecast parameters are named: write .forecast(confidence: 0.7, horizon: 2m)")
		}
		l := c.forecastLit(a.Value)
		kind := token.ILLEGAL
		if l != nil {
			kind = l.Kind
		}
		name := a.Name.Name
		switch name {
		case "mode":
		case "confidence":
			v := 0.0
			switch kind {
			case token.INT:
				v = float64(l.Int)
			case token.FLOAT:
				v = l.Float
			default:
				return p, fmt.Errorf("forecast parameter confidence must be a number between 0 and 1")
			}
			if !(v >= 0 && v <= 1) {
				return p, fmt.Errorf("forecast parameter confidence must be between 0 and 1, found %v", v)
			}
			p.Confidence = v
		case "horizon":
			if kind != token.DURATION || l.Int <= 0 {
				return p, fmt.Errorf("forecast parameter horizon must be a positive duration")
			}
			p.Horizon = l.Int
		case "warmup", "max_depth":
			if kind != token.INT || l.Int < 1 {
				return p, fmt.Errorf("forecast parameter %s must be a positive integer", name)
			}
			if name == "warmup" {
				if l.Int > math.MaxInt32 {
					return p, fmt.Errorf("forecast parameter warmup must be at most %d", math.MaxInt32)
				}
				p.Warmup = int(l.Int)
				p.Adaptive = false // adaptive warmup only with the preset's warmup
			} else {
				if l.Int > forecast.MaxDepth {
					return p, fmt.Errorf("forecast parameter max_depth must be at most %d, found %d", forecast.MaxDepth, l.Int)
				}
				p.MaxDepth = int(l.Int)
			}
		case "hawkes", "conformal":
			if kind != token.TRUE && kind != token.FALSE {
				return p, fmt.Errorf("forecast parameter %s must be true or false", name)
			}
			if name == "hawkes" {
				p.Hawkes = kind == token.TRUE
			} else {
				p.Conformal = kind == token.TRUE
			}
		default:
			return p, fmt.Errorf("unknown forecast parameter %s (mode, confidence, horizon, warmup, max_depth, hawkes, conformal)", name)
		}
	}
	return p, nil
}

// forecastLit resolves a literal, a negated number or the name of a
// global const/let whose value is one.
func (c *compiler) forecastLit(x ast.Expr) *ast.BasicLit {
	for depth := 0; depth < 8; depth++ {
		switch v := unparen(x).(type) {
		case *ast.BasicLit:
			return v
		case *ast.UnaryExpr:
			if v.Op != token.SUB {
				return nil
			}
			l := c.forecastLit(v.X)
			if l == nil || (l.Kind != token.INT && l.Kind != token.FLOAT) {
				return nil
			}
			n := *l
			n.Int, n.Float = -l.Int, -l.Float
			return &n
		case *ast.Ident:
			var next ast.Expr
			for _, st := range c.file.Stmts {
				if d, ok := st.(*ast.VarDecl); ok && d.Kind != ast.Var && d.Name != nil && d.Name.Name == v.Name {
					next = d.Value
				}
			}
			if next == nil {
				return nil
			}
			x = next
		default:
			return nil
		}
	}
	return nil
}

// compileForecast sets up forecasting for pattern stream s; the returned
// operation marks where forecasts enter the chain. When .forecast is the
// first operation after the pattern no mark is needed (forecasts enter at
// the head of the chain, as matches do) and the result is nil.
func (c *compiler) compileForecast(s *stream, oc *ast.OpCall, first bool) chainOp {
	p := s.pat
	if p.fc != nil {
		c.errorf(oc, codeBadArg, "a stream has at most one .forecast")
		return nil
	}
	params, err := c.forecastParams(oc, p.spec.Within)
	if err != nil {
		c.errorf(oc, codeBadParam, "%v", err)
		return nil
	}
	types := p.spec.Types()
	tabs := p.m.ForecastTables(types)
	autos := make([]forecast.Automaton, len(tabs))
	for i, t := range tabs {
		autos[i] = forecast.Automaton{Next: t.Next, Accept: t.Accept, AtEnd: t.AtEnd}
	}
	model, err := forecast.New(forecast.Config{Symbols: len(types), Automata: autos, Params: params})
	if err != nil {
		c.errorf(oc, codeBadParam, "stream %s: %v", s.name, err)
		return nil
	}
	f := &forecastStage{p: p, model: model, types: types, conf: params.Confidence, binds: make([]expr.Binding, p.nbind)}
	for _, t := range tabs {
		n := len(t.Accept) - 1
		names := make([]string, n+1)
		for j := range names {
			names[j] = "state_" + strconv.Itoa(j) + "_of_" + strconv.Itoa(n)
		}
		f.states = append(f.states, names)
	}
	f.collect = f.hold
	f.direct = f.pass
	p.fc = f
	p.emit = f.direct
	if first {
		return nil
	}
	f.mark = &forecastMark{}
	return f.mark
}

// arrive replaces patternStage.arrive when the stream forecasts.
func (f *forecastStage) arrive(ev *event.Event) {
	p := f.p
	p.m.Advance(p.watermark(), f.direct)
	p.m.Process(ev, f.collect)
	p.rearm()
	for s, t := range f.types {
		if t == ev.Type {
			f.model.Observe(s, ev.Time)
			break
		}
	}
	emitted := false
	if f.model.Warm() {
		emitted = f.predict(ev)
	}
	if emitted {
		f.replaced += uint64(len(f.held))
	} else {
		for _, h := range f.held {
			f.one = pattern.Match{Time: h.time, Bindings: f.heldB[h.from:h.upto:h.upto]}
			p.push(&f.one)
		}
	}
	f.held = f.held[:0]
	clear(f.heldB)
	f.heldB = f.heldB[:0]
}

// matched tells the model which run completed (conformal outcomes).
func (f *forecastStage) matched(mt *pattern.Match) {
	m := f.p.m
	for alt := range m.Alts() {
		if x := m.FirstEvent(alt, mt.Bindings); x != nil {
			f.model.Matched(x)
			return
		}
	}
	f.model.Matched(nil)
}

// hold keeps a match of the current event until the forecast is decided.
func (f *forecastStage) hold(mt *pattern.Match) {
	f.matched(mt)
	from := len(f.heldB)
	f.heldB = append(f.heldB, mt.Bindings...)
	f.held = append(f.held, heldMatch{time: mt.Time, from: from, upto: len(f.heldB)})
}

// pass forwards a match completed by time (a deadline), not by an event.
func (f *forecastStage) pass(mt *pattern.Match) {
	f.matched(mt)
	f.p.push(mt)
}

// predict forecasts the most advanced run after ev and emits the forecast
// if it reaches the confidence threshold.
func (f *forecastStage) predict(ev *event.Event) bool {
	m := f.p.m
	l, ok := m.Leader(leaderScan)
	if !ok {
		return false
	}
	remaining := int64(math.MaxInt64)
	if l.Deadline != math.MaxInt64 {
		remaining = l.Deadline - ev.Time
	}
	var key any
	if l.First != nil {
		key = l.First
	}
	fc, ok := f.model.Predict(l.Alt, l.State, remaining, ev.Time, key)
	if !ok || fc.Probability < f.conf {
		return false
	}
	f.forecasts++
	p := f.p
	state := ""
	if l.State < len(f.states[l.Alt]) {
		state = f.states[l.Alt][l.State]
	}
	fields := append(f.scratch[:0],
		event.Field{Name: "stream", Value: value.String(p.s.name)},
		event.Field{Name: "forecast_probability", Value: value.Float(fc.Probability)},
		event.Field{Name: "forecast_confidence", Value: value.Float(fc.Confidence)},
		event.Field{Name: "forecast_time", Value: value.Int(fc.Time)},
		event.Field{Name: "forecast_state", Value: value.String(state)},
		event.Field{Name: "forecast_context_depth", Value: value.Int(int64(fc.Depth))},
		event.Field{Name: "active_runs", Value: value.Int(int64(m.ActiveRuns()))},
		event.Field{Name: "forecast_lower", Value: value.Float(fc.Lower)},
		event.Field{Name: "forecast_upper", Value: value.Float(fc.Upper)},
	)
	fixed := len(fields)
	for _, fl := range ev.Fields {
		dup := false
		for _, x := range fields[:fixed] {
			if x.Name == fl.Name {
				dup = true
				break
			}
		}
		if !dup {
			fields = append(fields, fl)
		}
	}
	f.scratch = fields
	out := f.newEvent(len(fields))
	copy(out.Fields, fields)
	clear(fields)
	out.Type, out.Time = p.s.name, ev.Time
	// The chain does not keep an item's bindings beyond push, so one
	// buffer serves every forecast.
	n := copy(f.binds, l.Bindings)
	clear(f.binds[n:])
	next := p.s.head
	if f.mark != nil {
		next = f.mark.next
	}
	next.push(item{ev: out, binds: f.binds})
	return true
}

// newEvent returns a fresh event with n fields from the slabs.
func (f *forecastStage) newEvent(n int) *event.Event {
	if len(f.evSlab) == 0 {
		f.evSlab = make([]event.Event, forecastSlab)
	}
	if len(f.fieldSlab) < n {
		f.fieldSlab = make([]event.Field, forecastSlab*max(n, 16))
	}
	ev := &f.evSlab[0]
	f.evSlab = f.evSlab[1:]
	ev.Fields = f.fieldSlab[:n:n]
	f.fieldSlab = f.fieldSlab[n:]
	return ev
}
