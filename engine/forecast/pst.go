package forecast

// pst is a prediction suffix tree over symbols 0..k-1: node 0 is the root
// (the empty context); the child of node v for symbol x is the context
// "x, then v's context" (one symbol further into the past). Every node
// counts the symbols that followed its context. Nodes are created when a
// context is first seen, up to maxNodes.
//
// Storage is one flat array of node records (total, counts[k],
// children[k]), so that visiting a node touches one contiguous record, and
// learning never allocates once every context of the stream has been seen.
type pst struct {
	k      int
	depth  int
	stride int      // 1 + 2k
	rec    []uint32 // node v: rec[v*stride:]: total, counts, children (0: none)
	nodes  int
}

// countLimit is the node total at which a node's counts are halved, which
// keeps them far from overflow (and gently favours recent history).
const countLimit = 1 << 30

func newPST(k, depth int) *pst {
	t := &pst{k: k, depth: depth, stride: 1 + 2*k}
	t.rec = make([]uint32, 64*t.stride)
	t.nodes = 1
	return t
}

// learn counts symbol s after every suffix (up to the tree depth) of the
// context h (h.syms[0] is the most recent symbol before s).
func (t *pst) learn(h *history, s int) {
	k, w := t.k, t.stride
	v := 0
	t.bump(v, s)
	n := min(t.depth, h.n)
	for d := 1; d <= n; d++ {
		at := v*w + 1 + k + int(h.syms[d-1])
		c := int(t.rec[at])
		if c == 0 {
			if t.nodes >= maxNodes {
				return
			}
			if (t.nodes+1)*w > len(t.rec) {
				t.rec = append(t.rec, make([]uint32, len(t.rec))...)
			}
			c = t.nodes
			t.nodes++
			t.rec[at] = uint32(c)
		}
		v = c
		t.bump(v, s)
	}
}

func (t *pst) bump(v, s int) {
	r := t.rec[v*t.stride : v*t.stride+1+t.k]
	r[1+s]++
	r[0]++
	if r[0] >= countLimit {
		var sum uint32
		for i := 1; i < len(r); i++ {
			r[i] /= 2
			sum += r[i]
		}
		r[0] = sum
	}
}

// dist writes into dst (length k) the next-symbol distribution after the
// context ctx (ctx[0] the most recent symbol), and returns the depth of the
// deepest context node that contributed.
//
// The root uses additive smoothing α: (c+α)/(N+αk). A deeper node mixes
// its counts with its parent's distribution (a Dirichlet prior of weight
// backoff centred on the parent): (c + β·P_parent)/(N + β). Contexts seen
// rarely therefore predict close to their shorter suffix, and contexts
// seen often predict their own frequencies.
func (t *pst) dist(dst []float64, ctx []int32, alpha float64) int {
	k, w := t.k, t.stride
	dst = dst[:k]
	r := t.rec[:w]
	inv := 1 / (float64(r[0]) + alpha*float64(k))
	for s, c := range r[1 : 1+k] {
		dst[s] = (float64(c) + alpha) * inv
	}
	depth := 0
	n := min(len(ctx), t.depth)
	for d := 1; d <= n; d++ {
		c := int(r[1+k+int(ctx[d-1])])
		if c == 0 {
			break
		}
		r = t.rec[c*w : c*w+w]
		if r[0] == 0 {
			break
		}
		depth = d
		inv = 1 / (float64(r[0]) + backoff)
		for s, x := range r[1 : 1+k] {
			dst[s] = (float64(x) + backoff*dst[s]) * inv
		}
	}
	return depth
}

// history holds the most recent symbols, most recent first.
type history struct {
	syms []int32
	n    int // symbols held (≤ len(syms))
}

func newHistory(size int) history { return history{syms: make([]int32, max(size, 1))} }

// push records s as the most recent symbol.
func (h *history) push(s int) {
	copy(h.syms[1:], h.syms[:len(h.syms)-1])
	h.syms[0] = int32(s)
	if h.n < len(h.syms) {
		h.n++
	}
}
