package parser

// CodeInfo documents one diagnostic code.
type CodeInfo struct {
	Code    string // stable code, e.g. E110
	Title   string // one-line description
	Example string // a snippet that triggers it
}

// Codes lists the syntax diagnostics (E100–E199) reported by the scanner
// and the parser.
var Codes = []CodeInfo{
	{"E100", "invalid character: a character that cannot start any token (identifiers are ASCII)", "let café = 1"},
	{"E101", "unterminated string literal (strings cannot span lines)", `let s = "abc`},
	{"E102", "unterminated block comment: '/*' without '*/'", "/* comment"},
	{"E103", "invalid escape sequence in a string (valid: \\n \\t \\r \\\\ \\\" \\' \\uXXXX)", `let s = "a\qb"`},
	{"E104", "malformed number or duration literal (unknown unit, fractional duration, exponent without digits)", "stream S = A .within(5min)"},
	{"E105", "number or duration out of range (int64; durations in int64 nanoseconds)", "let d = 999999999999d"},
	{"E106", "malformed or invalid timestamp literal", "let t = @2026-13-01"},
	{"E107", "invalid UTF-8 encoding or NUL byte in the source", "let s = \"\\xff\" (raw byte 0xff)"},
	{"E108", "operator from another language: use and, or, not instead of &&, ||, !", "stream S = A .where(x > 1 && y > 2)"},
	{"E110", "unexpected token: the parser expected something else here", "stream S = A .where(x > 1) foo"},
	{"E111", "unclosed bracket: '(' '[' or '{' without its closing bracket", "stream S = A .where(value > 0\n    .emit(x: 1)"},
	{"E112", "missing expression, e.g. after a binary operator or '='", "stream S = A .where(level ==)"},
	{"E113", "expected a type", "event E:\n    name:\n    value: float"},
	{"E114", "semicolons are not used in VPL: statements are separated by newlines", "let a = 1; let b = 2"},
	{"E115", "indentation error: missing, unexpected or inconsistent indented block", "fn f():\nreturn 1"},
	{"E116", "comparison operators cannot be chained", "stream S = A .where(1 < x < 5)"},
	{"E117", "tuple literals and lambda parameters that are not names", "let t = (1, 2)"},
	{"E118", "a statement continues after its end on the same line", "let a = 1 2"},
	{"E120", "invalid compile-time declaration loop (bounds, iteration or size limits)", "for z in 0..100000:\n    stream S{z} = A"},
	{"E121", "nesting too deep (more than 256 levels)", "let x = [[[[ ... ]]]]"},
	{"E122", "source file too large (more than 64 MiB)", ""},
	{"E123", "'elif' or 'else' without a matching 'if'", "else:\n    x := 1"},
	{"E124", "too many syntax errors (more than 1000): the rest of the file is not checked", ""},
}
