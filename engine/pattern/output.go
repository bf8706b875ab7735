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

// FieldBuilder builds the default fields of matches (as DefaultFields)
// without per-match allocations: the `a_f` names are cached per alias and
// event field layout, and fields are carved from shared blocks. The
// returned slices are never reused, so receivers may keep them.
type FieldBuilder struct {
	aliases []defAlias
	block   []event.Field
}

// defAlias is one alias of the default output, in output order.
type defAlias struct {
	slot  int
	alias string
	src   []string // field names the cached names were built for
	names []string // alias + "_" + src[i]
}

// fieldBlock is how many fields a FieldBuilder carves from one allocation.
const fieldBlock = 256

// NewFieldBuilder returns a builder for the matches of spec.
func NewFieldBuilder(spec *Spec) *FieldBuilder {
	b := &FieldBuilder{}
	seen := map[int]bool{}
	for ai := range spec.Alts {
		for si := range spec.Alts[ai].Steps {
			st := &spec.Alts[ai].Steps[si]
			if st.Negated || st.Slot < 0 || st.Quant.kleene() || seen[st.Slot] {
				continue
			}
			seen[st.Slot] = true
			b.aliases = append(b.aliases, defAlias{slot: st.Slot, alias: st.Alias})
		}
	}
	return b
}

// Fields returns the default fields of m, equal to DefaultFields(m, spec).
func (b *FieldBuilder) Fields(m *Match) []event.Field {
	n := 0
	for i := range b.aliases {
		if s := b.aliases[i].slot; s < len(m.Bindings) {
			if ev := m.Bindings[s].Event; ev != nil {
				n += len(ev.Fields)
			}
		}
	}
	if n == 0 {
		return []event.Field{}
	}
	if len(b.block) < n {
		b.block = make([]event.Field, max(fieldBlock, n))
	}
	out := b.block[:0:n]
	b.block = b.block[n:]
	for i := range b.aliases {
		d := &b.aliases[i]
		if d.slot >= len(m.Bindings) {
			continue
		}
		ev := m.Bindings[d.slot].Event
		if ev == nil {
			continue
		}
		names := d.namesFor(ev.Fields)
		for j, fl := range ev.Fields {
			out = append(out, event.Field{Name: names[j], Value: fl.Value})
		}
	}
	return out
}

// namesFor returns the output names for fields, rebuilding the cache when
// the field layout differs from the last one seen.
func (d *defAlias) namesFor(fields []event.Field) []string {
	same := len(fields) == len(d.src)
	for i := 0; same && i < len(fields); i++ {
		same = fields[i].Name == d.src[i]
	}
	if !same {
		d.src, d.names = make([]string, len(fields)), make([]string, len(fields))
		for i, fl := range fields {
			d.src[i], d.names[i] = fl.Name, d.alias+"_"+fl.Name
		}
	}
	return d.names
}
