package scanner

// Keyword identifies a word with a fixed meaning somewhere in the VPL
// grammar. Keywords are contextual: the scanner reports every word as an
// IDENT token and records in Token.Keyword which keyword, if any, the word
// spells. A word is a keyword only when it is spelled exactly so
// (`true_count` and `all_users` are plain identifiers).
type Keyword uint8

// Keywords. KwNone marks an ordinary identifier.
const (
	KwNone Keyword = iota

	// Declarations.
	KwStream
	KwEvent
	KwExtends
	KwType
	KwLet
	KwVar
	KwConst
	KwFn
	KwConnector
	KwContext
	KwConfig
	KwImport
	KwPattern

	// Statements.
	KwIf
	KwElif
	KwElse
	KwThen
	KwFor
	KwWhile
	KwReturn
	KwBreak
	KwContinue
	KwEmit

	// Word operators and literals.
	KwAnd
	KwOr
	KwNot
	KwIn
	KwIs
	KwXor
	KwTrue
	KwFalse
	KwNull

	// Stream and pattern syntax.
	KwAs
	KwAll
	KwWhere
	KwWithin
	KwPartition
	KwBy
	KwMerge
	KwJoin
	KwSequence
	KwTimer
	KwFrom
	KwSEQ
	KwAND
	KwOR
	KwNOT
	KwStreamType // Stream (as in Stream<T>)
	KwAsc
	KwDesc

	kwCount
)

var keywordNames = [kwCount]string{
	KwStream: "stream", KwEvent: "event", KwExtends: "extends", KwType: "type",
	KwLet: "let", KwVar: "var", KwConst: "const", KwFn: "fn", KwConnector: "connector",
	KwContext: "context", KwConfig: "config", KwImport: "import", KwPattern: "pattern",
	KwIf: "if", KwElif: "elif", KwElse: "else", KwThen: "then", KwFor: "for",
	KwWhile: "while", KwReturn: "return", KwBreak: "break", KwContinue: "continue",
	KwEmit: "emit", KwAnd: "and", KwOr: "or", KwNot: "not", KwIn: "in", KwIs: "is",
	KwXor: "xor", KwTrue: "true", KwFalse: "false", KwNull: "null", KwAs: "as",
	KwAll: "all", KwWhere: "where", KwWithin: "within", KwPartition: "partition",
	KwBy: "by", KwMerge: "merge", KwJoin: "join", KwSequence: "sequence",
	KwTimer: "timer", KwFrom: "from", KwSEQ: "SEQ", KwAND: "AND", KwOR: "OR",
	KwNOT: "NOT", KwStreamType: "Stream", KwAsc: "asc", KwDesc: "desc",
}

// String returns the keyword's spelling, or "" for KwNone.
func (k Keyword) String() string {
	if k < kwCount {
		return keywordNames[k]
	}
	return ""
}

// IsDeclaration reports whether k starts a top-level declaration
// (stream, event, type, let, var, const, fn, connector, context, config,
// import, pattern).
func (k Keyword) IsDeclaration() bool { return k >= KwStream && k <= KwPattern }

// Lookup returns the keyword spelled by word, or KwNone.
func Lookup(word string) Keyword { return lookupBytes([]byte(word)) }

// lookupBytes is Lookup for a byte slice; the switch on string(b) does not
// allocate.
func lookupBytes(b []byte) Keyword {
	if len(b) < 2 || len(b) > 9 {
		return KwNone
	}
	switch string(b) {
	case "stream":
		return KwStream
	case "event":
		return KwEvent
	case "extends":
		return KwExtends
	case "type":
		return KwType
	case "let":
		return KwLet
	case "var":
		return KwVar
	case "const":
		return KwConst
	case "fn":
		return KwFn
	case "connector":
		return KwConnector
	case "context":
		return KwContext
	case "config":
		return KwConfig
	case "import":
		return KwImport
	case "pattern":
		return KwPattern
	case "if":
		return KwIf
	case "elif":
		return KwElif
	case "else":
		return KwElse
	case "then":
		return KwThen
	case "for":
		return KwFor
	case "while":
		return KwWhile
	case "return":
		return KwReturn
	case "break":
		return KwBreak
	case "continue":
		return KwContinue
	case "emit":
		return KwEmit
	case "and":
		return KwAnd
	case "or":
		return KwOr
	case "not":
		return KwNot
	case "in":
		return KwIn
	case "is":
		return KwIs
	case "xor":
		return KwXor
	case "true":
		return KwTrue
	case "false":
		return KwFalse
	case "null":
		return KwNull
	case "as":
		return KwAs
	case "all":
		return KwAll
	case "where":
		return KwWhere
	case "within":
		return KwWithin
	case "partition":
		return KwPartition
	case "by":
		return KwBy
	case "merge":
		return KwMerge
	case "join":
		return KwJoin
	case "sequence":
		return KwSequence
	case "timer":
		return KwTimer
	case "from":
		return KwFrom
	case "SEQ":
		return KwSEQ
	case "AND":
		return KwAND
	case "OR":
		return KwOR
	case "NOT":
		return KwNOT
	case "Stream":
		return KwStreamType
	case "asc":
		return KwAsc
	case "desc":
		return KwDesc
	}
	return KwNone
}
