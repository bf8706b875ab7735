package pattern

import (
	"unsafe"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/value"
)

// Field capture (Matcher.SetCapture). When a step binds an event, the
// fields that the receiver of the matches reads through the step's alias
// are copied into the run, while the event is in cache; a match then
// hands the receiver, for each such alias, a copy of the bound event that
// holds only those fields, built from the run's memory. Reading `l.user`
// when a match completes thus touches the run (which the matcher has just
// visited) instead of an event bound thousands of events earlier, long
// out of cache.

// capInfo is the capture of one non-Kleene step of an automaton.
type capInfo struct {
	slot  int // public binding slot
	off   int // index of the first captured value in run.cv
	names []string
	// hint and seen, per name: where the field was last found and the
	// address of its name there (events of one layout share their name
	// strings, so the check is usually one comparison of addresses).
	hint []int32
	seen []*byte
	// shadow is the copy lent in matches: its Fields carry names; the
	// values are set from the run when a match is emitted.
	shadow *event.Event
}

// inlineCapture is how many field values a run can capture: steps whose
// fields do not fit keep their events (capture is an optimisation; a
// copy and the event read the same for the fields captured).
const inlineCapture = 2

// SetCapture makes matches carry, for public binding slots s in fields, a
// copy of the event bound to s that holds only the fields fields[s] (in
// that order; a field the event lacks is null) and the event's type, with
// time 0, instead of the event itself. Slots of Kleene steps, and slots
// no step binds, are ignored, and so is the last step of a sequence
// without a trailing negation: its event completes the match at once and
// is still in cache. A run has room for inlineCapture values: the
// earliest steps are captured first, later ones that do not fit keep
// their events. The copies are valid during the emit call only, so
// SetCapture takes effect only while bindings are borrowed
// (Options.BorrowBindings); the receiver must read nothing of these
// events but the named fields (through expr selectors a.f), and must not
// compare them by identity. Call it before the first Process; nil or an
// empty map turns capture off.
func (m *Matcher) SetCapture(fields map[int][]string) {
	ncap := 0
	defer func() {
		m.saved = make([]*event.Event, ncap)
		m.capOn = ncap > 0
		m.capStarted, m.capDone = m.stats.Started, m.stats.Completed
	}()
	for _, a := range m.alts {
		a.caps, a.ncv = nil, 0
		last := len(a.steps) - 1
		for q := range a.steps {
			st := &a.steps[q]
			st.cap = -1
			names, ok := fields[st.slot]
			if !ok || len(names) == 0 || st.kleene || st.slot >= a.nslots || (q == last && !a.absence) ||
				a.ncv+len(names) > inlineCapture {
				continue
			}
			sh := &event.Event{Type: st.typ, Fields: make([]event.Field, len(names))}
			for j, n := range names {
				sh.Fields[j].Name = n
			}
			st.cap = int32(len(a.caps))
			a.caps = append(a.caps, capInfo{slot: st.slot, off: a.ncv, names: names,
				hint: make([]int32, len(names)), seen: make([]*byte, len(names)), shadow: sh})
			a.ncv += len(names)
		}
		ncap = max(ncap, len(a.caps))
	}
}

// Capturing reports whether SetCapture selected steps whose fields are
// captured (whether the runs starting now capture is tuneCapture's
// choice).
func (m *Matcher) Capturing() bool {
	for _, a := range m.alts {
		if len(a.caps) > 0 {
			return true
		}
	}
	return false
}

// captureWindow is how many started runs the matcher sees between two
// decisions of tuneCapture.
const captureWindow = 4096

// tuneCapture decides whether the runs starting from now on capture their
// fields. Capturing costs a little for every run and saves cache misses
// only for the runs that match: when fewer than one run in four of the
// last window matched (W7: an Order rarely stays unpaid), it is switched
// off, and on again when matches become frequent. Each run keeps the
// choice made at its start, so matches read the same values either way.
func (m *Matcher) tuneCapture() {
	started, done := m.stats.Started-m.capStarted, m.stats.Completed-m.capDone
	m.capOn = 4*done >= started
	m.capStarted, m.capDone = m.stats.Started, m.stats.Completed
}

// capture copies the captured fields of ev, just bound by the step of
// capture ci, into run r.
func (a *automaton) capture(r *run, ci int32, ev *event.Event) {
	c := &a.caps[ci]
	fs := ev.Fields
	for j, name := range c.names {
		if h := int(c.hint[j]); h < len(fs) && unsafe.StringData(fs[h].Name) == c.seen[j] && len(fs[h].Name) == len(name) {
			r.cv[c.off+j] = fs[h].Value
			continue
		}
		var v value.Value
		for i := range fs {
			if fs[i].Name == name {
				v = fs[i].Value
				c.hint[j], c.seen[j] = int32(i), unsafe.StringData(fs[i].Name)
				break
			}
		}
		r.cv[c.off+j] = v
	}
}

// lendCaptured points the captured slots of run r's bindings at the
// copies, filled from the run's capture area, for the emit call; restore
// puts the events back. The bindings are the run's own (borrowed), so
// nothing is copied but the captured values.
func (a *automaton) lendCaptured(r *run) {
	for i := range a.caps {
		c := &a.caps[i]
		b := &r.binds[c.slot]
		if b.Event == nil {
			continue
		}
		fs := c.shadow.Fields
		for j := range fs {
			fs[j].Value = r.cv[c.off+j]
		}
		a.m.saved[i] = b.Event
		b.Event = c.shadow
	}
}

// restoreCaptured undoes lendCaptured.
func (a *automaton) restoreCaptured(r *run) {
	for i := range a.caps {
		c := &a.caps[i]
		b := &r.binds[c.slot]
		if b.Event == c.shadow {
			b.Event = a.m.saved[i]
			a.m.saved[i] = nil
		}
	}
}
