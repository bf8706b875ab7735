package jsonl

import (
	"math"
	"strconv"
	"unsafe"

	"github.com/varpulis/varpulis-go/engine/value"
)

// pow10 holds the powers of ten that float64 represents exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// number parses the JSON number at b[i] (see numberSlow). Its fast path
// covers the usual shapes, -?[1-9][0-9]* and -?[0-9]+\.[0-9]+ with at most
// 15 digits and no exponent, in one pass; anything else (leading zeros,
// exponents, long mantissas, syntax errors) goes to numberSlow.
func number(b []byte, i int) (value.Value, int, error) {
	j := i
	neg := b[j] == '-'
	if neg {
		j++
	}
	ds := j
	var mant uint64
	j, mant = digits(b, j, 0)
	nint := j - ds
	if nint == 0 || nint > 15 || (nint > 1 && b[ds] == '0') {
		return numberSlow(b, i)
	}
	if j >= len(b) || (b[j] != '.' && b[j]|0x20 != 'e') {
		if neg {
			return value.Int(-int64(mant)), j, nil
		}
		return value.Int(int64(mant)), j, nil
	}
	if b[j] != '.' {
		return numberSlow(b, i)
	}
	j++
	fs := j
	j, mant = digits(b, j, mant)
	nf := j - fs
	if nf == 0 || nint+nf > 15 || (j < len(b) && b[j]|0x20 == 'e') {
		return numberSlow(b, i)
	}
	// mant < 10^15 < 2^53 and 10^nf are exact in float64, so one
	// correctly rounded division gives the correctly rounded result.
	f := float64(mant) / pow10[nf]
	if neg {
		f = -f
	}
	return value.Float(f), j, nil
}

// digits reads the run of ASCII digits at b[j:], appending them to mant
// (mant*10 + digit for each; the caller bounds the count), and returns the
// position after the run and the new mant. (A word-at-a-time version was
// measured no faster on the short numbers of event streams.)
func digits(b []byte, j int, mant uint64) (int, uint64) {
	for j < len(b) {
		c := b[j] - '0'
		if c > 9 {
			break
		}
		mant = mant*10 + uint64(c)
		j++
	}
	return j, mant
}

// numberSlow parses the JSON number at b[i] (strict grammar:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?). Integers without
// fraction or exponent that fit int64 become ints; everything else floats.
// A number outside the float64 range is an error.
func numberSlow(b []byte, i int) (value.Value, int, error) {
	start := i
	neg := false
	if b[i] == '-' {
		neg = true
		i++
	}
	if i >= len(b) || !isDigit(b[i]) {
		return value.Value{}, 0, errAt(i, "invalid number")
	}
	// mant accumulates up to 19 significant digits; more set overflow.
	var mant uint64
	digits, exp10 := 0, 0
	overflow := false
	if b[i] == '0' {
		i++
	} else {
		for ; i < len(b) && isDigit(b[i]); i++ {
			if digits < 19 {
				mant = mant*10 + uint64(b[i]-'0')
				digits++
			} else {
				overflow = true
			}
		}
	}
	isFloat := false
	if i < len(b) && b[i] == '.' {
		isFloat = true
		i++
		if i >= len(b) || !isDigit(b[i]) {
			return value.Value{}, 0, errAt(i, "invalid number: digit expected after '.'")
		}
		for ; i < len(b) && isDigit(b[i]); i++ {
			if digits < 19 {
				if mant != 0 || b[i] != '0' {
					digits++
				}
				mant = mant*10 + uint64(b[i]-'0')
				exp10--
			} else {
				overflow = true
			}
		}
	}
	hasExp := false
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		isFloat, hasExp = true, true
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || !isDigit(b[i]) {
			return value.Value{}, 0, errAt(i, "invalid number: digit expected in exponent")
		}
		for i < len(b) && isDigit(b[i]) {
			i++
		}
	}
	if !isFloat && !overflow {
		switch {
		case !neg && mant <= math.MaxInt64:
			return value.Int(int64(mant)), i, nil
		case neg && mant <= 1<<63:
			return value.Int(int64(-mant)), i, nil // -2^63 wraps to itself
		}
	}
	// Exact fast path: mantissa and power of ten are both exact in float64,
	// so one correctly rounded division gives the correctly rounded result.
	if !hasExp && !overflow && mant < 1<<53 && exp10 >= -22 {
		f := float64(mant) / pow10[-exp10]
		if neg {
			f = -f
		}
		return value.Float(f), i, nil
	}
	text := b[start:i]
	f, err := strconv.ParseFloat(unsafe.String(unsafe.SliceData(text), len(text)), 64)
	if err != nil {
		// The syntax was checked above, so this is a range error. Do not
		// wrap err: it refers to memory of the line buffer.
		return value.Value{}, 0, errAt(start, "number %s is out of the float64 range", text)
	}
	return value.Float(f), i, nil
}
