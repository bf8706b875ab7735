package jsonl

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf16"
	"unicode/utf8"
)

// plainByte[c] is true for bytes that may appear in a JSON string as they
// are and need no further checks: printable ASCII except '"' and '\\'.
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

const (
	lsb8 = 0x0101010101010101
	msb8 = 0x8080808080808080
)

// skipPlain returns the position of the first byte at or after j that is
// not a plain byte (see plainByte), or len(b). It tests 8 bytes at a time:
// for each of '"', '\\', "< 0x20" and ">= 0x80" a bit trick sets the high
// bit of matching bytes; borrows can only create false matches above a real
// one, so the lowest flagged byte is always a real match.
func skipPlain(b []byte, j int) int {
	for j+8 <= len(b) {
		x := binary.LittleEndian.Uint64(b[j:])
		q := x ^ ('"' * lsb8)
		bs := x ^ ('\\' * lsb8)
		m := ((q - lsb8) &^ q) | ((bs - lsb8) &^ bs) | ((x - 0x20*lsb8) &^ x) | x
		if m &= msb8; m != 0 {
			return j + bits.TrailingZeros64(m)/8
		}
		j += 8
	}
	for j < len(b) && plainByte[b[j]] {
		j++
	}
	return j
}

// str parses the JSON string whose opening quote is at b[i] and returns its
// decoded bytes and the position after the closing quote. The bytes are a
// view into b when the string has no escapes and is valid UTF-8, else into
// d.str; either way they are only valid until the next call.
func (d *Decoder) str(b []byte, i int) ([]byte, int, error) {
	start := i + 1
	j := skipPlain(b, start)
	if j < len(b) && b[j] == '"' {
		if j-start > d.lim.MaxStringBytes {
			return nil, 0, limitAt(i, "string longer than %d bytes", d.lim.MaxStringBytes)
		}
		return b[start:j], j + 1, nil
	}
	return d.slowStr(b, i, j)
}

// slowStr continues str at b[j] for strings with escapes, control bytes or
// non-ASCII bytes: it validates the syntax up to the closing quote, then
// decodes if needed.
func (d *Decoder) slowStr(b []byte, i, j int) ([]byte, int, error) {
	start := i + 1
	escaped, ascii := false, true
	for j < len(b) {
		c := b[j]
		switch {
		case c == '"':
			raw := b[start:j]
			if escaped || (!ascii && !utf8.Valid(raw)) {
				raw = d.unescape(raw)
			}
			if len(raw) > d.lim.MaxStringBytes {
				return nil, 0, limitAt(i, "string longer than %d bytes", d.lim.MaxStringBytes)
			}
			return raw, j + 1, nil
		case c == '\\':
			escaped = true
			j++
			if j >= len(b) {
				return nil, 0, errAt(j, "unterminated string")
			}
			switch b[j] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				j++
			case 'u':
				if u4(b[j-1:]) < 0 {
					return nil, 0, errAt(j-1, "invalid \\u escape")
				}
				j += 5
			default:
				return nil, 0, errAt(j-1, "invalid escape \\%c", b[j])
			}
		case c < 0x20:
			return nil, 0, errAt(j, "control character 0x%02x in string", c)
		case c >= utf8.RuneSelf:
			ascii = false
			j++
		default:
			j++
		}
	}
	return nil, 0, errAt(i, "unterminated string")
}

func hexVal(c byte) rune {
	switch {
	case '0' <= c && c <= '9':
		return rune(c - '0')
	case 'a' <= c && c <= 'f':
		return rune(c - 'a' + 10)
	case 'A' <= c && c <= 'F':
		return rune(c - 'A' + 10)
	}
	return -1
}

// u4 decodes s[0:6] = `\uXXXX`; -1 if s does not start with a valid one.
func u4(s []byte) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range s[2:6] {
		h := hexVal(c)
		if h < 0 {
			return -1
		}
		r = r<<4 | h
	}
	return r
}

// unescape decodes a syntactically valid string body (escapes already
// checked) into d.strBuf, replacing invalid UTF-8 bytes and lone surrogates by
// U+FFFD exactly as encoding/json does.
func (d *Decoder) unescape(s []byte) []byte {
	b := d.strBuf[:0]
	for r := 0; r < len(s); {
		c := s[r]
		switch {
		case c == '\\':
			switch s[r+1] {
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				rr := u4(s[r:])
				r += 6
				if utf16.IsSurrogate(rr) {
					rr1 := u4(s[r:])
					if dec := utf16.DecodeRune(rr, rr1); dec != utf8.RuneError {
						r += 6
						b = utf8.AppendRune(b, dec)
						continue
					}
					rr = utf8.RuneError
				}
				b = utf8.AppendRune(b, rr)
				continue
			default: // '"', '\\', '/'
				b = append(b, s[r+1])
			}
			r += 2
		case c < utf8.RuneSelf:
			b = append(b, c)
			r++
		default:
			rr, size := utf8.DecodeRune(s[r:])
			if rr == utf8.RuneError && size == 1 {
				b = append(b, "\uFFFD"...)
			} else {
				b = append(b, s[r:r+size]...)
			}
			r += size
		}
	}
	d.strBuf = b
	return b
}
