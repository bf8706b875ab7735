// Package trend counts and aggregates skip-till-any-match trends of a
// sequence pattern without enumerating them (GRETA event-graph
// propagation). A trend is a sequence of events, in arrival order, each
// assigned to a step of the pattern: steps in order, a Kleene step
// (Plus, Star) taking one or more consecutive positions of the trend,
// optional steps (Star, Opt) possibly absent, every mandatory step present.
//
// Two evaluators share one Pattern:
//
//   - Sums, for patterns whose predicates depend only on the event being
//     added (the caller folds them into the step mask): it keeps, per step,
//     the aggregates of every partial trend ending at an event of that step,
//     summed. Adding an event costs O(steps × channels) and keeps no events.
//   - Graph, for predicates between events of a trend (consecutive events,
//     or a carried earlier event such as the first step's): each event that
//     matches a step becomes a node whose aggregates summarise every partial
//     trend ending at it, computed from the predecessor nodes the Edge
//     predicate accepts. Adding an event costs O(nodes).
//
// Counts grow like 2^n. They are exact int64 until an addition would
// overflow; from then on the evaluator switches to float64 and
// Result.Overflow is set. Values never wrap.
package trend

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
)

// Quant is the quantifier of a step.
type Quant uint8

// The quantifiers.
const (
	One  Quant = iota // exactly one event
	Plus              // one or more (`all T`, `T+`)
	Star              // zero or more (`T*`)
	Opt               // zero or one (`T?`)
)

// Kleene reports whether the step may take several events.
func (q Quant) Kleene() bool { return q == Plus || q == Star }

// Optional reports whether the step may be absent from a trend.
func (q Quant) Optional() bool { return q == Star || q == Opt }

// MaxSteps is the largest number of steps of a Pattern (one bit each in a
// step mask).
const MaxSteps = 63

// Pattern is the shape of a sequence pattern as the evaluators see it.
type Pattern struct {
	quants []Quant
	// chans[c] is the step whose events feed value channel c.
	chans []int
	// carry lists the steps whose last event a Graph node remembers
	// (ctx[k] for step carry[k]); carryIdx[s] is s's index or -1.
	carry    []int
	carryIdx []int
	prev     [][]int // predecessor steps of each step (without itself)
	start    []bool  // the step may hold a trend's first event
	final    []bool  // the step may hold a trend's last event
}

// ErrPattern is wrapped by every error of NewPattern.
var ErrPattern = errors.New("invalid trend pattern")

// NewPattern describes a pattern: one quantifier per step, the step of each
// value channel (count_events/sum/avg/min/max read channels), and for a
// Graph the steps whose last event the Edge predicate needs even when it is
// not the immediately preceding event (carried steps).
func NewPattern(quants []Quant, channels []int, carry []int) (*Pattern, error) {
	n := len(quants)
	if n == 0 || n > MaxSteps {
		return nil, fmt.Errorf("%w: %d steps (1 to %d)", ErrPattern, n, MaxSteps)
	}
	p := &Pattern{quants: quants, chans: channels, carry: carry, carryIdx: make([]int, n),
		prev: make([][]int, n), start: make([]bool, n), final: make([]bool, n)}
	for _, s := range channels {
		if s < 0 || s >= n {
			return nil, fmt.Errorf("%w: channel step %d out of range", ErrPattern, s)
		}
	}
	for i := range p.carryIdx {
		p.carryIdx[i] = -1
	}
	for k, s := range carry {
		if s < 0 || s >= n || p.carryIdx[s] >= 0 {
			return nil, fmt.Errorf("%w: carried step %d out of range or repeated", ErrPattern, s)
		}
		p.carryIdx[s] = k
	}
	for s := range quants {
		p.start[s] = true
		for j := s - 1; j >= 0; j-- {
			p.prev[s] = append(p.prev[s], j)
			if !quants[j].Optional() {
				p.start[s] = false
				break
			}
		}
		p.final[s] = true
		for j := s + 1; j < n; j++ {
			if !quants[j].Optional() {
				p.final[s] = false
				break
			}
		}
	}
	return p, nil
}

// Steps returns the number of steps.
func (p *Pattern) Steps() int { return len(p.quants) }

// Channels returns the number of value channels.
func (p *Pattern) Channels() int { return len(p.chans) }

// num is a count: exact int64 (f mirrors it), or float64 only once the
// owner overflowed.
type num struct {
	i int64
	f float64
}

func (n num) zero() bool { return n.i == 0 && n.f == 0 }

// add returns a+b, switching *fl on when the int64 sum would overflow.
func add(fl *bool, a, b num) num {
	if !*fl {
		s, c := bits.Add64(uint64(a.i), uint64(b.i), 0)
		if c == 0 && int64(s) >= 0 {
			return num{i: int64(s), f: float64(int64(s))}
		}
		*fl = true
	}
	return num{f: a.f + b.f}
}

// chAcc aggregates one value channel over a set of (partial) trends.
type chAcc struct {
	evs      num // channel events summed over the trends
	sum      float64
	min, max float64
	has      bool // some trend holds a channel event with a value
}

// acc aggregates a set of (partial) trends.
type acc struct {
	cnt num
	ch  []chAcc
}

func (a *acc) reset() {
	a.cnt = num{}
	for i := range a.ch {
		a.ch[i] = chAcc{min: math.Inf(1), max: math.Inf(-1)}
	}
}

// merge adds the trends of b into a.
func merge(fl *bool, a, b *acc) {
	a.cnt = add(fl, a.cnt, b.cnt)
	for i := range a.ch {
		x, y := &a.ch[i], &b.ch[i]
		x.evs = add(fl, x.evs, y.evs)
		x.sum += y.sum
		if y.has {
			x.has = true
			x.min = fmin(x.min, y.min)
			x.max = fmax(x.max, y.max)
		}
	}
}

// own extends the trends of a (all ending at the event being added at
// step s) with that event's channel values. A NaN value counts as absent.
func (p *Pattern) own(fl *bool, a *acc, s int, vals []float64) {
	for c, cs := range p.chans {
		if cs != s {
			continue
		}
		v := vals[c]
		if v != v {
			continue
		}
		x := &a.ch[c]
		x.evs = add(fl, x.evs, a.cnt)
		x.sum += a.cnt.f * v
		x.has = true
		x.min = fmin(x.min, v)
		x.max = fmax(x.max, v)
	}
}

func (p *Pattern) newAccs(n int) []acc {
	out := make([]acc, n)
	chs := make([]chAcc, n*len(p.chans))
	for i := range out {
		out[i].ch = chs[i*len(p.chans) : (i+1)*len(p.chans) : (i+1)*len(p.chans)]
		out[i].reset()
	}
	return out
}

// ChResult aggregates one value channel over every complete trend.
type ChResult struct {
	// Events is the number of channel events over all trends (an event in
	// k trends counts k times); exact unless Result.Overflow. EventsF is
	// the same as float64.
	Events  int64
	EventsF float64
	// Sum is the sum of the channel values over all trends.
	Sum float64
	// Min and Max are the extreme values; Has is false without values.
	Min, Max float64
	Has      bool
}

// Avg is Sum / EventsF, NaN without values.
func (c ChResult) Avg() float64 {
	if c.EventsF <= 0 {
		return math.NaN()
	}
	return c.Sum / c.EventsF
}

// Result holds the aggregates over every complete trend.
type Result struct {
	// Trends is count_trends(); exact unless Overflow. TrendsF is the same
	// as float64.
	Trends  int64
	TrendsF float64
	// Ch holds one result per value channel.
	Ch []ChResult
	// Overflow reports that a count exceeded int64: the float fields are
	// then approximations and Trends, Events are 0.
	Overflow bool
}

func (p *Pattern) resultInto(r *Result, fl bool, a *acc) {
	ch := r.Ch[:0]
	if cap(ch) < len(a.ch) {
		ch = make([]ChResult, len(a.ch))
	}
	*r = Result{TrendsF: a.cnt.f, Overflow: fl, Ch: ch[:len(a.ch)]}
	if !fl {
		r.Trends = a.cnt.i
	}
	for i, x := range a.ch {
		c := ChResult{EventsF: x.evs.f, Sum: x.sum, Has: x.has}
		if !fl {
			c.Events = x.evs.i
		}
		if x.has {
			c.Min, c.Max = x.min, x.max
		}
		r.Ch[i] = c
	}
}

// Sums evaluates a pattern whose predicates depend only on the event being
// added: per step, the summed aggregates of the partial trends ending at
// an event of that step.
type Sums struct {
	p     *Pattern
	tot   []acc // per step
	node  []acc // scratch: the new event's node per step
	fl    bool
	final acc
	rv    []float64 // scratch: channel values of a replayed burst event
}

// NewSums returns an empty evaluator for p.
func NewSums(p *Pattern) *Sums {
	t := &Sums{}
	t.Init(p)
	return t
}

// Init makes t an empty evaluator for p (for evaluators stored by value).
func (t *Sums) Init(p *Pattern) {
	accs := p.newAccs(2*len(p.quants) + 1)
	n := len(p.quants)
	*t = Sums{p: p, tot: accs[:n:n], node: accs[n : 2*n : 2*n], final: accs[2*n], rv: t.rv}
}

// Add adds one event. Bit s of mask is set when the event qualifies for
// step s (its type and predicate); vals holds the event's value for each
// channel (NaN: none; only channels of steps in mask are read).
func (t *Sums) Add(mask uint64, vals []float64) {
	p := t.p
	if mask&(mask-1) == 0 {
		if s := bits.TrailingZeros64(mask); s < len(p.quants) {
			t.addOne(s, vals)
		}
		return
	}
	var made uint64
	for m := mask; m != 0; m &= m - 1 {
		s := bits.TrailingZeros64(m)
		if s >= len(p.quants) {
			break
		}
		nd := &t.node[s]
		nd.reset()
		if p.start[s] {
			nd.cnt = num{i: 1, f: 1}
		}
		for _, j := range p.prev[s] {
			if !t.tot[j].cnt.zero() {
				merge(&t.fl, nd, &t.tot[j])
			}
		}
		if p.quants[s].Kleene() && !t.tot[s].cnt.zero() {
			merge(&t.fl, nd, &t.tot[s])
		}
		if nd.cnt.zero() {
			continue
		}
		p.own(&t.fl, nd, s, vals)
		made |= 1 << uint(s)
	}
	for m := made; m != 0; m &= m - 1 {
		s := bits.TrailingZeros64(m)
		merge(&t.fl, &t.tot[s], &t.node[s])
	}
}

// addOne is Add for an event that qualifies for step s only: the new node
// is computed channel by channel and added to the step's total in place.
func (t *Sums) addOne(s int, vals []float64) {
	p := t.p
	var cnt num
	if p.start[s] {
		cnt = num{i: 1, f: 1}
	}
	prev := p.prev[s]
	kleene := p.quants[s].Kleene()
	for _, j := range prev {
		cnt = add(&t.fl, cnt, t.tot[j].cnt)
	}
	self := &t.tot[s]
	if kleene {
		cnt = add(&t.fl, cnt, self.cnt)
	}
	if cnt.zero() {
		return
	}
	for c := range self.ch {
		var x chAcc
		x.min, x.max = math.Inf(1), math.Inf(-1)
		for _, j := range prev {
			y := &t.tot[j].ch[c]
			x.evs = add(&t.fl, x.evs, y.evs)
			x.sum += y.sum
			if y.has {
				x.has = true
				x.min = fmin(x.min, y.min)
				x.max = fmax(x.max, y.max)
			}
		}
		z := &self.ch[c]
		if kleene {
			x.evs = add(&t.fl, x.evs, z.evs)
			x.sum += z.sum
			if z.has {
				x.has = true
				x.min = fmin(x.min, z.min)
				x.max = fmax(x.max, z.max)
			}
		}
		if p.chans[c] == s {
			if v := vals[c]; v == v {
				x.evs = add(&t.fl, x.evs, cnt)
				x.sum += cnt.f * v
				x.has = true
				x.min = fmin(x.min, v)
				x.max = fmax(x.max, v)
			}
		}
		z.evs = add(&t.fl, z.evs, x.evs)
		z.sum += x.sum
		if x.has {
			z.has = true
			z.min = fmin(z.min, x.min)
			z.max = fmax(z.max, x.max)
		}
	}
	self.cnt = add(&t.fl, self.cnt, cnt)
}

// Result aggregates every complete trend added so far.
func (t *Sums) Result() Result {
	var r Result
	t.ResultInto(&r)
	return r
}

// ResultInto is Result writing into r, reusing r.Ch.
func (t *Sums) ResultInto(r *Result) {
	t.final.reset()
	for s := range t.tot {
		if t.p.final[s] && !t.tot[s].cnt.zero() {
			merge(&t.fl, &t.final, &t.tot[s])
		}
	}
	t.p.resultInto(r, t.fl, &t.final)
}

// Reset empties the evaluator for reuse.
func (t *Sums) Reset() {
	for i := range t.tot {
		t.tot[i].reset()
	}
	t.fl = false
}

// Edge reports whether the event cur may follow event prev in a trend,
// cur taking step curStep and prev step prevStep. prev is -1 (and
// prevStep -1) when cur would be the trend's first event. ctx holds, for
// each carried step of the pattern, the index of the trend's last event of
// that step before cur (-1: none). Indexes count the events added to the
// Graph, from 0.
type Edge func(prev, prevStep int, ctx []int32, cur, curStep int) bool

// gnode is a Graph node: the partial trends ending at event ev at step
// step whose carried events are ctx.
type gnode struct {
	ev, step int32
	ctx      []int32
	acc      acc
}

// Graph evaluates a pattern with predicates between the events of a
// trend. It keeps one node per (event, step, carried events).
type Graph struct {
	p      *Pattern
	n      int // events added
	nodes  []gnode
	fl     bool
	none   []int32 // carried context of a trend's first event: all -1
	nctx   []int32 // scratch
	chPool []chAcc
	ctxBuf []int32
	final  acc
	snap   []acc // scratch of Materialize
}

// NewGraph returns an empty graph for p.
func NewGraph(p *Pattern) *Graph {
	g := &Graph{p: p, none: make([]int32, len(p.carry)), nctx: make([]int32, len(p.carry))}
	for i := range g.none {
		g.none[i] = -1
	}
	g.final = p.newAccs(1)[0]
	return g
}

// Len returns the number of events added.
func (g *Graph) Len() int { return g.n }

func (g *Graph) newNode(ev, step int, ctx []int32) *gnode {
	if n := len(g.nodes); n < cap(g.nodes) {
		// Reuse the storage of a node dropped by Reset.
		g.nodes = g.nodes[:n+1]
		nd := &g.nodes[n]
		if (nd.acc.ch != nil || len(g.p.chans) == 0) && cap(nd.ctx) >= len(ctx) {
			nd.ev, nd.step = int32(ev), int32(step)
			nd.ctx = nd.ctx[:len(ctx)]
			copy(nd.ctx, ctx)
			nd.acc.reset()
			return nd
		}
		g.nodes = g.nodes[:n]
	}
	nc := len(g.p.chans)
	if len(g.chPool) < nc {
		g.chPool = make([]chAcc, max(64, nc)*nc+nc)
	}
	if len(g.ctxBuf) < len(ctx) {
		g.ctxBuf = make([]int32, max(256, len(ctx)))
	}
	nd := gnode{ev: int32(ev), step: int32(step)}
	nd.acc.ch = g.chPool[:nc:nc]
	g.chPool = g.chPool[nc:]
	nd.ctx = g.ctxBuf[:len(ctx):len(ctx)]
	g.ctxBuf = g.ctxBuf[len(ctx):]
	copy(nd.ctx, ctx)
	nd.acc.reset()
	g.nodes = append(g.nodes, nd)
	return &g.nodes[len(g.nodes)-1]
}

// target returns the node of the event being added at step s with carried
// context ctx, among the nodes from index from on, creating it.
func (g *Graph) target(from, ev, s int, ctx []int32) *gnode {
	for i := from; i < len(g.nodes); i++ {
		nd := &g.nodes[i]
		if int(nd.step) == s && equal32(nd.ctx, ctx) {
			return nd
		}
	}
	return g.newNode(ev, s, ctx)
}

func equal32(a, b []int32) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Add adds one event (index Len()): mask and vals as for Sums.Add, edge
// the predicate between events.
func (g *Graph) Add(mask uint64, vals []float64, edge Edge) {
	p := g.p
	cur := g.n
	g.n++
	old := len(g.nodes)
	for m := mask; m != 0; m &= m - 1 {
		s := bits.TrailingZeros64(m)
		if s >= len(p.quants) {
			break
		}
		first := len(g.nodes)
		ci := p.carryIdx[s]
		if p.start[s] && edge(-1, -1, g.none, cur, s) {
			copy(g.nctx, g.none)
			if ci >= 0 {
				g.nctx[ci] = int32(cur)
			}
			nd := g.target(first, cur, s, g.nctx)
			nd.acc.cnt = add(&g.fl, nd.acc.cnt, num{i: 1, f: 1})
		}
		kleene := p.quants[s].Kleene()
		for i := 0; i < old; i++ {
			pn := &g.nodes[i]
			ps := int(pn.step)
			if !(kleene && ps == s) && !isPrev(p.prev[s], ps) {
				continue
			}
			if !edge(int(pn.ev), ps, pn.ctx, cur, s) {
				continue
			}
			copy(g.nctx, pn.ctx)
			if ci >= 0 {
				g.nctx[ci] = int32(cur)
			}
			nd := g.target(first, cur, s, g.nctx)
			pn = &g.nodes[i] // target may have grown the slice
			merge(&g.fl, &nd.acc, &pn.acc)
		}
		for i := first; i < len(g.nodes); i++ {
			p.own(&g.fl, &g.nodes[i].acc, s, vals)
		}
	}
}

func isPrev(prev []int, s int) bool {
	for _, j := range prev {
		if j == s {
			return true
		}
	}
	return false
}

// Result aggregates every complete trend added so far.
func (g *Graph) Result() Result {
	var r Result
	g.ResultInto(&r)
	return r
}

// ResultInto is Result writing into r, reusing r.Ch.
func (g *Graph) ResultInto(r *Result) {
	g.final.reset()
	for i := range g.nodes {
		nd := &g.nodes[i]
		if g.p.final[nd.step] {
			merge(&g.fl, &g.final, &nd.acc)
		}
	}
	g.p.resultInto(r, g.fl, &g.final)
}

// Reset empties the graph for reuse (its nodes' storage is kept).
func (g *Graph) Reset() {
	g.nodes = g.nodes[:0]
	g.n = 0
	g.fl = false
}

// fmin is math.Min for values that are not NaN (the aggregates never hold
// NaN): -0 is below +0. It inlines, unlike math.Min.
func fmin(a, b float64) float64 {
	switch {
	case a < b:
		return a
	case b < a:
		return b
	case math.Signbit(a):
		return a
	}
	return b
}

// fmax is math.Max for values that are not NaN: +0 is above -0.
func fmax(a, b float64) float64 {
	switch {
	case a > b:
		return a
	case b > a:
		return b
	case math.Signbit(a):
		return b
	}
	return a
}
