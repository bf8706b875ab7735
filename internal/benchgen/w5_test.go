package benchgen

import (
	"strings"
	"testing"

	"github.com/varpulis/varpulis-go/engine/event"
)

// TestW5SameEventsAsW4: W5 reads W4's stream.
func TestW5SameEventsAsW4(t *testing.T) {
	var w4, w5 []*event.Event
	W4(3, 3000, W5Within, func(ev *event.Event) { w4 = append(w4, ev) })
	W5(3, 3000, func(ev *event.Event) { w5 = append(w5, ev) })
	if len(w4) != len(w5) {
		t.Fatalf("%d vs %d events", len(w4), len(w5))
	}
	for i := range w4 {
		if string(event.AppendOutputJSON(nil, "x", w4[i])) != string(event.AppendOutputJSON(nil, "x", w5[i])) {
			t.Fatalf("event %d differs", i)
		}
	}
}

func TestW5Program(t *testing.T) {
	p := W5Program(3)
	for i := 0; i < 3; i++ {
		if !strings.Contains(p, "stream "+W5Stream(i)+" = ") {
			t.Fatalf("stream %d missing:\n%s", i, p)
		}
	}
	if strings.Count(p, ".trend_aggregate(trends: count_trends(), px: sum_trends(t.px))") != 3 {
		t.Fatalf("program:\n%s", p)
	}
}

// TestW5TEvents: W5T is W4's stream with an integer px in [0, 100) added
// to every Start; the row counts fall as the threshold rises.
func TestW5TEvents(t *testing.T) {
	var w4, w5t []*event.Event
	W4(3, 3000, W5Within, func(ev *event.Event) { w4 = append(w4, ev) })
	best := W5T(3, 3000, func(ev *event.Event) { w5t = append(w5t, ev) })
	if len(w4) != len(w5t) {
		t.Fatalf("%d vs %d events", len(w4), len(w5t))
	}
	for i := range w4 {
		a, b := w4[i], w5t[i]
		if a.Type != b.Type || a.Time != b.Time {
			t.Fatalf("event %d differs", i)
		}
		px, ok := b.Get("px")
		if a.Type == "Start" {
			if !ok || px.AsFloat() < 0 || px.AsFloat() >= 100 || px.AsFloat() != float64(int(px.AsFloat())) {
				t.Fatalf("event %d: Start px %v", i, px)
			}
			continue
		}
		if string(event.AppendOutputJSON(nil, "x", a)) != string(event.AppendOutputJSON(nil, "x", b)) {
			t.Fatalf("event %d differs", i)
		}
	}
	if W5TRows(best, 0) == 0 || W5TRows(best, 99) != 0 || W5TRows(best, 50) >= W5TRows(best, 0) {
		t.Fatalf("rows by threshold: 0: %d, 50: %d, 99: %d", W5TRows(best, 0), W5TRows(best, 50), W5TRows(best, 99))
	}
	if W5TTotal(best, 3) != W5TRows(best, 0)+W5TRows(best, 1)+W5TRows(best, 2) {
		t.Fatal("total")
	}
	for _, inc := range []bool{false, true} {
		p := W5TProgram(3, inc)
		if strings.Count(p, "sequence(s: Start where px > ") != 3 || strings.Contains(p, "px >= t.px") != inc {
			t.Fatalf("program:\n%s", p)
		}
	}
}
