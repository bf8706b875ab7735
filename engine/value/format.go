package value

import (
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// String returns the display form of v, as used by string conversion and
// printing: a string value is its text unquoted; null is "null"; ints in
// decimal; floats in the shortest form that parses back to the same float,
// with ".0" added to integral values ("150.0") and "NaN", "+Inf", "-Inf" for
// the special values; timestamps in RFC 3339 with nanoseconds (UTC);
// durations in Go's form ("1m30s"); arrays and maps as JSON-like text with
// quoted strings ("[1, \"a\"]", "{\"k\": 2}").
func (v Value) String() string {
	switch v.k {
	case KindNull:
		return "null"
	case KindString:
		return v.AsString()
	case KindBool:
		if v.AsBool() {
			return "true"
		}
		return "false"
	case KindInt:
		return strconv.FormatInt(int64(v.n), 10)
	}
	return string(v.appendDisplay(nil))
}

func (v Value) appendDisplay(dst []byte) []byte {
	switch v.k {
	case KindFloat:
		f := v.AsFloat()
		switch {
		case math.IsNaN(f):
			return append(dst, "NaN"...)
		case math.IsInf(f, 1):
			return append(dst, "+Inf"...)
		case math.IsInf(f, -1):
			return append(dst, "-Inf"...)
		}
		return appendFloat(dst, f)
	case KindArray:
		dst = append(dst, '[')
		for i, e := range v.AsArray() {
			if i > 0 {
				dst = append(dst, ", "...)
			}
			dst = e.appendNested(dst)
		}
		return append(dst, ']')
	case KindMap:
		m := v.AsMap()
		dst = append(dst, '{')
		for i := 0; i < m.Len(); i++ {
			if i > 0 {
				dst = append(dst, ", "...)
			}
			k, e := m.At(i)
			dst = AppendJSONString(dst, k)
			dst = append(dst, ": "...)
			dst = e.appendNested(dst)
		}
		return append(dst, '}')
	case KindTimestamp, KindDuration:
		return appendTime(dst, v)
	}
	return append(dst, v.String()...)
}

// appendNested writes an element of a composite: strings are quoted.
func (v Value) appendNested(dst []byte) []byte {
	if v.k == KindString {
		return AppendJSONString(dst, v.AsString())
	}
	return v.appendDisplay(dst)
}

func appendTime(dst []byte, v Value) []byte {
	if v.k == KindTimestamp {
		return AppendTimestamp(dst, int64(v.n))
	}
	return append(dst, time.Duration(int64(v.n)).String()...)
}

// appendFloat writes a finite f in the shortest form that parses back to
// the same float64: fixed notation for 1e-6 <= |f| < 1e21, exponent
// notation otherwise (like encoding/json), and ".0" added when the text would
// otherwise read as an integer, so that floats stay floats on a round trip.
func appendFloat(dst []byte, f float64) []byte {
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	start := len(dst)
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if format == 'e' {
		// Clean up e-09 to e-9, as encoding/json does.
		n := len(dst)
		if n-start >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
		return dst
	}
	for _, c := range dst[start:] {
		if c == '.' {
			return dst
		}
	}
	return append(dst, ".0"...)
}

// AppendJSON appends the JSON encoding of v to dst: null, true/false; ints as
// JSON integers; floats as JSON numbers in shortest round-trip form (integral
// floats keep a ".0"), NaN and ±Inf as null; strings escaped (invalid UTF-8
// replaced by U+FFFD); timestamps as RFC 3339 strings with nanoseconds
// (UTC); durations as Go duration strings ("1.5s"); arrays as arrays; maps as
// objects in insertion order.
func AppendJSON(dst []byte, v Value) []byte {
	switch v.k {
	case KindNull:
		return append(dst, "null"...)
	case KindBool:
		if v.AsBool() {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case KindInt:
		return strconv.AppendInt(dst, int64(v.n), 10)
	case KindFloat:
		f := v.AsFloat()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return append(dst, "null"...)
		}
		return appendFloat(dst, f)
	case KindString:
		return AppendJSONString(dst, v.AsString())
	case KindTimestamp, KindDuration:
		dst = append(dst, '"')
		dst = appendTime(dst, v)
		return append(dst, '"')
	case KindArray:
		dst = append(dst, '[')
		for i, e := range v.AsArray() {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendJSON(dst, e)
		}
		return append(dst, ']')
	case KindMap:
		m := v.AsMap()
		dst = append(dst, '{')
		for i := 0; i < m.Len(); i++ {
			if i > 0 {
				dst = append(dst, ',')
			}
			k, e := m.At(i)
			dst = AppendJSONString(dst, k)
			dst = append(dst, ':')
			dst = AppendJSON(dst, e)
		}
		return append(dst, '}')
	}
	return append(dst, "null"...)
}

// jsonSafe[c] is true for ASCII bytes that need no escaping inside a JSON
// string.
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

const hexDigits = "0123456789abcdef"

// AppendJSONString appends s as a quoted JSON string. Control characters,
// quotes and backslashes are escaped; U+2028 and U+2029 are escaped so the
// output is also valid JavaScript; invalid UTF-8 bytes become U+FFFD.
func AppendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
