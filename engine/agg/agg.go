// Package agg implements the aggregate functions of VPL (vpl.md §6):
// sum, avg, count, min, max, first, last, stddev, variance, median,
// percentile, count_distinct, collect and ema.
//
// An aggregate is computed by an accumulator (Acc): values are added one at
// a time, accumulators of the same function can be merged (windows built
// from panes merge the panes' accumulators), and Result returns the current
// value without changing the state, so a running aggregate can report after
// every event. Null values are skipped by every function except count(),
// which counts events, and first() and last(), which return the value of the
// earliest or latest event even when it is null (vpl-original.md §6.1).
// The moment-based functions (sum, avg, count, min, max, first, last,
// stddev, variance) run in constant space; median, percentile,
// count_distinct, collect and ema keep the values they saw.
//
// Ordering: first, last, collect and ema depend on the order of values. Each
// value comes with an Ord (event time, then arrival sequence); these
// functions follow Ord order, not the order of Add calls, so merging panes or
// adding out-of-order events gives the same result as adding the values
// sorted by time.
package agg

import (
	"fmt"
	"slices"
)

// Ord positions a value within a window: by event time, then by arrival
// sequence. Count windows and running aggregates pass Time 0 so that arrival
// order alone decides.
type Ord struct {
	Time int64
	Seq  uint64
}

// Less reports whether o comes before p.
func (o Ord) Less(p Ord) bool {
	if o.Time != p.Time {
		return o.Time < p.Time
	}
	return o.Seq < p.Seq
}

// Func describes one aggregate function for the checker and the engine.
type Func struct {
	// Name is the function name as written in VPL.
	Name string
	// MinArgs and MaxArgs bound the number of call arguments, parameters
	// included (count takes 0 or 1; ema and percentile take 2).
	MinArgs, MaxArgs int
	// Params is the number of trailing arguments that are parameters
	// (constant numbers) rather than per-event expressions: 1 for ema and
	// percentile, 0 otherwise.
	Params int
	// Doc is a one-line description.
	Doc string
}

// funcs is the read-only table of aggregate functions, sorted by name.
var funcs = [...]Func{
	{Name: "avg", MinArgs: 1, MaxArgs: 1, Doc: "mean of the numeric values (float); null when there are none"},
	{Name: "collect", MinArgs: 1, MaxArgs: 1, Doc: "array of the non-null values in event-time order"},
	{Name: "count", MinArgs: 0, MaxArgs: 1, Doc: "count() counts events; count(x) counts non-null values of x"},
	{Name: "count_distinct", MinArgs: 1, MaxArgs: 1, Doc: "number of distinct non-null values"},
	{Name: "ema", MinArgs: 2, MaxArgs: 2, Params: 1, Doc: "exponential moving average in event-time order; ema(x, n) with an integer period n uses k = 2/(n+1) (period 0 counts as 1), ema(x, a) with 0 < a < 1 uses a as the smoothing factor; seeded with the first value"},
	{Name: "first", MinArgs: 1, MaxArgs: 1, Doc: "the value of the earliest event (null when that event has none)"},
	{Name: "last", MinArgs: 1, MaxArgs: 1, Doc: "the value of the latest event (null when that event has none)"},
	{Name: "max", MinArgs: 1, MaxArgs: 1, Doc: "largest value (numbers, strings, timestamps or durations); keeps its type"},
	{Name: "median", MinArgs: 1, MaxArgs: 1, Doc: "median of the numeric values (float; mean of the two middle values for an even count)"},
	{Name: "min", MinArgs: 1, MaxArgs: 1, Doc: "smallest value (numbers, strings, timestamps or durations); keeps its type"},
	{Name: "percentile", MinArgs: 2, MaxArgs: 2, Params: 1, Doc: "percentile(x, p): p-th percentile (0 <= p <= 100) of the numeric values, linear interpolation between closest ranks"},
	{Name: "stddev", MinArgs: 1, MaxArgs: 1, Doc: "sample standard deviation (n-1); null with fewer than two values"},
	{Name: "sum", MinArgs: 1, MaxArgs: 1, Doc: "sum of the numeric values; an int while every value is an int, else a float; 0 when empty"},
	{Name: "variance", MinArgs: 1, MaxArgs: 1, Doc: "sample variance (n-1); null with fewer than two values"},
}

// Lookup returns the description of the aggregate function name.
func Lookup(name string) (Func, bool) {
	i, ok := slices.BinarySearchFunc(funcs[:], name, func(f Func, n string) int {
		switch {
		case f.Name < n:
			return -1
		case f.Name > n:
			return 1
		}
		return 0
	})
	if !ok {
		return Func{}, false
	}
	return funcs[i], true
}

// Funcs returns every aggregate function, sorted by name. The slice is a copy.
func Funcs() []Func { return slices.Clone(funcs[:]) }

// IsAggregate reports whether name is an aggregate function.
func IsAggregate(name string) bool {
	_, ok := Lookup(name)
	return ok
}

// Options tunes accumulators.
type Options struct {
	// Running marks a running aggregate (no window): values arrive in order
	// and are never merged, so ema folds incrementally instead of keeping
	// its values.
	Running bool
}

// Spec is a validated aggregate call: function, argument count and
// parameter values. It creates accumulators.
type Spec struct {
	fn    Func
	nargs int     // number of per-event value arguments (0 or 1)
	param float64 // ema smoothing factor or percentile fraction
	opts  Options
}

// Func returns the function description.
func (s *Spec) Func() Func { return s.fn }

// Args returns the number of per-event value arguments (0 for count()).
func (s *Spec) Args() int { return s.nargs }

// NewSpec validates a call of function name with nargs per-event value
// arguments and the given constant parameters (ema's period or factor,
// percentile's p).
func NewSpec(name string, nargs int, params []float64, opts Options) (*Spec, error) {
	fn, ok := Lookup(name)
	if !ok {
		return nil, fmt.Errorf("unknown aggregate function %q", name)
	}
	total := nargs + len(params)
	if total < fn.MinArgs || total > fn.MaxArgs || len(params) != fn.Params || nargs > 1 {
		return nil, fmt.Errorf("%s: wrong number of arguments (%d)", name, total)
	}
	s := &Spec{fn: fn, nargs: nargs, opts: opts}
	switch name {
	case "ema":
		p := params[0]
		switch {
		case p > 0 && p < 1:
			s.param = p
		case p >= 1 && p == float64(int64(p)):
			s.param = 2 / (p + 1)
		case p == 0:
			// The original clamps the period to at least 1: k = 1.
			s.param = 1
		default:
			return nil, fmt.Errorf("ema: the second argument must be an integer period >= 0 or a smoothing factor in (0, 1), got %v", p)
		}
	case "percentile":
		p := params[0]
		if !(p >= 0 && p <= 100) {
			return nil, fmt.Errorf("percentile: p must be between 0 and 100, got %v", p)
		}
		s.param = p / 100
	}
	return s, nil
}

// New returns a fresh accumulator for the call.
func (s *Spec) New() Acc {
	switch s.fn.Name {
	case "count":
		if s.nargs == 0 {
			return &countAll{}
		}
		return &countNonNull{}
	case "sum":
		return &sumAcc{}
	case "avg":
		return &avgAcc{}
	case "min":
		return &extremeAcc{sign: -1}
	case "max":
		return &extremeAcc{sign: 1}
	case "first":
		return &endAcc{first: true}
	case "last":
		return &endAcc{}
	case "stddev":
		return &momentAcc{sqrt: true}
	case "variance":
		return &momentAcc{}
	case "median":
		return &quantileAcc{q: 0.5}
	case "percentile":
		return &quantileAcc{q: s.param}
	case "count_distinct":
		return &distinctAcc{}
	case "collect":
		return &collectAcc{}
	case "ema":
		return &emaAcc{k: s.param, running: s.opts.Running}
	}
	panic("agg: function without accumulator: " + s.fn.Name) // unreachable: NewSpec validated the name
}
