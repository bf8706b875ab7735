// Package window holds the window geometry and per-key window state of the
// engine (vpl.md §5):
//
//   - Spec describes a window: tumbling or sliding time, tumbling or sliding
//     count, session.
//   - Panes and Time implement aligned time windows. A sliding window of
//     size W and slide P is every interval [k·P, k·P+W); an event belongs to
//     each such window containing its time. Time is cut into panes of width
//     gcd(W, P); an event updates exactly one pane, and firing a window
//     combines the panes it covers, so the cost per event does not grow
//     with W/P.
//   - Sessions keeps the sessions of one key: intervals of events separated
//     by gaps no longer than the session gap; out-of-order events extend or
//     bridge sessions.
//   - Ring is the buffer of a sliding count window.
//
// The types are generic over the payload P that the engine keeps per pane or
// session (aggregate accumulators, or buffered events when no aggregate
// follows the window).
package window

import (
	"errors"
	"fmt"
)

// Kind is the kind of a window.
type Kind uint8

// Window kinds.
const (
	Tumbling     Kind = iota // .window(5m)
	Sliding                  // .window(5m, sliding: 1m)
	Count                    // .window(100)
	SlidingCount             // .window(100, sliding: 10)
	Session                  // .window(session: 2m)
)

// String returns the kind's name.
func (k Kind) String() string {
	switch k {
	case Tumbling:
		return "tumbling"
	case Sliding:
		return "sliding"
	case Count:
		return "count"
	case SlidingCount:
		return "sliding count"
	case Session:
		return "session"
	}
	return "invalid"
}

// IsTime reports whether windows of this kind are driven by event time.
func (k Kind) IsTime() bool { return k == Tumbling || k == Sliding || k == Session }

// Spec describes a window. Size and Slide are nanoseconds for time windows
// and event counts for count windows; Gap is the session gap in nanoseconds.
type Spec struct {
	Kind  Kind
	Size  int64
	Slide int64
	Gap   int64
}

// Validate checks the spec's numbers.
func (s Spec) Validate() error {
	switch s.Kind {
	case Tumbling, Count:
		if s.Size <= 0 {
			return fmt.Errorf("%s window size must be positive", s.Kind)
		}
	case Sliding, SlidingCount:
		if s.Size <= 0 || s.Slide <= 0 {
			return fmt.Errorf("%s window size and slide must be positive", s.Kind)
		}
	case Session:
		if s.Gap <= 0 {
			return errors.New("session gap must be positive")
		}
	default:
		return errors.New("invalid window kind")
	}
	return nil
}

// floorDiv returns ⌊a/b⌋ for b > 0.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// ceilDiv returns ⌈a/b⌉ for b > 0.
func ceilDiv(a, b int64) int64 { return -floorDiv(-a, b) }

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// Panes is the geometry of aligned time windows of size Size and slide
// Slide (equal for tumbling windows), cut into panes of width Width.
type Panes struct {
	Size, Slide, Width int64
}

// NewPanes returns the geometry for windows of the given size and slide
// (both positive). With slide > size the windows leave gaps; see Covers.
func NewPanes(size, slide int64) Panes {
	return Panes{Size: size, Slide: slide, Width: gcd(size, slide)}
}

// Covers reports whether some window holds time t. Every time is covered
// unless the slide is larger than the size (hopping windows with gaps
// between them: an event in a gap belongs to no window).
func (g Panes) Covers(t int64) bool {
	return g.Slide <= g.Size || t-floorDiv(t, g.Slide)*g.Slide < g.Size
}

// PaneStart returns the start of the pane holding time t.
func (g Panes) PaneStart(t int64) int64 { return floorDiv(t, g.Width) * g.Width }

// FirstEnd returns the end of the earliest window that contains the pane
// starting at ps.
func (g Panes) FirstEnd(ps int64) int64 {
	// Window ends are Size + k·Slide; the earliest one >= ps + Width.
	k := ceilDiv(ps+g.Width-g.Size, g.Slide)
	return g.Size + k*g.Slide
}

// LastEnd returns the end of the latest window that contains the pane
// starting at ps.
func (g Panes) LastEnd(ps int64) int64 { return floorDiv(ps, g.Slide)*g.Slide + g.Size }

// WindowsOf returns the start of the first and last windows containing t
// (a naive enumeration helper for tests and small slides).
func (g Panes) WindowsOf(t int64) (first, last int64) {
	last = floorDiv(t, g.Slide) * g.Slide
	first = (floorDiv(t-g.Size, g.Slide) + 1) * g.Slide
	return first, last
}

// Pane is one pane of a Time window state.
type Pane[P any] struct {
	Start int64
	Data  P
}

// Time is the window state of one key for aligned time windows: its panes in
// start order and the end of the last window fired.
type Time[P any] struct {
	g     Panes
	panes []Pane[P]
	fired int64 // end of the last window fired; valid when hasFired
	has   bool
}

// NewTime returns an empty state with geometry g.
func NewTime[P any](g Panes) *Time[P] { return &Time[P]{g: g} }

// Empty reports whether the state holds no pane.
func (w *Time[P]) Empty() bool { return len(w.panes) == 0 }

// Pane returns the payload of the pane holding time t, creating it with
// newData when needed. ok is false when every window holding t has already
// fired (the event is too late for this key).
func (w *Time[P]) Pane(t int64, newData func() P) (data *P, ok bool) {
	ps := w.g.PaneStart(t)
	if w.has && w.g.LastEnd(ps) <= w.fired {
		// The last window holding this pane has fired.
		return nil, false
	}
	n := len(w.panes)
	// Fast path: the newest pane or a new newest pane.
	if n > 0 && w.panes[n-1].Start == ps {
		return &w.panes[n-1].Data, true
	}
	if n == 0 || w.panes[n-1].Start < ps {
		w.panes = append(w.panes, Pane[P]{Start: ps, Data: newData()})
		return &w.panes[n].Data, true
	}
	// Out of order: find the position.
	i := 0
	for i < n && w.panes[i].Start < ps {
		i++
	}
	if w.panes[i].Start == ps {
		return &w.panes[i].Data, true
	}
	w.panes = append(w.panes, Pane[P]{})
	copy(w.panes[i+1:], w.panes[i:])
	w.panes[i] = Pane[P]{Start: ps, Data: newData()}
	return &w.panes[i].Data, true
}

// NextEnd returns the end of the next window to fire: the earliest window
// end after the last fired one that holds at least one pane.
func (w *Time[P]) NextEnd() (int64, bool) {
	if len(w.panes) == 0 {
		return 0, false
	}
	e := w.g.FirstEnd(w.panes[0].Start)
	if w.has && e <= w.fired {
		e = w.fired + w.g.Slide
	}
	return e, true
}

// Fire fires the window ending at end: visit is called with the panes inside
// [end−Size, end) in time order (at least one when end came from NextEnd),
// then panes no later window needs are passed to drop and removed.
func (w *Time[P]) Fire(end int64, visit func(*Pane[P]), drop func(P)) {
	start := end - w.g.Size
	for i := range w.panes {
		p := &w.panes[i]
		if p.Start >= end {
			break
		}
		if p.Start >= start {
			visit(p)
		}
	}
	w.fired, w.has = end, true
	// The next window starts at start+Slide: older panes are finished.
	keep := start + w.g.Slide
	i := 0
	for i < len(w.panes) && w.panes[i].Start < keep {
		if drop != nil {
			drop(w.panes[i].Data)
		}
		i++
	}
	if i > 0 {
		n := copy(w.panes, w.panes[i:])
		clear(w.panes[n:])
		w.panes = w.panes[:n]
	}
}

// ---------------------------------------------------------------------------
// Sessions

// SessionData is one session of a key.
type SessionData[P any] struct {
	Start, Last int64 // times of the first and last event
	Data        P
}

// Sessions holds the open sessions of one key, ordered by start. Two events
// belong to the same session when they are at most Gap apart (an event
// exactly Gap after the last one extends the session).
type Sessions[P any] struct {
	Gap  int64
	list []SessionData[P]
}

// Empty reports whether no session is open.
func (s *Sessions[P]) Empty() bool { return len(s.list) == 0 }

// Add places an event at time t: it extends the session it falls into (or
// next to), creates a new session, or bridges two sessions, which merge
// calls merge(into, from) for. It returns the payload to update.
func (s *Sessions[P]) Add(t int64, newData func() P, merge func(into *P, from P)) *P {
	// Find sessions touching [t-Gap, t+Gap].
	lo, hi := -1, -1
	for i := range s.list {
		x := &s.list[i]
		if x.Start-s.Gap <= t && t <= x.Last+s.Gap {
			if lo < 0 {
				lo = i
			}
			hi = i
		} else if x.Start-s.Gap > t {
			break
		}
	}
	if lo < 0 {
		i := 0
		for i < len(s.list) && s.list[i].Start < t {
			i++
		}
		s.list = append(s.list, SessionData[P]{})
		copy(s.list[i+1:], s.list[i:])
		s.list[i] = SessionData[P]{Start: t, Last: t, Data: newData()}
		return &s.list[i].Data
	}
	x := &s.list[lo]
	for j := lo + 1; j <= hi; j++ { // bridged sessions merge into the first
		y := s.list[j]
		merge(&x.Data, y.Data)
		x.Last = max(x.Last, y.Last)
	}
	if hi > lo {
		s.list = append(s.list[:lo+1], s.list[hi+1:]...)
	}
	x.Start = min(x.Start, t)
	x.Last = max(x.Last, t)
	return &x.Data
}

// NextClose returns the time at which the earliest session closes: its last
// event time + Gap. The session closes once the watermark is past it.
func (s *Sessions[P]) NextClose() (int64, bool) {
	if len(s.list) == 0 {
		return 0, false
	}
	c := s.list[0].Last + s.Gap
	for _, x := range s.list[1:] {
		c = min(c, x.Last+s.Gap)
	}
	return c, true
}

// CloseBefore closes, in start order, every session whose close time
// (Last+Gap) is before wm, calling emit for each.
func (s *Sessions[P]) CloseBefore(wm int64, emit func(*SessionData[P])) {
	j := 0
	for i := range s.list {
		x := &s.list[i]
		if x.Last+s.Gap < wm {
			emit(x)
			continue
		}
		s.list[j] = *x
		j++
	}
	clear(s.list[j:])
	s.list = s.list[:j]
}

// ---------------------------------------------------------------------------
// Count windows

// Ring is the buffer of a sliding count window of size N and slide S: it
// keeps the last N items and reports when a window is due (it holds N items
// and at least S items arrived since the previous release).
type Ring[T any] struct {
	buf   []T
	head  int // index of the oldest item when full
	n     int
	size  int
	slide int
	since int // items added since the last release
}

// NewRing returns a ring for windows of size items sliding by slide items.
func NewRing[T any](size, slide int) *Ring[T] {
	return &Ring[T]{buf: make([]T, size), size: size, slide: slide}
}

// Push adds an item and reports whether a window is due now.
func (r *Ring[T]) Push(x T) bool {
	*r.Slot() = x
	return r.Commit()
}

// Slot returns the storage the next Commit adds: a free slot, or the
// oldest item's slot when the ring is full (its previous content can be
// reused).
func (r *Ring[T]) Slot() *T {
	if r.n < r.size {
		return &r.buf[(r.head+r.n)%r.size]
	}
	return &r.buf[r.head]
}

// Commit adds the item written to Slot and reports whether a window is due
// now.
func (r *Ring[T]) Commit() bool {
	if r.n < r.size {
		r.n++
	} else {
		r.head = (r.head + 1) % r.size
	}
	r.since++
	if r.n == r.size && r.since >= r.slide {
		r.since = 0
		return true
	}
	return false
}

// Len returns the number of items held.
func (r *Ring[T]) Len() int { return r.n }

// At returns the i-th item, oldest first.
func (r *Ring[T]) At(i int) T { return r.buf[(r.head+i)%r.size] }
