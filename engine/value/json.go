package value

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// FromJSONAny converts a Go value as produced by encoding/json (decoding into
// any, with or without UseNumber) or built by hand into a Value:
//   - nil → null; bool → bool; string → string;
//   - json.Number → int when it is an integer literal (no '.', no exponent)
//     that fits int64, else float (null if it is not a valid number);
//   - float64 → float (encoding/json decodes every number as float64 unless
//     UseNumber is set; this function does not guess which were ints);
//   - Go integer types → int (uint64 above MaxInt64 → float); float32 → float;
//   - time.Time → timestamp; time.Duration → duration; Value → itself;
//   - []any → array; map[string]any → map with keys in sorted order (Go maps
//     have no order to keep); *Map → map;
//   - anything else → null.
func FromJSONAny(x any) Value {
	switch x := x.(type) {
	case nil:
		return Value{}
	case Value:
		return x
	case bool:
		return Bool(x)
	case string:
		return String(x)
	case float64:
		return Float(x)
	case float32:
		return Float(float64(x))
	case int:
		return Int(int64(x))
	case int8:
		return Int(int64(x))
	case int16:
		return Int(int64(x))
	case int32:
		return Int(int64(x))
	case int64:
		return Int(x)
	case uint:
		return fromUint(uint64(x))
	case uint8:
		return Int(int64(x))
	case uint16:
		return Int(int64(x))
	case uint32:
		return Int(int64(x))
	case uint64:
		return fromUint(x)
	case json.Number:
		return fromJSONNumber(string(x))
	case time.Time:
		return Time(x)
	case time.Duration:
		return Duration(int64(x))
	case []any:
		vs := make([]Value, len(x))
		for i, e := range x {
			vs[i] = FromJSONAny(e)
		}
		return Array(vs)
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		m := NewMap(len(keys))
		for _, k := range keys {
			m.Set(k, FromJSONAny(x[k]))
		}
		return MapOf(m)
	case *Map:
		return MapOf(x)
	}
	return Value{}
}

func fromUint(u uint64) Value {
	if u > math.MaxInt64 {
		return Float(float64(u))
	}
	return Int(int64(u))
}

func fromJSONNumber(s string) Value {
	if !strings.ContainsAny(s, ".eE") {
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return Int(i)
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return Value{}
	}
	return Float(f)
}

// ToAny converts v to plain Go values (the inverse of FromJSONAny): nil,
// bool, int64, float64, string, time.Time (UTC), time.Duration, []any and
// map[string]any.
func (v Value) ToAny() any {
	switch v.k {
	case KindBool:
		return v.AsBool()
	case KindInt:
		return v.AsInt()
	case KindFloat:
		return v.AsFloat()
	case KindString:
		return v.AsString()
	case KindTimestamp:
		return time.Unix(0, v.AsTimestamp()).UTC()
	case KindDuration:
		return time.Duration(v.AsDuration())
	case KindArray:
		xs := v.AsArray()
		out := make([]any, len(xs))
		for i, e := range xs {
			out[i] = e.ToAny()
		}
		return out
	case KindMap:
		m := v.AsMap()
		out := make(map[string]any, m.Len())
		m.Range(func(k string, e Value) bool {
			out[k] = e.ToAny()
			return true
		})
		return out
	}
	return nil
}
