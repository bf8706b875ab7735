package expr

import (
	"math"
	"strings"
	"testing"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/token"
)

var (
	null = value.Value{}
	T    = value.Bool(true)
	F    = value.Bool(false)
	I    = value.Int
	Fl   = value.Float
	S    = value.String
)

func arr(vs ...value.Value) value.Value { return value.Array(vs) }

// testEvent is the current event of the operator tests.
func testEvent() *event.Event {
	e := ev("Reading", "temp", 30.5, "n", 7, "name", "sensor-1", "flag", true, "zero", 0, "fzero", 0.0)
	m := value.NewMap(2)
	m.Set("b", value.MapOf(func() *value.Map { x := value.NewMap(1); x.Set("c", I(42)); return x }()))
	m.Set("k", S("v"))
	e.Set("a", value.MapOf(m))
	e.Set("Left.key", S("L"))
	e.Set("m_px", I(5))
	e.Set("nan", Fl(math.NaN()))
	return e
}

func TestOperators(t *testing.T) {
	tests := []struct {
		src  string
		want value.Value
	}{
		// literals and arithmetic typing (vpl.md §2)
		{"1 + 2", I(3)},
		{"1 + 2.0", Fl(3)},
		{"7 / 2", I(3)},
		{"-7 / 2", I(-3)},
		{"7 / 2.0", Fl(3.5)},
		{"7 % 3", I(1)},
		{"-7 % 3", I(-1)},
		{"7.5 % 2", Fl(1.5)},
		{"2 ** 10", I(1024)},
		{"2 ** -1", I(0)},
		{"2.0 ** 0.5", Fl(math.Sqrt2)},
		{"-2 ** 2", I(4)},
		{"-n", I(-7)},
		{"-temp", Fl(-30.5)},
		{"n * 2", I(14)},
		{"temp * 2", Fl(61)},
		{"n * temp", Fl(213.5)},
		{`"a" + "b"`, S("ab")},
		{`"sensor-" + name`, S("sensor-sensor-1")},
		{`"a" + 1`, null},
		{"missing + 1", null},
		{"missing * temp", null},
		{"10 / 3.0", Fl(10 / 3.0)},
		{"10.0 / 3", Fl(10 / 3.0)},
		// division by zero
		{"n / 0", null},
		{"n % 0", null},
		{"temp / 0.0", null},
		{"n / zero", null},
		{"0 ** -1", null},
		// comparisons
		{"1 == 1.0", T},
		{"1 != 1.0", F},
		{"1 < 1.5", T},
		{"2 <= 2.0", T},
		{"2.0 >= 2", T},
		{"3 > 2.5", T},
		{`"abc" < "abd"`, T},
		{`"b" > "a"`, T},
		{`"1" == 1`, F},
		{`"1" != 1`, T},
		{`"a" < 1`, F},
		{"temp > 28.0", T},
		{"temp > 28", T},
		{"temp < 28", F},
		{"28 < temp", T},
		{"28.0 >= temp", F},
		{"n == 7", T},
		{"n == 7.0", T},
		{"n > 6.5", T},
		{"n <= 7", T},
		{"n != 7", F},
		{"7 == n", T},
		{"temp == 30.5", T},
		{"temp != 30.5", F},
		{"nan == nan", T},
		{"nan > 1.0", F},
		{"nan != 1.0", T},
		// null handling
		{"missing == null", T},
		{"missing != null", F},
		{"n == null", F},
		{"n != null", T},
		{"null == missing", T},
		{"missing is null", T},
		{"n is not null", T},
		{"missing is not null", F},
		{"missing > 1", F},
		{"missing < 1", F},
		{"missing == 1", F},
		{"missing != 1", F},
		{"missing == missing2", F},
		{"missing < null", F},
		// logic: short-circuit, non-bool counts as false
		{"true and false", F},
		{"true and true", T},
		{"false or true", T},
		{"missing and true", F},
		{"true and missing", F},
		{"missing or true", T},
		{"true or missing", T},
		{"missing or false", F},
		{"n > 1 and temp > 30", T},
		{"n > 100 or name == \"sensor-1\"", T},
		{"true xor false", T},
		{"true xor true", F},
		{"not true", F},
		{"not flag", F},
		{"not n > 100", T},
		{"not missing", null},
		{"not 1", null},
		{"false and 1 / 0 == 1", F},
		// coalesce
		{"missing ?? 5", I(5)},
		{"n ?? 5", I(7)},
		{"missing ?? missing2 ?? \"x\"", S("x")},
		{"null ?? null", null},
		// in / not in
		{"2 in [1, 2, 3]", T},
		{"2.0 in [1, 2, 3]", T},
		{"5 not in [1, 2, 3]", T},
		{"2 not in [1, 2, 3]", F},
		{`"ens" in name`, T},
		{`"x" not in name`, T},
		{`"b" in {"a": 1, "b": 2}`, T},
		{`"z" in {"a": 1}`, F},
		{"1 in missing", F},
		{"1 not in missing", F},
		{"missing in [1, null]", T},
		{"3 in (1..5)", T},
		{"5 in (1..5)", F},
		{"5 in (1..=5)", T},
		{"temp in (30..31)", T},
		{"0 in (1..5)", F},
		{"0 not in (1..5)", T},
		// ranges as values
		{"0..3", arr(I(0), I(1), I(2))},
		{"1..=3", arr(I(1), I(2), I(3))},
		{"3..1", arr()},
		// if-then-else
		{"if n > 5 then \"big\" else \"small\"", S("big")},
		{"if n > 50 then \"big\" else if n > 3 then \"mid\" else \"small\"", S("mid")},
		{"if missing then 1 else 2", null},
		{"if 1 then 1 else 2", I(2)},
		// indexing and slicing
		{"[10, 20, 30][0]", I(10)},
		{"[10, 20, 30][-1]", I(30)},
		{"[10, 20, 30][3]", null},
		{"[10, 20, 30][1.0]", null},
		{`{"a": 1}["a"]`, I(1)},
		{`{"a": 1}["b"]`, null},
		{`"héllo"[1]`, S("é")},
		{`"hello"[-1]`, S("o")},
		{"[10, 20, 30, 40, 50][1:3]", arr(I(20), I(30))},
		{"[10, 20, 30, 40, 50][:2]", arr(I(10), I(20))},
		{"[10, 20, 30, 40, 50][3:]", arr(I(40), I(50))},
		{"[10, 20, 30][2:10]", arr(I(30))},
		{"[10, 20, 30][2:1]", arr()},
		{"[10, 20, 30][-2:]", arr(I(20), I(30))},
		{`"héllo"[1:3]`, S("él")},
		{`"hello"[1:3]`, S("el")},
		{"missing[0]", null},
		{"missing[1:2]", null},
		// member access
		{"a.k", S("v")},
		{"a.b.c", I(42)},
		{"a.b?.c", I(42)},
		{"a.missing.c", null},
		{"a?.missing?.c", null},
		{"nothing.f", null},
		{"Left.key", S("L")},
		{"m.px", I(5)},
		{"Reading.temp", Fl(30.5)},
		{"Other.temp", null},
		{`{"x": {"y": 3}}.x.y`, I(3)},
		// bitwise
		{"6 & 3", I(2)},
		{"6 | 3", I(7)},
		{"6 ^ 3", I(5)},
		{"1 << 4", I(16)},
		{"256 >> 4", I(16)},
		{"~0", I(-1)},
		{"1 << 64", null},
		{"1.0 & 1", null},
		// timestamps and durations
		{"@2026-01-02T00:00:00Z + 1h", value.Timestamp(1767315600 * 1e9)},
		{"@2026-01-02T01:00:00Z - @2026-01-02T00:00:00Z", value.Duration(3600e9)},
		{"@2026-01-02T01:00:00+01:00 == @2026-01-02T00:00:00Z", T},
		{"@2026-01-02 < @2026-01-03", T},
		{"1m > 30s", T},
		{"2 * 30s == 1m", T},
		{"5m / 5", value.Duration(60e9)},
		// collections
		{"[1, n, \"x\"]", arr(I(1), I(7), S("x"))},
		{`{"k": n}["k"]`, I(7)},
		{"{k: 1, \"two words\": 2}[\"two words\"]", I(2)},
	}
	c := &Ctx{Event: testEvent()}
	for _, tc := range tests {
		t.Run(tc.src, func(t *testing.T) {
			got := compileExpr(t, tc.src, nil)(c)
			if !same(got, tc.want) {
				t.Errorf("%s = %v (%v), want %v (%v)", tc.src, got, got.Kind(), tc.want, tc.want.Kind())
			}
		})
	}
}

func TestDivisionByZeroWarns(t *testing.T) {
	warn, counts := warnCounter()
	c := &Ctx{Event: ev("E", "x", 10, "y", 0), Warn: warn}
	for _, src := range []string{"x / y", "x % y", "x / 0", "10 / 0", "x / 0.0"} {
		if got := compileExpr(t, src, nil)(c); !got.IsNull() {
			t.Errorf("%s = %v, want null", src, got)
		}
	}
	if counts[WarnDivisionByZero] != 5 {
		t.Errorf("division_by_zero warnings = %d, want 5", counts[WarnDivisionByZero])
	}
	// A null dividend is null without a warning.
	compileExpr(t, "missing / 0", nil)(c)
	if counts[WarnDivisionByZero] != 5 {
		t.Errorf("null / 0 warned")
	}
	// A nil Warn is fine.
	if got := compileExpr(t, "x / y", nil)(&Ctx{Event: c.Event}); !got.IsNull() {
		t.Errorf("got %v", got)
	}
}

func TestConstantFolding(t *testing.T) {
	tests := []struct {
		src   string
		konst bool
		want  value.Value
	}{
		{"1 + 2 * 3", true, I(7)},
		{"-5", true, I(-5)},
		{"sqrt(16.0) + abs(-2)", true, Fl(6)},
		{`upper("a") + "b"`, true, S("Ab")},
		{"[1, 2][0]", true, I(1)},
		{"if 1 > 2 then 1 else 2", true, I(2)},
		{"false and x", true, F},
		{"true or x", true, T},
		{"x + 1", false, null},
		{"1 / 0", false, null}, // kept for the runtime warning
		{"now()", false, null},
		{"uuid()", false, null},
	}
	for _, tc := range tests {
		v, ok, err := Const(parseExpr(t, tc.src), nil)
		if err != nil {
			t.Fatalf("%s: %v", tc.src, err)
		}
		if ok != tc.konst || (ok && !same(v, tc.want)) {
			t.Errorf("Const(%s) = %v, %v; want %v, %v", tc.src, v, ok, tc.want, tc.konst)
		}
	}
}

func TestFieldHintSurvivesLayoutChange(t *testing.T) {
	e := compileExpr(t, "temperature > 28.0", nil)
	a := ev("R", "id", 1, "temperature", 30.0)
	b := ev("R", "temperature", 20.0, "id", 1)
	cc := ev("R", "id", 1)
	for i := 0; i < 3; i++ {
		if !value.Truthy(e(&Ctx{Event: a})) {
			t.Fatal("a: want true")
		}
		if value.Truthy(e(&Ctx{Event: b})) {
			t.Fatal("b: want false")
		}
		if value.Truthy(e(&Ctx{Event: cc})) {
			t.Fatal("missing field: want false")
		}
		if value.Truthy(e(&Ctx{})) {
			t.Fatal("nil event: want false")
		}
	}
	// an int field against a float literal, and a string field
	if !value.Truthy(e(&Ctx{Event: ev("R", "temperature", 29)})) {
		t.Error("int field 29 > 28.0 should be true")
	}
	if value.Truthy(e(&Ctx{Event: ev("R", "temperature", "hot")})) {
		t.Error("string field > 28.0 should be false")
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		src, code, hint string
	}{
		{"nosuchfn(1)", CodeUnknownFunc, ""},
		{"avgg(x)", CodeUnknownFunc, "did you mean `avg`?"},
		{"sqrt(1, 2)", CodeArity, ""},
		{"now(1)", CodeArity, ""},
		{"substring(\"a\")", CodeArity, ""},
		{"x => x", CodeLambda, ""},
		{"filter([1], nosuchfn(3))", CodeUnknownFunc, ""},
		{"len(x => x)", CodeLambda, ""},
		{"(1)(2)", CodeInvalid, ""},
	}
	for _, tc := range tests {
		_, err := Compile(parseExpr(t, tc.src), nil)
		list, ok := err.(ErrorList)
		if !ok || len(list) == 0 {
			t.Errorf("%s: err = %v, want %s", tc.src, err, tc.code)
			continue
		}
		if list[0].Code != tc.code || list[0].Hint != tc.hint {
			t.Errorf("%s: got %s %q hint %q, want %s hint %q", tc.src, list[0].Code, list[0].Msg, list[0].Hint, tc.code, tc.hint)
		}
		if !list[0].Pos.IsValid() {
			t.Errorf("%s: error without position", tc.src)
		}
	}
	// A BadExpr (what the parser leaves after a syntax error) is an error.
	if _, err := Compile(&ast.BadExpr{From: 1, To: 2}, nil); err == nil {
		t.Error("BadExpr compiled")
	}
}

// Hand-built ASTs: the compiler does not depend on the parser.
func TestHandBuiltAST(t *testing.T) {
	id := func(n string) *ast.Ident { return &ast.Ident{NamePos: 1, Name: n} }
	lit := &ast.BasicLit{ValuePos: 1, Kind: token.FLOAT, Raw: "1.5", Float: 1.5}
	e := &ast.BinaryExpr{X: &ast.BinaryExpr{X: id("price"), Op: token.MUL, Y: id("volume")}, Op: token.GTR, Y: lit}
	f, err := Compile(e, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := f(&Ctx{Event: ev("T", "price", 2.0, "volume", 1)}); !same(got, T) {
		t.Errorf("got %v", got)
	}
	not := &ast.UnaryExpr{Op: token.NOT, X: e}
	f, _ = Compile(not, nil)
	if got := f(&Ctx{Event: ev("T", "price", 1.0, "volume", 1)}); !same(got, T) {
		t.Errorf("not: got %v", got)
	}
}

func TestAliases(t *testing.T) {
	s := NewScope(nil)
	a := s.DeclareAlias("a")
	tk := s.DeclareKleeneAlias("t")
	s.DeclareEventAlias("r")
	if again := s.DeclareAlias("a"); again != a {
		t.Fatalf("redeclared alias got slot %d, want %d", again, a)
	}
	if s.NumBindings() != 2 {
		t.Fatalf("NumBindings = %d", s.NumBindings())
	}
	if slot, k, ok := s.LookupAlias("t"); !ok || !k || slot != tk {
		t.Fatalf("LookupAlias(t) = %d %v %v", slot, k, ok)
	}
	binds := s.NewBindings()
	if !binds[tk].Kleene || binds[a].Kleene {
		t.Fatalf("NewBindings flags wrong: %+v", binds)
	}
	binds[a].Event = ev("Order", "id", "o1", "total", 100)
	list := []*event.Event{ev("Tick", "px", 10), ev("Tick", "px", 12.5), ev("Tick", "px", nil), ev("Tick", "px", 8)}
	binds[tk] = Binding{List: list, Event: list[3], Kleene: true}
	c := &Ctx{Event: ev("Payment", "order_id", "o1", "amount", 100, "px", 9), Bindings: binds}
	tests := []struct {
		src  string
		want value.Value
	}{
		{"a.id", S("o1")},
		{"order_id == a.id", T},
		{"amount == a.total", T},
		{"a.missing", null},
		{"r.amount", I(100)},
		{"r.amount + a.total", I(200)},
		{"t.px", I(8)},
		{"t[0].px", I(10)},
		{"t[1].px", Fl(12.5)},
		{"t[-1].px", I(8)},
		{"t[9].px", null},
		{"count(t)", I(4)},
		{"len(t)", I(4)},
		{"count(t.px)", I(3)},
		{"sum(t.px)", Fl(30.5)},
		{"avg(t.px)", Fl(30.5 / 3)},
		{"min(t.px)", I(8)},
		{"max(t.px)", Fl(12.5)},
		{"first(t.px)", I(10)},
		{"last(t.px)", I(8)},
		{"sum(t.px * 2)", Fl(61)},
		{"max(t.px) - min(t.px)", Fl(4.5)},
		{"px > t.px", T},
		{"count(t) > 3 and a.total > 50", T},
		{"type_of(t)", S("array")},
		{"t[0]", mapOf("px", I(10))},
		{"[t.px, a.total, t[0].px + px]", arr(I(8), I(100), I(19))},
		{"if t.px > 5 then a.id else null", S("o1")},
		{"a", value.MapOf(func() *value.Map { m := value.NewMap(2); m.Set("id", S("o1")); m.Set("total", I(100)); return m }())},
	}
	for _, tc := range tests {
		got := compileExpr(t, tc.src, s)(c)
		if !same(got, tc.want) {
			t.Errorf("%s = %v (%v), want %v (%v)", tc.src, got, got.Kind(), tc.want, tc.want.Kind())
		}
	}
	// sum over ints stays int
	binds[tk] = Binding{List: list[:1], Event: list[0], Kleene: true}
	if got := compileExpr(t, "sum(t.px)", s)(c); !same(got, I(10)) {
		t.Errorf("int sum = %v (%v)", got, got.Kind())
	}
	// empty Kleene list
	binds[tk] = Binding{Kleene: true}
	for src, want := range map[string]value.Value{"count(t)": I(0), "sum(t.px)": I(0), "avg(t.px)": null, "t.px": null, "px > t.px": F} {
		if got := compileExpr(t, src, s)(c); !same(got, want) {
			t.Errorf("empty: %s = %v, want %v", src, got, want)
		}
	}
	// Kleene step predicate: t. terms hold while the list is empty.
	vs := s.VacuousKleene()
	pred := compileExpr(t, "px > t.px and px < 100", vs)
	if got := pred(c); !same(got, T) {
		t.Errorf("vacuous first: got %v", got)
	}
	c.Event = ev("Tick", "px", 200)
	if got := pred(c); !same(got, F) {
		t.Errorf("vacuous: px < 100 must still apply, got %v", got)
	}
	binds[tk] = Binding{List: list[:1], Event: list[0], Kleene: true}
	c.Event = ev("Tick", "px", 9)
	if got := pred(c); !same(got, F) {
		t.Errorf("vacuous with list: 9 > 10 should be false, got %v", got)
	}
	// Bindings shorter than the scope: null, no panic.
	if got := compileExpr(t, "a.id", s)(&Ctx{}); !got.IsNull() {
		t.Errorf("no bindings: %v", got)
	}
}

func TestTopLevelLocalsAndLambdas(t *testing.T) {
	s := NewScope(nil)
	slot := s.DeclareLocal("events")
	if s.FrameSize() != 1 || slot != 0 {
		t.Fatalf("FrameSize = %d, slot = %d", s.FrameSize(), slot)
	}
	e := compileExpr(t, "len(filter(events, e => e.temp > 50.0)) > 1", s)
	mk := func(temp float64) value.Value {
		m := value.NewMap(1)
		m.Set("temp", Fl(temp))
		return value.MapOf(m)
	}
	frame := []value.Value{arr(mk(60), mk(40), mk(70))}
	if got := e(&Ctx{Frame: frame}); !same(got, T) {
		t.Errorf("got %v", got)
	}
	if !same(frame[0], arr(mk(60), mk(40), mk(70))) {
		t.Error("caller frame changed")
	}
	if s.FrameSize() != 1 {
		t.Errorf("lambda slots leaked into FrameSize: %d", s.FrameSize())
	}
	tests := map[string]value.Value{
		"map([1, 2, 3], x => x * 10)":                  arr(I(10), I(20), I(30)),
		"[1, 2, 3].map(x => x + 1).filter(x => x > 2)": arr(I(3), I(4)),
		"map([[1, 2], [3, 4]], (a, b) => a + b)":       arr(I(3), I(7)),
		"map([5, 6], (v, i) => i)":                     arr(I(0), I(1)),
		"map([1, 2], x => { let y = x * 2  y + 1 })":   arr(I(3), I(5)),
		"filter(missing, x => true)":                   null,
	}
	for src, want := range tests {
		if got := compileExpr(t, src, nil)(&Ctx{}); !same(got, want) {
			t.Errorf("%s = %v, want %v", src, got, want)
		}
	}
}

// One compiled expression evaluated by several goroutines on events of
// different layouts: the field hints are shared and must stay race-free
// and correct.
func TestConcurrentEvaluation(t *testing.T) {
	e := compileExpr(t, "temperature > 28.0 and zone == 3", nil)
	layouts := []*event.Event{
		ev("R", "temperature", 30.0, "zone", 3),
		ev("R", "zone", 3, "id", 1, "temperature", 31.0),
		ev("R", "x", 1, "y", 2, "zone", 3, "temperature", 29.0),
	}
	done := make(chan bool)
	for g := 0; g < 4; g++ {
		go func(g int) {
			ok := true
			c := &Ctx{}
			for i := 0; i < 2000; i++ {
				c.Event = layouts[(i+g)%len(layouts)]
				ok = ok && value.Truthy(e(c))
			}
			done <- ok
		}(g)
	}
	for g := 0; g < 4; g++ {
		if !<-done {
			t.Error("wrong result under concurrency")
		}
	}
}

func TestUnboundAliasFallsBack(t *testing.T) {
	s := NewScope(nil)
	s.DeclareAlias("a")
	e := compileExpr(t, "a.id", s)
	// match output without bindings: a_id on the current event
	if got := e(&Ctx{Event: ev("M", "a_id", "x"), Bindings: make([]Binding, 1)}); !same(got, S("x")) {
		t.Errorf("a.id on match output = %v", got)
	}
	b := []Binding{{Event: ev("A", "id", "bound")}}
	if got := e(&Ctx{Event: ev("M", "a_id", "x"), Bindings: b}); !same(got, S("bound")) {
		t.Errorf("bound a.id = %v", got)
	}
}

func TestErrorText(t *testing.T) {
	_, err := Compile(parseExpr(t, "avgg(x) + nosuch(1)"), nil)
	if err == nil || !strings.Contains(err.Error(), "E050: unknown function avgg (did you mean `avg`?)") ||
		!strings.Contains(err.Error(), "and 1 more errors") {
		t.Errorf("error text = %v", err)
	}
}
