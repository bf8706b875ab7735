package expr

import (
	"maps"
	"strings"
	"testing"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/value"
)

// callIn compiles src in a scope of p and evaluates it on event e,
// collecting emitted events.
func callIn(t *testing.T, p *Program, src string, e *event.Event) (value.Value, []*event.Event, map[string]int) {
	t.Helper()
	var out []*event.Event
	warn, counts := warnCounter()
	c := &Ctx{Event: e, Emit: func(x *event.Event) { out = append(out, x) }, Warn: warn}
	return compileExpr(t, src, NewScope(p))(c), out, counts
}

func TestFunctions(t *testing.T) {
	p := mustProgram(t, `
fn exceeds(value: float, threshold: float) -> bool:
    value > threshold

fn twice(x: float) -> float:
    x * 2.0

fn classify(x: int) -> str:
    if x > 100:
        return "high"
    elif x > 50:
        return "medium"
    else:
        return "low"

fn fib(n: int) -> int:
    if n <= 1:
        return n
    return fib(n - 1) + fib(n - 2)

fn sum_below(n: int) -> int:
    var total = 0
    for i in range(n):
        total := total + i
    return total

fn first_above(arr: [int], threshold: int) -> int:
    for x in arr:
        if x > threshold:
            return x
    return -1

fn risk(amount: float, country: str) -> float:
    var score = amount / 1000.0
    if country != "FR":
        score := score * 2.0
    score

fn branch_value(x: int):
    if x > 0:
        "pos"
    else:
        "neg"

fn ends_with_let():
    let a = 1

fn reads_event():
    value * 2

fn shadow(value: int):
    value + 1

fn even_odd(n: int):
    if n % 2 == 0:
        return is_even_helper(n)
    return false

fn is_even_helper(n: int) -> bool:
    return n % 2 == 0

fn loop_forms():
    var s = 0
    for i in 0..=3:
        s += i
    for i in 3:
        s += 10
    for kv in {"a": 100, "b": 200}:
        s += kv[1]
    for c in "abc":
        s += 1000
    for i in range(10, 0, -3):
        s += i
    s

fn nested_break():
    var hits = []
    for i in 0..3:
        for j in 0..3:
            if j > i:
                break
            hits := push(hits, [i, j])
    hits

fn while_sum():
    var i = 0
    var total = 0
    while i < 5:
        i := i + 1
        if i == 2:
            continue
        total := total + i
    total

fn compound():
    var x = 10
    x += 5
    x -= 1
    x *= 2
    x /= 4
    x %= 5
    x

fn use_lambda(xs: [int]):
    let big = filter(xs, x => x > 2)
    len(big)

fn implicit_local():
    y := 41
    y + 1

fn ends_with_loop():
    for i in range(3):
        i

fn ends_with_while():
    var i = 0
    while i < 3:
        i := i + 1
        i

fn ends_with_untaken_if(x: int):
    5
    if x > 0:
        x * 2
`)
	e := ev("Measurement", "value", 100.0, "threshold", 30.0)
	tests := []struct {
		src  string
		want value.Value
	}{
		{"exceeds(value, twice(threshold))", T},
		{"exceeds(50.0, twice(30.0))", F},
		{"classify(150)", S("high")},
		{"classify(75)", S("medium")},
		{"classify(25)", S("low")},
		{"fib(10)", I(55)},
		{"fib(20)", I(6765)},
		{"sum_below(5)", I(10)},
		{"sum_below(5) == 10", T},
		{"first_above([1, 5, 10, 15, 20], 7)", I(10)},
		{"first_above([1, 2], 7)", I(-1)},
		{"risk(500.0, \"DE\")", Fl(1)},
		{"risk(500.0, \"FR\")", Fl(0.5)},
		{"branch_value(1)", S("pos")},
		{"branch_value(-1)", S("neg")},
		{"ends_with_let()", null},
		{"reads_event()", Fl(200)},
		{"shadow(1)", I(2)},
		{"even_odd(4)", T},
		{"loop_forms()", I(0 + 1 + 2 + 3 + 30 + 300 + 10 + 7 + 4 + 1)},
		{"nested_break()", arr(arr(I(0), I(0)), arr(I(1), I(0)), arr(I(1), I(1)), arr(I(2), I(0)), arr(I(2), I(1)), arr(I(2), I(2)))},
		{"while_sum()", I(1 + 3 + 4 + 5)},
		{"compound()", I(2)},
		{"use_lambda([1, 2, 3, 4])", I(2)},
		{"implicit_local()", I(42)},
		{"ends_with_loop()", null},
		{"ends_with_while()", null},
		{"ends_with_untaken_if(3)", I(6)},
		{"ends_with_untaken_if(-3)", null},
		{"[fib(5), classify(60)]", arr(I(5), S("medium"))},
	}
	for _, tc := range tests {
		got, _, _ := callIn(t, p, tc.src, e)
		if !same(got, tc.want) {
			t.Errorf("%s = %v (%v), want %v (%v)", tc.src, got, got.Kind(), tc.want, tc.want.Kind())
		}
	}
	// Func.Call from Go
	if got := p.Func("fib").Call(&Ctx{}, I(12)); !same(got, I(144)) {
		t.Errorf("Call fib(12) = %v", got)
	}
	if p.Func("nope") != nil || len(p.Funcs()) != 22 {
		t.Errorf("Funcs() = %d", len(p.Funcs()))
	}
}

func TestEmitStatements(t *testing.T) {
	p := mustProgram(t, `
fn pixels(width: int, height: int):
    for y in 0..height:
        for x in 0..width:
            emit Pixel(x: x, y: y, color: x + y * width)

fn scaled(val: int):
    emit Result(value: val * 10)

fn outer(n: int):
    for i in 0..n:
        scaled(i)

fn maybe_emit(n: int):
    if n < 0:
        return
    emit Item(val: n)

fn transform():
    let v = value * 2
    emit Result(doubled: v, value)
`)
	trigger := ev("Trigger", "value", 5)
	trigger.Time = 1234
	_, out, _ := callIn(t, p, "pixels(3, 2)", trigger)
	if len(out) != 6 {
		t.Fatalf("pixels: %d events", len(out))
	}
	last := out[5]
	if last.Type != "Pixel" || last.Time != 1234 || len(last.Fields) != 3 {
		t.Fatalf("pixel event = %+v", last)
	}
	for i, want := range []value.Value{I(2), I(1), I(5)} {
		if !same(last.Fields[i].Value, want) {
			t.Errorf("field %s = %v, want %v", last.Fields[i].Name, last.Fields[i].Value, want)
		}
	}
	_, out, _ = callIn(t, p, "outer(2)", trigger)
	if len(out) != 2 || !same(out[1].Fields[0].Value, I(10)) {
		t.Errorf("outer(2) emitted %v", out)
	}
	_, out, _ = callIn(t, p, "maybe_emit(-1)", trigger)
	if len(out) != 0 {
		t.Errorf("maybe_emit(-1) emitted %d", len(out))
	}
	_, out, _ = callIn(t, p, "transform()", trigger)
	if len(out) != 1 || out[0].Fields[0].Name != "doubled" || !same(out[0].Fields[0].Value, I(10)) ||
		out[0].Fields[1].Name != "value" || !same(out[0].Fields[1].Value, I(5)) {
		t.Errorf("transform emitted %+v", out)
	}
	// Outside .process (Emit nil) emit does nothing, and the call still works.
	if got := compileExpr(t, "maybe_emit(3)", NewScope(p))(&Ctx{Event: trigger}); !got.IsNull() {
		t.Errorf("maybe_emit without Emit = %v", got)
	}
}

func TestLimits(t *testing.T) {
	p := mustProgram(t, `
fn forever(n: int):
    return forever(n + 1)

fn spin():
    var i = 0
    while true:
        i := i + 1
    i

fn deep(n: int):
    if n == 0:
        return 0
    return deep(n - 1) + 1
`)
	got, _, counts := callIn(t, p, "forever(0)", nil)
	if !got.IsNull() || counts[WarnRecursionLimit] != 1 {
		t.Errorf("forever = %v, warnings %v", got, counts)
	}
	got, _, counts = callIn(t, p, "spin()", nil)
	if !same(got, I(MaxWhileIterations)) || counts[WarnLoopLimit] != 1 {
		t.Errorf("spin = %v, warnings %v", got, counts)
	}
	got, _, counts = callIn(t, p, "deep(900)", nil)
	if !same(got, I(900)) || len(counts) != 0 {
		t.Errorf("deep(900) = %v, warnings %v", got, counts)
	}
}

// TestStepBudget: nested loops and exponential recursion share one budget
// of MaxSteps per outermost loop or call, so no evaluation runs away; work
// under the budget is exact, and each evaluation gets a fresh budget.
func TestStepBudget(t *testing.T) {
	p := mustProgram(t, `
fn nested():
    var i = 0
    while true:
        var j = 0
        while j < 50000:
            j := j + 1
        i := i + 1
    i

fn twice(n: int) -> int:
    if n <= 0:
        return 1
    return twice(n - 1) + twice(n - 1)

fn loops(n: int) -> int:
    var s = 0
    for i in 0..n:
        for j in 0..n:
            s := s + 1
    s
`)
	tests := []struct {
		call  string
		want  value.Value
		warns map[string]int
	}{
		// Each outer round takes 50 001 steps: the budget runs out in
		// the 200th, whose inner loop stops early; i still counts it.
		{"nested()", I(200), map[string]int{WarnStepLimit: 1}},
		{"twice(10)", I(1024), map[string]int{}},
		{"twice(60)", value.Value{}, map[string]int{WarnStepLimit: 1}},
		{"loops(1000)", I(1_000_000), map[string]int{}},
		{"loops(1000)", I(1_000_000), map[string]int{}}, // a fresh budget
	}
	for _, tc := range tests {
		got, _, counts := callIn(t, p, tc.call, nil)
		if !same(got, tc.want) || !maps.Equal(counts, tc.warns) {
			t.Errorf("%s = %v, warnings %v; want %v, %v", tc.call, got, counts, tc.want, tc.warns)
		}
	}
}

func TestGlobals(t *testing.T) {
	p := mustProgram(t, `
const LIMIT = 5
let threshold = LIMIT * 2
var counter = 0
let names = ["a", "b"]
let computed = double(LIMIT)
started := 1

fn double(x: int) -> int:
    x * 2

fn bump() -> int:
    counter := counter + 1
    counter

fn over_limit(v: int) -> bool:
    v > LIMIT
`)
	s := NewScope(p)
	// const and constant let are folded
	for _, src := range []string{"LIMIT", "threshold + 1", "len(names)"} {
		if _, ok, _ := Const(parseExpr(t, src), s); !ok {
			t.Errorf("%s not folded", src)
		}
	}
	if _, ok, _ := Const(parseExpr(t, "counter"), s); ok {
		t.Error("var folded")
	}
	e := ev("Reading", "count", 11)
	tests := []struct {
		src  string
		want value.Value
	}{
		{"count > threshold", T},
		{"count > LIMIT", T},
		{"computed", I(10)},
		{"started", I(1)},
		{"names[1]", S("b")},
		{"over_limit(6)", T},
		{"bump()", I(1)},
		{"bump() + bump()", I(5)},
		{"counter", I(3)},
	}
	for _, tc := range tests {
		got, _, _ := callIn(t, p, tc.src, e)
		if !same(got, tc.want) {
			t.Errorf("%s = %v, want %v", tc.src, got, tc.want)
		}
	}
	// Each shard may own a copy of the globals.
	g := p.Globals().Clone()
	c := &Ctx{Globals: g}
	compileExpr(t, "bump()", s)(c)
	if slot := g.Lookup("counter"); !same(g.Values[slot], I(4)) || !same(p.Globals().Values[slot], I(3)) {
		t.Errorf("clone counter = %v, program counter = %v", g.Values[slot], p.Globals().Values[slot])
	}
	if g.Lookup("nope") != -1 || !g.Mutable[g.Lookup("counter")] || g.Mutable[g.Lookup("LIMIT")] {
		t.Error("Globals metadata wrong")
	}
}

func TestProgramErrors(t *testing.T) {
	tests := []struct {
		src, code, msg string
	}{
		{"let constant: int = 42\nconstant := 100\n", CodeImmutable, "immutable"},
		{"const C = 1\nC := 2\n", CodeImmutable, "immutable"},
		{"let x = nonexistent_func(1)\n", CodeUnknownFunc, "nonexistent_func"},
		{"fn f():\n    let a = 1\n    a := 2\n", CodeImmutable, "immutable"},
		{"var g = 1\nfn f():\n    g := 2\nlet h = 1\nfn k():\n    h := 2\n", CodeImmutable, "h"},
		{"fn f(a: int, a: int):\n    a\n", CodeDuplicateParam, "twice"},
		{"fn f():\n    1\nfn f():\n    2\n", CodeDuplicateFunc, "already"},
		{"fn f(a: int):\n    a\nlet x = f(1, 2)\n", CodeArity, "f"},
		{"fn f():\n    break\n", CodeBranch, "break"},
		{"let a = 1\nlet a = 2\n", CodeDuplicateGlobal, "already"},
	}
	for _, tc := range tests {
		_, err := NewProgram(parseProgram(t, tc.src).Stmts)
		list, ok := err.(ErrorList)
		if !ok || len(list) != 1 {
			t.Errorf("%q: err = %v, want one %s", tc.src, err, tc.code)
			continue
		}
		if list[0].Code != tc.code || !strings.Contains(list[0].Msg, tc.msg) {
			t.Errorf("%q: got %s %q, want %s containing %q", tc.src, list[0].Code, list[0].Msg, tc.code, tc.msg)
		}
		if d := list.Diagnostics(); len(d) != 1 || d[0].Code != tc.code {
			t.Errorf("Diagnostics() = %v", d)
		}
	}
}
