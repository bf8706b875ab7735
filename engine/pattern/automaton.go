package pattern

import (
	"fmt"
	"math"
	"unsafe"

	"github.com/varpulis/varpulis-go/engine/internal/keytab"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/expr"
	"github.com/varpulis/varpulis-go/engine/value"
)

// negInfo is a compiled negation (global or positioned).
type negInfo struct {
	typ   string
	where expr.Eval
	corr  []Corr
	conj  []Conjunct
	// whereExact is where without the correlations an exact partition
	// implies (see automaton.implied); used for runs in such partitions.
	whereExact expr.Eval
}

// stepInfo is a compiled positive step.
type stepInfo struct {
	typ        string
	where      expr.Eval
	whereFirst expr.Eval
	selfRef    bool
	min        int32
	kleene     bool
	slot       int // internal binding slot (hidden slots for unaliased steps)
	corr       []Corr
	conj       []Conjunct
	whereExact expr.Eval // as negInfo.whereExact
	cap        int32     // capture index (capInfo) or -1
}

// typeRole tells what an event type does in one automaton.
type typeRole struct {
	typ string
	// starts are the steps an event of this type can open a run at, in
	// priority order (leading optional steps first).
	starts []int
	// cont reports that events of this type can affect existing runs.
	cont bool
	// contField is the key field for continuation under implicit
	// partitioning.
	contField string
	// seen is the address of the last event type found equal to typ
	// (events usually share their type strings: one comparison).
	seen *byte
}

// automaton is one alternative of a pattern, compiled.
type automaton struct {
	m     *Matcher
	steps []stepInfo
	// gaps[g] holds the positioned negations between positive steps g-1
	// and g; gaps[len(steps)] the trailing ones (absence).
	gaps        [][]negInfo
	absence     bool
	global      []negInfo
	completable []bool // completable[p]: every step after p may be empty
	nbind       int    // length of a run's binding array
	nslots      int    // public slots (Spec.NumSlots)
	kleeneSlots []int  // internal slots of Kleene steps (index = kleene ordinal)
	kidx        []int  // per step: Kleene ordinal or -1

	roles []typeRole

	// Partitioning: explicit (.partition_by), implicit (derived from
	// equality correlations with the first step's alias) or none.
	partField string
	partExpr  expr.Eval
	implicit  bool
	startKey  string // implicit: field of the first event that keys a run
	parts     *keytab.Table[*partition]
	nparts    int        // partitions in parts (idle ones included)
	idle      idleList   // idle partitions, longest idle first
	one       *partition // unpartitioned
	// cur is the type of the event being processed, as the role's string:
	// step and negation types are the same strings (internTypes), so
	// comparing them is comparing addresses.
	cur string

	// caps are the captured steps (Matcher.SetCapture); ncv is the length
	// of a run's capture area.
	caps []capInfo
	ncv  int
}

func (m *Matcher) newAutomaton(seq *Seq) (*automaton, error) {
	s := m.spec
	a := &automaton{m: m, nslots: s.NumSlots, partField: s.PartitionField, partExpr: s.PartitionExpr}
	hidden := 0
	a.gaps = append(a.gaps, nil)
	for i := range seq.Steps {
		st := &seq.Steps[i]
		if st.Negated {
			g := len(a.steps)
			a.gaps[g] = append(a.gaps[g], negInfo{typ: st.Type, where: st.Where, corr: st.Corr, conj: st.Conj})
			continue
		}
		slot := st.Slot
		if slot < 0 {
			slot = s.NumSlots + hidden
			hidden++
		}
		a.steps = append(a.steps, stepInfo{
			typ: st.Type, where: st.Where, whereFirst: st.WhereFirst, selfRef: st.SelfRef,
			min: st.Quant.min(), kleene: st.Quant.kleene(), slot: slot, corr: st.Corr, conj: st.Conj,
			cap: -1,
		})
		a.gaps = append(a.gaps, nil)
	}
	seen := map[int]bool{}
	for _, st := range a.steps {
		if st.slot < s.NumSlots {
			if seen[st.slot] {
				return nil, fmt.Errorf("%w: binding slot %d used by two steps", ErrSpec, st.slot)
			}
			seen[st.slot] = true
		}
	}
	a.nbind = s.NumSlots + hidden
	n := len(a.steps)
	// Global negations: a one-step chain turns them into an absence.
	for _, g := range s.Global {
		ni := negInfo{typ: g.Type, where: g.Where, corr: g.Corr, conj: g.Conj}
		if n == 1 {
			a.gaps[1] = append(a.gaps[1], ni)
		} else {
			a.global = append(a.global, ni)
		}
	}
	a.absence = len(a.gaps[n]) > 0
	a.completable = make([]bool, n)
	for p := n - 1; p >= 0; p-- {
		a.completable[p] = p == n-1 || (a.completable[p+1] && a.steps[p+1].min == 0)
	}
	a.kidx = make([]int, n)
	for i, st := range a.steps {
		a.kidx[i] = -1
		if st.kleene {
			a.kidx[i] = len(a.kleeneSlots)
			a.kleeneSlots = append(a.kleeneSlots, st.slot)
		}
	}
	a.buildRoles()
	a.internTypes()
	a.detectImplicit()
	a.exactWheres()
	if a.partField != "" || a.partExpr != nil || a.implicit {
		a.parts = keytab.New[*partition]()
	} else {
		a.one = &partition{}
		a.one.runs = a.one.inl[:0]
	}
	return a, nil
}

func (a *automaton) role(typ string) *typeRole {
	for i := range a.roles {
		if a.roles[i].typ == typ {
			return &a.roles[i]
		}
	}
	r := typeRole{typ: typ}
	a.roles = append(a.roles, r)
	return &a.roles[len(a.roles)-1]
}

func (a *automaton) buildRoles() {
	for q := range a.steps {
		st := &a.steps[q]
		r := a.role(st.typ)
		if q > 0 || st.kleene {
			r.cont = true
		}
	}
	for q := range a.steps {
		st := &a.steps[q]
		r := a.role(st.typ)
		r.starts = append(r.starts, q)
		if st.min > 0 {
			break
		}
	}
	for _, g := range a.gaps {
		for _, ng := range g {
			a.role(ng.typ).cont = true
		}
	}
	for _, ng := range a.global {
		a.role(ng.typ).cont = true
	}
	if a.m.spec.Strategy == Strict {
		// Under strict contiguity every event of the stream matters.
		for i := range a.roles {
			a.roles[i].cont = true
		}
	}
}

// internTypes makes the type strings of steps and negations the strings
// of their roles (see automaton.cur).
func (a *automaton) internTypes() {
	for q := range a.steps {
		a.steps[q].typ = a.role(a.steps[q].typ).typ
	}
	for g := range a.gaps {
		for i := range a.gaps[g] {
			a.gaps[g][i].typ = a.role(a.gaps[g][i].typ).typ
		}
	}
	for i := range a.global {
		a.global[i].typ = a.role(a.global[i].typ).typ
	}
}

// roleOf returns the role of event type typ, or nil.
func (a *automaton) roleOf(typ string) *typeRole {
	p := unsafe.StringData(typ)
	for i := range a.roles {
		r := &a.roles[i]
		if len(r.typ) == len(typ) && (r.seen == p || r.typ == typ) {
			r.seen = p
			return r
		}
	}
	return nil
}

// detectImplicit decides whether runs can be indexed by the value of one
// field of their first event: every later step and every negation must
// carry a correlation `field == first.F` with the same F.
func (a *automaton) detectImplicit() {
	s := a.m.spec
	if s.Strategy == Strict || a.partField != "" || a.partExpr != nil {
		return
	}
	s0 := a.steps[0]
	if s0.min == 0 || s0.kleene || s0.slot >= a.nslots {
		return
	}
	slot0 := s0.slot
	y := ""
	fields := map[string]string{}
	ok := true
	need := func(typ string, corrs []Corr) {
		if !ok {
			return
		}
		for _, c := range corrs {
			if c.Slot != slot0 {
				continue
			}
			if y == "" {
				y = c.BoundField
			}
			if c.BoundField != y {
				continue
			}
			if f, seen := fields[typ]; seen && f != c.Field {
				ok = false
				return
			}
			fields[typ] = c.Field
			return
		}
		ok = false
	}
	for q := 1; q < len(a.steps); q++ {
		need(a.steps[q].typ, a.steps[q].corr)
	}
	for _, g := range a.gaps {
		for _, ng := range g {
			need(ng.typ, ng.corr)
		}
	}
	for _, ng := range a.global {
		need(ng.typ, ng.corr)
	}
	if !ok || y == "" {
		return
	}
	for i := range a.roles {
		r := &a.roles[i]
		if !r.cont {
			continue
		}
		f, has := fields[r.typ]
		if !has {
			return
		}
		if s.Consume == ConsumeAll && len(r.starts) > 0 && f != y {
			// A consumed event must live in one partition only.
			return
		}
		r.contField = f
	}
	if s.Consume == ConsumeAll && len(s.Alts) > 1 {
		return
	}
	a.implicit, a.startKey = true, y
}

// implied reports whether correlation c of a predicate on events of type
// typ always holds for a run in an exact partition (key not null): the
// candidate's key field and the first event's key field are then equal
// under `==`, because both have the partition's key.
func (a *automaton) implied(c *Corr, typ string) bool {
	s0 := &a.steps[0]
	if c == nil || s0.min == 0 || s0.kleene || c.Slot != s0.slot || s0.slot >= a.nslots {
		return false
	}
	switch {
	case a.implicit:
		for i := range a.roles {
			if a.roles[i].typ == typ {
				return c.BoundField == a.startKey && c.Field == a.roles[i].contField
			}
		}
		return false
	case a.partField != "" && a.partExpr == nil:
		return c.Field == a.partField && c.BoundField == a.partField
	}
	return false
}

// exactWhere returns the predicate of conj without the conjuncts the
// partition implies, or where when none is implied (or conj is unknown).
func (a *automaton) exactWhere(where expr.Eval, conj []Conjunct, typ string) expr.Eval {
	var rest []expr.Eval
	dropped := false
	for i := range conj {
		if a.implied(conj[i].Corr, typ) {
			dropped = true
			continue
		}
		rest = append(rest, conj[i].Eval)
	}
	if !dropped {
		return where
	}
	switch len(rest) {
	case 0:
		return nil
	case 1:
		return rest[0]
	}
	return func(ctx *expr.Ctx) value.Value {
		for _, e := range rest {
			if !value.Truthy(e(ctx)) {
				return value.Bool(false)
			}
		}
		return value.Bool(true)
	}
}

// exactWheres computes whereExact for every later step and negation.
func (a *automaton) exactWheres() {
	for q := range a.steps {
		st := &a.steps[q]
		st.whereExact = st.where
		if q > 0 {
			st.whereExact = a.exactWhere(st.where, st.conj, st.typ)
		}
	}
	for g := range a.gaps {
		for i := range a.gaps[g] {
			n := &a.gaps[g][i]
			n.whereExact = a.exactWhere(n.where, n.conj, n.typ)
		}
	}
	for i := range a.global {
		n := &a.global[i]
		n.whereExact = a.exactWhere(n.where, n.conj, n.typ)
	}
}

// partition is the run set of one key.
type partition struct {
	// inl backs runs while the partition has few runs (the usual case),
	// so that the run pointers share the partition's memory.
	inl [2]*run
	key value.Value
	// exact: the key is not null, so two events of the partition have
	// equal key fields under `==` and implied correlations need no check.
	exact bool
	runs  []*run
	live  int
	busy  bool
	// idle: no active run; linked in the automaton's idle list.
	idle               bool
	idlePrev, idleNext *partition
}

func (a *automaton) keyOf(ev *event.Event, field string) value.Value {
	if a.partExpr != nil && !a.implicit {
		m := a.m
		m.ctx.Event, m.ctx.Bindings = ev, nil
		return a.partExpr(&m.ctx)
	}
	v, _ := ev.Get(field)
	return v
}

func (a *automaton) contPartition(ev *event.Event, r *typeRole) *partition {
	if a.one != nil {
		return a.one
	}
	field := a.partField
	if a.implicit {
		field = r.contField
	}
	p, _ := a.parts.Get(a.keyOf(ev, field))
	return p
}

func (a *automaton) startPartition(ev *event.Event) *partition {
	if a.one != nil {
		return a.one
	}
	field := a.partField
	if a.implicit {
		field = a.startKey
	}
	k := a.keyOf(ev, field)
	if p, _ := a.parts.Get(k); p != nil {
		if p.idle {
			a.idle.remove(p)
		}
		return p
	}
	m := a.m
	var p *partition
	if n := len(m.freeParts); n > 0 {
		p = m.freeParts[n-1]
		m.freeParts = m.freeParts[:n-1]
	} else {
		p = &partition{}
		p.runs = p.inl[:0]
	}
	p.key, p.exact = k, exactKey(k)
	a.parts.Put(k, p)
	a.nparts++
	return p
}

// maybeDrop empties a partition without active runs and makes it idle: it
// stays in the table, so that the next run of its key finds it without a
// map insertion, until idle partitions outnumber the others (and 1024);
// then the longest idle ones leave the table and are recycled. Idle
// partitions are thus bounded by the active ones.
func (a *automaton) maybeDrop(p *partition) {
	if p.live > 0 || p.busy || p.idle || a.one != nil {
		return
	}
	m := a.m
	for i, r := range p.runs {
		r.inPart = false
		m.release(r)
		p.runs[i] = nil
	}
	p.runs = p.runs[:0]
	a.idle.push(p)
	for a.idle.n > maxIdleParts && 2*a.idle.n > a.nparts {
		q := a.idle.head
		a.idle.remove(q)
		a.parts.Delete(q.key)
		a.nparts--
		q.key, q.exact = value.Value{}, false
		m.freeParts = append(m.freeParts, q)
	}
}

// maxIdleParts is how many idle partitions an automaton keeps at least.
const maxIdleParts = 1024

// idleList is the FIFO of an automaton's idle partitions.
type idleList struct {
	head, tail *partition
	n          int
}

func (l *idleList) push(p *partition) {
	p.idle, p.idlePrev, p.idleNext = true, l.tail, nil
	if l.tail == nil {
		l.head = p
	} else {
		l.tail.idleNext = p
	}
	l.tail = p
	l.n++
}

func (l *idleList) remove(p *partition) {
	if p.idlePrev == nil {
		l.head = p.idleNext
	} else {
		p.idlePrev.idleNext = p.idleNext
	}
	if p.idleNext == nil {
		l.tail = p.idlePrev
	} else {
		p.idleNext.idlePrev = p.idlePrev
	}
	p.idle, p.idlePrev, p.idleNext = false, nil, nil
	l.n--
}

// compact removes dead runs from a partition's run list.
func (a *automaton) compact(p *partition) {
	j := 0
	for _, r := range p.runs {
		if r.dead {
			r.inPart = false
			a.m.release(r)
			continue
		}
		p.runs[j] = r
		j++
	}
	clear(p.runs[j:])
	p.runs = p.runs[:j]
}

// eval evaluates a predicate for candidate ev against bindings binds.
func (m *Matcher) eval(e expr.Eval, ev *event.Event, binds []expr.Binding) bool {
	if e == nil {
		return true
	}
	m.ctx.Event, m.ctx.Bindings = ev, binds
	return value.Truthy(e(&m.ctx))
}

// stepMatches tests candidate ev for step q of run r (r nil: a new run).
func (a *automaton) stepMatches(q int, ev *event.Event, r *run) bool {
	st := &a.steps[q]
	if st.typ != a.cur {
		return false
	}
	m := a.m
	binds := m.emptyBinds[:a.nbind]
	if r != nil {
		binds = r.binds
	}
	continuing := r != nil && int(r.p) == q
	e := st.where
	if r != nil && r.part.exact {
		e = st.whereExact
	}
	if st.selfRef {
		if st.kleene {
			if !continuing {
				e = st.whereFirst
			}
		} else {
			// A non-Kleene step's own alias names the candidate.
			saved := binds[st.slot]
			binds[st.slot] = expr.Binding{Event: ev}
			ok := m.eval(e, ev, binds)
			binds[st.slot] = saved
			return ok
		}
	}
	return m.eval(e, ev, binds)
}

func (a *automaton) negMatches(ns []negInfo, ev *event.Event, r *run) bool {
	exact := r.part.exact
	for i := range ns {
		if ns[i].typ != a.cur {
			continue
		}
		e := ns[i].where
		if exact {
			e = ns[i].whereExact
		}
		if a.m.eval(e, ev, r.binds) {
			return true
		}
	}
	return false
}

// canGrow reports whether run r could still bind more events.
func (a *automaton) canGrow(r *run) bool {
	if r.frozen {
		return false
	}
	return a.steps[r.p].kleene || int(r.p) < len(a.steps)-1
}

// bind binds ev to step q of run r.
func (a *automaton) bind(r *run, q int, ev *event.Event) {
	st := &a.steps[q]
	if int(r.p) != q || r.cnt == 0 {
		r.p, r.cnt = int32(q), 1
	} else {
		r.cnt++
	}
	r.viol = false
	r.last = ev.Time
	b := &r.binds[st.slot]
	if st.kleene {
		k := a.kidx[q]
		var list []*event.Event
		if r.cnt == 1 {
			list = a.m.newList(r, k, ev)
		} else {
			list = a.m.appendList(r, k, b.List, ev)
		}
		*b = expr.Binding{Event: ev, List: list, Kleene: true}
	} else {
		*b = expr.Binding{Event: ev}
		if st.cap >= 0 && r.capt {
			a.capture(r, st.cap, ev)
		}
	}
}

// process handles one event of a type with role rl.
func (a *automaton) process(ev *event.Event, rl *typeRole) {
	a.cur = rl.typ
	if rl.cont {
		if p := a.contPartition(ev, rl); p != nil && len(p.runs) > 0 {
			a.advance(p, ev)
		}
	}
	if len(rl.starts) > 0 && !a.m.curConsumed {
		a.start(ev, rl)
	}
}

// advance offers ev to every run of partition p, oldest first.
func (a *automaton) advance(p *partition, ev *event.Event) {
	p.busy = true
	n := len(p.runs)
	for i := 0; i < n; i++ {
		r := p.runs[i]
		if r.dead || ev.Time > r.deadline {
			continue
		}
		if a.m.spec.Strategy == Any {
			a.stepAny(r, ev)
		} else {
			a.stepNext(r, ev)
		}
	}
	p.busy = false
	if len(p.runs) > 2*p.live+8 || p.live == 0 {
		a.compact(p)
	}
	a.maybeDrop(p)
}

// stepNext advances one run under next / strict.
func (a *automaton) stepNext(r *run, ev *event.Event) {
	m := a.m
	if len(a.global) > 0 && a.negMatches(a.global, ev, r) {
		if a.completable[r.p] && !a.absence && a.canGrow(r) {
			// A trailing Kleene/optional run can no longer grow: emit its
			// maximal match.
			m.complete(r, r.last)
			return
		}
		m.kill(r)
		return
	}
	if g := a.gaps[r.p+1]; len(g) > 0 && a.negMatches(g, ev, r) {
		r.viol = true
		if !a.steps[r.p].kleene {
			m.kill(r)
			return
		}
	}
	bound := false
	if !r.frozen && !m.curConsumed {
		p := int(r.p)
		for q := p + 1; q < len(a.steps) && !r.viol; q++ {
			if a.stepMatches(q, ev, r) {
				a.bind(r, q, ev)
				bound = true
				break
			}
			if a.steps[q].min > 0 {
				break
			}
		}
		if !bound && a.steps[p].kleene && a.stepMatches(p, ev, r) {
			a.bind(r, p, ev)
			bound = true
		}
	}
	if !bound {
		if m.spec.Strategy == Strict && !r.frozen {
			switch {
			case !a.completable[r.p]:
				m.kill(r)
			case a.absence:
				r.frozen = true
			default:
				m.complete(r, r.last)
			}
		}
		return
	}
	if a.completable[r.p] && !a.absence && !a.canGrow(r) {
		m.complete(r, ev.Time)
	}
}

// stepAny advances one run under any: every way of binding ev makes a new
// run (branch); r itself stays as it was.
func (a *automaton) stepAny(r *run, ev *event.Event) {
	m := a.m
	if len(a.global) > 0 && a.negMatches(a.global, ev, r) {
		m.kill(r)
		return
	}
	if g := a.gaps[r.p+1]; len(g) > 0 && a.negMatches(g, ev, r) {
		r.viol = true
		if !a.steps[r.p].kleene {
			m.kill(r)
			return
		}
	}
	p := int(r.p)
	for q := p + 1; q < len(a.steps) && !r.viol; q++ {
		if m.curConsumed || r.dead {
			return
		}
		if a.stepMatches(q, ev, r) {
			a.branch(r, q, ev)
		}
		if a.steps[q].min > 0 {
			break
		}
	}
	if a.steps[p].kleene && !m.curConsumed && !r.dead && a.stepMatches(p, ev, r) {
		a.branch(r, p, ev)
	}
}

// branch creates the run "r with ev bound to step q" (any strategy).
func (a *automaton) branch(r *run, q int, ev *event.Event) {
	b := a.m.cloneRun(r)
	a.bind(b, q, ev)
	a.settle(b, ev)
}

// settle decides what happens to a run that just bound ev: complete it,
// keep it, or both (any with a trailing Kleene step).
func (a *automaton) settle(b *run, ev *event.Event) {
	m := a.m
	if a.completable[b.p] && !a.absence {
		grow := a.canGrow(b)
		if m.spec.Strategy == Any || !grow {
			m.emitRun(b, ev.Time)
			if !grow || b.dead {
				b.dead = true
				m.release(b)
				return
			}
		}
	}
	m.store(b)
}

// start opens the runs that ev begins.
func (a *automaton) start(ev *event.Event, rl *typeRole) {
	m := a.m
	var part *partition
	for _, q := range rl.starts {
		if !a.stepMatches(q, ev, nil) {
			continue
		}
		if part == nil {
			part = a.startPartition(ev)
			part.busy = true
		}
		r := m.newRun(a)
		r.deadline = math.MaxInt64
		if w := m.spec.Within; w > 0 && ev.Time <= math.MaxInt64-w {
			r.deadline = ev.Time + w
		}
		r.p, r.cnt = -1, 0
		r.part = part
		r.capt = m.capOn && a.caps != nil
		a.bind(r, q, ev)
		if m.stats.Started++; m.stats.Started%captureWindow == 0 && a.caps != nil {
			m.tuneCapture()
		}
		a.settle(r, ev)
		if m.spec.Strategy != Any || m.curConsumed {
			break
		}
	}
	if part != nil {
		part.busy = false
		a.maybeDrop(part)
	}
}

// runHolds reports whether run r binds any of evs.
func (a *automaton) runHolds(r *run, evs []*event.Event) bool {
	for _, st := range a.steps {
		b := &r.binds[st.slot]
		if st.kleene {
			for _, x := range b.List {
				for _, y := range evs {
					if x == y {
						return true
					}
				}
			}
			continue
		}
		if b.Event == nil {
			continue
		}
		for _, y := range evs {
			if b.Event == y {
				return true
			}
		}
	}
	return false
}
