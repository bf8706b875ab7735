package expr

import (
	"unicode/utf8"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/vpl/ast"
)

// selector compiles x.f and x?.f. Both are null-propagating: a null or
// non-map x gives null, so ?. is the same as . here.
//
//   - alias.f reads field f of the bound event (the last one for a Kleene
//     alias); an alias with no bound event falls back to the rules for
//     undeclared names below; an event alias reads the current event;
//   - local.f and global.f read key f of a map value;
//   - a.f where a is no known name is resolved at run time against the
//     current event: field "a.f" (join output), field "a_f" (match
//     output), key f of a map field a, or field f when the event's type is
//     a (vpl-original §7.4);
//   - any other x.f reads key f of the map x evaluates to (a.b.c nests).
func (c *compiler) selector(e *ast.SelectorExpr, s *Scope) node {
	name := e.Sel.Name
	if id, ok := e.X.(*ast.Ident); ok {
		if sym := s.lookup(id.Name); sym != nil {
			x := c.symNode(sym)
			if x.event != nil {
				n := eventField(x.event, name)
				if sym.kind == symAlias {
					// An unbound alias falls back to the current event's
					// "a.f" / "a_f" fields (outputs of joins and matches).
					get, fb, f := x.event, fallbackField(id.Name, name).eval, newFieldRef(name)
					n.eval = func(c *Ctx) value.Value {
						if ev := get(c); ev != nil {
							return f.get(ev)
						}
						return fb(c)
					}
					if sym.kleene {
						n.kslots = []int{sym.slot}
					}
				}
				return n
			}
			return mapKey(x, name)
		}
		if g := s.prog.global(id.Name); g != nil {
			return mapKey(s.prog.globalNode(g), name)
		}
		return fallbackField(id.Name, name)
	}
	x := c.expr(e.X, s)
	if x.event != nil {
		n := eventField(x.event, name)
		n.kslots = x.kslots
		return n
	}
	return mapKey(x, name)
}

// eventField reads field name of the event get returns.
func eventField(get func(c *Ctx) *event.Event, name string) node {
	f := newFieldRef(name)
	return node{eval: func(c *Ctx) value.Value { return f.get(get(c)) }}
}

// mapKey reads key name of the map x evaluates to.
func mapKey(x node, name string) node {
	xe := x.eval
	n := node{kslots: x.kslots, eval: func(c *Ctx) value.Value {
		v := xe(c)
		if v.Kind() != value.KindMap {
			return value.Value{}
		}
		r, _ := v.AsMap().Get(name)
		return r
	}}
	return foldIf(n, x)
}

// fallbackField resolves a.f for a name a that is not declared.
func fallbackField(a, f string) node {
	dotted := newFieldRef(a + "." + f)
	under := newFieldRef(a + "_" + f)
	base := newFieldRef(a)
	plain := newFieldRef(f)
	return node{eval: func(c *Ctx) value.Value {
		ev := c.Event
		if ev == nil {
			return value.Value{}
		}
		if v, ok := dotted.lookup(ev); ok {
			return v
		}
		if v, ok := under.lookup(ev); ok {
			return v
		}
		if v, ok := base.lookup(ev); ok && v.Kind() == value.KindMap {
			r, _ := v.AsMap().Get(f)
			return r
		}
		if ev.Type == a {
			return plain.get(ev)
		}
		return value.Value{}
	}}
}

// index compiles x[i]: t[i] on a Kleene alias is the i-th bound event
// (negative i counts from the end); otherwise arrays by int (negative from
// the end), maps by string key, strings by character index.
func (c *compiler) index(e *ast.IndexExpr, s *Scope) node {
	x := c.expr(e.X, s)
	i := c.expr(e.Index, s)
	if x.kleene > 0 {
		slot, ie := x.kleene-1, i.eval
		return eventNode(func(c *Ctx) *event.Event {
			list := bindingList(c, slot)
			k, ok := normIndex(ie(c), len(list))
			if !ok {
				return nil
			}
			return list[k]
		})
	}
	xe, ie := x.eval, i.eval
	n := node{kslots: mergeSlots(x.kslots, i.kslots), eval: func(c *Ctx) value.Value { return indexValue(xe(c), ie(c)) }}
	return foldIf(n, x, i)
}

// normIndex converts an int index (negative counts from the end) into a
// position in [0, n).
func normIndex(i value.Value, n int) (int, bool) {
	if i.Kind() != value.KindInt {
		return 0, false
	}
	k := i.AsInt()
	if k < 0 {
		k += int64(n)
	}
	if k < 0 || k >= int64(n) {
		return 0, false
	}
	return int(k), true
}

func indexValue(x, i value.Value) value.Value {
	switch x.Kind() {
	case value.KindArray:
		a := x.AsArray()
		if k, ok := normIndex(i, len(a)); ok {
			return a[k]
		}
	case value.KindMap:
		if i.Kind() == value.KindString {
			v, _ := x.AsMap().Get(i.AsString())
			return v
		}
	case value.KindString:
		str := x.AsString()
		if isASCII(str) {
			if k, ok := normIndex(i, len(str)); ok {
				return value.String(str[k : k+1])
			}
			return value.Value{}
		}
		rs := []rune(str)
		if k, ok := normIndex(i, len(rs)); ok {
			return value.String(string(rs[k]))
		}
	}
	return value.Value{}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// slice compiles x[lo:hi] on arrays and strings (by characters): bounds
// default to 0 and the length, negative bounds count from the end, bounds
// are clamped, and lo > hi gives an empty result.
func (c *compiler) slice(e *ast.SliceExpr, s *Scope) node {
	x := c.expr(e.X, s)
	ops := []node{x}
	var lo, hi Eval
	var ks []int = x.kslots
	if e.Lo != nil {
		n := c.expr(e.Lo, s)
		lo, ks = n.eval, mergeSlots(ks, n.kslots)
		ops = append(ops, n)
	}
	if e.Hi != nil {
		n := c.expr(e.Hi, s)
		hi, ks = n.eval, mergeSlots(ks, n.kslots)
		ops = append(ops, n)
	}
	xe := x.eval
	n := node{kslots: ks, eval: func(c *Ctx) value.Value {
		v := xe(c)
		var l, h value.Value
		if lo != nil {
			l = lo(c)
		}
		if hi != nil {
			h = hi(c)
		}
		return sliceValue(v, l, h)
	}}
	return foldIf(n, ops...)
}

// sliceBounds resolves slice bounds (null = default) against length n.
func sliceBounds(lo, hi value.Value, n int) (int, int, bool) {
	bound := func(v value.Value, def int) (int, bool) {
		switch v.Kind() {
		case value.KindNull:
			return def, true
		case value.KindInt:
			k := v.AsInt()
			if k < 0 {
				k += int64(n)
			}
			return int(min(max(k, 0), int64(n))), true
		}
		return 0, false
	}
	l, ok1 := bound(lo, 0)
	h, ok2 := bound(hi, n)
	if !ok1 || !ok2 {
		return 0, 0, false
	}
	if l > h {
		l = h
	}
	return l, h, true
}

func sliceValue(v, lo, hi value.Value) value.Value {
	switch v.Kind() {
	case value.KindArray:
		a := v.AsArray()
		l, h, ok := sliceBounds(lo, hi, len(a))
		if !ok {
			return value.Value{}
		}
		return value.Array(a[l:h:h])
	case value.KindString:
		str := v.AsString()
		if isASCII(str) {
			l, h, ok := sliceBounds(lo, hi, len(str))
			if !ok {
				return value.Value{}
			}
			return value.String(str[l:h])
		}
		rs := []rune(str)
		l, h, ok := sliceBounds(lo, hi, len(rs))
		if !ok {
			return value.Value{}
		}
		return value.String(string(rs[l:h]))
	}
	return value.Value{}
}

// kleeneAggregates are the functions that aggregate over the events of a
// Kleene alias when their argument reads one (count(t), sum(t.px), ...).
var kleeneAggregates = map[string]bool{
	"count": true, "len": true, "sum": true, "avg": true, "min": true, "max": true,
	"first": true, "last": true,
}

// kleeneAlias returns the Kleene alias symbol that arg iterates over:
// arg is the alias itself, or reads `t.f` somewhere for a Kleene alias t.
func kleeneAlias(arg ast.Expr, s *Scope) (string, *symbol, bool) {
	if id, ok := arg.(*ast.Ident); ok {
		if sym := s.lookup(id.Name); sym != nil && sym.kind == symAlias && sym.kleene {
			return id.Name, sym, true
		}
		return "", nil, false
	}
	var name string
	var found *symbol
	ast.Inspect(arg, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.LambdaExpr:
			return false
		case *ast.SelectorExpr:
			if id, ok := n.X.(*ast.Ident); ok {
				if sym := s.lookup(id.Name); sym != nil && sym.kind == symAlias && sym.kleene {
					name, found = id.Name, sym
					return false
				}
			}
		}
		return true
	})
	return name, found, found != nil
}

// kleeneAggregate compiles fn(arg) over the events bound to a Kleene alias:
// arg is evaluated once per event with the alias bound to that event.
// Semantics follow the aggregate functions (vpl.md §6): nulls are skipped;
// sum is an int while every value is an int (0 for none); avg is a float,
// null for none; min and max keep the value's type; first and last are
// the earliest and latest non-null values; count(t) is the number of
// events, count(t.f) the number of non-null values.
func (c *compiler) kleeneAggregate(fn string, arg ast.Expr, name string, sym *symbol, s *Scope) node {
	slot := sym.slot
	if id, ok := arg.(*ast.Ident); ok && id.Name == name {
		if fn == "count" || fn == "len" {
			return node{eval: func(c *Ctx) value.Value { return value.Int(int64(len(bindingList(c, slot)))) }}
		}
	}
	depth := c.elemDepth
	inner := s.child()
	inner.declare(name, &symbol{kind: symElem, slot: depth})
	c.elemDepth++
	a := c.expr(arg, inner)
	c.elemDepth--
	ae := a.eval
	agg := listAggregate(fn)
	return node{eval: func(c *Ctx) value.Value {
		list := bindingList(c, slot)
		for len(c.elems) <= depth {
			c.elems = append(c.elems, nil)
		}
		var st aggState
		for _, ev := range list {
			c.elems[depth] = ev
			st.add(ae(c))
		}
		c.elems[depth] = nil
		return agg(&st)
	}}
}

// aggState accumulates the values of a Kleene aggregate.
type aggState struct {
	n, nums     int64 // non-null values, numeric values
	allInt      bool
	isum        int64
	fsum        float64
	first, last value.Value
	min, max    value.Value
	hasMinMax   bool
}

func (st *aggState) add(v value.Value) {
	if v.IsNull() {
		return
	}
	if st.n == 0 {
		st.first = v
		st.allInt = true
	}
	st.n++
	st.last = v
	switch v.Kind() {
	case value.KindInt:
		st.nums++
		st.isum += v.AsInt()
		st.fsum += v.AsFloat()
	case value.KindFloat:
		st.nums++
		st.allInt = false
		st.fsum += v.AsFloat()
	}
	if !st.hasMinMax {
		if _, ok := value.Compare(v, v); ok {
			st.min, st.max, st.hasMinMax = v, v, true
		}
		return
	}
	if r, ok := value.Compare(v, st.min); ok && r < 0 {
		st.min = v
	}
	if r, ok := value.Compare(v, st.max); ok && r > 0 {
		st.max = v
	}
}

func listAggregate(fn string) func(st *aggState) value.Value {
	switch fn {
	case "count", "len":
		return func(st *aggState) value.Value { return value.Int(st.n) }
	case "sum":
		return func(st *aggState) value.Value {
			if st.allInt || st.nums == 0 {
				return value.Int(st.isum)
			}
			return value.Float(st.fsum)
		}
	case "avg":
		return func(st *aggState) value.Value {
			if st.nums == 0 {
				return value.Value{}
			}
			return value.Float(st.fsum / float64(st.nums))
		}
	case "min":
		return func(st *aggState) value.Value { return st.min }
	case "max":
		return func(st *aggState) value.Value { return st.max }
	case "first":
		return func(st *aggState) value.Value { return st.first }
	}
	return func(st *aggState) value.Value { return st.last }
}
