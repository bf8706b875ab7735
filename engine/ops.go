package engine

import (
	"container/list"
	"context"
	"log/slog"
	"slices"
	"strconv"
	"strings"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/expr"
	"github.com/varpulis/varpulis-go/engine/value"
)

// chainOp is an operator whose successor is set when the chain is linked.
type chainOp interface {
	operator
	setNext(operator)
}

// link holds the successor of an operator.
type link struct{ next operator }

func (l *link) setNext(n operator) { l.next = n }

// newCtx returns an evaluation context for one operator.
func (e *Engine) newCtx() expr.Ctx {
	return expr.Ctx{
		Globals:  e.globals,
		Now:      e.opts.Now,
		Warn:     e.warn,
		MaxSteps: e.opts.MaxSteps,
	}
}

// ---------------------------------------------------------------------------
// where / filter / having

type whereOp struct {
	link
	cond expr.Eval
	ctx  expr.Ctx
}

func (o *whereOp) push(it item) {
	o.ctx.Event, o.ctx.Bindings = it.ev, it.binds
	if value.Truthy(o.cond(&o.ctx)) {
		o.next.push(it)
	}
}

// ---------------------------------------------------------------------------
// select / emit

// fieldEval is one named output field.
type fieldEval struct {
	name string
	eval expr.Eval
}

// selectOp replaces the event by one holding only the listed fields; the
// type and time are kept.
type selectOp struct {
	link
	fields []fieldEval
	ctx    expr.Ctx
	slab   eventSlab
}

func (o *selectOp) push(it item) {
	o.ctx.Event, o.ctx.Bindings = it.ev, it.binds
	ev := o.slab.next(it.ev.Type, it.ev.Time, len(o.fields))
	for i := range o.fields {
		ev.Fields[i] = event.Field{Name: o.fields[i].name, Value: o.fields[i].eval(&o.ctx)}
	}
	it.ev = ev
	o.next.push(it)
}

// emitOp creates an output event named after the stream with the listed
// fields and the time of the current event; it also becomes the current
// event.
type emitOp struct {
	link
	s      *stream
	fields []fieldEval
	ctx    expr.Ctx
	slab   eventSlab
	// scratch is the one output event reused for every push when the
	// output goes nowhere but to a transient Output (see
	// Engine.SetTransientOutput).
	scratch *event.Event
	// mode caches reusable() from the first push on (0: not yet known,
	// 1: new event per push, 2: scratch).
	mode uint8
}

// reusable reports whether the event built by this emit is dropped by the
// engine once Output returns: outputs are transient and delivered at once
// (not held for context grouping), the emit ends the chain and no stream
// reads this one. These do not change once the engine runs, so push asks
// once.
func (o *emitOp) reusable() bool {
	e := o.s.e
	if !e.transientOutput || e.grouped || len(o.s.readers) > 0 || o.s.outputAtEnd {
		return false
	}
	_, last := o.next.(*endOp)
	return last
}

func (o *emitOp) push(it item) {
	o.ctx.Event, o.ctx.Bindings = it.ev, it.binds
	if o.mode == 0 {
		o.mode = 1
		if o.reusable() {
			o.mode = 2
		}
	}
	var ev *event.Event
	if o.mode == 2 {
		if o.scratch == nil {
			o.scratch = newEvent(o.s.name, 0, len(o.fields))
		}
		ev = o.scratch
		ev.Time = it.ev.Time
	} else {
		ev = o.slab.next(o.s.name, it.ev.Time, len(o.fields))
	}
	for i := range o.fields {
		ev.Fields[i] = event.Field{Name: o.fields[i].name, Value: o.fields[i].eval(&o.ctx)}
	}
	o.s.e.output(o.s, ev)
	it.ev = ev
	o.next.push(it)
}

// slabEvents is how many output events an eventSlab carves from one
// allocation.
const slabEvents = 64

// eventSlab carves output events and their fields from shared backing
// arrays, so that building an output event costs one allocation per
// slabEvents events instead of one per event. Events handed out are never
// reused: a retained event only keeps its slab alive.
type eventSlab struct {
	evs    []event.Event
	fields []event.Field
}

// next returns a fresh event with n zeroed fields.
func (s *eventSlab) next(typ string, t int64, n int) *event.Event {
	if n > 8 {
		return newEvent(typ, t, n)
	}
	if len(s.evs) == 0 {
		s.evs = make([]event.Event, slabEvents)
	}
	if len(s.fields) < n {
		s.fields = make([]event.Field, slabEvents*max(n, 1))
	}
	ev := &s.evs[0]
	s.evs = s.evs[1:]
	*ev = event.Event{Type: typ, Time: t}
	if n > 0 {
		ev.Fields = s.fields[:n:n]
		s.fields = s.fields[n:]
	}
	return ev
}

// newEvent allocates an event with n fields, in one allocation for small n.
func newEvent(typ string, t int64, n int) *event.Event {
	switch {
	case n == 0:
		return &event.Event{Type: typ, Time: t}
	case n <= 2:
		b := &struct {
			ev event.Event
			f  [2]event.Field
		}{}
		b.ev = event.Event{Type: typ, Time: t, Fields: b.f[:n:n]}
		return &b.ev
	case n <= 4:
		b := &struct {
			ev event.Event
			f  [4]event.Field
		}{}
		b.ev = event.Event{Type: typ, Time: t, Fields: b.f[:n:n]}
		return &b.ev
	case n <= 8:
		b := &struct {
			ev event.Event
			f  [8]event.Field
		}{}
		b.ev = event.Event{Type: typ, Time: t, Fields: b.f[:n:n]}
		return &b.ev
	}
	return &event.Event{Type: typ, Time: t, Fields: make([]event.Field, n)}
}

// ---------------------------------------------------------------------------
// print / log / tap

type printOp struct {
	link
	s    *stream
	args []expr.Eval
	ctx  expr.Ctx
	buf  []byte
}

func (o *printOp) push(it item) {
	if w := o.s.e.opts.Print; w != nil {
		o.ctx.Event, o.ctx.Bindings = it.ev, it.binds
		b := append(o.buf[:0], "[PRINT]"...)
		if len(o.args) == 0 {
			b = append(b, ' ')
			b = append(b, o.s.name...)
			b = append(b, ": "...)
			b = append(b, it.ev.Type...)
			b = append(b, ' ')
			b = event.AppendFieldsJSON(b, it.ev)
		}
		for _, a := range o.args {
			b = append(b, ' ')
			b = appendPrintValue(b, a(&o.ctx))
		}
		b = append(b, '\n')
		if _, err := w.Write(b); err != nil {
			o.s.e.warn("print_write")
		}
		o.buf = b
	}
	o.next.push(it)
}

// appendPrintValue appends the display form of v, strings quoted.
func appendPrintValue(b []byte, v value.Value) []byte {
	if v.Kind() == value.KindString {
		return strconv.AppendQuote(b, v.AsString())
	}
	return append(b, v.String()...)
}

type logOp struct {
	link
	s       *stream
	level   slog.Level
	message string
	attrs   []fieldEval
	ctx     expr.Ctx
	scratch []slog.Attr
}

func (o *logOp) push(it item) {
	lg := o.s.e.logger
	if lg.Enabled(context.Background(), o.level) {
		o.ctx.Event, o.ctx.Bindings = it.ev, it.binds
		as := append(o.scratch[:0], slog.String("stream", o.s.name))
		for _, a := range o.attrs {
			as = append(as, slog.String(a.name, a.eval(&o.ctx).String()))
		}
		lg.LogAttrs(context.Background(), o.level, o.message, as...)
		o.scratch = as[:0]
	}
	o.next.push(it)
}

// logLevel maps a .log level name to a slog level.
func logLevel(s string) slog.Level {
	switch strings.ToLower(s) {
	case "error":
		return slog.LevelError
	case "warn", "warning":
		return slog.LevelWarn
	case "debug", "trace":
		return slog.LevelDebug
	}
	return slog.LevelInfo
}

type tapOp struct {
	link
	s *stream
}

func (o *tapOp) push(it item) {
	if f := o.s.e.opts.Tap; f != nil {
		f(o.s.name, it.ev)
	}
	o.next.push(it)
}

// ---------------------------------------------------------------------------
// distinct / limit

// distinctOp lets an event through the first time its key is seen. The
// seen set is bounded: beyond max keys the least recently seen is dropped.
type distinctOp struct {
	link
	key   expr.Eval // nil: the whole event
	ctx   expr.Ctx
	max   int
	seen  map[value.Key]*list.Element
	order *list.List // front = most recently seen
	buf   []byte
	idx   []int
}

func (o *distinctOp) push(it item) {
	var k value.Key
	if o.key != nil {
		o.ctx.Event, o.ctx.Bindings = it.ev, it.binds
		k = o.key(&o.ctx).Key()
	} else {
		k = o.eventKey(it.ev)
	}
	if el, ok := o.seen[k]; ok {
		o.order.MoveToFront(el)
		return
	}
	o.seen[k] = o.order.PushFront(k)
	if o.order.Len() > o.max {
		old := o.order.Back()
		o.order.Remove(old)
		delete(o.seen, old.Value.(value.Key))
	}
	o.next.push(it)
}

// eventKey returns a key for the whole field set of ev (field order does
// not matter).
func (o *distinctOp) eventKey(ev *event.Event) value.Key {
	o.idx = o.idx[:0]
	for i := range ev.Fields {
		o.idx = append(o.idx, i)
	}
	slices.SortFunc(o.idx, func(a, b int) int { return strings.Compare(ev.Fields[a].Name, ev.Fields[b].Name) })
	b := o.buf[:0]
	for _, i := range o.idx {
		b = strconv.AppendInt(b, int64(len(ev.Fields[i].Name)), 10)
		b = append(b, ':')
		b = append(b, ev.Fields[i].Name...)
		b = value.AppendKey(b, ev.Fields[i].Value)
	}
	o.buf = b
	return value.String(string(b)).Key()
}

type limitOp struct {
	link
	n, seen int64
}

func (o *limitOp) push(it item) {
	if o.seen >= o.n {
		return
	}
	o.seen++
	o.next.push(it)
}

// ---------------------------------------------------------------------------
// process

// processOp evaluates a function call per event; the events its emit
// statements create replace the current event.
type processOp struct {
	link
	call expr.Eval
	ctx  expr.Ctx
	buf  []*event.Event
	cur  *event.Event
}

func newProcessOp(e *Engine, call expr.Eval) *processOp {
	o := &processOp{call: call, ctx: e.newCtx()}
	o.ctx.Emit = o.collect
	return o
}

func (o *processOp) collect(ev *event.Event) {
	if o.cur != nil {
		ev.Time = o.cur.Time
	}
	o.buf = append(o.buf, ev)
}

func (o *processOp) push(it item) {
	o.ctx.Event, o.ctx.Bindings = it.ev, it.binds
	o.cur = it.ev
	o.call(&o.ctx)
	o.cur = nil
	out := o.buf
	o.buf = nil
	for _, ev := range out {
		o.next.push(item{ev: ev, binds: it.binds})
	}
	clear(out)
	if o.buf == nil {
		o.buf = out[:0]
	}
}

// ---------------------------------------------------------------------------
// to

type toOp struct {
	link
	s    *stream
	sink Sink
}

func (o *toOp) push(it item) {
	if err := o.sink.Write(o.s.name, it.ev); err != nil {
		o.s.e.warn("sink_write")
	}
	o.next.push(it)
}
