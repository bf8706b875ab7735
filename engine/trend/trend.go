// Package trend counts and aggregates skip-till-any-match trends of a
// sequence pattern without enumerating them (GRETA event-graph
// propagation). A Graph holds the events of one partition and one window;
// each event that matches a step becomes a node whose aggregates summarise
// every partial trend ending at it, computed from its predecessors' nodes.
//
// Counts grow like 2^n. They are exact int64 until an addition or
// multiplication would overflow; from then on the graph switches to
// float64 and Result.Overflow is set. Values never wrap.
//
// Status: the per-graph propagation is complete and tested against a
// brute-force enumeration; windows, partitions and the engine stage are
// not wired yet.
package trend

import (
	"math"
	"math/bits"
)

// Step is one step of a sequence pattern.
type Step struct {
	// Type is the event type the step accepts (caller-defined number).
	Type int
	// Kleene marks an `all X` step: one or more consecutive events.
	Kleene bool
	// Alias marks the step whose values feed count_events/sum/avg/min/max.
	Alias bool
}

// Event is one input event as the graph sees it.
type Event struct {
	Type  int
	Value float64
}

// Edge reports whether event cur at step curStep may follow event prev at
// step prevStep in a trend (step predicates between consecutive events).
// prev is -1 for the first step (curStep 0): it then checks the step's own
// predicate. Indexes are positions in the order events were added.
type Edge func(prev, prevStep, cur, curStep int) bool

type node struct {
	ev, step int
	cnt      num // partial trends ending here
	evs      num // alias events summed over those trends
	sum      float64
	min, max float64
	hasV     bool // some partial trend holds an alias event
}

// Graph is the event graph of one partition and window.
type Graph struct {
	steps  []Step
	edge   Edge
	events []Event
	nodes  []node
	fl     bool // counts are float64 from now on
}

// New returns an empty graph for the steps (at least one).
func New(steps []Step, edge Edge) *Graph {
	return &Graph{steps: steps, edge: edge}
}

// num is a count: exact int64, or float64 once the graph overflowed.
type num struct {
	i int64
	f float64
}

func (g *Graph) add(a, b num) num {
	if !g.fl {
		s, c := bits.Add64(uint64(a.i), uint64(b.i), 0)
		if c == 0 && int64(s) >= 0 {
			return num{i: int64(s), f: float64(int64(s))}
		}
		g.toFloat()
	}
	return num{f: a.f + b.f}
}

// toFloat switches every stored count to float64.
func (g *Graph) toFloat() { g.fl = true }

// Add appends an event and propagates the aggregates of its nodes.
func (g *Graph) Add(e Event) {
	cur := len(g.events)
	g.events = append(g.events, e)
	n := len(g.nodes)
	for s, st := range g.steps {
		if st.Type != e.Type {
			continue
		}
		nd := node{ev: cur, step: s, min: math.Inf(1), max: math.Inf(-1)}
		if s == 0 {
			if g.edge(-1, -1, cur, 0) {
				nd.cnt = g.add(nd.cnt, num{i: 1, f: 1})
			}
		}
		for _, p := range g.nodes[:n] {
			if !(p.step == s-1 || (st.Kleene && p.step == s)) || p.cnt.f == 0 && p.cnt.i == 0 {
				continue
			}
			if !g.edge(p.ev, p.step, cur, s) {
				continue
			}
			nd.cnt = g.add(nd.cnt, p.cnt)
			nd.evs = g.add(nd.evs, p.evs)
			nd.sum += p.sum
			if p.hasV {
				nd.hasV = true
				nd.min = math.Min(nd.min, p.min)
				nd.max = math.Max(nd.max, p.max)
			}
		}
		if nd.cnt.i == 0 && nd.cnt.f == 0 {
			continue
		}
		if st.Alias {
			nd.evs = g.add(nd.evs, nd.cnt)
			nd.sum += nd.cnt.f * e.Value
			nd.hasV = true
			nd.min = math.Min(nd.min, e.Value)
			nd.max = math.Max(nd.max, e.Value)
		}
		g.nodes = append(g.nodes, nd)
	}
}

// Result holds the aggregates over every complete trend of a graph.
type Result struct {
	// Trends is count_trends(); exact unless Overflow.
	Trends int64
	// Events is count_events(alias); exact unless Overflow.
	Events int64
	// TrendsF and EventsF are the same counts as float64 (always set).
	TrendsF, EventsF float64
	// Sum is sum_trends(alias.f); Avg = Sum / EventsF (NaN without events).
	Sum, Avg float64
	// Min and Max are min_trends/max_trends; HasMinMax is false without values.
	Min, Max  float64
	HasMinMax bool
	// Overflow reports that the int64 counts overflowed: the float fields
	// remain valid approximations, Trends and Events are then 0.
	Overflow bool
}

// Result aggregates the trends that end at a node of the last step.
func (g *Graph) Result() Result {
	last := len(g.steps) - 1
	var cnt, evs num
	r := Result{Min: math.Inf(1), Max: math.Inf(-1)}
	for _, nd := range g.nodes {
		if nd.step != last {
			continue
		}
		cnt = g.add(cnt, nd.cnt)
		evs = g.add(evs, nd.evs)
		r.Sum += nd.sum
		if nd.hasV {
			r.HasMinMax = true
			r.Min = math.Min(r.Min, nd.min)
			r.Max = math.Max(r.Max, nd.max)
		}
	}
	r.Overflow = g.fl
	if !g.fl {
		r.Trends, r.Events = cnt.i, evs.i
	}
	r.TrendsF, r.EventsF = cnt.f, evs.f
	r.Avg = math.NaN()
	if r.EventsF > 0 {
		r.Avg = r.Sum / r.EventsF
	}
	if !r.HasMinMax {
		r.Min, r.Max = 0, 0
	}
	return r
}
