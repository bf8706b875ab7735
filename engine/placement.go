package engine

import "github.com/varpulis/varpulis-go/vpl/ast"

// placeStreams records each stream's context (its group) and whether this
// engine runs it silently (Options.Owned); it sets Engine.grouped when the
// program spreads its streams over more than one context.
func (c *compiler) placeStreams() {
	ctxIndex := make(map[string]int)
	for _, st := range c.file.Stmts {
		if d, ok := st.(*ast.ContextDecl); ok {
			if _, dup := ctxIndex[d.Name.Name]; !dup {
				ctxIndex[d.Name.Name] = len(ctxIndex) + 1
			}
		}
	}
	used := make(map[int]bool)
	for i, d := range c.decls {
		s := c.e.streams[i]
		s.group = streamContext(d, ctxIndex)
		used[s.group] = true
		if own := c.e.opts.Owned; own != nil && !own(s.name) {
			s.muted = true
		}
	}
	c.e.grouped = len(used) > 1 && c.e.opts.Owned == nil
}

// streamContext returns the group of a stream declaration: 1 + the index
// of the context named by its .context(name) operation, or 0.
func streamContext(d *ast.StreamDecl, ctxIndex map[string]int) int {
	for _, op := range d.Ops {
		oc, ok := op.(*ast.OpCall)
		if !ok || oc.Name.Name != "context" || len(oc.Args) != 1 {
			continue
		}
		if id, ok := oc.Args[0].Value.(*ast.Ident); ok {
			return ctxIndex[id.Name]
		}
	}
	return 0
}

// restrictToOwned detaches every stream that neither is owned nor feeds an
// owned stream (directly or through other streams): it no longer receives
// events, so it costs nothing.
func (c *compiler) restrictToOwned() {
	e := c.e
	keep := make([]bool, len(e.streams))
	var mark func(i int)
	mark = func(i int) {
		if keep[i] {
			return
		}
		keep[i] = true
		for _, j := range c.deps[i] {
			mark(j)
		}
	}
	for i, s := range e.streams {
		if !s.muted {
			mark(i)
		}
	}
	kept := func(subs []sub) []sub {
		out := subs[:0]
		for _, r := range subs {
			if keep[r.s.idx] {
				out = append(out, r)
			}
		}
		return out
	}
	for typ, subs := range e.routes {
		if subs = kept(subs); len(subs) == 0 {
			delete(e.routes, typ)
		} else {
			e.routes[typ] = subs
		}
	}
	for _, s := range e.streams {
		s.readers = kept(s.readers)
		s.lateReaders = kept(s.lateReaders)
	}
	ts := e.timerSources[:0]
	for _, t := range e.timerSources {
		if keep[t.s.idx] {
			ts = append(ts, t)
		}
	}
	e.timerSources = ts
}
