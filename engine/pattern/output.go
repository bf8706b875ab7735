package pattern

import "github.com/varpulis/varpulis-go/engine/event"

// DefaultFields returns the fields of the match event of a stream without
// .emit (vpl.md §7): `a_f` for every alias a of a non-Kleene, non-negated
// step bound by the match (steps in declaration order, alternatives in
// order, each alias once) and every field f of its event, in field order.
func DefaultFields(m *Match, spec *Spec) []event.Field {
	n := 0
	seen := make([]bool, len(m.Bindings))
	each := func(f func(alias string, ev *event.Event)) {
		clear(seen)
		for ai := range spec.Alts {
			for si := range spec.Alts[ai].Steps {
				st := &spec.Alts[ai].Steps[si]
				if st.Negated || st.Slot < 0 || st.Slot >= len(m.Bindings) || st.Quant.kleene() || seen[st.Slot] {
					continue
				}
				if ev := m.Bindings[st.Slot].Event; ev != nil {
					seen[st.Slot] = true
					f(st.Alias, ev)
				}
			}
		}
	}
	each(func(_ string, ev *event.Event) { n += len(ev.Fields) })
	out := make([]event.Field, 0, n)
	each(func(alias string, ev *event.Event) {
		for _, fl := range ev.Fields {
			out = append(out, event.Field{Name: alias + "_" + fl.Name, Value: fl.Value})
		}
	})
	return out
}
