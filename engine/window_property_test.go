package engine

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"testing"

	"pgregory.net/rapid"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/vpl/parser"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// row is one aggregate result, engine or reference.
type row struct {
	time     int64
	key      string
	n        int64
	sum      int64
	min, max int64
	avg      float64
}

func (r row) String() string {
	return fmt.Sprintf("t=%d key=%s n=%d sum=%d min=%d max=%d avg=%g", r.time, r.key, r.n, r.sum, r.min, r.max, r.avg)
}

type propEvent struct {
	t   int64 // ms
	key string
	v   int64
}

// refAggregate computes a row from scratch over the events of one window.
func refAggregate(t int64, key string, evs []propEvent) row {
	r := row{time: t, key: key, n: int64(len(evs)), min: math.MaxInt64, max: math.MinInt64}
	for _, e := range evs {
		r.sum += e.v
		r.min = min(r.min, e.v)
		r.max = max(r.max, e.v)
	}
	r.avg = float64(r.sum) / float64(r.n)
	return r
}

// refTimeWindows recomputes every non-empty window [k·slide, k·slide+size)
// of every key, ordered by window end, then key order of first arrival.
func refTimeWindows(evs []propEvent, size, slide int64, keyOrder []string) []row {
	var rows []row
	for _, key := range keyOrder {
		var mine []propEvent
		for _, e := range evs {
			if e.key == key {
				mine = append(mine, e)
			}
		}
		lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
		for _, e := range mine {
			lo, hi = min(lo, e.t), max(hi, e.t)
		}
		for start := (lo - size) / slide * slide; start <= hi; start += slide {
			var in []propEvent
			for _, e := range mine {
				if e.t >= start && e.t < start+size {
					in = append(in, e)
				}
			}
			if len(in) > 0 {
				rows = append(rows, refAggregate(start+size, key, in))
			}
		}
	}
	sortRows(rows, keyOrder)
	return rows
}

// refSessions splits each key's events, sorted by time, where the gap
// exceeds gap; a session's row time is its last event + gap.
func refSessions(evs []propEvent, gap int64, keyOrder []string) []row {
	var rows []row
	for _, key := range keyOrder {
		var mine []propEvent
		for _, e := range evs {
			if e.key == key {
				mine = append(mine, e)
			}
		}
		sort.SliceStable(mine, func(i, j int) bool { return mine[i].t < mine[j].t })
		startIdx := 0
		for i := 1; i <= len(mine); i++ {
			if i == len(mine) || mine[i].t-mine[i-1].t > gap {
				s := mine[startIdx:i]
				rows = append(rows, refAggregate(s[len(s)-1].t+gap, key, s))
				startIdx = i
			}
		}
	}
	sortRows(rows, keyOrder)
	return rows
}

func sortRows(rows []row, keyOrder []string) {
	rank := map[string]int{}
	for i, k := range keyOrder {
		rank[k] = i
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].time != rows[j].time {
			return rows[i].time < rows[j].time
		}
		return rank[rows[i].key] < rank[rows[j].key]
	})
}

// TestWindowAggregatesMatchReference pushes random event streams, with
// out-of-order arrival within the declared tolerance, through windowed
// aggregates and compares every row with a reference that recomputes each
// window from scratch.
func TestWindowAggregatesMatchReference(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		kind := rapid.SampledFrom([]string{"tumbling", "sliding", "session"}).Draw(rt, "kind")
		size := rapid.Int64Range(1, 20).Draw(rt, "size") * 100
		slide := size
		if kind == "sliding" {
			slide = rapid.Int64Range(1, size/100).Draw(rt, "slide") * 100
		}
		tol := rapid.Int64Range(0, 10).Draw(rt, "tol") * 100
		partitioned := rapid.Bool().Draw(rt, "partitioned")

		var win string
		switch kind {
		case "tumbling":
			win = fmt.Sprintf("%dms", size)
		case "sliding":
			win = fmt.Sprintf("%dms, sliding: %dms", size, slide)
		case "session":
			win = fmt.Sprintf("session: %dms", size)
		}
		part := ""
		if partitioned {
			part = ".partition_by(k)"
		}
		src := fmt.Sprintf(`stream W = R
    .watermark(out_of_order: %dms)
    %s
    .window(%s)
    .aggregate(n: count(), s: sum(v), lo: min(v), hi: max(v), a: avg(v))
    .emit(n: n, s: s, lo: lo, hi: hi, a: a%s)`, tol, part, win, map[bool]string{true: ", k: k", false: ""}[partitioned])

		n := rapid.IntRange(0, 60).Draw(rt, "n")
		var evs []propEvent
		var keyOrder []string
		base := rapid.Int64Range(-5000, 5000).Draw(rt, "base")
		for i := 0; i < n; i++ {
			base += rapid.Int64Range(0, 400).Draw(rt, "step")
			e := propEvent{
				t: base - rapid.Int64Range(0, tol).Draw(rt, "lag"),
				v: rapid.Int64Range(-50, 50).Draw(rt, "v"),
			}
			if partitioned {
				e.key = rapid.SampledFrom([]string{"a", "b", "c"}).Draw(rt, "key")
			}
			if !slices.Contains(keyOrder, e.key) {
				keyOrder = append(keyOrder, e.key)
			}
			evs = append(evs, e)
		}

		fset := token.NewFileSet()
		f, diags := parser.ParseFile(fset, "p.vpl", []byte(src), 0)
		if diags.HasErrors() {
			rt.Fatalf("parse %s: %v", src, diags.Err(fset))
		}
		var got []row
		eng, err := New(f, fset, Options{Output: func(_ string, ev *event.Event) {
			r := row{time: ev.Time / 1_000_000}
			get := func(name string) value.Value { v, _ := ev.Get(name); return v }
			r.n, r.sum, r.min, r.max = get("n").AsInt(), get("s").AsInt(), get("lo").AsInt(), get("hi").AsInt()
			r.avg = get("a").AsFloat()
			if partitioned {
				r.key = get("k").AsString()
			}
			got = append(got, r)
		}})
		if err != nil {
			rt.Fatalf("compile %s: %v", src, err)
		}
		for _, e := range evs {
			x := &event.Event{Type: "R", Time: e.t * 1_000_000, Fields: []event.Field{
				{Name: "k", Value: value.String(e.key)},
				{Name: "v", Value: value.Int(e.v)},
			}}
			if !partitioned {
				x.Fields = x.Fields[1:]
			}
			if err := eng.Push(x); err != nil {
				rt.Fatal(err)
			}
		}
		if err := eng.Close(); err != nil {
			rt.Fatal(err)
		}
		if st := eng.Stats(); st.Late != 0 {
			rt.Fatalf("%d events counted late although within the tolerance", st.Late)
		}

		var want []row
		if kind == "session" {
			want = refSessions(evs, size, keyOrder)
		} else {
			want = refTimeWindows(evs, size, slide, keyOrder)
		}
		if len(got) != len(want) {
			rt.Fatalf("%s\n%d rows, want %d\ngot:  %v\nwant: %v", src, len(got), len(want), got, want)
		}
		for i := range want {
			g, w := got[i], want[i]
			if g.time != w.time || g.key != w.key || g.n != w.n || g.sum != w.sum || g.min != w.min || g.max != w.max ||
				math.Abs(g.avg-w.avg) > 1e-9*math.Max(1, math.Abs(w.avg)) {
				rt.Fatalf("%s\nrow %d: got %v, want %v", src, i, g, w)
			}
		}
	})
}

// TestCountWindowsMatchReference checks tumbling and sliding count windows
// against a from-scratch recomputation over the last N events.
func TestCountWindowsMatchReference(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		size := rapid.Int64Range(1, 8).Draw(rt, "size")
		slide := rapid.Int64Range(1, size).Draw(rt, "slide")
		sliding := rapid.Bool().Draw(rt, "sliding")
		win := strconv.FormatInt(size, 10)
		if sliding {
			win += ", sliding: " + strconv.FormatInt(slide, 10)
		} else {
			slide = size
		}
		src := "stream W = R .window(" + win + ") .aggregate(n: count(), s: sum(v)) .emit(n: n, s: s)"
		vals := rapid.SliceOfN(rapid.Int64Range(-100, 100), 0, 40).Draw(rt, "vals")

		var got []row
		var out []string
		_ = out
		fset := token.NewFileSet()
		f, diags := parser.ParseFile(fset, "p.vpl", []byte(src), 0)
		if diags.HasErrors() {
			rt.Fatal(diags.Err(fset))
		}
		eng, err := New(f, fset, Options{Output: func(_ string, ev *event.Event) {
			n, _ := ev.Get("n")
			s, _ := ev.Get("s")
			got = append(got, row{n: n.AsInt(), sum: s.AsInt()})
		}})
		if err != nil {
			rt.Fatal(err)
		}
		for _, v := range vals {
			_ = eng.Push(&event.Event{Type: "R", Fields: []event.Field{{Name: "v", Value: value.Int(v)}}})
		}
		_ = eng.Close()

		var want []row
		since := int64(0)
		for i := range vals {
			since++
			if int64(i+1) >= size && since >= slide {
				since = 0
				var s int64
				for _, v := range vals[int64(i+1)-size : i+1] {
					s += v
				}
				want = append(want, row{n: size, sum: s})
			}
		}
		if !slices.Equal(got, want) {
			rt.Fatalf("%s over %v:\ngot  %v\nwant %v", src, vals, got, want)
		}
	})
}
