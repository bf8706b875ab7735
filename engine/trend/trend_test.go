package trend

import (
	"math"
	"testing"

	"pgregory.net/rapid"
)

// brute enumerates every trend and aggregates it directly.
type brute struct {
	steps []Step
	evs   []Event
	edge  Edge
	r     Result
}

func (b *brute) dfs(last, step int, cnt int, sum float64, mn, mx float64, has bool) {
	if step == len(b.steps)-1 {
		b.r.TrendsF++
		b.r.EventsF += float64(cnt)
		b.r.Sum += sum
		if has {
			b.r.HasMinMax = true
			b.r.Min = math.Min(b.r.Min, mn)
			b.r.Max = math.Max(b.r.Max, mx)
		}
	}
	for j := last + 1; j < len(b.evs); j++ {
		for _, s := range []int{step, step + 1} {
			if s >= len(b.steps) || (s == step && !b.steps[s].Kleene) {
				continue
			}
			st := b.steps[s]
			if st.Type != b.evs[j].Type || !b.edge(last, step, j, s) {
				continue
			}
			c, sm, a, z, h := cnt, sum, mn, mx, has
			if st.Alias {
				c, sm, h = c+1, sm+b.evs[j].Value, true
				a, z = math.Min(a, b.evs[j].Value), math.Max(z, b.evs[j].Value)
			}
			b.dfs(j, s, c, sm, a, z, h)
		}
	}
}

func (b *brute) result() Result {
	b.r = Result{Min: math.Inf(1), Max: math.Inf(-1)}
	for j, e := range b.evs {
		st := b.steps[0]
		if st.Type != e.Type || !b.edge(-1, -1, j, 0) {
			continue
		}
		if st.Alias {
			b.dfs(j, 0, 1, e.Value, e.Value, e.Value, true)
		} else {
			b.dfs(j, 0, 0, 0, math.Inf(1), math.Inf(-1), false)
		}
	}
	if !b.r.HasMinMax {
		b.r.Min, b.r.Max = 0, 0
	}
	return b.r
}

func TestGraphMatchesBruteForce(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		nSteps := rapid.IntRange(1, 4).Draw(t, "steps")
		steps := make([]Step, nSteps)
		for i := range steps {
			steps[i] = Step{
				Type:   rapid.IntRange(0, 2).Draw(t, "type"),
				Kleene: rapid.Bool().Draw(t, "kleene"),
				Alias:  rapid.Bool().Draw(t, "alias"),
			}
		}
		evs := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) Event {
			return Event{Type: rapid.IntRange(0, 2).Draw(t, "t"), Value: float64(rapid.IntRange(-5, 5).Draw(t, "v"))}
		}), 0, 14).Draw(t, "events")
		// Predicates: a step predicate on the event value and a
		// consecutive-event predicate comparing values.
		thr := rapid.IntRange(-6, 5).Draw(t, "thr")
		rel := rapid.IntRange(0, 2).Draw(t, "rel")
		edge := func(prev, _, cur, _ int) bool {
			if prev < 0 {
				return evs[cur].Value > float64(thr)
			}
			switch rel {
			case 1:
				return evs[cur].Value >= evs[prev].Value
			case 2:
				return evs[cur].Value != evs[prev].Value
			}
			return true
		}
		g := New(steps, edge)
		for _, e := range evs {
			g.Add(e)
		}
		got := g.Result()
		want := (&brute{steps: steps, evs: evs, edge: edge}).result()
		if got.Overflow {
			t.Fatalf("unexpected overflow")
		}
		if float64(got.Trends) != want.TrendsF || float64(got.Events) != want.EventsF {
			t.Fatalf("counts: got %d/%d want %v/%v", got.Trends, got.Events, want.TrendsF, want.EventsF)
		}
		if math.Abs(got.Sum-want.Sum) > 1e-6 || got.HasMinMax != want.HasMinMax || got.Min != want.Min || got.Max != want.Max {
			t.Fatalf("values: got %+v want %+v", got, want)
		}
		if want.EventsF > 0 && math.Abs(got.Avg-want.Sum/want.EventsF) > 1e-9 {
			t.Fatalf("avg: got %v want %v", got.Avg, want.Sum/want.EventsF)
		}
	})
}

func TestCountsOverflowToFloat(t *testing.T) {
	tests := []struct {
		name     string
		n        int
		overflow bool
	}{
		{"exact 62", 62, false},
		{"exact 63", 63, false},
		{"overflow 64", 64, true},
		{"overflow 100", 100, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// all A: 2^n - 1 trends for n events.
			g := New([]Step{{Type: 0, Kleene: true}}, func(int, int, int, int) bool { return true })
			for i := 0; i < tc.n; i++ {
				g.Add(Event{})
			}
			r := g.Result()
			if r.Overflow != tc.overflow {
				t.Fatalf("overflow = %v, want %v", r.Overflow, tc.overflow)
			}
			want := math.Exp2(float64(tc.n)) - 1
			if !tc.overflow {
				exact := int64(uint64(1)<<uint(tc.n) - 1)
				if r.Trends != exact {
					t.Fatalf("trends = %d, want %d", r.Trends, exact)
				}
			}
			if math.Abs(r.TrendsF-want)/want > 1e-9 {
				t.Fatalf("trendsF = %v, want %v", r.TrendsF, want)
			}
		})
	}
}

func TestOpenStepCloseExample(t *testing.T) {
	// vpl.md §8: Open -> all Step -> Close over Open, Step, Step, Close,
	// Step, Close gives 3 + 7 = 10 trends.
	g := New([]Step{{Type: 0}, {Type: 1, Kleene: true}, {Type: 2}}, func(int, int, int, int) bool { return true })
	for _, ty := range []int{0, 1, 1, 2, 1, 2} {
		g.Add(Event{Type: ty})
	}
	if r := g.Result(); r.Trends != 10 || r.Overflow {
		t.Fatalf("trends = %d (overflow %v), want 10", r.Trends, r.Overflow)
	}
}

// BenchmarkGraphStartTickStop adds Start, 8 Ticks, Stop per graph (the
// per-partition shape of workload W5) and reports time per event.
func BenchmarkGraphStartTickStop(b *testing.B) {
	steps := []Step{{Type: 0}, {Type: 1, Kleene: true, Alias: true}, {Type: 2}}
	edge := func(int, int, int, int) bool { return true }
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		g := New(steps, edge)
		g.Add(Event{Type: 0})
		for k := 0; k < 8; k++ {
			g.Add(Event{Type: 1, Value: float64(k)})
		}
		g.Add(Event{Type: 2})
		if g.Result().Trends != 255 {
			b.Fatal("wrong count")
		}
	}
}
