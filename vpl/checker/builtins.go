package checker

import "github.com/varpulis/varpulis-go/engine/expr"

// builtinFuncs returns the scalar builtin functions the expression
// compiler implements, with their arities.
func builtinFuncs() map[string]arity {
	list := expr.Builtins()
	m := make(map[string]arity, len(list))
	for _, b := range list {
		m[b.Name] = arity{b.MinArgs, b.MaxArgs}
	}
	return m
}

// lambdaFuncs are the builtins that take a lambda argument:
// filter(array, x => cond), map(array, x => expr).
var lambdaFuncs = map[string]bool{"filter": true, "map": true}
