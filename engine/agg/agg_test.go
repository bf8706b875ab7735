package agg

import (
	"math"
	"testing"

	"github.com/varpulis/varpulis-go/engine/value"
)

func vals(xs ...any) []value.Value {
	out := make([]value.Value, len(xs))
	for i, x := range xs {
		switch x := x.(type) {
		case nil:
			out[i] = value.Null()
		case int:
			out[i] = value.Int(int64(x))
		case float64:
			out[i] = value.Float(x)
		case string:
			out[i] = value.String(x)
		case bool:
			out[i] = value.Bool(x)
		default:
			panic("unsupported test value")
		}
	}
	return out
}

func sameValue(a, b value.Value) bool {
	if a.Kind() == value.KindFloat && b.Kind() == value.KindFloat {
		x, y := a.AsFloat(), b.AsFloat()
		if x == y {
			return true
		}
		return math.Abs(x-y) <= 1e-9*math.Max(1, math.Abs(y))
	}
	return a.Kind() == b.Kind() && value.Equal(a, b)
}

func TestAggregates(t *testing.T) {
	tests := []struct {
		name   string
		fn     string
		nargs  int
		params []float64
		in     []value.Value
		want   value.Value
	}{
		{"count all counts nulls", "count", 0, nil, vals(1, nil, "x"), value.Int(3)},
		{"count expr skips nulls", "count", 1, nil, vals(1, nil, "x"), value.Int(2)},
		{"sum ints stays int", "sum", 1, nil, vals(1, 2, 3), value.Int(6)},
		{"sum mixed is float", "sum", 1, nil, vals(1, 2.5), value.Float(3.5)},
		{"sum empty is 0", "sum", 1, nil, vals(), value.Int(0)},
		{"sum skips null and strings", "sum", 1, nil, vals(10.0, nil, "a", 30.0), value.Float(40)},
		{"sum int overflow goes float", "sum", 1, nil, []value.Value{value.Int(math.MaxInt64), value.Int(1)}, value.Float(float64(math.MaxInt64) + 1)},
		{"avg", "avg", 1, nil, vals(10.0, nil, 30.0), value.Float(20)},
		{"avg of ints is float", "avg", 1, nil, vals(1, 2), value.Float(1.5)},
		{"avg empty is null", "avg", 1, nil, vals(nil), value.Null()},
		{"min floats", "min", 1, nil, vals(50.0, 20.0, 80.0, 30.0), value.Float(20)},
		{"max ints keeps int", "max", 1, nil, vals(5, 9, 2), value.Int(9)},
		{"max mixed numbers", "max", 1, nil, vals(5, 9.5, 2), value.Float(9.5)},
		{"min strings", "min", 1, nil, vals("pear", "apple", "zoo"), value.String("apple")},
		{"min empty is null", "min", 1, nil, vals(), value.Null()},
		{"first", "first", 1, nil, vals("Alice", "Bob"), value.String("Alice")},
		{"last", "last", 1, nil, vals("Alice", "Bob"), value.String("Bob")},
		{"first is the first event's value even when null", "first", 1, nil, vals(nil, 10.0), value.Null()},
		{"last is the last event's value even when null", "last", 1, nil, vals(10.0, nil), value.Null()},
		{"first of one null value", "first", 1, nil, vals(nil), value.Null()},
		{"stddev sample", "stddev", 1, nil, vals(10.0, 20.0), value.Float(math.Sqrt(50))},
		{"stddev skips null", "stddev", 1, nil, vals(10.0, nil, 30.0), value.Float(math.Sqrt(200))},
		{"stddev one value is null", "stddev", 1, nil, vals(10.0), value.Null()},
		{"variance", "variance", 1, nil, vals(1, 2, 3, 4), value.Float(5.0 / 3)},
		{"median odd", "median", 1, nil, vals(3, 1, 2), value.Float(2)},
		{"median even", "median", 1, nil, vals(4, 1, 3, 2), value.Float(2.5)},
		{"percentile 90", "percentile", 1, []float64{90}, vals(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), value.Float(10)},
		{"percentile 0 and interpolation", "percentile", 1, []float64{25}, vals(10, 20), value.Float(12.5)},
		{"count_distinct", "count_distinct", 1, nil, vals("east", "west", "east", "south", "west"), value.Int(3)},
		{"count_distinct int equals float", "count_distinct", 1, nil, vals(1, 1.0, 2), value.Int(2)},
		{"collect", "collect", 1, nil, vals(1, nil, "a"), value.Array(vals(1, "a"))},
		{"ema period 3", "ema", 1, []float64{3}, vals(100.0, 110.0, 120.0, 130.0, 140.0), value.Float(130.625)},
		{"ema factor", "ema", 1, []float64{0.5}, vals(100.0, 110.0, 120.0, 130.0, 140.0), value.Float(130.625)},
		{"ema period 0 counts as 1", "ema", 1, []float64{0}, vals(10.0, 20.0, 30.0), value.Float(30)},
		{"ema skips missing values", "ema", 1, []float64{3}, vals(100.0, nil, 200.0), value.Float(150)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, running := range []bool{false, true} {
				s, err := NewSpec(tc.fn, tc.nargs, tc.params, Options{Running: running})
				if err != nil {
					t.Fatal(err)
				}
				a := s.New()
				for i, v := range tc.in {
					a.Add(v, Ord{Seq: uint64(i)})
				}
				if got := a.Result(); !sameValue(got, tc.want) {
					t.Errorf("running=%v: got %v (%s), want %v (%s)", running, got, got.Kind(), tc.want, tc.want.Kind())
				}
				// Result does not change the state.
				if got := a.Result(); !sameValue(got, tc.want) {
					t.Errorf("second Result: got %v, want %v", got, tc.want)
				}
				a.Reset()
				for i, v := range tc.in {
					a.Add(v, Ord{Seq: uint64(i)})
				}
				if got := a.Result(); !sameValue(got, tc.want) {
					t.Errorf("after Reset: got %v, want %v", got, tc.want)
				}
			}
		})
	}
}

// TestMergeEqualsSequential splits every input in two at each position,
// merges the halves and compares with adding everything to one accumulator.
// Values carry Ords, so order-sensitive functions must agree too, also when
// the halves are merged in reverse order.
func TestMergeEqualsSequential(t *testing.T) {
	in := vals(5.0, 1, nil, 7.5, 3, 3, 10, 2.25)
	calls := []struct {
		fn     string
		nargs  int
		params []float64
	}{
		{"count", 0, nil}, {"count", 1, nil}, {"sum", 1, nil}, {"avg", 1, nil},
		{"min", 1, nil}, {"max", 1, nil}, {"first", 1, nil}, {"last", 1, nil},
		{"stddev", 1, nil}, {"variance", 1, nil}, {"median", 1, nil},
		{"percentile", 1, []float64{75}}, {"count_distinct", 1, nil},
		{"collect", 1, nil}, {"ema", 1, []float64{4}},
	}
	for _, c := range calls {
		s, err := NewSpec(c.fn, c.nargs, c.params, Options{})
		if err != nil {
			t.Fatal(err)
		}
		whole := s.New()
		for i, v := range in {
			whole.Add(v, Ord{Time: int64(i)})
		}
		want := whole.Result()
		for cut := 0; cut <= len(in); cut++ {
			a, b := s.New(), s.New()
			for i, v := range in {
				if i < cut {
					a.Add(v, Ord{Time: int64(i)})
				} else {
					b.Add(v, Ord{Time: int64(i)})
				}
			}
			b.Merge(a) // later half first: order must come from Ord
			if got := b.Result(); !sameValueDeep(got, want) {
				t.Errorf("%s cut %d: merged %v, sequential %v", c.fn, cut, got, want)
			}
		}
	}
}

func sameValueDeep(a, b value.Value) bool {
	if a.Kind() == value.KindArray && b.Kind() == value.KindArray {
		xs, ys := a.AsArray(), b.AsArray()
		if len(xs) != len(ys) {
			return false
		}
		for i := range xs {
			if !sameValue(xs[i], ys[i]) {
				return false
			}
		}
		return true
	}
	return sameValue(a, b)
}

func TestOutOfOrderFollowsOrd(t *testing.T) {
	s, _ := NewSpec("first", 1, nil, Options{})
	a := s.New()
	a.Add(value.Int(2), Ord{Time: 20})
	a.Add(value.Int(1), Ord{Time: 10})
	if got := a.Result(); !value.Equal(got, value.Int(1)) {
		t.Fatalf("first = %v, want 1 (earliest event time)", got)
	}
	s, _ = NewSpec("collect", 1, nil, Options{})
	c := s.New()
	c.Add(value.Int(3), Ord{Time: 30})
	c.Add(value.Int(1), Ord{Time: 10})
	c.Add(value.Int(2), Ord{Time: 10, Seq: 1})
	if got := c.Result(); !sameValueDeep(got, value.Array(vals(1, 2, 3))) {
		t.Fatalf("collect = %v", got)
	}
}

func TestSpecErrors(t *testing.T) {
	tests := []struct {
		fn     string
		nargs  int
		params []float64
	}{
		{"bogus", 1, nil},
		{"sum", 0, nil},
		{"sum", 2, nil},
		{"ema", 1, nil},
		{"ema", 1, []float64{-1}},
		{"ema", 1, []float64{2.5}},
		{"percentile", 1, []float64{101}},
		{"percentile", 1, []float64{math.NaN()}},
	}
	for _, tc := range tests {
		if _, err := NewSpec(tc.fn, tc.nargs, tc.params, Options{}); err == nil {
			t.Errorf("NewSpec(%s, %d, %v): want error", tc.fn, tc.nargs, tc.params)
		}
	}
}

func TestLookup(t *testing.T) {
	for _, f := range Funcs() {
		g, ok := Lookup(f.Name)
		if !ok || g.Name != f.Name {
			t.Errorf("Lookup(%q) failed", f.Name)
		}
	}
	if IsAggregate("nope") || !IsAggregate("count_distinct") {
		t.Error("IsAggregate wrong")
	}
}

func BenchmarkSumAdd(b *testing.B) {
	s, _ := NewSpec("sum", 1, nil, Options{})
	a := s.New()
	v := value.Float(1.5)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		a.Add(v, Ord{})
	}
}
