package expr

import "github.com/varpulis/varpulis-go/vpl/ast"

// symKind is what a name in a Scope stands for.
type symKind uint8

const (
	symLocal      symKind = iota // a frame slot (parameter, local, lambda parameter)
	symAlias                     // a Ctx.Bindings slot (source or step alias)
	symEventAlias                // the current event (alias of a plain source)
	symElem                      // the element of a Kleene aggregate being computed
)

// symbol is a name declared in a Scope.
type symbol struct {
	kind   symKind
	slot   int  // frame slot, binding slot or element depth
	kleene bool // symAlias: the alias of a Kleene step
	// immutable marks a local declared with let or const (:= is a compile
	// error); parameters, var locals and loop variables may be assigned.
	immutable bool
	declKind  ast.VarKind
}

// frameAlloc hands out frame slots for one function body (or for the
// top-level expressions of one Scope tree) and records the frame size.
type frameAlloc struct {
	n   int // slots allocated so far
	max int // frame size needed
}

// measure runs compile, which may allocate slots for lambda parameters and
// locals, and returns the frame size its code needs; the slots are then
// free again for the next top-level expression.
func (f *frameAlloc) measure(compile func()) int {
	base, oldMax := f.n, f.max
	f.max = f.n
	compile()
	need := f.max
	f.n, f.max = base, max(oldMax, need)
	return need
}

func (f *frameAlloc) alloc() int {
	s := f.n
	f.n++
	if f.n > f.max {
		f.max = f.n
	}
	return s
}

// Scope resolves names at compile time. A Scope tree has a root made by
// NewScope (one per stream, say): it holds the aliases of the stream and
// refers to the Program for globals and user functions. Function bodies,
// lambdas and Kleene aggregates get child scopes internally.
//
// A bare identifier resolves, in order, to: a local (lambda or function
// parameter, local variable, or a top-level local from DeclareLocal), an
// alias, a global of the Program, and otherwise a field of the current
// event (Ctx.Event).
//
// A Scope is not safe for concurrent use while expressions are compiled
// against it; the compiled expressions are.
type Scope struct {
	prog   *Program
	parent *Scope
	root   *Scope
	syms   map[string]*symbol
	frame  *frameAlloc
	fn     *Func // function whose body is compiled in this scope, nil at stream level
	// bindings is the number of binding slots (root only).
	bindings int
	// vacuous: comparisons reading an empty Kleene alias are true.
	vacuous bool
}

// NewScope returns a root scope whose expressions see the globals and
// functions of p (p may be nil: no globals, no user functions).
func NewScope(p *Program) *Scope {
	s := &Scope{prog: p, frame: &frameAlloc{}}
	s.root = s
	return s
}

// child returns a nested scope sharing s's frame.
func (s *Scope) child() *Scope {
	return &Scope{prog: s.prog, parent: s, root: s.root, frame: s.frame, fn: s.fn, vacuous: s.vacuous}
}

// Program returns the program the scope refers to (may be nil).
func (s *Scope) Program() *Program { return s.prog }

func (s *Scope) declare(name string, sym *symbol) {
	if s.syms == nil {
		s.syms = make(map[string]*symbol)
	}
	s.syms[name] = sym
}

// lookup finds the innermost declaration of name.
func (s *Scope) lookup(name string) *symbol {
	for sc := s; sc != nil; sc = sc.parent {
		if sym, ok := sc.syms[name]; ok {
			return sym
		}
	}
	return nil
}

// DeclareAlias declares an alias whose value is Ctx.Bindings[slot].Event
// and returns the slot. `a.f` then reads field f of the bound event.
// Declaring a name again returns its existing slot.
func (s *Scope) DeclareAlias(name string) int {
	return s.declareAlias(name, false)
}

// DeclareKleeneAlias declares the alias of a Kleene step: its binding holds
// a list of events (Binding.List). `t.f` reads the last event's field,
// `t[i].f` indexes the list (negative i counts from the end), and count(t),
// sum(t.f), avg, min, max, first(t.f), last(t.f) aggregate over the list
// (vpl.md §7).
func (s *Scope) DeclareKleeneAlias(name string) int {
	return s.declareAlias(name, true)
}

func (s *Scope) declareAlias(name string, kleene bool) int {
	r := s.root
	if sym, ok := r.syms[name]; ok && sym.kind == symAlias {
		sym.kleene = sym.kleene || kleene
		return sym.slot
	}
	slot := r.bindings
	r.bindings++
	r.declare(name, &symbol{kind: symAlias, slot: slot, kleene: kleene})
	return slot
}

// DeclareEventAlias declares name as an alias of the current event: `r.f`
// reads field f of Ctx.Event (the alias of a plain source, `Reading as r`,
// when the runtime does not keep a binding for it).
func (s *Scope) DeclareEventAlias(name string) {
	s.root.declare(name, &symbol{kind: symEventAlias})
}

// LookupAlias reports the binding slot of alias name and whether it is a
// Kleene alias; ok is false when name is not a binding alias.
func (s *Scope) LookupAlias(name string) (slot int, kleene, ok bool) {
	sym := s.lookup(name)
	if sym == nil || sym.kind != symAlias {
		return -1, false, false
	}
	return sym.slot, sym.kleene, true
}

// NumBindings returns the number of binding slots declared so far: the
// length Ctx.Bindings must have for expressions compiled in this scope.
func (s *Scope) NumBindings() int { return s.root.bindings }

// NewBindings returns a Bindings slice for the scope's aliases, with the
// Kleene flag set on the slots of Kleene aliases.
func (s *Scope) NewBindings() []Binding {
	b := make([]Binding, s.root.bindings)
	for _, sym := range s.root.syms {
		if sym.kind == symAlias && sym.kleene {
			b[sym.slot].Kleene = true
		}
	}
	return b
}

// DeclareLocal declares a top-level local variable and returns its frame
// slot: the caller stores its value in Ctx.Frame[slot] before evaluating
// (Ctx.Frame must then have at least FrameSize() values). Used for names a
// runtime operator binds itself, such as `events` in .pattern(...).
func (s *Scope) DeclareLocal(name string) int {
	slot := s.frame.alloc()
	s.declare(name, &symbol{kind: symLocal, slot: slot})
	return slot
}

// FrameSize returns the number of frame slots declared with DeclareLocal.
func (s *Scope) FrameSize() int { return s.frame.n }

// VacuousKleene returns a child scope for the predicate of a Kleene step:
// in it, a comparison that reads a Kleene alias whose list is still empty
// evaluates to true (vpl.md §7: for the first event of `B+ as t where
// px > t.px`, the t. terms hold).
func (s *Scope) VacuousKleene() *Scope {
	c := s.child()
	c.vacuous = true
	return c
}
