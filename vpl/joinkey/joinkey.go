// Package joinkey splits the conditions of a join into its equi-join keys
// and the remaining conditions. The engine builds its join from the keys;
// the checker reports the conditions that cannot form a key, with the same
// rules.
package joinkey

import (
	"slices"
	"strconv"

	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// Keys is the result of Split.
type Keys struct {
	// Keys holds one key per class of equal expressions: Keys[k][i] is
	// the expression of input i.
	Keys [][]ast.Expr
	// Residual holds the conditions that are not key equalities, in order.
	Residual []ast.Expr
	// Bad lists the classes that do not name exactly one expression of
	// every input.
	Bad []Problem
}

// Problem is a class of equal expressions that cannot be a key.
type Problem struct {
	// At is an expression of the class, for the error's position.
	At ast.Expr
	// Input is the first input the class has no expression of (Several
	// false) or several expressions of (Several true).
	Input   int
	Several bool
}

// Split reads conds, the conditions of a join over inputs (split at
// `and`). An equality whose sides each read one input, two different
// ones, as Input.field links those two expressions; linked expressions
// form a class, which becomes a key when it holds exactly one expression
// of every input. Expressions are the same when they are the same name or
// field path. Every other condition is residual.
func Split(inputs []string, conds []ast.Expr) Keys {
	var flat []ast.Expr
	var split func(x ast.Expr)
	split = func(x ast.Expr) {
		if b, ok := unparen(x).(*ast.BinaryExpr); ok && b != nil && b.Op == token.AND {
			split(b.X)
			split(b.Y)
			return
		}
		flat = append(flat, x)
	}
	for _, x := range conds {
		split(x)
	}
	type node struct {
		src int
		x   ast.Expr
		id  string
	}
	var nodes []node
	var parent []int
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	nodeOf := func(src int, x ast.Expr) int {
		id := exprID(x)
		for i, n := range nodes {
			if n.src == src && n.id == id {
				return i
			}
		}
		nodes = append(nodes, node{src: src, x: x, id: id})
		parent = append(parent, len(parent))
		return len(nodes) - 1
	}
	var out Keys
	for _, x := range flat {
		if b, ok := unparen(x).(*ast.BinaryExpr); ok && b != nil && b.Op == token.EQL {
			sx, sy := Sources(inputs, b.X), Sources(inputs, b.Y)
			if len(sx) == 1 && len(sy) == 1 && sx[0] != sy[0] {
				parent[find(nodeOf(sx[0], b.X))] = find(nodeOf(sy[0], b.Y))
				continue
			}
		}
		out.Residual = append(out.Residual, x)
	}
	// Each class, in the order of its first expression, becomes a key.
	var roots []int
	for i := range nodes {
		if r := find(i); !slices.Contains(roots, r) {
			roots = append(roots, r)
		}
	}
	for _, r := range roots {
		per := make([]ast.Expr, len(inputs))
		bad := -1
		several := false
		for i, n := range nodes {
			if find(i) != r {
				continue
			}
			if per[n.src] != nil && bad < 0 {
				bad, several = n.src, true
			}
			per[n.src] = n.x
		}
		if bad < 0 {
			for i, x := range per {
				if x == nil {
					bad = i
					break
				}
			}
		}
		if bad >= 0 {
			out.Bad = append(out.Bad, Problem{At: nodes[r].x, Input: bad, Several: several})
			continue
		}
		out.Keys = append(out.Keys, per)
	}
	return out
}

// Sources returns the indexes of the inputs that x reads as Input.field,
// each once, in the order of their first use.
func Sources(inputs []string, x ast.Expr) []int {
	var out []int
	ast.Inspect(x, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok || sel == nil {
			return true
		}
		id, ok := sel.X.(*ast.Ident)
		if !ok || id == nil {
			return true
		}
		for i, name := range inputs {
			if name == id.Name {
				if !slices.Contains(out, i) {
					out = append(out, i)
				}
				return false
			}
		}
		return true
	})
	return out
}

// exprID identifies a key expression: names and field paths by their
// text, anything else by its position.
func exprID(x ast.Expr) string {
	switch x := unparen(x).(type) {
	case *ast.Ident:
		if x != nil {
			return x.Name
		}
	case *ast.SelectorExpr:
		if x != nil && x.Sel != nil {
			return exprID(x.X) + "." + x.Sel.Name
		}
	}
	return "@" + strconv.Itoa(int(x.Pos()))
}

func unparen(x ast.Expr) ast.Expr {
	for {
		p, ok := x.(*ast.ParenExpr)
		if !ok || p == nil {
			return x
		}
		x = p.X
	}
}
