package value

import (
	"math"
	"testing"
	"time"
)

var (
	nan    = Float(math.NaN())
	posInf = Float(math.Inf(1))
	negInf = Float(math.Inf(-1))
)

func arr(vs ...Value) Value { return Array(vs) }

func mapv(kv ...any) Value {
	m := NewMap(len(kv) / 2)
	for i := 0; i < len(kv); i += 2 {
		m.Set(kv[i].(string), kv[i+1].(Value))
	}
	return MapOf(m)
}

// same reports whether two results are identical in kind and payload
// (stricter than Equal: Int(1) and Float(1) differ, NaN matches NaN).
func same(a, b Value) bool {
	if a.Kind() != b.Kind() {
		return false
	}
	if a.Kind() == KindFloat {
		x, y := a.AsFloat(), b.AsFloat()
		return math.Float64bits(x) == math.Float64bits(y) || (x != x && y != y)
	}
	return Equal(a, b)
}

func TestEqual(t *testing.T) {
	tests := []struct {
		name string
		a, b Value
		want bool
	}{
		{"null==null", Null(), Null(), true},
		{"null!=0", Null(), Int(0), false},
		{"null!=false", Null(), Bool(false), false},
		{"null!=empty string", Null(), String(""), false},
		{"int==int", Int(3), Int(3), true},
		{"int!=int", Int(3), Int(4), false},
		{"int==float", Int(1), Float(1.0), true},
		{"float==int", Float(1.0), Int(1), true},
		{"int!=float frac", Int(1), Float(1.5), false},
		{"neg zero", Int(0), Float(math.Copysign(0, -1)), true},
		{"2^53+1 exact", Int(1<<53 + 1), Float(1 << 53), false},
		{"2^53 exact", Int(1 << 53), Float(1 << 53), true},
		{"maxint vs 2^63", Int(math.MaxInt64), Float(0x1p63), false},
		{"minint vs -2^63", Int(math.MinInt64), Float(-0x1p63), true},
		{"nan==nan", nan, nan, true},
		{"nan!=int", nan, Int(0), false},
		{"inf==inf", posInf, posInf, true},
		{"float", Float(2.5), Float(2.5), true},
		{"string", String("ab"), String("a" + "b"), true},
		{"string differs", String("ab"), String("abc"), false},
		{"string vs int", String("1"), Int(1), false},
		{"bool", Bool(true), Bool(true), true},
		{"bool differs", Bool(true), Bool(false), false},
		{"bool vs int", Bool(true), Int(1), false},
		{"ts", Timestamp(5), Timestamp(5), true},
		{"ts vs int", Timestamp(5), Int(5), false},
		{"ts vs dur", Timestamp(5), Duration(5), false},
		{"dur", Duration(7), Duration(7), true},
		{"array", arr(Int(1), String("x")), arr(Float(1), String("x")), true},
		{"array len", arr(Int(1)), arr(Int(1), Int(2)), false},
		{"array elem", arr(Int(1), Int(3)), arr(Int(1), Int(2)), false},
		{"empty arrays", Array(nil), Array([]Value{}), true},
		{"nested", arr(arr(Null())), arr(arr(Null())), true},
		{"map order-insensitive", mapv("a", Int(1), "b", Int(2)), mapv("b", Float(2), "a", Int(1)), true},
		{"map value", mapv("a", Int(1)), mapv("a", Int(2)), false},
		{"map keys", mapv("a", Int(1)), mapv("b", Int(1)), false},
		{"map len", mapv("a", Int(1)), mapv("a", Int(1), "b", Null()), false},
		{"empty maps", MapOf(nil), MapOf(NewMap(0)), true},
		{"map vs array", MapOf(nil), Array(nil), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Equal(tt.a, tt.b); got != tt.want {
				t.Errorf("Equal(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
			if got := Equal(tt.b, tt.a); got != tt.want {
				t.Errorf("Equal(%v, %v) (swapped) = %v, want %v", tt.b, tt.a, got, tt.want)
			}
			if got := tt.a.Key() == tt.b.Key(); got != tt.want {
				t.Errorf("Key equality of %v and %v = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestCompare(t *testing.T) {
	tests := []struct {
		name   string
		a, b   Value
		want   int
		wantOK bool
	}{
		{"int<int", Int(1), Int(2), -1, true},
		{"int>int", Int(2), Int(1), 1, true},
		{"int=int", Int(2), Int(2), 0, true},
		{"int<float", Int(1), Float(1.5), -1, true},
		{"int>float", Int(2), Float(1.5), 1, true},
		{"int=float", Int(2), Float(2), 0, true},
		{"float<int", Float(1.5), Int(2), -1, true},
		{"float>int", Float(2.5), Int(2), 1, true},
		{"negative frac", Int(-2), Float(-1.5), -1, true},
		{"negative frac 2", Int(-1), Float(-1.5), 1, true},
		{"exact big", Int(1<<53 + 1), Float(1 << 53), 1, true},
		{"maxint<2^63", Int(math.MaxInt64), Float(0x1p63), -1, true},
		{"minint>-inf", Int(math.MinInt64), negInf, 1, true},
		{"int<inf", Int(math.MaxInt64), posInf, -1, true},
		{"float<float", Float(-1), Float(3), -1, true},
		{"nan", nan, Float(1), 0, false},
		{"nan int", Int(1), nan, 0, false},
		{"string", String("abc"), String("abd"), -1, true},
		{"string bytewise", String("Z"), String("a"), -1, true},
		{"string prefix", String("ab"), String("a"), 1, true},
		{"ts", Timestamp(1), Timestamp(2), -1, true},
		{"dur", Duration(5), Duration(2), 1, true},
		{"null", Null(), Int(1), 0, false},
		{"null null", Null(), Null(), 0, false},
		{"int string", Int(1), String("1"), 0, false},
		{"bool", Bool(false), Bool(true), 0, false},
		{"ts vs dur", Timestamp(1), Duration(1), 0, false},
		{"ts vs int", Timestamp(1), Int(1), 0, false},
		{"arrays", arr(Int(1)), arr(Int(2)), 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Compare(tt.a, tt.b)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("Compare(%v, %v) = %d, %v; want %d, %v", tt.a, tt.b, got, ok, tt.want, tt.wantOK)
			}
			if ok {
				if back, _ := Compare(tt.b, tt.a); back != -got {
					t.Errorf("Compare not antisymmetric: %d then %d", got, back)
				}
			}
		})
	}
}

func TestArithmetic(t *testing.T) {
	type op func(a, b Value) Value
	const sec = int64(time.Second)
	// 3**41 overflows int64: the expected result is the wrapped product
	// computed by repeated multiplication.
	pow3to41 := int64(1)
	for range 41 {
		pow3to41 *= 3
	}
	tests := []struct {
		name string
		f    op
		a, b Value
		want Value
	}{
		// Add
		{"int+int", Add, Int(2), Int(3), Int(5)},
		{"int+int wraps", Add, Int(math.MaxInt64), Int(1), Int(math.MinInt64)},
		{"int+float", Add, Int(2), Float(0.5), Float(2.5)},
		{"float+int", Add, Float(0.5), Int(2), Float(2.5)},
		{"float+float", Add, Float(0.25), Float(0.5), Float(0.75)},
		{"str+str", Add, String("ab"), String("cd"), String("abcd")},
		{"str+int", Add, String("a"), Int(1), Null()},
		{"int+str", Add, Int(1), String("a"), Null()},
		{"null+int", Add, Null(), Int(1), Null()},
		{"int+null", Add, Int(1), Null(), Null()},
		{"null+null", Add, Null(), Null(), Null()},
		{"bool+bool", Add, Bool(true), Bool(true), Null()},
		{"ts+dur", Add, Timestamp(10 * sec), Duration(sec), Timestamp(11 * sec)},
		{"dur+ts", Add, Duration(sec), Timestamp(10 * sec), Timestamp(11 * sec)},
		{"dur+dur", Add, Duration(sec), Duration(2 * sec), Duration(3 * sec)},
		{"ts+ts", Add, Timestamp(1), Timestamp(1), Null()},
		{"ts+int", Add, Timestamp(1), Int(1), Null()},
		{"array+array", Add, arr(Int(1)), arr(Int(2)), Null()},
		// Sub
		{"int-int", Sub, Int(2), Int(5), Int(-3)},
		{"int-float", Sub, Int(2), Float(0.5), Float(1.5)},
		{"float-int", Sub, Float(2.5), Int(2), Float(0.5)},
		{"str-str", Sub, String("a"), String("b"), Null()},
		{"null-int", Sub, Null(), Int(1), Null()},
		{"ts-dur", Sub, Timestamp(10 * sec), Duration(sec), Timestamp(9 * sec)},
		{"ts-ts", Sub, Timestamp(10 * sec), Timestamp(4 * sec), Duration(6 * sec)},
		{"dur-dur", Sub, Duration(sec), Duration(3 * sec), Duration(-2 * sec)},
		{"dur-ts", Sub, Duration(sec), Timestamp(3 * sec), Null()},
		// Mul
		{"int*int", Mul, Int(6), Int(7), Int(42)},
		{"int*float", Mul, Int(3), Float(0.5), Float(1.5)},
		{"float*float", Mul, Float(1.5), Float(2), Float(3)},
		{"dur*int", Mul, Duration(sec), Int(3), Duration(3 * sec)},
		{"int*dur", Mul, Int(3), Duration(sec), Duration(3 * sec)},
		{"dur*float", Mul, Duration(sec), Float(1.5), Null()},
		{"str*int", Mul, String("a"), Int(3), Null()},
		{"null*int", Mul, Null(), Int(3), Null()},
		// Div
		{"int/int exact", Div, Int(10), Int(2), Int(5)},
		{"int/int truncates", Div, Int(7), Int(2), Int(3)},
		{"neg int/int truncates toward zero", Div, Int(-7), Int(2), Int(-3)},
		{"int/neg int", Div, Int(7), Int(-2), Int(-3)},
		{"minint/-1 wraps", Div, Int(math.MinInt64), Int(-1), Int(math.MinInt64)},
		{"int/float", Div, Int(10), Float(4), Float(2.5)},
		{"float/int", Div, Float(10), Int(4), Float(2.5)},
		{"10/3.0", Div, Int(10), Float(3), Float(10.0 / 3.0)},
		{"int/0", Div, Int(1), Int(0), Null()},
		{"int/0.0", Div, Int(1), Float(0), Null()},
		{"float/0", Div, Float(1), Int(0), Null()},
		{"float/-0.0", Div, Float(1), Float(math.Copysign(0, -1)), Null()},
		{"0/0", Div, Int(0), Int(0), Null()},
		{"null/0", Div, Null(), Int(0), Null()},
		{"null/int", Div, Null(), Int(2), Null()},
		{"int/null", Div, Int(2), Null(), Null()},
		{"dur/int", Div, Duration(3 * sec), Int(2), Duration(3 * sec / 2)},
		{"dur/0", Div, Duration(sec), Int(0), Null()},
		{"str/int", Div, String("a"), Int(2), Null()},
		// Mod
		{"int%int", Mod, Int(7), Int(3), Int(1)},
		{"neg int%int", Mod, Int(-7), Int(3), Int(-1)},
		{"int%neg int", Mod, Int(7), Int(-3), Int(1)},
		{"minint%-1", Mod, Int(math.MinInt64), Int(-1), Int(0)},
		{"float%int", Mod, Float(7.5), Int(2), Float(1.5)},
		{"int%float", Mod, Int(7), Float(2.5), Float(2)},
		{"int%0", Mod, Int(7), Int(0), Null()},
		{"float%0.0", Mod, Float(7), Float(0), Null()},
		{"null%int", Mod, Null(), Int(2), Null()},
		{"str%int", Mod, String("x"), Int(2), Null()},
		// Pow
		{"int**int", Pow, Int(2), Int(10), Int(1024)},
		{"int**0", Pow, Int(5), Int(0), Int(1)},
		{"0**0", Pow, Int(0), Int(0), Int(1)},
		{"neg**odd", Pow, Int(-3), Int(3), Int(-27)},
		{"int**neg", Pow, Int(2), Int(-1), Int(0)},
		{"1**neg", Pow, Int(1), Int(-5), Int(1)},
		{"-1**neg odd", Pow, Int(-1), Int(-3), Int(-1)},
		{"-1**neg even", Pow, Int(-1), Int(-2), Int(1)},
		{"0**neg", Pow, Int(0), Int(-1), Null()},
		{"int**int wraps like mul", Pow, Int(3), Int(41), Int(pow3to41)},
		{"float**float", Pow, Float(2), Float(10), Float(1024)},
		{"int**float", Pow, Int(4), Float(0.5), Float(2)},
		{"float**int", Pow, Float(1.5), Int(2), Float(2.25)},
		{"null**int", Pow, Null(), Int(2), Null()},
		{"str**int", Pow, String("a"), Int(2), Null()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.f(tt.a, tt.b)
			if !same(got, tt.want) {
				t.Errorf("got %v (%s), want %v (%s)", got, got.Kind(), tt.want, tt.want.Kind())
			}
		})
	}
}

func TestNeg(t *testing.T) {
	tests := []struct {
		in, want Value
	}{
		{Int(5), Int(-5)},
		{Int(math.MinInt64), Int(math.MinInt64)},
		{Float(2.5), Float(-2.5)},
		{Duration(3), Duration(-3)},
		{Null(), Null()},
		{String("a"), Null()},
		{Bool(true), Null()},
		{Timestamp(3), Null()},
	}
	for _, tt := range tests {
		if got := Neg(tt.in); !same(got, tt.want) {
			t.Errorf("Neg(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestTruthy(t *testing.T) {
	tests := []struct {
		in   Value
		want bool
	}{
		{Bool(true), true},
		{Bool(false), false},
		{Null(), false},
		{Int(1), false},
		{String("true"), false},
		{Float(1), false},
		{arr(Bool(true)), false},
	}
	for _, tt := range tests {
		if got := Truthy(tt.in); got != tt.want {
			t.Errorf("Truthy(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestIsZeroNumber(t *testing.T) {
	for _, v := range []Value{Int(0), Float(0), Float(math.Copysign(0, -1))} {
		if !v.IsZeroNumber() {
			t.Errorf("%v: want zero", v)
		}
	}
	for _, v := range []Value{Int(1), Float(1e-300), Null(), String(""), Bool(false), Duration(0)} {
		if v.IsZeroNumber() {
			t.Errorf("%v: want not zero", v)
		}
	}
}
