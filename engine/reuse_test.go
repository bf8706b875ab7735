package engine

import (
	"fmt"
	"slices"
	"testing"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/value"
)

func TestRetainsInput(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want bool
	}{
		{"where emit", "stream Hot = Reading .where(t > 30.0) .emit(s: s, t: t)\n", false},
		{"select limit distinct", "stream A = Reading .where(t > 1.0) .distinct(s) .limit(5) .select(s: s)\n", false},
		{"print log", "stream A = Reading .print(s) .log(message: \"x\") .emit(s: s)\n", false},
		{"derived stream", "stream A = Reading .where(t > 1.0)\nstream B = A .where(t > 2.0) .emit(s: s)\n", false},
		{"merge", "stream A = merge(Reading, Other) .emit(s: s)\n", false},
		{"window aggregate", "stream A = Reading .window(1s) .aggregate(n: count()) .emit(n: n)\n", false},
		{"partitioned count window", "stream A = Reading .partition_by(s) .window(3) .where(t > 1.0) .aggregate(n: count(), l: last(s))\n", false},
		{"running aggregate", "stream A = Reading .aggregate(n: count(), hi: max(t))\n", false},
		{"window without aggregate", "stream A = Reading .window(3)\n", true},
		{"join", "stream Q = Quote\nstream F = Fill\nstream M = join(Q, F) .on(Q.s == F.s) .window(1s) .emit(s: s)\n", true},
		{"tap", "stream A = Reading .tap() .emit(s: s)\n", true},
		{"one retaining stream among others", "stream A = Reading .emit(s: s)\nstream B = Reading .window(2)\n", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out []string
			e := compile(t, tc.src, &out)
			if got := e.RetainsInput(); got != tc.want {
				t.Errorf("RetainsInput() = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestReusedInputSameOutputs pushes the same events once as fresh events
// and once through one reused event (as the CLI does when RetainsInput is
// false, with transient outputs) and expects identical outputs.
func TestReusedInputSameOutputs(t *testing.T) {
	programs := []string{
		"stream Hot = Reading .where(t > 30.0) .emit(s: s, t: t)\n",
		"stream A = Reading .where(t > 10.0)\nstream B = A .where(t < 35.0) .emit(s: s, u: t * 2.0)\n",
		"stream A = Reading .distinct(s) .select(s: s, t: t)\nstream B = A .emit(s: s)\n",
		"stream A = Reading .where(t > 5.0) .emit(s: s, t: t) .limit(7)\nstream B = A .emit(x: t)\n",
		"stream A = Reading .partition_by(s) .window(20ms) .aggregate(n: count(), f: first(s), l: last(t), hi: max(t)) .emit(n: n, f: f, l: l, hi: hi)\n",
		"stream A = Reading .window(7) .where(t > 3.0) .aggregate(s: sum(t), f: first(s))\nstream B = A .emit(s: s, f: f)\n",
		"stream A = Reading .partition_by(s) .aggregate(n: count(), l: last(s)) .emit(n: n, l: l)\n",
	}
	var evs []*event.Event
	for i := range 200 {
		evs = append(evs, ev("Reading", int64(i), "s", fmt.Sprintf("s%d", i%13), "t", float64(i%41), "i", i))
	}
	for _, src := range programs {
		var fresh []string
		e := compile(t, src, &fresh)
		if e.RetainsInput() {
			t.Fatalf("%q: RetainsInput() = true, want false", src)
		}
		for _, x := range evs {
			if err := e.Push(x.Clone()); err != nil {
				t.Fatal(err)
			}
		}
		_ = e.Close()

		var reused []string
		e = compile(t, src, &reused)
		e.SetTransientOutput(true)
		var one event.Event
		for _, x := range evs {
			// Overwrite the same event and field array, as a decoder
			// reading into one event does.
			one.Type, one.Time = x.Type, x.Time
			one.Fields = append(one.Fields[:0], x.Fields...)
			if err := e.Push(&one); err != nil {
				t.Fatal(err)
			}
			for i := range one.Fields {
				one.Fields[i] = event.Field{Name: "junk", Value: value.String("junk")}
			}
		}
		_ = e.Close()
		if len(fresh) == 0 || !slices.Equal(fresh, reused) {
			t.Errorf("%q: outputs differ with a reused input event:\nfresh  %v\nreused %v", src, fresh, reused)
		}
	}
}
