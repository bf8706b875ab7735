package pattern

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/value"
)

// TestCaptureMatchesEvents runs patterns with and without field capture
// over the same events and checks that the captured copies carry the
// bound events' values for every captured field, and that capture
// switches itself off while few runs match and on again when most do
// (the matches are the same either way).
func TestCaptureMatchesEvents(t *testing.T) {
	cases := []struct {
		name, src string
		fields    map[int][]string
		// phases: per phase, how many orders and whether they are paid.
		phases []bool
		// wantOn: whether capture is on after each phase.
		wantOn []bool
	}{
		{"absence, most orders paid then none", `stream U = Order as o
    .not(Payment where order_id == o.id)
    .within(1s)
    .emit(order: o.id, c: o.c)`, map[int][]string{0: {"id", "c"}},
			[]bool{true, false}, []bool{false, true}},
		{"absence, unpaid then paid", `stream U = Order as o
    .not(Payment where order_id == o.id)
    .within(1s)
    .emit(order: o.id)`, map[int][]string{0: {"id"}},
			[]bool{false, true}, []bool{true, false}},
		{"sequence, middle step captured", `stream S = Order as o
    -> Payment where order_id == o.id as p
    -> Ship where order_id == o.id as s
    .within(1h)
    .emit(order: o.id, paid: p.c)`, map[int][]string{0: {"id"}, 1: {"c"}, 2: {"c"}},
			[]bool{true, true}, []bool{true, true}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			spec := compileFirst(t, c.src)
			evs := captureEvents(c.phases)
			plain := mustMatcher(t, spec)
			capt := mustMatcher(t, spec)
			capt.SetCapture(c.fields)
			var want, got matchLog
			phase := 0
			for i, ev := range evs {
				plain.Advance(ev.Time, want.emit(c.fields))
				plain.Process(ev, want.emit(c.fields))
				capt.Advance(ev.Time, got.emit(c.fields))
				capt.Process(ev, got.emit(c.fields))
				if (i+1)%(phaseOrders*3) == 0 {
					if capt.capOn != c.wantOn[phase] {
						t.Errorf("after phase %d: capture on = %v, want %v", phase, capt.capOn, c.wantOn[phase])
					}
					phase++
				}
			}
			plain.Advance(math.MaxInt64, want.emit(c.fields))
			capt.Advance(math.MaxInt64, got.emit(c.fields))
			if len(want.keys) == 0 || got.copies == 0 || want.copies != 0 {
				t.Fatalf("%d matches, %d copies with capture, %d without", len(want.keys), got.copies, want.copies)
			}
			if !slices.Equal(got.keys, want.keys) {
				for i := range min(len(got.keys), len(want.keys)) {
					if got.keys[i] != want.keys[i] {
						t.Fatalf("match %d: with capture %q, without %q", i, got.keys[i], want.keys[i])
					}
				}
				t.Fatalf("%d matches with capture, %d without", len(got.keys), len(want.keys))
			}
		})
	}
}

// phaseOrders is the number of orders of one phase of captureEvents: a
// few capture windows.
const phaseOrders = 3 * captureWindow

// captureEvents generates, per phase, phaseOrders orders 1 ms apart, each
// followed in the phase by a Payment (when paid) and a Ship for the same
// id; every phase has 3 events per order.
func captureEvents(phases []bool) []*event.Event {
	var evs []*event.Event
	t, id := int64(0), int64(0)
	add := func(typ string, f string, v int64) {
		t += 1e6
		evs = append(evs, &event.Event{Type: typ, Time: t, Fields: []event.Field{
			{Name: "seq", Value: value.Int(int64(len(evs)))},
			{Name: f, Value: value.Int(v)},
			{Name: "c", Value: value.Int(v * 7 % 13)},
		}})
	}
	for _, paid := range phases {
		for range phaseOrders {
			add("Order", "id", id)
			if paid {
				add("Payment", "order_id", id)
			} else {
				add("Other", "order_id", id)
			}
			add("Ship", "order_id", id)
			id++
		}
	}
	return evs
}

func mustMatcher(t *testing.T, spec *Spec) *Matcher {
	t.Helper()
	m, err := NewMatcher(spec, Options{BorrowBindings: true, BorrowLists: true})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// matchLog records each match as its time and, per bound slot, the event
// type and the values of the slot's fields (for a captured copy, those
// it holds), and counts the copies seen (events without the generator's
// seq field).
type matchLog struct {
	keys   []string
	copies int
}

func (l *matchLog) emit(fields map[int][]string) func(*Match) {
	return func(mt *Match) {
		key := fmt.Sprint(mt.Time)
		for slot, b := range mt.Bindings {
			ev := b.Event
			if ev == nil {
				key += " -"
				continue
			}
			if _, hasSeq := ev.Get("seq"); !hasSeq {
				l.copies++
			}
			key += " " + ev.Type
			for _, f := range fields[slot] {
				v, _ := ev.Get(f)
				key += fmt.Sprintf(" %s=%v", f, v)
			}
		}
		l.keys = append(l.keys, key)
	}
}
