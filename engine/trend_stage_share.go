package engine

// Sharing of Kleene propagation across the classes of a trend group
// (Hamlet-style, see the header of trend_stage.go).

import (
	"math"
	"math/bits"
	"slices"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/trend"
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/format"
)

// trendShare is a Kleene burst shared by the Sums classes of a group that
// have a Kleene step of one event type, that type appearing at no other
// step of theirs. Such an event changes only that step's totals in each
// class, so a run of them is recorded once (trend.Burst) and each class
// resolves it when it next needs its state.
type trendShare struct {
	ti      int
	members []trendShareMember
	fields  []string // burst value fields ("": count_events, value 0)
	sigs    []trendShareSig
	all     []uint64 // bit set of every member
}

// trendShareMember is one class of a share.
type trendShareMember struct {
	ci    int // class index in the group
	step  int // its Kleene step of the share's type
	field []int
}

// trendShareSig is a set of members whose Kleene step has the same
// conjuncts: they accept the same events.
type trendShareSig struct {
	cl     *trendClass // a member, whose mask decides
	shared []int       // its step's shared conjuncts (signature)
	local  bool        // the step has conjuncts on its own alias: not merged
	bits   []uint64
}

// trendBurst is the open burst of one share in one cell: the members
// whose state lags behind it (pend, n of them).
type trendBurst struct {
	b    *trend.Burst
	pend []uint64
	n    int
}

// edgeMemo caches, for the event being added, the value of one set of
// edge conjuncts per previous event of the step (index 0: entering the
// step). An entry is valid when its stamp is the group's.
type edgeMemo struct {
	typ, alias string
	x          []ast.Expr
	stamp      []uint32
	val        []bool
}

// planSharing builds the per-type class lists, the shares and the edge
// memos once the group's classes are known.
func (g *trendGroup) planSharing() {
	unshared := g.leader.e.opts.UnsharedTrends
	g.direct = make([][]int, len(g.types))
	g.typeShares = make([][]int, len(g.types))
	kleene := make([]int, len(g.classes)) // the shareable step, or -1
	byType := make([][]int, len(g.types))
	for ci, cl := range g.classes {
		kleene[ci] = -1
		if cl.general || unshared {
			continue
		}
		for s, st := range cl.steps {
			if st.quant.Kleene() && len(cl.typeSteps[st.ti]) == 1 {
				kleene[ci] = s
				byType[st.ti] = append(byType[st.ti], ci)
				break
			}
		}
	}
	for ti, cis := range byType {
		if len(cis) < 2 {
			for _, ci := range cis {
				kleene[ci] = -1
			}
			continue
		}
		sh := &trendShare{ti: ti, all: make([]uint64, (len(cis)+63)/64)}
		for mi, ci := range cis {
			cl := g.classes[ci]
			k := kleene[ci]
			m := newShareMember(ci, k, cl, &sh.fields)
			cl.share, cl.member = len(g.shares), mi
			sh.members = append(sh.members, m)
			sh.all[mi/64] |= 1 << uint(mi%64)
			st := &cl.steps[k]
			si := -1
			if len(st.local) == 0 {
				si = slices.IndexFunc(sh.sigs, func(sg trendShareSig) bool {
					return !sg.local && slices.Equal(sg.shared, st.shared)
				})
			}
			if si < 0 {
				sh.sigs = append(sh.sigs, trendShareSig{cl: cl, shared: st.shared, local: len(st.local) > 0, bits: make([]uint64, len(sh.all))})
				si = len(sh.sigs) - 1
			}
			sh.sigs[si].bits[mi/64] |= 1 << uint(mi%64)
		}
		g.typeShares[ti] = append(g.typeShares[ti], len(g.shares))
		g.shares = append(g.shares, sh)
		if len(sh.all) > len(g.accept) {
			g.accept = make([]uint64, len(sh.all))
		}
		if len(sh.fields) > len(g.fv) {
			g.fv = make([]float64, len(sh.fields))
		}
	}
	if !unshared {
		g.planNets(kleene)
	}
	for ti := range g.types {
		for ci, cl := range g.classes {
			if (cl.general || len(cl.typeSteps[ti]) > 0) && !(kleene[ci] >= 0 && cl.steps[kleene[ci]].ti == ti) {
				g.direct[ti] = append(g.direct[ti], ci)
			}
		}
	}
	if unshared {
		return
	}
	for _, cl := range g.classes {
		if !cl.general {
			continue
		}
		for s := range cl.steps {
			st := &cl.steps[s]
			if len(st.edge) == 0 || !st.selfEdge || len(st.edgeAST) != len(st.edge) {
				continue
			}
			st.memo = slices.IndexFunc(g.memos, func(m *edgeMemo) bool {
				return m.typ == st.typ && m.alias == st.alias && slices.EqualFunc(m.x, st.edgeAST, func(a, b ast.Expr) bool {
					return format.EqualAST(a, b)
				})
			})
			if st.memo < 0 {
				g.memos = append(g.memos, &edgeMemo{typ: st.typ, alias: st.alias, x: st.edgeAST})
				st.memo = len(g.memos) - 1
			}
		}
	}
}

// pushShare gives an event of the share's type to its members.
func (g *trendGroup) pushShare(si int, cell *trendCell, ti int, ev *event.Event) {
	sh := g.shares[si]
	acc := g.accept[:len(sh.all)]
	clear(acc)
	for i := range sh.sigs {
		sg := &sh.sigs[i]
		if sg.cl.mask(ti, ev) == 0 {
			continue
		}
		for w := range acc {
			acc[w] |= sg.bits[w]
		}
	}
	bs := &cell.bursts[si]
	// Split: a member that does not accept the event leaves the burst
	// (is resolved) before it.
	joins := 0
	for w := range acc {
		for x := bs.pend[w] &^ acc[w]; x != 0; x &= x - 1 {
			g.resolve(cell, si, w*64+bits.TrailingZeros64(x))
		}
		joins += bits.OnesCount64(acc[w] &^ bs.pend[w])
	}
	// Cost model: a member outside the burst takes the event on its own
	// (O(channels) each); when they are at least as many as those in it,
	// the burst is closed (each member resolved, O(channels) once) and a
	// new one opened for all of them.
	if joins > 0 && bs.n > 0 && joins >= bs.n {
		g.resolveAll(cell, si)
	}
	if bs.n == 0 {
		copy(bs.pend, acc)
		for _, x := range acc {
			bs.n += bits.OnesCount64(x)
		}
		if bs.n == 0 {
			return
		}
		joins = 0
	}
	fv := g.fv[:len(sh.fields)]
	for f, name := range sh.fields {
		fv[f] = fieldValue(ev, name)
	}
	bs.b.Add(fv)
	if joins == 0 {
		return
	}
	for w := range acc {
		for x := acc[w] &^ bs.pend[w]; x != 0; x &= x - 1 {
			m := &sh.members[w*64+bits.TrailingZeros64(x)]
			cl := g.classes[m.ci]
			mask := uint64(1) << uint(m.step)
			cl.fillVals(mask, ev)
			cell.sums[m.ci].Add(mask, cl.vals)
		}
	}
}

// fieldValue is the channel value of ev read through field: 0 for ""
// (count_events), NaN when ev has no numeric field of that name.
func fieldValue(ev *event.Event, field string) float64 {
	if field == "" {
		return 0
	}
	v, _ := ev.Get(field)
	switch v.Kind() {
	case value.KindInt:
		return float64(v.AsInt())
	case value.KindFloat:
		return v.AsFloat()
	}
	return math.NaN()
}

// resolve brings member mi of share si up to date with the cell's burst
// and takes it out of the burst.
func (g *trendGroup) resolve(cell *trendCell, si, mi int) {
	bs := &cell.bursts[si]
	m := &g.shares[si].members[mi]
	cell.sums[m.ci].AddBurst(m.step, bs.b, m.field)
	bs.pend[mi/64] &^= 1 << uint(mi%64)
	if bs.n--; bs.n == 0 {
		bs.b.Reset()
	}
}

// resolveAll resolves every member of share si lagging behind the cell's
// burst.
func (g *trendGroup) resolveAll(cell *trendCell, si int) {
	bs := &cell.bursts[si]
	for w := range bs.pend {
		for x := bs.pend[w]; x != 0; x &= x - 1 {
			g.resolve(cell, si, w*64+bits.TrailingZeros64(x))
		}
	}
}

// settle resolves class cl in cell when it lags behind its share's burst
// (before its state is changed otherwise).
func (g *trendGroup) settle(cell *trendCell, cl *trendClass) {
	if cell.bursts[cl.share].pend[cl.member/64]&(1<<uint(cl.member%64)) != 0 {
		g.resolve(cell, cl.share, cl.member)
	}
}

// trendNetShare is a Kleene step shared by Graph classes (trend.Net): the
// same event type (at no other step of theirs), alias, alias-free
// conjuncts and conjuncts between the step's events (reading only its
// own alias), no conjunct on its alias alone, and no carried step up to
// it. Their Kleene events are compared with each other once, in the Net;
// each class materialises the Kleene nodes it needs when its own graph is
// next used.
type trendNetShare struct {
	ti      int
	members []trendShareMember
	fields  []string
	lead    *trendClass // decides acceptance, entry and edges
	step    int         // the lead's Kleene step
	none    []int32     // carried context of no event (for the lead)
	cur     int         // the event being added (for edgeFrom)
	edgeFn  func(prev int) bool
}

// trendNetCell is a net share's state in one cell: the Net, and per
// member the next Net node to materialise and whether the member left
// the share in this cell (a count exceeded int64: it then evaluates the
// step itself).
type trendNetCell struct {
	net  *trend.Net
	from []int
	solo []bool
}

// edgeFrom is the lead's edge predicate from the Kleene node of event
// prev to the event being added.
func (ns *trendNetShare) edgeFrom(prev int) bool {
	return ns.lead.edge(prev, ns.step, ns.none, ns.cur, ns.step)
}

// planNets finds the net shares among the Graph classes; kleene[ci] is
// set to the shared step of each member.
func (g *trendGroup) planNets(kleene []int) {
	type cand struct {
		ci, step int
	}
	var groups [][]cand
	for ci, cl := range g.classes {
		if !cl.general || cl.named {
			continue
		}
		k := -1
		for s, st := range cl.steps {
			if st.quant.Kleene() && len(cl.typeSteps[st.ti]) == 1 {
				k = s
				break
			}
		}
		if k < 0 {
			continue
		}
		st := &cl.steps[k]
		if len(st.local) > 0 || len(st.edge) > 0 && (!st.selfEdge || len(st.edgeAST) != len(st.edge)) {
			continue
		}
		if slices.ContainsFunc(cl.carry, func(c int) bool { return c <= k }) {
			continue
		}
		gi := slices.IndexFunc(groups, func(gr []cand) bool {
			o := g.classes[gr[0].ci]
			os := &o.steps[gr[0].step]
			return os.ti == st.ti && os.alias == st.alias && slices.Equal(os.shared, st.shared) &&
				slices.EqualFunc(os.edgeAST, st.edgeAST, func(a, b ast.Expr) bool { return format.EqualAST(a, b) })
		})
		if gi < 0 {
			groups = append(groups, nil)
			gi = len(groups) - 1
		}
		groups[gi] = append(groups[gi], cand{ci, k})
	}
	for _, gr := range groups {
		if len(gr) < 2 {
			continue
		}
		lead := g.classes[gr[0].ci]
		ns := &trendNetShare{ti: lead.steps[gr[0].step].ti, lead: lead, step: gr[0].step, none: make([]int32, len(lead.carry))}
		for i := range ns.none {
			ns.none[i] = -1
		}
		ns.edgeFn = ns.edgeFrom
		for mi, c := range gr {
			cl := g.classes[c.ci]
			m := newShareMember(c.ci, c.step, cl, &ns.fields)
			ns.members = append(ns.members, m)
			cl.nshare, cl.nmember = len(g.netShares), mi
			kleene[c.ci] = c.step
		}
		if len(ns.fields) > len(g.fv) {
			g.fv = make([]float64, len(ns.fields))
		}
		g.netShares = append(g.netShares, ns)
	}
}

// pushNet gives an event of the net share's type to its members: once to
// the Net, and to each member that evaluates the step itself in this
// cell.
func (g *trendGroup) pushNet(ni int, cell *trendCell, ti int, ev *event.Event) {
	ns := g.netShares[ni]
	nc := &cell.nets[ni]
	if ns.lead.mask(ti, ev) == 0 {
		return // no member takes it
	}
	cur := len(cell.evs) - 1
	ns.lead.evs = cell.evs
	ns.cur = cur
	fv := g.fv[:len(ns.fields)]
	for f, name := range ns.fields {
		fv[f] = fieldValue(ev, name)
	}
	entry := ns.lead.edge(-1, -1, ns.none, cur, ns.step)
	nc.net.Add(cur, entry, fv, ns.edgeFn)
	for mi, solo := range nc.solo {
		if !solo {
			continue
		}
		m := &ns.members[mi]
		cl := g.classes[m.ci]
		gr := cell.graphs[m.ci]
		gr.SetLen(cur)
		mask := uint64(1) << uint(m.step)
		cl.evs = cell.evs
		cl.fillVals(mask, ev)
		gr.Add(mask, cl.vals, cl.edgeFn)
	}
}

// settleNet brings the graph of cl, a net share member, up to the cell's
// event cur: the Kleene nodes of the Net are materialised in it; if a
// count would exceed int64 the graph is rebuilt from the cell's events
// and the member evaluates the step itself in this cell from then on.
func (g *trendGroup) settleNet(cell *trendCell, cl *trendClass, cur int) {
	nc := &cell.nets[cl.nshare]
	mi := cl.nmember
	m := &g.netShares[cl.nshare].members[mi]
	gr := cell.graphs[m.ci]
	if !nc.solo[mi] {
		from, ok := gr.Materialize(m.step, nc.net, nc.from[mi], m.field)
		nc.from[mi] = from
		if !ok {
			nc.solo[mi] = true
			g.replay(cell, m.ci, cur)
		}
	}
	gr.SetLen(cur)
}

// replay rebuilds the graph of class ci from the cell's first upto
// events.
func (g *trendGroup) replay(cell *trendCell, ci, upto int) {
	cl := g.classes[ci]
	gr := cell.graphs[ci]
	gr.Reset()
	saved := slices.Clone(g.predRes)
	g.replaying = true
	cl.evs = cell.evs
	for i := 0; i < upto; i++ {
		e := cell.evs[i]
		ti := slices.Index(g.types, e.Type)
		clear(g.predRes)
		mask := cl.mask(ti, e)
		cl.fillVals(mask, e)
		gr.Add(mask, cl.vals, cl.edgeFn)
	}
	copy(g.predRes, saved)
	g.replaying = false
}

// newShareMember returns the member record of class ci (cl) whose shared
// step is step: each of its channels on that step maps to the index of the
// channel's field in *fields (added when missing), the others to -1.
func newShareMember(ci, step int, cl *trendClass, fields *[]string) trendShareMember {
	m := trendShareMember{ci: ci, step: step, field: make([]int, len(cl.chans))}
	for c, ch := range cl.chans {
		m.field[c] = -1
		if ch.step != step {
			continue
		}
		f := slices.Index(*fields, ch.field)
		if f < 0 {
			*fields = append(*fields, ch.field)
			f = len(*fields) - 1
		}
		m.field[c] = f
	}
	return m
}
