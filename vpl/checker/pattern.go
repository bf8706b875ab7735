package checker

import (
	"maps"

	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// patRefs returns the references of a pattern expression in source order,
// with whether each is negated.
func patRefs(p ast.PatExpr) (refs []*ast.PatRef, negated []bool) {
	var visit func(p ast.PatExpr, neg bool, depth int)
	visit = func(p ast.PatExpr, neg bool, depth int) {
		if depth > 1000 {
			return
		}
		switch x := p.(type) {
		case *ast.PatRef:
			if x != nil {
				refs = append(refs, x)
				negated = append(negated, neg)
			}
		case *ast.PatSeq:
			if x != nil {
				for _, it := range x.Items {
					visit(it, neg, depth+1)
				}
			}
		case *ast.PatNot:
			if x != nil {
				visit(x.X, !neg, depth+1)
			}
		case *ast.PatBinary:
			if x != nil {
				visit(x.X, neg, depth+1)
				visit(x.Y, neg, depth+1)
			}
		case *ast.PatParen:
			if x != nil {
				visit(x.X, neg, depth+1)
			}
		}
	}
	visit(p, false, 0)
	return refs, negated
}

// resolvePattern computes the aliases and types of a named pattern (once).
func (c *checker) resolvePattern(p *Pattern) {
	if p.Types != nil || p.Decl == nil {
		return
	}
	p.Types = []string{}
	c.patAliasDups(p.Decl.Expr, map[string]*ast.Ident{}, 0)
	if _, ok := patAltShapes(p.Decl.Expr, 0); !ok && p.Decl.Expr != nil {
		c.errorf(p.Decl.Expr, codeTooManyAlts, "split the pattern into several named patterns, or use fewer AND operands",
			"pattern `%s` expands to more than %d alternative step sequences", p.Name, maxPatternAlts)
	}
	refs, negated := patRefs(p.Decl.Expr)
	for i, r := range refs {
		if r.Type != nil && validIdent(r.Type) && !contains(p.Types, r.Type.Name) {
			p.Types = append(p.Types, r.Type.Name)
		}
		if !validIdent(r.Alias) || negated[i] {
			continue
		}
		if _, ok := p.Aliases[r.Alias.Name]; ok {
			continue // the same alias in another OR alternative (checked below)
		}
		typ := ""
		if r.Type != nil {
			typ = r.Type.Name
		}
		a := c.newAlias()
		p.Aliases[r.Alias.Name] = a
		*a = Alias{
			Name: r.Alias.Name, Type: typ, Step: i,
			Kleene: r.Quant == token.ADD || r.Quant == token.MUL, Ident: r.Alias,
		}
	}
}

// patAliasDups reports every alias bound twice within one alternative of
// a named pattern: the alternatives of OR may each bind the same alias
// (`SEQ(A as x, B) OR SEQ(C as x, B)`), the operands of SEQ, AND and ->
// may not. bound holds the aliases bound before p; the result adds p's.
func (c *checker) patAliasDups(p ast.PatExpr, bound map[string]*ast.Ident, depth int) map[string]*ast.Ident {
	if depth > 1000 || p == nil {
		return bound
	}
	switch x := p.(type) {
	case *ast.PatRef:
		if x == nil || !validIdent(x.Alias) {
			return bound
		}
		if prev, ok := bound[x.Alias.Name]; ok {
			c.errorf(x.Alias, codeDupAlias, "", "alias `%s` is already bound at %s", x.Alias.Name, c.at(prev))
			return bound
		}
		bound[x.Alias.Name] = x.Alias
	case *ast.PatSeq:
		if x != nil {
			for _, it := range x.Items {
				bound = c.patAliasDups(it, bound, depth+1)
			}
		}
	case *ast.PatNot:
		// A negated step binds nothing.
	case *ast.PatParen:
		if x != nil {
			bound = c.patAliasDups(x.X, bound, depth+1)
		}
	case *ast.PatBinary:
		if x == nil {
			return bound
		}
		if x.Op != token.OR {
			return c.patAliasDups(x.Y, c.patAliasDups(x.X, bound, depth+1), depth+1)
		}
		left := c.patAliasDups(x.X, maps.Clone(bound), depth+1)
		right := c.patAliasDups(x.Y, maps.Clone(bound), depth+1)
		for name, id := range right {
			if _, ok := left[name]; !ok {
				left[name] = id
			}
		}
		return left
	}
	return bound
}

// patternDecl checks a named pattern declaration.
func (c *checker) patternDecl(d *ast.PatternDecl) {
	if d == nil {
		return
	}
	p := c.info.Patterns[nameOf(d.Name)]
	if p == nil || p.Decl != d {
		// A duplicate: check it with a private record.
		p = &Pattern{Name: nameOf(d.Name), Decl: d, Aliases: map[string]*Alias{}}
	}
	c.resolvePattern(p)
	c.patNegation(d.Expr, 0)
	// Conditions see the aliases of the items before them; an
	// environment that treats the pattern as a pattern stream gives the
	// alias checks.
	sc := &streamCtx{
		info:    &Stream{Name: p.Name, Pattern: true, Aliases: p.Aliases},
		aliases: p.Aliases,
	}
	for _, t := range p.Types {
		sc.addTypeName(t)
	}
	refs, _ := patRefs(d.Expr)
	for i, r := range refs {
		if r.Type != nil {
			if _, isPat := c.info.Patterns[r.Type.Name]; isPat {
				c.errorf(r.Type, codeOpArgs, "", "pattern `%s` cannot be used inside another pattern", r.Type.Name)
			} else {
				c.typeRef(r.Type, "pattern item")
			}
		}
		if r.Where != nil {
			en := &env{st: sc, step: i}
			if r.Type != nil {
				en.candidates = []string{r.Type.Name}
			}
			c.predicate(r.Where, "pattern condition", en)
		}
	}
	if d.Within != nil {
		c.positiveDurationArg(d.Within, "`within`")
	}
}

// maxPatternAlts is the number of alternative step sequences the engine
// expands a named pattern to at most (engine/pattern maxAlts).
const maxPatternAlts = 256

// altShape describes cnt alternatives of n steps (neg: with a negated
// step, which the engine does not interleave with another AND operand).
type altShape struct {
	n, cnt int
	neg    bool
}

// patAltShapes returns the alternatives a named pattern expands to, as
// engine/pattern expands it (SEQ and -> concatenate, OR unions, AND
// interleaves operands without negated steps and concatenates the others
// in both orders), and false once they number more than maxPatternAlts.
func patAltShapes(p ast.PatExpr, depth int) ([]altShape, bool) {
	if depth > 1000 {
		return nil, true // reported as too deep elsewhere
	}
	total := func(xs []altShape) int {
		t := 0
		for _, x := range xs {
			t += x.cnt
		}
		return t
	}
	cross := func(a, b []altShape) ([]altShape, bool) {
		var out []altShape
		for _, x := range a {
			for _, y := range b {
				out = append(out, altShape{n: x.n + y.n, cnt: x.cnt * y.cnt, neg: x.neg || y.neg})
			}
		}
		return out, total(out) <= maxPatternAlts
	}
	negStep := []altShape{{n: 1, cnt: 1, neg: true}}
	switch x := p.(type) {
	case *ast.PatRef:
		return []altShape{{n: 1, cnt: 1}}, true
	case *ast.PatParen:
		if x == nil {
			return nil, true
		}
		return patAltShapes(x.X, depth+1)
	case *ast.PatSeq:
		if x == nil {
			return nil, true
		}
		out := []altShape{{cnt: 1}}
		for _, it := range x.Items {
			part := negStep
			if _, isNot := it.(*ast.PatNot); !isNot {
				var ok bool
				if part, ok = patAltShapes(it, depth+1); !ok {
					return nil, false
				}
			}
			var ok bool
			if out, ok = cross(out, part); !ok {
				return nil, false
			}
		}
		return out, true
	case *ast.PatBinary:
		if x == nil {
			return nil, true
		}
		l, ok := patAltShapes(x.X, depth+1)
		if !ok {
			return nil, false
		}
		if _, isNot := x.Y.(*ast.PatNot); isNot && (x.Op == token.AND || x.Op == token.ARROW) {
			return cross(l, negStep)
		}
		r, ok := patAltShapes(x.Y, depth+1)
		if !ok {
			return nil, false
		}
		var out []altShape
		switch x.Op {
		case token.OR:
			out = append(append(out, l...), r...)
		case token.AND:
			for _, a := range l {
				for _, b := range r {
					if a.neg || b.neg {
						out = append(out, altShape{n: a.n + b.n, cnt: 2 * a.cnt * b.cnt, neg: true})
						continue
					}
					out = append(out, altShape{n: a.n + b.n, cnt: a.cnt * b.cnt * binomCapped(a.n+b.n, a.n)})
				}
				if total(out) > maxPatternAlts {
					return nil, false
				}
			}
		default:
			return cross(l, r)
		}
		return out, total(out) <= maxPatternAlts
	}
	return nil, true // NOT alone and bad nodes are reported elsewhere
}

// binomCapped returns C(n, k), or maxPatternAlts+1 when it is larger.
func binomCapped(n, k int) int {
	if k > n-k {
		k = n - k
	}
	r := 1
	for i := 1; i <= k; i++ {
		r = r * (n - k + i) / i
		if r > maxPatternAlts {
			return maxPatternAlts + 1
		}
	}
	return r
}
