package pattern

import (
	"hash/maphash"
	"math"

	"github.com/varpulis/varpulis-go/engine/value"
)

// partTable maps partition key values to partitions. Keys are grouped as
// value.Key groups them (1 and 1.0 are one key, every null is one key).
// String and integer keys, the usual ones, live in an open-addressing
// table of (hash, partition) pairs: a lookup reads one slot, then the
// partition it needs anyway, instead of a map's control word, slot and
// key. Other keys use a map keyed by value.Key.
type partTable struct {
	slots []pslot // len is a power of two; h == 0 marks an empty slot
	n     int
	seed  maphash.Seed
	other map[value.Key]*partition
}

type pslot struct {
	h uint64
	p *partition
}

func newPartTable() *partTable {
	return &partTable{slots: make([]pslot, 64), seed: maphash.MakeSeed(), other: map[value.Key]*partition{}}
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
func (t *partTable) hash(v value.Value) (uint64, bool) {
	var h uint64
	if v.Kind() == value.KindString {
		h = maphash.String(t.seed, v.AsString())
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

func (t *partTable) get(v value.Value) *partition {
	h, ok := t.hash(v)
	if !ok {
		return t.other[v.Key()]
	}
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.h == 0 {
			return nil
		}
		if s.h == h && sameKey(s.p.key, v) {
			return s.p
		}
	}
}

// put adds p under key v (v must not be in the table).
func (t *partTable) put(v value.Value, p *partition) {
	h, ok := t.hash(v)
	if !ok {
		t.other[v.Key()] = p
		return
	}
	if 4*(t.n+1) > 3*len(t.slots) {
		t.grow()
	}
	t.insert(h, p)
	t.n++
}

func (t *partTable) insert(h uint64, p *partition) {
	mask := uint64(len(t.slots) - 1)
	i := h & mask
	for t.slots[i].h != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = pslot{h: h, p: p}
}

func (t *partTable) grow() {
	old := t.slots
	t.slots = make([]pslot, 2*len(old))
	for _, s := range old {
		if s.h != 0 {
			t.insert(s.h, s.p)
		}
	}
}

// del removes key v (backward-shift deletion: no tombstones).
func (t *partTable) del(v value.Value) {
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
		if s.h == h && sameKey(s.p.key, v) {
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
	t.slots[i] = pslot{}
}

// exactKey reports whether two values with the key of v are always equal
// under `==`: every key but null (null == null is false).
func exactKey(v value.Value) bool { return !v.IsNull() }
