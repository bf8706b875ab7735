package checker

import "strings"

// graph reports cycles among streams (E008) and computes Info.Order.
func (c *checker) graph() {
	names := c.info.StreamOrder
	index := make(map[string]int, len(names))
	for i, n := range names {
		index[n] = i
	}
	// Tarjan's strongly connected components, iterative over the
	// declaration order so the result is deterministic.
	n := len(names)
	idx := make([]int, n)
	low := make([]int, n)
	onStack := make([]bool, n)
	for i := range idx {
		idx[i] = -1
	}
	var stack []int
	var sccs [][]int
	var compBuf []int // backing store of the components, to allocate less
	counter := 0
	type frame struct{ v, next int }
	var call []frame
	sts := c.streams
	if len(sts) != n {
		sts = make([]*streamCtx, n)
		for i, name := range names {
			sts[i] = &streamCtx{info: c.info.Streams[name]}
		}
	}
	deps := func(v int) []string { return sts[v].info.Deps }
	for root := 0; root < n; root++ {
		if idx[root] >= 0 {
			continue
		}
		call = append(call[:0], frame{root, 0})
		idx[root], low[root] = counter, counter
		counter++
		stack = append(stack, root)
		onStack[root] = true
		for len(call) > 0 {
			f := &call[len(call)-1]
			ds := deps(f.v)
			if f.next < len(ds) {
				w := index[ds[f.next]]
				f.next++
				if idx[w] < 0 {
					idx[w], low[w] = counter, counter
					counter++
					stack = append(stack, w)
					onStack[w] = true
					call = append(call, frame{w, 0})
				} else if onStack[w] {
					low[f.v] = min(low[f.v], idx[w])
				}
				continue
			}
			v := f.v
			call = call[:len(call)-1]
			if len(call) > 0 {
				p := call[len(call)-1].v
				low[p] = min(low[p], low[v])
			}
			if low[v] == idx[v] {
				if stack[len(stack)-1] == v && !selfDep(names[v], deps(v)) {
					// A single stream outside any cycle: the common case,
					// not worth recording.
					stack = stack[:len(stack)-1]
					onStack[v] = false
					continue
				}
				start := len(compBuf)
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					compBuf = append(compBuf, w)
					if w == v {
						break
					}
				}
				sccs = append(sccs, compBuf[start:len(compBuf):len(compBuf)])
			}
		}
	}
	inCycle := make([]bool, n)
	for _, comp := range sccs {
		first := comp[0]
		for _, v := range comp {
			inCycle[v] = true
			if v < first {
				first = v
			}
		}
		c.reportCycle(first, comp, names, index)
	}
	// Order: Kahn's algorithm, always taking the earliest declared ready
	// stream; streams in cycles are appended at the end.
	// The users of each stream are kept in one array: those of w are
	// users[userStart[w]:userStart[w+1]], in increasing order.
	indeg := make([]int, n)
	userStart := make([]int, n+1)
	seenBy := make([]int, n) // seenBy[w] == v+1: w already counted for v
	edges := 0
	for v := 0; v < n; v++ {
		if inCycle[v] {
			continue
		}
		for _, d := range deps(v) {
			w := index[d]
			if inCycle[w] || seenBy[w] == v+1 {
				if inCycle[w] {
					indeg[v] += n + 1 // never ready: reads a cycle
				}
				continue
			}
			seenBy[w] = v + 1
			indeg[v]++
			userStart[w+1]++
			edges++
		}
	}
	for w := 0; w < n; w++ {
		userStart[w+1] += userStart[w]
	}
	users := make([]int, edges)
	fill := seenBy // reused: the next free slot of each stream's users
	copy(fill, userStart[:n])
	for v := 0; v < n; v++ {
		if inCycle[v] {
			continue
		}
		for _, d := range deps(v) {
			w := index[d]
			if inCycle[w] || (fill[w] > userStart[w] && users[fill[w]-1] == v) {
				continue
			}
			users[fill[w]] = v
			fill[w]++
		}
	}
	done := make([]bool, n)
	if c.info.Order == nil && n > 0 {
		c.info.Order = make([]string, 0, n)
	}
	var ready intHeap
	for v := 0; v < n; v++ {
		if !inCycle[v] && indeg[v] == 0 {
			ready.push(v)
		}
	}
	for len(ready) > 0 {
		next := ready.pop()
		done[next] = true
		c.info.Order = append(c.info.Order, names[next])
		for _, u := range users[userStart[next]:userStart[next+1]] {
			indeg[u]--
			if indeg[u] == 0 {
				ready.push(u)
			}
		}
	}
	for v := 0; v < n; v++ {
		if !done[v] {
			c.info.Order = append(c.info.Order, names[v])
		}
	}
}

// reportCycle reports one cycle of the component comp, starting at the
// first declared stream.
func (c *checker) reportCycle(first int, comp []int, names []string, index map[string]int) {
	inComp := map[int]bool{}
	for _, v := range comp {
		inComp[v] = true
	}
	// Walk from first along dependencies inside the component until we
	// come back to it (breadth-first for the shortest cycle).
	prev := map[int]int{}
	queue := []int{first}
	visited := map[int]bool{first: true}
	end := -1
	for len(queue) > 0 && end < 0 {
		v := queue[0]
		queue = queue[1:]
		for _, d := range c.info.Streams[names[v]].Deps {
			w := index[d]
			if !inComp[w] {
				continue
			}
			if w == first {
				end = v
				break
			}
			if !visited[w] {
				visited[w] = true
				prev[w] = v
				queue = append(queue, w)
			}
		}
	}
	path := []string{names[first]}
	if end >= 0 {
		var rev []string
		for v := end; v != first; v = prev[v] {
			rev = append(rev, names[v])
		}
		for i := len(rev) - 1; i >= 0; i-- {
			path = append(path, rev[i])
		}
	}
	path = append(path, names[first])
	var b strings.Builder
	b.WriteString("stream `" + path[0] + "` reads `" + path[1] + "`")
	for _, p := range path[2:] {
		b.WriteString(", which reads `" + p + "`")
	}
	st := c.info.Streams[names[first]]
	hint := "streams may not read each other in a cycle"
	if len(path) == 2 {
		b.Reset()
		b.WriteString("stream `" + path[0] + "` reads itself")
		hint = "a stream named like its own source reads its own output; rename the stream"
	}
	c.errorf(st.Decl.Name, codeCycle, hint, "%s", b.String())
}

// selfDep reports whether the stream name lists itself among deps.
func selfDep(name string, deps []string) bool {
	for _, d := range deps {
		if d == name {
			return true
		}
	}
	return false
}

// intHeap is a min-heap of stream indexes (declaration order).
type intHeap []int

func (h *intHeap) push(x int) {
	*h = append(*h, x)
	a := *h
	for i := len(a) - 1; i > 0; {
		p := (i - 1) / 2
		if a[p] <= a[i] {
			break
		}
		a[p], a[i] = a[i], a[p]
		i = p
	}
}

func (h *intHeap) pop() int {
	a := *h
	x := a[0]
	last := len(a) - 1
	a[0] = a[last]
	a = a[:last]
	for i := 0; ; {
		l := 2*i + 1
		if l >= len(a) {
			break
		}
		m := l
		if r := l + 1; r < len(a) && a[r] < a[l] {
			m = r
		}
		if a[i] <= a[m] {
			break
		}
		a[i], a[m] = a[m], a[i]
		i = m
	}
	*h = a
	return x
}
