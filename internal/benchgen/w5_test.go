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
