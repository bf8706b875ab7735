package timekeeper

import (
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSaturation(t *testing.T) {
	tests := []struct {
		name      string
		got, want int64
	}{
		{"add overflow", AddSat(Infinity, 5), Infinity},
		{"add underflow", AddSat(Never, -5), Never},
		{"sub from never", SubSat(Never, 10), Never},
		{"sub from infinity", SubSat(Infinity, 10), Infinity - 10},
		{"sub never", SubSat(0, Never), Infinity},
		{"plain", SubSat(100, 30), 70},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: got %d, want %d", tc.name, tc.got, tc.want)
		}
	}
}

func TestClock(t *testing.T) {
	c := NewClock()
	if c.Now() != Never || c.Watermark(5) != Never {
		t.Fatal("fresh clock must read Never")
	}
	if !c.Observe(100) || c.Observe(50) || c.Now() != 100 {
		t.Fatal("Observe must keep the maximum")
	}
	if c.Watermark(30) != 70 {
		t.Fatalf("watermark = %d", c.Watermark(30))
	}
}

func TestHeapOrder(t *testing.T) {
	var h Heap
	r := rand.New(rand.NewPCG(1, 2))
	var want []Timer
	for i := 0; i < 500; i++ {
		at := int64(r.IntN(50))
		h.Push(at, i%7, 0)
		want = append(want, Timer{At: at, Seq: uint64(i + 1), Target: i % 7})
	}
	slices.SortFunc(want, func(a, b Timer) int {
		if a.less(b) {
			return -1
		}
		return 1
	})
	if _, ok := h.PopDue(-1); ok || h.Due(-1) {
		t.Fatal("nothing is due before 0")
	}
	for i, w := range want {
		if !h.Due(w.At) || (w.At > 0 && h.Due(w.At-1)) {
			t.Fatalf("pop %d: Due disagrees with the earliest timer %d", i, w.At)
		}
		got, ok := h.PopDue(w.At)
		if !ok || got != w {
			t.Fatalf("pop %d: got %+v, want %+v", i, got, w)
		}
	}
	if h.Len() != 0 || h.Due(1<<62) {
		t.Fatal("heap not empty")
	}
}

// TestSaturationMatchesBigInt compares AddSat and SubSat with exact
// arithmetic clamped to [Never, Infinity] on values near the bounds, near
// zero and spread between.
func TestSaturationMatchesBigInt(t *testing.T) {
	vals := []int64{Never, Never + 1, Never + 2, -1 << 62, -3, -1, 0, 1, 2, 1 << 62, Infinity - 1, Infinity}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		vals = append(vals, int64(r.Uint64()))
	}
	clamp := func(x *big.Int) int64 {
		switch {
		case x.Cmp(big.NewInt(Infinity)) > 0:
			return Infinity
		case x.Cmp(big.NewInt(Never)) < 0:
			return Never
		}
		return x.Int64()
	}
	for _, a := range vals {
		for _, b := range vals {
			sum := clamp(new(big.Int).Add(big.NewInt(a), big.NewInt(b)))
			diff := clamp(new(big.Int).Sub(big.NewInt(a), big.NewInt(b)))
			if got := AddSat(a, b); got != sum {
				t.Fatalf("AddSat(%d, %d) = %d, want %d", a, b, got, sum)
			}
			if got := SubSat(a, b); got != diff {
				t.Fatalf("SubSat(%d, %d) = %d, want %d", a, b, got, diff)
			}
		}
	}
}
