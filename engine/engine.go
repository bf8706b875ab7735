// Package engine compiles a checked VPL program into a graph of operators
// and runs events through it.
//
// Each stream declaration becomes one chain of operator structs, built once
// by New; streams that read other streams are wired to them directly. Push
// carries one input event through everything it causes before returning:
// all streams reading the event run in declaration order, and the events
// they pass on are then delivered, breadth first, to the streams reading
// them. Time windows, sessions and timer sources fire from a timer heap
// driven by event time (see the timekeeper package); Close ends the input
// and fires everything still pending.
//
// An Engine is not safe for concurrent use: one goroutine pushes events and
// receives outputs.
package engine

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"time"
	"unsafe"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/expr"
	"github.com/varpulis/varpulis-go/engine/timekeeper"
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// Options configures an Engine. The zero value is usable: outputs are
// discarded, logs go nowhere.
type Options struct {
	// Output receives every output event: the events created by .emit, and
	// the events leaving a stream that has .process but no .emit. stream is
	// the name of the emitting stream. Calls happen synchronously, in a
	// deterministic order, from Push, AdvanceWatermark and Close. The event
	// must not be modified; it may be kept.
	Output func(stream string, ev *event.Event)
	// Logger receives .log records and engine warnings. Nil discards them.
	Logger *slog.Logger
	// Print receives the lines written by .print and by console sinks.
	// Nil discards them.
	Print io.Writer
	// Tap, when set, is called for every event passing a .tap(...)
	// operation, with the stream name.
	Tap func(stream string, ev *event.Event)
	// Sink opens the sink of a connector used by .to(...). Nil uses the
	// built-in sinks: console (writes JSON lines to Print) and file (JSON
	// lines to the file named by its path/url parameter); other kinds then
	// drop events and count a warning.
	Sink SinkFactory
	// Now returns the processing time in nanoseconds since the epoch, for
	// the now() builtin. Nil means time.Now.
	Now func() int64
	// MaxDistinct bounds the key set of each .distinct (least recently
	// seen keys are forgotten first). Zero means 100 000.
	MaxDistinct int
	// MaxSteps bounds the loop iterations and user function calls made
	// from one outermost loop or call of the program's code (nested ones
	// share the budget); past it loops stop and calls give null, with a
	// runtime warning. Zero means expr.MaxSteps (10 million).
	MaxSteps int
	// MaxCascade bounds how many derived events one input event may cause
	// (protection against runaway programs). Zero means 1 000 000.
	MaxCascade int
	// Owned, when set, restricts the engine to part of the program: the
	// streams it accepts and the streams they read, directly or not. Only
	// accepted streams produce outputs and side effects (.print, .log,
	// .tap, .to); the streams they read run silently, and every other
	// stream does not run at all. Parallel uses it to run one engine per
	// context. Nil runs the whole program.
	Owned func(stream string) bool
	// UnsharedTrends evaluates every .trend_aggregate stream on its own
	// instead of sharing work between streams with the same windows and
	// partitioning (see trend_stage.go); for measurements and tests.
	UnsharedTrends bool
}

// Stats are the engine's counters.
type Stats struct {
	// EventsIn counts events passed to Push.
	EventsIn uint64
	// Outputs counts output events per stream, in declaration order of the
	// streams that emitted at least once.
	Outputs []StreamCount
	// Late counts events that arrived behind a stream's watermark (minus its
	// allowed lateness); they went to the stream's late stream if one was
	// declared, else they were dropped.
	Late uint64
	// Dropped counts late events that no late stream received, plus events
	// cut off by MaxCascade.
	Dropped uint64
	// Warnings counts runtime warnings (division by zero, failed sink
	// writes, ...), by kind in Warning.
	Warnings uint64
	// WarningKinds breaks Warnings down by kind, sorted by kind.
	WarningKinds []WarningCount
	// Patterns holds the run counters of each pattern stream, in
	// declaration order (see PatternStats).
	Patterns []PatternStats
}

// StreamCount is the output count of one stream.
type StreamCount struct {
	Stream string
	Count  uint64
}

// WarningCount is the count of one kind of runtime warning.
type WarningCount struct {
	Kind  string
	Count uint64
}

// TotalOutputs returns the sum of the per-stream output counts.
func (s Stats) TotalOutputs() uint64 {
	var n uint64
	for _, c := range s.Outputs {
		n += c.Count
	}
	return n
}

// ErrClosed is returned by Push and AdvanceWatermark after Close.
var ErrClosed = errors.New("engine: closed")

// Engine runs one compiled program.
type Engine struct {
	opts    Options
	fset    *token.FileSet
	streams []*stream
	// routes maps an input event type to the streams reading it, in
	// declaration order.
	routes map[string][]sub
	// routeCache holds the routes of recently seen event types, direct
	// mapped by the type's length and first and last bytes: inputs
	// usually carry a few types, often alternating (Login, Transfer,
	// Logout), so most events skip the map lookup.
	routeCache [8]routeEntry
	lastRoute  routeEntry // the last event's type, compared by address

	clock   timekeeper.Clock
	lateRef int64 // clock before the current Push: the lateness reference
	maxReal int64 // largest event time pushed (timer sources stop there)
	timers  timekeeper.Heap
	timed   []timedOp
	queue   []queued
	qhead   int
	closed  bool

	sinks        []Sink
	timerSources []*timerSource
	globals      *expr.Globals
	tsFields     map[string]string // event type -> field declared timestamp

	stats    counters
	warnKind map[string]uint64
	logger   *slog.Logger

	// grouped is set when the program places streams in more than one
	// context: the outputs of one input event's cascade are then held in
	// pending and released grouped by context (see flushPending).
	grouped bool
	pending []pendingOutput

	// retainsInput: some stream may keep pushed events (see RetainsInput).
	retainsInput bool
	// transientOutput: Options.Output keeps no output event (see
	// SetTransientOutput).
	transientOutput bool
}

// route returns the streams reading events of type typ, through the route
// cache, and remembers typ as the last type routed.
func (e *Engine) route(typ string) []sub {
	var h uint
	if n := len(typ); n > 0 {
		h = (uint(n) + 3*uint(typ[0]) + 5*uint(typ[n-1])) & uint(len(e.routeCache)-1)
	}
	ce := &e.routeCache[h]
	if !ce.ok || len(typ) != len(ce.typ) ||
		(unsafe.StringData(typ) != unsafe.StringData(ce.typ) && typ != ce.typ) {
		*ce = routeEntry{typ: typ, route: e.routes[typ], ok: true}
	}
	e.lastRoute = *ce
	e.lastRoute.typ = typ
	return ce.route
}

// routeEntry is one slot of Engine.routeCache.
type routeEntry struct {
	typ   string
	route []sub
	ok    bool
}

// pendingOutput is an output held until the end of a cascade.
type pendingOutput struct {
	s  *stream
	ev *event.Event
}

type counters struct {
	in, late, dropped, warnings uint64
}

// queued is a derived event waiting to be delivered to the streams reading
// its producer.
type queued struct {
	from *stream
	ev   *event.Event
	late bool // delivered to the late readers of from
}

// timedOp is an operator with event-time deadlines (time windows, sessions,
// joins, timer sources). fire is called once the engine clock reaches at,
// a deadline the operator scheduled (in clock terms, tolerance included)
// with generation gen; an operator that re-armed since ignores old
// generations.
type timedOp interface {
	fire(at, gen int64)
}

// New compiles file, a parsed and checked program, into an engine. fset
// resolves positions for diagnostics. Compile errors are returned as a
// *diag.ListError.
func New(file *ast.File, fset *token.FileSet, opts Options) (*Engine, error) {
	if opts.MaxDistinct <= 0 {
		opts.MaxDistinct = 100_000
	}
	if opts.MaxCascade <= 0 {
		opts.MaxCascade = 1_000_000
	}
	if opts.Now == nil {
		opts.Now = func() int64 { return time.Now().UnixNano() }
	}
	e := &Engine{
		opts:     opts,
		fset:     fset,
		routes:   make(map[string][]sub),
		clock:    timekeeper.NewClock(),
		lateRef:  timekeeper.Never,
		maxReal:  timekeeper.Never,
		warnKind: make(map[string]uint64),
		logger:   opts.Logger,
	}
	if e.logger == nil {
		e.logger = slog.New(discardHandler{})
	}
	if err := compileProgram(e, file); err != nil {
		e.closeSinks()
		return nil, err
	}
	for _, s := range e.streams {
		if s.retainsInput() {
			e.retainsInput = true
			break
		}
	}
	return e, nil
}

// RetainsInput reports whether the engine may keep a pushed event, or its
// Fields slice, after Push returns (windows, joins, patterns, sinks, taps
// and streams that output their input events do). When it reports false,
// the caller may reuse the event and its Fields for the next Push, which
// lets a decoder read a whole input without allocating per event; field
// values must still not be modified in place (Values are immutable and
// may be shared by output events). The answer is fixed when the engine is
// built and errs on the safe side.
func (e *Engine) RetainsInput() bool { return e.retainsInput }

// SetTransientOutput declares whether Options.Output is done with each
// output event when it returns (it encodes or copies what it needs and
// keeps no reference). When set, an .emit whose events go nowhere else
// builds every output in the same event instead of a new one. Call it
// before the first Push.
func (e *Engine) SetTransientOutput(transient bool) { e.transientOutput = transient }

// Streams returns the names of the program's streams in declaration order.
func (e *Engine) Streams() []string {
	out := make([]string, len(e.streams))
	for i, s := range e.streams {
		out[i] = s.name
	}
	return out
}

// Push processes one input event and everything it causes before
// returning. The engine takes ownership of ev: the caller must not modify it
// afterwards (windows may keep it), unless RetainsInput reports false, in
// which case ev and its Fields may be reused once Push returns.
func (e *Engine) Push(ev *event.Event) error {
	if e.closed {
		return ErrClosed
	}
	e.stats.in++
	e.lateRef = e.clock.Now()
	if e.maxReal == timekeeper.Never {
		e.startTimers(ev.Time)
	}
	if ev.Time > e.maxReal {
		e.maxReal = ev.Time
	}
	if e.clock.Observe(ev.Time) && e.timers.Due(e.clock.Now()) {
		e.fireDue()
	}
	var route []sub
	if last := &e.lastRoute; last.ok && len(ev.Type) == len(last.typ) && unsafe.StringData(ev.Type) == unsafe.StringData(last.typ) {
		route = last.route // the same type as the last event (the same string)
	} else {
		route = e.route(ev.Type)
	}
	for _, r := range route {
		r.s.receive(r.port, ev)
	}
	if len(e.queue) > 0 {
		e.drain()
	}
	if e.timers.Due(e.clock.Now()) {
		e.fireDue()
	}
	if len(e.pending) > 0 {
		e.flushPending()
	}
	return nil
}

// AdvanceWatermark tells the engine that event time has reached t without
// an event: the engine clock moves to t (if later), so windows, sessions and
// timers whose deadline (plus the stream's out-of-order tolerance) is at or
// before t fire. Use it for heartbeats on idle inputs.
func (e *Engine) AdvanceWatermark(t int64) error {
	if e.closed {
		return ErrClosed
	}
	e.lateRef = e.clock.Now()
	if e.maxReal == timekeeper.Never {
		e.startTimers(t)
	}
	if t > e.maxReal {
		e.maxReal = t
	}
	if e.clock.Observe(t) {
		e.fireDue()
	}
	if len(e.pending) > 0 {
		e.flushPending()
	}
	return nil
}

// Close marks the end of the input: the watermark becomes +∞, so every open
// time window fires and every session closes (partial count windows do
// not fire). Sinks are flushed and closed. Close is idempotent.
func (e *Engine) Close() error {
	if e.closed {
		return nil
	}
	e.lateRef = e.clock.Now()
	e.clock.Observe(timekeeper.Infinity)
	e.fireDue()
	if len(e.pending) > 0 {
		e.flushPending()
	}
	e.closed = true
	return e.closeSinks()
}

func (e *Engine) closeSinks() error {
	var errs []error
	for _, s := range e.sinks {
		if err := s.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	e.sinks = nil
	return errors.Join(errs...)
}

// Stats returns a snapshot of the counters.
func (e *Engine) Stats() Stats {
	st := Stats{
		EventsIn: e.stats.in,
		Late:     e.stats.late,
		Dropped:  e.stats.dropped,
		Warnings: e.stats.warnings,
	}
	for _, s := range e.streams {
		if s.outputs > 0 {
			st.Outputs = append(st.Outputs, StreamCount{Stream: s.name, Count: s.outputs})
		}
	}
	for k, n := range e.warnKind {
		st.WarningKinds = append(st.WarningKinds, WarningCount{Kind: k, Count: n})
	}
	sortWarnings(st.WarningKinds)
	st.Patterns = e.patternStats()
	return st
}

// fireDue fires every timer whose deadline the clock has reached, in
// deadline order, each followed by the cascade it causes.
func (e *Engine) fireDue() {
	now := e.clock.Now()
	for {
		t, ok := e.timers.PopDue(now)
		if !ok {
			return
		}
		e.timed[t.Target].fire(t.At, t.Arg)
		e.drain()
	}
}

// schedule registers a deadline (clock terms) for timed operator idx.
func (e *Engine) schedule(idx int, at int64, gen int64) { e.timers.Push(at, idx, gen) }

// registerTimed adds a timed operator and returns its index.
func (e *Engine) registerTimed(op timedOp) int {
	e.timed = append(e.timed, op)
	return len(e.timed) - 1
}

// enqueue queues a derived event of stream from for its readers.
func (e *Engine) enqueue(from *stream, ev *event.Event, late bool) {
	if len(e.queue)-e.qhead >= e.opts.MaxCascade {
		e.stats.dropped++
		e.warn("cascade_limit")
		return
	}
	e.queue = append(e.queue, queued{from: from, ev: ev, late: late})
}

// drain delivers queued derived events, breadth first.
func (e *Engine) drain() {
	for e.qhead < len(e.queue) {
		q := e.queue[e.qhead]
		e.queue[e.qhead] = queued{}
		e.qhead++
		readers := q.from.readers
		if q.late {
			readers = q.from.lateReaders
		}
		for _, r := range readers {
			r.s.receive(r.port, q.ev)
		}
	}
	e.queue = e.queue[:0]
	e.qhead = 0
}

// output delivers an output event of stream s.
func (e *Engine) output(s *stream, ev *event.Event) {
	if s.muted {
		return
	}
	s.outputs++
	if e.grouped {
		e.pending = append(e.pending, pendingOutput{s: s, ev: ev})
		return
	}
	if e.opts.Output != nil {
		e.opts.Output(s.name, ev)
	}
}

// flushPending releases the outputs held during one cascade (one Push,
// AdvanceWatermark or Close, timers included) ordered by the context of
// their stream (streams outside any context first, then contexts in
// declaration order), in cascade order within a context. This is the
// order Parallel reproduces when it runs the contexts concurrently.
func (e *Engine) flushPending() {
	p := e.pending
	sort.SliceStable(p, func(i, j int) bool { return p[i].s.group < p[j].s.group })
	for i := range p {
		if e.opts.Output != nil {
			e.opts.Output(p[i].s.name, p[i].ev)
		}
		p[i] = pendingOutput{}
	}
	e.pending = p[:0]
}

// warn counts a runtime warning.
func (e *Engine) warn(kind string) {
	e.stats.warnings++
	e.warnKind[kind]++
}

// lateBefore returns the time before which an event is late for a stream
// with the given tolerance and allowed lateness.
func (e *Engine) lateBefore(tolerance, lateness int64) int64 {
	return timekeeper.SubSat(timekeeper.SubSat(e.lateRef, tolerance), lateness)
}

// lateBeforeNow is lateBefore relative to the current clock.
func (e *Engine) lateBeforeNow(tolerance, lateness int64) int64 {
	return timekeeper.SubSat(timekeeper.SubSat(e.clock.Now(), tolerance), lateness)
}

// startTimers arms the timer sources at the first event time.
func (e *Engine) startTimers(t0 int64) {
	for _, ts := range e.timerSources {
		ts.start(t0)
	}
}

// String describes the engine (number of streams), for debugging.
func (e *Engine) String() string { return fmt.Sprintf("engine(%d streams)", len(e.streams)) }

// ApplyDeclaredTime sets the event time of ev from the field its type
// declares as `timestamp` in an event declaration, when the event has that
// field (vpl.md §4: a declared timestamp field gives the event time). A
// timestamp value is used as is, an int as epoch milliseconds, a string
// as RFC 3339. It reports whether the time was set.
func (e *Engine) ApplyDeclaredTime(ev *event.Event) bool {
	name, ok := e.tsFields[ev.Type]
	if !ok {
		return false
	}
	v, ok := ev.Get(name)
	if !ok {
		return false
	}
	switch v.Kind() {
	case value.KindTimestamp:
		ev.Time = v.AsTimestamp()
	case value.KindInt:
		ev.Time = v.AsInt() * 1_000_000
	case value.KindString:
		t, err := time.Parse(time.RFC3339Nano, v.AsString())
		if err != nil {
			return false
		}
		ev.Time = t.UnixNano()
	default:
		return false
	}
	return true
}
