package pattern

import (
	"fmt"
	"math"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/expr"
)

// Options configures a Matcher. The zero value is usable.
type Options struct {
	// Globals are the program's global variables, visible to predicates.
	Globals *expr.Globals
	// Warn counts a runtime warning raised while evaluating a predicate.
	Warn func(kind string)
	// Now returns processing time (ns since the epoch) for now().
	Now func() int64
	// BorrowBindings lends the run's own binding array as Match.Bindings:
	// the array is valid only during the emit call, and the receiver
	// copies the bindings it keeps (the Binding values, Kleene lists
	// included, stay valid). This saves a copy and an allocation per
	// match. Without it Match.Bindings belongs to the receiver.
	BorrowBindings bool
	// BorrowLists, with BorrowBindings, also lends the Kleene lists
	// (Binding.List): they are valid only during the emit call, and under
	// next and strict their buffers are reused by later runs (no
	// allocation per Kleene run). Set it only when no receiver keeps a
	// match's lists past emit.
	BorrowLists bool
}

// Match is one completed match. The matcher reuses the Match value between
// calls of emit: keep m.Bindings (never reused or shared with another match, owned
// by the receiver, unless Options.BorrowBindings), not the *Match.
type Match struct {
	// Time is the event time of the match: the time of its completing
	// (last bound) event, or the deadline for an absence match.
	Time int64
	// Bindings holds one binding per slot of the stream scope
	// (Spec.NumSlots); slots the match does not bind are zero. A Kleene
	// alias has List = the accumulated events and Event = the last one.
	Bindings []expr.Binding
}

// Stats are the matcher's counters.
type Stats struct {
	Started   uint64 // runs opened by an event matching a first step
	Completed uint64 // matches emitted
	Expired   uint64 // runs dropped when the watermark passed their deadline
	Evicted   uint64 // runs dropped because max_runs active runs existed
	Killed    uint64 // runs ended by a negation, consumption or broken contiguity
	Active    int    // runs active now
}

// matchSlab is the number of matches whose bindings share one allocation.
const matchSlab = 32

// Matcher runs one pattern over a stream of events. It is not safe for
// concurrent use, and emit callbacks must not call back into the Matcher.
type Matcher struct {
	spec    *Spec
	alts    []*automaton
	maxRuns int
	ctx     expr.Ctx
	borrow  bool // Options.BorrowBindings
	lendK   bool // Options.BorrowLists (and BorrowBindings)

	emit        func(*Match)
	out         Match
	cur         *event.Event
	curConsumed bool
	consumed    []*event.Event // scratch: events of the match being consumed

	live int
	dq   deadlineList

	emptyBinds []expr.Binding
	// saved holds the events of the captured slots while their copies
	// are lent in a match (SetCapture).
	saved []*event.Event
	// capOn: runs starting now capture (see tuneCapture); capStarted and
	// capDone are the counters when it was last decided.
	capOn               bool
	capStarted, capDone uint64
	slab                []expr.Binding // unused match bindings (see emitRun)
	free                []*run
	freeParts           []*partition
	freeK               []*kbuf

	stats Stats
}

// NewMatcher compiles spec into a matcher.
func NewMatcher(spec *Spec, opts Options) (*Matcher, error) {
	if err := spec.Validate(); err != nil {
		return nil, err
	}
	m := &Matcher{spec: spec, maxRuns: spec.MaxRuns, borrow: opts.BorrowBindings,
		lendK: opts.BorrowBindings && opts.BorrowLists}
	if m.maxRuns == 0 {
		m.maxRuns = DefaultMaxRuns
	}
	m.ctx.Globals, m.ctx.Warn, m.ctx.Now = opts.Globals, opts.Warn, opts.Now
	maxBind := 0
	for i := range spec.Alts {
		a, err := m.newAutomaton(&spec.Alts[i])
		if err != nil {
			return nil, fmt.Errorf("pattern %s: %w", spec.Name, err)
		}
		m.alts = append(m.alts, a)
		maxBind = max(maxBind, a.nbind)
	}
	m.emptyBinds = make([]expr.Binding, maxBind)
	return m, nil
}

// SetBorrow sets Options.BorrowBindings and Options.BorrowLists (lists
// only with bindings). Call it before the first Process: matches emitted
// earlier may hold lists whose buffers would then be reused.
func (m *Matcher) SetBorrow(bindings, lists bool) {
	m.borrow, m.lendK = bindings, bindings && lists
}

// Spec returns the matcher's spec.
func (m *Matcher) Spec() *Spec { return m.spec }

// Stats returns the counters.
func (m *Matcher) Stats() Stats {
	s := m.stats
	s.Active = m.live
	return s
}

// Process offers one event to the pattern. Events of types the pattern does
// not read are ignored. Matches completed by ev are passed to emit. Call
// Advance with the new watermark before Process when the watermark moves,
// so that deadline matches come out in time order.
func (m *Matcher) Process(ev *event.Event, emit func(*Match)) {
	m.emit, m.cur, m.curConsumed = emit, ev, false
	for _, a := range m.alts {
		if rl := a.roleOf(ev.Type); rl != nil {
			a.process(ev, rl)
		}
	}
	m.emit, m.cur = nil, nil
}

// Advance moves the watermark to wm: runs whose deadline is before wm end.
// Absence matches (time = deadline) and the maximal matches of trailing
// Kleene/optional steps under next/strict are emitted; other runs expire.
// wm = math.MaxInt64 means end of input: every run ends.
func (m *Matcher) Advance(wm int64, emit func(*Match)) {
	m.emit = emit
	for m.dq.head != nil {
		r := m.dq.head
		if wm != math.MaxInt64 && r.deadline >= wm {
			break
		}
		m.dq.remove(r)
		r.inDeque = false
		a, p := r.a, r.part
		done := false
		if a.completable[r.p] {
			switch {
			case a.absence:
				// Without a deadline (no .within) an absence is never
				// decided, not even at the end of the input.
				if !r.viol && r.deadline != math.MaxInt64 {
					m.emitRun(r, r.deadline)
					done = true
				}
			case m.spec.Strategy != Any:
				m.emitRun(r, r.last)
				done = true
			}
		}
		if !r.dead {
			if !done {
				m.stats.Expired++
			}
			m.retire(r)
		}
		m.release(r)
		a.maybeDrop(p)
	}
	m.emit = nil
}

// retire ends a stored live run (it stays in its lists until they drop it).
func (m *Matcher) retire(r *run) {
	r.dead = true
	m.live--
	r.part.live--
	if r.inDeque {
		m.dq.remove(r)
		r.inDeque = false
	}
}

// kill ends a run because of a negation, consumption or broken contiguity.
func (m *Matcher) kill(r *run) {
	m.stats.Killed++
	m.retire(r)
}

// complete emits the match of stored run r and ends it.
func (m *Matcher) complete(r *run, t int64) {
	m.emitRun(r, t)
	if !r.dead {
		m.retire(r)
	}
}

// emitRun emits the match held by run r with time t.
func (m *Matcher) emitRun(r *run, t int64) {
	a := r.a
	m.stats.Completed++
	// Match bindings are carved from a shared slab (one allocation per
	// matchSlab matches); the full slice expression keeps a receiver's
	// append from reaching the next match's bindings.
	n := a.nslots
	var bs []expr.Binding
	lend := false
	if m.borrow {
		bs = r.binds[:n:n]
		if lend = r.capt; lend {
			a.lendCaptured(r)
		}
	} else {
		if len(m.slab) < n {
			m.slab = make([]expr.Binding, n*matchSlab)
		}
		bs = m.slab[:n:n]
		m.slab = m.slab[n:]
		copy(bs, r.binds[:n])
	}
	r.emitted = true
	m.out = Match{Time: t, Bindings: bs}
	if m.emit != nil {
		m.emit(&m.out)
	}
	if lend {
		a.restoreCaptured(r)
	}
	if m.spec.Consume == ConsumeAll {
		m.consume(r)
	}
}

// consume applies .consume(all) after run r emitted: its events can no
// longer be used, so runs holding any of them end, and the current event,
// if it is one of them, binds nothing more.
func (m *Matcher) consume(r *run) {
	a := r.a
	evs := m.consumed[:0]
	for _, st := range a.steps {
		b := &r.binds[st.slot]
		if st.kleene {
			evs = append(evs, b.List...)
		} else if b.Event != nil {
			evs = append(evs, b.Event)
		}
	}
	for _, e := range evs {
		if e == m.cur {
			m.curConsumed = true
		}
	}
	key := r.part.key
	for _, b := range m.alts {
		p := r.part
		if b != a {
			if b.one != nil {
				p = b.one
			} else {
				p, _ = b.parts.Get(key)
			}
		}
		if p == nil {
			continue
		}
		for _, o := range p.runs {
			if o != r && !o.dead && b.runHolds(o, evs) {
				m.kill(o)
			}
		}
		if !p.busy {
			b.maybeDrop(p)
		}
	}
	if r.inPart && !r.dead {
		m.retire(r)
	}
	r.dead = true
	clear(evs)
	m.consumed = evs[:0]
}

// store makes r an active run: it joins its partition and the deadline
// queue. When max_runs runs are active the oldest is evicted first.
func (m *Matcher) store(r *run) {
	if m.live >= m.maxRuns {
		busy := r.part.busy
		r.part.busy = true // keep r's partition even if eviction empties it
		m.evictOldest()
		r.part.busy = busy
	}
	m.live++
	r.part.live++
	r.part.runs = append(r.part.runs, r)
	r.inPart = true
	m.dq.push(r)
	r.inDeque = true
}

func (m *Matcher) evictOldest() {
	r := m.dq.head
	if r == nil {
		return
	}
	m.stats.Evicted++
	a, p := r.a, r.part
	m.retire(r)
	m.release(r)
	a.maybeDrop(p)
}

// NextDeadline returns the earliest deadline of an active run, so that a
// runtime can schedule the Advance call that ends it (the run ends once
// the watermark is past the deadline). ok is false when no run is active.
func (m *Matcher) NextDeadline() (deadline int64, ok bool) {
	if r := m.dq.head; r != nil {
		return r.deadline, true
	}
	return 0, false
}
