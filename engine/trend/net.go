package trend

import (
	"math"
	"math/bits"
)

// Net is the Kleene step of several Graphs kept once (Hamlet-style
// sharing in the graph evaluator). The Graphs share a Kleene step whose
// events they accept alike and whose Edge predicate reads only the
// previous event of the step (or none when entering it), and none of
// them carries an event of that step or an earlier one. A Kleene node's
// aggregates are then a linear combination of per-Graph values the Net
// does not know: the snapshot of the trends that may enter the step,
// taken when its nodes start after a non-Kleene event (an epoch). The Net
// keeps, per node and epoch, the coefficients: the number of Kleene paths
// from the epoch's entries to the node (W), and per value field the
// values along those paths (events VE, sum VS, minimum and maximum). A
// Graph then materialises the nodes with Graph.Materialize in
// O(epochs × channels) each, instead of comparing every event with every
// earlier node itself.
type Net struct {
	fields int
	epochs []int32 // per epoch: index of its first Kleene event
	brk    bool    // a non-Kleene event came since the last Kleene one
	nodes  []netNode
	w, ve  []uint64  // per node: rows of length n (ve: fields × n)
	vs     []float64 // fields × n
	mn, mx []float64 // fields × n
	over   bool      // a coefficient exceeded int64
}

type netNode struct {
	ev  int32
	off int32 // start of its row in w (and off×fields in the field rows)
	n   int32 // row length: epochs up to the node's
}

// NewNet returns an empty Net for events with the given number of value
// fields.
func NewNet(fields int) *Net {
	return &Net{fields: fields, brk: true}
}

// Len returns the number of Kleene nodes.
func (n *Net) Len() int { return len(n.nodes) }

// Overflow reports that a coefficient exceeded int64: the Graphs must
// then evaluate the step themselves.
func (n *Net) Overflow() bool { return n.over }

// Reset empties the Net.
func (n *Net) Reset() {
	n.epochs = n.epochs[:0]
	n.nodes = n.nodes[:0]
	n.w, n.ve, n.vs, n.mn, n.mx = n.w[:0], n.ve[:0], n.vs[:0], n.mn[:0], n.mx[:0]
	n.brk, n.over = true, false
}

// Break records an event that is not of the Kleene step: the next
// Kleene event starts a new epoch.
func (n *Net) Break() { n.brk = true }

// Add adds a Kleene event: ev is its index among the events given to the
// Graphs, entry whether it may enter the step (its Edge predicate with no
// previous event of the step), vals its value per field (NaN: none) and
// edge(prev) the predicate from the Kleene node of event prev.
func (n *Net) Add(ev int, entry bool, vals []float64, edge func(prev int) bool) {
	if n.brk {
		n.brk = false
		n.epochs = append(n.epochs, int32(ev))
	}
	if n.over {
		return
	}
	rl := len(n.epochs)
	b := rl - 1
	off := len(n.w)
	n.w = append(n.w, make([]uint64, rl)...)
	n.ve = append(n.ve, make([]uint64, rl*n.fields)...)
	for k := 0; k < rl*n.fields; k++ {
		n.vs = append(n.vs, 0)
		n.mn = append(n.mn, math.Inf(1))
		n.mx = append(n.mx, math.Inf(-1))
	}
	w := n.w[off : off+rl]
	if entry {
		w[b] = 1
	}
	F := n.fields
	for _, nd := range n.nodes {
		if !edge(int(nd.ev)) {
			continue
		}
		pw := n.w[nd.off : nd.off+nd.n]
		for k, x := range pw {
			s, c := bits.Add64(w[k], x, 0)
			if c != 0 || s > math.MaxInt64 {
				n.over = true
				return
			}
			w[k] = s
		}
		for f := 0; f < F; f++ {
			po, o := int(nd.off)*F+f*int(nd.n), off*F+f*rl
			for k := 0; k < int(nd.n); k++ {
				s, c := bits.Add64(n.ve[o+k], n.ve[po+k], 0)
				if c != 0 || s > math.MaxInt64 {
					n.over = true
					return
				}
				n.ve[o+k] = s
				n.vs[o+k] += n.vs[po+k]
				if n.mn[po+k] <= n.mx[po+k] {
					n.mn[o+k] = fmin(n.mn[o+k], n.mn[po+k])
					n.mx[o+k] = fmax(n.mx[o+k], n.mx[po+k])
				}
			}
		}
	}
	for f := 0; f < F; f++ {
		v := vals[f]
		if v != v {
			continue
		}
		o := off*F + f*rl
		for k, x := range w {
			if x == 0 {
				continue
			}
			s, c := bits.Add64(n.ve[o+k], x, 0)
			if c != 0 || s > math.MaxInt64 {
				n.over = true
				return
			}
			n.ve[o+k] = s
			n.vs[o+k] += float64(x) * v
			n.mn[o+k] = fmin(n.mn[o+k], v)
			n.mx[o+k] = fmax(n.mx[o+k], v)
		}
	}
	n.nodes = append(n.nodes, netNode{ev: int32(ev), off: int32(off), n: int32(rl)})
}

// SetLen makes the graph's next event index n (events given to the Net
// rather than to the graph are counted so).
func (g *Graph) SetLen(n int) {
	if n > g.n {
		g.n = n
	}
}

// Materialize adds to g, as nodes of its Kleene step s, the Net's nodes
// from index from on, and returns the index to start from next time. It
// reports false, leaving g to be rebuilt, when a count would exceed
// int64 (or g already overflowed): the caller then adds the events to g
// itself. field maps g's channels of step s to the Net's fields (-1:
// none). Step s must be a Kleene step that no carried step precedes or
// equals. Counts are those Add would give; float sums are equal up to
// rounding.
func (g *Graph) Materialize(s int, net *Net, from int, field []int) (int, bool) {
	p := g.p
	if from >= len(net.nodes) {
		return from, true
	}
	if g.fl || net.over {
		return from, false
	}
	// Snapshots: per epoch, the trends that may enter step s before it.
	ne := len(net.epochs)
	if cap(g.snap) < ne {
		g.snap = p.newAccs(ne)
	}
	snap := g.snap[:ne]
	var cur acc
	cur.ch = g.final.ch // scratch: final is rebuilt by ResultInto
	cur.reset()
	if p.start[s] {
		cur.cnt = num{i: 1, f: 1}
	}
	ni := 0
	for b := 0; b < ne; b++ {
		for ; ni < len(g.nodes) && g.nodes[ni].ev < net.epochs[b]; ni++ {
			nd := &g.nodes[ni]
			if isPrev(p.prev[s], int(nd.step)) {
				merge(&g.fl, &cur, &nd.acc)
			}
		}
		if g.fl {
			return from, false
		}
		snap[b].cnt = cur.cnt
		copy(snap[b].ch, cur.ch)
	}
	F := net.fields
	for i := from; i < len(net.nodes); i++ {
		nn := &net.nodes[i]
		rl := int(nn.n)
		w := net.w[nn.off : int(nn.off)+rl]
		var c u128
		for b, x := range w {
			if x != 0 {
				c = c.plus(mul(x, uint64(snap[b].cnt.i)))
			}
		}
		cnt, ok := c.int64()
		if !ok {
			return from, false
		}
		if cnt == 0 {
			continue
		}
		nd := g.newNode(int(nn.ev), s, g.none)
		nd.acc.cnt = num{i: cnt, f: float64(cnt)}
		for ci, cs := range p.chans {
			x := &nd.acc.ch[ci]
			switch {
			case cs == s:
				f := -1
				if ci < len(field) {
					f = field[ci]
				}
				if f < 0 {
					continue
				}
				o := int(nn.off)*F + f*rl
				var e u128
				for b := 0; b < rl; b++ {
					y := snap[b].cnt
					if y.i == 0 || w[b] == 0 {
						continue
					}
					e = e.plus(mul(net.ve[o+b], uint64(y.i)))
					x.sum += net.vs[o+b] * y.f
					if net.mn[o+b] <= net.mx[o+b] {
						x.has = true
						x.min = fmin(x.min, net.mn[o+b])
						x.max = fmax(x.max, net.mx[o+b])
					}
				}
				ev, ok := e.int64()
				if !ok {
					return from, false
				}
				x.evs = num{i: ev, f: float64(ev)}
			case cs < s:
				var e u128
				for b := 0; b < rl; b++ {
					y := &snap[b]
					if y.cnt.i == 0 || w[b] == 0 {
						continue
					}
					yc := &y.ch[ci]
					e = e.plus(mul(w[b], uint64(yc.evs.i)))
					x.sum += float64(w[b]) * yc.sum
					if yc.has {
						x.has = true
						x.min = fmin(x.min, yc.min)
						x.max = fmax(x.max, yc.max)
					}
				}
				ev, ok := e.int64()
				if !ok {
					return from, false
				}
				x.evs = num{i: ev, f: float64(ev)}
			}
		}
	}
	return len(net.nodes), true
}
