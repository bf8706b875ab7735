package expr

import (
	"sync/atomic"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/value"
)

// fieldRef reads one named field of an event. It remembers the index where
// the field was last found: events of one stream usually share a layout, so
// the next lookup is one bounds check and one string comparison. The hint is
// atomic because a compiled expression may be shared by goroutines.
type fieldRef struct {
	name string
	hint atomic.Int32
}

func newFieldRef(name string) *fieldRef { return &fieldRef{name: name} }

// get returns the field's value (null when ev is nil or lacks the field).
func (f *fieldRef) get(ev *event.Event) value.Value {
	v, _ := f.lookup(ev)
	return v
}

// lookup returns the field's value and whether ev has the field.
func (f *fieldRef) lookup(ev *event.Event) (value.Value, bool) {
	if ev == nil {
		return value.Value{}, false
	}
	fs := ev.Fields
	if h := int(f.hint.Load()); h < len(fs) && fs[h].Name == f.name {
		return fs[h].Value, true
	}
	for i := range fs {
		if fs[i].Name == f.name {
			f.hint.Store(int32(i))
			return fs[i].Value, true
		}
	}
	return value.Value{}, false
}
