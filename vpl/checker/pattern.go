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
