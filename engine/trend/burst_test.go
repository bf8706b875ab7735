package trend

import (
	"math"
	"testing"

	"pgregory.net/rapid"
)

// TestAddBurstEqualsAdd: a random pattern gets random events, some of
// them grouped into bursts of one Kleene step; one evaluator adds every
// event with Add, the other adds the bursts with AddBurst. The results
// are equal: counts exactly (including the switch to float64 on
// overflow, forced by long bursts), sums exactly while they stay small
// integers and within rounding otherwise.
func TestAddBurstEqualsAdd(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 4).Draw(t, "steps")
		quants := make([]Quant, n)
		for i := range quants {
			quants[i] = Quant(rapid.IntRange(0, 3).Draw(t, "quant"))
		}
		k := rapid.IntRange(0, n-1).Draw(t, "kleene")
		quants[k] = rapid.SampledFrom([]Quant{Plus, Star}).Draw(t, "kq")
		var chans, field []int
		for i, nc := 0, rapid.IntRange(0, 3).Draw(t, "nchans"); i < nc; i++ {
			chans = append(chans, rapid.IntRange(0, n-1).Draw(t, "chan"))
			field = append(field, rapid.IntRange(-1, 1).Draw(t, "field"))
		}
		p, err := NewPattern(quants, chans, nil)
		if err != nil {
			t.Fatal(err)
		}
		ref, got := NewSums(p), NewSums(p)
		b := NewBurst(2)
		vals := make([]float64, len(chans))
		fv := make([]float64, 2)
		value := func(label string) float64 {
			if rapid.IntRange(0, 5).Draw(t, label+"Nan") == 0 {
				return math.NaN()
			}
			return float64(rapid.IntRange(-5, 5).Draw(t, label))
		}
		long := false
		for i, items := 0, rapid.IntRange(0, 12).Draw(t, "items"); i < items; i++ {
			if rapid.Bool().Draw(t, "isBurst") {
				m := rapid.IntRange(0, 6).Draw(t, "burstLen")
				if rapid.IntRange(0, 9).Draw(t, "long") == 0 {
					m = rapid.IntRange(55, 70).Draw(t, "longLen")
					long = true
				}
				b.Reset()
				for j := 0; j < m; j++ {
					fv[0], fv[1] = value("f0"), value("f1")
					b.Add(fv)
					for c, cs := range chans {
						vals[c] = math.NaN()
						if cs == k && field[c] >= 0 {
							vals[c] = fv[field[c]]
						}
					}
					ref.Add(1<<uint(k), vals)
				}
				got.AddBurst(k, b, field)
				continue
			}
			mask := uint64(rapid.IntRange(0, 1<<uint(n)-1).Draw(t, "mask"))
			for c := range vals {
				vals[c] = value("v")
			}
			ref.Add(mask, vals)
			got.Add(mask, vals)
		}
		w, g := ref.Result(), got.Result()
		if w.Overflow != g.Overflow || w.Trends != g.Trends || w.TrendsF != g.TrendsF {
			t.Fatalf("counts: got %d %v overflow %v, want %d %v overflow %v", g.Trends, g.TrendsF, g.Overflow, w.Trends, w.TrendsF, w.Overflow)
		}
		for c := range w.Ch {
			x, y := g.Ch[c], w.Ch[c]
			// Rounding error is relative to the sum of the terms' magnitudes
			// (at most EventsF × 5), not to the sum itself, which positive
			// and negative values may cancel to near 0.
			sumOK := x.Sum == y.Sum || (long && math.Abs(x.Sum-y.Sum) <= 1e-12*max(math.Abs(y.Sum), 5*y.EventsF))
			if x.Events != y.Events || x.EventsF != y.EventsF || !sumOK || x.Has != y.Has || x.Min != y.Min || x.Max != y.Max {
				t.Fatalf("channel %d: got %+v want %+v", c, x, y)
			}
		}
	})
}

// TestAddBurstOverflow: a burst long enough to exceed int64 is replayed:
// the result is the one of Add, flagged as overflow.
func TestAddBurstOverflow(t *testing.T) {
	for _, m := range []int{50, 62, 63, 64, 80} {
		p, err := NewPattern([]Quant{One, Plus}, []int{1}, nil)
		if err != nil {
			t.Fatal(err)
		}
		ref, got := NewSums(p), NewSums(p)
		ref.Add(1, []float64{math.NaN()})
		got.Add(1, []float64{math.NaN()})
		b := NewBurst(1)
		for i := 0; i < m; i++ {
			b.Add([]float64{float64(i % 3)})
			ref.Add(2, []float64{float64(i % 3)})
		}
		got.AddBurst(1, b, []int{0})
		w, g := ref.Result(), got.Result()
		if w.Overflow != g.Overflow || w.Trends != g.Trends || w.TrendsF != g.TrendsF ||
			w.Ch[0].Events != g.Ch[0].Events || w.Ch[0].EventsF != g.Ch[0].EventsF {
			t.Fatalf("m=%d: got %+v want %+v", m, g, w)
		}
		if wantOv := m >= 60; w.Overflow != wantOv {
			t.Fatalf("m=%d: overflow %v, want %v", m, w.Overflow, wantOv)
		}
	}
}

// TestFminFmaxMatchMath: the inlined min and max agree with math.Min and
// math.Max on every value an aggregate holds (not NaN), signed zeros and
// infinities included.
func TestFminFmaxMatchMath(t *testing.T) {
	vals := []float64{math.Inf(-1), -2.5, -1, math.Copysign(0, -1), 0, 1, 3.25, math.Inf(1)}
	for _, a := range vals {
		for _, b := range vals {
			if got, want := fmin(a, b), math.Min(a, b); got != want || math.Signbit(got) != math.Signbit(want) {
				t.Errorf("fmin(%v, %v) = %v, want %v", a, b, got, want)
			}
			if got, want := fmax(a, b), math.Max(a, b); got != want || math.Signbit(got) != math.Signbit(want) {
				t.Errorf("fmax(%v, %v) = %v, want %v", a, b, got, want)
			}
		}
	}
}
