package pattern

import (
	"math"
	"syscall"
	"testing"
	"time"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/expr"
	"github.com/varpulis/varpulis-go/internal/benchgen"
	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/parser"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// compileFirst compiles the first stream of a one-stream program.
func compileFirst(tb testing.TB, src string) *Spec {
	tb.Helper()
	file, diags := parser.ParseFile(token.NewFileSet(), "w.vpl", []byte(src), 0)
	if len(diags) > 0 {
		tb.Fatalf("parse: %v", diags)
	}
	prog, err := expr.NewProgram(file.Stmts)
	if err != nil {
		tb.Fatal(err)
	}
	for _, st := range file.Stmts {
		if d, ok := st.(*ast.StreamDecl); ok {
			spec, err := Compile(d, nil, expr.NewScope(prog), nil)
			if err != nil {
				tb.Fatal(err)
			}
			return spec
		}
	}
	tb.Fatal("no stream")
	return nil
}

// countMatches runs evs through a new matcher (watermark = event time) and
// returns the number of matches.
func countMatches(tb testing.TB, spec *Spec, evs []*event.Event) int {
	// The matches are only counted: borrow the bindings, as the engine does.
	m, err := NewMatcher(spec, Options{BorrowBindings: true, BorrowLists: true})
	if err != nil {
		tb.Fatal(err)
	}
	n := 0
	emit := func(*Match) { n++ }
	for _, ev := range evs {
		m.Advance(ev.Time, emit)
		m.Process(ev, emit)
	}
	m.Advance(math.MaxInt64, emit)
	return n
}

// collect returns the generated events packed in two contiguous blocks
// (events, and their fields in order), as a batch decoder lays them out:
// built once in memory, a few large objects for the garbage collector
// instead of two small ones per event.
func collect(gen func(benchgen.Emit)) []*event.Event {
	var evs []*event.Event
	gen(func(ev *event.Event) { evs = append(evs, ev) })
	return packEvents(evs)
}

// packEvents copies evs into one block of events and one of fields.
func packEvents(evs []*event.Event) []*event.Event {
	nf := 0
	for _, e := range evs {
		nf += len(e.Fields)
	}
	block := make([]event.Event, len(evs))
	fields := make([]event.Field, 0, nf)
	out := make([]*event.Event, len(evs))
	for i, e := range evs {
		start := len(fields)
		fields = append(fields, e.Fields...)
		block[i] = event.Event{Type: e.Type, Time: e.Time, Fields: fields[start:len(fields):len(fields)]}
		out[i] = &block[i]
	}
	return out
}

type workload struct {
	name     string
	program  string
	events   func(n int) ([]*event.Event, int)
	minRate  float64 // events per second (benchmark target)
	shortLen int
}

func workloads() []workload {
	return []workload{
		{"W3-2step", benchgen.W3Program2, func(n int) ([]*event.Event, int) {
			var e2 int
			evs := collect(func(emit benchgen.Emit) { e2, _ = benchgen.W3(1, n, emit) })
			return evs, e2
		}, 3e6, 60_000},
		{"W3-3step", benchgen.W3Program3, func(n int) ([]*event.Event, int) {
			var e3 int
			evs := collect(func(emit benchgen.Emit) { _, e3 = benchgen.W3(1, n, emit) })
			return evs, e3
		}, 1.5e6, 60_000},
		{"W4-10s", benchgen.W4Program("10s"), func(n int) ([]*event.Event, int) {
			var e int
			evs := collect(func(emit benchgen.Emit) { e = benchgen.W4(1, n, 10*int64(time.Second), emit) })
			return evs, e
		}, 1e6, 60_000},
		{"W4-100s", benchgen.W4Program("100s"), func(n int) ([]*event.Event, int) {
			var e int
			evs := collect(func(emit benchgen.Emit) { e = benchgen.W4(1, n, 100*int64(time.Second), emit) })
			return evs, e
		}, 1e6, 60_000},
		{"W7", benchgen.W7Program, func(n int) ([]*event.Event, int) {
			var e int
			evs := collect(func(emit benchgen.Emit) { e = benchgen.W7(1, n, emit) })
			return evs, e
		}, 2e6, 60_000},
	}
}

// TestWorkloadCounts checks that the matcher produces exactly the match
// counts the benchmark generators predict.
func TestWorkloadCounts(t *testing.T) {
	for _, w := range workloads() {
		t.Run(w.name, func(t *testing.T) {
			spec := compileFirst(t, w.program)
			evs, want := w.events(w.shortLen)
			if got := countMatches(t, spec, evs); got != want {
				t.Fatalf("%d matches, generator predicts %d", got, want)
			}
			if want == 0 {
				t.Fatal("workload produced no matches")
			}
		})
	}
}

// BenchmarkWorkloads runs W3, W4 and W7 in process over 1M events each and
// reports input events per second; every run asserts the predicted count.
func BenchmarkWorkloads(b *testing.B) {
	for _, w := range workloads() {
		b.Run(w.name, func(b *testing.B) {
			spec := compileFirst(b, w.program)
			evs, want := w.events(1_000_000)
			b.ReportAllocs()
			b.ResetTimer()
			start, cpu0 := time.Now(), cpuTime()
			for range b.N {
				if got := countMatches(b, spec, evs); got != want {
					b.Fatalf("%d matches, generator predicts %d", got, want)
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
