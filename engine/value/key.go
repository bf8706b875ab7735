package value

import (
	"encoding/binary"
	"math"
	"slices"
	"strings"
)

// Key is a comparable form of a Value for use as a Go map key (partition
// keys, distinct sets, group-by). Two values have the same Key exactly when
// they are Equal: the int 1 and the float 1.0 share a Key, every NaN has the
// same Key, -0.0 and 0 share a Key. The zero Key is the key of null.
//
// Scalars build their Key without allocating; arrays and maps allocate a
// canonical encoding (map entries sorted by key, since map equality ignores
// order). To shard by key, hash it with hash/maphash.Comparable.
type Key struct {
	k Kind
	n uint64
	s string
}

// canonicalNaN is the bit pattern every NaN is normalised to in keys.
var canonicalNaN = math.Float64bits(math.NaN())

// Key returns the comparable key of v.
func (v Value) Key() Key {
	switch v.k {
	case KindNull:
		return Key{}
	case KindFloat:
		k, n := floatKey(v.AsFloat())
		return Key{k: k, n: n}
	case KindString:
		return Key{k: KindString, s: v.AsString()}
	case KindArray, KindMap:
		return Key{k: v.k, s: string(AppendKey(nil, v))}
	}
	return Key{k: v.k, n: v.n}
}

// floatKey normalises a float: integral values in int64 range key as ints.
func floatKey(f float64) (Kind, uint64) {
	switch {
	case f != f:
		return KindFloat, canonicalNaN
	case f >= -0x1p63 && f < 0x1p63 && f == math.Trunc(f):
		return KindInt, uint64(int64(f))
	}
	return KindFloat, math.Float64bits(f)
}

// appendKey appends a canonical, unambiguous encoding of v: one kind byte,
// then a fixed 8-byte payload for scalars, or a length prefix followed by
// the parts for strings, arrays and maps.
func AppendKey(dst []byte, v Value) []byte {
	switch v.k {
	case KindNull:
		return append(dst, byte(KindNull))
	case KindFloat:
		k, n := floatKey(v.AsFloat())
		dst = append(dst, byte(k))
		return binary.LittleEndian.AppendUint64(dst, n)
	case KindString:
		dst = append(dst, byte(KindString))
		dst = binary.AppendUvarint(dst, v.n)
		return append(dst, v.AsString()...)
	case KindArray:
		dst = append(dst, byte(KindArray))
		dst = binary.AppendUvarint(dst, v.n)
		for _, e := range v.AsArray() {
			dst = AppendKey(dst, e)
		}
		return dst
	case KindMap:
		m := v.AsMap()
		dst = append(dst, byte(KindMap))
		dst = binary.AppendUvarint(dst, uint64(m.Len()))
		order := make([]int, m.Len())
		for i := range order {
			order[i] = i
		}
		slices.SortFunc(order, func(a, b int) int {
			ka, _ := m.At(a)
			kb, _ := m.At(b)
			return strings.Compare(ka, kb)
		})
		for _, i := range order {
			k, e := m.At(i)
			dst = binary.AppendUvarint(dst, uint64(len(k)))
			dst = append(dst, k...)
			dst = AppendKey(dst, e)
		}
		return dst
	}
	dst = append(dst, byte(v.k))
	return binary.LittleEndian.AppendUint64(dst, v.n)
}
