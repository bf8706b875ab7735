package expr

import (
	"crypto/rand"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/varpulis/varpulis-go/engine/value"
)

// impl is the implementation of a builtin. Exactly one of f1, f2, fn is
// set; f1 and f2 are pure functions of their arguments.
type impl struct {
	f1 func(value.Value) value.Value
	f2 func(a, b value.Value) value.Value
	fn func(c *Ctx, args []value.Value) value.Value
	// impure builtins (now, uuid) are never constant-folded.
	impure bool
}

// Conventions: arguments keep their positions (a null argument is passed
// as null, never removed), and an argument of the wrong type makes the
// result null.
func builtinImpl(name string) (impl, bool) {
	switch name {
	case "abs":
		return impl{f1: absFn}, true
	case "sqrt":
		return impl{f1: mathFn(math.Sqrt)}, true
	case "exp":
		return impl{f1: mathFn(math.Exp)}, true
	case "log":
		return impl{f1: mathFn(math.Log)}, true
	case "log10":
		return impl{f1: mathFn(math.Log10)}, true
	case "sin":
		return impl{f1: mathFn(math.Sin)}, true
	case "cos":
		return impl{f1: mathFn(math.Cos)}, true
	case "tan":
		return impl{f1: mathFn(math.Tan)}, true
	case "floor":
		return impl{f1: roundFn(math.Floor)}, true
	case "ceil":
		return impl{f1: roundFn(math.Ceil)}, true
	case "round":
		return impl{fn: roundN}, true
	case "pow":
		return impl{fn: func(c *Ctx, a []value.Value) value.Value { return pow(c, a[0], a[1]) }}, true
	case "min":
		return impl{fn: func(_ *Ctx, a []value.Value) value.Value { return minMax(a, -1) }}, true
	case "max":
		return impl{fn: func(_ *Ctx, a []value.Value) value.Value { return minMax(a, 1) }}, true
	case "len":
		return impl{f1: lenFn}, true
	case "count":
		return impl{f1: countFn}, true
	case "first":
		return impl{f1: func(v value.Value) value.Value { return elemAt(v, 0) }}, true
	case "last":
		return impl{f1: func(v value.Value) value.Value { return elemAt(v, -1) }}, true
	case "push":
		return impl{f2: pushFn}, true
	case "pop":
		return impl{f1: popFn}, true
	case "reverse":
		return impl{f1: reverseFn}, true
	case "sort":
		return impl{f1: sortFn}, true
	case "contains":
		return impl{f2: func(c, v value.Value) value.Value {
			in, ok := contains(c, v)
			if !ok {
				return value.Value{}
			}
			return value.Bool(in)
		}}, true
	case "keys":
		return impl{f1: keysFn}, true
	case "values":
		return impl{f1: valuesFn}, true
	case "get":
		return impl{fn: getFn}, true
	case "set":
		return impl{fn: setFn}, true
	case "range":
		return impl{fn: rangeFn}, true
	case "sum":
		return impl{f1: sumFn}, true
	case "avg":
		return impl{f1: avgFn}, true
	case "variance":
		return impl{f1: varianceFn}, true
	case "flatten":
		return impl{f1: flattenFn}, true
	case "sliding_pairs":
		return impl{f1: slidingPairsFn}, true
	case "to_string":
		return impl{f1: toStringFn}, true
	case "to_int":
		return impl{f1: toIntFn}, true
	case "to_float":
		return impl{f1: toFloatFn}, true
	case "trim":
		return impl{f1: strFn(strings.TrimSpace)}, true
	case "lower", "lowercase":
		return impl{f1: strFn(strings.ToLower)}, true
	case "upper", "uppercase":
		return impl{f1: strFn(strings.ToUpper)}, true
	case "split":
		return impl{fn: splitFn}, true
	case "join":
		return impl{f2: joinFn}, true
	case "replace":
		return impl{fn: replaceFn}, true
	case "starts_with":
		return impl{f2: strPred(strings.HasPrefix)}, true
	case "ends_with":
		return impl{f2: strPred(strings.HasSuffix)}, true
	case "substring":
		return impl{fn: substringFn}, true
	case "type_of":
		return impl{f1: func(v value.Value) value.Value { return value.String(v.Kind().String()) }}, true
	case "is_null":
		return impl{f1: isKind(value.KindNull)}, true
	case "is_int":
		return impl{f1: isKind(value.KindInt)}, true
	case "is_float":
		return impl{f1: isKind(value.KindFloat)}, true
	case "is_string":
		return impl{f1: isKind(value.KindString)}, true
	case "is_bool":
		return impl{f1: isKind(value.KindBool)}, true
	case "is_array":
		return impl{f1: isKind(value.KindArray)}, true
	case "is_map":
		return impl{f1: isKind(value.KindMap)}, true
	case "now":
		return impl{fn: func(c *Ctx, _ []value.Value) value.Value { return value.Timestamp(c.now()) }, impure: true}, true
	case "uuid":
		return impl{fn: func(*Ctx, []value.Value) value.Value { return value.String(newUUID()) }, impure: true}, true
	}
	return impl{}, false
}

func absFn(v value.Value) value.Value {
	switch v.Kind() {
	case value.KindInt:
		if n := v.AsInt(); n < 0 {
			return value.Int(-n)
		}
		return v
	case value.KindFloat:
		return value.Float(math.Abs(v.AsFloat()))
	case value.KindDuration:
		if n := v.AsDuration(); n < 0 {
			return value.Duration(-n)
		}
		return v
	}
	return value.Value{}
}

func mathFn(f func(float64) float64) func(value.Value) value.Value {
	return func(v value.Value) value.Value {
		if !v.IsNumeric() {
			return value.Value{}
		}
		return value.Float(f(v.AsFloat()))
	}
}

// floatToInt converts an integral float to an int; null when it is NaN,
// infinite or out of the int64 range.
func floatToInt(f float64) value.Value {
	if f != f || f >= 0x1p63 || f < -0x1p63 {
		return value.Value{}
	}
	return value.Int(int64(f))
}

// roundFn: floor and ceil of a float are ints (vpl-original §6.2); ints
// are unchanged.
func roundFn(f func(float64) float64) func(value.Value) value.Value {
	return func(v value.Value) value.Value {
		switch v.Kind() {
		case value.KindInt:
			return v
		case value.KindFloat:
			return floatToInt(f(v.AsFloat()))
		}
		return value.Value{}
	}
}

// roundN: round(x) rounds halves away from zero and returns an int for a
// float, as the original; round(x, n) returns a float with n decimals
// (an int x is returned unchanged for n >= 0).
func roundN(_ *Ctx, a []value.Value) value.Value {
	v := a[0]
	if len(a) == 1 {
		return roundFn(math.Round)(v)
	}
	if a[1].Kind() != value.KindInt {
		return value.Value{}
	}
	n := a[1].AsInt()
	switch v.Kind() {
	case value.KindInt:
		if n >= 0 {
			return v
		}
		p := math.Pow(10, float64(-n))
		return floatToInt(math.Round(v.AsFloat()/p) * p)
	case value.KindFloat:
		if n > 308 || n < -308 {
			return v
		}
		p := math.Pow(10, float64(n))
		f := v.AsFloat()
		r := math.Round(f*p) / p
		if math.IsInf(f*p, 0) {
			return v
		}
		return value.Float(r)
	}
	return value.Value{}
}

// minMax implements min/max: over the arguments, or over the elements of
// one array argument (nulls skipped there). Numbers give an int when all
// are ints, else a float; strings, timestamps and durations compare among
// themselves. A null or incomparable argument gives null.
func minMax(a []value.Value, sign int) value.Value {
	skipNull := false
	if len(a) == 1 {
		if a[0].Kind() != value.KindArray {
			return value.Value{}
		}
		a = a[0].AsArray()
		skipNull = true
	}
	var best value.Value
	found, allInt := false, true
	for _, v := range a {
		if v.IsNull() {
			if skipNull {
				continue
			}
			return value.Value{}
		}
		if v.Kind() == value.KindFloat {
			allInt = false
		}
		if !found {
			if _, ok := value.Compare(v, v); !ok {
				return value.Value{}
			}
			best, found = v, true
			continue
		}
		r, ok := value.Compare(v, best)
		if !ok {
			return value.Value{}
		}
		if r*sign > 0 {
			best = v
		}
	}
	if found && !allInt && best.Kind() == value.KindInt {
		return value.Float(best.AsFloat())
	}
	return best
}

func lenFn(v value.Value) value.Value {
	switch v.Kind() {
	case value.KindString, value.KindArray, value.KindMap:
		return value.Int(int64(v.Len()))
	}
	return value.Value{}
}

// countFn: length of an array or map, 0 for null, 1 for any other value.
func countFn(v value.Value) value.Value {
	switch v.Kind() {
	case value.KindArray, value.KindMap:
		return value.Int(int64(v.Len()))
	case value.KindNull:
		return value.Int(0)
	}
	return value.Int(1)
}

func elemAt(v value.Value, i int64) value.Value {
	if v.Kind() != value.KindArray {
		return value.Value{}
	}
	return indexValue(v, value.Int(i))
}

func pushFn(a, v value.Value) value.Value {
	if a.Kind() != value.KindArray {
		return value.Value{}
	}
	xs := a.AsArray()
	out := make([]value.Value, len(xs)+1)
	copy(out, xs)
	out[len(xs)] = v
	return value.Array(out)
}

func popFn(a value.Value) value.Value {
	if a.Kind() != value.KindArray || a.Len() == 0 {
		return value.Value{}
	}
	xs := a.AsArray()
	return value.Array(xs[: len(xs)-1 : len(xs)-1])
}

func reverseFn(v value.Value) value.Value {
	switch v.Kind() {
	case value.KindArray:
		out := slices.Clone(v.AsArray())
		slices.Reverse(out)
		return value.Array(out)
	case value.KindString:
		rs := []rune(v.AsString())
		slices.Reverse(rs)
		return value.String(string(rs))
	}
	return value.Value{}
}

func sortFn(v value.Value) value.Value {
	if v.Kind() != value.KindArray {
		return value.Value{}
	}
	out := slices.Clone(v.AsArray())
	slices.SortStableFunc(out, func(a, b value.Value) int {
		if r, ok := value.Compare(a, b); ok {
			return r
		}
		return 0
	})
	return value.Array(out)
}

func keysFn(v value.Value) value.Value {
	if v.Kind() != value.KindMap {
		return value.Value{}
	}
	m := v.AsMap()
	out := make([]value.Value, m.Len())
	for i := range out {
		k, _ := m.At(i)
		out[i] = value.String(k)
	}
	return value.Array(out)
}

func valuesFn(v value.Value) value.Value {
	if v.Kind() != value.KindMap {
		return value.Value{}
	}
	m := v.AsMap()
	out := make([]value.Value, m.Len())
	for i := range out {
		_, out[i] = m.At(i)
	}
	return value.Array(out)
}

func getFn(_ *Ctx, a []value.Value) value.Value {
	var r value.Value
	switch a[0].Kind() {
	case value.KindArray:
		r = indexValue(a[0], a[1])
	case value.KindMap:
		if a[1].Kind() == value.KindString {
			r, _ = a[0].AsMap().Get(a[1].AsString())
		}
	}
	if r.IsNull() && len(a) > 2 {
		return a[2]
	}
	return r
}

func setFn(_ *Ctx, a []value.Value) value.Value {
	c, k, v := a[0], a[1], a[2]
	switch c.Kind() {
	case value.KindArray:
		xs := c.AsArray()
		i, ok := normIndex(k, len(xs))
		if !ok {
			if k.Kind() == value.KindInt {
				// As in the original: an index out of range leaves
				// the copy unchanged.
				return value.Array(slices.Clone(xs))
			}
			return value.Value{}
		}
		out := slices.Clone(xs)
		out[i] = v
		return value.Array(out)
	case value.KindMap:
		if k.Kind() != value.KindString {
			return value.Value{}
		}
		m := c.AsMap().Clone()
		m.Set(k.AsString(), v)
		return value.MapOf(m)
	}
	return value.Value{}
}

func rangeFn(c *Ctx, a []value.Value) value.Value {
	for _, v := range a {
		if v.Kind() != value.KindInt {
			return value.Value{}
		}
	}
	switch len(a) {
	case 1:
		return intRange(c, 0, a[0].AsInt(), 1)
	case 2:
		return intRange(c, a[0].AsInt(), a[1].AsInt(), 1)
	}
	return intRange(c, a[0].AsInt(), a[1].AsInt(), a[2].AsInt())
}

// sumFn: the sum of the numeric elements of an array, as a float (the
// original's scalar sum; a Kleene sum(t.f) keeps ints, see kleeneAggregate).
func sumFn(v value.Value) value.Value {
	if v.Kind() != value.KindArray {
		return value.Value{}
	}
	var s float64
	for _, e := range v.AsArray() {
		if e.IsNumeric() {
			s += e.AsFloat()
		}
	}
	return value.Float(s)
}

// avgFn: the mean of the numeric elements of an array, 0.0 when there are
// none (as the original).
func avgFn(v value.Value) value.Value {
	if v.Kind() != value.KindArray {
		return value.Value{}
	}
	var s float64
	n := 0
	for _, e := range v.AsArray() {
		if e.IsNumeric() {
			s += e.AsFloat()
			n++
		}
	}
	if n == 0 {
		return value.Float(0)
	}
	return value.Float(s / float64(n))
}

// varianceFn: the sample variance (n - 1) of the numeric elements of an
// array, as the variance aggregate computes it; null with fewer than two.
func varianceFn(v value.Value) value.Value {
	if v.Kind() != value.KindArray {
		return value.Value{}
	}
	// Welford's update: stable for values far from 0.
	var n int
	var mean, m2 float64
	for _, e := range v.AsArray() {
		if !e.IsNumeric() {
			continue
		}
		x := e.AsFloat()
		n++
		d := x - mean
		mean += d / float64(n)
		m2 += d * (x - mean)
	}
	if n < 2 {
		return value.Value{}
	}
	return value.Float(m2 / float64(n-1))
}

// flattenFn splices the elements of array elements into the result (one
// level); other elements are kept as they are.
func flattenFn(v value.Value) value.Value {
	if v.Kind() != value.KindArray {
		return value.Value{}
	}
	xs := v.AsArray()
	out := make([]value.Value, 0, len(xs))
	for _, e := range xs {
		if e.Kind() == value.KindArray {
			out = append(out, e.AsArray()...)
		} else {
			out = append(out, e)
		}
	}
	return value.Array(out)
}

// slidingPairsFn pairs each element of an array with the next one.
func slidingPairsFn(v value.Value) value.Value {
	if v.Kind() != value.KindArray {
		return value.Value{}
	}
	xs := v.AsArray()
	if len(xs) < 2 {
		return value.Array([]value.Value{})
	}
	out := make([]value.Value, len(xs)-1)
	for i := range out {
		out[i] = value.Array([]value.Value{xs[i], xs[i+1]})
	}
	return value.Array(out)
}

// toStringFn returns the display form of v. A string comes back as it is,
// unquoted: to_string("x") is "x". (The original quoted strings here,
// giving "\"x\""; users expect the text itself, vpl.md fixes it.)
func toStringFn(v value.Value) value.Value {
	if v.Kind() == value.KindString {
		return v
	}
	return value.String(v.String())
}

func toIntFn(v value.Value) value.Value {
	switch v.Kind() {
	case value.KindInt:
		return v
	case value.KindFloat:
		return floatToInt(math.Trunc(v.AsFloat()))
	case value.KindBool:
		if v.AsBool() {
			return value.Int(1)
		}
		return value.Int(0)
	case value.KindString:
		s := strings.TrimSpace(v.AsString())
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return value.Int(n)
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return floatToInt(math.Trunc(f))
		}
	case value.KindTimestamp, value.KindDuration:
		return value.Int(v.AsInt())
	}
	return value.Value{}
}

func toFloatFn(v value.Value) value.Value {
	switch v.Kind() {
	case value.KindInt, value.KindFloat:
		return value.Float(v.AsFloat())
	case value.KindString:
		if f, err := strconv.ParseFloat(strings.TrimSpace(v.AsString()), 64); err == nil {
			return value.Float(f)
		}
	case value.KindTimestamp, value.KindDuration:
		return value.Float(float64(v.AsInt()))
	}
	return value.Value{}
}

func strFn(f func(string) string) func(value.Value) value.Value {
	return func(v value.Value) value.Value {
		if v.Kind() != value.KindString {
			return value.Value{}
		}
		return value.String(f(v.AsString()))
	}
}

func strPred(f func(s, p string) bool) func(a, b value.Value) value.Value {
	return func(a, b value.Value) value.Value {
		if a.Kind() != value.KindString || b.Kind() != value.KindString {
			return value.Value{}
		}
		return value.Bool(f(a.AsString(), b.AsString()))
	}
}

func splitFn(c *Ctx, a []value.Value) value.Value {
	if a[0].Kind() != value.KindString || a[1].Kind() != value.KindString {
		return value.Value{}
	}
	s, sep := a[0].AsString(), a[1].AsString()
	if n := strings.Count(s, sep) + 1; n > MaxArrayLen {
		c.warn(WarnRangeLimit)
		return value.Value{}
	}
	parts := strings.Split(s, sep)
	out := make([]value.Value, len(parts))
	for i, p := range parts {
		out[i] = value.String(p)
	}
	return value.Array(out)
}

// joinFn joins the display forms of the elements; strings are not quoted
// (join(["a", "b"], ",") is "a,b"; the original quoted them).
func joinFn(a, sep value.Value) value.Value {
	if a.Kind() != value.KindArray || sep.Kind() != value.KindString {
		return value.Value{}
	}
	var b strings.Builder
	for i, e := range a.AsArray() {
		if i > 0 {
			b.WriteString(sep.AsString())
		}
		b.WriteString(e.String())
	}
	return value.String(b.String())
}

func replaceFn(_ *Ctx, a []value.Value) value.Value {
	for _, v := range a {
		if v.Kind() != value.KindString {
			return value.Value{}
		}
	}
	return value.String(strings.ReplaceAll(a[0].AsString(), a[1].AsString(), a[2].AsString()))
}

// substringFn: substring(s, start[, end]) by characters, end exclusive;
// null when start or end is outside [0, len] or end < start.
func substringFn(_ *Ctx, a []value.Value) value.Value {
	if a[0].Kind() != value.KindString || a[1].Kind() != value.KindInt {
		return value.Value{}
	}
	s := a[0].AsString()
	ascii := isASCII(s)
	n := len(s)
	var rs []rune
	if !ascii {
		rs = []rune(s)
		n = len(rs)
	}
	start, end := a[1].AsInt(), int64(n)
	if len(a) > 2 {
		if a[2].Kind() != value.KindInt {
			return value.Value{}
		}
		end = a[2].AsInt()
	}
	if start < 0 || start > int64(n) || end < start || end > int64(n) {
		return value.Value{}
	}
	if ascii {
		return value.String(s[start:end])
	}
	return value.String(string(rs[start:end]))
}

func isKind(k value.Kind) func(value.Value) value.Value {
	return func(v value.Value) value.Value { return value.Bool(v.Kind() == k) }
}

// newUUID returns a random version 4 UUID in its canonical text form.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	const hex = "0123456789abcdef"
	var out [36]byte
	j := 0
	for i, x := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out[j] = '-'
			j++
		}
		out[j], out[j+1] = hex[x>>4], hex[x&0x0f]
		j += 2
	}
	return string(out[:])
}
