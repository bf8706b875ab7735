package value

import "iter"

// mapIndexThreshold is the entry count from which a Map keeps a hash index.
// Below it a linear scan over the entries is faster than hashing.
const mapIndexThreshold = 16

// Entry is one key/value pair of a Map.
type Entry struct {
	Key   string
	Value Value
}

// Map is an insertion-ordered map from strings to Values. Small maps are a
// slice of entries searched linearly; from mapIndexThreshold entries on, Set
// also maintains a hash index. The index is only ever written by Set and
// Delete, so concurrent readers of an unchanging Map are safe.
//
// The zero Map is empty and ready to use. Read methods accept a nil *Map
// (an empty map).
type Map struct {
	entries []Entry
	index   map[string]int
}

// NewMap returns an empty map with room for capacity entries.
func NewMap(capacity int) *Map {
	return &Map{entries: make([]Entry, 0, capacity)}
}

// InitMap makes *m the map of entries, in order, which it takes over (the
// caller must not use the slice afterwards). Keys must be distinct. It
// lets a caller building many maps allocate them and their entries in a
// few slabs.
func InitMap(m *Map, entries []Entry) {
	*m = Map{entries: entries}
	m.reindex()
}

// Len returns the number of entries.
func (m *Map) Len() int {
	if m == nil {
		return 0
	}
	return len(m.entries)
}

// find returns the entry index of key k, or -1.
func (m *Map) find(k string) int {
	if m == nil {
		return -1
	}
	if m.index != nil {
		if i, ok := m.index[k]; ok {
			return i
		}
		return -1
	}
	for i := range m.entries {
		if m.entries[i].Key == k {
			return i
		}
	}
	return -1
}

// Get returns the value stored under k and whether it exists.
func (m *Map) Get(k string) (Value, bool) {
	if i := m.find(k); i >= 0 {
		return m.entries[i].Value, true
	}
	return Value{}, false
}

// Set stores v under k: an existing key keeps its position, a new key is
// appended.
func (m *Map) Set(k string, v Value) {
	if i := m.find(k); i >= 0 {
		m.entries[i].Value = v
		return
	}
	m.entries = append(m.entries, Entry{Key: k, Value: v})
	switch {
	case m.index != nil:
		m.index[k] = len(m.entries) - 1
	case len(m.entries) >= mapIndexThreshold:
		m.reindex()
	}
}

// Delete removes k and reports whether it was present. It is O(n).
func (m *Map) Delete(k string) bool {
	i := m.find(k)
	if i < 0 {
		return false
	}
	last := len(m.entries) - 1
	copy(m.entries[i:], m.entries[i+1:])
	m.entries[last] = Entry{} // drop the references held by the stale slot
	m.entries = m.entries[:last]
	if m.index != nil {
		m.reindex()
	}
	return true
}

func (m *Map) reindex() {
	if len(m.entries) < mapIndexThreshold {
		m.index = nil
		return
	}
	m.index = make(map[string]int, len(m.entries))
	for i := range m.entries {
		m.index[m.entries[i].Key] = i
	}
}

// At returns the i-th entry in insertion order (0 <= i < Len()).
func (m *Map) At(i int) (string, Value) {
	e := &m.entries[i]
	return e.Key, e.Value
}

// Keys returns the keys in insertion order (a new slice).
func (m *Map) Keys() []string {
	if m == nil {
		return nil
	}
	ks := make([]string, len(m.entries))
	for i := range m.entries {
		ks[i] = m.entries[i].Key
	}
	return ks
}

// Range calls f for each entry in insertion order until f returns false.
func (m *Map) Range(f func(k string, v Value) bool) {
	if m == nil {
		return
	}
	for i := range m.entries {
		if !f(m.entries[i].Key, m.entries[i].Value) {
			return
		}
	}
}

// All returns an iterator over the entries in insertion order.
func (m *Map) All() iter.Seq2[string, Value] {
	return func(yield func(string, Value) bool) { m.Range(yield) }
}

// Clone returns a shallow copy of m (nested arrays and maps are shared).
func (m *Map) Clone() *Map {
	if m == nil {
		return &Map{}
	}
	c := &Map{entries: append([]Entry(nil), m.entries...)}
	c.reindex()
	return c
}
