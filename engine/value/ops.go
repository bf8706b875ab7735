package value

import (
	"math"
	"strings"
)

// Equal reports whether a and b are equal under VPL's == (vpl.md §2):
//   - null equals only null;
//   - numbers compare by value across int and float, exactly (1 == 1.0, but
//     the int 2^53+1 does not equal the float 2^53); NaN equals NaN, as in the
//     original engine (so == is reflexive and distinct/partition keys work);
//   - strings compare bytewise; bools, timestamps and durations by value;
//   - arrays are equal when they have the same length and equal elements;
//   - maps are equal when they have the same key set and equal values under
//     each key (insertion order does not matter);
//   - values of other different kinds are never equal (a timestamp never
//     equals an int).
func Equal(a, b Value) bool {
	if a.k != b.k {
		switch {
		case a.k == KindInt && b.k == KindFloat:
			c, ok := cmpIntFloat(int64(a.n), math.Float64frombits(b.n))
			return ok && c == 0
		case a.k == KindFloat && b.k == KindInt:
			c, ok := cmpIntFloat(int64(b.n), math.Float64frombits(a.n))
			return ok && c == 0
		}
		return false
	}
	switch a.k {
	case KindNull:
		return true
	case KindBool, KindInt, KindTimestamp, KindDuration:
		return a.n == b.n
	case KindFloat:
		x, y := math.Float64frombits(a.n), math.Float64frombits(b.n)
		return x == y || (x != x && y != y)
	case KindString:
		return a.AsString() == b.AsString()
	case KindArray:
		if a.n != b.n {
			return false
		}
		xs, ys := a.AsArray(), b.AsArray()
		for i := range xs {
			if !Equal(xs[i], ys[i]) {
				return false
			}
		}
		return true
	case KindMap:
		x, y := a.AsMap(), b.AsMap()
		if x.Len() != y.Len() {
			return false
		}
		for i := 0; i < x.Len(); i++ {
			k, xv := x.At(i)
			yv, ok := y.Get(k)
			if !ok || !Equal(xv, yv) {
				return false
			}
		}
		return true
	}
	return false
}

// Compare orders a and b for <, <=, >, >=. It returns -1, 0 or +1 and ok=true
// when the two are comparable: two numbers (int and float mix, compared
// exactly; NaN is not comparable), two strings (bytewise), two timestamps or
// two durations. Anything else (null, bools, arrays, maps, mixed kinds)
// returns ok=false, and the comparison operators then yield false.
func Compare(a, b Value) (int, bool) {
	switch a.k {
	case KindInt:
		switch b.k {
		case KindInt:
			return cmpInt(int64(a.n), int64(b.n)), true
		case KindFloat:
			return cmpIntFloat(int64(a.n), math.Float64frombits(b.n))
		}
	case KindFloat:
		x := math.Float64frombits(a.n)
		switch b.k {
		case KindFloat:
			y := math.Float64frombits(b.n)
			switch {
			case x < y:
				return -1, true
			case x > y:
				return 1, true
			case x == y:
				return 0, true
			}
			return 0, false // NaN
		case KindInt:
			c, ok := cmpIntFloat(int64(b.n), x)
			return -c, ok
		}
	case KindString:
		if b.k == KindString {
			return strings.Compare(a.AsString(), b.AsString()), true
		}
	case KindTimestamp, KindDuration:
		if b.k == a.k {
			return cmpInt(int64(a.n), int64(b.n)), true
		}
	}
	return 0, false
}

func cmpInt(x, y int64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// cmpIntFloat compares the int i with the float f exactly (no rounding of i
// to float64). ok is false when f is NaN.
func cmpIntFloat(i int64, f float64) (int, bool) {
	switch {
	case f != f:
		return 0, false
	case f >= 0x1p63:
		return -1, true
	case f < -0x1p63:
		return 1, true
	}
	t := math.Trunc(f) // in [-2^63, 2^63): converts exactly
	if c := cmpInt(i, int64(t)); c != 0 {
		return c, true
	}
	// i equals the integer part of f: the fraction decides.
	switch frac := f - t; {
	case frac > 0:
		return -1, true
	case frac < 0:
		return 1, true
	}
	return 0, true
}

// Add implements +: int+int → int (wrapping); int/float mix → float;
// string+string → concatenation; timestamp±duration and duration+duration;
// null or any other combination → null.
func Add(a, b Value) Value {
	switch a.k {
	case KindInt:
		switch b.k {
		case KindInt:
			return Int(int64(a.n) + int64(b.n))
		case KindFloat:
			return Float(a.AsFloat() + b.AsFloat())
		}
	case KindFloat:
		if b.IsNumeric() {
			return Float(a.AsFloat() + b.AsFloat())
		}
	case KindString:
		if b.k == KindString {
			return String(a.AsString() + b.AsString())
		}
	case KindTimestamp:
		if b.k == KindDuration {
			return Timestamp(int64(a.n) + int64(b.n))
		}
	case KindDuration:
		switch b.k {
		case KindDuration:
			return Duration(int64(a.n) + int64(b.n))
		case KindTimestamp:
			return Timestamp(int64(a.n) + int64(b.n))
		}
	}
	return Value{}
}

// Sub implements binary -: numbers as Add; timestamp−duration → timestamp;
// timestamp−timestamp → duration; duration−duration → duration; else null.
func Sub(a, b Value) Value {
	switch a.k {
	case KindInt:
		switch b.k {
		case KindInt:
			return Int(int64(a.n) - int64(b.n))
		case KindFloat:
			return Float(a.AsFloat() - b.AsFloat())
		}
	case KindFloat:
		if b.IsNumeric() {
			return Float(a.AsFloat() - b.AsFloat())
		}
	case KindTimestamp:
		switch b.k {
		case KindDuration:
			return Timestamp(int64(a.n) - int64(b.n))
		case KindTimestamp:
			return Duration(int64(a.n) - int64(b.n))
		}
	case KindDuration:
		if b.k == KindDuration {
			return Duration(int64(a.n) - int64(b.n))
		}
	}
	return Value{}
}

// Mul implements *: int*int → int (wrapping); int/float mix → float;
// duration*int and int*duration → duration; else null.
func Mul(a, b Value) Value {
	switch a.k {
	case KindInt:
		switch b.k {
		case KindInt:
			return Int(int64(a.n) * int64(b.n))
		case KindFloat:
			return Float(a.AsFloat() * b.AsFloat())
		case KindDuration:
			return Duration(int64(a.n) * int64(b.n))
		}
	case KindFloat:
		if b.IsNumeric() {
			return Float(a.AsFloat() * b.AsFloat())
		}
	case KindDuration:
		if b.k == KindInt {
			return Duration(int64(a.n) * int64(b.n))
		}
	}
	return Value{}
}

// Div implements /: int/int → int truncated toward zero; int/float mix →
// float; duration/int → duration; a zero divisor (int 0 or float 0.0) → null;
// else null. (math.MinInt64 / -1 wraps to math.MinInt64, as in Go.)
func Div(a, b Value) Value {
	if b.IsZeroNumber() {
		return Value{}
	}
	switch a.k {
	case KindInt:
		switch b.k {
		case KindInt:
			return Int(int64(a.n) / int64(b.n))
		case KindFloat:
			return Float(a.AsFloat() / b.AsFloat())
		}
	case KindFloat:
		if b.IsNumeric() {
			return Float(a.AsFloat() / b.AsFloat())
		}
	case KindDuration:
		if b.k == KindInt {
			return Duration(int64(a.n) / int64(b.n))
		}
	}
	return Value{}
}

// Mod implements %: int%int → int with the sign of the dividend (Go's %);
// int/float mix → float (math.Mod); a zero divisor → null; else null.
func Mod(a, b Value) Value {
	if b.IsZeroNumber() {
		return Value{}
	}
	switch a.k {
	case KindInt:
		switch b.k {
		case KindInt:
			return Int(int64(a.n) % int64(b.n))
		case KindFloat:
			return Float(math.Mod(a.AsFloat(), b.AsFloat()))
		}
	case KindFloat:
		if b.IsNumeric() {
			return Float(math.Mod(a.AsFloat(), b.AsFloat()))
		}
	}
	return Value{}
}

// Pow implements **. Two ints give an int: a non-negative exponent is exact
// integer exponentiation that wraps on overflow like *, so x**3 == x*x*x; a
// negative exponent gives the truncated result (1 for base 1, ±1 for base
// −1, 0 for |base| > 1) and null for base 0 (a division by zero). Any
// int/float mix gives a float (math.Pow). Else null.
func Pow(a, b Value) Value {
	switch {
	case a.k == KindInt && b.k == KindInt:
		base, exp := int64(a.n), int64(b.n)
		if exp < 0 {
			switch base {
			case 0:
				return Value{}
			case 1:
				return Int(1)
			case -1:
				if exp%2 == 0 {
					return Int(1)
				}
				return Int(-1)
			}
			return Int(0)
		}
		r := int64(1)
		for exp > 0 {
			if exp&1 == 1 {
				r *= base
			}
			base *= base
			exp >>= 1
		}
		return Int(r)
	case a.IsNumeric() && b.IsNumeric():
		return Float(math.Pow(a.AsFloat(), b.AsFloat()))
	}
	return Value{}
}

// Neg implements unary minus on ints (wrapping), floats and durations; null
// otherwise.
func Neg(a Value) Value {
	switch a.k {
	case KindInt:
		return Int(-int64(a.n))
	case KindFloat:
		return Float(-a.AsFloat())
	case KindDuration:
		return Duration(-int64(a.n))
	}
	return Value{}
}
