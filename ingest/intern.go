package ingest

import (
	"encoding/binary"
	"math/bits"
)

// Interner is a direct-mapped cache of strings keyed by their bytes, used by
// decoders so that repeated names and values do not allocate: a hit returns
// the cached string; a miss allocates the string and replaces the slot (so
// memory stays bounded by the slot count). Not safe for concurrent use.
type Interner struct {
	slots []internSlot
}

// internSlot is one cache entry. For strings of at most 8 bytes, w holds
// their bytes zero-padded (little endian), so a hit is one length and one
// word comparison.
type internSlot struct {
	s string
	w uint64
}

// NewInterner returns an Interner with size slots, rounded up to a power of
// two (at least 16).
func NewInterner(size int) *Interner {
	n := 16
	for n < size {
		n <<= 1
	}
	return &Interner{slots: make([]internSlot, n)}
}

// Intern returns a string equal to b, from the cache when possible.
// Callers should bound len(b): only short strings are worth interning.
//
// The cache is two-way set associative: a string may sit in either slot of
// its pair; a miss moves the first slot's string to the second and puts
// the new one first, so two strings hashing to the same pair do not evict
// each other.
func (c *Interner) Intern(b []byte) string {
	n := len(b)
	mask := uint32(len(c.slots) - 1)
	if n <= 8 {
		w := word8(b)
		h := mix(w, n) & mask &^ 1
		pair := c.slots[h : h+2 : h+2]
		if len(pair[0].s) == n && pair[0].w == w {
			return pair[0].s
		}
		if len(pair[1].s) == n && pair[1].w == w {
			return pair[1].s
		}
		s := string(b)
		pair[1], pair[0] = pair[0], internSlot{s: s, w: w}
		return s
	}
	h := hashBytes(b) & mask &^ 1
	pair := c.slots[h : h+2 : h+2]
	if pair[0].s == string(b) { // the conversion in a comparison does not allocate
		return pair[0].s
	}
	if pair[1].s == string(b) {
		return pair[1].s
	}
	s := string(b)
	pair[1], pair[0] = pair[0], internSlot{s: s}
	return s
}

// word8 returns the bytes of b (at most 8) as a little-endian word,
// zero-padded. When b's capacity allows, it loads 8 bytes at once and masks
// off those beyond len(b).
func word8(b []byte) uint64 {
	n := len(b)
	if cap(b) >= 8 {
		w := binary.LittleEndian.Uint64(b[:8])
		if n < 8 {
			w &= 1<<(8*uint(n)) - 1
		}
		return w
	}
	var w uint64
	for i := n - 1; i >= 0; i-- {
		w = w<<8 | uint64(b[i])
	}
	return w
}

// mix hashes a word and a length into a slot index.
func mix(w uint64, n int) uint32 {
	x := w ^ uint64(n)*0x9E3779B97F4A7C15
	x *= 0xff51afd7ed558ccd
	x ^= x >> 29
	return uint32(x >> 32)
}

// hashBytes is a cheap O(1) hash of a short byte string: it mixes the
// length with the first, middle and last bytes (8 at a time when possible).
// It only picks a cache slot, so collisions cost speed, never correctness.
func hashBytes(b []byte) uint32 {
	n := len(b)
	var x uint64
	switch {
	case n >= 8:
		x = binary.LittleEndian.Uint64(b) ^ bits.RotateLeft64(binary.LittleEndian.Uint64(b[n-8:]), 29)
		if n > 16 {
			x ^= bits.RotateLeft64(binary.LittleEndian.Uint64(b[n/2-4:]), 13)
		}
	case n >= 4:
		x = uint64(binary.LittleEndian.Uint32(b)) | uint64(binary.LittleEndian.Uint32(b[n-4:]))<<32
	case n > 0:
		x = uint64(b[0]) | uint64(b[n/2])<<8 | uint64(b[n-1])<<16
	}
	x ^= uint64(n) * 0x9E3779B97F4A7C15
	x *= 0xff51afd7ed558ccd
	x ^= x >> 29
	return uint32(x >> 32)
}
