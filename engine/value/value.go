// Package value defines Value, the compact tagged representation of every
// VPL value (null, bool, int, float, string, timestamp, duration, array, map),
// and the operations the language defines on them (equality, ordering,
// arithmetic, JSON encoding, hashing keys).
//
// A Value is a 24-byte struct passed by value; it never boxes its payload in an
// interface. Scalars live in one 64-bit word; strings and arrays keep a pointer
// to their first byte/element plus a length; maps keep a *Map. The zero Value is
// Null. There is no separate "missing" kind: a missing field evaluates to Null
// (vpl.md §2).
//
// Values are immutable once built: Array and String share the memory they are
// given, so callers must not modify a slice after passing it to Array. A *Map
// may be mutated by its owner while it is being built; once a map is wrapped in
// a Value and published (for example in an event), treat it as read-only.
//
// Do not compare Values with ==: two equal strings may live at different
// addresses. Use Equal, Compare or Key.
package value

import (
	"math"
	"time"
	"unsafe"
)

// Kind is the type tag of a Value.
type Kind uint8

// The value kinds. KindNull is the zero Kind.
const (
	KindNull Kind = iota
	KindBool
	KindInt
	KindFloat
	KindString
	KindTimestamp
	KindDuration
	KindArray
	KindMap
)

var kindNames = [...]string{
	KindNull:      "null",
	KindBool:      "bool",
	KindInt:       "int",
	KindFloat:     "float",
	KindString:    "string",
	KindTimestamp: "timestamp",
	KindDuration:  "duration",
	KindArray:     "array",
	KindMap:       "map",
}

// String returns the lower-case VPL name of the kind ("int", "map", ...).
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "invalid"
}

// Value is one VPL value. The zero Value is Null.
//
// Layout (24 bytes on 64-bit platforms):
//   - p: string data, first array element, or *Map; nil otherwise;
//   - n: bool (0/1), int64 bits, float64 bits, timestamp or duration in
//     nanoseconds, or the length of a string or array;
//   - k: the Kind.
//
// Keeping the string as pointer+length instead of a string header plus a
// separate pointer saves 16 bytes per value (24 instead of 40), which matters
// because events are slices of (name, Value) pairs copied on every hop.
type Value struct {
	p unsafe.Pointer
	n uint64
	k Kind
}

// Null returns the null value (the zero Value).
func Null() Value { return Value{} }

// Bool returns a boolean value.
func Bool(b bool) Value {
	var n uint64
	if b {
		n = 1
	}
	return Value{k: KindBool, n: n}
}

// Int returns a 64-bit integer value.
func Int(i int64) Value { return Value{k: KindInt, n: uint64(i)} }

// Float returns a 64-bit floating point value.
func Float(f float64) Value { return Value{k: KindFloat, n: math.Float64bits(f)} }

// String returns a string value. The string's bytes are shared, not copied.
func String(s string) Value {
	return Value{k: KindString, p: unsafe.Pointer(unsafe.StringData(s)), n: uint64(len(s))}
}

// Timestamp returns a timestamp value: ns nanoseconds since the Unix epoch (UTC).
func Timestamp(ns int64) Value { return Value{k: KindTimestamp, n: uint64(ns)} }

// Time returns the timestamp value of t.
func Time(t time.Time) Value { return Timestamp(t.UnixNano()) }

// Duration returns a duration value of ns nanoseconds (may be negative).
func Duration(ns int64) Value { return Value{k: KindDuration, n: uint64(ns)} }

// Array returns an array value holding vs. The slice is shared, not copied:
// the caller must not modify it afterwards.
func Array(vs []Value) Value {
	return Value{k: KindArray, p: unsafe.Pointer(unsafe.SliceData(vs)), n: uint64(len(vs))}
}

// MapOf returns a map value holding m. A nil m is an empty map.
// The map is shared, not copied.
func MapOf(m *Map) Value { return Value{k: KindMap, p: unsafe.Pointer(m)} }

// Kind returns the value's kind.
func (v Value) Kind() Kind { return v.k }

// IsNull reports whether v is null.
func (v Value) IsNull() bool { return v.k == KindNull }

// IsNumeric reports whether v is an int or a float.
func (v Value) IsNumeric() bool { return v.k == KindInt || v.k == KindFloat }

// IsZeroNumber reports whether v is the int 0 or a float equal to 0. Division
// and modulo by such a value yield null; the expression evaluator uses this to
// count division-by-zero warnings.
func (v Value) IsZeroNumber() bool {
	switch v.k {
	case KindInt:
		return v.n == 0
	case KindFloat:
		return math.Float64frombits(v.n) == 0
	}
	return false
}

// AsBool returns the boolean of a bool value, false for any other kind.
func (v Value) AsBool() bool { return v.k == KindBool && v.n != 0 }

// AsInt returns the integer of an int value and the nanoseconds of a timestamp
// or duration; 0 for any other kind (floats are not converted).
func (v Value) AsInt() int64 {
	switch v.k {
	case KindInt, KindTimestamp, KindDuration:
		return int64(v.n)
	}
	return 0
}

// AsFloat returns the number of an int or float value as a float64
// (ints are converted); 0 for any other kind.
func (v Value) AsFloat() float64 {
	switch v.k {
	case KindFloat:
		return math.Float64frombits(v.n)
	case KindInt:
		return float64(int64(v.n))
	}
	return 0
}

// AsString returns the text of a string value, "" for any other kind.
// Use String for a display form of any value.
func (v Value) AsString() string {
	if v.k != KindString {
		return ""
	}
	return unsafe.String((*byte)(v.p), int(v.n))
}

// AsTimestamp returns the nanoseconds since the epoch of a timestamp value, 0 otherwise.
func (v Value) AsTimestamp() int64 {
	if v.k != KindTimestamp {
		return 0
	}
	return int64(v.n)
}

// AsDuration returns the nanoseconds of a duration value, 0 otherwise.
func (v Value) AsDuration() int64 {
	if v.k != KindDuration {
		return 0
	}
	return int64(v.n)
}

// AsArray returns the elements of an array value (nil for other kinds).
// The slice is shared with the value and must not be modified; its capacity
// equals its length, so appending to it copies.
func (v Value) AsArray() []Value {
	if v.k != KindArray || v.n == 0 {
		return nil
	}
	return unsafe.Slice((*Value)(v.p), int(v.n))
}

// AsMap returns the map of a map value, nil for other kinds and for the empty
// map built by MapOf(nil). All read methods of *Map accept a nil receiver.
func (v Value) AsMap() *Map {
	if v.k != KindMap {
		return nil
	}
	return (*Map)(v.p)
}

// Len returns the length of a string (bytes), array or map; 0 otherwise.
func (v Value) Len() int {
	switch v.k {
	case KindString, KindArray:
		return int(v.n)
	case KindMap:
		return v.AsMap().Len()
	}
	return 0
}

// Truthy reports whether v lets an event pass a where/having filter: only
// Bool(true) does; null, false and every non-bool value do not.
func Truthy(v Value) bool { return v.k == KindBool && v.n != 0 }
