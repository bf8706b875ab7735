package evt

import (
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/value"
)

// AppendEvent appends ev as one .evt line (without time prefix or newline)
// in brace form, `Type { name: value, ... }`, such that reading the line
// back gives the same type and fields with the same kinds: strings are
// always quoted, floats always carry a '.' or an exponent (or are inf, -inf,
// NaN), field names that are not plain words are quoted. Timestamps and
// durations, which the format cannot express, are written as strings
// (RFC 3339, Go duration). An event whose type is not a valid type name is
// written as a JSON object line instead (there NaN and ±Inf become null).
//
// To give events times, write "BATCH <ms>" lines, or prefix the line with
// "@<ms> ".
func AppendEvent(dst []byte, ev *event.Event) []byte {
	if !validTypeName(ev.Type) {
		dst = append(dst, `{"event_type":`...)
		dst = value.AppendJSONString(dst, ev.Type)
		dst = append(dst, `,"data":`...)
		dst = event.AppendFieldsJSON(dst, ev)
		return append(dst, '}')
	}
	dst = append(dst, ev.Type...)
	if len(ev.Fields) == 0 {
		return append(dst, " {}"...)
	}
	dst = append(dst, " { "...)
	for i, f := range ev.Fields {
		if i > 0 {
			dst = append(dst, ", "...)
		}
		dst = appendName(dst, f.Name)
		dst = append(dst, ": "...)
		dst = appendValue(dst, f.Value)
	}
	return append(dst, " }"...)
}

func validTypeName(s string) bool {
	if s == "" || !utf8.ValidString(s) {
		return false
	}
	c := s[0]
	if !(c >= utf8.RuneSelf || c == '_' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !nameByte(s[i]) {
			return false
		}
	}
	return true
}

func appendName(dst []byte, name string) []byte {
	plain := name != ""
	for i := 0; i < len(name) && plain; i++ {
		plain = bareNameByte(name[i])
	}
	if plain {
		return append(dst, name...)
	}
	return appendQuoted(dst, name)
}

func appendValue(dst []byte, v value.Value) []byte {
	switch v.Kind() {
	case value.KindNull:
		return append(dst, "null"...)
	case value.KindBool, value.KindInt:
		return append(dst, v.String()...)
	case value.KindFloat:
		f := v.AsFloat()
		switch {
		case math.IsNaN(f):
			return append(dst, "NaN"...)
		case math.IsInf(f, 1):
			return append(dst, "inf"...)
		case math.IsInf(f, -1):
			return append(dst, "-inf"...)
		}
		start := len(dst)
		dst = strconv.AppendFloat(dst, f, 'g', -1, 64)
		for _, c := range dst[start:] {
			if c == '.' || c == 'e' {
				return dst
			}
		}
		return append(dst, ".0"...)
	case value.KindString:
		return appendQuoted(dst, v.AsString())
	case value.KindArray:
		dst = append(dst, '[')
		for i, e := range v.AsArray() {
			if i > 0 {
				dst = append(dst, ", "...)
			}
			dst = appendValue(dst, e)
		}
		return append(dst, ']')
	case value.KindMap:
		m := v.AsMap()
		dst = append(dst, '{')
		for i := 0; i < m.Len(); i++ {
			if i > 0 {
				dst = append(dst, ", "...)
			}
			k, e := m.At(i)
			dst = appendName(dst, k)
			dst = append(dst, ": "...)
			dst = appendValue(dst, e)
		}
		return append(dst, '}')
	}
	return appendQuoted(dst, v.String()) // timestamp, duration
}

// appendQuoted writes s in double quotes with the escapes the reader
// decodes; other bytes, including invalid UTF-8, are written as they are.
func appendQuoted(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c == '\n':
			dst = append(dst, '\\', 'n')
		case c == '\t':
			dst = append(dst, '\\', 't')
		case c == '\r':
			dst = append(dst, '\\', 'r')
		case c < 0x20:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			dst = append(dst, c)
		}
	}
	return append(dst, '"')
}
