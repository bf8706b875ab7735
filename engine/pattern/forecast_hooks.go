package pattern

import (
	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/expr"
)

// Read access to the matcher for `.forecast` (engine/forecast): the
// pattern's automata as deterministic transition tables over event types,
// and the most advanced active run.

// ForecastDead is the ForecastTable.Next entry for "the run dies".
const ForecastDead = -1

// ForecastTable is one alternative of the pattern seen as a deterministic
// automaton over event types, as the forecaster models it: state j means
// "the first j positive steps are satisfied" (a run whose latest bound
// step is p is in state p+1). Step and negation predicates are not
// modelled: an event of a step's type advances the run, and only a
// negation without a predicate kills it.
type ForecastTable struct {
	// Next[j*len(types)+s] is the state after an event of types[s] in
	// state j, or ForecastDead.
	Next []int32
	// Accept[j]: a run in state j completes (a trailing Kleene or optional
	// step is emitted at its deadline; it counts as complete).
	Accept []bool
	// AtEnd marks an absence pattern: the match happens at the deadline
	// if the run is then in an accepting state.
	AtEnd bool
}

// ForecastTables returns one ForecastTable per alternative, over the event
// types types (normally Spec.Types()).
func (m *Matcher) ForecastTables(types []string) []ForecastTable {
	out := make([]ForecastTable, len(m.alts))
	for i, a := range m.alts {
		n := len(a.steps)
		k := len(types)
		t := ForecastTable{Next: make([]int32, (n+1)*k), Accept: make([]bool, n+1), AtEnd: a.absence}
		for j := 0; j <= n; j++ {
			t.Accept[j] = j > 0 && a.completable[j-1]
			for s, typ := range types {
				t.Next[j*k+s] = a.forecastNext(j, typ)
			}
		}
		out[i] = t
	}
	return out
}

func unconditional(ns []negInfo, typ string) bool {
	for i := range ns {
		if ns[i].typ == typ && ns[i].where == nil {
			return true
		}
	}
	return false
}

// forecastNext mirrors stepNext for an event of type typ in state j.
func (a *automaton) forecastNext(j int, typ string) int32 {
	n := len(a.steps)
	strict := a.m.spec.Strategy == Strict
	if j > 0 {
		if unconditional(a.global, typ) {
			if a.completable[j-1] && !a.absence {
				return int32(j) // a trailing Kleene run completes
			}
			return ForecastDead
		}
		if unconditional(a.gaps[j], typ) && (!a.steps[j-1].kleene || j == n && a.absence) {
			return ForecastDead
		}
	}
	for q := j; q < n; q++ {
		if a.steps[q].typ == typ {
			return int32(q + 1)
		}
		if a.steps[q].min > 0 {
			break
		}
	}
	if j > 0 && a.steps[j-1].kleene && a.steps[j-1].typ == typ {
		return int32(j)
	}
	if strict && j > 0 && !a.completable[j-1] {
		return ForecastDead
	}
	return int32(j)
}

// Leader describes the most advanced active run (see Matcher.Leader).
type Leader struct {
	Alt      int   // index of the run's alternative
	State    int   // ForecastTable state: bound steps (latest step + 1)
	Steps    int   // positive steps of the alternative
	Deadline int64 // the run's deadline (math.MaxInt64: none)
	// Bindings is the run's binding array (Spec.NumSlots slots). It is the
	// run's own storage: copy it before the matcher runs again.
	Bindings []expr.Binding
	// First is the run's first event (it identifies the run; see
	// FirstEvent).
	First *event.Event
}

// FirstEvent returns the first event of alternative alt bound in binds (a
// match's bindings), or nil when the first step has no alias (its binding
// is not in a match) or binds does not bind it.
func (m *Matcher) FirstEvent(alt int, binds []expr.Binding) *event.Event {
	if alt < 0 || alt >= len(m.alts) {
		return nil
	}
	a := m.alts[alt]
	if len(a.steps) == 0 {
		return nil
	}
	st := a.steps[0]
	if st.slot >= len(binds) || (st.slot >= a.nslots && len(binds) <= a.nslots) {
		return nil
	}
	b := binds[st.slot]
	if st.kleene && len(b.List) > 0 {
		return b.List[0]
	}
	return b.Event
}

// Alts returns the number of alternatives.
func (m *Matcher) Alts() int { return len(m.alts) }

// Leader returns the most advanced among the scan oldest active runs (the
// runs with the earliest deadlines): the one with the most steps bound,
// then the latest deadline. ok is false when no run is active.
func (m *Matcher) Leader(scan int) (l Leader, ok bool) {
	var best *run
	for r, i := m.dq.head, 0; r != nil && i < scan; r, i = r.next, i+1 {
		if best == nil || r.p > best.p || r.p == best.p && r.deadline > best.deadline {
			best = r
		}
	}
	if best == nil {
		return l, false
	}
	a := best.a
	for i, b := range m.alts {
		if b == a {
			l.Alt = i
		}
	}
	l.State, l.Steps, l.Deadline = int(best.p)+1, len(a.steps), best.deadline
	l.Bindings = best.binds[:a.nslots]
	l.First = m.FirstEvent(l.Alt, best.binds)
	return l, true
}

// ActiveRuns returns the number of active runs.
func (m *Matcher) ActiveRuns() int { return m.live }
