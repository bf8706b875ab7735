package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/vpl/diag"
	"github.com/varpulis/varpulis-go/vpl/parser"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// ev builds an event at time ms (milliseconds) with alternating name/value
// field arguments.
func ev(typ string, ms int64, kv ...any) *event.Event {
	e := &event.Event{Type: typ, Time: ms * 1_000_000}
	for i := 0; i+1 < len(kv); i += 2 {
		var v value.Value
		switch x := kv[i+1].(type) {
		case int:
			v = value.Int(int64(x))
		case float64:
			v = value.Float(x)
		case string:
			v = value.String(x)
		case bool:
			v = value.Bool(x)
		case nil:
			v = value.Null()
		default:
			panic(fmt.Sprintf("unsupported %T", x))
		}
		e.Fields = append(e.Fields, event.Field{Name: kv[i].(string), Value: v})
	}
	return e
}

// compile parses and compiles src.
func compile(t *testing.T, src string, out *[]string) *Engine {
	t.Helper()
	fset := token.NewFileSet()
	f, diags := parser.ParseFile(fset, "test.vpl", []byte(src), 0)
	if diags.HasErrors() {
		t.Fatalf("parse: %v", diags.Err(fset))
	}
	e, err := New(f, fset, Options{Output: func(stream string, ev *event.Event) {
		*out = append(*out, string(event.AppendOutputJSON(nil, stream, ev)))
	}})
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return e
}

// run compiles src, pushes evs, closes and returns the output lines.
func run(t *testing.T, src string, evs ...*event.Event) []string {
	t.Helper()
	var out []string
	e := compile(t, src, &out)
	for _, x := range evs {
		if err := e.Push(x); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	return out
}

func check(t *testing.T, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("outputs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestFilterEmit(t *testing.T) {
	got := run(t, `
stream Hot = Reading
    .where(temp > 30.0)
    .emit(sensor: s, t: temp)
`, ev("Reading", 0, "s", "a", "temp", 31.5), ev("Reading", 1, "s", "b", "temp", 20.0))
	check(t, got, `{"stream":"Hot","time":"1970-01-01T00:00:00Z","fields":{"sensor":"a","t":31.5}}`)
}

func TestOperators(t *testing.T) {
	tests := []struct {
		name string
		src  string
		in   []*event.Event
		want []string
	}{
		{
			name: "select then emit",
			src:  `stream P = D .select(a: x, b: y + 1) .emit(a: a, b: b)`,
			in:   []*event.Event{ev("D", 0, "x", 10, "y", 5, "z", 9)},
			want: []string{`{"stream":"P","time":"1970-01-01T00:00:00Z","fields":{"a":10,"b":6}}`},
		},
		{
			name: "positional emit keeps field names",
			src:  `stream P = D as d .emit(x, d.y)`,
			in:   []*event.Event{ev("D", 5, "x", 1, "y", 2)},
			want: []string{`{"stream":"P","time":"1970-01-01T00:00:00.005Z","fields":{"x":1,"y":2}}`},
		},
		{
			name: "derived chain breadth first",
			src: `
stream A = Raw .where(x > 0)
stream B = A .where(x > 5) .emit(b: x)
stream C = Raw .emit(c: x)`,
			in: []*event.Event{ev("Raw", 0, "x", 10), ev("Raw", 0, "x", 3)},
			want: []string{
				`{"stream":"C","time":"1970-01-01T00:00:00Z","fields":{"c":10}}`,
				`{"stream":"B","time":"1970-01-01T00:00:00Z","fields":{"b":10}}`,
				`{"stream":"C","time":"1970-01-01T00:00:00Z","fields":{"c":3}}`,
			},
		},
		{
			name: "stream declared later is readable",
			src: `
stream Out = Mid .emit(v: x)
stream Mid = Raw .where(x > 1)`,
			in:   []*event.Event{ev("Raw", 0, "x", 2), ev("Raw", 0, "x", 1)},
			want: []string{`{"stream":"Out","time":"1970-01-01T00:00:00Z","fields":{"v":2}}`},
		},
		{
			name: "distinct limit first",
			src: `
stream U = I .distinct(k) .emit(k: k)
stream L = I .limit(2) .emit(n: n)
stream F = I .first() .emit(n: n)`,
			in: []*event.Event{ev("I", 0, "k", "a", "n", 1), ev("I", 0, "k", "a", "n", 2), ev("I", 0, "k", "b", "n", 3)},
			want: []string{
				`{"stream":"U","time":"1970-01-01T00:00:00Z","fields":{"k":"a"}}`,
				`{"stream":"L","time":"1970-01-01T00:00:00Z","fields":{"n":1}}`,
				`{"stream":"F","time":"1970-01-01T00:00:00Z","fields":{"n":1}}`,
				`{"stream":"L","time":"1970-01-01T00:00:00Z","fields":{"n":2}}`,
				`{"stream":"U","time":"1970-01-01T00:00:00Z","fields":{"k":"b"}}`,
			},
		},
		{
			name: "distinct whole event ignores field order",
			src:  `stream U = T .distinct() .emit(x: x)`,
			in:   []*event.Event{ev("T", 0, "x", 1, "y", 2), ev("T", 0, "y", 2, "x", 1), ev("T", 0, "x", 1, "y", 3)},
			want: []string{
				`{"stream":"U","time":"1970-01-01T00:00:00Z","fields":{"x":1}}`,
				`{"stream":"U","time":"1970-01-01T00:00:00Z","fields":{"x":1}}`,
			},
		},
		{
			name: "merge with inline filters passes an event once",
			src: `
stream M = merge(stream A = T .where(x > 1), stream B = T .where(x > 2), stream C = U)
    .emit(x: x)`,
			in: []*event.Event{ev("T", 0, "x", 3), ev("T", 0, "x", 0), ev("U", 0, "x", 7)},
			want: []string{
				`{"stream":"M","time":"1970-01-01T00:00:00Z","fields":{"x":3}}`,
				`{"stream":"M","time":"1970-01-01T00:00:00Z","fields":{"x":7}}`,
			},
		},
		{
			name: "join on key within window",
			src: `
stream J = join(A, B) .on(A.k == B.k) .window(1s)
    .emit(k: A.k, a: A.v, b: B.v)`,
			in: []*event.Event{
				ev("A", 0, "k", "x", "v", 1), ev("B", 100, "k", "y", "v", 2),
				ev("B", 500, "k", "x", "v", 3), ev("B", 2000, "k", "x", "v", 4),
			},
			want: []string{`{"stream":"J","time":"1970-01-01T00:00:00.5Z","fields":{"k":"x","a":1,"b":3}}`},
		},
		{
			// A null key never joins, not even with another null key; a
			// missing key field is a null key.
			name: "join null keys never join",
			src: `
stream J = join(A, B) .on(A.k == B.k) .window(1s)
    .emit(a: A.v, b: B.v)`,
			in: []*event.Event{
				ev("A", 0, "k", nil, "v", 1), ev("B", 100, "k", nil, "v", 2),
				ev("B", 200, "v", 3), ev("A", 300, "k", "x", "v", 4), ev("B", 400, "k", "x", "v", 5),
			},
			want: []string{`{"stream":"J","time":"1970-01-01T00:00:00.4Z","fields":{"a":4,"b":5}}`},
		},
		{
			// Without .window the join window is one minute.
			name: "join default window is one minute",
			src: `
stream J = join(A, B) .on(A.k == B.k)
    .emit(a: A.v, b: B.v)`,
			in: []*event.Event{
				ev("A", 0, "k", "x", "v", 1), ev("B", 59_000, "k", "x", "v", 2),
				ev("B", 121_000, "k", "x", "v", 3),
			},
			want: []string{`{"stream":"J","time":"1970-01-01T00:00:59Z","fields":{"a":1,"b":2}}`},
		},
		{
			// An aliased input's events keep their type: the joined
			// event holds Input.field, then Type.field (where the type
			// differs from the input name and no earlier field has the
			// name), then the bare fields. A self-join's second input
			// adds no second Type.field.
			name: "join aliased inputs add Type.field",
			src: `
stream J = join(stream Q = Quote, stream F = Fill, stream G = Fill) .on(Q.s == F.s and F.s == G.s) .window(1s)
    .emit(a: Q.bid, b: Quote.bid, c: Fill.qty, d: G.qty, e: Fill.s, f: qty, g: Quote.qty)`,
			in: []*event.Event{
				ev("Quote", 0, "s", "x", "bid", 1), ev("Fill", 100, "s", "x", "qty", 3),
			},
			want: []string{`{"stream":"J","time":"1970-01-01T00:00:00.1Z","fields":{"a":1,"b":1,"c":3,"d":3,"e":"x","f":3,"g":null}}`},
		},
		{
			// strict contiguity is among the events the pattern reads: an
			// event of another type does not break it, a second A does.
			name: "strict strategy ignores types the pattern does not read",
			src: `
stream S = A as a -> B as b .strategy(strict) .emit(a: a.n, b: b.n)`,
			in: []*event.Event{
				ev("A", 0, "n", 1), ev("Noise", 1), ev("B", 2, "n", 2),
				ev("A", 3, "n", 3), ev("A", 4, "n", 4), ev("B", 5, "n", 5),
			},
			want: []string{
				`{"stream":"S","time":"1970-01-01T00:00:00.002Z","fields":{"a":1,"b":2}}`,
				`{"stream":"S","time":"1970-01-01T00:00:00.005Z","fields":{"a":4,"b":5}}`,
			},
		},
		{
			name: "join Type.field in expressions",
			src: `
stream J = join(Quote, stream F = Fill) .on(Quote.s == F.s) .window(1s)
    .emit(bid: Quote.bid, qty: Fill.qty, q: F.qty)`,
			in: []*event.Event{
				ev("Quote", 0, "s", "x", "bid", 1), ev("Fill", 100, "s", "x", "qty", 3),
			},
			want: []string{`{"stream":"J","time":"1970-01-01T00:00:00.1Z","fields":{"bid":1,"qty":3,"q":3}}`},
		},
		{
			// A stream that passes an event type through unchanged joins
			// with the type's name as well (over two such streams).
			name: "join pass-through input adds Type.field",
			src: `
stream QT = Quote
stream QT2 = QT
stream Big = Fill .where(qty > 1)
stream J = join(QT2, Big) .on(QT2.s == Big.s) .window(1s)
    .emit(a: QT2.bid, b: Quote.bid, c: Big.qty, d: Fill.qty)`,
			in: []*event.Event{
				ev("Quote", 0, "s", "x", "bid", 1), ev("Fill", 100, "s", "x", "qty", 3),
			},
			want: []string{`{"stream":"J","time":"1970-01-01T00:00:00.1Z","fields":{"a":1,"b":1,"c":3,"d":null}}`},
		},
		{
			// vpl-original.md §2.1: `x := e` on an unknown name creates x
			// as a mutable global, visible to streams like any global.
			name: "top-level assignment creates a global var",
			src: `
new_var := 42
new_var := new_var + 1
stream S = T .emit(v: new_var)`,
			in:   []*event.Event{ev("T", 0)},
			want: []string{`{"stream":"S","time":"1970-01-01T00:00:00Z","fields":{"v":43}}`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			check(t, run(t, tc.src, tc.in...), tc.want...)
		})
	}
}

func TestWindows(t *testing.T) {
	tests := []struct {
		name string
		src  string
		in   []*event.Event
		want []string
	}{
		{
			// A stream reading a stream inherits its .watermark and
			// .allowed_lateness: the straggler at 1.8 s (behind the max
			// time 3.1 s, within tolerance plus lateness) still counts in
			// W's first window; the one at 1 s goes to R's late stream.
			name: "derived stream inherits watermark and lateness",
			src: `
stream R = Reading .watermark(out_of_order: 1s) .allowed_lateness(1s)
stream W = R .window(2s) .aggregate(n: count(), s: sum(v)) .emit(n: n, s: s)
stream L = R.late() .emit(v: v)`,
			in: []*event.Event{
				ev("Reading", 0, "v", 1), ev("Reading", 1500, "v", 2), ev("Reading", 3100, "v", 3),
				ev("Reading", 1800, "v", 4), ev("Reading", 4100, "v", 5), ev("Reading", 1000, "v", 6),
				ev("Reading", 6000, "v", 7),
			},
			want: []string{
				`{"stream":"W","time":"1970-01-01T00:00:02Z","fields":{"n":3,"s":7}}`,
				`{"stream":"L","time":"1970-01-01T00:00:01Z","fields":{"v":6}}`,
				`{"stream":"W","time":"1970-01-01T00:00:04Z","fields":{"n":1,"s":3}}`,
				`{"stream":"W","time":"1970-01-01T00:00:06Z","fields":{"n":1,"s":5}}`,
				`{"stream":"W","time":"1970-01-01T00:00:08Z","fields":{"n":1,"s":7}}`,
			},
		},
		{
			// A stream's own setting wins over its source's.
			name: "own watermark overrides the inherited one",
			src: `
stream R = Reading .watermark(out_of_order: 1s)
stream W = R .watermark(out_of_order: 0s) .window(2s) .aggregate(n: count()) .emit(n: n)`,
			in: []*event.Event{ev("Reading", 0, "v", 1), ev("Reading", 2500, "v", 2), ev("Reading", 1800, "v", 3)},
			want: []string{
				`{"stream":"W","time":"1970-01-01T00:00:02Z","fields":{"n":1}}`,
				`{"stream":"W","time":"1970-01-01T00:00:04Z","fields":{"n":1}}`,
			},
		},
		{
			// Arguments that must be literals accept global constants
			// (vpl.md §3: const is folded at compile time).
			name: "named constants as window, limit and percentile arguments",
			src: `
const W = 2s
const N = 2
const P = 50
let G = 1s
stream A = R .window(W) .aggregate(n: count(), p: percentile(v, P)) .emit(n: n, p: p)
stream B = R .window(N) .aggregate(n: count()) .emit(n: n)
stream C = R .limit(N) .emit(v: v)
stream D = R .window(W, sliding: G) .aggregate(n: count()) .emit(n: n)`,
			in: []*event.Event{ev("R", 0, "v", 1), ev("R", 1000, "v", 2), ev("R", 2500, "v", 3)},
			want: []string{
				`{"stream":"C","time":"1970-01-01T00:00:00Z","fields":{"v":1}}`,
				`{"stream":"D","time":"1970-01-01T00:00:01Z","fields":{"n":1}}`,
				`{"stream":"B","time":"1970-01-01T00:00:01Z","fields":{"n":2}}`,
				`{"stream":"C","time":"1970-01-01T00:00:01Z","fields":{"v":2}}`,
				`{"stream":"A","time":"1970-01-01T00:00:02Z","fields":{"n":2,"p":1.5}}`,
				`{"stream":"D","time":"1970-01-01T00:00:02Z","fields":{"n":2}}`,
				`{"stream":"D","time":"1970-01-01T00:00:03Z","fields":{"n":2}}`,
				`{"stream":"A","time":"1970-01-01T00:00:04Z","fields":{"n":1,"p":3.0}}`,
				`{"stream":"D","time":"1970-01-01T00:00:04Z","fields":{"n":1}}`,
			},
		},
		{
			name: "count window, partial not emitted",
			src:  `stream S = R .window(2) .aggregate(t: sum(v)) .emit(t: t)`,
			in:   []*event.Event{ev("R", 0, "v", 1), ev("R", 0, "v", 2), ev("R", 0, "v", 4)},
			want: []string{`{"stream":"S","time":"1970-01-01T00:00:00Z","fields":{"t":3}}`},
		},
		{
			name: "sliding count",
			src:  `stream S = R .window(3, sliding: 2) .aggregate(t: sum(v), n: count()) .emit(t: t, n: n)`,
			in:   []*event.Event{ev("R", 0, "v", 1), ev("R", 0, "v", 2), ev("R", 0, "v", 3), ev("R", 0, "v", 4), ev("R", 0, "v", 5)},
			want: []string{
				`{"stream":"S","time":"1970-01-01T00:00:00Z","fields":{"t":6,"n":3}}`,
				`{"stream":"S","time":"1970-01-01T00:00:00Z","fields":{"t":12,"n":3}}`,
			},
		},
		{
			// vpl-original.md §6.1: first/last are the first/last event's
			// value, null when that event has none.
			name: "first and last keep a null end value",
			src:  `stream S = R .window(3) .aggregate(f: first(v), l: last(v), e: ema(v, 0)) .emit(f: f, l: l, e: e)`,
			in:   []*event.Event{ev("R", 0, "w", 1), ev("R", 0, "v", 2), ev("R", 0, "v", nil)},
			want: []string{`{"stream":"S","time":"1970-01-01T00:00:00Z","fields":{"f":null,"l":null,"e":2.0}}`},
		},
		{
			name: "count(distinct(x)) is count_distinct(x)",
			src:  `stream S = R .window(4) .aggregate(n: count(distinct(k)), m: count(distinct(lower(k))) + 1) .emit(n: n, m: m)`,
			in:   []*event.Event{ev("R", 0, "k", "a"), ev("R", 0, "k", "A"), ev("R", 0, "k", "b"), ev("R", 0, "k", "a")},
			want: []string{`{"stream":"S","time":"1970-01-01T00:00:00Z","fields":{"n":3,"m":3}}`},
		},
		{
			// decisions.md: first, last, collect and ema follow event time.
			name: "merged session orders first, last and collect by event time",
			src: `stream S = R .watermark(out_of_order: 10s) .window(session: 3s)
    .aggregate(c: collect(v), f: first(v), l: last(v), e: ema(v, 0.5)) .emit(c: c, f: f, l: l, e: e)`,
			in: []*event.Event{ev("R", 1000, "v", 1), ev("R", 6000, "v", 3), ev("R", 3500, "v", 2)},
			want: []string{
				`{"stream":"S","time":"1970-01-01T00:00:09Z","fields":{"c":[1,2,3],"f":1,"l":3,"e":2.25}}`,
			},
		},
		{
			name: "out-of-order events in a tumbling window follow event time",
			src: `stream S = R .watermark(out_of_order: 5s) .window(10s)
    .aggregate(c: collect(v), f: first(v), l: last(v)) .emit(c: c, f: f, l: l)`,
			in: []*event.Event{ev("R", 4000, "v", 2), ev("R", 1000, "v", 1), ev("R", 9000, "v", 4), ev("R", 5000, "v", 3)},
			want: []string{
				`{"stream":"S","time":"1970-01-01T00:00:10Z","fields":{"c":[1,2,3,4],"f":1,"l":4}}`,
			},
		},
		{
			// vpl.md §5: windows [k·P, k·P+W); with P > W an event in a gap
			// belongs to no window (decisions.md, hopping windows).
			name: "sliding window with slide larger than size leaves gaps",
			src:  `stream S = R .window(2s, sliding: 5s) .aggregate(n: count(), t: sum(v)) .emit(n: n, t: t, s: window_start)`,
			in:   []*event.Event{ev("R", 1000, "v", 1), ev("R", 3000, "v", 2), ev("R", 6000, "v", 4), ev("R", 12000, "v", 8)},
			want: []string{
				`{"stream":"S","time":"1970-01-01T00:00:02Z","fields":{"n":1,"t":1,"s":"1970-01-01T00:00:00Z"}}`,
				`{"stream":"S","time":"1970-01-01T00:00:07Z","fields":{"n":1,"t":4,"s":"1970-01-01T00:00:05Z"}}`,
			},
		},
		{
			name: "sliding window with gaps, no aggregate",
			src:  `stream S = R .window(2s, sliding: 5s) .emit(v: v)`,
			in:   []*event.Event{ev("R", 1000, "v", 1), ev("R", 3000, "v", 2), ev("R", 5000, "v", 4)},
			want: []string{
				`{"stream":"S","time":"1970-01-01T00:00:01Z","fields":{"v":1}}`,
				`{"stream":"S","time":"1970-01-01T00:00:05Z","fields":{"v":4}}`,
			},
		},
		{
			name: "sliding count window with slide larger than size",
			src:  `stream S = R .window(2, sliding: 3) .aggregate(t: sum(v)) .emit(t: t)`,
			in:   []*event.Event{ev("R", 0, "v", 1), ev("R", 0, "v", 2), ev("R", 0, "v", 4), ev("R", 0, "v", 8), ev("R", 0, "v", 16), ev("R", 0, "v", 32)},
			want: []string{
				`{"stream":"S","time":"1970-01-01T00:00:00Z","fields":{"t":6}}`,
				`{"stream":"S","time":"1970-01-01T00:00:00Z","fields":{"t":48}}`,
			},
		},
		{
			name: "where between window and aggregate counts against the window",
			src:  `stream S = R .window(3) .where(v > 1) .aggregate(n: count()) .emit(n: n)`,
			in:   []*event.Event{ev("R", 0, "v", 1), ev("R", 0, "v", 2), ev("R", 0, "v", 3)},
			want: []string{`{"stream":"S","time":"1970-01-01T00:00:00Z","fields":{"n":2}}`},
		},
		{
			name: "tumbling time window with partition and bounds",
			src: `stream S = R .partition_by(k) .window(1s) .aggregate(n: count(), hi: max(v))
    .emit(k: k, n: n, hi: hi, s: window_start, e: window_end)`,
			in: []*event.Event{ev("R", 100, "k", "a", "v", 1), ev("R", 200, "k", "b", "v", 5), ev("R", 900, "k", "a", "v", 3), ev("R", 1000, "k", "a", "v", 7)},
			want: []string{
				`{"stream":"S","time":"1970-01-01T00:00:01Z","fields":{"k":"a","n":2,"hi":3,"s":"1970-01-01T00:00:00Z","e":"1970-01-01T00:00:01Z"}}`,
				`{"stream":"S","time":"1970-01-01T00:00:01Z","fields":{"k":"b","n":1,"hi":5,"s":"1970-01-01T00:00:00Z","e":"1970-01-01T00:00:01Z"}}`,
				`{"stream":"S","time":"1970-01-01T00:00:02Z","fields":{"k":"a","n":1,"hi":7,"s":"1970-01-01T00:00:01Z","e":"1970-01-01T00:00:02Z"}}`,
			},
		},
		{
			name: "sliding time window",
			src:  `stream S = R .window(2s, sliding: 1s) .aggregate(n: count()) .emit(n: n)`,
			in:   []*event.Event{ev("R", 500), ev("R", 1500), ev("R", 2500)},
			want: []string{
				`{"stream":"S","time":"1970-01-01T00:00:01Z","fields":{"n":1}}`,
				`{"stream":"S","time":"1970-01-01T00:00:02Z","fields":{"n":2}}`,
				`{"stream":"S","time":"1970-01-01T00:00:03Z","fields":{"n":2}}`,
				`{"stream":"S","time":"1970-01-01T00:00:04Z","fields":{"n":1}}`,
			},
		},
		{
			name: "out of order within tolerance",
			src:  `stream S = R .watermark(out_of_order: 1s) .window(1s) .aggregate(t: sum(v)) .emit(t: t)`,
			in:   []*event.Event{ev("R", 100, "v", 1), ev("R", 1200, "v", 10), ev("R", 900, "v", 2), ev("R", 2000, "v", 100), ev("R", 300, "v", 1000)},
			want: []string{
				`{"stream":"S","time":"1970-01-01T00:00:01Z","fields":{"t":3}}`,
				`{"stream":"S","time":"1970-01-01T00:00:02Z","fields":{"t":10}}`,
				`{"stream":"S","time":"1970-01-01T00:00:03Z","fields":{"t":100}}`,
			},
		},
		{
			name: "session windows per key closed at end",
			src:  `stream S = R .partition_by(k) .window(session: 3s) .aggregate(n: count()) .emit(k: k, n: n)`,
			in:   []*event.Event{ev("R", 0, "k", "a"), ev("R", 1000, "k", "a"), ev("R", 1000, "k", "b"), ev("R", 10000, "k", "a")},
			want: []string{
				`{"stream":"S","time":"1970-01-01T00:00:04Z","fields":{"k":"a","n":2}}`,
				`{"stream":"S","time":"1970-01-01T00:00:04Z","fields":{"k":"b","n":1}}`,
				`{"stream":"S","time":"1970-01-01T00:00:13Z","fields":{"k":"a","n":1}}`,
			},
		},
		{
			name: "running aggregate per partition",
			src:  `stream S = R .partition_by(k) .aggregate(n: count(), t: sum(v)) .emit(k: k, n: n, t: t)`,
			in:   []*event.Event{ev("R", 0, "k", "a", "v", 1), ev("R", 0, "k", "b", "v", 2), ev("R", 0, "k", "a", "v", 3)},
			want: []string{
				`{"stream":"S","time":"1970-01-01T00:00:00Z","fields":{"k":"a","n":1,"t":1}}`,
				`{"stream":"S","time":"1970-01-01T00:00:00Z","fields":{"k":"b","n":1,"t":2}}`,
				`{"stream":"S","time":"1970-01-01T00:00:00Z","fields":{"k":"a","n":2,"t":4}}`,
			},
		},
		{
			name: "composite aggregate items and having",
			src: `stream S = R .window(3) .aggregate(spread: max(v) - min(v), vwap: sum(p * q) / sum(q))
    .having(spread > 1) .emit(spread: spread, vwap: vwap)`,
			in: []*event.Event{
				ev("R", 0, "v", 1, "p", 2.0, "q", 1), ev("R", 0, "v", 5, "p", 4.0, "q", 3), ev("R", 0, "v", 2, "p", 1.0, "q", 0),
				ev("R", 0, "v", 1, "p", 2.0, "q", 1), ev("R", 0, "v", 1, "p", 2.0, "q", 1), ev("R", 0, "v", 2, "p", 2.0, "q", 1),
			},
			want: []string{`{"stream":"S","time":"1970-01-01T00:00:00Z","fields":{"spread":4,"vwap":3.5}}`},
		},
		{
			name: "window without aggregate releases events",
			src:  `stream S = R .window(2) .emit(v: v)`,
			in:   []*event.Event{ev("R", 0, "v", 1), ev("R", 0, "v", 2), ev("R", 0, "v", 3)},
			want: []string{
				`{"stream":"S","time":"1970-01-01T00:00:00Z","fields":{"v":1}}`,
				`{"stream":"S","time":"1970-01-01T00:00:00Z","fields":{"v":2}}`,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			check(t, run(t, tc.src, tc.in...), tc.want...)
		})
	}
}

func TestLateEvents(t *testing.T) {
	src := `
stream Readings = R .window(1s) .aggregate(n: count()) .emit(n: n)
stream Late = Readings.late() .emit(v: v)`
	var out []string
	e := compile(t, src, &out)
	for _, x := range []*event.Event{ev("R", 100, "v", 1), ev("R", 1500, "v", 2), ev("R", 900, "v", 3)} {
		if err := e.Push(x); err != nil {
			t.Fatal(err)
		}
	}
	_ = e.Close()
	check(t, out,
		`{"stream":"Readings","time":"1970-01-01T00:00:01Z","fields":{"n":1}}`,
		`{"stream":"Late","time":"1970-01-01T00:00:00.9Z","fields":{"v":3}}`,
		`{"stream":"Readings","time":"1970-01-01T00:00:02Z","fields":{"n":1}}`,
	)
	if st := e.Stats(); st.Late != 1 || st.Dropped != 0 || st.EventsIn != 3 {
		t.Errorf("stats %+v", st)
	}
}

func TestAllowedLateness(t *testing.T) {
	got := run(t, `stream S = R .allowed_lateness(1s) .window(1s) .aggregate(n: count()) .emit(n: n)`,
		ev("R", 100), ev("R", 1500), ev("R", 900), ev("R", 2100), ev("R", 200))
	check(t, got,
		`{"stream":"S","time":"1970-01-01T00:00:01Z","fields":{"n":2}}`,
		`{"stream":"S","time":"1970-01-01T00:00:02Z","fields":{"n":1}}`,
		`{"stream":"S","time":"1970-01-01T00:00:03Z","fields":{"n":1}}`,
	)
}

func TestTimerSource(t *testing.T) {
	tests := []struct {
		name string
		in   []*event.Event
		want []string
	}{
		{
			name: "ticks follow event time",
			in:   []*event.Event{ev("X", 0), ev("X", 2500)},
			want: []string{
				`{"stream":"Tick","time":"1970-01-01T00:00:01Z","fields":{"ts":1000}}`,
				`{"stream":"Tick","time":"1970-01-01T00:00:02Z","fields":{"ts":2000}}`,
			},
		},
		{
			// The original's timer streams read events of type
			// Timer_<Name>; injected ones still drive the stream.
			name: "input events of the tick type",
			in:   []*event.Event{ev("Timer_Tick", 0, "timestamp", 7)},
			want: []string{`{"stream":"Tick","time":"1970-01-01T00:00:00Z","fields":{"ts":7}}`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			check(t, run(t, `stream Tick = timer(1s) .emit(ts: timestamp)`, tc.in...), tc.want...)
		})
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		src  string
		code string
	}{
		{"stream A = X\nstream A = Y", codeDupStream},
		{"stream A = X .having(n > 0)", codeHavingNoAgg},
		{"stream A = X .window(5) .aggregate(c: count()) .aggregate(s: sum(v))", codeTwoAggregates},
		{"stream A = X .window(5) .window(10)", codeTwoWindows},
		{"stream A = X .within(5s)", codeWithinNoSeq},
		{"stream A = X .to(Nope)", codeUnknownConn},
		{"stream A = X .context(nope)", codeUnknownContext},
		{"stream A = X .where(42)", codeBadLiteral},
		{"stream A = X .window(5) .aggregate(x: bogus(v))", codeUnknownAgg},
		{"stream A = X .window(5) .aggregate(v: value)", codeAggBareField},
		{"stream A = B .emit()\nstream B = A .emit()", codeCycle},
		{"stream A = X .order_by(x)", codeUnsupported},
	}
	for _, tc := range tests {
		fset := token.NewFileSet()
		f, diags := parser.ParseFile(fset, "t.vpl", []byte(tc.src), 0)
		if diags.HasErrors() {
			t.Fatalf("%q: parse: %v", tc.src, diags.Err(fset))
		}
		_, err := New(f, fset, Options{})
		if err == nil || !strings.Contains(err.Error(), "["+tc.code+"]") {
			t.Errorf("%q: got %v, want code %s", tc.src, err, tc.code)
		}
	}
}

func TestDerivedEventsNamedAfterStream(t *testing.T) {
	var seen []string
	fset := token.NewFileSet()
	f, _ := parser.ParseFile(fset, "t.vpl", []byte("stream A = Raw .where(x > 0)\nstream B = A .tap()"), 0)
	e, err := New(f, fset, Options{Tap: func(stream string, ev *event.Event) { seen = append(seen, stream+":"+ev.Type) }})
	if err != nil {
		t.Fatal(err)
	}
	in := ev("Raw", 0, "x", 1)
	_ = e.Push(in)
	if strings.Join(seen, ",") != "B:A" || in.Type != "Raw" {
		t.Errorf("seen %v, input type %s", seen, in.Type)
	}
}

func TestAdvanceWatermarkAndClose(t *testing.T) {
	var out []string
	e := compile(t, `stream S = R .window(1s) .aggregate(n: count()) .emit(n: n)
stream C = R .window(2) .aggregate(n: count()) .emit(n: n)`, &out)
	_ = e.Push(ev("R", 100))
	if err := e.AdvanceWatermark(999_000_000); err != nil || len(out) != 0 {
		t.Fatalf("window fired before its end: %v %v", out, err)
	}
	_ = e.AdvanceWatermark(1_000_000_000)
	check(t, out, `{"stream":"S","time":"1970-01-01T00:00:01Z","fields":{"n":1}}`)
	_ = e.Push(ev("R", 1500))
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	// The count window fills with the second event; the open time window
	// fires at the end of input.
	check(t, out,
		`{"stream":"S","time":"1970-01-01T00:00:01Z","fields":{"n":1}}`,
		`{"stream":"C","time":"1970-01-01T00:00:01.5Z","fields":{"n":2}}`,
		`{"stream":"S","time":"1970-01-01T00:00:02Z","fields":{"n":1}}`,
	)
	if err := e.Push(ev("R", 0)); err != ErrClosed {
		t.Errorf("Push after Close: %v", err)
	}
	if err := e.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if st := e.Stats(); st.EventsIn != 2 || st.TotalOutputs() != 3 || len(st.Outputs) != 2 || st.Outputs[0].Stream != "S" {
		t.Errorf("stats %+v", st)
	}
}

func TestRuntimeWarningsCounted(t *testing.T) {
	var out []string
	e := compile(t, `stream S = R .emit(q: a / b)`, &out)
	_ = e.Push(ev("R", 0, "a", 1, "b", 0))
	_ = e.Close()
	check(t, out, `{"stream":"S","time":"1970-01-01T00:00:00Z","fields":{"q":null}}`)
	if st := e.Stats(); st.Warnings != 1 || len(st.WarningKinds) != 1 {
		t.Errorf("warnings %+v", st)
	}
}

// TestContextsDoNotChangeResults runs the same program with and without
// .context placement (contexts run sequentially in this engine, so the
// results must be identical).
func TestContextsDoNotChangeResults(t *testing.T) {
	body := `
stream Filtered = SensorReading %s .where(temperature > 50.0) .emit(sensor: sensor_id, temp: temperature)
stream Analysis = Filtered %s .window(2) .aggregate(n: count(), hi: max(temp)) .emit(n: n, hi: hi)`
	plain := fmt.Sprintf(body, "", "")
	placed := "context ingest\ncontext analytics\n" + fmt.Sprintf(body, ".context(ingest)", ".context(analytics)")
	var in []*event.Event
	for i := 0; i < 20; i++ {
		in = append(in, ev("SensorReading", int64(i), "sensor_id", fmt.Sprintf("S%d", i%3), "temperature", float64(40+i*3%37)))
	}
	clone := func() []*event.Event {
		out := make([]*event.Event, len(in))
		for i, x := range in {
			out[i] = x.Clone()
		}
		return out
	}
	a := run(t, plain, clone()...)
	b := run(t, placed, clone()...)
	if len(a) == 0 {
		t.Fatal("no outputs")
	}
	check(t, b, a...)
}

// TestMaxStepsOption: Options.MaxSteps bounds the work of one evaluation of
// the program's code; the loop stops where the budget runs out and the
// stop is counted as a runtime warning.
func TestMaxStepsOption(t *testing.T) {
	src := `
fn spin() -> int:
    var i = 0
    while i < 50000:
        i := i + 1
    i
stream S = A .emit(n: spin())`
	for _, tc := range []struct {
		steps int
		want  string
		warns bool
	}{
		{0, `{"n":50000}`, false}, // default budget: the loop completes
		{1000, `{"n":999}`, true}, // the call takes one step, the loop the rest
	} {
		fset := token.NewFileSet()
		f, diags := parser.ParseFile(fset, "test.vpl", []byte(src), 0)
		if diags.HasErrors() {
			t.Fatal(diags.Err(fset))
		}
		var got string
		e, err := New(f, fset, Options{MaxSteps: tc.steps, Output: func(_ string, ev *event.Event) {
			got = string(event.AppendFieldsJSON(nil, ev))
		}})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.Push(ev("A", 0)); err != nil {
			t.Fatal(err)
		}
		if err := e.Close(); err != nil {
			t.Fatal(err)
		}
		warned := false
		for _, w := range e.Stats().WarningKinds {
			warned = warned || w.Kind == "step_limit"
		}
		if got != tc.want || warned != tc.warns {
			t.Errorf("MaxSteps %d: got %s (step_limit warned: %v), want %s (%v)", tc.steps, got, warned, tc.want, tc.warns)
		}
	}
}

// TestGlobalInitialiserErrorPosition: an expression error in a global
// initialiser is reported at its position (the engine compiles programs
// the checker has not seen when used as a library).
func TestGlobalInitialiserErrorPosition(t *testing.T) {
	fset := token.NewFileSet()
	f, diags := parser.ParseFile(fset, "g.vpl", []byte("let a = 1\nlet b = 0.5()\n"), 0)
	if diags.HasErrors() {
		t.Fatal(diags.Err(fset))
	}
	_, err := New(f, fset, Options{})
	var le *diag.ListError
	if !errors.As(err, &le) || len(le.List) != 1 {
		t.Fatalf("New: %v, want one diagnostic", err)
	}
	if p := fset.Position(le.List[0].Pos); p.Line != 2 || p.Column != 9 || le.List[0].Code != "E054" {
		t.Errorf("diagnostic %s at %v, want E054 at 2:9", le.List[0].Code, p)
	}
}

// TestRoutingManyTypes: events of more types than the route cache has
// slots, alternating, with type strings built afresh for every event, each
// reach exactly the streams that read their type.
func TestRoutingManyTypes(t *testing.T) {
	var src strings.Builder
	const types = 13
	for i := 0; i < types; i++ {
		fmt.Fprintf(&src, "stream S%d = T%d .emit(i: i)\n", i, i)
	}
	src.WriteString("stream Odd = merge(T1, T3, T5) .emit(i: i)\n")
	var out []string
	e := compile(t, src.String(), &out)
	want := map[string]int{}
	for n := 0; n < 500; n++ {
		typ := fmt.Sprintf("T%d", (n*7)%types) // a new string each time
		if err := e.Push(ev(typ, int64(n), "i", n)); err != nil {
			t.Fatal(err)
		}
		want["S"+typ[1:]]++
		if k := (n * 7) % types; k == 1 || k == 3 || k == 5 {
			want["Odd"]++
		}
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, line := range out {
		var o struct{ Stream string }
		if err := json.Unmarshal([]byte(line), &o); err != nil {
			t.Fatal(err)
		}
		got[o.Stream]++
	}
	if !maps.Equal(got, want) {
		t.Errorf("outputs per stream %v, want %v", got, want)
	}
}

// TestNamedPatternAlternativeLimit: the engine expands a named pattern to
// at most 256 alternatives, the bound the checker reports as E015 (same
// boundary: 252 interleavings compile, 462 do not).
func TestNamedPatternAlternativeLimit(t *testing.T) {
	for _, tc := range []struct {
		src string
		ok  bool
	}{
		{"pattern P = SEQ(A, B, C, D, E) AND SEQ(F, G, H, I, J) within 1s\nstream S = P .emit(x: 1)", true},
		{"pattern P = SEQ(A, B, C, D, E) AND SEQ(F, G, H, I, J, K) within 1s\nstream S = P .emit(x: 1)", false},
	} {
		fset := token.NewFileSet()
		f, diags := parser.ParseFile(fset, "p.vpl", []byte(tc.src), 0)
		if diags.HasErrors() {
			t.Fatal(diags.Err(fset))
		}
		_, err := New(f, fset, Options{})
		if (err == nil) != tc.ok {
			t.Errorf("%q: compile error %v, want ok=%v", tc.src, err, tc.ok)
		}
	}
}

// TestOnOutsideJoinIsNoOp: `.on(...)` outside a join has no effect, as in
// the original (the checker warns, W028); the stream still runs.
func TestOnOutsideJoinIsNoOp(t *testing.T) {
	got := run(t, "stream A = B .on(0) .emit(x: x)\n", ev("B", 0, "x", 1))
	check(t, got, `{"stream":"A","time":"1970-01-01T00:00:00Z","fields":{"x":1}}`)
}

// TestLateOfEventTypeReceivesNothing: `.late()` of an event type (not a
// stream) compiles, as `check` accepts it with warning W092, and its
// stream receives nothing; the late stream of a stream still works.
func TestLateOfEventTypeReceivesNothing(t *testing.T) {
	got := run(t, `
stream R = Reading .watermark(out_of_order: 1s) .window(1s) .aggregate(n: count()) .emit(n: n)
stream LateR = R.late() .emit(v: v)
stream LateRaw = Reading.late() .emit(v: v)
`, ev("Reading", 0, "v", 1), ev("Reading", 3000, "v", 2), ev("Reading", 500, "v", 3))
	check(t, got,
		`{"stream":"R","time":"1970-01-01T00:00:01Z","fields":{"n":1}}`,
		`{"stream":"LateR","time":"1970-01-01T00:00:00.5Z","fields":{"v":3}}`,
		`{"stream":"R","time":"1970-01-01T00:00:04Z","fields":{"n":1}}`)
}
