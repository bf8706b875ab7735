package trend

import (
	"math"
	"testing"

	"pgregory.net/rapid"
)

// maxAbs bounds the absolute channel values of TestNetEqualsGraph.
const maxAbs = 5

// TestNetEqualsGraph: several patterns share a Kleene step (same type,
// same predicate between its events, same entry predicate) and differ in
// their other steps' predicates. Each Graph given every event itself and
// each Graph given the Kleene events through one shared Net (then
// materialised) give equal results: counts exactly, including the
// fallback when a count overflows, sums within rounding.
func TestNetEqualsGraph(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 4).Draw(t, "steps")
		k := rapid.IntRange(0, n-1).Draw(t, "kleene")
		quants := make([]Quant, n)
		types := make([]int, n)
		for i := range quants {
			quants[i] = Quant(rapid.IntRange(0, 3).Draw(t, "quant"))
			types[i] = rapid.IntRange(1, 2).Draw(t, "type") // type 0: the Kleene step's
		}
		quants[k] = rapid.SampledFrom([]Quant{Plus, Star}).Draw(t, "kq")
		types[k] = 0
		var chans, field []int
		for i, nc := 0, rapid.IntRange(0, 3).Draw(t, "nchans"); i < nc; i++ {
			chans = append(chans, rapid.IntRange(0, n-1).Draw(t, "chan"))
			field = append(field, rapid.IntRange(-1, 1).Draw(t, "field"))
		}
		var carry []int
		if k+1 < n && rapid.Bool().Draw(t, "carry") {
			carry = []int{rapid.IntRange(k+1, n-1).Draw(t, "carried")}
		}
		p, err := NewPattern(quants, chans, carry)
		if err != nil {
			t.Fatal(err)
		}
		rel := rapid.IntRange(0, 2).Draw(t, "rel")
		entryThr := rapid.IntRange(-6, 3).Draw(t, "entryThr")
		nq := rapid.IntRange(1, 3).Draw(t, "queries")
		thr := make([][]int, nq) // per query, per step: value > thr (or none: -99)
		for q := range thr {
			thr[q] = make([]int, n)
			for i := range thr[q] {
				thr[q][i] = -99
				if i != k && rapid.Bool().Draw(t, "hasThr") {
					thr[q][i] = rapid.IntRange(-4, 3).Draw(t, "thr")
				}
			}
		}
		long := rapid.IntRange(0, 9).Draw(t, "long") == 0
		type ev struct {
			typ int
			v   [2]float64
		}
		var evs []ev
		m := rapid.IntRange(0, 16).Draw(t, "events")
		for j := 0; j < m; j++ {
			e := ev{typ: rapid.IntRange(0, 2).Draw(t, "t")}
			for f := range e.v {
				e.v[f] = float64(rapid.IntRange(-maxAbs, maxAbs).Draw(t, "v"))
				if rapid.IntRange(0, 6).Draw(t, "nan") == 0 {
					e.v[f] = math.NaN()
				}
			}
			evs = append(evs, e)
			if long && j == m/2 {
				for r := 0; r < 66; r++ {
					evs = append(evs, ev{typ: 0, v: [2]float64{1, 2}})
				}
			}
		}
		pair := func(prev, cur int) bool {
			a, b := evs[prev].v[0], evs[cur].v[0]
			switch rel {
			case 1:
				return b >= a
			case 2:
				return b != a
			}
			return true
		}
		edge := func(prev, prevStep int, ctx []int32, cur, curStep int) bool {
			if curStep == k {
				if prevStep != k {
					return !(evs[cur].v[0] <= float64(entryThr))
				}
				return pair(prev, cur)
			}
			if prev >= 0 && !pair(prev, cur) {
				return false
			}
			if len(ctx) > 0 && ctx[0] >= 0 && curStep > carry[0] {
				return evs[cur].v[1] != evs[ctx[0]].v[1]
			}
			return true
		}
		mask := func(q, j int) uint64 {
			var m uint64
			for s, ty := range types {
				if ty == evs[j].typ && (thr[q][s] == -99 || evs[j].v[0] > float64(thr[q][s])) {
					m |= 1 << uint(s)
				}
			}
			return m
		}
		vals := func(j int, s int) []float64 {
			out := make([]float64, len(chans))
			for c := range out {
				out[c] = evs[j].v[c%2]
				if chans[c] == s && field[c] >= 0 {
					out[c] = evs[j].v[field[c]]
				} else if chans[c] == s {
					out[c] = math.NaN()
				}
			}
			return out
		}
		net := NewNet(2)
		ref := make([]*Graph, nq)
		sh := make([]*Graph, nq)
		from := make([]int, nq)
		solo := make([]bool, nq)
		for q := range ref {
			ref[q], sh[q] = NewGraph(p), NewGraph(p)
		}
		settle := func(q, cur int) {
			if solo[q] {
				return
			}
			var ok bool
			from[q], ok = sh[q].Materialize(k, net, from[q], field)
			if !ok {
				// rebuild: every earlier event given to the graph itself
				solo[q] = true
				sh[q].Reset()
				for j := 0; j < cur; j++ {
					sh[q].Add(mask(q, j), vals(j, k), edge)
				}
			}
			sh[q].SetLen(cur)
		}
		for j, e := range evs {
			for q := range ref {
				ref[q].Add(mask(q, j), vals(j, k), edge)
			}
			if e.typ == 0 {
				net.Add(j, edge(-1, -1, nil, j, k), e.v[:], func(prev int) bool { return pair(prev, j) })
				for q := range sh {
					if solo[q] {
						sh[q].SetLen(j)
						sh[q].Add(mask(q, j), vals(j, k), edge)
					}
				}
				continue
			}
			net.Break()
			for q := range sh {
				settle(q, j)
				sh[q].Add(mask(q, j), vals(j, k), edge)
			}
		}
		for q := range sh {
			settle(q, len(evs))
			w, g := ref[q].Result(), sh[q].Result()
			if w.Overflow != g.Overflow || w.Trends != g.Trends || w.TrendsF != g.TrendsF {
				t.Fatalf("query %d counts: got %d %v overflow %v, want %d %v overflow %v", q, g.Trends, g.TrendsF, g.Overflow, w.Trends, w.TrendsF, w.Overflow)
			}
			for c := range w.Ch {
				x, y := g.Ch[c], w.Ch[c]
				// Rounding is relative to the terms' magnitudes (values
				// are at most maxAbs), which may cancel to a sum near 0.
				sumOK := x.Sum == y.Sum || math.Abs(x.Sum-y.Sum) <= 1e-12*max(math.Abs(y.Sum), maxAbs*y.EventsF)
				if x.Events != y.Events || x.EventsF != y.EventsF || !sumOK || x.Has != y.Has || x.Min != y.Min || x.Max != y.Max {
					t.Fatalf("query %d channel %d: got %+v want %+v", q, c, x, y)
				}
			}
		}
	})
}
