package expr

import (
	"sync/atomic"
	"unsafe"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/value"
)

// fieldRef reads one named field of an event. It remembers the index where
// the field was last found: events of one stream usually share a layout, so
// the next lookup is one bounds check and a name check. It also remembers
// the address of the last matching name's bytes: decoders and operators
// reuse one name string for every event of a layout, so the name check is
// usually a pointer comparison. (Strings are immutable and the remembered
// pointer keeps its bytes alive, so equal address and length mean equal
// names.) Both hints are atomic because a compiled expression may be
// shared by goroutines; a stale hint only costs a slower lookup.
type fieldRef struct {
	name string
	hint atomic.Int32
	seen unsafe.Pointer // *byte, accessed atomically
}

func newFieldRef(name string) *fieldRef {
	f := &fieldRef{name: name}
	f.seen = unsafe.Pointer(unsafe.StringData(name))
	return f
}

// get returns the field's value (null when ev is nil or lacks the field).
// Its fast path (same slot, same name bytes as last time) is small enough
// to be inlined into the compiled closures.
func (f *fieldRef) get(ev *event.Event) value.Value {
	if ev != nil {
		fs := ev.Fields
		if h := uint(f.hint.Load()); h < uint(len(fs)) && len(fs[h].Name) == len(f.name) &&
			unsafe.Pointer(unsafe.StringData(fs[h].Name)) == atomic.LoadPointer(&f.seen) {
			return fs[h].Value
		}
	}
	return f.getSlow(ev)
}

//go:noinline
func (f *fieldRef) getSlow(ev *event.Event) value.Value {
	v, _ := f.lookup(ev)
	return v
}

// lookup returns the field's value and whether ev has the field.
func (f *fieldRef) lookup(ev *event.Event) (value.Value, bool) {
	if ev == nil {
		return value.Value{}, false
	}
	fs := ev.Fields
	if h := int(f.hint.Load()); h < len(fs) {
		if n := fs[h].Name; len(n) == len(f.name) {
			p := unsafe.Pointer(unsafe.StringData(n))
			if p == atomic.LoadPointer(&f.seen) {
				return fs[h].Value, true
			}
			if n == f.name {
				// Same name at another address (events of another
				// origin): remember it, so the next such event takes
				// the fast path.
				atomic.StorePointer(&f.seen, p)
				return fs[h].Value, true
			}
		}
	}
	for i := range fs {
		if fs[i].Name == f.name {
			f.hint.Store(int32(i))
			atomic.StorePointer(&f.seen, unsafe.Pointer(unsafe.StringData(fs[i].Name)))
			return fs[i].Value, true
		}
	}
	return value.Value{}, false
}
