// Package keytab holds Table, the map from partition key values to
// per-partition state used by the pattern matcher and the trend stage.
package keytab

import (
	"encoding/binary"
	"hash/maphash"
	"iter"
	"math"
	"math/bits"
	"math/rand/v2"
	"unsafe"

	"github.com/varpulis/varpulis-go/engine/value"
)

// Table maps key values to P. Keys are grouped as value.Key groups them
// (1 and 1.0 are one key, every null is one key). String and integer keys,
// the usual ones, live in an open-addressing table of (hash, key, entry)
// slots: a lookup reads one slot instead of a map's control word, slot and
// hashed struct key. Other keys use a map keyed by value.Key.
type Table[P any] struct {
	slots []slot[P] // len is a power of two; h == 0 marks an empty slot
	n     int
	keys  strKeys
	other map[value.Key]P
}

// strKeys keys the string hash of a table (random per table).
type strKeys struct {
	k0, k1, k2, k3 uint64
	seed           maphash.Seed // strings longer than 16 bytes
}

type slot[P any] struct {
	h   uint64
	key value.Value
	p   P
}

// New returns an empty table.
func New[P any]() *Table[P] {
	return &Table[P]{slots: make([]slot[P], 64), other: map[value.Key]P{},
		keys: strKeys{k0: rand.Uint64() | 1, k1: rand.Uint64() | 1, k2: rand.Uint64() | 1, k3: rand.Uint64() | 1, seed: maphash.MakeSeed()}}
}

// mix folds the 128-bit product of a and b to 64 bits.
func mix(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}

// strHash hashes s. Partition keys are mostly short strings (ids, names):
// up to 16 bytes are read as two (possibly overlapping) little-endian words
// and mixed with the table's random keys by two 64×64→128-bit
// multiplications, about a third of the cost of maphash; longer strings
// use maphash. Both are keyed per table, so colliding keys cannot be
// chosen in advance.
// The result is never 0 (0 marks an empty slot).
func (k *strKeys) strHash(s string) uint64 {
	n := len(s)
	var a, b uint64
	switch {
	case n == 0:
	case n < 4:
		a = uint64(s[0])<<16 | uint64(s[n>>1])<<8 | uint64(s[n-1])
	case n <= 8:
		p := unsafe.Slice(unsafe.StringData(s), n)
		a, b = uint64(binary.LittleEndian.Uint32(p)), uint64(binary.LittleEndian.Uint32(p[n-4:]))
	case n <= 16:
		p := unsafe.Slice(unsafe.StringData(s), n)
		a, b = binary.LittleEndian.Uint64(p), binary.LittleEndian.Uint64(p[n-8:])
	default:
		return maphash.String(k.seed, s) | 1<<63
	}
	return mix(mix(a^k.k0, b^k.k1)^k.k2, uint64(n)^k.k3) | 1<<63
}

// sameString reports whether key k is the string s.
func sameString(k value.Value, s string) bool {
	if k.Kind() != value.KindString {
		return false
	}
	ks := k.AsString()
	return len(ks) == len(s) && (unsafe.StringData(ks) == unsafe.StringData(s) || ks == s)
}

// intKey reports the integer a value keys as: an int, or a float with an
// integral value in int64 range (value.Key normalises it the same way).
func intKey(v value.Value) (int64, bool) {
	switch v.Kind() {
	case value.KindInt:
		return v.AsInt(), true
	case value.KindFloat:
		f := v.AsFloat()
		if f >= -0x1p63 && f < 0x1p63 && f == math.Trunc(f) {
			return int64(f), true
		}
	}
	return 0, false
}

// hash returns the slot hash of v (never 0) and whether v is a string or
// integer key; 0, false for the keys of the map.
func (t *Table[P]) hash(v value.Value) (uint64, bool) {
	var h uint64
	if v.Kind() == value.KindString {
		return t.keys.strHash(v.AsString()), true
	} else if i, ok := intKey(v); ok {
		h = uint64(i) * 0x9e3779b97f4a7c15
		h ^= h >> 29
		h *= 0xbf58476d1ce4e5b9
		h ^= h >> 32
	} else {
		return 0, false
	}
	if h == 0 {
		h = 1
	}
	return h, true
}

// sameKey reports whether a string or integer key k equals v.
func sameKey(k, v value.Value) bool {
	if v.Kind() == value.KindString {
		return k.Kind() == value.KindString && k.AsString() == v.AsString()
	}
	i, ok := intKey(k)
	j, _ := intKey(v)
	return ok && i == j
}

// Get returns the entry of key v.
func (t *Table[P]) Get(v value.Value) (P, bool) {
	if v.Kind() == value.KindString {
		// The usual key, looked up without the generic hash and compare.
		s := v.AsString()
		h := t.keys.strHash(s)
		mask := uint64(len(t.slots) - 1)
		for i := h & mask; ; i = (i + 1) & mask {
			sl := &t.slots[i]
			if sl.h == 0 {
				var zero P
				return zero, false
			}
			if sl.h == h && sameString(sl.key, s) {
				return sl.p, true
			}
		}
	}
	h, ok := t.hash(v)
	if !ok {
		p, ok := t.other[v.Key()]
		return p, ok
	}
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.h == 0 {
			var zero P
			return zero, false
		}
		if s.h == h && sameKey(s.key, v) {
			return s.p, true
		}
	}
}

// Put adds p under key v, which must not be in the table.
func (t *Table[P]) Put(v value.Value, p P) {
	h, ok := t.hash(v)
	if !ok {
		t.other[v.Key()] = p
		return
	}
	if 4*(t.n+1) > 3*len(t.slots) {
		t.resize(2 * len(t.slots))
	}
	t.insert(slot[P]{h: h, key: v, p: p})
	t.n++
}

func (t *Table[P]) insert(s slot[P]) {
	mask := uint64(len(t.slots) - 1)
	i := s.h & mask
	for t.slots[i].h != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = s
}

func (t *Table[P]) resize(size int) {
	old := t.slots
	t.slots = make([]slot[P], size)
	for _, s := range old {
		if s.h != 0 {
			t.insert(s)
		}
	}
}

// Delete removes key v (backward-shift deletion: no tombstones).
func (t *Table[P]) Delete(v value.Value) {
	h, ok := t.hash(v)
	if !ok {
		delete(t.other, v.Key())
		return
	}
	mask := uint64(len(t.slots) - 1)
	i := h & mask
	for {
		s := &t.slots[i]
		if s.h == 0 {
			return
		}
		if s.h == h && sameKey(s.key, v) {
			break
		}
		i = (i + 1) & mask
	}
	t.n--
	for j := (i + 1) & mask; t.slots[j].h != 0; j = (j + 1) & mask {
		home := t.slots[j].h & mask
		// Move slot j into the hole at i unless its home lies cyclically
		// in (i, j].
		if (j > i && (home <= i || home > j)) || (j < i && home <= i && home > j) {
			t.slots[i] = t.slots[j]
			i = j
		}
	}
	t.slots[i] = slot[P]{}
}

// All yields every entry, in no particular order. The table must not be
// changed during the iteration.
func (t *Table[P]) All() iter.Seq[P] {
	return func(yield func(P) bool) {
		for i := range t.slots {
			if t.slots[i].h != 0 && !yield(t.slots[i].p) {
				return
			}
		}
		for _, p := range t.other {
			if !yield(p) {
				return
			}
		}
	}
}

// Len returns the number of keys.
func (t *Table[P]) Len() int { return t.n + len(t.other) }

// DeleteFunc removes every entry for which del returns true.
func (t *Table[P]) DeleteFunc(del func(P) bool) {
	for k, p := range t.other {
		if del(p) {
			delete(t.other, k)
		}
	}
	old := t.slots
	kept := 0
	for i := range old {
		if old[i].h != 0 && !del(old[i].p) {
			kept++
		} else {
			old[i] = slot[P]{}
		}
	}
	if kept == t.n {
		return
	}
	// Re-insert the survivors: holes in probe chains would hide keys.
	t.n = kept
	size := 64
	for 4*kept > 3*size/2 {
		size *= 2
	}
	size = max(size, len(old)/4)
	t.slots = make([]slot[P], size)
	for _, s := range old {
		if s.h != 0 {
			t.insert(s)
		}
	}
}
