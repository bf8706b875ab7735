package parser

import (
	"strings"
	"testing"

	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// parseOK parses src and fails the test on any diagnostic.
func parseOK(t *testing.T, src string) (*ast.File, *token.FileSet) {
	t.Helper()
	fset := token.NewFileSet()
	f, diags := ParseFile(fset, "test.vpl", []byte(src), 0)
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics for\n%s\n%s", src, renderDiags(fset, diags))
	}
	return f, fset
}

func stmtsSx(f *ast.File) string {
	var parts []string
	for _, s := range f.Stmts {
		parts = append(parts, sx(s))
	}
	return strings.Join(parts, "\n")
}

func TestParseStatements(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		// Sources (§3.1).
		{"source ident", `stream S = Reading`, `(stream S Reading)`},
		{"source with from", `stream S from Reading`, `(stream S Reading)`},
		{"source with from then ops", "stream S from Reading\n    .where(x > 1)", `(stream S Reading .where((> x 1)))`},
		{"source alias", `stream S = Reading as r`, `(stream S Reading as r)`},
		{"source all", `stream S = all Tick as t`, `(stream S all Tick as t)`},
		{"source all no alias", `stream S = all Tick`, `(stream S all Tick)`},
		{"source named all_users", `stream S = all_users as u`, `(stream S all_users as u)`},
		{"source from", `stream S = Reading.from(Mqtt, topic: "a/b", qos: 1)`, `(stream S (from Reading Mqtt topic="a/b" qos=1))`},
		{"source from bare", `stream S = Reading.from(Mqtt)`, `(stream S (from Reading Mqtt))`},
		{"source merge", "stream S = merge(\n    stream S1 = SensorEvent .where(sensor_id == \"S1\"),\n    stream S2 = Other,\n    Third\n)\n.emit(v: value)",
			`(stream S (merge S1=SensorEvent .where((== sensor_id "S1")) S2=Other Third) .emit(v=value))`},
		{"source join", "stream F = join(Quote, Order)\n    .on(Quote.sym == Order.sym)\n    .window(30s)",
			`(stream F (join Quote Order) .on((== (. Quote sym) (. Order sym))) .window(dur:30000000000))`},
		{"source join with a bare on clause", "stream F = join(Quote, Order) on Quote.sym == Order.sym\n    .window(30s)",
			`(stream F (join Quote Order) .on((== (. Quote sym) (. Order sym))) .window(dur:30000000000))`},
		{"source join with a bare on clause, ops on the line", "stream F = join(Quote, Order) on Quote.sym == Order.sym .window(30s)",
			`(stream F (join Quote Order) .on((== (. Quote sym) (. Order sym))) .window(dur:30000000000))`},
		{"source join inline on", `stream F = join(stream A = Quote .on(sym == 1), B)`, `(stream F (join A=Quote .on((== sym 1)) B))`},
		{"source sequence", `stream L = sequence(o: Order, s: Shipment where order_id == o.id .within(48h), k: Tick+)`,
			`(stream L (sequence o:Order s:Shipment where (== order_id (. o id)) within dur:172800000000000 k:Tick+))`},
		{"source timer", `stream T = timer(5s, initial_delay: 1s)`, `(stream T (timer dur:5000000000 initial_delay=dur:1000000000))`},
		{"stream type annotation", `stream S: Stream<Reading> = Reading`, `(stream S:Stream<Reading> Reading)`},
		{"source named merge", `stream S = merge .where(x)`, `(stream S merge .where(x))`},

		// Operations (§3.3).
		{"followed by", "stream S = A as a\n    -> B where x == a.x as b\n    -> not C where y > 1\n    -> all D as d\n    -> E+ -> F* -> G? as g",
			`(stream S A as a (-> B where (== x (. a x)) as b) (-> not C where (> y 1)) (-> all D as d) (-> E+) (-> F*) (-> G? as g))`},
		{"followed by one line", `stream S = A -> B -> C .emit(status: "complete")`, `(stream S A (-> B) (-> C) .emit(status="complete"))`},
		{"step predicate stops at op", "stream S = A as a -> B where v == a.x / a.y as b .within(5m)",
			`(stream S A as a (-> B where (== v (/ (. a x) (. a y))) as b) .within(dur:300000000000))`},
		{"step predicate without alias stops at op", "stream S = A -> B where order_id == a.id .not(C where x == a.id) .within(1h)",
			`(stream S A (-> B where (== order_id (. a id))) .not(C where (== x (. a id))) .within(dur:3600000000000))`},
		{"op generic", "stream S = A\n    .where(x > 1)\n    .window(5m, sliding: 1m)\n    .aggregate(n: count(), s: sum(v))\n    .having(n > 2)",
			`(stream S A .where((> x 1)) .window(dur:300000000000 sliding=dur:60000000000) .aggregate(n=(call count) s=(call sum v)) .having((> n 2)))`},
		{"op session window", `stream S = A .window(session: 2m)`, `(stream S A .window(session=dur:120000000000))`},
		{"op emit keyword fields", `stream S = A .emit(type: "x", from: a.from, key: k, timeout: 1, session: s, fields: f, all: 1, in: 2, stream: 3)`,
			`(stream S A .emit(type="x" from=(. a from) key=k timeout=1 session=s fields=f all=1 in=2 stream=3))`},
		{"op emit as", `stream S = A .emit as Alert(x: 1)`, `(stream S A .emit as Alert(x=1))`},
		{"op emit empty", `stream S = A .emit()`, `(stream S A .emit())`},
		{"op order_by", `stream S = A .order_by(x desc, y, z asc)`, `(stream S A .order_by(x:desc y z:asc))`},
		{"op not", `stream S = A as a -> B .not(C where id == a.id) .not(D)`, `(stream S A as a (-> B) .not(C where (== id (. a id))) .not(D))`},
		{"op fork", `stream S = A .fork(hot: .where(t > 1) .emit(x: 1), cold: .where(t < 0))`,
			`(stream S A .fork(hot: .where((> t 1)) .emit(x=1), cold: .where((< t 0))))`},
		{"op pattern lambda", `stream S = A .window(20) .pattern(hot: events => events.len() > 5)`,
			`(stream S A .window(20) .pattern(hot: (lambda (events) (> (call (. events len)) 5))))`},
		{"op pattern paren lambda", `stream S = A .pattern(p: (a, b) => a)`, `(stream S A .pattern(p: (lambda (a b) a)))`},
		{"op pattern algebra", `stream S = A .pattern(p: A -> B and not C or (D xor E))`,
			`(stream S A .pattern(p: (or (and (-> A B) (NOT C)) (xor D E))))`},
		{"op trend aggregate", `stream S = A -> all B as b .trend_aggregate(n: count_trends(), e: count_events(b))`,
			`(stream S A (-> all B as b) .trend_aggregate(n=(call count_trends) e=(call count_events b)))`},
		{"op enrich", `stream S = A .enrich(Db, key: id, fields: [name, city], cache_ttl: 5m, timeout: 2s, fallback: "n/a")`,
			`(stream S A .enrich(Db key=id fields=[name city] cache_ttl=dur:300000000000 timeout=dur:2000000000 fallback="n/a"))`},
		{"op to print log", `stream S = A .to(Out, topic: "t") .print(x, "s") .log(level: "warn", message: "m") .print()`,
			`(stream S A .to(Out topic="t") .print(x "s") .log(level="warn" message="m") .print())`},
		{"op misc", `stream S = A .distinct() .limit(3) .first() .any(2) .all() .collect() .context(c) .watermark(out_of_order: 5s) .allowed_lateness(1m)`,
			`(stream S A .distinct() .limit(3) .first() .any(2) .all() .collect() .context(c) .watermark(out_of_order=dur:5000000000) .allowed_lateness(dur:60000000000))`},
		{"op select", `stream S = A .select(x, doubled: x * 2)`, `(stream S A .select(x doubled=(* x 2)))`},
		{"op process", `stream S = A .process(gen(3))`, `(stream S A .process((call gen 3)))`},
		{"chain at column 1", "stream S = merge(A, B)\n.emit(v: 1)\n.where(v > 0)", `(stream S (merge A B) .emit(v=1) .where((> v 0)))`},
		{"late", `stream Late = Readings.late()`, `(stream Late Readings .late())`},

		// Declarations (§2).
		{"event", "event DoorOpened:\n    door_id: str\n    floor: int\n    badge: str?\n    tags: [str]\n    attrs: {str: int}",
			`(event DoorOpened door_id:str floor:int badge:str? tags:[str] attrs:{str:int})`},
		{"event extends", "event B extends A:\n    x: int", `(event B extends A x:int)`},
		{"event same line", "event P: x: int y: float", `(event P x:int y:float)`},
		{"event braces", "event P { x: int, y: float }", `(event P x:int y:float)`},
		{"event keyword fields", "event E:\n    type: str\n    key: str\n    from: str\n    stream: int\n    timestamp: timestamp",
			`(event E type:str key:str from:str stream:int timestamp:timestamp)`},
		{"type decl", `type Pair = (int, str)`, `(type Pair (int,str))`},
		{"type decl nested", `type S = Stream<Stream<int>>`, `(type S Stream<Stream<int>>)`},
		{"type decl optional", `type M = {str: [float]}?`, `(type M {str:[float]}?)`},
		{"let", `let limit = 5`, `(let limit 5)`},
		{"var typed", `var count: int = 0`, `(var count:int 0)`},
		{"const", `const PI = 3.14`, `(const PI 3.14f)`},
		{"assign", `x := x + 1`, `(:= x (+ x 1))`},
		{"assign =", `x = 2`, `(= x 2)`},
		{"assign +=", `x += 2`, `(+= x (+ x 2))`},
		{"assign -=", `x -= 2`, `(-= x (- x 2))`},
		{"assign *=", `x *= 2`, `(*= x (* x 2))`},
		{"connector", `connector Mqtt = mqtt(host: "localhost", port: 1883, topics: ["a", "b"], qos: 1)`,
			`(connector Mqtt mqtt host="localhost" port=1883 topics=["a" "b"] qos=1)`},
		{"connector empty", `connector Out = console()`, `(connector Out console)`},
		{"context", "context ingest\ncontext fast (cores: [0, 1])", "(context ingest)\n(context fast cores=[0 1])"},
		{"config braces", `config mqtt { host: "x", port: 1883 }`, `(config mqtt host="x" port=1883)`},
		{"config indented", "config:\n    host: \"x\",\n    port: 1883", `(config _ host="x" port=1883)`},
		{"import", `import "lib/common.vpl" as common`, `(import "lib/common.vpl" as common)`},
		{"import plain", `import "x.vpl"`, `(import "x.vpl")`},
		{"pattern", `pattern Surge = SEQ(Spike as first, Spike+ where site == first.site as more) within 5m partition by site`,
			`(pattern Surge (SEQ Spike as first Spike+ where (== site (. first site)) as more) within dur:300000000000 by site)`},
		{"pattern algebra", `pattern P = (A AND NOT B) OR SEQ(C, NOT D where x > 1, E*)`,
			`(pattern P (OR (AND A (NOT B)) (SEQ C (NOT D where (> x 1)) E*)))`},
		{"pattern prefix AND and OR", `pattern P = OR(AND(A, B), C, D where x > 1) AND E`,
			`(pattern P (AND (OR (OR (AND A B) C) D where (> x 1)) E))`},
		{"pattern prefix with one operand", `pattern P = AND(A) -> B`, `(pattern P (-> A B))`},
		{"pattern where and", `pattern P = A where x > 1 and y < 2 AND B`, `(pattern P (AND A where (and (> x 1) (< y 2)) B))`},
		{"pattern arrow", `pattern P = A -> B within 1m`, `(pattern P (-> A B) within dur:60000000000)`},
		{"pattern arrow all and not", "pattern P = A as a -> all B where x > a.x as b -> NOT C -> not D where y == 1\n    within 1m partition by k",
			`(pattern P (-> (-> (-> A as a B+ where (> x (. a x)) as b) (NOT C)) (NOT D where (== y 1))) within dur:60000000000 by k)`},

		// Functions and control statements (§2.5, §2.11).
		{"fn", "fn risk(amount: float, country: str) -> float:\n    var score = amount / 1000.0\n    if country != \"FR\":\n        score := score * 2.0\n    score",
			`(fn risk (amount:float country:str) -> float [(var score (/ amount 1000f)) (if (!= country "FR") [(:= score (* score 2f))]) score])`},
		{"fn no params", "fn probe():\n    emit Result(a: 1, type: \"t\")", `(fn probe () [(emit Result a=1 type="t")])`},
		{"if elif else", "fn f(x: int) -> str:\n    if x > 100:\n        return \"high\"\n    elif x > 50:\n        return \"mid\"\n    elif x > 10:\n        return \"low\"\n    else:\n        return \"none\"",
			`(fn f (x:int) -> str [(if (> x 100) [(return "high")] elif (> x 50) [(return "mid")] elif (> x 10) [(return "low")] else [(return "none")])])`},
		{"for while break continue", "fn g():\n    for i in 0..10:\n        if i == 3:\n            break\n        continue\n    while i < 10:\n        i := i + 1\n    return",
			`(fn g () [(for i (.. 0 10) [(if (== i 3) [(break)]) (continue)]) (while (< i 10) [(:= i (+ i 1))]) (return)])`},
		{"emit multiline", "fn p():\n    emit Result(\n        has: contains(\"a\", \"b\"),\n        r: 1\n    )\n    emit Other()",
			`(fn p () [(emit Result has=(call contains "a" "b") r=1) (emit Other)])`},
		{"nested blocks", "fn q(x: int, y: int):\n    if x > 0:\n        if y > 0:\n            emit Q(n: 1)\n        else:\n            emit Q(n: 2)\n    else:\n        emit Q(n: 3)",
			`(fn q (x:int y:int) [(if (> x 0) [(if (> y 0) [(emit Q n=1)] else [(emit Q n=2)])] else [(emit Q n=3)])])`},
		{"if expression statement", "fn c(x: int) -> str:\n    if x > 1 then \"a\" else \"b\"", `(fn c (x:int) -> str [(if (> x 1) "a" "b")])`},
		{"if expression else on next lines", "fn c(x: int) -> str:\n    if x > 5 then \"a\"\n    else if x > 1 then \"b\"\n    else \"c\"\n    x",
			`(fn c (x:int) -> str [(if (> x 5) "a" (if (> x 1) "b" "c")) x])`},
		{"return if expression else on next line", "fn r(x: int) -> str:\n    return if x > 5 then \"a\"\n    else \"b\"",
			`(fn r (x:int) -> str [(return (if (> x 5) "a" "b"))])`},
		{"expression statements", "fn g():\n    quadrant(1, 1)\n    quadrant(-1, 1)", `(fn g () [(call quadrant 1 1) (call quadrant (- 1) 1)])`},
		{"keyword names as values", "fn k(type: str) -> bool:\n    type == \"x\"", `(fn k (type:str) -> bool [(== type "x")])`},
		{"multi-line expression", "fn m() -> int:\n    let x = 1 +\n        2\n    x", `(fn m () -> int [(let x (+ 1 2)) x])`},
		{"break_x assignment", "fn b():\n    break_x := 1\n    continue_y := 2", `(fn b () [(:= break_x 1) (:= continue_y 2)])`},
		{"top-level for (not declarations)", "for i in 0..3:\n    x := i", `(for i (.. 0 3) [(:= x i)])`},
		{"tabs", "fn t():\n\tif a:\n\t\treturn 1\n\treturn 2", `(fn t () [(if a [(return 1)]) (return 2)])`},
		{"comments everywhere", "# head\nstream S = A // c1\n    /* c2 */ .where(x > 1) # c3\n    # c4\n    .emit(v: 1)",
			`(stream S A .where((> x 1)) .emit(v=1))`},
		{"indented top-level declaration", "stream A = B\n  stream C = D", "(stream A B)\n(stream C D)"},
		{"blank lines and CRLF", "stream A = B\r\n\r\n    .where(x)\r\nstream C = D\r\n", "(stream A B .where(x))\n(stream C D)"},
		{"bom", "\ufeffstream A = B", `(stream A B)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _ := parseOK(t, tt.src)
			if got := stmtsSx(f); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
