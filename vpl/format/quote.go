package format

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// quote returns the canonical literal for the string value s: double
// quotes, unless s holds more double than single quotes (then single
// quotes, which need fewer escapes). Backslash, the quote character, \n,
// \t and \r are escaped; other control and non-printable characters of the
// Basic Multilingual Plane become \uXXXX. Everything else is written as is.
func quote(s string) string {
	q := byte('"')
	if strings.Count(s, `"`) > strings.Count(s, "'") {
		q = '\''
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte(q)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == rune(q) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == utf8.RuneError && size == 1:
			// Not valid UTF-8 (only possible in a hand-built tree): the
			// byte cannot be written in a VPL literal.
			b.WriteString(`\ufffd`)
		case r < 0x10000 && !unicode.IsPrint(r) && r != ' ':
			const hex = "0123456789abcdef"
			b.WriteString(`\u`)
			b.WriteByte(hex[r>>12&0xf])
			b.WriteByte(hex[r>>8&0xf])
			b.WriteByte(hex[r>>4&0xf])
			b.WriteByte(hex[r&0xf])
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(q)
	return b.String()
}
