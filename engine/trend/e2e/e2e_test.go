// Package e2e checks .trend_aggregate end to end: random programs run
// through the engine (parse, compile, trend stage, .emit) against a
// brute-force enumeration of every trend, and shared evaluation of several
// streams against each stream evaluated alone.
package e2e

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/varpulis/varpulis-go/engine"
	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/internal/proptest"
	"github.com/varpulis/varpulis-go/vpl/parser"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// TestMain sets rapid's number of cases per property (a run with an
// explicit -rapid.checks keeps its own value).
func TestMain(m *testing.M) { proptest.Main(m, 2500, 300) }

const sec = int64(1e9)

type quant int

const (
	one quant = iota
	plus
	star
	opt
)

func (q quant) kleene() bool   { return q == plus || q == star }
func (q quant) optional() bool { return q == star || q == opt }
func (q quant) suffix() string { return [...]string{"", "+", "*", "?"}[q] }

// step is one step of a random query with its predicate conjuncts.
type step struct {
	typ   string
	q     quant
	thr   *int // v > thr
	selfK bool // v >= s_i.v (previous event of this Kleene step)
	first bool // v >= s0.v (last event of step 0)
	prev  bool // v != s_{i-1}.v (last event of step i-1)
	corr  bool // k == s0.k (implied by the partitioning)
}

type agg struct {
	name, fn string
	step     int
}

type query struct {
	name   string
	steps  []step
	within int64
	part   bool
	aggs   []agg
}

type tev struct {
	typ string
	t   int64
	k   string
	v   int
}

func drawQuery(t *rapid.T, name string, within int64, part bool) query {
	q := query{name: name, within: within, part: part}
	n := rapid.IntRange(1, 3).Draw(t, "steps")
	for i := 0; i < n; i++ {
		s := step{typ: rapid.SampledFrom([]string{"A", "B", "C"}).Draw(t, "type"), q: quant(rapid.IntRange(0, 3).Draw(t, "quant"))}
		if rapid.Bool().Draw(t, "hasThr") {
			th := rapid.IntRange(-3, 2).Draw(t, "thr")
			s.thr = &th
		}
		s.selfK = s.q.kleene() && rapid.Bool().Draw(t, "selfK")
		mand0 := len(q.steps) > 0 && !q.steps[0].q.optional()
		s.first = i > 0 && mand0 && rapid.Bool().Draw(t, "first")
		s.prev = i > 0 && !q.steps[i-1].q.optional() && rapid.Bool().Draw(t, "prev")
		s.corr = i > 0 && mand0 && part && rapid.Bool().Draw(t, "corr")
		q.steps = append(q.steps, s)
	}
	q.aggs = drawAggs(t, n)
	return q
}

func drawAggs(t *rapid.T, n int) []agg {
	out := []agg{{name: "n", fn: "count_trends"}}
	for i, fn := range []string{"count_events", "sum_trends", "avg_trends", "min_trends", "max_trends"} {
		out = append(out, agg{name: fmt.Sprintf("a%d", i), fn: fn, step: rapid.IntRange(0, n-1).Draw(t, "aggStep")})
	}
	// a random subset, count_trends first when kept
	keep := rapid.SliceOfNDistinct(rapid.IntRange(0, len(out)-1), 1, len(out), rapid.ID[int]).Draw(t, "keep")
	slices.Sort(keep)
	var sel []agg
	for _, k := range keep {
		sel = append(sel, out[k])
	}
	return sel
}

func (q query) program() string {
	var b strings.Builder
	fmt.Fprintf(&b, "stream %s = sequence(", q.name)
	for i, s := range q.steps {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "s%d: %s%s", i, s.typ, s.q.suffix())
		var conj []string
		if s.thr != nil {
			conj = append(conj, fmt.Sprintf("v > %d", *s.thr))
		}
		if s.selfK {
			conj = append(conj, fmt.Sprintf("v >= s%d.v", i))
		}
		if s.first {
			conj = append(conj, "v >= s0.v")
		}
		if s.prev {
			conj = append(conj, fmt.Sprintf("v != s%d.v", i-1))
		}
		if s.corr {
			conj = append(conj, "k == s0.k")
		}
		if len(conj) > 0 {
			b.WriteString(" where " + strings.Join(conj, " and "))
		}
	}
	fmt.Fprintf(&b, ")\n    .within(%dms)\n", q.within/1e6)
	if q.part {
		b.WriteString("    .partition_by(k)\n")
	}
	b.WriteString("    .trend_aggregate(")
	var emit []string
	for i, a := range q.aggs {
		if i > 0 {
			b.WriteString(", ")
		}
		arg := ""
		switch a.fn {
		case "count_trends":
		case "count_events":
			arg = fmt.Sprintf("s%d", a.step)
		default:
			arg = fmt.Sprintf("s%d.v", a.step)
		}
		fmt.Fprintf(&b, "%s: %s(%s)", a.name, a.fn, arg)
		emit = append(emit, a.name+": "+a.name)
	}
	emit = append(emit, "ws: window_start", "we: window_end")
	if q.part {
		emit = append(emit, "k: k")
	}
	fmt.Fprintf(&b, ")\n    .emit(%s)\n", strings.Join(emit, ", "))
	return b.String()
}

// row is one output row in comparable form.
type row struct {
	ws, we int64
	k      string
	vals   []value.Value
}

func (r row) String() string {
	var parts []string
	for _, v := range r.vals {
		parts = append(parts, v.String())
	}
	return fmt.Sprintf("[%d,%d) k=%q %s", r.ws/1e6, r.we/1e6, r.k, strings.Join(parts, " "))
}

func sortRows(rs []row) {
	slices.SortFunc(rs, func(a, b row) int {
		if a.ws != b.ws {
			return int(a.ws - b.ws)
		}
		return strings.Compare(a.k, b.k)
	})
}

// el is one event of a trend with its step.
type el struct{ ev, step int }

// ok reports whether event j may take step i after the trend prefix tr.
func (q query) ok(evs []tev, tr []el, j, i int) bool {
	s := q.steps[i]
	v := evs[j].v
	if s.thr != nil && v <= *s.thr {
		return false
	}
	lastOf := func(st int) int {
		for x := len(tr) - 1; x >= 0; x-- {
			if tr[x].step == st {
				return tr[x].ev
			}
		}
		return -1
	}
	if s.selfK && len(tr) > 0 && tr[len(tr)-1].step == i && v < evs[tr[len(tr)-1].ev].v {
		return false
	}
	if s.first {
		if p := lastOf(0); p < 0 || v < evs[p].v {
			return false
		}
	}
	if s.prev {
		if p := lastOf(i - 1); p < 0 || v == evs[p].v {
			return false
		}
	}
	return true
}

// brute evaluates q over evs by enumerating every trend of every cell.
func (q query) brute(evs []tev) []row {
	type cellKey struct {
		ws int64
		k  string
	}
	cells := map[cellKey][]int{}
	var order []cellKey
	for j, e := range evs {
		ck := cellKey{ws: e.t / q.within * q.within}
		if q.part {
			ck.k = e.k
		}
		if _, ok := cells[ck]; !ok {
			order = append(order, ck)
		}
		cells[ck] = append(cells[ck], j)
	}
	var out []row
	for _, ck := range order {
		idx := cells[ck]
		var trends [][]el
		var tr []el
		var dfs func(from int)
		dfs = func(from int) {
			last := tr[len(tr)-1]
			final := true
			for s := last.step + 1; s < len(q.steps); s++ {
				final = final && q.steps[s].q.optional()
			}
			if final {
				trends = append(trends, slices.Clone(tr))
			}
			for x := from; x < len(idx); x++ {
				j := idx[x]
				for s := last.step; s < len(q.steps); s++ {
					if s == last.step && !q.steps[s].q.kleene() {
						continue
					}
					if s > last.step+1 && !q.steps[s-1].q.optional() {
						break
					}
					if evs[j].typ != q.steps[s].typ || !q.ok(evs, tr, j, s) {
						continue
					}
					tr = append(tr, el{j, s})
					dfs(x + 1)
					tr = tr[:len(tr)-1]
				}
			}
		}
		for x, j := range idx {
			for s := range q.steps {
				if s > 0 && !q.steps[s-1].q.optional() {
					break
				}
				if evs[j].typ != q.steps[s].typ || !q.ok(evs, nil, j, s) {
					continue
				}
				tr = append(tr[:0], el{j, s})
				dfs(x + 1)
			}
		}
		if len(trends) == 0 {
			continue
		}
		r := row{ws: ck.ws, we: ck.ws + q.within, k: ck.k}
		for _, a := range q.aggs {
			var cnt, sum float64
			mn, mx := math.Inf(1), math.Inf(-1)
			for _, t := range trends {
				for _, e := range t {
					if e.step == a.step {
						v := float64(evs[e.ev].v)
						cnt++
						sum += v
						mn, mx = math.Min(mn, v), math.Max(mx, v)
					}
				}
			}
			var v value.Value
			switch a.fn {
			case "count_trends":
				v = value.Int(int64(len(trends)))
			case "count_events":
				v = value.Int(int64(cnt))
			case "sum_trends":
				v = value.Float(sum)
			case "avg_trends":
				if cnt > 0 {
					v = value.Float(sum / cnt)
				}
			case "min_trends":
				if cnt > 0 {
					v = value.Float(mn)
				}
			case "max_trends":
				if cnt > 0 {
					v = value.Float(mx)
				}
			}
			r.vals = append(r.vals, v)
		}
		out = append(out, r)
	}
	sortRows(out)
	return out
}

// runEngine runs the program over evs and returns the rows per stream.
func runEngine(t *rapid.T, src string, evs []tev, unshared bool) map[string][]row {
	fset := token.NewFileSet()
	f, diags := parser.ParseFile(fset, "q.vpl", []byte(src), 0)
	if diags.HasErrors() {
		t.Fatalf("parse:\n%s\n%v", src, diags.Err(fset))
	}
	out := map[string][]row{}
	e, err := engine.New(f, fset, engine.Options{UnsharedTrends: unshared, Output: func(stream string, ev *event.Event) {
		r := row{}
		for _, fl := range ev.Fields {
			switch fl.Name {
			case "ws":
				r.ws = fl.Value.AsTimestamp()
			case "we":
				r.we = fl.Value.AsTimestamp()
			case "k":
				r.k = fl.Value.AsString()
			default:
				r.vals = append(r.vals, fl.Value)
			}
		}
		out[stream] = append(out[stream], r)
	}})
	if err != nil {
		t.Fatalf("compile:\n%s\n%v", src, err)
	}
	for _, x := range evs {
		ev := &event.Event{Type: x.typ, Time: x.t, Fields: []event.Field{
			{Name: "k", Value: value.String(x.k)}, {Name: "v", Value: value.Int(int64(x.v))}}}
		if err := e.Push(ev); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	for s := range out {
		sortRows(out[s])
	}
	return out
}

func drawEvents(t *rapid.T) []tev {
	n := rapid.IntRange(0, 14).Draw(t, "n")
	var evs []tev
	var now int64
	for i := 0; i < n; i++ {
		now += int64(rapid.IntRange(0, 1200).Draw(t, "gapMs")) * 1e6
		evs = append(evs, tev{
			typ: rapid.SampledFrom([]string{"A", "B", "C", "A", "B", "C", "D"}).Draw(t, "type"),
			t:   now,
			k:   rapid.SampledFrom([]string{"x", "y"}).Draw(t, "k"),
			v:   rapid.IntRange(-3, 3).Draw(t, "v"),
		})
	}
	return evs
}

func equalRows(a, b []row) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].ws != b[i].ws || a[i].we != b[i].we || a[i].k != b[i].k || len(a[i].vals) != len(b[i].vals) {
			return false
		}
		for j := range a[i].vals {
			x, y := a[i].vals[j], b[i].vals[j]
			if x.Kind() == value.KindFloat && y.Kind() == value.KindFloat {
				if math.Abs(x.AsFloat()-y.AsFloat()) > 1e-9 {
					return false
				}
				continue
			}
			if x.Kind() != y.Kind() || !value.Equal(x, y) {
				return false
			}
		}
	}
	return true
}

func drawWithin(t *rapid.T) int64 {
	return rapid.SampledFrom([]int64{2 * sec, 5 * sec, 20 * sec, 60 * sec}).Draw(t, "within")
}

// TestTrendAggregateMatchesBruteForce: every aggregate, with predicates
// (local, between consecutive Kleene events, on the first step's alias,
// on the previous step's alias, implied by the partitioning), partitions
// and several windows.
func TestTrendAggregateMatchesBruteForce(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		q := drawQuery(t, "Q", drawWithin(t), rapid.Bool().Draw(t, "part"))
		evs := drawEvents(t)
		src := q.program()
		got := runEngine(t, src, evs, true)["Q"]
		want := q.brute(evs)
		if !equalRows(got, want) {
			t.Fatalf("program:\n%s\nevents: %+v\ngot:  %v\nwant: %v", src, evs, got, want)
		}
	})
}

// TestSharedEqualsAlone: N streams in one program, evaluated shared, give
// exactly the rows of each stream evaluated alone. Some streams copy
// another's pattern with other aggregates (one shared state), others
// differ in their predicates or steps; all share windows and partitioning.
func TestSharedEqualsAlone(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		within := drawWithin(t)
		part := rapid.Bool().Draw(t, "part")
		n := rapid.IntRange(2, 5).Draw(t, "queries")
		var qs []query
		for i := 0; i < n; i++ {
			name := fmt.Sprintf("Q%d", i)
			if i > 0 && rapid.Bool().Draw(t, "copy") {
				c := qs[rapid.IntRange(0, i-1).Draw(t, "from")]
				c.name = name
				c.aggs = drawAggs(t, len(c.steps))
				qs = append(qs, c)
				continue
			}
			qs = append(qs, drawQuery(t, name, within, part))
		}
		checkSharedAloneBrute(t, qs, drawEvents(t))
	})
}

// drawThr draws an optional alias-free threshold predicate `v > thr`.
func drawThr(t *rapid.T) *int {
	if !rapid.Bool().Draw(t, "hasThr") {
		return nil
	}
	th := rapid.IntRange(-3, 2).Draw(t, "thr")
	return &th
}

// TestSharedKleeneEqualsAlone: N streams share a Kleene step (type,
// alias, quantifier and the predicates between its events) but differ in
// the other steps' predicates (alias-free thresholds, and predicates on
// the first or previous step's alias) and in an alias-free predicate on
// the Kleene step itself; their aggregates differ too. Evaluated together
// (sharing the Kleene propagation, splitting bursts where the Kleene
// predicates disagree) each gives exactly the rows it gives alone, which
// are the brute-force rows.
func TestSharedKleeneEqualsAlone(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		within := drawWithin(t)
		part := rapid.Bool().Draw(t, "part")
		base := drawQuery(t, "Q0", within, part)
		k := rapid.IntRange(0, len(base.steps)-1).Draw(t, "kleene")
		base.steps[k].q = rapid.SampledFrom([]quant{plus, plus, star}).Draw(t, "kq")
		if base.steps[k].q == star {
			for i := range base.steps {
				if k == 0 {
					base.steps[i].first, base.steps[i].corr = false, false
				}
				if i == k+1 {
					base.steps[i].prev = false
				}
			}
		}
		if !base.steps[k].selfK {
			base.steps[k].selfK = rapid.IntRange(0, 3).Draw(t, "selfK") == 0
		}
		n := rapid.IntRange(2, 6).Draw(t, "queries")
		qs := []query{base}
		mand0 := !base.steps[0].q.optional()
		for i := 1; i < n; i++ {
			q := base
			q.name = fmt.Sprintf("Q%d", i)
			q.steps = slices.Clone(base.steps)
			for j := range q.steps {
				q.steps[j].thr = drawThr(t)
				if j == k || j == 0 {
					continue
				}
				q.steps[j].first = mand0 && rapid.Bool().Draw(t, "first")
				q.steps[j].prev = !q.steps[j-1].q.optional() && rapid.Bool().Draw(t, "prev")
			}
			q.aggs = drawAggs(t, len(q.steps))
			qs = append(qs, q)
		}
		checkSharedAloneBrute(t, qs, drawEvents(t))
	})
}

// checkSharedAloneBrute runs the streams of qs together (shared), each
// alone (unshared), and by brute force over evs, and fails t unless all
// three agree for every stream.
func checkSharedAloneBrute(t *rapid.T, qs []query, evs []tev) {
	var all strings.Builder
	for _, q := range qs {
		all.WriteString(q.program())
	}
	shared := runEngine(t, all.String(), evs, false)
	for _, q := range qs {
		alone := runEngine(t, q.program(), evs, true)[q.name]
		if !equalRows(shared[q.name], alone) {
			t.Fatalf("program:\n%s\nevents: %+v\nstream %s shared: %v\nalone: %v", all.String(), evs, q.name, shared[q.name], alone)
		}
		if want := q.brute(evs); !equalRows(alone, want) {
			t.Fatalf("stream %s: alone %v, brute force %v", q.name, alone, want)
		}
	}
}
