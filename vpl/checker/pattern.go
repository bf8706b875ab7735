package checker

import (
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
	refs, negated := patRefs(p.Decl.Expr)
	for i, r := range refs {
		if r.Type != nil && validIdent(r.Type) && !contains(p.Types, r.Type.Name) {
			p.Types = append(p.Types, r.Type.Name)
		}
		if !validIdent(r.Alias) || negated[i] {
			continue
		}
		if prev, ok := p.Aliases[r.Alias.Name]; ok {
			c.errorf(r.Alias, codeDupAlias, "", "alias `%s` is already bound at %s", r.Alias.Name, c.at(prev.Ident))
			continue
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
		c.durationArg(d.Within, "`within`")
	}
}
