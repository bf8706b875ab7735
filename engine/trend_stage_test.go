package engine

import (
	"fmt"
	"strings"
	"testing"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/internal/benchgen"
	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/parser"
	"github.com/varpulis/varpulis-go/vpl/token"
)

func TestTrendAggregate(t *testing.T) {
	cases := []struct {
		name string
		src  string
		evs  []*event.Event
		want []string
	}{
		{"spec example: 3 + 7 trends",
			`stream S = Open as o -> all Step as s -> Close as c .trend_aggregate(n: count_trends()) .emit(n: n)`,
			[]*event.Event{ev("Open", 0), ev("Step", 1), ev("Step", 2), ev("Close", 3), ev("Step", 4), ev("Close", 5)},
			[]string{`{"stream":"S","time":"1970-01-01T00:01:00Z","fields":{"n":10}}`}},
		{"two starts one end",
			`stream S = A as a -> B as b .within(1m) .trend_aggregate(n: count_trends()) .emit(n: n)`,
			[]*event.Event{ev("A", 0), ev("A", 0), ev("B", 0)},
			[]string{`{"stream":"S","time":"1970-01-01T00:01:00Z","fields":{"n":2}}`}},
		{"every aggregate, row fields without emit are not output; emit reads them",
			`stream S = A as a -> all B as b -> C as c .within(10s)
			    .trend_aggregate(n: count_trends(), e: count_events(b), s: sum_trends(b.x), av: avg_trends(b.x), lo: min_trends(b.x), hi: max_trends(b.x))
			    .emit(n: n, e: e, s: s, av: av, lo: lo, hi: hi, ws: window_start, we: window_end)`,
			// trends: {1},{2},{1,2} then C: e = 4, s = 1+2+3 = 6... values 1 and 2
			[]*event.Event{ev("A", 0), ev("B", 1, "x", 1), ev("B", 2, "x", 2), ev("C", 3)},
			[]string{`{"stream":"S","time":"1970-01-01T00:00:10Z","fields":{"n":3,"e":4,"s":6.0,"av":1.5,"lo":1.0,"hi":2.0,"ws":"1970-01-01T00:00:00Z","we":"1970-01-01T00:00:10Z"}}`}},
		{"predicate between consecutive Kleene events",
			`stream S = A as a -> all B where x > b.x as b -> C as c .trend_aggregate(n: count_trends()) .emit(n: n)`,
			// increasing subsequences of 1,3,2: {1},{3},{2},{1,3},{1,2} = 5
			[]*event.Event{ev("A", 0), ev("B", 1, "x", 1), ev("B", 2, "x", 3), ev("B", 3, "x", 2), ev("C", 4)},
			[]string{`{"stream":"S","time":"1970-01-01T00:01:00Z","fields":{"n":5}}`}},
		{"predicate on the first step's alias",
			`stream S = A as a -> all B where x > a.x as b -> C as c .trend_aggregate(n: count_trends()) .emit(n: n)`,
			// a=0: B 1,2 -> 3 trends; a=2 (second A, after the Bs): none
			[]*event.Event{ev("A", 0, "x", 0), ev("B", 1, "x", 1), ev("B", 2, "x", 2), ev("A", 3, "x", 2), ev("C", 4)},
			[]string{`{"stream":"S","time":"1970-01-01T00:01:00Z","fields":{"n":3}}`}},
		{"partitions and windows, rows ordered by window then key",
			`stream S = A as a -> B as b .within(10s) .partition_by(k) .trend_aggregate(n: count_trends()) .emit(k: k, n: n, ws: window_start)`,
			[]*event.Event{ev("A", 0, "k", "y"), ev("A", 1000, "k", "x"), ev("B", 2000, "k", "x"), ev("B", 3000, "k", "y"),
				ev("A", 9000, "k", "x"), ev("B", 11000, "k", "x"), ev("A", 12000, "k", "x"), ev("B", 13000, "k", "x")},
			[]string{
				`{"stream":"S","time":"1970-01-01T00:00:10Z","fields":{"k":"y","n":1,"ws":"1970-01-01T00:00:00Z"}}`,
				`{"stream":"S","time":"1970-01-01T00:00:10Z","fields":{"k":"x","n":1,"ws":"1970-01-01T00:00:00Z"}}`,
				`{"stream":"S","time":"1970-01-01T00:00:20Z","fields":{"k":"x","n":1,"ws":"1970-01-01T00:00:10Z"}}`,
			}},
		{"where after trend_aggregate filters rows",
			`stream S = A as a -> B as b .within(10s) .partition_by(k) .trend_aggregate(n: count_trends()) .where(n > 1) .emit(k: k, n: n)`,
			[]*event.Event{ev("A", 0, "k", "x"), ev("B", 1, "k", "x"), ev("A", 2, "k", "y"), ev("A", 3, "k", "y"), ev("B", 4, "k", "y")},
			[]string{`{"stream":"S","time":"1970-01-01T00:00:10Z","fields":{"k":"y","n":2}}`}},
		{"no trend, no row",
			`stream S = A as a -> B as b .trend_aggregate(n: count_trends()) .emit(n: n)`,
			[]*event.Event{ev("B", 0), ev("A", 1)},
			nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			check(t, run(t, c.src, c.evs...), c.want...)
		})
	}
}

// TestTrendRowsAtWatermark checks that a window's rows leave when the
// watermark passes its end, before the input ends.
func TestTrendRowsAtWatermark(t *testing.T) {
	var out []string
	e := compile(t, `stream S = A as a -> B as b .within(10s) .trend_aggregate(n: count_trends()) .emit(n: n)`, &out)
	for _, x := range []*event.Event{ev("A", 1000), ev("B", 2000), ev("A", 9999)} {
		if err := e.Push(x); err != nil {
			t.Fatal(err)
		}
	}
	if len(out) != 0 {
		t.Fatalf("rows before the window end: %v", out)
	}
	if err := e.Push(ev("C", 10000)); err != nil {
		t.Fatal(err)
	}
	check(t, out, `{"stream":"S","time":"1970-01-01T00:00:10Z","fields":{"n":1}}`)
}

// TestTrendOverflow: 64 Kleene events give 2^64 - 1 trends; the row then
// carries float counts and overflow: true.
func TestTrendOverflow(t *testing.T) {
	var evs []*event.Event
	for i := 0; i < 64; i++ {
		evs = append(evs, ev("A", int64(i)))
	}
	var out []*event.Event
	fset := token.NewFileSet()
	f, diags := parser.ParseFile(fset, "t.vpl", []byte(`stream S = all A as a .trend_aggregate(n: count_trends(), e: count_events(a))`), 0)
	if diags.HasErrors() {
		t.Fatal(diags.Err(fset))
	}
	e, err := New(f, fset, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Read the rows at the end of the chain.
	g := e.streams[0].head.(*trendGroup)
	g.classes[0].members[0].next = operatorFunc(func(it item) { out = append(out, it.ev) })
	for _, x := range evs {
		if err := e.Push(x); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if len(out) != 1 {
		t.Fatalf("rows: %d", len(out))
	}
	got := string(event.AppendFieldsJSON(nil, out[0]))
	want := `{"n":18446744073709552000.0,"e":590295810358705700000.0,"window_start":"1970-01-01T00:00:00Z","window_end":"1970-01-01T00:01:00Z","overflow":true}`
	if got != want {
		t.Fatalf("row %s\nwant %s", got, want)
	}
}

type operatorFunc func(item)

func (f operatorFunc) push(it item) { f(it) }

func TestTrendCompileErrors(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"negation", `stream S = A as a -> B as b .not(C) .trend_aggregate(n: count_trends())`, "does not support .not"},
		{"negated step", `stream S = A as a -> not C -> B as b .trend_aggregate(n: count_trends())`, "negated steps"},
		{"operation before", `stream S = A as a -> B as b .where(x > 1) .trend_aggregate(n: count_trends())`, "may precede .trend_aggregate"},
		{"Kleene alias as a list", `stream S = A as a -> all B where count(b) > 1 as b .trend_aggregate(n: count_trends())`, "Kleene alias is read only as alias.field"},
		{"unknown alias", `stream S = A as a -> B as b .trend_aggregate(n: sum_trends(z.x))`, "where alias names a step"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fset := token.NewFileSet()
			f, diags := parser.ParseFile(fset, "t.vpl", []byte(c.src), 0)
			if diags.HasErrors() {
				t.Fatal(diags.Err(fset))
			}
			_, err := New(f, fset, Options{})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want %q", err, c.want)
			}
		})
	}
}

// TestTrendSharingStructure checks what is shared: streams with the same
// window and partitioning form one group; identical patterns one class.
func TestTrendSharingStructure(t *testing.T) {
	src := `
stream A1 = A as a -> all B as b -> C as c .within(10s) .partition_by(k) .trend_aggregate(n: count_trends())
stream A2 = A as a -> all B as b -> C as c .within(10s) .partition_by(k) .trend_aggregate(s: sum_trends(b.x))
stream A3 = A as a -> all B as b -> C where y > 1 as c .within(10s) .partition_by(k) .trend_aggregate(n: count_trends())
stream A4 = A as a -> all B as b -> C as c .within(20s) .partition_by(k) .trend_aggregate(n: count_trends())
`
	for _, tc := range []struct {
		unshared        bool
		groups, classes int
	}{{false, 2, 3}, {true, 4, 4}} {
		t.Run(fmt.Sprintf("unshared=%v", tc.unshared), func(t *testing.T) {
			e := newEngine(t, src, Options{UnsharedTrends: tc.unshared})
			groups, classes := 0, 0
			for _, s := range e.streams {
				if g, ok := s.head.(*trendGroup); ok {
					groups++
					classes += len(g.classes)
				}
			}
			if groups != tc.groups || classes != tc.classes {
				t.Fatalf("groups %d classes %d, want %d %d", groups, classes, tc.groups, tc.classes)
			}
		})
	}
}

// TestTrendW5Counts runs workload W5 (3 streams) shared and unshared and
// checks the generator's predicted row count.
func TestTrendW5Counts(t *testing.T) {
	for _, unshared := range []bool{false, true} {
		var evs []*event.Event
		rows := benchgen.W5(1, 20_000, func(ev *event.Event) { evs = append(evs, ev) })
		per := map[string]int{}
		pushAll(t, benchgen.W5Program(3), Options{UnsharedTrends: unshared, Output: func(s string, _ *event.Event) { per[s]++ }}, evs)
		for i := 0; i < 3; i++ {
			if per[benchgen.W5Stream(i)] != rows || rows == 0 {
				t.Fatalf("unshared=%v: stream %d rows %d, predicted %d", unshared, i, per[benchgen.W5Stream(i)], rows)
			}
		}
	}
}

// BenchmarkTrendW5 runs workload W5 with 1, 10 and 50 streams, shared and
// unshared, over 200 000 pre-built events per iteration; ns/op is per
// event.
func BenchmarkTrendW5(b *testing.B) {
	const n = 200_000
	var evs []*event.Event
	rows := benchgen.W5(1, n, func(ev *event.Event) { evs = append(evs, ev) })
	for _, tc := range []struct {
		n        int
		unshared bool
	}{{1, false}, {10, false}, {50, false}, {50, true}} {
		name := fmt.Sprintf("N=%d", tc.n)
		if tc.unshared {
			name += "/unshared"
		}
		b.Run(name, func(b *testing.B) {
			fset := token.NewFileSet()
			f, diags := parser.ParseFile(fset, "w5.vpl", []byte(benchgen.W5Program(tc.n)), 0)
			if diags.HasErrors() {
				b.Fatal(diags.Err(fset))
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i += n {
				outs := 0
				pushParsed(b, f, fset, Options{UnsharedTrends: tc.unshared, Output: func(string, *event.Event) { outs++ }}, evs)
				if outs != rows*tc.n {
					b.Fatalf("outputs %d, want %d", outs, rows*tc.n)
				}
			}
		})
	}
}

// TestTrendWatermarkTolerance: with .watermark(out_of_order: 5s) a window
// is emitted 5 s after its end, and an out-of-order event within the
// tolerance still counts; an event behind the watermark is late.
func TestTrendWatermarkTolerance(t *testing.T) {
	var out []string
	e := compile(t, `stream S = A as a -> B as b .within(10s) .watermark(out_of_order: 5s)
	    .trend_aggregate(n: count_trends()) .emit(n: n, ws: window_start)`, &out)
	push := func(x *event.Event) {
		t.Helper()
		if err := e.Push(x); err != nil {
			t.Fatal(err)
		}
	}
	push(ev("A", 1000))
	push(ev("C", 12000))
	push(ev("B", 8000)) // out of order, within the tolerance: A -> B
	if len(out) != 0 {
		t.Fatalf("rows before the watermark passed the window end: %v", out)
	}
	push(ev("C", 15000)) // watermark 10 s: window [0, 10s) is emitted
	check(t, out, `{"stream":"S","time":"1970-01-01T00:00:10Z","fields":{"n":1,"ws":"1970-01-01T00:00:00Z"}}`)
	push(ev("B", 9000)) // behind the watermark: late, dropped
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if len(out) != 1 || e.Stats().Late != 1 {
		t.Fatalf("outputs %v, late %d", out, e.Stats().Late)
	}
}

// TestTrendOverStreams: a trend stream may read other streams (including
// another trend stream's rows) and is then evaluated on its own.
func TestTrendOverStreams(t *testing.T) {
	got := run(t, `
stream Hi = A .where(x > 0)
stream T1 = Hi as h -> B as b .within(10s) .trend_aggregate(n: count_trends()) .emit(n: n)
stream T2 = T1 as r -> all T1 as q .within(1m) .trend_aggregate(m: count_trends()) .emit(m: m)
`, ev("A", 0, "x", 1), ev("A", 1, "x", -1), ev("B", 2), ev("A", 10000, "x", 1), ev("B", 10001), ev("C", 30000))
	check(t, got,
		`{"stream":"T1","time":"1970-01-01T00:00:10Z","fields":{"n":1}}`,
		`{"stream":"T1","time":"1970-01-01T00:00:20Z","fields":{"n":1}}`,
		`{"stream":"T2","time":"1970-01-01T00:01:00Z","fields":{"m":1}}`)
}

// TestTrendNamedPattern: a named pattern gives the rows of the same
// pattern written inline.
func TestTrendNamedPattern(t *testing.T) {
	evs := []*event.Event{ev("Spike", 0, "site", "a", "v", 1), ev("Spike", 1, "site", "a", "v", 3),
		ev("Spike", 2, "site", "b", "v", 2), ev("Spike", 3, "site", "a", "v", 2), ev("Spike", 4, "site", "a", "v", 5)}
	named := run(t, `pattern Surge = SEQ(Spike as first, Spike+ where v > first.v as more) within 5m partition by site
stream S = Surge .trend_aggregate(n: count_trends(), e: count_events(more), hi: max_trends(more.v)) .emit(site: site, n: n, e: e, hi: hi)`, evs...)
	inline := run(t, `stream S = Spike as first -> all Spike where v > first.v as more .within(5m) .partition_by(site)
    .trend_aggregate(n: count_trends(), e: count_events(more), hi: max_trends(more.v)) .emit(site: site, n: n, e: e, hi: hi)`, evs...)
	// site a: values 1, 3, 2, 5: first=1: subsets of {3,2,5}: 7; first=3: {5}: 1;
	// first=2: {5}: 1 -> 9 trends.
	check(t, named, inline...)
	if len(inline) != 1 || !strings.Contains(inline[0], `"n":9`) {
		t.Fatalf("inline rows %v", inline)
	}
}

func TestFloorDiv(t *testing.T) {
	for _, c := range []struct{ a, b, want int64 }{
		{0, 10, 0}, {9, 10, 0}, {10, 10, 1}, {-1, 10, -1}, {-10, 10, -1}, {-11, 10, -2},
	} {
		if got := floorDiv(c.a, c.b); got != c.want {
			t.Errorf("floorDiv(%d, %d) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

// TestTrendW5TCounts runs the W5 variant with per-stream start
// thresholds (both Kleene forms), shared and unshared, and checks each
// stream's row count against the generator's.
func TestTrendW5TCounts(t *testing.T) {
	var evs []*event.Event
	best := benchgen.W5T(1, 20_000, func(ev *event.Event) { evs = append(evs, ev) })
	const n = 5
	for _, increasing := range []bool{false, true} {
		for _, unshared := range []bool{false, true} {
			per := map[string]int{}
			pushAll(t, benchgen.W5TProgram(n, increasing), Options{UnsharedTrends: unshared, Output: func(s string, _ *event.Event) { per[s]++ }}, evs)
			for i := 0; i < n; i++ {
				if want := benchgen.W5TRows(best, i); per[benchgen.W5Stream(i)] != want || want == 0 {
					t.Fatalf("increasing=%v unshared=%v: stream %d rows %d, predicted %d", increasing, unshared, i, per[benchgen.W5Stream(i)], want)
				}
			}
		}
	}
}

// TestTrendShareStructure checks what the Kleene sharing covers: Sums
// classes with a Kleene step of a type unique in their pattern share its
// bursts (one share per type); Graph classes whose Kleene predicates read
// only the step's own alias share their evaluation (one memo per distinct
// predicate), and those with the same such step share one Kleene net;
// nothing is shared unshared.
func TestTrendShareStructure(t *testing.T) {
	src := `
stream S1 = sequence(a: A where x > 1, b: B+, c: C) .within(10s) .trend_aggregate(n: count_trends())
stream S2 = sequence(a: A where x > 2, b: B+ where y > 0, c: C) .within(10s) .trend_aggregate(s: sum_trends(b.x))
stream S3 = all B as b -> C where y > 1 as c .within(10s) .trend_aggregate(n: count_trends())
stream S4 = B as a -> all B as b .within(10s) .trend_aggregate(n: count_trends())
stream G1 = sequence(a: A where x > 1, b: B+ where x > b.x, c: C) .within(10s) .trend_aggregate(n: count_trends())
stream G2 = sequence(a: A where x > 2, b: B+ where x > b.x, c: C) .within(10s) .trend_aggregate(n: count_trends())
stream G3 = A as a -> all B where x < b.x as b -> C as c .within(10s) .trend_aggregate(n: count_trends())
stream G4 = A as a -> all B where x < a.x as b -> C as c .within(10s) .trend_aggregate(n: count_trends())
`
	for _, tc := range []struct {
		unshared                           bool
		shares, members, memos, nets, netm int
	}{{false, 1, 3, 2, 1, 2}, {true, 0, 0, 0, 0, 0}} {
		t.Run(fmt.Sprintf("unshared=%v", tc.unshared), func(t *testing.T) {
			e := newEngine(t, src, Options{UnsharedTrends: tc.unshared})
			shares, members, memos, nets, netm := 0, 0, 0, 0, 0
			for _, s := range e.streams {
				if g, ok := s.head.(*trendGroup); ok {
					g.build()
					shares += len(g.shares)
					for _, sh := range g.shares {
						members += len(sh.members)
					}
					memos += len(g.memos)
					nets += len(g.netShares)
					for _, ns := range g.netShares {
						netm += len(ns.members)
					}
				}
			}
			if shares != tc.shares || members != tc.members || memos != tc.memos || nets != tc.nets || netm != tc.netm {
				t.Fatalf("shares %d members %d memos %d nets %d members %d, want %+v", shares, members, memos, nets, netm, tc)
			}
		})
	}
}

// TestTrendSharedOverflow: streams sharing a burst (S*) or a Kleene net
// (G*) long enough to exceed int64 give exactly the rows they give
// unshared (the burst is replayed, the graph rebuilt from the events),
// and streams whose count stays exact keep it.
func TestTrendSharedOverflow(t *testing.T) {
	src := `
stream S1 = A as a -> all B as b -> C as c .trend_aggregate(n: count_trends(), e: count_events(b), s: sum_trends(b.x)) .emit(n: n, e: e, s: s, o: overflow)
stream S2 = sequence(a: A where x > 0, b: B+, c: C) .trend_aggregate(n: count_trends(), e: count_events(b)) .emit(n: n, e: e)
stream S3 = A as a -> all B where x < 40 as b -> C as c .trend_aggregate(n: count_trends(), hi: max_trends(b.x)) .emit(n: n, hi: hi)
stream G1 = A as a -> all B where x >= b.x as b -> C as c .trend_aggregate(n: count_trends(), e: count_events(b)) .emit(n: n, e: e, o: overflow)
stream G2 = sequence(a: A where x > 0, b: B+ where x >= b.x, c: C) .trend_aggregate(n: count_trends(), lo: min_trends(b.x)) .emit(n: n, lo: lo, o: overflow)
`
	evs := []*event.Event{ev("A", 0, "x", 1)}
	for i := 0; i < 70; i++ {
		evs = append(evs, ev("B", int64(1+i), "x", i))
	}
	evs = append(evs, ev("C", 100))
	shared := run(t, src, evs...)
	var alone []string
	pushAll(t, src, Options{UnsharedTrends: true, Output: func(stream string, ev *event.Event) {
		alone = append(alone, string(event.AppendOutputJSON(nil, stream, ev)))
	}}, evs)
	check(t, shared, alone...)
	if len(shared) != 5 || !strings.Contains(shared[0], `"o":true`) || !strings.Contains(shared[2], `"n":1099511627775,`) ||
		!strings.Contains(shared[3], `"o":true`) || !strings.Contains(shared[4], `"o":true`) {
		t.Fatalf("rows (S1, G1, G2 overflow, S3 has 2^40-1 trends):\n%s", strings.Join(shared, "\n"))
	}
}

// BenchmarkTrendW5T runs the W5 variant whose N streams differ in their
// Start predicate (`px > i`), with the plain Kleene step (trend sums) and
// with an increasing one (trend graph), shared and unshared; ns/op is per
// event.
func BenchmarkTrendW5T(b *testing.B) {
	const n = 100_000
	var evs []*event.Event
	best := benchgen.W5T(1, n, func(ev *event.Event) { evs = append(evs, ev) })
	for _, increasing := range []bool{false, true} {
		for _, q := range []int{10, 50} {
			for _, unshared := range []bool{false, true} {
				name := fmt.Sprintf("sums/N=%d", q)
				if increasing {
					name = fmt.Sprintf("graph/N=%d", q)
				}
				name += "/shared"
				if unshared {
					name = name[:len(name)-len("/shared")] + "/unshared"
				}
				want := 0
				for i := 0; i < q; i++ {
					want += benchgen.W5TRows(best, i)
				}
				b.Run(name, func(b *testing.B) {
					fset := token.NewFileSet()
					f, diags := parser.ParseFile(fset, "w5t.vpl", []byte(benchgen.W5TProgram(q, increasing)), 0)
					if diags.HasErrors() {
						b.Fatal(diags.Err(fset))
					}
					b.ReportAllocs()
					b.ResetTimer()
					for i := 0; i < b.N; i += n {
						outs := 0
						pushParsed(b, f, fset, Options{UnsharedTrends: unshared, Output: func(string, *event.Event) { outs++ }}, evs)
						if outs != want {
							b.Fatalf("outputs %d, want %d", outs, want)
						}
					}
				})
			}
		}
	}
}

// TestTrendWindowOfEachEvent: consecutive events in, before and after the
// window of the previous one (including negative times) each go to their
// own window.
func TestTrendWindowOfEachEvent(t *testing.T) {
	got := run(t, `stream S = A as a -> B as b .within(10s) .trend_aggregate(n: count_trends()) .emit(n: n, ws: window_start)`,
		ev("A", -10001), ev("B", -10000), ev("A", -9999), ev("B", -1), ev("A", 0), ev("B", 9999), ev("B", 10000), ev("A", 10001))
	check(t, got,
		`{"stream":"S","time":"1970-01-01T00:00:00Z","fields":{"n":1,"ws":"1969-12-31T23:59:50Z"}}`,
		`{"stream":"S","time":"1970-01-01T00:00:10Z","fields":{"n":1,"ws":"1970-01-01T00:00:00Z"}}`)
}

// pushAll compiles src with opts, pushes evs and closes the engine,
// failing t on any error.
func pushAll(t testing.TB, src string, opts Options, evs []*event.Event) {
	t.Helper()
	fset := token.NewFileSet()
	f, diags := parser.ParseFile(fset, "t.vpl", []byte(src), 0)
	if diags.HasErrors() {
		t.Fatal(diags.Err(fset))
	}
	pushParsed(t, f, fset, opts, evs)
}

// newEngine compiles src with opts, failing t on any error.
func newEngine(t testing.TB, src string, opts Options) *Engine {
	t.Helper()
	fset := token.NewFileSet()
	f, diags := parser.ParseFile(fset, "t.vpl", []byte(src), 0)
	if diags.HasErrors() {
		t.Fatal(diags.Err(fset))
	}
	e, err := New(f, fset, opts)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// pushParsed is pushAll for a parsed program (benchmarks parse once).
func pushParsed(t testing.TB, f *ast.File, fset *token.FileSet, opts Options, evs []*event.Event) {
	t.Helper()
	e, err := New(f, fset, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range evs {
		if err := e.Push(x); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
}
