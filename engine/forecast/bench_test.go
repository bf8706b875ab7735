package forecast

import (
	"math/rand/v2"
	"testing"
)

// benchModel builds a warm model over k symbols for a pattern of n steps
// (symbol i advances step i) with the given depth.
func benchModel(b *testing.B, k, n, depth int) (*Model, []int) {
	b.Helper()
	a := Automaton{Next: make([]int32, (n+1)*k), Accept: make([]bool, n+1)}
	a.Accept[n] = true
	for j := 0; j <= n; j++ {
		for s := 0; s < k; s++ {
			a.Next[j*k+s] = int32(j)
			if j < n && s == j%k {
				a.Next[j*k+s] = int32(j + 1)
			}
		}
	}
	p := Preset(Balanced)
	p.MaxDepth = depth
	p.Horizon = 30e9
	md, err := New(Config{Symbols: k, Automata: []Automaton{a}, Params: p})
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	syms := make([]int, 1<<16)
	for i := range syms {
		syms[i] = r.IntN(k)
	}
	for i := range 1 << 16 {
		md.Observe(syms[i], int64(i)*1e9)
	}
	if !md.Warm() {
		b.Fatal("not warm")
	}
	return md, syms
}

var benchShapes = []struct {
	name        string
	k, n, depth int
}{
	{"k3-steps3-depth3", 3, 3, 3},
	{"k4-steps4-depth5", 4, 4, 5},
	{"k8-steps5-depth5", 8, 5, 5},
}

// BenchmarkPredict is one prediction (the run state's completion
// probability, expected time, confidence and conformal interval).
func BenchmarkPredict(b *testing.B) {
	for _, s := range benchShapes {
		b.Run(s.name, func(b *testing.B) {
			md, _ := benchModel(b, s.k, s.n, s.depth)
			key := new(int)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				md.Predict(0, 1+i%s.n, 20e9, 1<<40, key)
			}
		})
	}
}

// BenchmarkObserve is learning one event (tree update, inter-event time,
// Hawkes intensity, amortised table rebuilds).
func BenchmarkObserve(b *testing.B) {
	for _, s := range benchShapes {
		b.Run(s.name, func(b *testing.B) {
			md, syms := benchModel(b, s.k, s.n, s.depth)
			t0 := int64(1 << 16 * 1e9)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				md.Observe(syms[i&(1<<16-1)], t0+int64(i)*1e9)
			}
		})
	}
}
