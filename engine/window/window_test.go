package window

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestPanesGeometry(t *testing.T) {
	tests := []struct {
		size, slide, width int64
		ps                 int64
		firstEnd, lastEnd  int64
	}{
		{10, 10, 10, 0, 10, 10},
		{10, 10, 10, -10, 0, 0},
		{10, 5, 5, 5, 10, 15},
		{10, 4, 2, 6, 10, 14},
		{6, 4, 2, 2, 6, 6}, // windows [0,6), [4,10): pane [2,4) only in the first
		{6, 4, 2, 4, 6, 10},
	}
	for _, tc := range tests {
		g := NewPanes(tc.size, tc.slide)
		if g.Width != tc.width {
			t.Errorf("%+v: width %d", tc, g.Width)
		}
		if got := g.FirstEnd(tc.ps); got != tc.firstEnd {
			t.Errorf("%+v: FirstEnd = %d", tc, got)
		}
		if got := g.LastEnd(tc.ps); got != tc.lastEnd {
			t.Errorf("%+v: LastEnd = %d", tc, got)
		}
	}
	if g := NewPanes(10, 10); g.PaneStart(-1) != -10 || g.PaneStart(9) != 0 {
		t.Error("PaneStart must floor")
	}
}

// TestPanesCovers checks which times some window [k·slide, k·slide+size)
// holds.
func TestPanesCovers(t *testing.T) {
	tests := []struct {
		size, slide int64
		in, out     []int64
	}{
		{10, 10, []int64{-1, 0, 9, 10}, nil},
		{10, 3, []int64{-7, 0, 5, 100}, nil},
		{2, 5, []int64{0, 1, 5, 6, -5, -4}, []int64{2, 4, 7, -1, -3}}, // [0,2), [5,7), [-5,-3)
		{4, 6, []int64{0, 3, 6, 9, -6}, []int64{4, 5, 10, -1, -2}},
	}
	for _, tc := range tests {
		g := NewPanes(tc.size, tc.slide)
		for _, x := range tc.in {
			if !g.Covers(x) {
				t.Errorf("size %d slide %d: %d must be covered", tc.size, tc.slide, x)
			}
		}
		for _, x := range tc.out {
			if g.Covers(x) {
				t.Errorf("size %d slide %d: %d is in a gap", tc.size, tc.slide, x)
			}
		}
	}
}

// TestTimeAgainstNaive feeds random, slightly out-of-order times into a Time
// state and checks each fired window against the set of accepted times
// inside [end-size, end), recomputed from scratch.
func TestTimeAgainstNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 9))
	for iter := 0; iter < 200; iter++ {
		size := int64(1 + r.IntN(12))
		slide := int64(1 + r.IntN(int(2*size))) // slide > size: windows with gaps
		tol := int64(r.IntN(5))
		g := NewPanes(size, slide)
		w := NewTime[[]int64](g)
		var accepted []int64
		var maxSeen int64 = -1 << 62
		fire := func(wm int64) {
			for {
				end, ok := w.NextEnd()
				if !ok || end > wm {
					return
				}
				var got []int64
				w.Fire(end, func(p *Pane[[]int64]) { got = append(got, p.Data...) }, nil)
				var want []int64
				for _, x := range accepted {
					if x >= end-size && x < end {
						want = append(want, x)
					}
				}
				slices.Sort(got)
				slices.Sort(want)
				if len(want) == 0 || !slices.Equal(got, want) {
					t.Fatalf("size %d slide %d: window ending %d: got %v, want %v", size, slide, end, got, want)
				}
				// Drop what no later window needs from the naive list too.
				accepted = slices.DeleteFunc(accepted, func(x int64) bool { return x < end-size+slide })
			}
		}
		base := int64(0)
		for i := 0; i < 60; i++ {
			base += int64(r.IntN(4))
			ts := base - int64(r.IntN(int(tol)+1))
			if ts < maxSeen-tol {
				continue // late for the watermark: the engine never adds it
			}
			maxSeen = max(maxSeen, ts)
			if !g.Covers(ts) {
				continue // in a gap between windows: the engine drops it
			}
			d, ok := w.Pane(ts, func() []int64 { return nil })
			if !ok {
				t.Fatalf("event %d not late for the watermark but refused", ts)
			}
			*d = append(*d, ts)
			accepted = append(accepted, ts)
			fire(maxSeen - tol)
		}
		fire(1 << 62)
		if !w.Empty() {
			t.Fatal("panes left after the final fire")
		}
	}
}

func TestSessions(t *testing.T) {
	s := Sessions[[]int64]{Gap: 5}
	add := func(ts int64) {
		d := s.Add(ts, func() []int64 { return nil }, func(into *[]int64, from []int64) { *into = append(*into, from...) })
		*d = append(*d, ts)
	}
	add(0)
	add(5)  // exactly gap after: same session
	add(20) // new session
	add(12) // bridges? 12-5=7 > 5 from 5... no: 12 is 7 after 5 and 8 before 20: new session
	if len(s.list) != 3 {
		t.Fatalf("sessions = %+v", s.list)
	}
	add(16) // within 5 of 12 and of 20: bridges them
	if len(s.list) != 2 {
		t.Fatalf("after bridge: %+v", s.list)
	}
	if c, _ := s.NextClose(); c != 10 {
		t.Fatalf("NextClose = %d, want 10", c)
	}
	var closed [][]int64
	s.CloseBefore(10, func(x *SessionData[[]int64]) { closed = append(closed, x.Data) })
	if len(closed) != 0 {
		t.Fatal("a session closes only once the watermark is past last+gap")
	}
	s.CloseBefore(11, func(x *SessionData[[]int64]) { closed = append(closed, x.Data) })
	if len(closed) != 1 || !slices.Equal(closed[0], []int64{0, 5}) {
		t.Fatalf("closed = %v", closed)
	}
	s.CloseBefore(1<<62, func(x *SessionData[[]int64]) {
		d := slices.Clone(x.Data)
		slices.Sort(d)
		closed = append(closed, d)
		if x.Start != 12 || x.Last != 20 {
			t.Errorf("bridged session bounds %d..%d", x.Start, x.Last)
		}
	})
	if len(closed) != 2 || !slices.Equal(closed[1], []int64{12, 16, 20}) || !s.Empty() {
		t.Fatalf("closed = %v", closed)
	}
}

func TestRing(t *testing.T) {
	tests := []struct {
		size, slide int
		n           int
		fires       []int // 1-based item counts at which a window is due
	}{
		{5, 1, 5, []int{5}},
		{3, 1, 4, []int{3, 4}},
		{3, 3, 6, []int{3, 6}},
		{3, 2, 8, []int{3, 5, 7}},
	}
	for _, tc := range tests {
		r := NewRing[int](tc.size, tc.slide)
		var fires []int
		for i := 1; i <= tc.n; i++ {
			if r.Push(i) {
				fires = append(fires, i)
				if r.Len() != tc.size || r.At(0) != i-tc.size+1 || r.At(tc.size-1) != i {
					t.Errorf("%+v: window at %d holds %d..%d", tc, i, r.At(0), r.At(r.Len()-1))
				}
			}
		}
		if !slices.Equal(fires, tc.fires) {
			t.Errorf("%+v: fires at %v", tc, fires)
		}
	}
}

func TestSpecValidate(t *testing.T) {
	bad := []Spec{
		{Kind: Tumbling}, {Kind: Sliding, Size: 5}, {Kind: Session}, {Kind: Count, Size: -1},
		{Kind: SlidingCount, Size: 3},
	}
	for _, s := range bad {
		if s.Validate() == nil {
			t.Errorf("%+v: want error", s)
		}
	}
	good := []Spec{{Kind: Tumbling, Size: 1}, {Kind: Sliding, Size: 10, Slide: 3}, {Kind: Sliding, Size: 5, Slide: 10}, {Kind: SlidingCount, Size: 2, Slide: 3}, {Kind: Session, Gap: 1}, {Kind: SlidingCount, Size: 3, Slide: 3}}
	for _, s := range good {
		if err := s.Validate(); err != nil {
			t.Errorf("%+v: %v", s, err)
		}
	}
}
