package trend

import (
	"math"
	"testing"

	"pgregory.net/rapid"
)

// tev is one test event: a type and one value per channel.
type tev struct {
	typ int
	val float64
}

// tcase is a random pattern and stream for the brute-force comparison.
type tcase struct {
	quants []Quant
	types  []int // step types
	chans  []int // channel steps
	evs    []tev
	thr    int // step predicate: value > thr (for steps in local)
	local  []bool
	rel    int  // predicate between consecutive events: 0 none, 1 >=, 2 !=
	carry  int  // -1, or a step whose last event the next steps compare with
	carRel bool // cur.val >= carried.val
}

func (c *tcase) mask(j int) uint64 {
	var m uint64
	for s, ty := range c.types {
		if ty == c.evs[j].typ && (!c.local[s] || c.evs[j].val > float64(c.thr)) {
			m |= 1 << uint(s)
		}
	}
	return m
}

// pair is the consecutive-event predicate.
func (c *tcase) pair(prev, cur int) bool {
	if prev < 0 {
		return true
	}
	switch c.rel {
	case 1:
		return c.evs[cur].val >= c.evs[prev].val
	case 2:
		return c.evs[cur].val != c.evs[prev].val
	}
	return true
}

// carried is the predicate against the last event of step c.carry (only
// for steps after it); carriedEv is -1 when the trend has none.
func (c *tcase) carried(carriedEv, cur, curStep int) bool {
	if c.carry < 0 || !c.carRel || curStep <= c.carry || carriedEv < 0 {
		return true
	}
	return c.evs[cur].val >= c.evs[carriedEv].val
}

// brute enumerates every trend.
func (c *tcase) brute() (Result, bool) {
	r := Result{Ch: make([]ChResult, len(c.chans))}
	for i := range r.Ch {
		r.Ch[i].Min, r.Ch[i].Max = math.Inf(1), math.Inf(-1)
	}
	type el struct{ ev, step int }
	var trend []el
	record := func() {
		r.TrendsF++
		for ci, cs := range c.chans {
			for _, e := range trend {
				if e.step == cs {
					v := c.evs[e.ev].val
					r.Ch[ci].EventsF++
					r.Ch[ci].Sum += v
					r.Ch[ci].Has = true
					r.Ch[ci].Min = math.Min(r.Ch[ci].Min, v)
					r.Ch[ci].Max = math.Max(r.Ch[ci].Max, v)
				}
			}
		}
	}
	// valid reports whether the steps of trend, ending at step last, cover
	// every mandatory step up to last.
	var dfs func(nextEv int)
	dfs = func(nextEv int) {
		last := trend[len(trend)-1]
		final := true
		for s := last.step + 1; s < len(c.quants); s++ {
			if !c.quants[s].Optional() {
				final = false
			}
		}
		if final {
			record()
		}
		for j := nextEv; j < len(c.evs); j++ {
			m := c.mask(j)
			for s := last.step; s < len(c.quants); s++ {
				if s == last.step && !c.quants[s].Kleene() {
					continue
				}
				// steps strictly between last.step and s must be optional
				ok := true
				for k := last.step + 1; k < s; k++ {
					if !c.quants[k].Optional() {
						ok = false
					}
				}
				if !ok || m&(1<<uint(s)) == 0 || !c.pair(last.ev, j) {
					continue
				}
				ce := -1
				for _, e := range trend {
					if e.step == c.carry {
						ce = e.ev
					}
				}
				if !c.carried(ce, j, s) {
					continue
				}
				trend = append(trend, el{j, s})
				dfs(j + 1)
				trend = trend[:len(trend)-1]
			}
		}
	}
	for j := range c.evs {
		m := c.mask(j)
		for s := range c.quants {
			startOK := true
			for k := 0; k < s; k++ {
				if !c.quants[k].Optional() {
					startOK = false
				}
			}
			if !startOK || m&(1<<uint(s)) == 0 {
				continue
			}
			trend = append(trend[:0], el{j, s})
			dfs(j + 1)
		}
	}
	for i := range r.Ch {
		if !r.Ch[i].Has {
			r.Ch[i].Min, r.Ch[i].Max = 0, 0
		}
	}
	return r, true
}

func drawCase(t *rapid.T, withEdges bool) *tcase {
	n := rapid.IntRange(1, 4).Draw(t, "steps")
	c := &tcase{carry: -1}
	for i := 0; i < n; i++ {
		c.quants = append(c.quants, Quant(rapid.IntRange(0, 3).Draw(t, "quant")))
		c.types = append(c.types, rapid.IntRange(0, 2).Draw(t, "type"))
		c.local = append(c.local, rapid.Bool().Draw(t, "local"))
	}
	for i, nc := 0, rapid.IntRange(0, 3).Draw(t, "nchans"); i < nc; i++ {
		c.chans = append(c.chans, rapid.IntRange(0, n-1).Draw(t, "chan"))
	}
	c.thr = rapid.IntRange(-6, 5).Draw(t, "thr")
	if withEdges {
		c.rel = rapid.IntRange(0, 2).Draw(t, "rel")
		if rapid.Bool().Draw(t, "hasCarry") {
			c.carry = rapid.IntRange(0, n-1).Draw(t, "carry")
			c.carRel = true
		}
	}
	c.evs = rapid.SliceOfN(rapid.Custom(func(t *rapid.T) tev {
		return tev{typ: rapid.IntRange(0, 2).Draw(t, "t"), val: float64(rapid.IntRange(-5, 5).Draw(t, "v"))}
	}), 0, 14).Draw(t, "events")
	return c
}

func (c *tcase) vals(j int) []float64 {
	v := make([]float64, len(c.chans))
	for i := range v {
		v[i] = c.evs[j].val
	}
	return v
}

func checkResult(t *rapid.T, got, want Result) {
	if got.Overflow {
		t.Fatalf("unexpected overflow")
	}
	if float64(got.Trends) != want.TrendsF || got.TrendsF != want.TrendsF {
		t.Fatalf("trends: got %d (%v) want %v", got.Trends, got.TrendsF, want.TrendsF)
	}
	for i := range want.Ch {
		g, w := got.Ch[i], want.Ch[i]
		if float64(g.Events) != w.EventsF || math.Abs(g.Sum-w.Sum) > 1e-6 || g.Has != w.Has || g.Min != w.Min || g.Max != w.Max {
			t.Fatalf("channel %d: got %+v want %+v", i, g, w)
		}
		if w.EventsF > 0 && math.Abs(g.Avg()-w.Sum/w.EventsF) > 1e-9 {
			t.Fatalf("avg %d: got %v want %v", i, g.Avg(), w.Sum/w.EventsF)
		}
	}
}

func TestSumsMatchBruteForce(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := drawCase(t, false)
		p, err := NewPattern(c.quants, c.chans, nil)
		if err != nil {
			t.Fatal(err)
		}
		s := NewSums(p)
		for j := range c.evs {
			s.Add(c.mask(j), c.vals(j))
		}
		want, _ := c.brute()
		checkResult(t, s.Result(), want)
	})
}

func TestGraphMatchesBruteForce(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := drawCase(t, true)
		var carry []int
		if c.carry >= 0 {
			carry = []int{c.carry}
		}
		p, err := NewPattern(c.quants, c.chans, carry)
		if err != nil {
			t.Fatal(err)
		}
		g := NewGraph(p)
		edge := func(prev, _ int, ctx []int32, cur, curStep int) bool {
			if !c.pair(prev, cur) {
				return false
			}
			ce := -1
			if len(ctx) > 0 {
				ce = int(ctx[0])
			}
			return c.carried(ce, cur, curStep)
		}
		for j := range c.evs {
			g.Add(c.mask(j), c.vals(j), edge)
		}
		want, _ := c.brute()
		checkResult(t, g.Result(), want)
	})
}

func TestNewPatternErrors(t *testing.T) {
	tests := []struct {
		name   string
		quants []Quant
		chans  []int
		carry  []int
	}{
		{"no steps", nil, nil, nil},
		{"too many steps", make([]Quant, MaxSteps+1), nil, nil},
		{"channel out of range", []Quant{One}, []int{1}, nil},
		{"carry out of range", []Quant{One}, nil, []int{2}},
		{"carry repeated", []Quant{One, One}, nil, []int{0, 0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := NewPattern(tc.quants, tc.chans, tc.carry); err == nil {
				t.Fatal("no error")
			}
		})
	}
}

func TestCountsOverflowToFloat(t *testing.T) {
	tests := []struct {
		name     string
		n        int
		chans    []int
		overflow bool
	}{
		{"exact 62", 62, nil, false},
		{"exact 63", 63, nil, false},
		{"overflow 64", 64, nil, true},
		{"overflow 100", 100, nil, true},
		// count_events reaches n*2^(n-1) first
		{"events exact 58", 58, []int{0}, false},
		{"events overflow 59", 59, []int{0}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// all A: 2^n - 1 trends for n events.
			p, err := NewPattern([]Quant{Plus}, tc.chans, nil)
			if err != nil {
				t.Fatal(err)
			}
			s, g := NewSums(p), NewGraph(p)
			always := func(int, int, []int32, int, int) bool { return true }
			vals := []float64{1}
			for i := 0; i < tc.n; i++ {
				s.Add(1, vals)
				g.Add(1, vals, always)
			}
			for _, r := range []Result{s.Result(), g.Result()} {
				if r.Overflow != tc.overflow {
					t.Fatalf("overflow = %v, want %v", r.Overflow, tc.overflow)
				}
				want := math.Exp2(float64(tc.n)) - 1
				if !tc.overflow {
					exact := int64(uint64(1)<<uint(tc.n) - 1)
					if r.Trends != exact {
						t.Fatalf("trends = %d, want %d", r.Trends, exact)
					}
				} else if r.Trends != 0 {
					t.Fatalf("exact count after overflow: %d", r.Trends)
				}
				if math.Abs(r.TrendsF-want)/want > 1e-9 {
					t.Fatalf("trendsF = %v, want %v", r.TrendsF, want)
				}
				if len(r.Ch) == 0 {
					continue
				}
				// every event is in 2^(n-1) trends
				if exact := int64(tc.n) << uint(tc.n-1); !tc.overflow && r.Ch[0].Events != exact {
					t.Fatalf("events = %d, want %d", r.Ch[0].Events, exact)
				}
				if wantEv := float64(tc.n) * math.Exp2(float64(tc.n-1)); math.Abs(r.Ch[0].EventsF-wantEv)/wantEv > 1e-9 {
					t.Fatalf("eventsF = %v, want %v", r.Ch[0].EventsF, wantEv)
				}
			}
		})
	}
}

func TestOpenStepCloseExample(t *testing.T) {
	// vpl.md §8: Open -> all Step -> Close over Open, Step, Step, Close,
	// Step, Close gives 3 + 7 = 10 trends.
	p, err := NewPattern([]Quant{One, Plus, One}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := NewSums(p)
	for _, ty := range []int{0, 1, 1, 2, 1, 2} {
		s.Add(1<<uint(ty), nil)
	}
	if r := s.Result(); r.Trends != 10 || r.Overflow {
		t.Fatalf("trends = %d (overflow %v), want 10", r.Trends, r.Overflow)
	}
	s.Reset()
	if r := s.Result(); r.Trends != 0 {
		t.Fatalf("after Reset: trends = %d", r.Trends)
	}
}

// BenchmarkSumsStartTickStop adds Start, 8 Ticks, Stop per evaluator (the
// per-partition shape of workload W5) and reports time per event.
func BenchmarkSumsStartTickStop(b *testing.B) {
	p, err := NewPattern([]Quant{One, Plus, One}, []int{1}, nil)
	if err != nil {
		b.Fatal(err)
	}
	s := NewSums(p)
	vals := []float64{0}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		s.Reset()
		s.Add(1, vals)
		for k := 0; k < 8; k++ {
			vals[0] = float64(k)
			s.Add(2, vals)
		}
		s.Add(4, vals)
		if s.Result().Trends != 255 {
			b.Fatal("wrong count")
		}
	}
}

// BenchmarkGraphStartTickStop is BenchmarkSumsStartTickStop on a Graph
// with an edge predicate (every edge holds).
func BenchmarkGraphStartTickStop(b *testing.B) {
	p, err := NewPattern([]Quant{One, Plus, One}, []int{1}, nil)
	if err != nil {
		b.Fatal(err)
	}
	edge := func(int, int, []int32, int, int) bool { return true }
	vals := []float64{0}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		g := NewGraph(p)
		g.Add(1, vals, edge)
		for k := 0; k < 8; k++ {
			vals[0] = float64(k)
			g.Add(2, vals, edge)
		}
		g.Add(4, vals, edge)
		if g.Result().Trends != 255 {
			b.Fatal("wrong count")
		}
	}
}
