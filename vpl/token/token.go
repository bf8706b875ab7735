// Package token defines the lexical tokens of VPL and source positions.
//
// Positions are compact byte offsets (Pos) that a FileSet resolves to
// file:line:column, in the manner of the Go toolchain: every AST node carries
// Pos values, and diagnostics are rendered through the FileSet.
package token

import "strconv"

// Kind is the kind of a lexical token.
type Kind uint8

// Token kinds. Keywords are contextual in VPL: the scanner reports every word
// as IDENT and the parser recognises keywords by position. The literal kinds
// TRUE, FALSE and NULL are used by the AST for literal nodes.
const (
	ILLEGAL Kind = iota
	EOF
	COMMENT

	literalBeg
	IDENT     // stream, Reading, temp_c
	INT       // 42
	FLOAT     // 4.2, 1.5e3
	DURATION  // 5m, 100ms
	STRING    // "text", 'text'
	TIMESTAMP // @2026-01-02T03:04:05Z
	TRUE      // true
	FALSE     // false
	NULL      // null
	literalEnd

	operatorBeg
	ADD     // +
	SUB     // -
	MUL     // *
	QUO     // /
	REM     // %
	POW     // **
	AND_BIT // &
	OR_BIT  // |
	XOR_BIT // ^
	TILDE   // ~
	SHL     // <<
	SHR     // >>

	EQL // ==
	NEQ // !=
	LSS // <
	LEQ // <=
	GTR // >
	GEQ // >=

	DEFINE    // :=
	ASSIGN    // =
	ARROW     // ->
	FATARROW  // =>
	PERIOD    // .
	SAFEDOT   // ?.
	COALESCE  // ??
	RANGE     // ..
	RANGEINCL // ..=
	QUESTION  // ?
	AT        // @ (stray)

	LPAREN // (
	RPAREN // )
	LBRACK // [
	RBRACK // ]
	LBRACE // {
	RBRACE // }
	COMMA  // ,
	COLON  // :
	SEMI   // ; (never valid VPL; reported with a clear message)
	operatorEnd

	// Word operators. The scanner never produces these (it yields IDENT);
	// the parser and the AST use them for expression operators.
	wordBeg
	AND    // and
	OR     // or
	NOT    // not
	IN     // in
	NOT_IN // not in
	IS     // is
	IS_NOT // is not
	XOR    // xor
	wordEnd
)

var kindNames = [...]string{
	ILLEGAL: "ILLEGAL", EOF: "EOF", COMMENT: "COMMENT",
	IDENT: "IDENT", INT: "INT", FLOAT: "FLOAT", DURATION: "DURATION", STRING: "STRING",
	TIMESTAMP: "TIMESTAMP", TRUE: "true", FALSE: "false", NULL: "null",
	ADD: "+", SUB: "-", MUL: "*", QUO: "/", REM: "%", POW: "**",
	AND_BIT: "&", OR_BIT: "|", XOR_BIT: "^", TILDE: "~", SHL: "<<", SHR: ">>",
	EQL: "==", NEQ: "!=", LSS: "<", LEQ: "<=", GTR: ">", GEQ: ">=",
	DEFINE: ":=", ASSIGN: "=", ARROW: "->", FATARROW: "=>", PERIOD: ".", SAFEDOT: "?.",
	COALESCE: "??", RANGE: "..", RANGEINCL: "..=", QUESTION: "?", AT: "@",
	LPAREN: "(", RPAREN: ")", LBRACK: "[", RBRACK: "]", LBRACE: "{", RBRACE: "}",
	COMMA: ",", COLON: ":", SEMI: ";",
	AND: "and", OR: "or", NOT: "not", IN: "in", NOT_IN: "not in", IS: "is", IS_NOT: "is not", XOR: "xor",
}

// String returns the source text of operators and the name of other kinds.
func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return "token(" + strconv.Itoa(int(k)) + ")"
}

// IsLiteral reports whether k is a literal kind (identifiers included).
func (k Kind) IsLiteral() bool { return literalBeg < k && k < literalEnd }

// IsOperator reports whether k is a punctuation or operator kind.
func (k Kind) IsOperator() bool { return operatorBeg < k && k < operatorEnd }

// IsWordOperator reports whether k is a word operator such as and, or, not.
func (k Kind) IsWordOperator() bool { return wordBeg < k && k < wordEnd }

// Lowest precedence for binary operators.
const LowestPrec = 0

// Precedence returns the binary-operator precedence of k (higher binds
// tighter), or LowestPrec if k is not a binary operator. The levels follow
// the VPL grammar: ?? < or < and < comparisons < | < ^ < & < shifts < +,- < *,/,% < **.
// Ranges (.., ..=) bind loosest of all and are handled by the parser.
func (k Kind) Precedence() int {
	switch k {
	case COALESCE:
		return 1
	case OR, XOR:
		return 2
	case AND:
		return 3
	case EQL, NEQ, LSS, LEQ, GTR, GEQ, IN, NOT_IN, IS, IS_NOT:
		return 5
	case OR_BIT:
		return 6
	case XOR_BIT:
		return 7
	case AND_BIT:
		return 8
	case SHL, SHR:
		return 9
	case ADD, SUB:
		return 10
	case MUL, QUO, REM:
		return 11
	case POW:
		return 12
	}
	return LowestPrec
}
