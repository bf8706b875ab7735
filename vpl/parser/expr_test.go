package parser

import (
	"strings"
	"testing"

	"github.com/varpulis/varpulis-go/vpl/diag"
	"github.com/varpulis/varpulis-go/vpl/token"
)

func renderDiags(fset *token.FileSet, l diag.List) string {
	var b strings.Builder
	_ = diag.Render(&b, fset, l)
	return b.String()
}

func TestParseExpr(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		// Literals.
		{`42`, `42`},
		{`4.25`, `4.25f`},
		{`1.5e3`, `1500f`},
		{`2E-2`, `0.02f`},
		{`1e5`, `100000f`},
		{`5m`, `dur:300000000000`},
		{`100ms`, `dur:100000000`},
		{`3ns`, `dur:3`},
		{`7us`, `dur:7000`},
		{`2h`, `dur:7200000000000`},
		{`1d`, `dur:86400000000000`},
		{`10s`, `dur:10000000000`},
		{`"a\nb\t\"c\"\\"`, `"a\nb\t\"c\"\\"`},
		{`'it\'s'`, `"it's"`},
		{`"\u00e9\u20AC"`, `"é€"`},
		{`'say "hi"'`, `"say \"hi\""`},
		{`"{field}"`, `"{field}"`},
		{`@2026-01-02`, `ts:1767312000000000000`},
		{`@2026-01-02T03:04:05Z`, `ts:1767323045000000000`},
		{`@2026-01-02T03:04:05`, `ts:1767323045000000000`},
		{`@2026-01-02T03:04:05+02:00`, `ts:1767315845000000000`},
		{`@2026-01-02T03:04:05-01:30`, `ts:1767328445000000000`},
		{`@2026-01-02T03:04:05.25Z`, `ts:1767323045250000000`},
		{`@1970-01-01`, `ts:0`},
		{`true`, `true`},
		{`false`, `false`},
		{`null`, `null`},
		// Keyword-prefixed identifiers are plain identifiers.
		{`true_count`, `true_count`},
		{`false_alarm + nullable`, `(+ false_alarm nullable)`},
		{`all_users`, `all_users`},
		{`break_x`, `break_x`},
		{`import_id`, `import_id`},
		{`order_id`, `order_id`},
		{`within_limit`, `within_limit`},
		{`notable and isx`, `(and notable isx)`},
		{`x in_stock`, `x`}, // trailing token reported separately
		// Precedence: ?? < or < and < not < comparisons < | < ^ < & < shifts < + < * < ** < unary.
		{`a ?? b or c`, `(?? a (or b c))`},
		{`a or b and c`, `(or a (and b c))`},
		{`a and b or c`, `(or (and a b) c)`},
		{`a xor b and c`, `(xor a (and b c))`},
		{`not a == b`, `(not (== a b))`},
		{`not a and b`, `(and (not a) b)`},
		{`not a ?? b`, `(?? (not a) b)`},
		{`not not a`, `(not (not a))`},
		{`a == b | c`, `(== a (| b c))`},
		{`a | b ^ c & d`, `(| a (^ b (& c d)))`},
		{`a & b << 2`, `(& a (<< b 2))`},
		{`a << b + c`, `(<< a (+ b c))`},
		{`a + b * c`, `(+ a (* b c))`},
		{`a - b - c`, `(- (- a b) c)`},
		{`a * b ** c`, `(* a (** b c))`},
		{`2 ** 3 ** 2`, `(** 2 (** 3 2))`},
		{`-2 ** 2`, `(** (- 2) 2)`},
		{`-x`, `(- x)`},
		{`- -x`, `(- (- x))`},
		{`~x & 3`, `(& (~ x) 3)`},
		{`-a.b`, `(- (. a b))`},
		{`2 ** -1`, `(** 2 (- 1))`},
		{`a % b / c`, `(/ (% a b) c)`},
		{`x >= 1 and x <= 5`, `(and (>= x 1) (<= x 5))`},
		{`a != b`, `(!= a b)`},
		{`a ?? b ?? c`, `(?? (?? a b) c)`},
		// Word comparison operators.
		{`x in [1, 2]`, `(in x [1 2])`},
		{`x not in arr`, `(not in x arr)`},
		{`x is null`, `(is x null)`},
		{`x is not null`, `(is not x null)`},
		{`not x in arr`, `(not (in x arr))`},
		// Ranges bind loosest.
		{`0..5`, `(.. 0 5)`},
		{`1..=n + 1`, `(..= 1 (+ n 1))`},
		{`a ?? 0..10`, `(.. (?? a 0) 10)`},
		// Postfix.
		{`a.b.c`, `(. (. a b) c)`},
		{`a?.b`, `(?. a b)`},
		{`a?.b.c`, `(. (?. a b) c)`},
		{`a[0]`, `(index a 0)`},
		{`a[1:3]`, `(slice a 1 3)`},
		{`a[:2]`, `(slice a _ 2)`},
		{`a[2:]`, `(slice a 2 _)`},
		{`a[:]`, `(slice a _ _)`},
		{`t[0].px`, `(. (index t 0) px)`},
		{`m["k"]`, `(index m "k")`},
		{`f()`, `(call f)`},
		{`f(x, y: 2)`, `(call f x y=2)`},
		{`count(t.px)`, `(call count (. t px))`},
		{`a.f(x).g`, `(. (call (. a f) x) g)`},
		{`f(type: "x", from: a.from, in: 1, all: 2)`, `(call f type="x" from=(. a from) in=1 all=2)`},
		{`f(if: 1, not: 2, true: 3)`, `(call f if=1 not=2 true=3)`},
		// If expressions.
		{`if x > 5 then "high" else "low"`, `(if (> x 5) "high" "low")`},
		{`if a then 1 else if b then 2 else 3`, `(if a 1 (if b 2 3))`},
		{`1 + if c then 2 else 3`, `(+ 1 (if c 2 3))`},
		// Lambdas.
		{`x => x + 1`, `(lambda (x) (+ x 1))`},
		{`(a, b) => a * b`, `(lambda (a b) (* a b))`},
		{`() => 1`, `(lambda () 1)`},
		{`(x) => x`, `(lambda (x) x)`},
		{`events.filter(r => r.temp_c > 50.0).len() > 5`, `(> (call (. (call (. events filter) (lambda (r) (> (. r temp_c) 50f))) len)) 5)`},
		{`x => { let a = x * 2  a + 1 }`, `(lambda (x) {(let a (* x 2)) => (+ a 1)})`},
		{`x => {a: x}`, `(lambda (x) {a:x})`},
		{`x => {}`, `(lambda (x) { => _})`},
		// Collections.
		{`[]`, `[]`},
		{`[1, 2, 3,]`, `[1 2 3]`},
		{`[[1], [2, 3]]`, `[[1] [2 3]]`},
		{`{}`, `{}`},
		{`{ "a": 1, b: 2, "k 2": [x] }`, `{"a":1 b:2 "k 2":[x]}`},
		{`{type: 1, from: 2}`, `{type:1 from:2}`},
		{`(a + b) * c`, `(* (paren (+ a b)) c)`},
		// Newlines inside brackets and leading operators.
		{"f(\n  a,\n  b\n)", `(call f a b)`},
		{"a\n  + b", `(+ a b)`},
	}
	for _, tt := range tests {
		x, diags := ParseExpr(tt.src)
		if tt.src == `x in_stock` {
			if !diags.HasErrors() {
				t.Errorf("%q: expected an error for the trailing identifier", tt.src)
			}
			continue
		}
		if diags.HasErrors() {
			t.Errorf("%q: unexpected errors: %v", tt.src, diags.Err(nil))
			continue
		}
		if got := sx(x); got != tt.want {
			t.Errorf("%q:\n got  %s\n want %s", tt.src, got, tt.want)
		}
	}
}

func TestParseExprErrors(t *testing.T) {
	tests := []struct {
		src, want string // want: substring of the first message
	}{
		{`a ==`, "missing expression after '==', found end of file"},
		{`a + * b`, "missing expression after '+', found '*'"},
		{`a < b < c`, "comparison operators cannot be chained"},
		{`a == b != c`, "comparison operators cannot be chained"},
		{`(1, 2)`, "tuple literals are not supported"},
		{`(a + 1, b) => a`, "lambda parameters must be plain names"},
		{`f(a b)`, "expected ',' or ')' after argument, found 'b'"},
		{`f(a`, "expected ')' to close '(' at 1:2, found end of file"},
		{`[1, 2`, "expected ']' to close '[' at 1:1, found end of file"},
		{`{a: 1`, "expected '}' to close '{' at 1:1, found end of file"},
		{`{1: 2}`, "expected a map key (a name or a string), found '1'"},
		{`if a then b`, "expected 'else' in if expression"},
		{`if a b else c`, "expected 'then' after the condition of an if expression, found 'b'"},
		{`a.`, "expected a field name after '.', found end of file"},
		{`a.1`, "expected a field name after '.', found '1'"},
		{`x and`, "missing expression after 'and'"},
		{`not`, "missing expression after 'not'"},
		{`a ! b`, "'!' is not a VPL operator; use 'not'"},
		{`a && b`, "'&&' is not a VPL operator; use 'and'"},
		{`a || b`, "'||' is not a VPL operator; use 'or'"},
		{`"abc`, "unterminated string literal"},
		{`"a\qb"`, `unknown escape sequence \q`},
		{`"\u12"`, `\u needs exactly 4 hexadecimal digits`},
		{`"\ud800"`, `surrogate half`},
		{`5min`, `invalid suffix "min" on number 5`},
		{`1.5s`, `invalid suffix "s" on number 1.5 (durations take whole numbers`},
		{`3x`, `invalid suffix "x" on number 3`},
		{`1e`, `exponent has no digits`},
		{`1e+`, `exponent has no digits`},
		{`99999999999999999999`, `overflows int64`},
		{`9223372036854775807d`, `duration literal 9223372036854775807d overflows`},
		{`107000d`, `overflows`},
		{`@2026-13-01`, `is not a valid date and time`},
		{`@2026-02-30`, `is not a valid date and time`},
		{`@2026-01-02T25:00:00`, `is not a valid date and time`},
		{`@2026-1-2`, `malformed timestamp literal`},
		{`@2026-01-02T03:04`, `malformed timestamp literal`},
		{`@3000-01-01`, `out of range`},
		{`@x`, `expected expression, found '@'`},
		{`a[1 2]`, `expected ']' or ':' in index, found '2'`},
		{`é`, `invalid character U+00E9 'é'`},
		{"caf\u00e9", `invalid character U+00E9 'é' in identifier`},
		{"a \x00 b", `illegal NUL character`},
		{"\"a\xffb\"", `invalid UTF-8 encoding in string literal`},
		{"a \xff", `invalid UTF-8 encoding`},
		{`/* open`, `unterminated block comment`},
		{`a; b`, `unexpected ';'`},
	}
	for _, tt := range tests {
		_, diags := ParseExpr(tt.src)
		if !diags.HasErrors() {
			t.Errorf("%q: no error, want %q", tt.src, tt.want)
			continue
		}
		found := false
		for _, d := range diags {
			if strings.Contains(d.Message, tt.want) {
				found = true
			}
		}
		if !found {
			t.Errorf("%q: errors %q, want one containing %q", tt.src, diags[0].Message, tt.want)
		}
	}
}

// TestExprPositions checks node spans on a sample expression.
func TestExprPositions(t *testing.T) {
	src := `f(a.b, n: -x ** 2) ?? [1, "s"]`
	x, diags := ParseExpr(src)
	if diags.HasErrors() {
		t.Fatal(diags.Err(nil))
	}
	if got, want := int(x.Pos()), 1; got != want {
		t.Errorf("Pos = %d, want %d", got, want)
	}
	if got, want := int(x.End()), 1+len(src); got != want {
		t.Errorf("End = %d, want %d", got, want)
	}
}
