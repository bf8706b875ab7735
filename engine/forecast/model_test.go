package forecast

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// chain3 is the automaton of A -> B -> C over symbols A=0, B=1, C=2 under
// skip-till-next-match: state j = steps done, 3 accepts.
func chain3() Automaton {
	k := 3
	a := Automaton{Next: make([]int32, 4*k), Accept: []bool{false, false, false, true}}
	for j := 0; j < 4; j++ {
		for s := 0; s < k; s++ {
			a.Next[j*k+s] = int32(j)
			if j < 3 && s == j {
				a.Next[j*k+s] = int32(j + 1)
			}
		}
	}
	return a
}

func params() Params {
	p := Preset(Fast)
	p.Warmup, p.Horizon = 10, 10e9
	return p
}

func TestNewErrors(t *testing.T) {
	good := Config{Symbols: 3, Automata: []Automaton{chain3()}, Params: params()}
	cases := []struct {
		name string
		mod  func(c *Config)
	}{
		{"no symbols", func(c *Config) { c.Symbols = 0 }},
		{"depth 0", func(c *Config) { c.MaxDepth = 0 }},
		{"depth 17", func(c *Config) { c.MaxDepth = 17 }},
		{"warmup 0", func(c *Config) { c.Warmup = 0 }},
		{"horizon 0", func(c *Config) { c.Horizon = 0 }},
		{"confidence 2", func(c *Config) { c.Confidence = 2 }},
		{"confidence NaN", func(c *Config) { c.Confidence = math.NaN() }},
		{"no automaton", func(c *Config) { c.Automata = nil }},
		{"short table", func(c *Config) { c.Automata = []Automaton{{Next: []int32{0}, Accept: []bool{true}}} }},
		{"bad target", func(c *Config) {
			a := chain3()
			a.Next[0] = 9
			c.Automata = []Automaton{a}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := good
			cfg.Automata = []Automaton{chain3()}
			c.mod(&cfg)
			if _, err := New(cfg); !errors.Is(err, ErrConfig) {
				t.Errorf("error %v, want ErrConfig", err)
			}
		})
	}
	if _, err := New(good); err != nil {
		t.Fatal(err)
	}
}

func TestPresets(t *testing.T) {
	cases := []struct {
		mode              Mode
		warmup, depth     int
		hawkes, conformal bool
	}{
		{Fast, 50, 3, false, false},
		{Balanced, 100, 3, true, true},
		{Accurate, 200, 5, true, true},
	}
	for _, c := range cases {
		p := Preset(c.mode)
		if p.Warmup != c.warmup || p.MaxDepth != c.depth || p.Hawkes != c.hawkes || p.Conformal != c.conformal ||
			p.Adaptive != c.hawkes || p.Confidence != 0.5 {
			t.Errorf("preset %d: %+v", c.mode, p)
		}
	}
	for _, s := range []string{"fast", "balanced", "accurate"} {
		if _, ok := ParseMode(s); !ok {
			t.Errorf("ParseMode(%q) failed", s)
		}
	}
	if _, ok := ParseMode("quick"); ok {
		t.Error(`ParseMode("quick") succeeded`)
	}
}

// TestPSTDist checks counts, smoothing and the back-off to shorter contexts.
func TestPSTDist(t *testing.T) {
	tr := newPST(2, 2)
	h := newHistory(2)
	// 0 1 0 1 ... : after 0 always 1, after 1 always 0.
	for i := 0; i < 100; i++ {
		s := i % 2
		tr.learn(&h, s)
		h.push(s)
	}
	d := make([]float64, 2)
	if depth := tr.dist(d, []int32{0, 1}, Smoothing); depth != 2 || d[1] < 0.97 {
		t.Errorf("after (1, 0): depth %d dist %v", depth, d)
	}
	// Root: about half and half.
	if depth := tr.dist(d, nil, Smoothing); depth != 0 || math.Abs(d[0]-0.5) > 0.01 {
		t.Errorf("root: depth %d dist %v", depth, d)
	}
	// Unseen context (0, 0): backs off to the context (0).
	if depth := tr.dist(d, []int32{0, 0}, Smoothing); depth != 1 || d[1] < 0.97 {
		t.Errorf("after (0, 0): depth %d dist %v", depth, d)
	}
	if s := d[0] + d[1]; math.Abs(s-1) > 1e-12 {
		t.Errorf("distribution sums to %v", s)
	}
}

// feed observes a deterministic cycle 0 1 2 0 1 2 ... one second apart.
func feed(md *Model, from, n int) {
	for i := from; i < from+n; i++ {
		md.Observe(i%3, int64(i)*1e9)
	}
}

// TestPredictCycle: on the cycle A B C, a run that saw A completes within
// two events with near certainty, and cannot within one.
func TestPredictCycle(t *testing.T) {
	md, err := New(Config{Symbols: 3, Automata: []Automaton{chain3()}, Params: params()})
	if err != nil {
		t.Fatal(err)
	}
	feed(md, 0, 9)
	if md.Warm() {
		t.Fatal("warm before warmup")
	}
	if _, ok := md.Predict(0, 1, math.MaxInt64, 9e9, nil); ok {
		t.Fatal("prediction while cold")
	}
	feed(md, 9, 292) // last symbol: 300 % 3 = 0 (A)
	if !md.Warm() {
		t.Fatal("not warm")
	}
	cases := []struct {
		state     int
		remaining int64
		lo, hi    float64
		steps     int
	}{
		{1, 10e9, 0.95, 1, 10},
		{1, 2e9, 0.95, 1, 2},
		{1, 1e9, 0, 0, 1}, // needs B and C: impossible in one event
		{2, 1e9, 0, 0.05, 1},
		{3, 1e9, 1, 1, 1},
		{1, 0, 0, 0, 0},
	}
	for _, c := range cases {
		f, ok := md.Predict(0, c.state, c.remaining, 300e9, nil)
		if !ok || f.Probability < c.lo || f.Probability > c.hi || f.Steps != c.steps {
			t.Errorf("state %d, %v ns left: %+v ok=%v", c.state, c.remaining, f, ok)
		}
	}
	f, _ := md.Predict(0, 1, 10e9, 300e9, nil)
	if f.Time < 1.9e9 || f.Time > 2.1e9 || f.Depth != 3 {
		t.Errorf("expected time %d (want ≈2 s), depth %d", f.Time, f.Depth)
	}
	if _, ok := md.Predict(1, 1, 1, 0, nil); ok {
		t.Error("prediction for a missing automaton")
	}
	if _, ok := md.Predict(0, 7, 1, 0, nil); ok {
		t.Error("prediction for a missing state")
	}
}

// TestAbsence: an AtEnd automaton completes only at the window's end.
func TestAbsence(t *testing.T) {
	// A then no B: state 1 survives symbols 0 and 2, dies on 1.
	a := Automaton{Next: []int32{1, 0, 0, 1, Dead, 1}, Accept: []bool{false, true}, AtEnd: true}
	md, err := New(Config{Symbols: 3, Automata: []Automaton{a}, Params: params()})
	if err != nil {
		t.Fatal(err)
	}
	feed(md, 0, 301) // last symbol A; next is B with near certainty
	f, _ := md.Predict(0, 1, 3e9, 300e9, nil)
	if f.Probability > 0.05 || f.Time != 3e9 {
		t.Errorf("absence with B next: %+v", f)
	}
	f, _ = md.Predict(0, 1, 20e9, 300e9, nil) // deadline past the horizon
	if f.Probability != 0 {
		t.Errorf("absence past the horizon: %+v", f)
	}
}

func TestConfidence(t *testing.T) {
	md := &Model{}
	for range 30 {
		md.noteStability(0.7)
	}
	if c := md.confidence(); math.Abs(c-1) > 1e-9 {
		t.Errorf("constant predictions: confidence %v", c)
	}
	for i := range 30 {
		md.noteStability(float64(i % 2))
	}
	if c := md.confidence(); c > 1e-9 {
		t.Errorf("alternating predictions: confidence %v", c)
	}
}

// TestConformalQuantile: the half-width is the ⌈(n+1)·0.9⌉-th smallest
// score of the window.
func TestConformalQuantile(t *testing.T) {
	md := &Model{}
	for i := 1; i <= 99; i++ {
		md.addScore(float64(i) / 100)
	}
	// n = 99: the 90th smallest of 0.01..0.99 is 0.90.
	if math.Abs(md.quant-0.90) > 1e-9 {
		t.Errorf("quantile %v, want 0.90", md.quant)
	}
	md = &Model{}
	for range 5 {
		md.addScore(0.1)
	}
	if md.quant != 1 {
		t.Errorf("quantile of 5 scores %v, want 1 (too few)", md.quant)
	}
	// The window slides: 1000 scores of 0.5 replace the earlier ones.
	for range ConformalWindow {
		md.addScore(0.5)
	}
	if md.quant != 0.5 || md.scoreN != ConformalWindow {
		t.Errorf("after sliding: quantile %v, n %d", md.quant, md.scoreN)
	}
}

// TestConformalOutcome: a prediction is settled by the run's match or by
// its deadline passing.
func TestConformalOutcome(t *testing.T) {
	p := params()
	p.Conformal = true
	md, err := New(Config{Symbols: 3, Automata: []Automaton{chain3()}, Params: p})
	if err != nil {
		t.Fatal(err)
	}
	feed(md, 0, 301)
	run1, run2 := new(int), new(int)
	md.Predict(0, 2, 1e9, 300e9, run1)
	md.Predict(0, 2, 1e9, 300e9, run2)
	md.Matched(run2)
	if md.scoreN != 1 {
		t.Fatalf("%d scores after one match", md.scoreN)
	}
	md.Observe(1, 302e9) // past run1's deadline
	if md.scoreN != 2 {
		t.Fatalf("%d scores after the deadline", md.scoreN)
	}
}

func TestHawkesBoost(t *testing.T) {
	p := params()
	p.Hawkes = true
	md, err := New(Config{Symbols: 3, Automata: []Automaton{chain3()}, Params: p})
	if err != nil {
		t.Fatal(err)
	}
	tm := int64(0)
	for i := range 5000 {
		tm += 1e9
		md.Observe(i%3, tm)
	}
	if b := md.Boost(); math.Abs(b-1) > 0.01 {
		t.Errorf("steady stream: boost %v", b)
	}
	for i := range 40 { // a burst: ten times the rate
		tm += 1e8
		md.Observe(i%3, tm)
	}
	if b := md.Boost(); b < 2 || b > MaxBoost {
		t.Errorf("burst: boost %v", b)
	}
	f, _ := md.Predict(0, 1, 10e9, tm, nil)
	if f.Steps <= 10 {
		t.Errorf("burst: horizon of %d events, want more than 10", f.Steps)
	}
}

// TestAdaptiveWarmup: with adaptive warm-up a stable stream warms the
// model before the warmup count; without, exactly at it.
func TestAdaptiveWarmup(t *testing.T) {
	for _, adaptive := range []bool{false, true} {
		p := params()
		p.Warmup, p.Adaptive = 400, adaptive
		md, err := New(Config{Symbols: 3, Automata: []Automaton{chain3()}, Params: p})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for !md.Warm() && n < 1000 {
			md.Observe(n%3, int64(n)*1e9)
			n++
		}
		switch {
		case !adaptive && n != 400:
			t.Errorf("fixed warm-up: warm after %d events", n)
		case adaptive && (n >= 400 || n < 100):
			t.Errorf("adaptive warm-up: warm after %d events", n)
		}
	}
}

// TestNoAllocs: observing and predicting do not allocate once every
// context has been seen.
func TestNoAllocs(t *testing.T) {
	p := Preset(Balanced)
	md, err := New(Config{Symbols: 3, Automata: []Automaton{chain3()}, Params: p})
	if err != nil {
		t.Fatal(err)
	}
	feed(md, 0, 5000)
	i := 5000
	key := new(int)
	allocs := testing.AllocsPerRun(2000, func() {
		md.Observe(i%3, int64(i)*1e9)
		md.Predict(0, 1, 10e9, int64(i)*1e9, key)
		md.Matched(key)
		i++
	})
	if allocs != 0 {
		t.Errorf("%v allocations per event", allocs)
	}
}

func TestDecay(t *testing.T) {
	for x := 0.0; x < 3; x += 0.01 {
		if got, want := decay(x), math.Exp(-x); math.Abs(got-want) > 3e-4*want {
			t.Fatalf("decay(%v) = %v, want %v", x, got, want)
		}
	}
}

// TestRandomModels drives random automata with random streams, including
// time going backwards, simultaneous events and extreme horizons: every
// prediction stays in range.
func TestRandomModels(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for c := 0; c < 50; c++ {
		k := 1 + r.IntN(4)
		n := 1 + r.IntN(4)
		a := Automaton{Next: make([]int32, (n+1)*k), Accept: make([]bool, n+1), AtEnd: r.IntN(4) == 0}
		for i := range a.Next {
			a.Next[i] = int32(r.IntN(n+2)) - 1 // Dead .. n
		}
		for j := range a.Accept {
			a.Accept[j] = r.IntN(3) == 0
		}
		p := Preset(Mode(r.IntN(3)))
		p.MaxDepth = 1 + r.IntN(MaxDepth)
		p.Warmup = 1 + r.IntN(50)
		p.Horizon = []int64{1, 1e9, math.MaxInt64}[r.IntN(3)]
		md, err := New(Config{Symbols: k, Automata: []Automaton{a}, Params: p})
		if err != nil {
			t.Fatal(err)
		}
		tm := int64(r.IntN(1000))
		for i := 0; i < 200; i++ {
			switch r.IntN(4) {
			case 0: // same time
			case 1:
				tm -= int64(r.IntN(1e9))
			default:
				tm += int64(r.IntN(2e9))
			}
			md.Observe(r.IntN(k+1)-1+r.IntN(2), tm) // sometimes out of range
			rem := []int64{0, -5, 1e9, math.MaxInt64}[r.IntN(4)]
			f, ok := md.Predict(0, r.IntN(n+1), rem, tm, nil)
			if !ok {
				continue
			}
			if !(f.Probability >= 0 && f.Probability <= 1) || f.Time < 0 || f.Lower > f.Probability || f.Upper < f.Probability ||
				!(f.Confidence >= 0 && f.Confidence <= 1) {
				t.Fatalf("case %d: %+v", c, f)
			}
			if r.IntN(5) == 0 {
				md.Matched(nil)
			}
		}
	}
}
