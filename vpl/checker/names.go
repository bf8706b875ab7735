package checker

import (
	"sort"
	"strings"
)

// arity bounds the number of arguments of a function; max < 0 means any
// number from min on.
type arity struct{ min, max int }

func (a arity) accepts(n int) bool { return n >= a.min && (a.max < 0 || n <= a.max) }

// String describes the bounds for messages: "1", "1 or 2", "2 to 4", "at least 1".
func (a arity) String() string {
	switch {
	case a.max < 0:
		return "at least " + itoa(a.min)
	case a.min == a.max:
		return itoa(a.min)
	case a.max == a.min+1:
		return itoa(a.min) + " or " + itoa(a.max)
	}
	return itoa(a.min) + " to " + itoa(a.max)
}

func itoa(n int) string {
	if n < 0 {
		return "-" + itoa(-n)
	}
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// aggregateFuncs lists the aggregate functions of .aggregate (vpl.md §6)
// with their arities. A test cross-checks this table with engine/agg.
var aggregateFuncs = map[string]arity{
	"avg":            {1, 1},
	"collect":        {1, 1},
	"count":          {0, 1},
	"count_distinct": {1, 1},
	"ema":            {2, 2},
	"first":          {1, 1},
	"last":           {1, 1},
	"max":            {1, 1},
	"median":         {1, 1},
	"min":            {1, 1},
	"percentile":     {2, 2},
	"stddev":         {1, 1},
	"sum":            {1, 1},
	"variance":       {1, 1},
}

// AggregateFuncs returns the names of the aggregate functions accepted in
// .aggregate, sorted.
func AggregateFuncs() []string { return keysOf(aggregateFuncs) }

// AggregateArity returns the argument bounds of aggregate function name.
func AggregateArity(name string) (minArgs, maxArgs int, ok bool) {
	a, ok := aggregateFuncs[name]
	return a.min, a.max, ok
}

// TrendFuncs returns the names of the .trend_aggregate functions, sorted.
func TrendFuncs() []string { return keysOf(trendFuncs) }

// Operations returns the names of the supported stream operations, sorted.
func Operations() []string { return append([]string(nil), supportedOps...) }

// trendFuncs lists the aggregates of .trend_aggregate (vpl.md §8).
var trendFuncs = map[string]arity{
	"count_trends": {0, 0},
	"count_events": {1, 1},
	"sum_trends":   {1, 1},
	"avg_trends":   {1, 1},
	"min_trends":   {1, 1},
	"max_trends":   {1, 1},
}

// kleeneFuncs are the functions that aggregate the event list bound to a
// Kleene alias (vpl.md §7): count(t), sum(t.px), first(t.px) ... They are
// valid outside .aggregate in pattern streams.
var kleeneFuncs = map[string]bool{
	"count": true, "sum": true, "avg": true, "min": true, "max": true, "first": true, "last": true,
}

// Operation names. Each supported operation is checked by a case of
// checkOpCall; unsupported ones are rejected with E090.
var (
	supportedOps = []string{
		"aggregate", "allowed_lateness", "consume", "context", "distinct", "emit", "enrich", "filter",
		"first", "forecast", "having", "late", "limit", "log", "max_runs", "not", "on", "partition_by",
		"pattern", "print", "process", "select", "strategy", "to", "trend_aggregate", "watermark",
		"where", "window", "within",
	}
	// unsupportedOps maps operations of the original grammar that
	// Varpulis-Go does not implement to a hint.
	unsupportedOps = map[string]string{
		"map":        "use .select(...) or .emit(...) to compute new fields",
		"collect":    "use .aggregate(items: collect(x)) to gather values",
		"on_error":   "",
		"concurrent": "use contexts for parallelism",
		"fork":       "declare one stream per branch, each reading this stream",
		"any":        "",
		"all":        "",
		"order_by":   "",
		"tap":        "use .print(...) or .log(...) to observe events",
		"score":      "ONNX model inference is not built into Varpulis-Go; score events in an external service",
	}
	// patternOnlyOps may only be used in pattern streams.
	patternOnlyOps = map[string]bool{
		"not": true, "trend_aggregate": true, "forecast": true, "max_runs": true, "strategy": true, "consume": true,
	}
	// onceOps may appear at most once per stream (aggregate and window have
	// their own codes, E011 and E012).
	onceOps = map[string]bool{
		"within": true, "strategy": true, "consume": true, "max_runs": true, "watermark": true,
		"allowed_lateness": true, "context": true, "trend_aggregate": true, "forecast": true,
		"late": true, "partition_by": true, "limit": true, "first": true,
	}
)

// knownOps returns every operation name (supported or not), sorted.
func knownOps() []string {
	out := append([]string(nil), supportedOps...)
	for n := range unsupportedOps {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// suggest returns the candidate closest to name when it is close enough to
// be a likely typo, or "".
func suggest(name string, candidates []string) string {
	if name == "" {
		return ""
	}
	limit := min(len(name)/3+1, 3)
	best, bestD := "", limit+1
	for _, c := range candidates {
		if c == name || c == "" {
			continue
		}
		if diff := len(c) - len(name); diff > limit || -diff > limit {
			continue // the distance is at least the length difference
		}
		var d int
		if strings.EqualFold(c, name) {
			d = 0 // differs only in case: the best possible hint
		} else if d = editDistance(name, c, min(bestD, limit)); d >= min(len(name), len(c)) {
			continue // every character changes: not a typo
		}
		if d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	if bestD > limit {
		return ""
	}
	return best
}

// didYouMean formats a hint for suggest's result ("" when there is none).
func didYouMean(name string, candidates []string) string {
	if s := suggest(name, candidates); s != "" {
		return "did you mean `" + s + "`?"
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b, in bytes,
// with a transposition of two adjacent bytes counting as one edit. It
// stops early once the distance is known to exceed bound and then returns
// some value greater than bound; distances up to bound are exact.
func editDistance(a, b string, bound int) int {
	if len(a) > 64 || len(b) > 64 {
		// Long names are never typos of each other in practice; avoid
		// quadratic work on hostile input.
		if a == b {
			return 0
		}
		return max(len(a), len(b))
	}
	var rows [3][65]int
	prev2, prev, cur := rows[0][:len(b)+1], rows[1][:len(b)+1], rows[2][:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	prevMin := 0
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		// Every value of a row is at least the smaller of the previous
		// two rows' minima: once two consecutive rows exceed bound, so
		// does the result.
		rowMin := cur[0]
		for _, v := range cur[1:] {
			rowMin = min(rowMin, v)
		}
		if rowMin > bound && prevMin > bound {
			return bound + 1
		}
		prevMin = rowMin
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// keysOf returns the keys of m, sorted.
func keysOf[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
