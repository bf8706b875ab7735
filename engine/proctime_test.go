package engine

import (
	"testing"

	"github.com/varpulis/varpulis-go/engine/event"
)

// TestProcessingTime drives a 1 s window and a 2 s absence deadline with a
// fake wall clock: event times from the input are ignored, and Tick fires
// what is due although no event arrives.
func TestProcessingTime(t *testing.T) {
	src := `
stream PerSecond = Reading .window(1s) .aggregate(n: count()) .emit(n: n)
stream Unpaid = Order as o .not(Payment where order_id == o.id) .within(2s) .emit(id: o.id)
`
	var out []string
	eng := compile(t, src, &out)
	clock := int64(10_000_000_000) // 10 s
	pt := NewProcessingTime(eng, func() int64 { return clock })
	push := func(e *event.Event) {
		t.Helper()
		if err := pt.Push(e); err != nil {
			t.Fatal(err)
		}
	}
	tick := func() {
		t.Helper()
		if err := pt.Tick(); err != nil {
			t.Fatal(err)
		}
	}
	// The input's own times (0 and 99 s) must not matter.
	push(ev("Reading", 0, "v", 1))
	clock += 300_000_000
	push(ev("Reading", 99_000, "v", 2))
	push(ev("Order", 0, "id", 7))
	tick()
	check(t, out) // nothing is due at 10.3 s
	clock = 11_000_000_000
	tick()
	check(t, out, `{"stream":"PerSecond","time":"1970-01-01T00:00:11Z","fields":{"n":2}}`)
	clock = 12_400_000_000
	tick()
	check(t, out,
		`{"stream":"PerSecond","time":"1970-01-01T00:00:11Z","fields":{"n":2}}`,
		`{"stream":"Unpaid","time":"1970-01-01T00:00:12.3Z","fields":{"id":7}}`)
	// A clock stepping back does not move time backwards.
	clock = 5_000_000_000
	e := ev("Reading", 0, "v", 3)
	push(e)
	if e.Time != 12_400_000_000 {
		t.Errorf("event stamped %d after a clock step back, want 12.4 s", e.Time)
	}
	if pt.ApplyDeclaredTime(e) {
		t.Error("ApplyDeclaredTime applied a declared time in processing time")
	}
}
