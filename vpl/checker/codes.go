package checker

import "github.com/varpulis/varpulis-go/vpl/diag"

// CodeInfo documents one diagnostic code of the semantic checker (and of
// the loader and expression compiler, which share the E0xx/W0xx space).
type CodeInfo struct {
	Code     string        // stable code, e.g. E010 or W001
	Severity diag.Severity // error or warning
	Title    string        // one-line description
	// Example is a small program that triggers the code ("" when none can
	// be written as a single program). Lines are separated by "\n".
	Example string
}

// Codes lists every semantic diagnostic code, in code order. Codes that
// also existed in the original validator keep its numbers. The table is
// read-only; docs/errors.md is generated from it.
var Codes = []CodeInfo{
	{"E001", diag.Error, "duplicate event declaration", "event A:\n    x: int\nevent A:\n    y: int"},
	{"E002", diag.Error, "duplicate stream name", "stream S = A\nstream S = B"},
	{"E003", diag.Error, "duplicate function name", "fn f() -> int:\n    return 1\nfn f() -> int:\n    return 2"},
	{"E004", diag.Error, "duplicate connector name", "connector Out = console()\nconnector Out = console()"},
	{"E005", diag.Error, "duplicate context name", "context fast\ncontext fast"},
	{"E006", diag.Error, "duplicate pattern name", "pattern P = SEQ(A, B)\npattern P = SEQ(A, C)"},
	{"E007", diag.Error, "duplicate type alias", "type Id = str\ntype Id = int"},
	{"E008", diag.Error, "streams read each other in a cycle", "stream A = B.where(x > 0)\nstream B = A.where(x < 9)"},
	{"E009", diag.Error, "global variable declared twice", "let limit = 5\nlet limit = 6"},
	{"E010", diag.Error, "`.having` without an earlier `.aggregate`", "stream S = A .having(n > 1)"},
	{"E011", diag.Error, "second `.aggregate` in one stream", "stream S = A .window(5) .aggregate(n: count()) .aggregate(s: sum(x))"},
	{"E012", diag.Error, "second `.window` in one stream", "stream S = A .window(5) .window(10)"},
	{"E013", diag.Error, "operation that may appear only once per stream is repeated", "stream S = A -> B .within(5s) .within(10s)"},
	{"E014", diag.Error, "negated pattern step that cannot be placed: with an alias or quantifier, first in the pattern, or next to an optional step (`T?`, `T*`)", "stream S = A as a -> B? as b -> not C -> D"},
	{"E015", diag.Error, "named pattern that expands to more than 256 alternative step sequences (OR, and AND interleavings, multiply)", "pattern P = SEQ(A, B, C, D, E) AND SEQ(F, G, H, I, J, K)"},
	{"E020", diag.Error, "`.within` in a stream that is not a pattern (no `->` step, `.not`, sequence or named pattern)", "stream S = A .within(5s)"},
	{"E021", diag.Error, "pattern-only operation (`.not`, `.trend_aggregate`, `.forecast`, `.max_runs`, `.strategy`, `.consume`) outside a pattern stream", "stream S = A .where(x > 1) .forecast(confidence: 0.5)"},
	{"E022", diag.Error, "`a.f` in a pattern stream names an alias that no step binds", "stream S = A as a -> B where id == x.id as b"},
	{"E023", diag.Error, "alias bound twice in one pattern", "stream S = A as a -> B as a"},
	{"E024", diag.Error, "`.strategy` argument is not next, any or strict", "stream S = A -> B .strategy(fastest)"},
	{"E025", diag.Error, "`.consume` argument is not none or all", "stream S = A -> B .consume(some)"},
	{"E026", diag.Error, "`->` step on a source that cannot start a sequence (merge, join, timer, connector, named pattern)", "stream S = merge(A, B) -> C"},
	{"E027", diag.Error, "step condition uses the alias of a later step", "stream S = A as a -> B where id == c.id as b -> C as c"},
	{"E028", diag.Error, "invalid `.trend_aggregate` item (unknown function, wrong arguments)", "stream S = A as a -> all B as b .within(1m) .trend_aggregate(n: count_trend())"},
	{"E029", diag.Error, "join condition is not an equality between fields of two join inputs", "stream S = join(A, B) .on(A.id > B.id)"},
	{"E030", diag.Error, "unknown connector in `.from`, `.to` or `.enrich`", "stream S = A .to(Missing)"},
	{"E031", diag.Error, "unknown context", "stream S = A .context(nowhere)"},
	{"E032", diag.Error, "`.enrich` on a connector that is not http, database or redis", "connector Out = console()\nstream S = A .enrich(Out, key: id, fields: [name])"},
	{"E033", diag.Error, "connector kind cannot be used this way (`.to` on an enrich-only kind, `.from` on a sink-only kind)", "connector Db = database(url: \"postgres://db\")\nstream S = A .to(Db)"},
	{"E034", diag.Error, "`.enrich` without `key:`", "connector Api = http(url: \"http://api\")\nstream S = A .enrich(Api, fields: [name])"},
	{"E040", diag.Error, "assignment to an immutable `let` or `const` variable", "let limit = 5\nlimit := 6"},
	{"E041", diag.Error, "assignment to a global variable before its declaration", "x := 1\nvar x = 0"},
	{"E050", diag.Error, "unknown function", "let x = nonexistent_func(1)"},
	{"E051", diag.Error, "wrong number of arguments in a function call", "let x = abs(1, 2)"},
	{"E052", diag.Error, "lambda where no function value is accepted (lambdas are only applied inside `.pattern`)", "let f = x => x + 1"},
	{"E053", diag.Error, "`break`/`continue` outside a loop, or `return` outside a function", "return 1"},
	{"E054", diag.Error, "expression or statement that cannot be compiled: a declaration inside a function body, or what the expression compiler rejects", "fn f():\n    stream S = A"},
	{"E055", diag.Error, "parameter name used twice", "fn f(x: int, x: int) -> int:\n    return x"},
	{"E056", diag.Error, "aggregate-only function used outside `.aggregate`", "stream S = A .where(stddev(x) > 1)"},
	{"E060", diag.Error, "`.where`/`.having` condition is a non-boolean literal", "stream S = A .where(42)"},
	{"E061", diag.Error, "argument of the wrong literal kind (`.within`, `.window`, `.allowed_lateness`, `.watermark`, timers, parameters)", "stream S = A -> B .within(\"bad\")"},
	{"E062", diag.Error, "`.limit`/`.max_runs` argument is not a suitable integer literal", "stream S = A .limit(2.5)"},
	{"E070", diag.Error, "unknown aggregate function", "stream S = A .window(5) .aggregate(x: bogus_agg(value))"},
	{"E071", diag.Error, "aggregate function with a missing or extra argument", "stream S = A .window(5) .aggregate(s: sum())"},
	{"E072", diag.Error, "`ema` needs two arguments: ema(x, period)", "stream S = A .window(5) .aggregate(e: ema(price))"},
	{"E073", diag.Error, "`.aggregate` item without an aggregate function (e.g. a bare field)", "stream S = A .window(5) .aggregate(v: value)"},
	{"E074", diag.Error, "aggregate parameter is not a valid numeric literal (`ema` period, `percentile` p)", "stream S = A .window(5) .aggregate(p: percentile(x, 150))"},
	{"E080", diag.Error, "unknown parameter of an operation (`.log`, `.watermark`, `.window`, `.enrich`, `.forecast`, ...)", "stream S = A .log(lvl: \"warn\")"},
	{"E081", diag.Error, "named argument given twice", "stream S = A .window(5m, sliding: 1m, sliding: 2m)"},
	{"E082", diag.Error, "output field or event field name used twice", "stream S = A .emit(x: 1, x: 2)"},
	{"E083", diag.Error, "wrong arguments for an operation (count, positional or named)", "stream S = A .where(x > 1, y > 2)"},
	{"E090", diag.Error, "operation not supported by Varpulis-Go", "stream S = A .order_by(x)"},
	{"E091", diag.Error, "unknown operation", "stream S = A .wher(x > 1)"},
	{"E092", diag.Error, "`.late()` must directly follow an event type or stream name", "stream S = merge(A, B) .late()"},
	{"E093", diag.Error, "`.pattern(...)` after a window with other operations in between (it tests the window's batch: write it right after `.window`)", "stream S = A .window(20) .where(x > 1) .pattern(p: e => e.len() > 5)"},
	{"E095", diag.Error, "imported file cannot be read", "import \"missing.vpl\""},
	{"E096", diag.Error, "import cycle", "import \"main.vpl\""},
	{"E097", diag.Error, "imports nested more than 10 deep", ""},
	{"E099", diag.Error, "more than 1000 problems, some of them errors: the others are not reported", ""},

	{"W001", diag.Warning, "`.aggregate` without a window keeps a running aggregate (one updated row per event)", "stream S = A .aggregate(n: count())"},
	{"W002", diag.Warning, "`.partition_by` after `.window` (it applies to the window anyway)", "stream S = A .window(5) .partition_by(k) .aggregate(n: count())"},
	{"W020", diag.Warning, "trailing `-> not T` step, one-step `.not(...)`, or named pattern ending with `NOT T`, without `within`: the absence can never be decided", "stream S = Order as o -> not Payment where id == o.id"},
	{"W028", diag.Warning, "`.on` outside a join has no effect", "stream S = A .on(x == 1)"},
	{"W029", diag.Warning, "join without `.on`: inputs are joined on the default key field `symbol`", "stream S = join(A, B)"},
	{"W030", diag.Warning, "source names no declared event type, stream or pattern", "event Reading:\n    temp: float\nstream S = Readng"},
	{"W031", diag.Warning, "`.emit as T` with an undeclared event type T", "stream S = A .emit as Alert (x: 1)"},
	{"W032", diag.Warning, "`.enrich` without fields", "connector Api = http(url: \"http://api\")\nstream S = A .enrich(Api, key: id)"},
	{"W040", diag.Warning, "`emit` statement outside a function body has no effect", "emit Alert(x: 1)"},
	{"W041", diag.Warning, "statement at top level has no effect (only declarations run at load time)", "1 + 2"},
	{"W042", diag.Warning, "assignment to an undeclared name creates a new mutable variable (a global at top level, a local in a function)", "var limit = 5\nlimt := 6"},
	{"W060", diag.Warning, "`.where`/`.having` condition is an arithmetic expression, not a condition", "stream S = A .where(x + 1)"},
	{"W080", diag.Warning, "unknown connector parameter", "connector Out = mqtt(hots: \"localhost\")"},
	{"W081", diag.Warning, "connector parameter of the wrong type", "connector Out = mqtt(port: \"1883\")"},
	{"W082", diag.Warning, "unknown connector kind (it will have no effect)", "connector Out = mqqt(host: \"localhost\")"},
	{"W083", diag.Warning, "unknown `.log` level (the event is logged at info)", "stream S = A .log(level: \"verbose\")"},
	{"W090", diag.Warning, "deprecated syntax (config blocks: use connector declarations)", "config mqtt { host: \"localhost\" }"},
	{"W092", diag.Warning, "`.late()` of a name that is not a stream (an event type has no late events of its own): the stream receives nothing", "event Reading:\n    x: int\nstream Late = Reading.late()"},
	{"W099", diag.Warning, "more than 1000 warnings: the others are not reported", ""},
}

// Diagnostic codes, named for use in the checker. Their descriptions are in
// Codes.
const (
	codeDupEvent      = "E001"
	codeDupStream     = "E002"
	codeDupFunc       = "E003"
	codeDupConnector  = "E004"
	codeDupContext    = "E005"
	codeDupPattern    = "E006"
	codeDupType       = "E007"
	codeCycle         = "E008"
	codeDupGlobal     = "E009"
	codeHaving        = "E010"
	codeTwoAggregates = "E011"
	codeTwoWindows    = "E012"
	codeRepeatedOp    = "E013"
	codeWithin        = "E020"
	codePatternOnly   = "E021"
	codeUnknownAlias  = "E022"
	codeDupAlias      = "E023"
	codeStrategy      = "E024"
	codeConsume       = "E025"
	codeStepSource    = "E026"
	codeLaterAlias    = "E027"
	codeTrendItem     = "E028"
	codeJoinOn        = "E029"
	codeNegPlace      = "E014"
	codeTooManyAlts   = "E015"
	codeUnknownConn   = "E030"
	codeUnknownCtx    = "E031"
	codeEnrichKind    = "E032"
	codeConnUse       = "E033"
	codeEnrichKey     = "E034"
	codeImmutable     = "E040"
	codeUndeclared    = "E041"
	codeUnknownFunc   = "E050"
	codeArity         = "E051"
	codeLambda        = "E052"
	codeBranch        = "E053"
	codeBadStmt       = "E054"
	codeDupParam      = "E055"
	codeAggOutside    = "E056"
	codeLiteralCond   = "E060"
	codeLiteralKind   = "E061"
	codeIntLiteral    = "E062"
	codeUnknownAgg    = "E070"
	codeAggArity      = "E071"
	codeEmaArity      = "E072"
	codeBareField     = "E073"
	codeAggParam      = "E074"
	codeUnknownParam  = "E080"
	codeDupArg        = "E081"
	codeDupField      = "E082"
	codeOpArgs        = "E083"
	codeUnsupported   = "E090"
	codeUnknownOp     = "E091"
	codeLate          = "E092"
	codeLateNotStream = "W092"
	codeBatchPlace    = "E093"
	codeTooMany       = "E099"

	// Loader codes (package load reports them).

	// CodeImportRead is reported when an imported file cannot be read.
	CodeImportRead = "E095"
	// CodeImportCycle is reported for a cycle of imports.
	CodeImportCycle = "E096"
	// CodeImportDepth is reported when imports nest too deep.
	CodeImportDepth = "E097"

	warnRunningAgg     = "W001"
	warnPartitionAfter = "W002"
	warnAbsence        = "W020"
	warnOnOutsideJoin  = "W028"
	warnJoinNoOn       = "W029"
	warnUnknownSource  = "W030"
	warnEmitAs         = "W031"
	warnEnrichFields   = "W032"
	warnTopEmit        = "W040"
	warnTopStmt        = "W041"
	warnAssignCreates  = "W042"
	warnArithCond      = "W060"
	warnConnParam      = "W080"
	warnConnParamType  = "W081"
	warnConnKind       = "W082"
	warnLogLevel       = "W083"
	warnDeprecated     = "W090"
	warnTooMany        = "W099"
)
