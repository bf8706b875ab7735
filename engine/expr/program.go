package expr

import (
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/vpl/ast"
)

// CodeDuplicateGlobal reports a global declared twice.
const CodeDuplicateGlobal = "E056"

// Program is the program-level environment of a VPL file: its global
// variables (let, var, const and top-level `x := e`) and its user
// functions. Build it with NewProgram, evaluate the global initialisers
// once with InitGlobals, then compile stream expressions in scopes made by
// NewScope(p).
type Program struct {
	globals *Globals
	gsyms   map[string]*globalSym
	funcs   map[string]*Func
	flist   []*Func
	inits   []initStep
	done    bool
}

// globalSym is a global variable.
type globalSym struct {
	slot    int
	kind    ast.VarKind
	mutable bool
	// known: an immutable global with a constant initialiser, folded into
	// the expressions that read it.
	known bool
	val   value.Value
}

// initStep evaluates one global initialiser or top-level assignment.
type initStep struct {
	slot int
	eval Eval
}

// Func is a compiled user function.
type Func struct {
	Name   string
	Params []string
	decl   *ast.FuncDecl
	frame  frameAlloc
	size   int  // frame size
	body   exec // nil when the body failed to compile
}

// NewProgram compiles the program-level declarations of stmts (a file's
// statements in order): fn declarations (callable from everywhere,
// whatever their position), global let/var/const and top-level
// assignments `x := e` (evaluated in order by InitGlobals; assigning a let
// or const is error E040; assigning an unknown name creates a var). A
// const or let whose initialiser is constant is folded at compile time.
// Other statements are ignored. Errors are an ErrorList.
func NewProgram(stmts []ast.Stmt) (*Program, error) {
	p := &Program{
		globals: &Globals{},
		gsyms:   make(map[string]*globalSym),
		funcs:   make(map[string]*Func),
	}
	var errs ErrorList
	for _, st := range stmts {
		fd, ok := st.(*ast.FuncDecl)
		if !ok || fd.Name == nil {
			continue
		}
		if _, dup := p.funcs[fd.Name.Name]; dup {
			errs = append(errs, &Error{Pos: fd.Name.Pos(), End: fd.Name.End(), Code: CodeDuplicateFunc,
				Msg: "function " + fd.Name.Name + " is already declared"})
			continue
		}
		f := &Func{Name: fd.Name.Name, decl: fd}
		seen := map[string]bool{}
		for _, prm := range fd.Params {
			if seen[prm.Name.Name] {
				errs = append(errs, &Error{Pos: prm.Pos(), End: prm.End(), Code: CodeDuplicateParam,
					Msg: "parameter " + prm.Name.Name + " is declared twice"})
			}
			seen[prm.Name.Name] = true
			f.Params = append(f.Params, prm.Name.Name)
		}
		p.funcs[f.Name] = f
		p.flist = append(p.flist, f)
	}
	root := NewScope(p)
	for _, st := range stmts {
		switch d := st.(type) {
		case *ast.VarDecl:
			if d.Name == nil {
				continue
			}
			c := &compiler{}
			n, ev := c.root(d.Value, root)
			errs = append(errs, c.errs...)
			if _, dup := p.gsyms[d.Name.Name]; dup {
				errs = append(errs, &Error{Pos: d.Name.Pos(), End: d.Name.End(), Code: CodeDuplicateGlobal,
					Msg: "global " + d.Name.Name + " is already declared"})
				continue
			}
			g := p.addGlobal(d.Name.Name, d.Kind)
			if n.konst {
				p.globals.Values[g.slot] = n.val
				if d.Kind != ast.Var {
					g.known, g.val = true, n.val
				}
			}
			p.inits = append(p.inits, initStep{slot: g.slot, eval: ev})
		case *ast.AssignStmt:
			if d.Name == nil {
				continue
			}
			c := &compiler{}
			_, ev := c.root(d.Value, root)
			errs = append(errs, c.errs...)
			g := p.gsyms[d.Name.Name]
			switch {
			case g == nil:
				g = p.addGlobal(d.Name.Name, ast.Var)
			case !g.mutable:
				errs = append(errs, immutableError(d, g.kind))
				continue
			}
			p.inits = append(p.inits, initStep{slot: g.slot, eval: ev})
		}
	}
	for _, f := range p.flist {
		errs = append(errs, p.compileFunc(f)...)
	}
	return p, errs.err()
}

func immutableError(d *ast.AssignStmt, kind ast.VarKind) *Error {
	return &Error{Pos: d.Name.Pos(), End: d.Name.End(), Code: CodeImmutable,
		Msg:  "cannot assign to immutable " + d.Name.Name + " (declared with " + kind.String() + ")",
		Hint: "declare it with var to make it mutable"}
}

func (p *Program) addGlobal(name string, kind ast.VarKind) *globalSym {
	g := &globalSym{slot: len(p.globals.Values), kind: kind, mutable: kind == ast.Var}
	p.globals.Names = append(p.globals.Names, name)
	p.globals.Values = append(p.globals.Values, value.Value{})
	p.globals.Mutable = append(p.globals.Mutable, g.mutable)
	p.gsyms[name] = g
	return g
}

// root compiles a top-level expression of scope s and returns its node and
// an Eval that manages the frame slots its lambdas need.
func (c *compiler) root(e ast.Expr, s *Scope) (node, Eval) {
	var n node
	base := s.frame.n
	need := s.frame.measure(func() { n = c.expr(e, s) })
	ev := n.eval
	if n.konst {
		ev = constEval(n.val)
	}
	if need > base {
		ev = withFrame(ev, need)
	}
	return n, ev
}

// InitGlobals evaluates the global initialisers and top-level assignments
// in declaration order, once (later calls do nothing). c supplies Now,
// Warn and Emit for the evaluation and may be nil; the values go to
// Globals().
func (p *Program) InitGlobals(c *Ctx) {
	if p == nil || p.done {
		return
	}
	p.done = true
	if c == nil {
		c = &Ctx{}
	}
	saved := c.Globals
	c.Globals = p.globals
	for _, st := range p.inits {
		p.globals.Values[st.slot] = st.eval(c)
	}
	c.Globals = saved
}

// Globals returns the program's global values. Expressions evaluated with
// a nil Ctx.Globals use it; give each engine shard its own Clone when var
// globals are assigned concurrently.
func (p *Program) Globals() *Globals {
	if p == nil {
		return nil
	}
	return p.globals
}

// Func returns the user function called name, or nil.
func (p *Program) Func(name string) *Func { return p.fn(name) }

// Funcs returns the user functions in declaration order.
func (p *Program) Funcs() []*Func {
	if p == nil {
		return nil
	}
	return append([]*Func(nil), p.flist...)
}

func (p *Program) fn(name string) *Func {
	if p == nil {
		return nil
	}
	return p.funcs[name]
}

func (p *Program) global(name string) *globalSym {
	if p == nil {
		return nil
	}
	return p.gsyms[name]
}

// globalNode compiles a read of global g: a constant when it is folded,
// else its slot in Ctx.Globals (or in the program's own Globals).
func (p *Program) globalNode(g *globalSym) node {
	if g.known {
		return konstNode(g.val)
	}
	slot, own := g.slot, p.globals
	return node{eval: func(c *Ctx) value.Value {
		gs := c.Globals
		if gs == nil {
			gs = own
		}
		if slot < len(gs.Values) {
			return gs.Values[slot]
		}
		return value.Value{}
	}}
}

// compileFunc compiles the body of f.
func (p *Program) compileFunc(f *Func) ErrorList {
	s := &Scope{prog: p, frame: &f.frame, fn: f}
	s.root = s
	for _, name := range f.Params {
		s.declare(name, &symbol{kind: symLocal, slot: f.frame.alloc(), declKind: ast.Var})
	}
	c := &compiler{}
	var stmts []ast.Stmt
	if f.decl.Body != nil {
		stmts = f.decl.Body.Stmts
	}
	body := c.block(stmts, s)
	f.size = f.frame.max
	if len(c.errs) == 0 {
		f.body = body
	}
	return c.errs
}

// Call calls f with args (missing arguments are null, extra ones ignored)
// and returns its value. c.Event is the triggering event whose fields the
// body reads as bare names; c.Emit receives emitted events.
func (f *Func) Call(c *Ctx, args ...value.Value) value.Value {
	if c.depth >= MaxCallDepth {
		c.warn(WarnRecursionLimit)
		return value.Value{}
	}
	c.startBudget()
	if !c.step() {
		return value.Value{}
	}
	frame, mark := c.push(max(f.size, len(f.Params)))
	copy(frame[:len(f.Params)], args)
	return f.run(c, frame, mark)
}

// run executes f's body in frame and releases the frame.
func (f *Func) run(c *Ctx, frame []value.Value, mark int) value.Value {
	saved, last, ret := c.Frame, c.last, c.ret
	c.Frame = frame
	c.last, c.ret = value.Value{}, value.Value{}
	c.depth++
	var v value.Value
	if f.body != nil {
		fl := f.body(c)
		v = c.last
		if fl == flowReturn {
			v = c.ret
		}
	}
	c.depth--
	c.Frame = saved
	c.last, c.ret = last, ret
	c.pop(frame, mark)
	return v
}
