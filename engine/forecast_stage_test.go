package engine

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/vpl/parser"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// markovCase is a synthetic stream from a known Markov chain over event
// types and a pattern whose completion probability the test computes
// exactly.
type markovCase struct {
	name  string
	types []string
	order int // the chain's order: the next type depends on the last order types
	// prob is P(next = y | hist), hist[0] the most recent type.
	prob func(hist []int, y int) float64
	// pattern steps (after "A as a") and options, e.g. "-> B -> C".
	pattern string
	params  string // .forecast parameters
	// next is the pattern as an automaton over the types, written by hand
	// for the test (state j = steps done; -1 dead; accept = states).
	next   func(j, y int) int
	accept int
}

func (c *markovCase) program(within int) string {
	return fmt.Sprintf(`stream F = A as a %s
    .within(%ds)
    .forecast(%s)
    .where(forecast_probability is not null)
    .emit(p: forecast_probability, st: forecast_state, t: forecast_time, d: forecast_context_depth,
          lo: forecast_lower, hi: forecast_upper, conf: forecast_confidence, a0: a.seq, seq: seq)`, c.pattern, within, c.params)
}

// truth returns q[h][j][ctx]: the exact probability that a run in state j
// reaches the accepting state within h events when the chain's context
// (the last order types, base k, most recent lowest) is ctx.
func (c *markovCase) truth(maxH int) [][][]float64 {
	k := len(c.types)
	nctx := 1
	for range c.order {
		nctx *= k
	}
	hist := make([]int, c.order)
	decode := func(ctx int) []int {
		for d := range c.order {
			hist[d] = ctx % k
			ctx /= k
		}
		return hist
	}
	q := make([][][]float64, maxH+1)
	for h := range q {
		q[h] = make([][]float64, c.accept+1)
		for j := range q[h] {
			q[h][j] = make([]float64, nctx)
			for ctx := range nctx {
				switch {
				case j == c.accept:
					q[h][j][ctx] = 1
				case h == 0:
				default:
					hs := decode(ctx)
					sum := 0.0
					for y := range k {
						j2 := c.next(j, y)
						if j2 < 0 {
							continue
						}
						nc := (ctx*k + y) % nctx
						sum += c.prob(hs, y) * q[h-1][j2][nc]
					}
					q[h][j][ctx] = sum
				}
			}
		}
	}
	return q
}

func (c *markovCase) generate(seed uint64, n int) []int {
	r := rand.New(rand.NewPCG(seed, 7))
	k := len(c.types)
	out := make([]int, 0, n)
	hist := make([]int, c.order)
	for i := 0; i < n; i++ {
		u := r.Float64()
		y := k - 1
		acc := 0.0
		for s := range k {
			acc += c.prob(hist, s)
			if u < acc {
				y = s
				break
			}
		}
		out = append(out, y)
		copy(hist[1:], hist)
		hist[0] = y
	}
	return out
}

// first-order transition matrix helper.
func matrix(m [][]float64) func(hist []int, y int) float64 {
	return func(hist []int, y int) float64 { return m[hist[0]][y] }
}

var markovCases = []markovCase{
	{
		name:  "three steps, first order",
		types: []string{"A", "B", "C"}, order: 1,
		prob:    matrix([][]float64{{0.5, 0.3, 0.2}, {0.4, 0.4, 0.2}, {0.5, 0.35, 0.15}}),
		pattern: "-> B as b -> C as c", params: "confidence: 0.0",
		next: func(j, y int) int {
			switch {
			case j == 1 && y == 1:
				return 2
			case j == 2 && y == 2:
				return 3
			}
			return j
		},
		accept: 3,
	},
	{
		name:  "Kleene and negation, first order",
		types: []string{"A", "B", "C", "D"}, order: 1,
		prob: matrix([][]float64{
			{0.4, 0.3, 0.2, 0.1}, {0.3, 0.4, 0.25, 0.05}, {0.5, 0.2, 0.2, 0.1}, {0.6, 0.2, 0.1, 0.1}}),
		pattern: "-> all B as b -> C as c .not(D)", params: "mode: \"fast\", confidence: 0.0",
		next: func(j, y int) int {
			switch {
			case y == 3:
				return -1
			case j == 1 && y == 1:
				return 2
			case j == 2 && y == 2:
				return 3
			}
			return j
		},
		accept: 3,
	},
	{
		name:  "three steps, second order",
		types: []string{"A", "B", "C"}, order: 2,
		prob: func(hist []int, y int) float64 {
			// After "B then A" a C is likely; otherwise mostly A and B.
			if hist[0] == 0 && hist[1] == 1 {
				return []float64{0.1, 0.1, 0.8}[y]
			}
			return []float64{0.45, 0.4, 0.15}[y]
		},
		pattern: "-> C as c", params: "mode: \"accurate\", confidence: 0.0",
		next: func(j, y int) int {
			if j == 1 && y == 2 {
				return 2
			}
			return j
		},
		accept: 2,
	},
}

// TestForecastAccuracy runs each Markov case through the engine and
// compares every forecast after warm-up with the exact completion
// probability of the forecast run (same state, same remaining window, same
// chain context), and with the run's actual outcome.
func TestForecastAccuracy(t *testing.T) {
	const (
		n      = 40_000
		skip   = 3_000 // warm-up excluded from the figures
		within = 8     // seconds; one event per second
	)
	for ci := range markovCases {
		c := &markovCases[ci]
		t.Run(c.name, func(t *testing.T) {
			syms := c.generate(uint64(ci)+1, n)
			var out []string
			e := compile(t, c.program(within), &out)
			for i, s := range syms {
				if err := e.Push(ev(c.types[s], int64(i)*1000, "seq", i)); err != nil {
					t.Fatal(err)
				}
			}
			if err := e.Close(); err != nil {
				t.Fatal(err)
			}
			k := len(c.types)
			nctx := 1
			for range c.order {
				nctx *= k
			}
			q := c.truth(within)
			var (
				cnt, tp, fp, fn                     int
				absErr, maxErr                      float64
				timeN                               int
				timeErr, timeErr2, timeAbs, covered float64
				bins                                [10]struct{ n, y, p float64 }
				calibrated                          int
			)
			for _, line := range out {
				var o struct {
					Fields struct {
						P, T, Lo, Hi float64
						St           string
						A0, Seq      int
					}
				}
				if err := json.Unmarshal([]byte(line), &o); err != nil {
					t.Fatal(err)
				}
				f := o.Fields
				if f.Seq < skip {
					continue
				}
				var j, steps int
				if _, err := fmt.Sscanf(f.St, "state_%d_of_%d", &j, &steps); err != nil {
					t.Fatalf("forecast_state %q: %v", f.St, err)
				}
				h := within - (f.Seq - f.A0)
				if h < 0 || j < 1 || j > c.accept {
					t.Fatalf("forecast at %d: run state %d from %d", f.Seq, j, f.A0)
				}
				ctx := 0
				for d := c.order - 1; d >= 0; d-- {
					ctx = ctx*k + syms[f.Seq-d]
				}
				want := q[h][j][ctx]
				d := math.Abs(f.P - want)
				absErr += d
				maxErr = max(maxErr, d)
				cnt++
				// Actual outcome of the run.
				y, st := false, j
				at := 0
				for x := 1; x <= h && f.Seq+x < n && st >= 0 && st != c.accept; x++ {
					st = c.next(st, syms[f.Seq+x])
					at = x
				}
				y = st == c.accept
				switch {
				case f.P >= 0.5 && y:
					tp++
				case f.P >= 0.5:
					fp++
				case y:
					fn++
				}
				b := min(int(f.P*10), 9)
				bins[b].n++
				bins[b].p += f.P
				if y {
					bins[b].y++
				}
				if y && j < c.accept {
					diff := f.T/1e9 - float64(at)
					timeErr += diff
					timeErr2 += diff * diff
					timeAbs += math.Abs(diff)
					timeN++
				}
				if strings.Contains(c.params, "conformal") || !strings.Contains(c.params, "fast") {
					calibrated++
					// The interval covers the outcome (0 or 1).
					if (y && f.Hi >= 1-1e-9) || (!y && f.Lo <= 1e-9) {
						covered++
					}
				}
			}
			if cnt < n/4 {
				t.Fatalf("only %d forecasts after warm-up", cnt)
			}
			mae := absErr / float64(cnt)
			ece := 0.0
			for _, b := range bins {
				if b.n > 0 {
					ece += b.n / float64(cnt) * math.Abs(b.p/b.n-b.y/b.n)
				}
			}
			prec := float64(tp) / float64(max(tp+fp, 1))
			rec := float64(tp) / float64(max(tp+fn, 1))
			mean := timeErr / float64(max(timeN, 1))
			sd := math.Sqrt(max(timeErr2/float64(max(timeN, 1))-mean*mean, 0))
			t.Logf("%d forecasts: |p - p_true| mean %.4f max %.4f; binned calibration error vs outcomes %.4f; "+
				"precision %.3f recall %.3f at 0.5; time error (s) mean %+.3f, MAE %.3f, sd %.3f over %d completions; "+
				"conformal coverage %.3f over %d",
				cnt, mae, maxErr, ece, prec, rec, mean, timeAbs/float64(max(timeN, 1)), sd, timeN,
				covered/float64(max(calibrated, 1)), calibrated)
			if mae > 0.05 {
				t.Errorf("mean absolute calibration error %.4f > 0.05", mae)
			}
			if ece > 0.05 {
				t.Errorf("binned calibration error against outcomes %.4f > 0.05", ece)
			}
			if math.Abs(mean) > 0.3 {
				t.Errorf("time estimate biased by %.3f s", mean)
			}
			if calibrated > 0 && covered/float64(calibrated) < 0.85 {
				t.Errorf("conformal interval covers %.3f of the outcomes, want about 0.9", covered/float64(calibrated))
			}
		})
	}
}

// TestForecastOutput checks the forecast event: its fields in order, the
// triggering event's fields after them, the time, the run's bindings, and
// that it replaces the match of the same event while other matches flow.
func TestForecastOutput(t *testing.T) {
	src := `stream F = A as a -> B as b
    .within(10s)
    .forecast(confidence: 0.9, warmup: 10, hawkes: false, conformal: false)
    .emit(stream: stream, forecast_probability: forecast_probability, forecast_confidence: forecast_confidence,
          forecast_time: forecast_time, forecast_state: forecast_state, forecast_context_depth: forecast_context_depth,
          active_runs: active_runs, forecast_lower: forecast_lower, forecast_upper: forecast_upper, seq: seq, a_seq: a.seq)`
	var out []string
	e := compile(t, src, &out)
	// A B A B ...: after warm-up every A is followed by B.
	for i := range 40 {
		typ := "A"
		if i%2 == 1 {
			typ = "B"
		}
		if err := e.Push(ev(typ, int64(i)*1000, "seq", i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	forecasts, matches := 0, 0
	for _, line := range out {
		if !strings.Contains(line, `"forecast_probability":null`) {
			forecasts++
			if forecasts == 1 {
				wantPrefix := `{"stream":"F","time":"1970-01-01T00:00:10Z","fields":{"stream":"F","forecast_probability":`
				if !strings.HasPrefix(line, wantPrefix) {
					t.Errorf("forecast line %s", line)
				}
				for _, f := range []string{"stream", "forecast_probability", "forecast_confidence", "forecast_time",
					"forecast_state", "forecast_context_depth", "active_runs", "forecast_lower", "forecast_upper", "seq"} {
					if !strings.Contains(line, `"`+f+`":`) || strings.Contains(line, `"`+f+`":null`) {
						t.Errorf("forecast lacks %s: %s", f, line)
					}
				}
				if !strings.Contains(line, `"forecast_state":"state_1_of_2"`) || !strings.Contains(line, `"seq":10,"a_seq":10`) || !strings.Contains(line, `"forecast_lower":0.0,"forecast_upper":1.0`) {
					t.Errorf("forecast line %s", line)
				}
			}
			continue
		}
		matches++
	}
	// Events 0..9 warm the model (no forecast); from then on every A
	// yields a forecast (its run needs one B), and every B completes a
	// match with no run left, so it flows on.
	if forecasts != 15 || matches != 20 {
		t.Errorf("%d forecasts, %d matches; want 15, 20\n%s", forecasts, matches, strings.Join(out, "\n"))
	}
}

// TestForecastReplacesMatch: an event that completes one run and leaves
// another active yields only the forecast.
func TestForecastReplacesMatch(t *testing.T) {
	src := `stream F = A as a -> B as b
    .strategy(any)
    .within(10s)
    .forecast(confidence: 0.0, warmup: 4, hawkes: false)
    .emit(kind: if coalesce(forecast_probability, -1.0) < 0.0 then "match" else "forecast", id: a.id)`
	var out []string
	e := compile(t, src, &out)
	for i, typ := range []string{"A", "B", "A", "B", "A", "A", "B"} {
		if err := e.Push(ev(typ, int64(i)*1000, "id", i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(out, "\n")
	// Warm from the 4th event (B, index 3). Under `any` a run stays active
	// after it branches, so from then on every event forecasts, and the
	// forecasts of events 3 and 6 (both B) replace the matches they
	// complete; only the match of event 1 flows on.
	if strings.Count(got, `"kind":"forecast"`) != 4 || strings.Count(got, `"kind":"match"`) != 1 {
		t.Errorf("output:\n%s", got)
	}
}

// TestForecastParams checks parameter validation.
func TestForecastParams(t *testing.T) {
	cases := []struct{ params, err string }{
		{`confidence: 1.5`, "confidence"},
		{`confidence: "high"`, "confidence"},
		{`horizon: 5`, "horizon"},
		{`warmup: 0`, "warmup"},
		{`max_depth: 17`, "max_depth"},
		{`max_depth: 2.5`, "max_depth"},
		{`hawkes: 1`, "hawkes"},
		{`conformal: "yes"`, "conformal"},
		{`mode: "quick"`, "mode"},
		{`speed: 3`, "unknown forecast parameter"},
		{`0.5`, "named"},
		{``, ""},
		{`mode: "accurate", confidence: 1, horizon: 2m, warmup: 5, max_depth: 16, hawkes: false, conformal: true`, ""},
	}
	for _, c := range cases {
		t.Run(c.params, func(t *testing.T) {
			src := "stream F = A as a -> B as b .forecast(" + c.params + ")"
			fset := token.NewFileSet()
			f, diags := parser.ParseFile(fset, "t.vpl", []byte(src), 0)
			if diags.HasErrors() {
				t.Fatal(diags.Err(fset))
			}
			_, err := New(f, fset, Options{})
			switch {
			case c.err == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
				t.Errorf("error %v, want one mentioning %q", err, c.err)
			}
		})
	}
	// Not a pattern stream: still rejected.
	src := "stream F = A .where(x > 1) .forecast(confidence: 0.5)"
	fset := token.NewFileSet()
	f, _ := parser.ParseFile(fset, "t.vpl", []byte(src), 0)
	if _, err := New(f, fset, Options{}); err == nil || !strings.Contains(err.Error(), "sequence") {
		t.Errorf("error %v, want one mentioning a sequence", err)
	}
}

// BenchmarkForecastStream measures a 3-step pattern stream over a Markov
// stream with and without .forecast: with confidence 1 a forecast is
// computed on every event but never emitted; with 0.5 most are emitted.
func BenchmarkForecastStream(b *testing.B) {
	c := &markovCases[0]
	syms := c.generate(1, 1<<16)
	evs := make([]*event.Event, len(syms))
	for i, s := range syms {
		evs[i] = &event.Event{Type: c.types[s], Time: int64(i) * 1e6, Fields: []event.Field{{Name: "seq", Value: value.Int(int64(i))}}}
	}
	for _, fc := range []string{"", ".forecast(confidence: 1.0)", `.forecast(mode: "fast", confidence: 1.0)`, ".forecast(confidence: 0.5)"} {
		name := "off"
		if fc != "" {
			name = "on"
			if strings.Contains(fc, "fast") {
				name = "on-fast"
			}
			if strings.Contains(fc, "0.5") {
				name = "on-emitting"
			}
		}
		b.Run(name, func(b *testing.B) {
			src := "stream F = A as a -> B as b -> C as c .within(20ms) " + fc + " .emit(x: a.seq)"
			e := benchEngine(b, src, func(string, *event.Event) {})
			off := int64(0)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				x := evs[i&(len(evs)-1)]
				if i > 0 && i&(len(evs)-1) == 0 {
					off += int64(len(evs)) * 1e6
				}
				x.Time = int64(i&(len(evs)-1))*1e6 + off
				if err := e.Push(x); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ev/s")
		})
	}
}

// TestForecastShapes runs forecasting on other pattern shapes: an absence
// pattern, a partitioned pattern, a named pattern with OR, and .forecast
// after another operation (which sees only matches).
func TestForecastShapes(t *testing.T) {
	cases := []struct {
		name, src string
		evs       []string
		want      []string // substrings of the output, in order
		wantN     int
	}{
		{"absence",
			`stream F = A as a .not(B) .within(3s) .forecast(confidence: 0.0, warmup: 3, hawkes: false)
                .emit(p: forecast_probability, st: forecast_state)`,
			[]string{"A", "C", "A", "C", "A", "C"},
			// B never comes and C is not a pattern type: the model sees A
			// A A and is warm at the third (4 s); the absence matches at
			// 3 s, 5 s and 7 s (end of input) flow around the forecast.
			[]string{`"st":"state_1_of_1"`}, 4},
		{"partitioned",
			`stream F = A as a -> B as b .partition_by(k) .within(5s) .forecast(confidence: 0.0, warmup: 2, conformal: false)
                .emit(st: forecast_state, runs: active_runs)`,
			[]string{"A", "A", "B", "A", "B", "B"},
			// Warm at B2 (3 events ≥ max_depth 3): forecasts at B2 (it
			// replaces the match A0 B2), A3 and B4; B5 completes the last
			// two runs, whose matches flow.
			[]string{`"st":"state_1_of_2","runs":1`, `"st":"state_1_of_2","runs":2`}, 5},
		{"or pattern",
			`pattern P = SEQ(A as a, B as b) OR SEQ(C as c, B as d)
stream F = P .within(5s) .forecast(confidence: 0.0, warmup: 2) .emit(st: forecast_state)`,
			[]string{"A", "C", "B", "A", "B", "C"},
			[]string{`"st":"state_1_of_2"`}, 5},
		{"where before forecast",
			`stream F = A as a -> B as b .within(5s) .where(a.k > 100) .forecast(confidence: 0.0, warmup: 2, hawkes: false)
                .emit(st: forecast_state)`,
			[]string{"A", "B", "A", "B", "A", "B"},
			// The where drops every match; the forecasts at A2 and A4 pass.
			[]string{`"st":"state_1_of_2"`}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out []string
			e := compile(t, c.src, &out)
			for i, typ := range c.evs {
				if err := e.Push(ev(typ, int64(i)*1000, "k", i%2)); err != nil {
					t.Fatal(err)
				}
			}
			if err := e.Close(); err != nil {
				t.Fatal(err)
			}
			got := strings.Join(out, "\n")
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %s:\n%s", w, got)
				}
			}
			if len(out) != c.wantN {
				t.Errorf("%d outputs, want %d:\n%s", len(out), c.wantN, got)
			}
		})
	}
}
