package scanner

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// LiteralError describes a literal whose value cannot be decoded.
type LiteralError struct {
	Msg string
	// Range is true when the literal is well-formed but its value is out
	// of range (an overflowing duration, month 13, ...).
	Range bool
}

func (e *LiteralError) Error() string { return e.Msg }

// Unquote decodes a string literal written in double or single quotes,
// applying the escapes \n \t \r \\ \" \' and \uXXXX.
func Unquote(lit string) (string, error) {
	if len(lit) < 2 || (lit[0] != '"' && lit[0] != '\'') || lit[len(lit)-1] != lit[0] {
		return "", &LiteralError{Msg: "malformed string literal " + lit}
	}
	body := lit[1 : len(lit)-1]
	if strings.IndexByte(body, '\\') < 0 {
		return body, nil
	}
	var b strings.Builder
	b.Grow(len(body))
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(body) {
			return "", &LiteralError{Msg: "string literal ends in a backslash"}
		}
		switch body[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '\\', '"', '\'':
			b.WriteByte(body[i])
		case 'u':
			if i+4 >= len(body) {
				return "", &LiteralError{Msg: "invalid escape sequence: \\u needs exactly 4 hexadecimal digits"}
			}
			var v rune
			for j := 1; j <= 4; j++ {
				d := hexVal(body[i+j])
				if d < 0 {
					return "", &LiteralError{Msg: "invalid escape sequence: \\u needs exactly 4 hexadecimal digits"}
				}
				v = v<<4 | rune(d)
			}
			if v >= 0xD800 && v < 0xE000 {
				return "", &LiteralError{Msg: "invalid escape sequence: surrogate half is not a character"}
			}
			b.WriteRune(v)
			i += 4
		default:
			r, _ := utf8.DecodeRuneInString(body[i:])
			return "", &LiteralError{Msg: "unknown escape sequence \\" + string(r)}
		}
	}
	return b.String(), nil
}

// ParseInt decodes a decimal integer literal.
func ParseInt(lit string) (int64, error) {
	var v int64
	if lit == "" {
		return 0, &LiteralError{Msg: "empty integer literal"}
	}
	for i := 0; i < len(lit); i++ {
		c := lit[i]
		if !isDigit(c) {
			return 0, &LiteralError{Msg: "malformed integer literal " + lit}
		}
		d := int64(c - '0')
		if v > (math.MaxInt64-d)/10 {
			return 0, &LiteralError{Msg: "integer literal " + lit + " overflows int64 (max 9223372036854775807)", Range: true}
		}
		v = v*10 + d
	}
	return v, nil
}

// ParseFloat decodes a float literal (digits '.' digits with an optional
// exponent, or digits with an exponent).
func ParseFloat(lit string) (float64, error) {
	f, err := strconv.ParseFloat(lit, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return f, &LiteralError{Msg: "float literal " + lit + " is out of range", Range: true}
		}
		return 0, &LiteralError{Msg: "malformed float literal " + lit}
	}
	return f, nil
}

// unitNanos returns the length of a duration unit in nanoseconds, or
// 0 for an unknown unit.
func unitNanos(u string) int64 {
	switch u {
	case "ns":
		return 1
	case "us":
		return 1e3
	case "ms":
		return 1e6
	case "s":
		return 1e9
	case "m":
		return 60e9
	case "h":
		return 3600e9
	case "d":
		return 86400e9
	}
	return 0
}

// ParseDuration decodes a duration literal `[0-9]+(ns|us|ms|s|m|h|d)` into
// nanoseconds. A value that does not fit in int64 nanoseconds is an error.
func ParseDuration(lit string) (int64, error) {
	i := 0
	for i < len(lit) && isDigit(lit[i]) {
		i++
	}
	if i == 0 || i == len(lit) {
		return 0, &LiteralError{Msg: "malformed duration literal " + lit}
	}
	unit := unitNanos(lit[i:])
	if unit == 0 {
		return 0, &LiteralError{Msg: "malformed duration literal " + lit + " (units are ns, us, ms, s, m, h, d)"}
	}
	n, err := ParseInt(lit[:i])
	if err != nil || n > math.MaxInt64/unit {
		return 0, &LiteralError{Msg: "duration literal " + lit + " overflows (the maximum is about 106751d)", Range: true}
	}
	return n * unit, nil
}

// ParseTimestamp decodes a timestamp literal
// `@YYYY-MM-DD[THH:MM:SS[.fraction]][Z|±HH:MM]` into nanoseconds since
// the Unix epoch (UTC). A UTC offset is fully applied (hours and minutes).
// The leading '@' is optional.
func ParseTimestamp(lit string) (int64, error) {
	s := strings.TrimPrefix(lit, "@")
	bad := func() (int64, error) {
		return 0, &LiteralError{Msg: "malformed timestamp literal " + lit + " (want @YYYY-MM-DD, @YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM])"}
	}
	num := func(s string) (int, bool) {
		v := 0
		for i := 0; i < len(s); i++ {
			if !isDigit(s[i]) {
				return 0, false
			}
			v = v*10 + int(s[i]-'0')
		}
		return v, len(s) > 0
	}
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return bad()
	}
	year, ok1 := num(s[0:4])
	month, ok2 := num(s[5:7])
	day, ok3 := num(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return bad()
	}
	s = s[10:]
	hour, min, sec, nsec := 0, 0, 0, 0
	offset := 0 // seconds east of UTC
	if s != "" {
		if s[0] != 'T' || len(s) < 9 || s[3] != ':' || s[6] != ':' {
			return bad()
		}
		var ok4, ok5, ok6 bool
		hour, ok4 = num(s[1:3])
		min, ok5 = num(s[4:6])
		sec, ok6 = num(s[7:9])
		if !ok4 || !ok5 || !ok6 {
			return bad()
		}
		s = s[9:]
		if s != "" && s[0] == '.' {
			j := 1
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			frac := s[1:j]
			if frac == "" || len(frac) > 9 {
				return bad()
			}
			f, _ := num(frac)
			for k := len(frac); k < 9; k++ {
				f *= 10
			}
			nsec = f
			s = s[j:]
		}
		switch {
		case s == "" || s == "Z":
		case (s[0] == '+' || s[0] == '-') && len(s) == 6 && s[3] == ':':
			oh, ok7 := num(s[1:3])
			om, ok8 := num(s[4:6])
			if !ok7 || !ok8 {
				return bad()
			}
			if oh > 23 || om > 59 {
				return 0, &LiteralError{Msg: "timestamp literal " + lit + " has an invalid UTC offset", Range: true}
			}
			offset = oh*3600 + om*60
			if s[0] == '-' {
				offset = -offset
			}
		default:
			return bad()
		}
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || min > 59 || sec > 59 {
		return 0, &LiteralError{Msg: "timestamp literal " + lit + " is not a valid date and time", Range: true}
	}
	t := time.Date(year, time.Month(month), day, hour, min, sec, nsec, time.UTC)
	secs := t.Unix() - int64(offset)
	// UnixNano is defined for roughly the years 1678 to 2262.
	const minSec, maxSec = -9223372036, 9223372035
	if secs < minSec || secs > maxSec {
		return 0, &LiteralError{Msg: "timestamp literal " + lit + " is out of range (years 1678 to 2262)", Range: true}
	}
	return secs*1e9 + int64(nsec), nil
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
