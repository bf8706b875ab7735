// Package timekeeper holds the event-time machinery of the engine: the
// engine clock (the largest event time seen), watermarks derived from it,
// and a timer heap ordered by deadline.
//
// Time is int64 nanoseconds since the Unix epoch. Never and Infinity bound
// the range: a clock that has seen nothing reads Never, and the end of
// bounded input moves it to Infinity. Arithmetic near the bounds saturates
// (AddSat, SubSat) so that "watermark − lateness" never wraps around.
package timekeeper

import "math"

const (
	// Never is the clock before any event: earlier than every event time.
	Never int64 = math.MinInt64
	// Infinity is the clock at the end of bounded input.
	Infinity int64 = math.MaxInt64
)

// AddSat returns a + b, saturated to [Never, Infinity]. It is small
// enough to be inlined on the per-event paths.
func AddSat(a, b int64) int64 {
	s := a + b
	if (a^s)&(b^s) < 0 { // a and b have one sign, s the other: overflow
		if b > 0 {
			return Infinity
		}
		return Never
	}
	return s
}

// SubSat returns a − b, saturated to [Never, Infinity].
func SubSat(a, b int64) int64 {
	s := a - b
	if (a^b)&(a^s) < 0 { // a and b differ in sign, s differs from a: overflow
		if a >= 0 {
			return Infinity
		}
		return Never
	}
	return s
}

// Clock tracks the largest event time seen (the engine's event-time
// clock). Watermarks are the clock minus a stream's out-of-order tolerance.
type Clock struct {
	max int64
}

// NewClock returns a clock that has seen nothing.
func NewClock() Clock { return Clock{max: Never} }

// Now returns the largest time observed (Never before any).
func (c *Clock) Now() int64 { return c.max }

// Observe advances the clock to t if t is later; it reports whether the
// clock moved.
func (c *Clock) Observe(t int64) bool {
	if t > c.max {
		c.max = t
		return true
	}
	return false
}

// Watermark returns the watermark of a stream with the given out-of-order
// tolerance: the clock minus the tolerance. No event earlier than the
// watermark is expected any more.
func (c *Clock) Watermark(tolerance int64) int64 { return SubSat(c.max, tolerance) }

// Timer is one entry of a Heap.
type Timer struct {
	At     int64  // deadline
	Seq    uint64 // insertion order, breaks ties between equal deadlines
	Target int    // owner chosen by the caller (an operator index)
	Arg    int64  // free argument for the owner (a key index, a window end)
}

func (t Timer) less(u Timer) bool {
	if t.At != u.At {
		return t.At < u.At
	}
	if t.Target != u.Target {
		return t.Target < u.Target
	}
	return t.Seq < u.Seq
}

// Heap is a min-heap of timers ordered by deadline, then target, then
// insertion order, so timers with equal deadlines fire in a deterministic
// order that does not depend on when they were re-armed. Owners that move a deadline push a new timer and ignore stale
// ones when they fire (lazy deletion).
type Heap struct {
	ts  []Timer
	seq uint64
}

// Len returns the number of pending timers.
func (h *Heap) Len() int { return len(h.ts) }

// Due reports whether the earliest timer is at or before now.
func (h *Heap) Due(now int64) bool { return len(h.ts) > 0 && h.ts[0].At <= now }

// Push adds a timer.
func (h *Heap) Push(at int64, target int, arg int64) {
	h.seq++
	h.ts = append(h.ts, Timer{At: at, Seq: h.seq, Target: target, Arg: arg})
	h.up(len(h.ts) - 1)
}

// Peek returns the earliest timer without removing it.
func (h *Heap) Peek() (Timer, bool) {
	if len(h.ts) == 0 {
		return Timer{}, false
	}
	return h.ts[0], true
}

// PopDue removes and returns the earliest timer if its deadline is <= now.
func (h *Heap) PopDue(now int64) (Timer, bool) {
	if len(h.ts) == 0 || h.ts[0].At > now {
		return Timer{}, false
	}
	return h.Pop(), true
}

// Pop removes and returns the earliest timer; the heap must not be empty.
func (h *Heap) Pop() Timer {
	t := h.ts[0]
	n := len(h.ts) - 1
	h.ts[0] = h.ts[n]
	h.ts = h.ts[:n]
	if n > 0 {
		h.down(0)
	}
	return t
}

func (h *Heap) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !h.ts[i].less(h.ts[p]) {
			return
		}
		h.ts[i], h.ts[p] = h.ts[p], h.ts[i]
		i = p
	}
}

func (h *Heap) down(i int) {
	n := len(h.ts)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && h.ts[r].less(h.ts[l]) {
			m = r
		}
		if !h.ts[m].less(h.ts[i]) {
			return
		}
		h.ts[i], h.ts[m] = h.ts[m], h.ts[i]
		i = m
	}
}
