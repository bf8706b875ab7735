package engine

import (
	"github.com/varpulis/varpulis-go/engine/expr"
	"github.com/varpulis/varpulis-go/vpl/ast"
)

// exprEnv adapts package expr for the compiler: the program's globals and
// user functions, and per-stream scopes.
type exprEnv struct {
	prog *expr.Program
}

// exprScope is the compile-time scope of one stream.
type exprScope struct {
	sc *expr.Scope
}

// size returns the number of binding slots items of this scope carry.
func (s *exprScope) size() int { return s.sc.NumBindings() }

// newExprEnv compiles the program-level declarations (functions, globals)
// and evaluates the global initialisers once.
func newExprEnv(e *Engine, file *ast.File) (*exprEnv, error) {
	prog, err := expr.NewProgram(file.Stmts)
	if err != nil {
		return nil, err
	}
	ctx := e.newCtx()
	prog.InitGlobals(&ctx)
	return &exprEnv{prog: prog}, nil
}

func (x *exprEnv) globals() *expr.Globals { return x.prog.Globals() }

// scope returns a stream scope. aliases are binding aliases (join inputs)
// declared in order, so alias i has slot i; eventAlias, when not empty,
// names the current event (the alias of a plain source).
func (x *exprEnv) scope(aliases []string) *exprScope {
	sc := expr.NewScope(x.prog)
	for _, a := range aliases {
		sc.DeclareAlias(a)
	}
	return &exprScope{sc: sc}
}

// eventScope returns a stream scope where alias (if not empty) names the
// current event.
func (x *exprEnv) eventScope(alias string) *exprScope {
	sc := expr.NewScope(x.prog)
	if alias != "" {
		sc.DeclareEventAlias(alias)
	}
	return &exprScope{sc: sc}
}

func (x *exprEnv) compile(e ast.Expr, sc *exprScope) (expr.Eval, error) {
	return expr.Compile(e, sc.sc)
}

func (x *exprEnv) isUserFunc(name string) bool { return x.prog.Func(name) != nil }

func (x *exprEnv) isFunc(name string) bool {
	if x.isUserFunc(name) {
		return true
	}
	_, ok := expr.LookupBuiltin(name)
	return ok
}

func (x *exprEnv) isGlobal(name string) bool {
	g := x.prog.Globals()
	if g == nil {
		return false
	}
	for _, n := range g.Names {
		if n == name {
			return true
		}
	}
	return false
}
