package checker

import (
	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// negStep is one step of a sequence as the placement rules of negated
// steps see it.
type negStep struct {
	negated  bool
	optional bool       // T? or T*: the step may match no event
	typ      *ast.Ident // nil for a nested expression
	alias    *ast.Ident
	quant    token.Kind
	quantPos token.Pos
	at       ast.Node // where a misplaced negation is reported
}

const hintNegPlace = "a negated step constrains the events between two steps that each match an event: " +
	"write `A -> not X -> B`, or end with `A -> not X` and `.within(d)` for an absence"

// negationPlacement reports negated steps that the engine cannot run
// (E014): a negated step with an alias or a quantifier, a sequence that
// starts with one, and one next to an optional step (T?, T*), whose
// neighbouring events would be undefined.
func (c *checker) negationPlacement(steps []negStep) {
	for i, st := range steps {
		if !st.negated {
			continue
		}
		if st.alias != nil {
			c.errorf(st.alias, codeNegPlace, "remove the alias: a negated step binds no event",
				"a negated step cannot have an alias (`%s`)", st.alias.Name)
		}
		if st.quant != token.ILLEGAL {
			c.errorf(&ast.Ident{NamePos: st.quantPos, Name: st.quant.String()}, codeNegPlace, "",
				"a negated step cannot have a quantifier")
		}
		prev := i - 1
		for prev >= 0 && steps[prev].negated {
			prev--
		}
		if prev < 0 {
			c.errorf(st.at, codeNegPlace, hintNegPlace, "a pattern cannot start with a negated step")
			continue
		}
		if steps[prev].optional {
			c.errorf(st.at, codeNegPlace, hintNegPlace,
				"a negated step must follow a step that always matches an event, not the optional step `%s%s`",
				nameOf(steps[prev].typ), steps[prev].quant)
			continue
		}
		next := i + 1
		for next < len(steps) && steps[next].negated {
			next++
		}
		if next < len(steps) && steps[next].optional {
			c.errorf(st.at, codeNegPlace, hintNegPlace,
				"a negated step must precede a step that always matches an event, not the optional step `%s%s`",
				nameOf(steps[next].typ), steps[next].quant)
		}
	}
}

// chainNegation checks the negated `-> not T` steps of a stream's
// followed-by chain.
func (c *checker) chainNegation(sc *streamCtx) {
	if sc.info.Kind == SourcePattern {
		c.namedAbsence(sc)
		return
	}
	if sc.info.Kind != SourceEvent && sc.info.Kind != SourceStream {
		return
	}
	src, ok := sc.decl.Source.(*ast.SimpleSource)
	if !ok || src == nil {
		return
	}
	steps := []negStep{{typ: src.Name, alias: src.Alias, quant: token.ILLEGAL, at: src.Name}}
	hasNeg := false
	for _, op := range sc.decl.Ops {
		o, ok := op.(*ast.FollowedBy)
		if !ok || o == nil {
			continue
		}
		st := negStep{negated: o.Not.IsValid(), typ: o.Type, alias: o.Alias, quant: o.Quant, quantPos: o.QuantPos, at: o.Type}
		if st.negated {
			hasNeg = true
			st.at = &ast.Ident{NamePos: o.Not, Name: "not"}
			if o.All.IsValid() {
				st.quant, st.quantPos = token.ADD, o.All
			}
		} else {
			st.optional = !o.All.IsValid() && (o.Quant == token.MUL || o.Quant == token.QUESTION)
		}
		steps = append(steps, st)
	}
	if hasNeg {
		c.negationPlacement(steps)
	}
}

// patNegation checks the NOT items of a named pattern: inside SEQ(...),
// after `->` and as `X AND NOT T`; a NOT anywhere else has no preceding
// step (E014).
func (c *checker) patNegation(p ast.PatExpr, depth int) {
	if depth > 1000 || p == nil {
		return
	}
	switch x := p.(type) {
	case *ast.PatParen:
		if x != nil {
			c.patNegation(x.X, depth+1)
		}
	case *ast.PatNot:
		if x != nil {
			c.errorf(x, codeNegPlace, "write SEQ(A, NOT B), A -> NOT B or A AND NOT B",
				"NOT needs a preceding step")
		}
	case *ast.PatSeq:
		if x != nil {
			c.seqNegation(x.Items, depth)
		}
	case *ast.PatBinary:
		if x == nil {
			return
		}
		switch x.Op {
		case token.ARROW:
			var items []ast.PatExpr
			var chain func(e ast.PatExpr)
			chain = func(e ast.PatExpr) {
				if b, ok := e.(*ast.PatBinary); ok && b != nil && b.Op == token.ARROW && len(items) < 1000 {
					chain(b.X)
					items = append(items, b.Y)
					return
				}
				items = append(items, e)
			}
			chain(x)
			c.seqNegation(items, depth)
		case token.AND:
			c.patNegation(x.X, depth+1)
			if n, ok := x.Y.(*ast.PatNot); ok && n != nil {
				st := patStep(n.X, true)
				st.at = n
				c.negationPlacement([]negStep{patStep(x.X, false), st})
				if !isPatRef(n.X) {
					c.errorf(n, codeNegPlace, "", "NOT applies to one event type")
				}
				return
			}
			c.patNegation(x.Y, depth+1)
		default:
			c.patNegation(x.X, depth+1)
			c.patNegation(x.Y, depth+1)
		}
	}
}

// seqNegation checks the items of one sequence (SEQ(...) or an `->`
// chain) and the expressions nested in them.
func (c *checker) seqNegation(items []ast.PatExpr, depth int) {
	steps := make([]negStep, 0, len(items))
	hasNeg := false
	for _, it := range items {
		if n, ok := it.(*ast.PatNot); ok && n != nil {
			hasNeg = true
			if !isPatRef(n.X) {
				c.errorf(n, codeNegPlace, "", "NOT inside a sequence applies to one event type")
			}
			st := patStep(n.X, true)
			st.at = n
			steps = append(steps, st)
			continue
		}
		c.patNegation(it, depth+1)
		steps = append(steps, patStep(it, false))
	}
	if hasNeg {
		c.negationPlacement(steps)
	}
}

func isPatRef(p ast.PatExpr) bool {
	for {
		q, ok := p.(*ast.PatParen)
		if !ok || q == nil {
			break
		}
		p = q.X
	}
	r, ok := p.(*ast.PatRef)
	return ok && r != nil
}

// patStep describes item p of a sequence; a nested sequence counts as its
// last item, any other nested expression as a step that always matches an
// event.
func patStep(p ast.PatExpr, negated bool) negStep {
	if !negated {
		for i := 0; i < 1000; i++ {
			if q, ok := p.(*ast.PatParen); ok && q != nil {
				p = q.X
				continue
			}
			if q, ok := p.(*ast.PatSeq); ok && q != nil && len(q.Items) > 0 {
				p = q.Items[len(q.Items)-1]
				continue
			}
			if q, ok := p.(*ast.PatBinary); ok && q != nil && q.Op == token.ARROW {
				p = q.Y
				continue
			}
			break
		}
	}
	st := negStep{negated: negated, quant: token.ILLEGAL, at: p}
	r, ok := p.(*ast.PatRef)
	if !ok || r == nil {
		return st
	}
	st.typ, st.at = r.Type, r.Type
	if negated {
		st.alias, st.quant, st.quantPos = r.Alias, r.Quant, r.QuantPos
	} else {
		st.quant = r.Quant
		st.optional = r.Quant == token.MUL || r.Quant == token.QUESTION
	}
	return st
}

// namedAbsence warns (W020) about a stream reading a named pattern that
// ends with a NOT item when neither the pattern nor the stream gives a
// `within`: the absence is never decided, so the stream never matches.
func (c *checker) namedAbsence(sc *streamCtx) {
	p := c.info.Patterns[sc.info.Source]
	if p == nil || p.Decl == nil || p.Decl.Within != nil || trailingNot(p.Decl.Expr, 0) == nil {
		return
	}
	for _, op := range sc.decl.Ops {
		if o, ok := op.(*ast.OpCall); ok && o != nil && o.Name != nil && o.Name.Name == "within" {
			return
		}
	}
	src, ok := sc.decl.Source.(*ast.SimpleSource)
	if !ok || src == nil || src.Name == nil {
		return
	}
	c.warnf(src.Name, warnAbsence, "add `within d` to the pattern or `.within(d)` to the stream: the absence is decided when the deadline passes",
		"pattern `%s` ends with NOT and has no `within`: the absence can never be decided, so the stream never matches", p.Name)
}

// trailingNot returns the NOT that ends some alternative of p, or nil.
func trailingNot(p ast.PatExpr, depth int) *ast.PatNot {
	if depth > 1000 {
		return nil
	}
	switch x := p.(type) {
	case *ast.PatParen:
		if x != nil {
			return trailingNot(x.X, depth+1)
		}
	case *ast.PatNot:
		return x
	case *ast.PatSeq:
		if x != nil && len(x.Items) > 0 {
			return trailingNot(x.Items[len(x.Items)-1], depth+1)
		}
	case *ast.PatBinary:
		if x == nil {
			return nil
		}
		if x.Op == token.OR {
			if n := trailingNot(x.X, depth+1); n != nil {
				return n
			}
		}
		return trailingNot(x.Y, depth+1)
	}
	return nil
}
