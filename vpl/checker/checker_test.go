package checker_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/varpulis/varpulis-go/vpl/checker"
	"github.com/varpulis/varpulis-go/vpl/diag"
	"github.com/varpulis/varpulis-go/vpl/parser"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// checkSrc parses and checks src; the source must parse without errors.
func checkSrc(t *testing.T, src string) (*token.FileSet, *checker.Info, diag.List) {
	t.Helper()
	fset := token.NewFileSet()
	f, pd := parser.ParseFile(fset, "t.vpl", []byte(src), 0)
	if pd.HasErrors() {
		var b strings.Builder
		_ = diag.Render(&b, fset, pd)
		t.Fatalf("test program does not parse:\n%s", b.String())
	}
	info, d := checker.Check(fset, f, checker.Options{})
	return fset, info, d
}

// summary formats diagnostics as CODE@line:col, in order.
func summary(fset *token.FileSet, l diag.List) []string {
	out := []string{}
	for _, d := range l {
		p := fset.Position(d.Pos)
		out = append(out, fmt.Sprintf("%s@%d:%d", d.Code, p.Line, p.Column))
	}
	return out
}

type ruleCase struct {
	name string
	src  string
	want []string // CODE@line:col of every diagnostic, in source order
}

func runRules(t *testing.T, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fset, _, d := checkSrc(t, tc.src)
			got := summary(fset, d)
			want := tc.want
			if want == nil {
				want = []string{}
			}
			if !slices.Equal(got, want) {
				var b strings.Builder
				_ = diag.Render(&b, fset, d)
				t.Errorf("got %v, want %v\n%s", got, want, b.String())
			}
		})
	}
}

func TestDeclarations(t *testing.T) {
	runRules(t, []ruleCase{
		{"distinct names", "event A:\n    x: int\nevent B:\n    y: int\nstream S = A\nstream T = B\n", nil},
		{"E001 duplicate event", "event A:\n    x: int\nevent A:\n    y: int\n", []string{"E001@3:7"}},
		{"E002 duplicate stream", "stream S = A\nstream S = B\n", []string{"E002@2:8"}},
		{"E003 duplicate function", "fn f() -> int:\n    return 1\nfn f() -> int:\n    return 2\n", []string{"E003@3:4"}},
		{"E004 duplicate connector", "connector Out = console()\nconnector Out = console()\n", []string{"E004@2:11"}},
		{"E005 duplicate context", "context fast\ncontext fast\n", []string{"E005@2:9"}},
		{"E006 duplicate pattern", "pattern P = SEQ(A, B)\npattern P = SEQ(A, C)\n", []string{"E006@2:9"}},
		{"E007 duplicate type", "type Id = str\ntype Id = int\n", []string{"E007@2:6"}},
		{"E009 duplicate global", "let limit = 5\nvar limit = 6\n", []string{"E009@2:5"}},
		{"E082 duplicate event field", "event A:\n    x: int\n    x: float\n", []string{"E082@3:5"}},
		{"W030 extends unknown", "event A extends Bse:\n    x: int\nevent Base:\n    y: int\n", []string{"W030@1:17"}},
		{"names of different kinds may coincide", "event S:\n    x: int\nstream T = S\nfn T2() -> int:\n    return 1\nconnector C = console()\ncontext C2\n", nil},
		{"E080 unknown context parameter", "context c (cpus: [0])\n", []string{"E080@1:12"}},
		{"context cores", "context c (cores: [0, 1])\n", nil},
		{"W090 config block", "config mqtt { host: \"x\" }\n", []string{"W090@1:1"}},
	})
}

func TestStreamStructure(t *testing.T) {
	runRules(t, []ruleCase{
		{"E010 having without aggregate", "stream S = A\n    .having(n > 1)\n", []string{"E010@2:5"}},
		{"having after aggregate", "stream S = A\n    .window(5)\n    .aggregate(n: count())\n    .having(n > 1)\n", nil},
		{"E011 second aggregate", "stream S = A\n    .window(5)\n    .aggregate(n: count())\n    .aggregate(s: sum(x))\n", []string{"E011@4:5"}},
		{"E012 second window", "stream S = A\n    .window(5)\n    .window(10)\n", []string{"E012@3:5"}},
		{"E013 within twice", "stream S = A -> B\n    .within(5s)\n    .within(10s)\n", []string{"E013@3:5"}},
		{"E013 context twice", "context c\nstream S = A .context(c) .context(c)\n", []string{"E013@2:26"}},
		{"W001 running aggregate", "stream S = A\n    .aggregate(n: count())\n", []string{"W001@2:5"}},
		{"W002 partition after window", "stream S = A\n    .window(5)\n    .partition_by(k)\n    .aggregate(n: count())\n", []string{"W002@3:5"}},
		{"partition before window", "stream S = A\n    .partition_by(k)\n    .window(5)\n    .aggregate(n: count())\n", nil},
		{"partition key expression", "stream S = A .partition_by(k + 1) .window(1m) .aggregate(n: count())\n", nil},
		{"partition key expression is checked", "stream S = A .partition_by(lowr(k))\n", []string{"E050@1:28"}},
		{"E091 unknown op with hint", "stream S = A\n    .wher(x > 1)\n", []string{"E091@2:6"}},
		{"E090 unsupported op", "stream S = A\n    .order_by(x)\n", []string{"E090@2:5"}},
		{"E090 map", "stream S = A .map(x)\n", []string{"E090@1:14"}},
		{"valid filter distinct limit first", "stream S = A\n    .filter(x > 1)\n    .distinct(id)\n    .limit(10)\n    .emit(x: x)\nstream T = A .first()\n", nil},
		{"E062 limit float", "stream S = A .limit(2.5)\n", []string{"E062@1:21"}},
		{"E062 limit negative", "stream S = A .limit(-1)\n", []string{"E062@1:21"}},
		{"limit const", "const N = 5\nstream S = A .limit(N)\n", nil},
		{"E083 where two args", "stream S = A .where(x > 1, y > 2)\n", []string{"E083@1:14"}},
		{"E083 where no args", "stream S = A .where()\n", []string{"E083@1:14"}},
		{"E083 first with args", "stream S = A .first(3)\n", []string{"E083@1:14"}},
		{"E081 duplicate named argument", "stream S = A .window(5m, sliding: 1m, sliding: 2m)\n", []string{"E081@1:39"}},
		{"E082 emit duplicate field", "stream S = A .emit(x: 1, y: 2, x: 3)\n", []string{"E082@1:32"}},
		{"E082 duplicate after many fields", "stream S = A .emit(a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10, a: 11, i: 12)\n", []string{"E082@1:81", "E082@1:88"}},
		{"E082 select duplicate field", "stream S = A .select(x, y: 1, x)\n", []string{"E082@1:31"}},
		{"E083 emit positional", "stream S = A .emit(x)\n", []string{"E083@1:20"}},
		{"W031 emit as undeclared", "event Alert:\n    x: int\nevent A:\n    y: int\nstream S = A .emit as Alrt (x: 1)\nstream T = A .emit as Alert (x: 1)\n", []string{"W031@5:23"}},
		{"E080 log parameter", "stream S = A .log(lvl: \"warn\")\n", []string{"E080@1:19"}},
		{"log valid", "stream S = A .log(level: \"warn\", message: \"hot\", data: temp)\n", nil},
		{"W083 unknown log level logs at info", "stream S = A .log(level: \"loud\")\n", []string{"W083@1:26"}},
		{"E061 log level not a literal", "stream S = A .log(level: lvl)\n", []string{"E061@1:26"}},
		{"E061 log message not a literal", "stream S = A .log(message: msg)\n", []string{"E061@1:28"}},
		{"E080 watermark parameter", "stream S = A .watermark(out_of_ordr: 5s)\n", []string{"E080@1:25"}},
		{"watermark and lateness", "stream S = A .watermark(out_of_order: 5s) .allowed_lateness(1m) .window(1m) .aggregate(n: count())\n", nil},
		{"E061 lateness int", "stream S = A .allowed_lateness(5)\n", []string{"E061@1:32"}},
		{"E061 zero session gap", "stream S = A .window(session: 0s) .aggregate(n: count())\n", []string{"E061@1:31"}},
		{"E061 zero timer interval", "stream T = timer(0s)\n", []string{"E061@1:18"}},
		{"W028 on outside join", "stream S = A .on(x == 1)\n", []string{"W028@1:14"}},
		{"emitted types are known sources", "event X:\n    x: int\nfn f(v: int):\n    if v > 1:\n        for i in [1, 2]:\n            emit Alarm(v: v + i)\nstream S = X .process(f(x))\nstream T = Alarm .where(v > 2)\nstream U = X .emit as Hot (x: x)\nstream V = Hot\nstream W = Cold\n", []string{"W031@9:23", "W030@11:12"}},
		{"print and process", "fn f(x: int):\n    emit Out(v: x)\nstream S = A .print(x, \"t\") .process(f(x))\n", nil},
		{"late stream", "stream R = Reading .where(x > 0)\nstream Late = R.late()\n", nil},
		{"W092 late stream of an event type", "stream R = Reading .where(x > 0)\nstream LateRaw = Reading.late()\n", []string{"W092@2:25"}},
		{"E092 late not first", "stream Late = R .where(x > 0) .late()\n", []string{"E092@1:31"}},
		{"E092 late on merge", "stream Late = merge(A, B) .late()\n", []string{"E092@1:27"}},
		{"E071 nested aggregate", "stream S = A .window(5) .aggregate(n: sum(abs(avg(x))))\n", []string{"E071@1:47"}},
		{"E083 aggregate unnamed", "stream S = A .window(5) .aggregate(count())\n", []string{"E083@1:36"}},
	})
}

func TestWindows(t *testing.T) {
	runRules(t, []ruleCase{
		{"all window forms", "stream A1 = R .window(5m)\nstream A2 = R .window(5m, sliding: 1m)\nstream A3 = R .window(100)\nstream A4 = R .window(100, sliding: 10)\nstream A5 = R .window(session: 2m)\n", nil},
		{"E061 string size", "stream S = R .window(\"5m\")\n", []string{"E061@1:22"}},
		{"E061 float size", "stream S = R .window(2.5)\n", []string{"E061@1:22"}},
		{"E061 zero count", "stream S = R .window(0)\n", []string{"E061@1:22"}},
		{"E061 slide kind mismatch", "stream S = R .window(5m, sliding: 10)\n", []string{"E061@1:35"}},
		{"E061 count slide kind", "stream S = R .window(100, sliding: 1m)\n", []string{"E061@1:36"}},
		{"E061 session not duration", "stream S = R .window(session: 5)\n", []string{"E061@1:31"}},
		{"E083 session with size", "stream S = R .window(5m, session: 1m)\n", []string{"E083@1:14"}},
		{"E083 no size", "stream S = R .window()\n", []string{"E083@1:14"}},
		{"E083 positional slide", "stream S = R .window(5m, 1m)\n", []string{"E083@1:26"}},
		{"E080 unknown window parameter", "stream S = R .window(5m, slide: 1m)\n", []string{"E080@1:26"}},
		{"const duration", "const W = 5m\nstream S = R .window(W)\n", nil},
	})
}

func TestAggregates(t *testing.T) {
	runRules(t, []ruleCase{
		{"every aggregate", "stream S = R .window(10) .aggregate(a: sum(x), b: avg(x), c: count(), d: count(x), e: min(x), f: max(x), g: first(x), h: last(x), i: stddev(x), j: variance(x), k: median(x), l: percentile(x, 95), m: count_distinct(x), n: collect(x), o: ema(x, 12), p: ema(x, 0.2))\n", nil},
		{"count(distinct(x)) is count_distinct(x)", "stream S = R .window(10) .aggregate(n: count(distinct(x)), m: count(distinct(lower(name))) + 1)\n", nil},
		{"count(distinct(...)) still checks its argument", "stream S = R .window(10) .aggregate(n: count(distinct(nosuchfn(x))))\n", []string{"E050@1:55"}},
		{"arithmetic on aggregates", "stream S = R .window(10) .aggregate(spread: max(x) - min(x), r: round(avg(x * 2)), k: last(key))\n", nil},
		{"E070 unknown aggregate", "stream S = R .window(5) .aggregate(x: bogus_agg(value))\n", []string{"E070@1:39"}},
		{"E070 near miss", "stream S = R .window(5) .aggregate(a: avgg(x))\n", []string{"E070@1:39"}},
		{"E071 missing argument", "stream S = R .window(5) .aggregate(s: sum())\n", []string{"E071@1:39"}},
		{"E071 extra argument", "stream S = R .window(5) .aggregate(s: avg(x, y))\n", []string{"E071@1:39"}},
		{"E072 ema arity", "stream S = R .window(5) .aggregate(e: ema(price))\n", []string{"E072@1:39"}},
		{"E073 bare field", "stream S = R .window(5) .aggregate(v: value)\n", []string{"E073@1:39"}},
		{"E073 expression without aggregate", "stream S = R .window(5) .aggregate(v: x + 1)\n", []string{"E073@1:39"}},
		{"E073 field beside an aggregate", "stream S = R .window(5) .aggregate(v: count() + x, w: round(avg(y), 2) * LIMIT)\n", []string{"E073@1:49", "E073@1:74"}},
		{"global beside an aggregate", "const LIMIT = 2\nstream S = R .window(5) .aggregate(w: round(avg(y), 2) * LIMIT)\n", nil},
		{"E074 percentile range", "stream S = R .window(5) .aggregate(p: percentile(x, 150))\n", []string{"E074@1:53"}},
		{"E074 ema period", "stream S = R .window(5) .aggregate(e: ema(x, y))\n", []string{"E074@1:46"}},
		{"ema period 0 is accepted (period 1)", "stream S = R .window(5) .aggregate(e: ema(x, 0))\n", nil},
		{"E074 ema negative factor", "stream S = R .window(5) .aggregate(e: ema(x, 1.5))\n", []string{"E074@1:46"}},
		{"E056 aggregate outside", "stream S = R .where(stddev(x) > 1)\n", []string{"E056@1:21"}},
		{"E082 duplicate alias", "stream S = R .window(5) .aggregate(n: count(), n: sum(x))\n", []string{"E082@1:48"}},
		{"E050 in aggregate argument", "stream S = R .window(5) .aggregate(n: sum(nope(x)))\n", []string{"E050@1:43"}},
		{"scalar sum over array", "stream S = R .where(sum(values) > 10)\n", nil},
	})
}

func TestFunctionsAndVariables(t *testing.T) {
	runRules(t, []ruleCase{
		{"E050 unknown in initialiser", "let x = nonexistent_func(1)\n", []string{"E050@1:9"}},
		{"E050 unknown in stream", "stream S = R .where(lenght(name) > 3)\n", []string{"E050@1:21"}},
		{"E050 unknown in function body", "fn f(x: int) -> int:\n    return sqr(x)\n", []string{"E050@2:12"}},
		{"E050 unknown in step condition", "stream S = A as a -> B where nope(x) as b\n", []string{"E050@1:30"}},
		{"E050 unknown in emit", "stream S = R .emit(v: upper2(name))\n", []string{"E050@1:23"}},
		{"E050 variable called", "let k = 3\nlet y = k(1)\n", []string{"E050@2:9"}},
		{"E051 builtin arity", "let x = abs(1, 2)\n", []string{"E051@1:9"}},
		{"E051 user arity", "fn f(a: int, b: int) -> int:\n    return a + b\nstream S = R .where(f(x) > 1)\n", []string{"E051@3:21"}},
		{"user function everywhere", "fn hot(t: float) -> bool:\n    return t > 30.0\nstream S = R as r -> R2 where hot(temp) as s .not(R3 where hot(temp)) .within(1m) .emit(h: hot(r.temp))\nstream P = R .print(hot(temp))\n", nil},
		{"functions declared later", "let x = g(1)\nfn g(v: int) -> int:\n    return v\n", nil},
		{"builtins", "let a = coalesce(x, 1)\nlet b = now()\nlet c = uuid()\nlet d = substring(\"abc\", 1)\nlet e = range(3)\n", nil},
		{"E040 let", "let constant: int = 42\nconstant := 100\n", []string{"E040@2:1"}},
		{"E040 const", "const c = 1\nc := 2\n", []string{"E040@2:1"}},
		{"var assignable", "var total = 0\ntotal := total + 1\n", nil},
		{"E040 global let in function", "let limit = 5\nfn f():\n    limit := 6\n", []string{"E040@3:5"}},
		{"global var in function", "var count_seen = 0\nfn f():\n    count_seen := count_seen + 1\n", nil},
		{"E040 local let", "fn f() -> int:\n    let a = 1\n    a := 2\n    return a\n", []string{"E040@3:5"}},
		{"local var and param assignable", "fn f(p: int) -> int:\n    var a = 1\n    a := 2\n    p := 3\n    return a + p\n", nil},
		{"W042 assignment creates a global", "var limit = 5\nlimt := 6\n", []string{"W042@2:1"}},
		{"W042 assignment creates a local", "fn f():\n    total := 1\n", []string{"W042@2:5"}},
		{"created global is a var", "new_var := 42\nnew_var := new_var + 1\nstream S = A .emit(v: new_var)\n", []string{"W042@1:1"}},
		{"E041 assignment before declaration", "x := 1\nvar x = 0\n", []string{"E041@1:1"}},
		{"loop variable", "fn f() -> int:\n    var s = 0\n    for i in 0..10:\n        s := s + i\n    return s\n", nil},
		{"E053 break outside loop", "fn f():\n    break\n", []string{"E053@2:5"}},
		{"break in loop", "fn f():\n    while true:\n        break\n    for i in 0..3:\n        continue\n", nil},
		{"E053 return at top level", "return 1\n", []string{"E053@1:1"}},
		{"E054 stream inside a function body", "fn f():\n    stream S = A\n", []string{"E054@2:5"}},
		{"E054 function inside a function body", "fn g():\n    fn h():\n        return 1\n    return 2\n", []string{"E054@2:5"}},
		{"E055 duplicate parameter", "fn f(x: int, x: int) -> int:\n    return x\n", []string{"E055@1:14"}},
		{"W040 top-level emit", "emit Alert(x: 1)\n", []string{"W040@1:1"}},
		{"W041 top-level expression", "1 + 2\n", []string{"W041@1:1"}},
		{"E052 lambda outside pattern", "let f = x => x + 1\n", []string{"E052@1:9"}},
		{"pattern op after a window", "stream S = R .window(20) .pattern(hot: events => events.filter(r => r.t > 50.0).len() > 5) .aggregate(n: count())\n", nil},
		{"pattern op: parameter name, events, builtins as methods", "stream S = R .partition_by(k) .window(5s) .pattern(p: xs => xs.map(r => r.t).sliding_pairs().filter((a, b) => b > a).len() == len(events) - 1 and variance(xs.map(r => r.t)) < 4.0)\n", nil},
		{"two pattern ops", "stream S = R .window(5) .pattern(a: e => e.len() > 1) .pattern(b: e => e.first().t < events.last().t)\n", nil},
		{"pattern op without a window", "stream S = R .pattern(p: e => e.first().t > 1)\n", nil},
		{"E050 unknown method in pattern op", "stream S = R .window(20) .pattern(hot: events => events.fliter(r => r.t > 50.0).len() > 5)\n", []string{"E050@1:57", "E052@1:64"}},
		{"E093 pattern op after a window and a where", "stream S = R .window(20) .where(t > 1) .pattern(p: e => e.len() > 5)\n", []string{"E093@1:41"}},
		{"E091 operation named _", "stream S = A ._()\n", []string{"E091@1:15"}},
		{"a function named _", "fn _() -> int:\n    return 1\nstream S = A .where(_() > 0)\n", nil},
		{"E050 calling _", "stream S = A as a -> B where _()\n", []string{"E050@1:30"}},
		{"E061 count window on a join", "stream S = join(A, B) .on(A.id == B.id) .window(1)\n", []string{"E061@1:49"}},
		{"E083 sliding window on a join", "stream S = join(A, B) .on(A.id == B.id) .window(1s, sliding: 1s)\n", []string{"E083@1:41"}},
		{"join window", "stream S = join(A, B) .on(A.id == B.id) .window(1s)\n", nil},
		{"E090 sequence in a pattern op", "stream S = R .window(20) .pattern(p: A -> B)\n", []string{"E090@1:27"}},
		{"E083 pattern lambda with two parameters", "stream S = R .window(20) .pattern(p: (a, b) => a)\n", []string{"E083@1:38"}},
		{"E052 lambda nested in a pattern op", "stream S = R .window(20) .pattern(p: events => (x => x))\n", []string{"E052@1:49"}},
		{"E081 duplicate call argument", "let x = f(a: 1, a: 2)\nfn f(a: int, b: int) -> int:\n    return a\n", []string{"E081@1:17"}},
	})
}

func TestPredicates(t *testing.T) {
	runRules(t, []ruleCase{
		{"E060 int literal", "stream S = R\n    .where(42)\n", []string{"E060@2:12"}},
		{"E060 string literal having", "stream S = R .window(5) .aggregate(n: count()) .having(\"yes\")\n", []string{"E060@1:56"}},
		{"E060 step condition", "stream S = A -> B where 1 as b\n", []string{"E060@1:25"}},
		{"W060 arithmetic", "stream S = R .where(x + 1)\n", []string{"W060@1:21"}},
		{"boolean literal", "stream S = R .where(true)\n", nil},
	})
}

func TestPatterns(t *testing.T) {
	runRules(t, []ruleCase{
		{"full pattern", "stream T = BadgeIn as b\n    -> DoorOpened where door_id == b.door_id as d\n    -> all PersonDetected where door_id == b.door_id as p\n    .within(2m)\n    .not(Alarm where door_id == b.door_id)\n    .partition_by(door_id)\n    .strategy(any)\n    .consume(all)\n    .max_runs(500)\n    .emit(door: b.door_id, last_seen: p.person, n: count(p))\n", nil},
		{"E020 within without pattern", "stream S = R\n    .within(5s)\n", []string{"E020@2:5"}},
		{"absence with not", "stream S = Order as o .not(Payment where order_id == o.id) .within(30s) .emit(id: o.id)\n", nil},
		{"W020 one-step not without within", "stream S = Order as o .not(Payment where order_id == o.id) .emit(id: o.id)\n", []string{"W020@1:23"}},
		{"W020 trailing not step without within", "stream S = Order as o\n    -> not Payment where order_id == o.id\n", []string{"W020@2:8"}},
		{"W020 named pattern ending with NOT without within", "pattern P = SEQ(A as a, NOT B)\nstream S = P .emit(x: a.n)\n", []string{"W020@2:12"}},
		{"W020 named pattern: an OR alternative ending with NOT", "pattern R = SEQ(A, B) OR SEQ(C, NOT D)\nstream S = R .emit(x: 1)\n", []string{"W020@2:12"}},
		{"named pattern absence with its own within", "pattern P = SEQ(A as a, NOT B) within 1m\nstream S = P .emit(x: a.n)\n", nil},
		{"named pattern absence with the stream's within", "pattern P = A as a AND NOT B\nstream S = P .within(5s) .emit(x: a.n)\n", nil},
		{"trailing not step with within", "stream S = Order as o\n    -> not Payment where order_id == o.id\n    .within(30s)\n", nil},
		{"not inside a chain needs no within", "stream S = Order as o\n    -> Ship where id == o.id\n    .not(Cancel where id == o.id)\n", nil},
		{"positioned not between steps needs no within", "stream S = A as a\n    -> not B\n    -> C\n", nil},
		{"positioned negation", "stream S = A as a -> not B where id == a.id -> C as c .within(1m)\n", nil},
		{"E021 forecast outside pattern", "stream S = R\n    .where(t > 30.0)\n    .forecast(confidence: 0.5)\n", []string{"E021@3:5"}},
		{"E021 strategy outside pattern", "stream S = R .strategy(any)\n", []string{"E021@1:14"}},
		{"E021 not on merge", "stream S = merge(A, B) .not(C)\n", []string{"E021@1:24"}},
		{"E022 unknown alias", "stream S = A as a -> B where id == x.id as b\n", []string{"E022@1:36"}},
		{"E022 unknown alias in emit", "stream S = A as a -> B as b .emit(v: c.v)\n", []string{"E022@1:38"}},
		{"field of tested event", "event B:\n    meta: str\nevent A:\n    id: int\nstream S = A as a -> B where meta.id == a.id as b\n", nil},
		{"qualifier by type name", "stream S = A as a -> B where B.id == A.id as b\n", nil},
		{"E023 duplicate alias", "stream S = A as a -> B as a\n", []string{"E023@1:27"}},
		{"E024 strategy", "stream S = A -> B\n    .strategy(fastest)\n", []string{"E024@2:15"}},
		{"E025 consume", "stream S = A -> B .consume(some)\n", []string{"E025@1:28"}},
		{"E062 max_runs zero", "stream S = A -> B .max_runs(0)\n", []string{"E062@1:29"}},
		{"E026 step after merge", "stream S = merge(A, B) -> C\n", []string{"E026@1:24"}},
		{"E027 later alias", "stream S = A as a -> B where id == c.id as b -> C as c\n", []string{"E027@1:36"}},
		{"kleene own alias", "stream S = Tick as t0 -> all Tick where price > t.price as t .within(1m)\n", nil},
		{"sequence source", "stream S = sequence(o: Order, s: Shipment where order_id == o.id)\n    .within(48h)\n    .emit(order: o.id, ship: s.id)\n", nil},
		{"E027 sequence later alias", "stream S = sequence(o: Order where id == s.id, s: Shipment)\n", []string{"E027@1:42"}},
		{"E023 sequence duplicate alias", "stream S = sequence(o: Order, o: Shipment)\n", []string{"E023@1:31"}},
		{"E061 sequence step within", "stream S = sequence(o: Order, s: Shipment.within(\"x\"))\n", []string{"E061@1:50"}},
		{"E014 negated step after an optional step", "stream S = A as a -> B? as b -> not C -> D\n", []string{"E014@1:33"}},
		{"E014 negated step before an optional step", "stream S = A as a -> not C -> B* as b\n", []string{"E014@1:22"}},
		{"E014 negated step with an alias", "stream S = A as a -> not B as b -> C\n", []string{"E014@1:31"}},
		{"E014 negated step with a quantifier", "stream S = A as a -> not all B -> C\n", []string{"E014@1:26"}},
		{"E014 negated steps before an optional step", "stream S = A as a -> all B as b -> not C -> not X -> D? as d -> E\n", []string{"E014@1:36", "E014@1:45"}},
		{"negated steps between mandatory steps", "stream S = A as a -> all B as b -> not C -> not X -> D as d -> E?\n", nil},
		{"E014 named pattern starting with NOT", "pattern P = SEQ(NOT B, C)\n", []string{"E014@1:17"}},
		{"E014 named pattern NOT item with an alias", "pattern P = SEQ(A, NOT B as b, C)\n", []string{"E014@1:29"}},
		{"E014 named pattern NOT after an optional item", "pattern P = SEQ(A, B?, NOT C, D)\n", []string{"E014@1:24"}},
		{"E014 named pattern AND NOT after an optional item", "pattern P = SEQ(A, B*) AND NOT C\n", []string{"E014@1:28"}},
		{"E014 named pattern NOT without a preceding step", "pattern P = A OR NOT C\n", []string{"E014@1:18"}},
		{"named pattern AND with 252 interleavings", "pattern P = SEQ(A, B, C, D, E) AND SEQ(F, G, H, I, J)\n", nil},
		{"E015 named pattern AND with 462 interleavings", "pattern P = SEQ(A, B, C, D, E) AND SEQ(F, G, H, I, J, K)\n", []string{"E015@1:13"}},
		{"E015 named pattern OR product", "pattern P = SEQ(A OR B, C OR D, E OR F, G OR H, I OR J, K OR L, M OR N, O OR Y, Q OR Z)\n", []string{"E015@1:13"}},
		{"E083 pattern partition key reads an alias inside an expression", "stream S = Login as l -> Transfer as t .partition_by(lower(l.user))\n", []string{"E083@1:60"}},
		{"pattern partition key alias field or event expression", "stream S = Login as l -> Transfer as t .partition_by(l.user)\nstream T = Login as l -> Transfer as t .partition_by(lower(user))\n", nil},
		{"E014 named pattern arrow NOT", "pattern P = A as a -> C* -> NOT B where x == a.x\n", []string{"E014@1:29"}},
		{"named pattern negations in place", "pattern P = SEQ(A as a, NOT B, C) AND NOT D within 1m\npattern Q = A as a -> all C as c -> not B -> D within 1m\n", nil},
		{"E061 zero within", "stream S = A as a -> B as b .within(0s)\n", []string{"E061@1:37"}},
		{"E061 zero within through a constant", "const W = 0s\nstream S = A as a -> B as b .within(W)\n", []string{"E061@2:37"}},
		{"E061 zero named pattern within", "pattern P = SEQ(A, B) within 0s\n", []string{"E061@1:30"}},
		{"trend aggregate", "stream C = Tick as t0\n    -> all Tick where price > t0.price as up\n    .within(1m)\n    .partition_by(sym)\n    .trend_aggregate(n: count_trends(), ups: count_events(up), s: sum_trends(up.price))\n    .emit(trends: n)\n", nil},
		{"E090 Kleene alias read whole in a trend pattern", "stream T = A as a -> all B where x > count(b) as b -> C .within(1m) .trend_aggregate(n: count_trends())\n", []string{"E090@1:44"}},
		{"trend pattern reading the Kleene alias's last event", "stream T = A as a -> all B where x > b.x as b -> C .within(1m) .trend_aggregate(n: count_trends())\n", nil},
		{"E028 safe selector in a trend aggregate", "stream T = A as a -> all B as b .within(1m) .trend_aggregate(n: sum_trends(b?.x))\n", []string{"E028@1:76"}},
		{"E090 alternatives in a trend pattern", "pattern P = SEQ(A, B+) OR C within 1m\nstream T = P .trend_aggregate(n: count_trends())\n", []string{"E090@2:8"}},
		{"E090 negation in a trend pattern", "stream T = A as a -> not C -> all B as b .not(D) .within(1m) .trend_aggregate(n: count_trends())\n", []string{"E090@1:19", "E090@1:42"}},
		{"E090 operation before .trend_aggregate", "stream T = A as a -> all B as b .strategy(any) .where(x > 1) .trend_aggregate(n: count_trends()) .where(n > 1)\n", []string{"E090@1:48"}},
		{"E028 unknown trend function", "stream C = A as a -> all B as b .within(1m) .trend_aggregate(n: count_trend())\n", []string{"E028@1:65"}},
		{"E028 trend arity", "stream C = A as a -> all B as b .within(1m) .trend_aggregate(n: count_trends(b))\n", []string{"E028@1:65"}},
		{"E022 trend alias", "stream C = A as a -> all B as b .within(1m) .trend_aggregate(n: count_events(c))\n", []string{"E022@1:78"}},
		{"E021 trend outside pattern", "stream C = A .trend_aggregate(n: count_trends())\n", []string{"E021@1:14"}},
		{"forecast", "stream F = A as a -> B as b .within(5m) .forecast(mode: \"fast\", confidence: 0.7, horizon: 2m, warmup: 50, max_depth: 3, hawkes: true, conformal: false)\n", nil},
		{"E080 forecast parameter", "stream F = A -> B .forecast(confidance: 0.7)\n", []string{"E080@1:29"}},
		{"E061 forecast horizon 0 and max_depth past 16", "stream F = A -> B .forecast(horizon: 0s, max_depth: 17)\n", []string{"E061@1:38", "E061@1:53"}},
		{"E061 forecast value", "stream F = A -> B .forecast(confidence: \"high\")\n", []string{"E061@1:41"}},
		{"named pattern", "pattern Surge = SEQ(Spike as first, Spike+ where site == first.site as more) within 5m partition by site\nstream SurgeAlert = Surge .emit(site: first.site, n: count(more))\n", nil},
		{"E022 named pattern alias", "pattern P = SEQ(A as a, B where id == z.id as b)\n", []string{"E022@1:39"}},
		{"E027 named pattern later alias", "pattern P = SEQ(A where id == b.id as a, B as b)\n", []string{"E027@1:31"}},
		{"E023 named pattern duplicate alias", "pattern P = SEQ(A as a, B as a)\n", []string{"E023@1:30"}},
		{"E023 named pattern AND operands share no alias", "pattern P = SEQ(A as a, B) AND C as a\n", []string{"E023@1:37"}},
		{"OR alternatives may bind the same alias", "pattern P = SEQ(A as x, B) OR SEQ(C as x, B)\nstream S = P .emit(x: x.n)\n", nil},
		{"E023 inside one OR alternative", "pattern P = SEQ(A as x, B as x) OR C as x\n", []string{"E023@1:30"}},
		{"E061 named pattern within", "pattern P = SEQ(A, B) within 5\n", []string{"E061@1:30"}},
		{"pattern AND OR NOT", "pattern P = SEQ(A as a, NOT C where id == a.id, B as b) within 1m\npattern Q = (A as a AND B as b) OR C as c\n", nil},
		{"E026 step after named pattern", "pattern P = SEQ(A, B)\nstream S = P -> C\n", []string{"E026@2:14"}},
		{"E022 named pattern stream alias", "pattern P = SEQ(A as a, B as b)\nstream S = P .emit(x: c.x)\n", []string{"E022@2:23"}},
		{"all source kleene", "stream S = all Tick as t .within(1m) .emit(n: count(t))\n", nil},
		{"count of an array", "stream S = R .where(count(xs) > 1)\n", nil},
		{"E056 count() outside aggregate", "stream S = R .emit(n: count())\n", []string{"E056@1:23"}},
		{"lambda in filter and map", "let xs = [1, 2, 3]\nlet ys = map(filter(xs, x => x > 1), x => x * 2)\n", nil},
	})
}

func TestSourcesAndConnectors(t *testing.T) {
	runRules(t, []ruleCase{
		{"W030 near miss", "event Reading:\n    temp: float\nstream S = Readng\n", []string{"W030@3:12"}},
		{"W030 undeclared with events declared", "event Reading:\n    temp: float\nstream S = Pressure\n", []string{"W030@3:12"}},
		{"undeclared input type without events", "stream S = Pressure\n", nil},
		{"W030 step type", "event Order:\n    id: int\nevent Payment:\n    id: int\nstream S = Order as o -> Paymnt as p\n", []string{"W030@5:26"}},
		{"stream declared later", "stream A = B.where(x > 1)\nstream B = R\n", nil},
		{"emitted type as source", "event R:\n    x: int\nfn f(x: int):\n    emit Derived(v: x)\nstream S = R .process(f(x))\nstream T = Derived\n", nil},
		{"E008 cycle", "stream A = B.where(x > 0)\nstream B = A.where(x < 9)\n", []string{"E008@1:8"}},
		{"E008 self", "stream Reading = Reading.where(x > 0)\n", []string{"E008@1:8"}},
		{"E008 three streams", "stream A = C\nstream B = A\nstream C = merge(B, X)\n", []string{"E008@1:8"}},
		{"E008 via step", "stream A = X as x -> B as b\nstream B = A\n", []string{"E008@1:8"}},
		{"merge", "stream M = merge(stream Hot = Reading .where(t > 30.0), Alarm)\n", nil},
		{"E083 merge op", "stream M = merge(stream Hot = Reading .on(t > 30.0), Alarm)\n", []string{"E083@1:40"}},
		{"join", "stream F = join(Quote, Order)\n    .on(Quote.sym == Order.sym)\n    .window(30s)\n    .select(sym: sym, bid: Quote.bid, qty: Order.qty)\n", nil},
		{"W029 join without on", "stream F = join(Quote, Order)\n", []string{"W029@1:12"}},
		{"E029 three-way join keyed on two inputs", "stream F = join(A, B, C) .on(A.id == B.id)\n", []string{"E029@1:38"}},
		{"three-way join", "stream F = join(A, B, C) .on(A.id == B.id and lower(C.id) == B.id)\n", nil},
		{"E029 key with two expressions of one input", "stream F = join(A, B) .on(A.id == B.id and A.k == B.id)\n", []string{"E029@1:35"}},
		{"E029 join condition", "stream F = join(Quote, Order)\n    .on(Quote.sym > Order.sym)\n", []string{"E029@2:9"}},
		{"E029 unknown join input", "stream F = join(Quote, Order)\n    .on(Quote.sym == Ordr.sym)\n", []string{"E029@2:22"}},
		{"inline join on", "stream F = join(stream Q = Quote .on(Q.sym == O.sym), stream O = Order)\n", nil},
		{"E083 join one input", "stream F = join(Quote) .on(Quote.a == Quote.b)\n", []string{"E083@1:12"}},
		{"E082 join duplicate input", "stream F = join(Quote, Quote) .on(Quote.a == Quote.b)\n", []string{"E082@1:24", "E029@1:35"}},
		{"timer", "stream T = timer(5s, initial_delay: 1s)\n", nil},
		{"E061 timer interval", "stream T = timer(5)\n", []string{"E061@1:18"}},
		{"E080 timer parameter", "stream T = timer(5s, delay: 1s)\n", []string{"E080@1:22"}},
		{"connectors", "connector In = mqtt(host: \"localhost\", port: 1883, topic: \"t\")\nconnector K = kafka(brokers: [\"a:9092\", \"b:9092\"], group_id: \"g\")\nconnector Out = console()\nstream S = Reading.from(In, topic: \"x\") .to(Out)\n", nil},
		{"E030 unknown connector in to", "stream S = R .to(UndefinedConnector, topic: \"test\")\n", []string{"E030@1:18"}},
		{"E030 unknown connector in from", "stream S = R.from(Nope)\n", []string{"E030@1:19"}},
		{"E033 from sink-only", "connector Out = console()\nstream S = R.from(Out)\n", []string{"E033@2:19"}},
		{"E033 to enrich-only", "connector Db = database(url: \"postgres://db\")\nstream S = R .to(Db)\n", []string{"E033@2:18"}},
		{"E031 unknown context", "stream S = R\n    .context(missing_ctx)\n", []string{"E031@2:14"}},
		{"E031 emit context", "context a\nstream S = R .context(a) .emit(context: b, x: 1)\n", []string{"E031@2:41"}},
		{"enrich", "connector Api = http(url: \"http://api\")\nstream S = R .enrich(Api, key: id, fields: [name, city], cache_ttl: 5m, timeout: 2s, fallback: \"?\")\n", nil},
		{"E032 enrich kind", "connector Out = console()\nstream S = R .enrich(Out, key: id, fields: [name])\n", []string{"E032@2:22"}},
		{"E034 enrich key", "connector Api = http(url: \"http://api\")\nstream S = R .enrich(Api, fields: [name])\n", []string{"E034@2:14"}},
		{"W032 enrich fields", "connector Api = http(url: \"http://api\")\nstream S = R .enrich(Api, key: id, fields: [])\n", []string{"W032@2:44"}},
		{"E080 enrich parameter", "connector Api = http(url: \"http://api\")\nstream S = R .enrich(Api, key: id, fields: [a], ttl: 5m)\n", []string{"E080@2:49"}},
		{"W080 connector parameter", "connector Out = mqtt(hots: \"localhost\")\n", []string{"W080@1:22"}},
		{"W081 connector parameter type", "connector Out = mqtt(port: \"1883\")\n", []string{"W081@1:28"}},
		{"W082 connector kind", "connector Out = mqqt(host: \"localhost\")\n", []string{"W082@1:17"}},
	})
}

func TestInfo(t *testing.T) {
	src := `event Reading:
    temp: float
connector In = mqtt(host: "h")
context fast
let limit = 30.0
fn hot(t: float) -> bool:
    return t > limit
pattern P = SEQ(A as a, B as b)
stream Alerts = Hot as h -> Cool as c .within(1m)
stream Hot = Reading.where(hot(temp)) .context(fast)
stream Cool = Reading.where(temp < 10.0)
stream Both = merge(Hot, Cool)
stream Pairs = join(Hot, Cool) .on(Hot.id == Cool.id)
stream Seq = sequence(x: Hot, y: Cool)
stream Tick = timer(1s)
stream Ext = Reading.from(In)
stream FromP = P
`
	fset, info, d := checkSrc(t, src)
	if d.HasErrors() {
		var b strings.Builder
		_ = diag.Render(&b, fset, d)
		t.Fatalf("errors:\n%s", b.String())
	}
	kinds := map[string]checker.SourceKind{
		"Alerts": checker.SourceStream, "Hot": checker.SourceEvent, "Cool": checker.SourceEvent,
		"Both": checker.SourceMerge, "Pairs": checker.SourceJoin, "Seq": checker.SourceSequence,
		"Tick": checker.SourceTimer, "Ext": checker.SourceConnector, "FromP": checker.SourcePattern,
	}
	for name, k := range kinds {
		if got := info.Streams[name].Kind; got != k {
			t.Errorf("%s: kind %v, want %v", name, got, k)
		}
	}
	pattern := map[string]bool{"Alerts": true, "Seq": true, "FromP": true}
	for name, st := range info.Streams {
		if st.Pattern != pattern[name] {
			t.Errorf("%s: Pattern = %v", name, st.Pattern)
		}
	}
	if a := info.Streams["Alerts"].Aliases["c"]; a == nil || a.Type != "Cool" || a.Step != 1 || a.Kleene {
		t.Errorf("alias c = %+v", a)
	}
	if a := info.Streams["FromP"].Aliases["b"]; a == nil || a.Type != "B" {
		t.Errorf("pattern alias b = %+v", a)
	}
	if got := strings.Join(info.Streams["Alerts"].Deps, ","); got != "Hot,Cool" {
		t.Errorf("deps = %s", got)
	}
	if got := strings.Join(info.Order, ","); got != "Hot,Cool,Alerts,Both,Pairs,Seq,Tick,Ext,FromP" {
		t.Errorf("order = %s", got)
	}
	if got := strings.Join(info.StreamOrder, ","); got != "Alerts,Hot,Cool,Both,Pairs,Seq,Tick,Ext,FromP" {
		t.Errorf("stream order = %s", got)
	}
	if got := strings.Join(info.InputTypes, ","); got != "A,B,Reading" {
		t.Errorf("input types = %s", got)
	}
	if info.Streams["Hot"].Context != "fast" || info.Streams["Ext"].Connector != "In" {
		t.Errorf("context/connector not recorded")
	}
	if info.Globals["limit"] == nil || info.Functions["hot"] == nil || info.Connectors["In"].Kind != "mqtt" ||
		info.Contexts["fast"] == nil || info.Patterns["P"] == nil || info.Events["Reading"] == nil {
		t.Errorf("declarations not recorded")
	}
}

func TestInputTypesOption(t *testing.T) {
	fset := token.NewFileSet()
	src := "event Reading:\n    t: float\nstream S = Pressure\n"
	f, _ := parser.ParseFile(fset, "t.vpl", []byte(src), 0)
	_, d := checker.Check(fset, f, checker.Options{InputTypes: []string{"Pressure"}})
	if len(d) != 0 {
		t.Errorf("W030 for a known input type: %v", summary(fset, d))
	}
}

func TestNilFile(t *testing.T) {
	info, d := checker.Check(token.NewFileSet(), nil, checker.Options{})
	if info == nil || len(d) != 0 {
		t.Fatal("nil file")
	}
}

// TestTooManyDiagnostics checks the cap on reported diagnostics: E099 when
// errors were left out, W099 when only warnings were.
func TestTooManyDiagnostics(t *testing.T) {
	tests := []struct {
		name, line, want string
	}{
		{"errors", "stream S%d = A .where(nope(x))\n", "E099"},
		{"warnings", "stream S%d = A .aggregate(n: count())\n", "W099"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			for i := range checker.MaxDiagnostics + 10 {
				fmt.Fprintf(&b, tt.line, i)
			}
			fset := token.NewFileSet()
			f, pd := parser.ParseFile(fset, "t.vpl", []byte(b.String()), 0)
			if len(pd) > 0 {
				t.Fatal(pd[0].Message)
			}
			_, d := checker.Check(fset, f, checker.Options{})
			if len(d) != checker.MaxDiagnostics+1 {
				t.Fatalf("%d diagnostics, want %d", len(d), checker.MaxDiagnostics+1)
			}
			n := 0
			for _, x := range d {
				if x.Code == tt.want {
					n++
					if !strings.Contains(x.Message, " 10 more") {
						t.Errorf("message %q does not count the 10 left out", x.Message)
					}
				}
			}
			if n != 1 {
				t.Errorf("%d %s diagnostics, want 1", n, tt.want)
			}
		})
	}
}
