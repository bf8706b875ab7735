package engine

import (
	"context"
	"log/slog"
	"slices"
	"strings"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/expr"
)

// item is the value flowing between operators: the current event plus the
// alias bindings of the stream (one slot per alias of the stream's scope;
// the slice always has the scope's length).
type item struct {
	ev    *event.Event
	binds []expr.Binding
}

// operator is one step of a stream's chain.
type operator interface {
	push(it item)
}

// sub is a subscription: stream s reads an event source on input port.
type sub struct {
	s    *stream
	port int
}

// inputKind tells how a stream turns arriving events into items.
type inputKind uint8

const (
	inputSimple  inputKind = iota // one source, optional alias
	inputMerge                    // merge(...): per-port filters
	inputJoin                     // join(...)
	inputTimer                    // timer(...): its ticks, and input events of type Timer_<Name>
	inputPattern                  // a pattern stream: the matcher is the head
	inputTrend                    // the leader of a trend group: the port is the event type's index
)

// stream is a compiled stream declaration.
type stream struct {
	e    *Engine
	idx  int
	name string

	kind inputKind
	head operator
	// binds are the (empty) bindings of items of a plain or merge input;
	// a source alias (`Reading as r`) names the current event and needs
	// no slot.
	binds []expr.Binding

	merge *mergeInput
	join  *joinOp
	pat   *patternStage
	trend *trendGroup // inputTrend

	// readers receive the events leaving this stream's chain; lateReaders
	// receive the events that arrived late at this stream.
	readers     []sub
	lateReaders []sub

	// time semantics
	checkLate bool  // events behind the watermark are late here
	tolerance int64 // .watermark(out_of_order: d)
	lateness  int64 // .allowed_lateness(d)

	// outputAtEnd: events leaving the chain are output events (a stream
	// with .process and no .emit).
	outputAtEnd bool
	outputs     uint64

	// group is the stream's context: 0 outside any context, else 1 + the
	// context's index in declaration order.
	group int
	// muted: the stream runs only to feed streams of this engine's part
	// of the program (Options.Owned); it has no outputs or side effects.
	muted bool
}

// receive handles an event arriving on input port.
func (s *stream) receive(port int, ev *event.Event) {
	if s.checkLate && ev.Time < s.e.lateBefore(s.tolerance, s.lateness) {
		s.handleLate(ev)
		return
	}
	switch s.kind {
	case inputSimple, inputTimer:
		s.head.push(item{ev: ev, binds: s.binds})
	case inputMerge:
		if s.merge.accept(port, ev) {
			s.head.push(item{ev: ev, binds: s.binds})
		}
	case inputJoin:
		s.join.arrive(port, ev)
	case inputPattern:
		s.pat.arrive(ev)
	case inputTrend:
		s.trend.arrive(port, ev)
	}
}

// retainsInput reports whether the stream may keep a reference to an
// event it receives, or to the event's Fields, after the Push that
// delivered it returns, or hand such a reference to code outside the
// engine (Options.Output, Options.Tap, sinks). It answers by operator kind
// and errs on the safe side: only a plain or merge input whose chain holds
// nothing but where/select/emit/print/log/limit/distinct steps and
// aggregates (running or over a window; their accumulators keep values,
// never events) is known not to retain (select and emit copy the values
// they keep into new events; print, log and distinct keep only derived
// bytes). A window without .aggregate keeps its events.
func (s *stream) retainsInput() bool {
	if s.kind != inputSimple && s.kind != inputMerge {
		return true
	}
	if s.outputAtEnd {
		return true
	}
	return !chainKeepsNoItem(s.head)
}

// chainKeepsNoItem reports whether a chain from op drops every item it
// receives when its push returns: it holds only steps that keep nothing
// (keepsNothing) and aggregates (running or over a window whose inner
// steps keep nothing; accumulators keep values, never events, and rows
// are new events).
func chainKeepsNoItem(op operator) bool {
	for op != nil {
		if next, ok := keepsNothing(op); ok {
			op = next
			continue
		}
		switch o := op.(type) {
		case *runningAgg:
			op = o.next
		case *windowAgg:
			if innerRetains(o.inner) {
				return false
			}
			op = o.next
		case *endOp:
			return true
		default:
			return false
		}
	}
	return true
}

// innerRetains reports whether the steps between .window and .aggregate
// (ending in accSink) may keep the events they see; see retainsInput.
func innerRetains(op operator) bool {
	for op != nil {
		if next, ok := keepsNothing(op); ok {
			op = next
			continue
		}
		_, sink := op.(*accSink)
		return !sink
	}
	return true
}

// keepsNothing reports whether op is a step that keeps no reference to
// the events it sees (where, select, emit, print, log, limit, distinct),
// and returns the step after it.
func keepsNothing(op operator) (next operator, ok bool) {
	switch o := op.(type) {
	case *whereOp:
		return o.next, true
	case *selectOp:
		return o.next, true
	case *emitOp:
		return o.next, true
	case *printOp:
		return o.next, true
	case *logOp:
		return o.next, true
	case *limitOp:
		return o.next, true
	case *distinctOp:
		return o.next, true
	}
	return nil, false
}

// chainCopies reports whether the events this stream's chain receives at
// its head are dropped when the chain returns: the chain holds only
// where/select/emit/print/log/limit/distinct steps, and the event reaching
// the end of the chain is a new one built by select or emit, or goes
// nowhere (no readers, not an output). A join uses it to build its joined
// events in scratch. Call it once the program is wired (readers known).
func (s *stream) chainCopies() bool {
	if s.outputAtEnd {
		return false
	}
	fresh := false
	op := s.head
	for op != nil {
		switch o := op.(type) {
		case *whereOp:
			op = o.next
		case *printOp:
			op = o.next
		case *logOp:
			op = o.next
		case *limitOp:
			op = o.next
		case *distinctOp:
			op = o.next
		case *selectOp:
			fresh = true
			op = o.next
		case *emitOp:
			fresh = true
			op = o.next
		case *endOp:
			return fresh || len(s.readers) == 0
		default:
			return false
		}
	}
	return false
}

// handleLate routes a late event to the stream's late readers, or drops it.
func (s *stream) handleLate(ev *event.Event) {
	if !s.muted {
		s.e.stats.late++
	}
	if len(s.lateReaders) == 0 {
		if !s.muted {
			s.e.stats.dropped++
		}
		return
	}
	s.e.enqueue(s, ev, true)
}

// endOp terminates a stream's chain: it hands events, named after the
// stream, to the readers of the stream and, for .process streams without
// .emit, outputs them.
type endOp struct {
	s *stream
	// copies holds preallocated events for the renamed copies readers
	// see (one allocation per slabEvents copies).
	copies []event.Event
}

func (o *endOp) push(it item) {
	s := o.s
	if s.outputAtEnd {
		it.ev.Type = s.name // process-created events are owned by the engine
		s.e.output(s, it.ev)
	}
	if len(s.readers) > 0 {
		ev := it.ev
		if ev.Type != s.name {
			// Readers see the event named after this stream; the fields
			// are shared (they are never modified).
			if len(o.copies) == 0 {
				o.copies = make([]event.Event, slabEvents)
			}
			c := &o.copies[0]
			o.copies = o.copies[1:]
			*c = *ev
			c.Type = s.name
			ev = c
		}
		s.e.enqueue(s, ev, false)
	}
}

// discardHandler is a slog.Handler that drops everything.
type discardHandler struct{}

func (discardHandler) Enabled(context.Context, slog.Level) bool  { return false }
func (discardHandler) Handle(context.Context, slog.Record) error { return nil }
func (d discardHandler) WithAttrs([]slog.Attr) slog.Handler      { return d }
func (d discardHandler) WithGroup(string) slog.Handler           { return d }

func sortWarnings(ws []WarningCount) {
	slices.SortFunc(ws, func(a, b WarningCount) int { return strings.Compare(a.Kind, b.Kind) })
}
