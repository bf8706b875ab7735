// Package scanner implements the lexical scanner of VPL.
//
// The scanner turns source text into tokens. Keywords are contextual: every
// word is an IDENT token, and Token.Keyword tells which keyword (if any) the
// word spells. Besides its kind and span, every token records whether it is
// the first token of its line and the indentation of that line, which is
// what the parser needs for indentation-delimited blocks.
//
// The scanner validates the shape of literals and reports malformed input
// (illegal characters, unterminated strings and comments, bad escapes,
// invalid UTF-8, NUL bytes) through an ErrorHandler; it then still returns
// a best-effort token marked Bad so that parsing can go on. Literal values
// are decoded on demand with Unquote, ParseInt, ParseFloat, ParseDuration
// and ParseTimestamp.
package scanner

import (
	"fmt"
	"unicode/utf8"

	"github.com/varpulis/varpulis-go/vpl/token"
)

// Diagnostic codes reported by the scanner and the literal decoders. The
// parser's code table (parser.Codes) documents them.
const (
	CodeIllegalChar     = "E100" // character that cannot start a token
	CodeUnterminatedStr = "E101" // string literal without closing quote
	CodeUnterminatedCmt = "E102" // block comment without */
	CodeBadEscape       = "E103" // unknown or malformed escape sequence
	CodeBadNumber       = "E104" // malformed number or duration literal
	CodeNumberRange     = "E105" // number or duration out of range
	CodeBadTimestamp    = "E106" // malformed or out-of-range timestamp
	CodeBadEncoding     = "E107" // invalid UTF-8 or NUL byte
	CodeForeignOperator = "E108" // &&, ||, ! used instead of and, or, not
)

// An ErrorHandler is called for every error the scanner finds. pos and end
// delimit the offending text (end may be NoPos), code is a stable
// diagnostic code.
type ErrorHandler func(pos, end token.Pos, code, msg string)

// Mode controls scanner behaviour.
type Mode uint

// Scanner modes.
const (
	// ScanComments makes Next and Scan return COMMENT tokens; otherwise
	// comments are skipped.
	ScanComments Mode = 1 << iota
)

// Token is one scanned token.
type Token struct {
	Kind    token.Kind
	Keyword Keyword // for IDENT: the keyword the word spells, or KwNone
	Off     int     // byte offset of the first character
	End     int     // byte offset after the last character
	Indent  int     // indentation (in bytes, a tab counts 1) of the token's line
	First   bool    // the token is the first non-comment token of its line
	Bad     bool    // malformed token; the error was already reported
	// Hash is a hash of the spelling of an IDENT token (FNV-1a), for
	// cheap interning of names; 0 for other tokens.
	Hash uint32
}

// Scanner holds the scanner's state. It is a plain value: copying a
// Scanner (with a nil error handler) gives an independent look-ahead.
type Scanner struct {
	file *token.File
	src  []byte
	err  ErrorHandler
	mode Mode
	base int

	off        int  // offset of the next unread byte
	lineStart  int  // offset of the start of the current line
	atLine     bool // no token yet on the current line
	lineIndent int  // indentation of the current line (once known)

	// ErrorCount is the number of errors reported so far.
	ErrorCount int
}

// Init prepares s to scan src, the text of file. err may be nil. The file's
// size must equal len(src).
func (s *Scanner) Init(file *token.File, src []byte, err ErrorHandler, mode Mode) {
	s.file = file
	s.src = src
	s.err = err
	s.mode = mode
	s.base = 0
	if file != nil {
		s.base = file.Base()
	}
	s.off = 0
	s.lineStart = 0
	s.atLine = true
	s.lineIndent = 0
	s.ErrorCount = 0
	// Skip a UTF-8 byte order mark.
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		s.off = 3
		s.lineStart = 3
	}
}

// Pos returns the Pos of a byte offset in the scanned source.
func (s *Scanner) Pos(off int) token.Pos { return token.Pos(s.base + off) }

// Source returns the scanned source.
func (s *Scanner) Source() []byte { return s.src }

// SetErrorHandler replaces the error handler (nil disables reporting).
func (s *Scanner) SetErrorHandler(err ErrorHandler) { s.err = err }

func (s *Scanner) error(off, end int, code, msg string) {
	s.ErrorCount++
	if s.err != nil {
		e := token.NoPos
		if end > off {
			e = s.Pos(end)
		}
		s.err(s.Pos(off), e, code, msg)
	}
}

func (s *Scanner) errorf(off, end int, code, format string, args ...any) {
	s.ErrorCount++
	if s.err != nil {
		e := token.NoPos
		if end > off {
			e = s.Pos(end)
		}
		s.err(s.Pos(off), e, code, fmt.Sprintf(format, args...))
	}
}

// FNV-1a parameters for Token.Hash.
const (
	fnvOffset uint32 = 2166136261
	fnvPrime  uint32 = 16777619
)

// HashBytes returns the Token.Hash of an identifier spelled b.
func HashBytes(b []byte) uint32 {
	h := fnvOffset
	for _, c := range b {
		h = (h ^ uint32(c)) * fnvPrime
	}
	return h
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isIdent(c byte) bool  { return isLetter(c) || isDigit(c) }

// identChar[c] is isIdent(c), as a table for the identifier loop.
var identChar = func() (tab [256]bool) {
	for c := range tab {
		tab[c] = isIdent(byte(c))
	}
	return tab
}()

// Scan returns the next token in the Go style: its position, kind and
// literal text (the source text for identifiers, literals, comments and
// illegal tokens; "" for operators). Malformed tokens are returned as
// ILLEGAL. At the end of the input Scan returns EOF.
func (s *Scanner) Scan() (pos token.Pos, tok token.Kind, lit string) {
	var t Token
	s.Next(&t)
	pos = s.Pos(t.Off)
	tok = t.Kind
	if t.Bad && (tok == token.IDENT || tok.IsOperator()) {
		tok = token.ILLEGAL
	}
	if tok.IsLiteral() || tok == token.COMMENT || tok == token.ILLEGAL {
		lit = string(s.src[t.Off:t.End])
	}
	return pos, tok, lit
}

// Next scans the next token into t.
func (s *Scanner) Next(t *Token) {
	*t = Token{}
redo:
	// Skip white space, tracking line starts.
	src, off := s.src, s.off
	for off < len(src) {
		c := src[off]
		if c == ' ' || c == '\t' || c == '\r' {
			off++
			continue
		}
		if c == '\n' {
			off++
			s.lineStart = off
			s.atLine = true
			continue
		}
		break
	}
	s.off = off
	t.Off = off
	if off >= len(s.src) {
		t.Kind = token.EOF
		t.End = off
		t.First = true
		t.Indent = 0
		return
	}
	c := s.src[off]

	// Comments do not count as the first token of a line.
	switch {
	case c == '#' || c == '/' && off+1 < len(s.src) && s.src[off+1] == '/':
		s.skipLine()
		if s.mode&ScanComments != 0 {
			s.finishComment(t)
			return
		}
		goto redo
	case c == '/' && off+1 < len(s.src) && s.src[off+1] == '*':
		s.skipBlockComment()
		if s.mode&ScanComments != 0 {
			s.finishComment(t)
			return
		}
		goto redo
	}

	if s.atLine {
		s.atLine = false
		s.lineIndent = off - s.lineStart
		t.First = true
	}
	t.Indent = s.lineIndent

	switch {
	case isLetter(c):
		h := (fnvOffset ^ uint32(c)) * fnvPrime
		end := off + 1
		for end < len(src) {
			c := src[end]
			if !identChar[c] {
				break
			}
			h = (h ^ uint32(c)) * fnvPrime
			end++
		}
		s.off = end
		t.Hash = h
		t.Kind = token.IDENT
		t.Keyword = lookupBytes(s.src[off:s.off])
		if s.off < len(s.src) && s.src[s.off] >= utf8.RuneSelf {
			// A non-ASCII letter glued to an identifier: report it once
			// here and swallow it so that the identifier stays whole.
			r, size := utf8.DecodeRune(s.src[s.off:])
			if r != utf8.RuneError || size > 1 {
				s.errorf(s.off, s.off+size, CodeIllegalChar,
					"invalid character %U %q in identifier (identifiers are ASCII letters, digits and '_')", r, r)
				s.off += size
				for s.off < len(s.src) && (isIdent(s.src[s.off]) || s.src[s.off] >= utf8.RuneSelf) {
					_, n := utf8.DecodeRune(s.src[s.off:])
					s.off += n
				}
				t.Bad = true
			}
		}
	case isDigit(c):
		s.scanNumber(t)
	case c == '"' || c == '\'':
		s.scanString(t, c)
	case c == '@':
		if off+1 < len(s.src) && isDigit(s.src[off+1]) {
			s.scanTimestamp(t)
		} else {
			s.off++
			t.Kind = token.AT
		}
	default:
		s.scanOperator(t, c)
	}
	t.End = s.off
}

func (s *Scanner) finishComment(t *Token) {
	t.Kind = token.COMMENT
	t.End = s.off
	t.First = s.atLine
	t.Indent = t.Off - s.lineStart
	if !s.atLine {
		t.Indent = s.lineIndent
	}
}

// skipLine skips a line comment up to (not including) the newline,
// validating its encoding.
func (s *Scanner) skipLine() {
	for s.off < len(s.src) {
		c := s.src[s.off]
		if c == '\n' {
			return
		}
		if c == 0 {
			s.error(s.off, s.off+1, CodeBadEncoding, "illegal NUL character in comment")
			s.off++
			continue
		}
		if c >= utf8.RuneSelf {
			s.skipRune("comment")
			continue
		}
		s.off++
	}
}

func (s *Scanner) skipBlockComment() {
	start := s.off
	s.off += 2
	for s.off < len(s.src) {
		c := s.src[s.off]
		switch {
		case c == '*' && s.off+1 < len(s.src) && s.src[s.off+1] == '/':
			s.off += 2
			return
		case c == '\n':
			s.off++
			s.lineStart = s.off
			s.atLine = true
		case c == 0:
			s.error(s.off, s.off+1, CodeBadEncoding, "illegal NUL character in comment")
			s.off++
		case c >= utf8.RuneSelf:
			s.skipRune("comment")
		default:
			s.off++
		}
	}
	s.error(start, start+2, CodeUnterminatedCmt, "unterminated block comment: '/*' has no matching '*/'")
}

// skipRune skips one multi-byte character, reporting invalid UTF-8.
func (s *Scanner) skipRune(where string) {
	r, size := utf8.DecodeRune(s.src[s.off:])
	if r == utf8.RuneError && size <= 1 {
		s.errorf(s.off, s.off+1, CodeBadEncoding, "invalid UTF-8 encoding in %s", where)
		s.off++
		return
	}
	s.off += size
}

// durationUnit returns the length of a duration unit at s.src[i:] (ns, us,
// ms, s, m, h, d) when the unit is not followed by an identifier character,
// or 0.
func durationUnit(src []byte, i int) int {
	n := 0
	if i < len(src) {
		switch src[i] {
		case 'n', 'u':
			if i+1 < len(src) && src[i+1] == 's' {
				n = 2
			}
		case 'm':
			if i+1 < len(src) && src[i+1] == 's' {
				n = 2
			} else {
				n = 1
			}
		case 's', 'h', 'd':
			n = 1
		}
	}
	if n > 0 && i+n < len(src) && isIdent(src[i+n]) {
		return 0
	}
	return n
}

func (s *Scanner) scanNumber(t *Token) {
	start := s.off
	for s.off < len(s.src) && isDigit(s.src[s.off]) {
		s.off++
	}
	t.Kind = token.INT
	// Fraction: a '.' followed by a digit ("1..5" is a range).
	if s.off+1 < len(s.src) && s.src[s.off] == '.' && isDigit(s.src[s.off+1]) {
		s.off++
		for s.off < len(s.src) && isDigit(s.src[s.off]) {
			s.off++
		}
		t.Kind = token.FLOAT
	}
	// Exponent.
	if s.off < len(s.src) && (s.src[s.off] == 'e' || s.src[s.off] == 'E') {
		i := s.off + 1
		if i < len(s.src) && (s.src[i] == '+' || s.src[i] == '-') {
			i++
		}
		if i < len(s.src) && isDigit(s.src[i]) {
			for i < len(s.src) && isDigit(s.src[i]) {
				i++
			}
			s.off = i
			t.Kind = token.FLOAT
		} else if i == s.off+1 && (i >= len(s.src) || !isIdent(s.src[i])) || i > s.off+1 {
			// "1e" or "1e+" with no digits.
			s.off = i
			s.error(start, s.off, CodeBadNumber, fmt.Sprintf("malformed number %s: exponent has no digits", s.src[start:s.off]))
			t.Kind = token.FLOAT
			t.Bad = true
			return
		}
	}
	// Duration unit on an integer.
	if t.Kind == token.INT {
		if n := durationUnit(s.src, s.off); n > 0 {
			s.off += n
			t.Kind = token.DURATION
			return
		}
	}
	// Anything glued to the number is an error: "5min", "1.5s", "3x".
	if s.off < len(s.src) && (isIdent(s.src[s.off]) || s.src[s.off] >= utf8.RuneSelf) {
		sfx := s.off
		for s.off < len(s.src) && (isIdent(s.src[s.off]) || s.src[s.off] >= utf8.RuneSelf) {
			_, n := utf8.DecodeRune(s.src[s.off:])
			s.off += n
		}
		suffix := string(s.src[sfx:s.off])
		msg := fmt.Sprintf("invalid suffix %q on number %s", suffix, s.src[start:sfx])
		switch {
		case t.Kind == token.FLOAT && durationUnit([]byte(suffix), 0) == len(suffix):
			msg += " (durations take whole numbers: write e.g. 1500ms instead of 1.5s)"
		case t.Kind == token.INT:
			msg += " (duration units are ns, us, ms, s, m, h, d)"
		}
		s.error(start, s.off, CodeBadNumber, msg)
		t.Bad = true
	}
}

func (s *Scanner) scanString(t *Token, quote byte) {
	start := s.off
	s.off++
	t.Kind = token.STRING
	for {
		if s.off >= len(s.src) {
			s.error(start, s.off, CodeUnterminatedStr, "unterminated string literal")
			t.Bad = true
			return
		}
		c := s.src[s.off]
		switch {
		case c == quote:
			s.off++
			return
		case c == '\n':
			s.error(start, s.off, CodeUnterminatedStr,
				"unterminated string literal (a string cannot span lines; write \\n for a line break)")
			t.Bad = true
			return
		case c == '\\':
			if !s.scanEscape(quote) {
				t.Bad = true
			}
		case c == 0:
			s.error(s.off, s.off+1, CodeBadEncoding, "illegal NUL character in string literal (write \\u0000)")
			t.Bad = true
			s.off++
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(s.src[s.off:])
			if r == utf8.RuneError && size <= 1 {
				s.error(s.off, s.off+1, CodeBadEncoding, "invalid UTF-8 encoding in string literal")
				t.Bad = true
				s.off++
			} else {
				s.off += size
			}
		default:
			s.off++
		}
	}
}

// scanEscape scans an escape sequence starting at the backslash and
// reports whether it is valid.
func (s *Scanner) scanEscape(quote byte) bool {
	start := s.off
	s.off++ // backslash
	if s.off >= len(s.src) || s.src[s.off] == '\n' {
		return true // the caller reports the unterminated string
	}
	c := s.src[s.off]
	switch c {
	case 'n', 't', 'r', '\\', '"', '\'':
		s.off++
		return true
	case 'u':
		s.off++
		var v rune
		for i := 0; i < 4; i++ {
			if s.off >= len(s.src) {
				break
			}
			d := hexVal(s.src[s.off])
			if d < 0 {
				s.error(start, s.off, CodeBadEscape, "invalid escape sequence: \\u needs exactly 4 hexadecimal digits")
				return false
			}
			v = v<<4 | rune(d)
			s.off++
			if i == 3 {
				if v >= 0xD800 && v < 0xE000 {
					s.error(start, s.off, CodeBadEscape, fmt.Sprintf("invalid escape sequence %s: surrogate half is not a character", s.src[start:s.off]))
					return false
				}
				return true
			}
		}
		s.error(start, s.off, CodeBadEscape, "invalid escape sequence: \\u needs exactly 4 hexadecimal digits")
		return false
	}
	// Unknown escape: report it and skip the character.
	r, size := utf8.DecodeRune(s.src[s.off:])
	if r == utf8.RuneError && size <= 1 {
		s.off++
		s.error(s.off-1, s.off, CodeBadEncoding, "invalid UTF-8 encoding in string literal")
		return false
	}
	s.off += size
	s.errorf(start, s.off, CodeBadEscape, "unknown escape sequence \\%c (valid escapes: \\n \\t \\r \\\\ \\\" \\' \\uXXXX)", r)
	return false
}

func hexVal(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// scanTimestamp scans @YYYY-MM-DD[THH:MM:SS[.f]][Z|±HH:MM]. The shape is
// validated here; field ranges are checked by ParseTimestamp.
func (s *Scanner) scanTimestamp(t *Token) {
	start := s.off
	s.off++ // @
	for s.off < len(s.src) {
		c := s.src[s.off]
		if isDigit(c) || c == '-' || c == ':' || c == 'T' || c == 'Z' || c == '.' || c == '+' {
			// A '.' or '-'/'+' must be followed by a digit to belong to
			// the literal (so "@2026-01-02.x" stops before the dot).
			if (c == '.' || c == '-' || c == '+') && (s.off+1 >= len(s.src) || !isDigit(s.src[s.off+1])) {
				break
			}
			s.off++
			continue
		}
		break
	}
	t.Kind = token.TIMESTAMP
	if _, err := ParseTimestamp(string(s.src[start:s.off])); err != nil {
		if e, ok := err.(*LiteralError); ok && e.Range {
			// Field out of range: the parser reports it when it decodes
			// the value, with the same code.
			return
		}
		s.error(start, s.off, CodeBadTimestamp, err.Error())
		t.Bad = true
	}
}

func (s *Scanner) scanOperator(t *Token, c byte) {
	src := s.src
	off := s.off
	next := byte(0)
	if off+1 < len(src) {
		next = src[off+1]
	}
	n := 1
	switch c {
	case '+':
		t.Kind = token.ADD
	case '-':
		t.Kind = token.SUB
		if next == '>' {
			t.Kind, n = token.ARROW, 2
		}
	case '*':
		t.Kind = token.MUL
		if next == '*' {
			t.Kind, n = token.POW, 2
		}
	case '/':
		t.Kind = token.QUO
	case '%':
		t.Kind = token.REM
	case '&':
		t.Kind = token.AND_BIT
		if next == '&' {
			s.error(off, off+2, CodeForeignOperator, "'&&' is not a VPL operator; use 'and'")
			t.Kind, t.Keyword, t.Bad, n = token.IDENT, KwAnd, true, 2
		}
	case '|':
		t.Kind = token.OR_BIT
		if next == '|' {
			s.error(off, off+2, CodeForeignOperator, "'||' is not a VPL operator; use 'or'")
			t.Kind, t.Keyword, t.Bad, n = token.IDENT, KwOr, true, 2
		}
	case '^':
		t.Kind = token.XOR_BIT
	case '~':
		t.Kind = token.TILDE
	case '<':
		t.Kind = token.LSS
		switch next {
		case '=':
			t.Kind, n = token.LEQ, 2
		case '<':
			t.Kind, n = token.SHL, 2
		}
	case '>':
		t.Kind = token.GTR
		switch next {
		case '=':
			t.Kind, n = token.GEQ, 2
		case '>':
			t.Kind, n = token.SHR, 2
		}
	case '=':
		t.Kind = token.ASSIGN
		switch next {
		case '=':
			t.Kind, n = token.EQL, 2
		case '>':
			t.Kind, n = token.FATARROW, 2
		}
	case '!':
		if next == '=' {
			t.Kind, n = token.NEQ, 2
		} else {
			s.error(off, off+1, CodeForeignOperator, "'!' is not a VPL operator; use 'not' for negation")
			t.Kind, t.Keyword, t.Bad = token.IDENT, KwNot, true
		}
	case ':':
		t.Kind = token.COLON
		if next == '=' {
			t.Kind, n = token.DEFINE, 2
		}
	case '.':
		t.Kind = token.PERIOD
		if next == '.' {
			t.Kind, n = token.RANGE, 2
			if off+2 < len(src) && src[off+2] == '=' {
				t.Kind, n = token.RANGEINCL, 3
			}
		}
	case '?':
		t.Kind = token.QUESTION
		switch next {
		case '.':
			t.Kind, n = token.SAFEDOT, 2
		case '?':
			t.Kind, n = token.COALESCE, 2
		}
	case '(':
		t.Kind = token.LPAREN
	case ')':
		t.Kind = token.RPAREN
	case '[':
		t.Kind = token.LBRACK
	case ']':
		t.Kind = token.RBRACK
	case '{':
		t.Kind = token.LBRACE
	case '}':
		t.Kind = token.RBRACE
	case ',':
		t.Kind = token.COMMA
	case ';':
		t.Kind = token.SEMI
	default:
		t.Kind = token.ILLEGAL
		t.Bad = true
		switch {
		case c == 0:
			s.error(off, off+1, CodeBadEncoding, "illegal NUL character")
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(src[off:])
			if r == utf8.RuneError && size <= 1 {
				s.error(off, off+1, CodeBadEncoding, "invalid UTF-8 encoding")
			} else {
				n = size
				s.errorf(off, off+size, CodeIllegalChar, "invalid character %U %q", r, r)
			}
		default:
			s.errorf(off, off+1, CodeIllegalChar, "invalid character %q", rune(c))
		}
	}
	s.off += n
}

// Seek moves the scanner to byte offset off, which must be the start of a
// line (or the end of the source). The next token is then the first token
// of that line.
func (s *Scanner) Seek(off int) {
	if off < 0 {
		off = 0
	}
	if off > len(s.src) {
		off = len(s.src)
	}
	s.off = off
	s.lineStart = off
	s.atLine = true
	s.lineIndent = 0
}
