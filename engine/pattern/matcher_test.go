package pattern

import (
	"fmt"
	"io"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/ingest"
	"github.com/varpulis/varpulis-go/ingest/evt"
)

func parseEvents(t *testing.T, src string) []*event.Event {
	t.Helper()
	r := evt.NewReader(strings.NewReader(src), "test.evt", ingest.Options{})
	var out []*event.Event
	for {
		ev, err := r.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ev)
	}
}

// TestConstructs pins each construct of vpl.md §7 on a small program; the
// outputs are the .emit rows of stream S, rendered with fmt.
func TestConstructs(t *testing.T) {
	cases := []struct {
		name, prog, events string
		want               []string
	}{
		{"next: every start opens a run, events not consumed",
			`stream S = A as a -> B as b .emit(a: a.n, b: b.n)`,
			"A{n:1}\nA{n:2}\nB{n:3}\nB{n:4}", []string{"map[a:1 b:3]", "map[a:2 b:3]"}},
		{"any: every combination",
			`stream S = A as a -> B as b .strategy(any) .emit(a: a.n, b: b.n)`,
			"A{n:1}\nA{n:2}\nB{n:3}\nB{n:4}", []string{"map[a:1 b:3]", "map[a:2 b:3]", "map[a:1 b:4]", "map[a:2 b:4]"}},
		{"strict: contiguous only",
			`stream S = A as a -> B as b .strategy(strict) .emit(a: a.n, b: b.n)`,
			"A{n:1}\nA{n:2}\nB{n:3}\nC{n:9}\nA{n:5}\nC{n:6}\nB{n:7}\nA{n:8}\nA{n:9}\nB{n:10}", []string{"map[a:2 b:3]", "map[a:5 b:7]", "map[a:9 b:10]"}},
		{"consume all: a match's events are not reused",
			`stream S = A as a -> B as b .consume(all) .emit(a: a.n, b: b.n)`,
			"A{n:1}\nA{n:2}\nB{n:3}\nB{n:4}", []string{"map[a:1 b:3]", "map[a:2 b:4]"}},
		{"kleene under next takes every qualifying event until the next step",
			`stream S = A as a -> all B as t -> C as c .emit(n: count(t), last: t.n, first: first(t.n))`,
			"A{n:0}\nB{n:1}\nB{n:2}\nX{n:9}\nB{n:3}\nC{n:4}", []string{"map[first:1 last:3 n:3]"}},
		{"kleene own alias is the previous event (first one vacuous)",
			`stream S = A as a -> all B where n > t.n as t -> C .emit(n: count(t), s: sum(t.n))`,
			"A{}\nB{n:5}\nB{n:3}\nB{n:6}\nB{n:7}\nC{}", []string{"map[n:3 s:18]"}},
		{"partition implies the key equality, but null keys never match",
			`stream S = A as a -> B where k == a.k as b .partition_by(k) .emit(a: a.n, b: b.n)`,
			"A{n:1}\nB{n:2}\nA{n:3,k:1}\nB{n:4,k:1.0}\nA{n:5,k:\"x\"}\nB{n:6,k:\"y\"}\nB{n:7,k:\"x\"}",
			[]string{"map[a:3 b:4]", "map[a:5 b:7]"}},
		{"implicit partition: equality dropped only for non-null keys",
			`stream S = A as a -> B where k == a.k and n > 2 as b .emit(a: a.n, b: b.n)`,
			"A{n:1}\nB{n:2}\nB{n:3}\nA{n:4,k:2}\nB{n:1,k:2}\nB{n:5,k:2}",
			[]string{"map[a:4 b:5]"}},
		{"implicit absence: a null key is never paid",
			`stream S = A as a .not(B where k == a.k) .within(10s) .emit(a: a.n)`,
			"@0 A{n:1}\n@1 A{n:2,k:7}\n@2 B{}\n@3 B{k:7}\n@20000 C{}",
			[]string{"map[a:1]"}},
		{"trailing kleene emits one maximal match at the deadline",
			`stream S = A as a -> all B as t .within(10s) .emit(n: count(t))`,
			"@0 A{}\n@1000 B{}\n@2000 B{}\n@20000 B{}", []string{"map[n:2]"}},
		{"trailing kleene under any: every subsequence",
			`stream S = A as a -> B+ as t .strategy(any) .emit(n: count(t), l: t.n)`,
			"A{}\nB{n:1}\nB{n:2}", []string{"map[l:1 n:1]", "map[l:2 n:1]", "map[l:2 n:2]"}},
		{"optional step",
			`stream S = A as a -> B? as b -> C as c .emit(b: b.n, c: c.n)`,
			"A{}\nC{n:1}\nA{}\nB{n:2}\nC{n:3}", []string{"map[b:<nil> c:1]", "map[b:2 c:3]"}},
		{"optional step alias as a list: count(b) and b[0]",
			`stream S = A as a -> B? as b -> C as c .emit(n: count(b), b0: b[0].n, c: c.n)`,
			"A{}\nC{n:1}\nA{}\nB{n:2}\nC{n:3}", []string{"map[b0:<nil> c:1 n:0]", "map[b0:2 c:3 n:1]"}},
		{"trailing optional step alias as a list",
			`stream S = A as a -> B? as b .within(10s) .emit(n: count(b), b0: b[0].n)`,
			"@0 A{}\n@1000 B{n:7}\n@20000 A{}", []string{"map[b0:7 n:1]", "map[b0:<nil> n:0]"}},
		{"positioned negation between steps",
			`stream S = A as a -> not X where k == a.k -> B where k == a.k as b .emit(b: b.n)`,
			"A{k:1}\nA{k:2}\nX{k:1}\nB{k:1,n:1}\nB{k:2,n:2}", []string{"map[b:2]"}},
		{"absence via trailing not: emitted at the deadline",
			`stream S = A as a -> not B where k == a.k .within(5s) .emit(k: a.k)`,
			"@0 A{k:1}\n@0 A{k:2}\n@1000 B{k:1}\n@9000 A{k:3}", []string{"map[k:2]", "map[k:3]"}},
		{"one-step .not + within is an absence",
			`stream S = Order as o .not(Payment where order_id == o.id) .within(30s) .emit(id: o.id)`,
			"@0 Order{id:1}\n@0 Order{id:2}\n@5000 Payment{order_id:1}\n@40000 Payment{order_id:2}", []string{"map[id:2]"}},
		{"global .not only between first and completion",
			`stream S = A as a -> B as b .not(X) .emit(b: b.n)`,
			"A{}\nX{}\nB{n:1}\nA{}\nB{n:2}\nX{}", []string{"map[b:2]"}},
		{"within is event time: last <= first + d",
			`stream S = A as a -> B as b .within(10s) .emit(b: b.n)`,
			"@0 A{}\n@10000 B{n:1}\n@10001 B{n:2}\n@20001 A{}\n@30002 B{n:3}", []string{"map[b:1]"}},
		{"partition_by: independent runs per key",
			`stream S = A as a -> B as b .partition_by(k) .emit(a: a.n, b: b.n)`,
			"A{k:1,n:1}\nA{k:2,n:2}\nB{k:2,n:3}\nB{k:1,n:4}", []string{"map[a:2 b:3]", "map[a:1 b:4]"}},
		{"partition_by(alias.f) keys every event by its own field f",
			`stream S = A as a -> B as b .partition_by(a.k) .not(X) .emit(a: a.n, b: b.n)`,
			"A{k:1,n:1}\nA{k:2,n:2}\nX{k:1}\nA{k:1,n:5}\nB{k:2,n:3}\nB{k:1,n:4}", []string{"map[a:2 b:3]", "map[a:5 b:4]"}},
		{"sequence(...) source",
			`stream S = sequence(a: A, b: B where n > a.n) .emit(a: a.n, b: b.n)`,
			"A{n:5}\nB{n:1}\nB{n:6}", []string{"map[a:5 b:6]"}},
		{"named pattern SEQ with NOT and partition",
			"pattern P = SEQ(A as a, NOT X, B as b) within 1m partition by k\nstream S = P .emit(a: a.n, b: b.n)",
			"A{k:1,n:1}\nA{k:2,n:2}\nX{k:1}\nB{k:1,n:3}\nB{k:2,n:4}", []string{"map[a:2 b:4]"}},
		{"named pattern OR",
			"pattern P = SEQ(A as x, B) OR SEQ(C as x, B)\nstream S = P .emit(x: x.n)",
			"A{n:1}\nC{n:2}\nB{}", []string{"map[x:1]", "map[x:2]"}},
		{"named pattern AND: both orders",
			"pattern P = A as a AND B as b\nstream S = P .emit(a: a.n, b: b.n)",
			"B{n:1}\nA{n:2}\nB{n:3}", []string{"map[a:2 b:1]", "map[a:2 b:3]"}},
		{"named pattern AND: operands interleave",
			"pattern P = SEQ(A as a, B as b) AND C as c within 1m\nstream S = P .emit(a: a.n, b: b.n, c: c.n)",
			"A{n:1}\nC{n:2}\nB{n:3}", []string{"map[a:1 b:3 c:2]"}},
		{"named pattern AND: an operand with NOT is not split",
			"pattern P = SEQ(A as a, NOT X, B as b) AND C as c within 1m\nstream S = P .emit(a: a.n, b: b.n, c: c.n)",
			"A{n:1}\nC{n:2}\nB{n:3}\nC{n:4}", []string{"map[a:1 b:3 c:4]"}},
		{"Kleene plus at the start of a named pattern",
			"pattern Surge = SEQ(Spike as first, Spike+ where site == first.site as more) within 5m partition by site\nstream S = Surge .emit(n: count(more))",
			"@0 Spike{site:1}\n@1000 Spike{site:1}\n@2000 Spike{site:1}", []string{"map[n:2]", "map[n:1]"}},
		{"derived-stream steps and .where after the match",
			"stream Big = T .where(x > 10)\nstream S = Big as a -> T as b .where(b.x < a.x) .emit(a: a.x, b: b.x)",
			"T{x:20}\nT{x:30}\nT{x:5}", []string{"map[a:30 b:5]"}},
		{"max_runs evicts the oldest run",
			`stream S = A as a -> B as b .max_runs(2) .emit(a: a.n)`,
			"A{n:1}\nA{n:2}\nA{n:3}\nB{}", []string{"map[a:2]", "map[a:3]"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := miniRun(t, c.prog, parseEvents(t, c.events))
			var got []string
			for _, row := range out["S"] {
				got = append(got, fmt.Sprint(row))
			}
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("got  %v\nwant %v", got, c.want)
			}
		})
	}
}

func TestAbsenceTimeIsDeadline(t *testing.T) {
	spec := &Spec{Name: "S", NumSlots: 1, Within: 30, Alts: []Seq{{Steps: []Step{{Type: "O", Slot: 0}}}},
		Global: []Neg{{Type: "P"}}}
	m, err := NewMatcher(spec, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var times []int64
	emit := func(mt *Match) { times = append(times, mt.Time) }
	for _, ev := range []*event.Event{{Type: "O", Time: 5}, {Type: "O", Time: 10}, {Type: "P", Time: 20}, {Type: "O", Time: 50}} {
		m.Advance(ev.Time, emit)
		m.Process(ev, emit)
	}
	m.Advance(math.MaxInt64, emit)
	// O@5 and O@10 are killed by P@20 (same partition, no predicate); O@50
	// fires at 80.
	if fmt.Sprint(times) != "[80]" {
		t.Fatalf("times %v", times)
	}
	st := m.Stats()
	if st.Started != 3 || st.Completed != 1 || st.Killed != 2 || st.Active != 0 {
		t.Fatalf("stats %+v", st)
	}
}

func TestValidateRejects(t *testing.T) {
	bad := []*Spec{
		{Alts: []Seq{{Steps: []Step{{Type: "A", Negated: true, Slot: -1}, {Type: "B", Slot: -1}}}}},                                     // leading not
		{Within: 5, Alts: []Seq{{Steps: []Step{{Type: "A", Quant: Opt, Slot: -1}, {Type: "B", Negated: true, Slot: -1}}}}},              // absence after optional
		{Alts: []Seq{{Steps: []Step{{Type: "A", Slot: -1}, {Type: "X", Negated: true, Slot: -1}, {Type: "B", Quant: Star, Slot: -1}}}}}, // not before optional
		{Alts: []Seq{}},
	}
	for i, s := range bad {
		if _, err := NewMatcher(s, Options{}); err == nil {
			t.Errorf("spec %d accepted", i)
		}
	}
}

// TestBoundedState: 1M start events that never complete, within(30s),
// over an hour of event time: active runs stay bounded, every run expires
// or is evicted, and the heap does not grow with the input.
func TestBoundedState(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	spec := &Spec{Name: "S", NumSlots: 1, Within: 30e9, PartitionField: "k",
		Alts: []Seq{{Steps: []Step{{Type: "A", Slot: 0}, {Type: "B", Slot: -1}}}}}
	m, err := NewMatcher(spec, Options{})
	if err != nil {
		t.Fatal(err)
	}
	const n = 1_000_000
	// First half 1.8 ms apart (16 600 starts per 30 s: evictions at the
	// default cap of 10 000), second half 5.4 ms apart (expiries).
	var heapAt [2]uint64
	maxActive, maxActive2 := 0, 0 // overall, and in the second half
	var tm int64
	for i := 0; i < n; i++ {
		if i < n/2 {
			tm += 1_800_000
		} else {
			tm += 5_400_000
		}
		ev := &event.Event{Type: "A", Time: tm, Fields: []event.Field{{Name: "k", Value: value.Int(int64(i))}}}
		m.Advance(ev.Time, nil)
		m.Process(ev, nil)
		act := m.Stats().Active
		maxActive = max(maxActive, act)
		if i >= n/2+20_000 {
			maxActive2 = max(maxActive2, act)
		}
		if i == n/4 || i == n-1 {
			heapAt[min(i/(n/2), 1)] = heapInUse()
		}
	}
	st := m.Stats()
	if maxActive > DefaultMaxRuns || st.Started != n || st.Evicted == 0 || st.Expired == 0 {
		t.Fatalf("max active %d, stats %+v", maxActive, st)
	}
	// Second half: one start per 5.4 ms, so 30 s hold 5 555 runs (+1 for
	// the deadline itself).
	if perWindow := int(30_000_000_000 / 5_400_000); maxActive2 < perWindow || maxActive2 > perWindow+1 {
		t.Fatalf("max active runs in the second half %d, want about %d", maxActive2, perWindow)
	}
	m.Advance(math.MaxInt64, nil)
	st = m.Stats()
	if st.Expired+st.Evicted != n || st.Active != 0 {
		t.Fatalf("stats after end %+v", st)
	}
	if heapAt[1] > heapAt[0]+8<<20 {
		t.Fatalf("heap grew from %d to %d bytes", heapAt[0], heapAt[1])
	}
	t.Logf("stats %+v, heap %d -> %d KiB", st, heapAt[0]>>10, heapAt[1]>>10)
}

func heapInUse() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}
