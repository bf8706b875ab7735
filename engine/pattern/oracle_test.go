package pattern

// A deliberately naive reference for the matcher, used by the property
// tests. Two independent oracles:
//
//   - enumerate: brute force over every assignment of events to steps,
//     filtered by types, predicates, partition, within and negation. Under
//     `any` (without consumption) the matcher's output must be exactly this
//     set; under every strategy each emitted match must belong to it.
//   - simulate: a direct event-by-event simulation of the selection rules
//     (doc.go) with one explicit list of positions per run, no sharing, no
//     indexes, no pooling and no deadline queue; its output sequence must
//     equal the matcher's for every strategy and consumption policy.

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/expr"
	"github.com/varpulis/varpulis-go/engine/value"
)

// --- random predicate language -------------------------------------------

// atom is one conjunct of a generated predicate.
type atom struct {
	kind   int    // 0: ev.field OP c; 1: ev.field == bound(slot).bfield; 2: ev.field >= prev(slot).field (Kleene self)
	field  string // candidate field
	op     int    // kind 0: 0 ==, 1 >, 2 <
	c      int64
	slot   int
	bfield string
}

func (a atom) String() string {
	switch a.kind {
	case 0:
		return fmt.Sprintf("%s%s%d", a.field, [...]string{"==", ">", "<"}[a.op], a.c)
	case 1:
		return fmt.Sprintf("%s==$%d.%s", a.field, a.slot, a.bfield)
	}
	return fmt.Sprintf("%s>=prev$%d.%s", a.field, a.slot, a.field)
}

func fieldInt(ev *event.Event, f string) (int64, bool) {
	if ev == nil {
		return 0, false
	}
	v, ok := ev.Get(f)
	if !ok || v.Kind() != value.KindInt {
		return 0, false
	}
	return v.AsInt(), true
}

func (a atom) holds(c *expr.Ctx) bool {
	x, ok := fieldInt(c.Event, a.field)
	if !ok {
		return false
	}
	switch a.kind {
	case 0:
		switch a.op {
		case 0:
			return x == a.c
		case 1:
			return x > a.c
		}
		return x < a.c
	case 1:
		y, ok := fieldInt(c.Bindings[a.slot].Event, a.bfield)
		return ok && x == y
	}
	y, ok := fieldInt(c.Bindings[a.slot].Event, a.field)
	return ok && x >= y
}

// conj compiles a conjunction of atoms; nil for none.
func conj(as []atom) expr.Eval {
	if len(as) == 0 {
		return nil
	}
	as = slices.Clone(as)
	return func(c *expr.Ctx) value.Value {
		for _, a := range as {
			if !a.holds(c) {
				return value.Bool(false)
			}
		}
		return value.Bool(true)
	}
}

func corrs(as []atom) []Corr {
	var out []Corr
	for _, a := range as {
		if a.kind == 1 {
			out = append(out, Corr{Field: a.field, Slot: a.slot, BoundField: a.bfield})
		}
	}
	return out
}

// atomConjuncts returns one Conjunct per atom, with its correlation for an
// equality with a bound event (as Compile splits a predicate), so that the
// matcher may drop the ones its partitioning implies.
func atomConjuncts(as []atom) []Conjunct {
	var out []Conjunct
	for _, a := range as {
		cj := Conjunct{Eval: conj([]atom{a})}
		if a.kind == 1 {
			cj.Corr = &Corr{Field: a.field, Slot: a.slot, BoundField: a.bfield}
		}
		out = append(out, cj)
	}
	return out
}

// tstep is a generated step before compilation into a Step.
type tstep struct {
	typ     string
	quant   Quant
	negated bool
	atoms   []atom
	slot    int
}

type tneg struct {
	typ   string
	atoms []atom
}

// tspec is a generated pattern with everything the oracles need.
type tspec struct {
	steps    []tstep
	global   []tneg
	within   int64
	part     bool // partition by k
	strategy Strategy
	consume  Consume
}

func (ts *tspec) String() string {
	var b strings.Builder
	for i, s := range ts.steps {
		if i > 0 {
			b.WriteString(" -> ")
		}
		if s.negated {
			b.WriteString("not ")
		}
		fmt.Fprintf(&b, "%s%s", s.typ, s.quant)
		if len(s.atoms) > 0 {
			fmt.Fprintf(&b, " where %v", s.atoms)
		}
		if !s.negated {
			fmt.Fprintf(&b, " as $%d", s.slot)
		}
	}
	for _, g := range ts.global {
		fmt.Fprintf(&b, " .not(%s where %v)", g.typ, g.atoms)
	}
	fmt.Fprintf(&b, " .within(%d) part=%v strategy=%v consume=%v", ts.within, ts.part, ts.strategy, ts.consume)
	return b.String()
}

func (ts *tspec) spec() *Spec {
	s := &Spec{Name: "P", Within: ts.within, Strategy: ts.strategy, Consume: ts.consume, MaxRuns: 1 << 20}
	var seq Seq
	nslots := 0
	for _, st := range ts.steps {
		step := Step{Type: st.typ, Quant: st.quant, Negated: st.negated, Slot: -1, Where: conj(st.atoms), Corr: corrs(st.atoms), Conj: atomConjuncts(st.atoms)}
		if !st.negated {
			step.Slot = st.slot
			nslots = max(nslots, st.slot+1)
			var first []atom
			for _, a := range st.atoms {
				if a.kind == 2 {
					step.SelfRef = true
				} else {
					first = append(first, a)
				}
			}
			if step.SelfRef {
				step.WhereFirst = conj(first)
			}
		}
		seq.Steps = append(seq.Steps, step)
	}
	s.Alts = []Seq{seq}
	for _, g := range ts.global {
		s.Global = append(s.Global, Neg{Type: g.typ, Where: conj(g.atoms), Corr: corrs(g.atoms), Conj: atomConjuncts(g.atoms)})
	}
	if ts.part {
		s.PartitionField = "k"
	}
	s.NumSlots = nslots
	return s
}

// pos returns the positive steps and the negations of the pattern in the
// oracle's own terms: gapNegs[g] = negations between positive g-1 and g,
// gapNegs[len(pos)] trailing (absence), globals separately.
func (ts *tspec) shape() (pos []tstep, gapNegs [][]tneg, global []tneg) {
	gapNegs = [][]tneg{nil}
	for _, s := range ts.steps {
		if s.negated {
			g := len(pos)
			gapNegs[g] = append(gapNegs[g], tneg{typ: s.typ, atoms: s.atoms})
			continue
		}
		pos = append(pos, s)
		gapNegs = append(gapNegs, nil)
	}
	if len(pos) == 1 {
		gapNegs[1] = append(gapNegs[1], ts.global...)
	} else {
		global = ts.global
	}
	return pos, gapNegs, global
}

func holdsAll(as []atom, ev *event.Event, binds []expr.Binding) bool {
	c := &expr.Ctx{Event: ev, Bindings: binds}
	for _, a := range as {
		if !a.holds(c) {
			return false
		}
	}
	return true
}

func firstAtoms(as []atom) []atom {
	var out []atom
	for _, a := range as {
		if a.kind != 2 {
			out = append(out, a)
		}
	}
	return out
}

func key(ev *event.Event) int64 { k, _ := fieldInt(ev, "k"); return k }

// bindsOf builds bindings from per-step position lists, keeping only
// positions < limit.
func bindsOf(evs []*event.Event, pos []tstep, lists [][]int, limit int, nslots int) []expr.Binding {
	b := make([]expr.Binding, nslots)
	for i, st := range pos {
		var l []*event.Event
		for _, x := range lists[i] {
			if x < limit {
				l = append(l, evs[x])
			}
		}
		if len(l) == 0 {
			if st.quant.kleene() {
				b[st.slot] = expr.Binding{Kleene: true}
			}
			continue
		}
		if st.quant.kleene() {
			b[st.slot] = expr.Binding{Event: l[len(l)-1], List: l, Kleene: true}
		} else {
			b[st.slot] = expr.Binding{Event: l[0]}
		}
	}
	return b
}

func matchKey(t int64, lists [][]int) string {
	var b strings.Builder
	b.WriteString(strconv.FormatInt(t, 10))
	for _, l := range lists {
		b.WriteByte('|')
		for i, x := range l {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(x))
		}
	}
	return b.String()
}

// listsOf extracts the per-step positions of a matcher output (events
// carry their position in field id).
func listsOf(m *Match, pos []tstep) [][]int {
	lists := make([][]int, len(pos))
	for i, st := range pos {
		b := m.Bindings[st.slot]
		if st.quant.kleene() {
			for _, e := range b.List {
				id, _ := fieldInt(e, "id")
				lists[i] = append(lists[i], int(id))
			}
		} else if b.Event != nil {
			id, _ := fieldInt(b.Event, "id")
			lists[i] = []int{int(id)}
		}
	}
	return lists
}

// validMatch checks one assignment of events to the positive steps
// against the declarative rules (types, order, partition, predicates,
// within, negations) and returns the match time it must carry.
func validMatch(ts *tspec, evs []*event.Event, lists [][]int) (int64, bool) {
	pos, gapNegs, global := ts.shape()
	nslots := 0
	for _, p := range pos {
		nslots = max(nslots, p.slot+1)
	}
	first, last, prev := -1, -1, -1
	for q, st := range pos {
		l := lists[q]
		if len(l) < int(st.quant.min()) || (!st.quant.kleene() && len(l) > 1) {
			return 0, false
		}
		for i, x := range l {
			if x <= prev || x >= len(evs) || evs[x].Type != st.typ {
				return 0, false
			}
			if first < 0 {
				first = x
			}
			prev, last = x, x
			as := st.atoms
			if i == 0 {
				as = firstAtoms(as)
			}
			if !holdsAll(as, evs[x], bindsOf(evs, pos, lists, x, nslots)) {
				return 0, false
			}
		}
	}
	if first < 0 {
		return 0, false
	}
	dl := int64(math.MaxInt64)
	if ts.within > 0 {
		dl = evs[first].Time + ts.within
	}
	sameKey := func(a int) bool { return !ts.part || key(evs[a]) == key(evs[first]) }
	for _, l := range lists {
		for _, x := range l {
			if !sameKey(x) || evs[x].Time > dl {
				return 0, false
			}
		}
	}
	qualifies := func(ns []tneg, x int) bool {
		for _, n := range ns {
			if evs[x].Type == n.typ && holdsAll(n.atoms, evs[x], bindsOf(evs, pos, lists, x, nslots)) {
				return true
			}
		}
		return false
	}
	absence := len(gapNegs[len(pos)]) > 0
	end := last
	if absence {
		end = len(evs) - 1
	}
	for x := first + 1; x <= end; x++ {
		if sameKey(x) && evs[x].Time <= dl && len(global) > 0 && qualifies(global, x) {
			return 0, false
		}
	}
	for g := 1; g <= len(pos); g++ {
		if len(gapNegs[g]) == 0 {
			continue
		}
		l := lists[g-1][len(lists[g-1])-1]
		r := len(evs) - 1
		if g < len(pos) {
			r = lists[g][0]
		}
		for x := l + 1; x <= r; x++ {
			if sameKey(x) && evs[x].Time <= dl && qualifies(gapNegs[g], x) {
				return 0, false
			}
		}
	}
	if absence {
		return dl, true
	}
	return evs[last].Time, true
}

// --- oracle 1: enumeration -----------------------------------------------

// enumerate returns every valid match (as matchKey) of ts over evs.
func enumerate(ts *tspec, evs []*event.Event) map[string]bool {
	pos, gapNegs, global := ts.shape()
	nslots := 0
	for _, p := range pos {
		nslots = max(nslots, p.slot+1)
	}
	out := map[string]bool{}
	lists := make([][]int, len(pos))
	types := map[string]bool{}
	for _, s := range ts.steps {
		types[s.typ] = true
	}
	for _, g := range ts.global {
		types[g.typ] = true
	}
	absence := len(gapNegs[len(pos)]) > 0
	deadlineOf := func(first int) int64 {
		if ts.within == 0 {
			return math.MaxInt64
		}
		return evs[first].Time + ts.within
	}
	sameKey := func(a, b int) bool { return !ts.part || key(evs[a]) == key(evs[b]) }
	qualifies := func(ns []tneg, x int, limit int) bool {
		for _, n := range ns {
			if evs[x].Type == n.typ && holdsAll(n.atoms, evs[x], bindsOf(evs, pos, lists, limit, nslots)) {
				return true
			}
		}
		return false
	}
	valid := func(first, last int) bool {
		dl := deadlineOf(first)
		end := last
		if absence {
			end = len(evs) - 1
		}
		for x := first + 1; x <= end; x++ {
			if !sameKey(x, first) || evs[x].Time > dl {
				continue
			}
			if len(global) > 0 && qualifies(global, x, x) {
				return false
			}
		}
		for g := 1; g <= len(pos); g++ {
			if len(gapNegs[g]) == 0 {
				continue
			}
			l := lists[g-1][len(lists[g-1])-1]
			r := len(evs) - 1
			if g < len(pos) {
				r = lists[g][0]
			}
			for x := l + 1; x <= r; x++ {
				if sameKey(x, first) && evs[x].Time <= dl && qualifies(gapNegs[g], x, x) {
					return false
				}
			}
		}
		return true
	}
	var rec func(q, after, first int)
	// choose extends step q (already holding lists[q]) or moves on.
	var choose func(q, after, first int)
	rec = func(q, after, first int) {
		if q == len(pos) {
			if first < 0 {
				return
			}
			last := -1
			for _, l := range lists {
				if len(l) > 0 {
					last = max(last, l[len(l)-1])
				}
			}
			if !valid(first, last) {
				return
			}
			t := evs[last].Time
			if absence {
				t = deadlineOf(first)
			}
			out[matchKey(t, lists)] = true
			return
		}
		st := pos[q]
		if st.quant.min() == 0 {
			rec(q+1, after, first)
		}
		choose(q, after, first)
	}
	choose = func(q, after, first int) {
		st := pos[q]
		for x := after + 1; x < len(evs); x++ {
			e := evs[x]
			if e.Type != st.typ || !types[e.Type] {
				continue
			}
			f := first
			if f < 0 {
				f = x
			}
			if !sameKey(x, f) || e.Time > deadlineOf(f) {
				continue
			}
			binds := bindsOf(evs, pos, lists, x, nslots)
			as := st.atoms
			if st.quant.kleene() && len(lists[q]) == 0 {
				as = firstAtoms(as)
			} else if !st.quant.kleene() {
				as = firstAtoms(as)
			}
			if !holdsAll(as, e, binds) {
				continue
			}
			lists[q] = append(lists[q], x)
			rec(q+1, x, f)
			if st.quant.kleene() {
				choose(q, x, f)
			}
			lists[q] = lists[q][:len(lists[q])-1]
		}
	}
	rec(0, -1, -1)
	return out
}

// --- oracle 2: simulation ------------------------------------------------

type orun struct {
	p, cnt       int
	lists        [][]int
	viol, frozen bool
	alive        bool
	first, dl    int64
	last         int64
	k            int64
	seq          int
	firstPos     int
}

type sim struct {
	ts      *tspec
	evs     []*event.Event
	pos     []tstep
	gapNegs [][]tneg
	global  []tneg
	nslots  int
	runs    []*orun
	seq     int
	out     []string
	cur     int
	curCons bool
	absence bool
}

func simulate(ts *tspec, evs []*event.Event) []string {
	s := &sim{ts: ts, evs: evs}
	s.pos, s.gapNegs, s.global = ts.shape()
	for _, p := range s.pos {
		s.nslots = max(s.nslots, p.slot+1)
	}
	s.absence = len(s.gapNegs[len(s.pos)]) > 0
	for i, e := range evs {
		s.advance(e.Time)
		s.process(i)
	}
	s.advance(math.MaxInt64)
	return s.out
}

func (s *sim) completable(p int) bool {
	for q := p + 1; q < len(s.pos); q++ {
		if s.pos[q].quant.min() > 0 {
			return false
		}
	}
	return true
}

func (s *sim) canGrow(r *orun) bool {
	return !r.frozen && (s.pos[r.p].quant.kleene() || r.p < len(s.pos)-1)
}

func (s *sim) binds(r *orun) []expr.Binding {
	return bindsOf(s.evs, s.pos, r.lists, math.MaxInt, s.nslots)
}

func (s *sim) negHit(ns []tneg, x int, r *orun) bool {
	for _, n := range ns {
		if s.evs[x].Type == n.typ && holdsAll(n.atoms, s.evs[x], s.binds(r)) {
			return true
		}
	}
	return false
}

func (s *sim) stepOK(r *orun, q, x int) bool {
	st := s.pos[q]
	e := s.evs[x]
	if e.Type != st.typ {
		return false
	}
	as := st.atoms
	if !(st.quant.kleene() && r != nil && r.p == q) {
		as = firstAtoms(as)
	}
	var b []expr.Binding
	if r != nil {
		b = s.binds(r)
	} else {
		b = make([]expr.Binding, s.nslots)
	}
	return holdsAll(as, e, b)
}

func (s *sim) bind(r *orun, q, x int) {
	if r.p != q {
		r.p, r.cnt = q, 1
	} else {
		r.cnt++
	}
	r.viol = false
	r.last = s.evs[x].Time
	r.lists[q] = append(slices.Clone(r.lists[q]), x)
}

func (s *sim) clone(r *orun) *orun {
	c := *r
	c.lists = make([][]int, len(r.lists))
	for i := range r.lists {
		c.lists[i] = slices.Clone(r.lists[i])
	}
	return &c
}

func (s *sim) emit(r *orun, t int64) {
	s.out = append(s.out, matchKey(t, r.lists))
	if s.ts.consume != ConsumeAll {
		return
	}
	used := map[int]bool{}
	for _, l := range r.lists {
		for _, x := range l {
			used[x] = true
			if x == s.cur {
				s.curCons = true
			}
		}
	}
	r.alive = false
	for _, o := range s.runs {
		if o == r || !o.alive || (s.ts.part && o.k != r.k) {
			continue
		}
		for _, l := range o.lists {
			for _, x := range l {
				if used[x] {
					o.alive = false
				}
			}
		}
	}
}

func (s *sim) store(r *orun) {
	s.seq++
	r.seq = s.seq
	r.alive = true
	s.runs = append(s.runs, r)
}

// settle mirrors "what happens after a run bound an event".
func (s *sim) settle(r *orun, x int) {
	if s.completable(r.p) && !s.absence {
		grow := s.canGrow(r)
		if s.ts.strategy == Any || !grow {
			r.alive = true
			s.emit(r, s.evs[x].Time)
			if !grow || !r.alive {
				return
			}
		}
	}
	s.store(r)
}

func (s *sim) advance(wm int64) {
	var due []*orun
	for _, r := range s.runs {
		if r.alive && (wm == math.MaxInt64 || r.dl < wm) {
			due = append(due, r)
		}
	}
	sort.SliceStable(due, func(i, j int) bool {
		if due[i].dl != due[j].dl {
			return due[i].dl < due[j].dl
		}
		return due[i].seq < due[j].seq
	})
	for _, r := range due {
		if !r.alive {
			continue
		}
		if s.completable(r.p) {
			if s.absence {
				if !r.viol {
					s.emit(r, r.dl)
				}
			} else if s.ts.strategy != Any {
				s.emit(r, r.last)
			}
		}
		r.alive = false
	}
}

func (s *sim) process(x int) {
	e := s.evs[x]
	relevant := false
	for _, st := range s.ts.steps {
		relevant = relevant || st.typ == e.Type
	}
	for _, g := range s.ts.global {
		relevant = relevant || g.typ == e.Type
	}
	if !relevant {
		return
	}
	s.cur, s.curCons = x, false
	n := len(s.runs)
	for i := 0; i < n; i++ {
		r := s.runs[i]
		if !r.alive || (s.ts.part && r.k != key(e)) || e.Time > r.dl {
			continue
		}
		if s.ts.strategy == Any {
			s.stepAny(r, x)
		} else {
			s.stepNext(r, x)
		}
	}
	if s.curCons {
		return
	}
	// start
	for q := 0; q < len(s.pos); q++ {
		if s.stepOK(nil, q, x) {
			r := &orun{p: -1, lists: make([][]int, len(s.pos)), first: e.Time, dl: math.MaxInt64, k: key(e), firstPos: x}
			if s.ts.within > 0 {
				r.dl = e.Time + s.ts.within
			}
			s.bind(r, q, x)
			s.settle(r, x)
			if s.ts.strategy != Any || s.curCons {
				return
			}
		}
		if s.pos[q].quant.min() > 0 {
			return
		}
	}
}

func (s *sim) stepNext(r *orun, x int) {
	if len(s.global) > 0 && s.negHit(s.global, x, r) {
		if s.completable(r.p) && !s.absence && s.canGrow(r) {
			s.emit(r, r.last)
		}
		r.alive = false
		return
	}
	if g := s.gapNegs[r.p+1]; len(g) > 0 && s.negHit(g, x, r) {
		r.viol = true
		if !s.pos[r.p].quant.kleene() {
			r.alive = false
			return
		}
	}
	bound := false
	if !r.frozen && !s.curCons {
		for q := r.p + 1; q < len(s.pos) && !r.viol; q++ {
			if s.stepOK(r, q, x) {
				s.bind(r, q, x)
				bound = true
				break
			}
			if s.pos[q].quant.min() > 0 {
				break
			}
		}
		if !bound && s.pos[r.p].quant.kleene() && s.stepOK(r, r.p, x) {
			s.bind(r, r.p, x)
			bound = true
		}
	}
	if !bound {
		if s.ts.strategy == Strict && !r.frozen {
			switch {
			case !s.completable(r.p):
				r.alive = false
			case s.absence:
				r.frozen = true
			default:
				s.emit(r, r.last)
				r.alive = false
			}
		}
		return
	}
	if s.completable(r.p) && !s.absence && !s.canGrow(r) {
		s.emit(r, s.evs[x].Time)
		r.alive = false
	}
}

func (s *sim) stepAny(r *orun, x int) {
	if len(s.global) > 0 && s.negHit(s.global, x, r) {
		r.alive = false
		return
	}
	if g := s.gapNegs[r.p+1]; len(g) > 0 && s.negHit(g, x, r) {
		r.viol = true
		if !s.pos[r.p].quant.kleene() {
			r.alive = false
			return
		}
	}
	p := r.p
	for q := p + 1; q < len(s.pos) && !r.viol; q++ {
		if s.curCons || !r.alive {
			return
		}
		if s.stepOK(r, q, x) {
			b := s.clone(r)
			s.bind(b, q, x)
			s.settle(b, x)
		}
		if s.pos[q].quant.min() > 0 {
			break
		}
	}
	if s.pos[p].quant.kleene() && !s.curCons && r.alive && s.stepOK(r, p, x) {
		b := s.clone(r)
		s.bind(b, p, x)
		s.settle(b, x)
	}
}
