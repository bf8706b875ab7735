package engine

import (
	"reflect"
	"syscall"
	"testing"
	"time"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/internal/benchgen"
)

// TestPatternStats checks that the run counters of a pattern stream reach
// Engine.Stats: started, completed, expired, evicted and killed runs.
func TestPatternStats(t *testing.T) {
	cases := []struct {
		name, src string
		evs       []string // event types, one second apart
		want      PatternStats
	}{
		{"completed and expired",
			`stream S = A as a -> B as b .within(1500ms) .emit(x: 1)`,
			[]string{"A", "B", "A", "C", "C"},
			PatternStats{Stream: "S"}},
		{"evicted by max_runs",
			`stream S = A as a -> B as b .max_runs(1) .emit(x: 1)`,
			[]string{"A", "A", "A", "B"},
			PatternStats{Stream: "S"}},
		{"killed by negation",
			`stream S = A as a -> B as b .not(X) .emit(x: 1)`,
			[]string{"A", "X", "A", "B"},
			PatternStats{Stream: "S"}},
	}
	cases[0].want.Started, cases[0].want.Completed, cases[0].want.Expired = 2, 1, 1
	cases[1].want.Started, cases[1].want.Completed, cases[1].want.Evicted = 3, 1, 2
	cases[2].want.Started, cases[2].want.Completed, cases[2].want.Killed = 2, 1, 1
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out []string
			e := compile(t, c.src, &out)
			for i, typ := range c.evs {
				if err := e.Push(ev(typ, int64(i)*1000)); err != nil {
					t.Fatal(err)
				}
			}
			if err := e.Close(); err != nil {
				t.Fatal(err)
			}
			st := e.Stats()
			if len(st.Patterns) != 1 || st.Patterns[0] != c.want {
				t.Errorf("patterns %+v, want %+v", st.Patterns, c.want)
			}
		})
	}
}

// TestPatternOutput checks the match events the stage builds: the default
// a_f fields (outputs without .emit, and the current event that .where,
// bare field names in .emit and derived streams read) and .emit outputs
// read from the bindings alone.
func TestPatternOutput(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string
		n         int // events pushed: A, B, A, B
	}{
		{"default fields, read by a derived stream",
			`stream S = A as a -> B as b
stream T = S .emit(u: a_u, n: a_n, m: b_n)`,
			[]string{`{"stream":"T","time":"1970-01-01T00:00:00.002Z","fields":{"u":"x","n":1,"m":2}}`}, 2},
		{"emit of aliases only",
			`stream S = A as a -> B where u == a.u as b .emit(n: a.n + b.n, u: b.u)`,
			[]string{`{"stream":"S","time":"1970-01-01T00:00:00.002Z","fields":{"n":3,"u":"x"}}`}, 2},
		{"emit reading a default field",
			`stream S = A as a -> B as b .emit(n: a_n, m: b.n)`,
			[]string{`{"stream":"S","time":"1970-01-01T00:00:00.002Z","fields":{"n":1,"m":2}}`}, 2},
		{"where on a default field before emit",
			`stream S = A as a -> B as b .where(b_n > 1) .emit(n: a.n)`,
			[]string{`{"stream":"S","time":"1970-01-01T00:00:00.002Z","fields":{"n":1}}`}, 2},
		{"derived stream reads the emitted fields",
			`stream S = A as a -> B as b .emit(n: a.n)
stream T = S .emit(m: n * 10)`,
			[]string{`{"stream":"S","time":"1970-01-01T00:00:00.002Z","fields":{"n":1}}`,
				`{"stream":"T","time":"1970-01-01T00:00:00.002Z","fields":{"m":10}}`}, 2},
		{"trailing kleene without within ends at the end of input",
			`stream S = A as a -> all B as t .emit(n: count(t), l: t.n)`,
			[]string{`{"stream":"S","time":"1970-01-01T00:00:00.004Z","fields":{"n":2,"l":4}}`,
				`{"stream":"S","time":"1970-01-01T00:00:00.004Z","fields":{"n":1,"l":4}}`}, 4},
		{"trailing optional step without within ends at the end of input",
			`stream S = A as a -> B? as b .emit(n: count(b))`,
			[]string{`{"stream":"S","time":"1970-01-01T00:00:00.002Z","fields":{"n":1}}`,
				`{"stream":"S","time":"1970-01-01T00:00:00.003Z","fields":{"n":0}}`}, 3},
		{"absence without within loads and never matches (W020)",
			`stream S = A as a -> not B where n == a.n .emit(n: a.n)`,
			nil, 4},
		{"one-step .not without within loads and never matches (W020)",
			`stream S = A as a .not(B where n == a.n) .emit(n: a.n)`,
			nil, 4},
		{"a window buffers matches with their bindings",
			`stream S = A as a -> B as b .window(2) .emit(a: a.n, b: b.n)`,
			[]string{`{"stream":"S","time":"1970-01-01T00:00:00.002Z","fields":{"a":1,"b":2}}`,
				`{"stream":"S","time":"1970-01-01T00:00:00.004Z","fields":{"a":3,"b":4}}`}, 4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out []string
			e := compile(t, c.src, &out)
			evs := []*event.Event{ev("A", 1, "u", "x", "n", 1), ev("B", 2, "u", "x", "n", 2),
				ev("A", 3, "u", "x", "n", 3), ev("B", 4, "u", "x", "n", 4)}
			for _, x := range evs[:c.n] {
				if err := e.Push(x); err != nil {
					t.Fatal(err)
				}
			}
			if err := e.Close(); err != nil {
				t.Fatal(err)
			}
			if len(out) != len(c.want) {
				t.Fatalf("outputs %q, want %q", out, c.want)
			}
			for i := range out {
				if out[i] != c.want[i] {
					t.Errorf("output %d: %s, want %s", i, out[i], c.want[i])
				}
			}
		})
	}
}

// BenchmarkPatternWorkloads runs W3, W4 and W7 through the whole engine
// (pattern stage, .emit, output) over 1M pre-built events, as
// `varpulis bench run` does; every run checks the generator's predicted
// output count.
func BenchmarkPatternWorkloads(b *testing.B) {
	cases := []struct {
		name, stream, src string
		gen               func(benchgen.Emit) int
	}{
		{"W3-2step", "Suspicious", benchgen.W3Program2, func(e benchgen.Emit) int { n, _ := benchgen.W3(1, 1_000_000, e); return n }},
		{"W3-3step", "Session", benchgen.W3Program3, func(e benchgen.Emit) int { _, n := benchgen.W3(1, 1_000_000, e); return n }},
		{"W4-10s", "Run", benchgen.W4Program("10s"), func(e benchgen.Emit) int { return benchgen.W4(1, 1_000_000, 10e9, e) }},
		{"W4-100s", "Run", benchgen.W4Program("100s"), func(e benchgen.Emit) int { return benchgen.W4(1, 1_000_000, 100e9, e) }},
		{"W7", "Unpaid", benchgen.W7Program, func(e benchgen.Emit) int { return benchgen.W7(1, 1_000_000, e) }},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			// Events are built once, in one block of events and one of
			// fields (as `varpulis bench run` lays them out).
			var evs []event.Event
			var fields []event.Field
			want := c.gen(func(ev *event.Event) {
				if len(fields)+len(ev.Fields) > cap(fields) {
					fields = make([]event.Field, 0, max(1<<16, len(ev.Fields)))
				}
				at := len(fields)
				fields = append(fields, ev.Fields...)
				evs = append(evs, event.Event{Type: ev.Type, Time: ev.Time, Fields: fields[at:len(fields):len(fields)]})
			})
			b.ReportAllocs()
			b.ResetTimer()
			start, cpu0 := time.Now(), cpuTime()
			for range b.N {
				got := 0
				e := benchEngine(b, c.src, func(stream string, _ *event.Event) {
					if stream == c.stream {
						got++
					}
				})
				e.SetTransientOutput(true) // as bench run: the output is only counted
				for i := range evs {
					if err := e.Push(&evs[i]); err != nil {
						b.Fatal(err)
					}
				}
				if err := e.Close(); err != nil {
					b.Fatal(err)
				}
				if got != want {
					b.Fatalf("%d outputs, generator predicts %d", got, want)
				}
			}
			el, cpu := time.Since(start), cpuTime()-cpu0
			total := float64(b.N) * float64(len(evs))
			b.ReportMetric(total/el.Seconds(), "ev/s")
			b.ReportMetric(float64(el.Nanoseconds())/total, "ns/ev")
			// CPU time of the whole process (GC workers included) per
			// event: less disturbed than wall time on a shared machine.
			b.ReportMetric(float64(cpu)/total, "cpu-ns/ev")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// cpuTime returns the user+system CPU time of the process in ns.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// TestPatternCapture checks which alias fields the stage asks the matcher
// to capture at bind time (those the operations after the pattern read as
// alias.f, for aliases read no other way), when it does (the chain starts
// with an alias-only .emit and keeps no item), and that the outputs read
// the captured values.
func TestPatternCapture(t *testing.T) {
	cases := []struct {
		name, src string
		fields    map[int][]string // the stage's capture map
		on        bool             // the matcher captures
		want      []string
	}{
		{"fields of earlier steps",
			`stream S = A as a -> B as b -> C as c .emit(x: a.n, y: b.u, z: c.n + a.n)`,
			map[int][]string{0: {"n"}, 1: {"u"}, 2: {"n"}}, true,
			[]string{`{"stream":"S","time":"1970-01-01T00:00:00.003Z","fields":{"x":1,"y":"y","z":4}}`}},
		{"an alias read whole is not captured",
			`stream S = A as a -> B as b -> C as c .emit(x: a.n, y: b.n, w: to_string(a))`,
			map[int][]string{1: {"n"}}, true, nil},
		{"a where after the emit reads an alias",
			`stream S = A as a -> B as b -> C as c .emit(x: a.n) .where(b.u == "y")`,
			map[int][]string{0: {"n"}, 1: {"u"}}, true,
			[]string{`{"stream":"S","time":"1970-01-01T00:00:00.003Z","fields":{"x":1}}`}},
		{"a where before the emit: default fields are built",
			`stream S = A as a -> B as b -> C as c .where(b_n > 1) .emit(x: a.n)`,
			map[int][]string{0: {"n"}}, false,
			[]string{`{"stream":"S","time":"1970-01-01T00:00:00.003Z","fields":{"x":1}}`}},
		{"a window keeps matches",
			`stream S = A as a -> B as b -> C as c .window(1) .emit(x: a.n)`,
			map[int][]string{0: {"n"}}, false,
			[]string{`{"stream":"S","time":"1970-01-01T00:00:00.003Z","fields":{"x":1}}`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out []string
			e := compile(t, c.src, &out)
			evs := []*event.Event{ev("A", 1, "u", "x", "n", 1), ev("B", 2, "u", "y", "n", 2), ev("C", 3, "u", "z", "n", 3)}
			for _, x := range evs {
				if err := e.Push(x); err != nil {
					t.Fatal(err)
				}
			}
			if err := e.Close(); err != nil {
				t.Fatal(err)
			}
			var p *patternStage
			for _, s := range e.streams {
				if s.pat != nil {
					p = s.pat
				}
			}
			if p == nil {
				t.Fatal("no pattern stream")
			}
			if !reflect.DeepEqual(p.capture, c.fields) {
				t.Errorf("capture %v, want %v", p.capture, c.fields)
			}
			if got := p.m.Capturing(); got != c.on {
				t.Errorf("matcher captures: %v, want %v", got, c.on)
			}
			if c.want != nil && !reflect.DeepEqual(out, c.want) {
				t.Errorf("outputs %q, want %q", out, c.want)
			}
		})
	}
}
