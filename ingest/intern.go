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
	slots []string
}

// NewInterner returns an Interner with size slots, rounded up to a power of
// two (at least 16).
func NewInterner(size int) *Interner {
	n := 16
	for n < size {
		n <<= 1
	}
	return &Interner{slots: make([]string, n)}
}

// Intern returns a string equal to b, from the cache when possible.
// Callers should bound len(b): only short strings are worth interning.
func (c *Interner) Intern(b []byte) string {
	slot := &c.slots[hashBytes(b)&uint32(len(c.slots)-1)]
	if *slot == string(b) { // the conversion in a comparison does not allocate
		return *slot
	}
	s := string(b)
	*slot = s
	return s
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
