package pattern

import (
	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/expr"
	"github.com/varpulis/varpulis-go/engine/value"
)

// run is one partial match.
//
// State: p is the positive step that received the latest event and cnt
// how many events it holds; every step before p is satisfied. binds holds
// one binding per internal slot (the stream's slots, then one hidden slot
// per unaliased step); a Kleene step's binding has List = the accumulated
// events (a view of a shared buffer, see kbuf) and Event = the last one.
type run struct {
	runState

	binds []expr.Binding
	kb    []*kbuf // per Kleene step (ordinal): the buffer its List views

	// inl backs binds when the pattern has few slots: the bindings then
	// share the run's memory (one cache miss less per visited run).
	inl [inlineBinds]expr.Binding

	// cv is the capture area (see SetCapture): the captured field values
	// of the captured steps (meaningful only while capt).
	cv [inlineCapture]value.Value
}

// runState is the part of a run that release resets (the binding arrays
// are cleared separately, so that recycling a run writes only the cache
// lines it used).
type runState struct {
	a    *automaton
	part *partition

	p, cnt int32
	// viol: a positioned negation of the gap after p has occurred (only a
	// further event of a Kleene step p clears it).
	viol bool
	// frozen: under strict, contiguity ended while an absence is pending.
	frozen  bool
	dead    bool
	emitted bool
	inDeque bool // linked in the matcher's deadline list
	inPart  bool
	// capt: the run captures fields (SetCapture; decided when it starts).
	capt bool

	deadline, last int64
	prev, next     *run // deadline list neighbours
}

// inlineBinds is how many bindings a run holds without a separate array.
const inlineBinds = 4

// kbuf is the shared, versioned event buffer of a Kleene step. Runs that
// share a prefix of accumulated events share the buffer; a run's list is
// the view evs[:n:n]. Appending in place is allowed only to the run whose
// view ends where the buffer ends (the tip); others copy their prefix. A
// view never changes after it was handed out, so match lists are not
// copied.
type kbuf struct {
	evs []*event.Event
}

func (m *Matcher) newRun(a *automaton) *run {
	var r *run
	if n := len(m.free); n > 0 {
		r = m.free[n-1]
		m.free = m.free[:n-1]
		if cap(r.binds) < a.nbind {
			r.binds = make([]expr.Binding, a.nbind)
		}
		r.binds = r.binds[:a.nbind]
		if cap(r.kb) < len(a.kleeneSlots) {
			r.kb = make([]*kbuf, len(a.kleeneSlots))
		}
		r.kb = r.kb[:len(a.kleeneSlots)]
	} else {
		r = &run{kb: make([]*kbuf, len(a.kleeneSlots))}
		if a.nbind <= inlineBinds {
			r.binds = r.inl[:a.nbind]
		} else {
			r.binds = make([]expr.Binding, a.nbind)
		}
	}
	r.a = a
	return r
}

// cloneRun copies r (any strategy: a branch shares r's buffers).
func (m *Matcher) cloneRun(r *run) *run {
	b := m.newRun(r.a)
	b.part = r.part
	b.p, b.cnt, b.viol, b.frozen, b.capt = r.p, r.cnt, r.viol, r.frozen, r.capt
	b.deadline, b.last = r.deadline, r.last
	copy(b.binds, r.binds)
	copy(b.kb, r.kb)
	b.cv = r.cv
	return b
}

// release recycles a dead run once neither its partition nor the deadline
// queue refers to it.
func (m *Matcher) release(r *run) {
	if !r.dead || r.inDeque || r.inPart || r.a == nil {
		return
	}
	// Under next and strict a Kleene buffer belongs to one run; an emitted
	// run's lists may still be held by the receiver unless they were lent.
	recycle := m.spec.Strategy != Any && (!r.emitted || m.lendK)
	for i, kb := range r.kb {
		if recycle && kb != nil && len(m.freeK) < 1024 {
			clear(kb.evs)
			kb.evs = kb.evs[:0]
			m.freeK = append(m.freeK, kb)
		}
		r.kb[i] = nil
	}
	clear(r.binds)
	if r.capt {
		clear(r.cv[:])
	}
	r.runState = runState{}
	m.free = append(m.free, r)
}

// newList starts the list of Kleene step k of run r with ev.
func (m *Matcher) newList(r *run, k int, ev *event.Event) []*event.Event {
	var kb *kbuf
	if n := len(m.freeK); n > 0 {
		kb = m.freeK[n-1]
		m.freeK = m.freeK[:n-1]
	} else {
		kb = &kbuf{evs: make([]*event.Event, 0, 8)}
	}
	kb.evs = append(kb.evs, ev)
	r.kb[k] = kb
	return kb.evs[:1:1]
}

// appendList appends ev to the list cur of Kleene step k of run r.
func (m *Matcher) appendList(r *run, k int, cur []*event.Event, ev *event.Event) []*event.Event {
	kb := r.kb[k]
	n := len(cur)
	if len(kb.evs) == n {
		kb.evs = append(kb.evs, ev)
		return kb.evs[: n+1 : n+1]
	}
	nb := &kbuf{evs: make([]*event.Event, n+1, max(2*n, 8))}
	copy(nb.evs, cur)
	nb.evs[n] = ev
	r.kb[k] = nb
	return nb.evs[: n+1 : n+1]
}

// deadlineList is the intrusive doubly linked list of the active runs in
// deadline order (then insertion order). A run leaves it as soon as it
// ends (completed, killed, evicted or expired), so the front is always the
// active run whose deadline passes first and nothing is ever scanned.
type deadlineList struct {
	head, tail *run
	n          int
}

// push inserts r keeping deadline order; in-order arrivals append in O(1),
// an out-of-order one walks back over the runs with a later deadline.
func (l *deadlineList) push(r *run) {
	at := l.tail
	for at != nil && at.deadline > r.deadline {
		at = at.prev
	}
	r.prev = at
	if at == nil {
		r.next = l.head
		l.head = r
	} else {
		r.next = at.next
		at.next = r
	}
	if r.next == nil {
		l.tail = r
	} else {
		r.next.prev = r
	}
	l.n++
}

// remove unlinks r.
func (l *deadlineList) remove(r *run) {
	if r.prev == nil {
		l.head = r.next
	} else {
		r.prev.next = r.next
	}
	if r.next == nil {
		l.tail = r.prev
	} else {
		r.next.prev = r.prev
	}
	r.prev, r.next = nil, nil
	l.n--
}
