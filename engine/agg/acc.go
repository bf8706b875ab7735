package agg

import (
	"math"
	"slices"

	"github.com/varpulis/varpulis-go/engine/value"
)

// Acc accumulates the values of one aggregate call.
type Acc interface {
	// Add adds one value at position o. count() counts every call, first()
	// and last() take the value of the earliest/latest event even when it is
	// null; every other function skips null values.
	Add(v value.Value, o Ord)
	// Merge adds the state of other, an accumulator created by the same
	// Spec. other is not modified.
	Merge(other Acc)
	// Result returns the aggregate of the values added so far; the state is
	// unchanged.
	Result() value.Value
	// Reset empties the accumulator for reuse.
	Reset()
}

// ---------------------------------------------------------------------------
// count

type countAll struct{ n int64 }

func (a *countAll) Add(value.Value, Ord) { a.n++ }
func (a *countAll) Merge(o Acc)          { a.n += o.(*countAll).n }
func (a *countAll) Result() value.Value  { return value.Int(a.n) }
func (a *countAll) Reset()               { a.n = 0 }

type countNonNull struct{ n int64 }

func (a *countNonNull) Add(v value.Value, _ Ord) {
	if !v.IsNull() {
		a.n++
	}
}
func (a *countNonNull) Merge(o Acc)         { a.n += o.(*countNonNull).n }
func (a *countNonNull) Result() value.Value { return value.Int(a.n) }
func (a *countNonNull) Reset()              { a.n = 0 }

// ---------------------------------------------------------------------------
// sum

// sumAcc sums exactly in int64 while every value is an int and no overflow
// occurred, then in float64.
type sumAcc struct {
	i       int64
	f       float64
	isFloat bool
}

// numeric returns the number in v and whether v is a usable number (ints and
// non-NaN floats).
func numeric(v value.Value) (float64, bool) {
	switch v.Kind() {
	case value.KindInt:
		return float64(v.AsInt()), true
	case value.KindFloat:
		f := v.AsFloat()
		return f, !math.IsNaN(f)
	}
	return 0, false
}

func (a *sumAcc) Add(v value.Value, _ Ord) {
	switch v.Kind() {
	case value.KindInt:
		x := v.AsInt()
		if a.isFloat {
			a.f += float64(x)
			return
		}
		s := a.i + x
		if (x > 0 && s < a.i) || (x < 0 && s > a.i) { // overflow: continue in float
			a.isFloat = true
			a.f = float64(a.i) + float64(x)
			return
		}
		a.i = s
	case value.KindFloat:
		f := v.AsFloat()
		if math.IsNaN(f) {
			return
		}
		if !a.isFloat {
			a.isFloat = true
			a.f = float64(a.i)
		}
		a.f += f
	}
}

func (a *sumAcc) Merge(o Acc) {
	b := o.(*sumAcc)
	if b.isFloat {
		a.Add(value.Float(b.f), Ord{})
		return
	}
	a.Add(value.Int(b.i), Ord{})
}

func (a *sumAcc) Result() value.Value {
	if a.isFloat {
		return value.Float(a.f)
	}
	return value.Int(a.i)
}

func (a *sumAcc) Reset() { *a = sumAcc{} }

// ---------------------------------------------------------------------------
// avg

type avgAcc struct {
	sum float64
	n   int64
}

func (a *avgAcc) Add(v value.Value, _ Ord) {
	if f, ok := numeric(v); ok {
		a.sum += f
		a.n++
	}
}

func (a *avgAcc) Merge(o Acc) {
	b := o.(*avgAcc)
	a.sum += b.sum
	a.n += b.n
}

func (a *avgAcc) Result() value.Value {
	if a.n == 0 {
		return value.Null()
	}
	return value.Float(a.sum / float64(a.n))
}

func (a *avgAcc) Reset() { *a = avgAcc{} }

// ---------------------------------------------------------------------------
// min / max

// extremeAcc keeps the smallest (sign -1) or largest (sign +1) value under
// value.Compare. Values not comparable with the current best (another kind,
// NaN) are skipped; the first non-null comparable value decides the kind.
type extremeAcc struct {
	best value.Value
	set  bool
	sign int
}

func (a *extremeAcc) Add(v value.Value, _ Ord) {
	if v.IsNull() {
		return
	}
	if !a.set {
		if _, ok := value.Compare(v, v); !ok { // NaN, bools, arrays, maps
			return
		}
		a.best, a.set = v, true
		return
	}
	c, ok := value.Compare(v, a.best)
	if ok && c == a.sign {
		a.best = v
	}
}

func (a *extremeAcc) Merge(o Acc) {
	b := o.(*extremeAcc)
	if b.set {
		a.Add(b.best, Ord{})
	}
}

func (a *extremeAcc) Result() value.Value {
	if !a.set {
		return value.Null()
	}
	return a.best
}

func (a *extremeAcc) Reset() { a.best, a.set = value.Null(), false }

// ---------------------------------------------------------------------------
// first / last

type endAcc struct {
	v     value.Value
	o     Ord
	set   bool
	first bool
}

func (a *endAcc) Add(v value.Value, o Ord) {
	switch {
	case !a.set:
	case a.first && !o.Less(a.o):
		return
	case !a.first && o.Less(a.o):
		return
	}
	a.v, a.o, a.set = v, o, true
}

func (a *endAcc) Merge(o Acc) {
	b := o.(*endAcc)
	if b.set {
		a.Add(b.v, b.o)
	}
}

func (a *endAcc) Result() value.Value {
	if !a.set {
		return value.Null()
	}
	return a.v
}

func (a *endAcc) Reset() { a.v, a.o, a.set = value.Null(), Ord{}, false }

// ---------------------------------------------------------------------------
// stddev / variance (Welford, merged with Chan et al.'s formula)

type momentAcc struct {
	n    int64
	mean float64
	m2   float64
	sqrt bool
}

func (a *momentAcc) Add(v value.Value, _ Ord) {
	x, ok := numeric(v)
	if !ok {
		return
	}
	a.n++
	d := x - a.mean
	a.mean += d / float64(a.n)
	a.m2 += d * (x - a.mean)
}

func (a *momentAcc) Merge(o Acc) {
	b := o.(*momentAcc)
	if b.n == 0 {
		return
	}
	if a.n == 0 {
		a.n, a.mean, a.m2 = b.n, b.mean, b.m2
		return
	}
	n := a.n + b.n
	d := b.mean - a.mean
	a.mean += d * float64(b.n) / float64(n)
	a.m2 += b.m2 + d*d*float64(a.n)*float64(b.n)/float64(n)
	a.n = n
}

func (a *momentAcc) Result() value.Value {
	if a.n < 2 {
		return value.Null()
	}
	v := a.m2 / float64(a.n-1)
	if v < 0 {
		v = 0
	}
	if a.sqrt {
		return value.Float(math.Sqrt(v))
	}
	return value.Float(v)
}

func (a *momentAcc) Reset() { a.n, a.mean, a.m2 = 0, 0, 0 }

// ---------------------------------------------------------------------------
// median / percentile

type quantileAcc struct {
	xs     []float64
	sorted bool
	q      float64
}

func (a *quantileAcc) Add(v value.Value, _ Ord) {
	if x, ok := numeric(v); ok {
		a.xs = append(a.xs, x)
		a.sorted = false
	}
}

func (a *quantileAcc) Merge(o Acc) {
	a.xs = append(a.xs, o.(*quantileAcc).xs...)
	a.sorted = false
}

func (a *quantileAcc) Result() value.Value {
	if len(a.xs) == 0 {
		return value.Null()
	}
	if !a.sorted {
		slices.Sort(a.xs) // order of values does not matter for quantiles
		a.sorted = true
	}
	return value.Float(Quantile(a.xs, a.q))
}

func (a *quantileAcc) Reset() { a.xs, a.sorted = a.xs[:0], false }

// Quantile returns the q-quantile (0 <= q <= 1) of the sorted, non-empty xs
// with linear interpolation between the closest ranks.
func Quantile(xs []float64, q float64) float64 {
	rank := q * float64(len(xs)-1)
	lo := int(math.Floor(rank))
	hi := int(math.Ceil(rank))
	if lo == hi {
		return xs[lo]
	}
	return xs[lo] + (xs[hi]-xs[lo])*(rank-float64(lo))
}

// ---------------------------------------------------------------------------
// count_distinct

type distinctAcc struct {
	seen map[value.Key]struct{}
}

func (a *distinctAcc) Add(v value.Value, _ Ord) {
	if v.IsNull() {
		return
	}
	if a.seen == nil {
		a.seen = make(map[value.Key]struct{})
	}
	a.seen[v.Key()] = struct{}{}
}

func (a *distinctAcc) Merge(o Acc) {
	b := o.(*distinctAcc)
	if len(b.seen) == 0 {
		return
	}
	if a.seen == nil {
		a.seen = make(map[value.Key]struct{}, len(b.seen))
	}
	for k := range b.seen {
		a.seen[k] = struct{}{}
	}
}

func (a *distinctAcc) Result() value.Value { return value.Int(int64(len(a.seen))) }
func (a *distinctAcc) Reset()              { clear(a.seen) }

// ---------------------------------------------------------------------------
// collect and ema: values kept with their Ord

type ordValue struct {
	o Ord
	v value.Value
}

// ordered is a list of values that knows whether it is in Ord order.
type ordered struct {
	xs       []ordValue
	unsorted bool
}

func (l *ordered) add(v value.Value, o Ord) {
	if n := len(l.xs); n > 0 && o.Less(l.xs[n-1].o) {
		l.unsorted = true
	}
	l.xs = append(l.xs, ordValue{o, v})
}

func (l *ordered) merge(m *ordered) {
	for _, x := range m.xs {
		l.add(x.v, x.o)
	}
}

func (l *ordered) sort() {
	if l.unsorted {
		slices.SortStableFunc(l.xs, func(a, b ordValue) int {
			switch {
			case a.o.Less(b.o):
				return -1
			case b.o.Less(a.o):
				return 1
			}
			return 0
		})
		l.unsorted = false
	}
}

type collectAcc struct{ l ordered }

func (a *collectAcc) Add(v value.Value, o Ord) {
	if !v.IsNull() {
		a.l.add(v, o)
	}
}

func (a *collectAcc) Merge(o Acc) { a.l.merge(&o.(*collectAcc).l) }

func (a *collectAcc) Result() value.Value {
	a.l.sort()
	out := make([]value.Value, len(a.l.xs))
	for i, x := range a.l.xs {
		out[i] = x.v
	}
	return value.Array(out)
}

func (a *collectAcc) Reset() { a.l.xs, a.l.unsorted = a.l.xs[:0], false }

type emaAcc struct {
	k       float64
	running bool
	// running mode: incremental state
	cur float64
	set bool
	// window mode: values kept for ordering and merging
	l ordered
}

func (a *emaAcc) Add(v value.Value, o Ord) {
	x, ok := numeric(v)
	if !ok {
		return
	}
	if a.running {
		if !a.set {
			a.cur, a.set = x, true
			return
		}
		a.cur = a.k*x + (1-a.k)*a.cur
		return
	}
	a.l.add(value.Float(x), o)
}

func (a *emaAcc) Merge(o Acc) { a.l.merge(&o.(*emaAcc).l) }

func (a *emaAcc) Result() value.Value {
	if a.running {
		if !a.set {
			return value.Null()
		}
		return value.Float(a.cur)
	}
	if len(a.l.xs) == 0 {
		return value.Null()
	}
	a.l.sort()
	cur := a.l.xs[0].v.AsFloat()
	for _, x := range a.l.xs[1:] {
		cur = a.k*x.v.AsFloat() + (1-a.k)*cur
	}
	return value.Float(cur)
}

func (a *emaAcc) Reset() {
	a.cur, a.set = 0, false
	a.l.xs, a.l.unsorted = a.l.xs[:0], false
}
