package pattern

import (
	"fmt"
	"math"
	"testing"

	"github.com/varpulis/varpulis-go/engine/event"
)

func TestForecastTables(t *testing.T) {
	st := func(typ string, q Quant, slot int) Step { return Step{Type: typ, Quant: q, Slot: slot} }
	cases := []struct {
		name   string
		spec   Spec
		next   string // per state, the next state for each type (x: dead)
		accept string
		atEnd  bool
	}{
		{"A -> B -> C",
			Spec{NumSlots: 3, Alts: []Seq{{Steps: []Step{st("A", One, 0), st("B", One, 1), st("C", One, 2)}}}},
			"100 121 223 333", "0001", false},
		{"A -> all B -> C .not(D)",
			Spec{NumSlots: 3, Alts: []Seq{{Steps: []Step{st("A", One, 0), st("B", Plus, 1), st("C", One, 2)}}},
				Global: []Neg{{Type: "D"}}},
			"1000 121x 223x 3333", "0001", false},
		{"A -> B? -> C",
			Spec{NumSlots: 3, Alts: []Seq{{Steps: []Step{st("A", One, 0), st("B", Opt, 1), st("C", One, 2)}}}},
			"100 123 223 333", "0001", false},
		{"strict A -> B",
			Spec{NumSlots: 2, Strategy: Strict, Alts: []Seq{{Steps: []Step{st("A", One, 0), st("B", One, 1)}}}},
			"10 x2 22", "001", false},
		{"absence O .not(P)",
			Spec{NumSlots: 1, Within: 30, Alts: []Seq{{Steps: []Step{st("O", One, 0)}}}, Global: []Neg{{Type: "P"}}},
			"10 1x", "01", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := NewMatcher(&c.spec, Options{})
			if err != nil {
				t.Fatal(err)
			}
			types := c.spec.Types()
			tabs := m.ForecastTables(types)
			if len(tabs) != 1 {
				t.Fatalf("%d tables", len(tabs))
			}
			tb := tabs[0]
			k := len(types)
			got, acc := "", ""
			for j := range tb.Accept {
				if j > 0 {
					got += " "
				}
				for s := range k {
					if n := tb.Next[j*k+s]; n == ForecastDead {
						got += "x"
					} else {
						got += fmt.Sprint(n)
					}
				}
				acc += map[bool]string{true: "1", false: "0"}[tb.Accept[j]]
			}
			if got != c.next || acc != c.accept || tb.AtEnd != c.atEnd {
				t.Errorf("next %q accept %q atEnd %v; want %q %q %v", got, acc, tb.AtEnd, c.next, c.accept, c.atEnd)
			}
		})
	}
}

func TestLeader(t *testing.T) {
	spec := &Spec{Name: "S", NumSlots: 3, Within: 100,
		Alts: []Seq{{Steps: []Step{{Type: "A", Slot: 0}, {Type: "B", Slot: 1}, {Type: "C", Slot: 2}}}}}
	m, err := NewMatcher(spec, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := m.Leader(16); ok {
		t.Fatal("leader without runs")
	}
	a1 := &event.Event{Type: "A", Time: 1}
	for _, ev := range []*event.Event{a1, {Type: "B", Time: 2}, {Type: "A", Time: 3}} {
		m.Process(ev, nil)
	}
	l, ok := m.Leader(16)
	if !ok || l.State != 2 || l.Steps != 3 || l.Deadline != 101 || l.First != a1 || l.Alt != 0 || m.ActiveRuns() != 2 {
		t.Fatalf("leader %+v ok=%v, %d runs", l, ok, m.ActiveRuns())
	}
	// Scanning only the oldest run finds the same; the match's bindings
	// name the same first event.
	if l2, _ := m.Leader(1); l2.First != a1 {
		t.Errorf("leader of 1: %+v", l2)
	}
	var first *event.Event
	m.Process(&event.Event{Type: "C", Time: 4}, func(mt *Match) { first = m.FirstEvent(0, mt.Bindings) })
	if first != a1 {
		t.Errorf("match first event %v", first)
	}
	m.Advance(math.MaxInt64, nil)
	if _, ok := m.Leader(16); ok {
		t.Error("leader after the end")
	}
}
