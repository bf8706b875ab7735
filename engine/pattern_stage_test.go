package engine

import "testing"

// TestPatternStats checks that the run counters of a pattern stream reach
// Engine.Stats: started, completed, expired, evicted and killed runs.
func TestPatternStats(t *testing.T) {
	cases := []struct {
		name, src string
		evs       []string // event types, one second apart
		want      PatternStats
	}{
		{"completed and expired",
			`stream S = A as a -> B as b .within(1500ms) .emit(x: 1)`,
			[]string{"A", "B", "A", "C", "C"},
			PatternStats{Stream: "S"}},
		{"evicted by max_runs",
			`stream S = A as a -> B as b .max_runs(1) .emit(x: 1)`,
			[]string{"A", "A", "A", "B"},
			PatternStats{Stream: "S"}},
		{"killed by negation",
			`stream S = A as a -> B as b .not(X) .emit(x: 1)`,
			[]string{"A", "X", "A", "B"},
			PatternStats{Stream: "S"}},
	}
	cases[0].want.Started, cases[0].want.Completed, cases[0].want.Expired = 2, 1, 1
	cases[1].want.Started, cases[1].want.Completed, cases[1].want.Evicted = 3, 1, 2
	cases[2].want.Started, cases[2].want.Completed, cases[2].want.Killed = 2, 1, 1
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out []string
			e := compile(t, c.src, &out)
			for i, typ := range c.evs {
				if err := e.Push(ev(typ, int64(i)*1000)); err != nil {
					t.Fatal(err)
				}
			}
			if err := e.Close(); err != nil {
				t.Fatal(err)
			}
			st := e.Stats()
			if len(st.Patterns) != 1 || st.Patterns[0] != c.want {
				t.Errorf("patterns %+v, want %+v", st.Patterns, c.want)
			}
		})
	}
}
