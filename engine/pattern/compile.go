package pattern

import (
	"fmt"

	"github.com/varpulis/varpulis-go/engine/expr"
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// Error is a compile error of a pattern, with the position it concerns.
type Error struct {
	Pos token.Pos
	Msg string
	Err error // underlying error (expression compile errors), may be nil
}

func (e *Error) Error() string { return e.Msg }

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

func errAt(n ast.Node, format string, args ...any) *Error {
	var p token.Pos
	if n != nil {
		p = n.Pos()
	}
	return &Error{Pos: p, Msg: fmt.Sprintf(format, args...)}
}

// StepSource is what the type name of a step stands for.
type StepSource struct {
	// Type is the event type the matcher receives for the step (ev.Type).
	Type string
	// Where is an extra predicate on the candidate event (for a step named
	// after a derived stream matched on its underlying type: the stream's
	// filter); nil for none.
	Where ast.Expr
}

// Resolver resolves a step's type name (an event type or a stream name).
// A nil Resolver maps every name to itself.
type Resolver func(name string) (StepSource, error)

// PatternOps are the stream operations the matcher consumes.
var patternOps = map[string]bool{"within": true, "strategy": true, "consume": true, "max_runs": true}

// IsPatternOp reports whether op is handled by the matcher (`->` steps,
// .not, .within, .strategy, .consume, .max_runs). .partition_by is used by
// the matcher and also left in Spec.RestOps.
func IsPatternOp(op ast.Op) bool {
	switch o := op.(type) {
	case *ast.FollowedBy, *ast.NotOp:
		return true
	case *ast.OpCall:
		return patternOps[o.Name.Name]
	}
	return false
}

// rawStep is a step before compilation.
type rawStep struct {
	node    ast.Node
	typ     *ast.Ident
	quant   Quant
	negated bool
	where   ast.Expr
	alias   *ast.Ident
}

// Compile builds the Spec of a pattern stream. named is the pattern
// declaration when the stream's source names one (else nil). Step aliases
// are declared on scope (Kleene aliases with DeclareKleeneAlias) before any
// predicate is compiled; Spec.NumSlots is the scope's binding count at the
// end, so declare no further aliases on scope afterwards.
func Compile(decl *ast.StreamDecl, named *ast.PatternDecl, scope *expr.Scope, resolve Resolver) (*Spec, error) {
	if resolve == nil {
		resolve = func(name string) (StepSource, error) { return StepSource{Type: name}, nil }
	}
	c := &compiler{scope: scope, resolve: resolve}
	spec := &Spec{Name: decl.Name.Name}
	var alts [][]rawStep
	switch src := decl.Source.(type) {
	case *ast.SimpleSource:
		if named != nil {
			a, err := c.patAlts(named.Expr)
			if err != nil {
				return nil, err
			}
			alts = a
		} else {
			q := One
			if src.All.IsValid() {
				q = Plus
			}
			alts = [][]rawStep{{{node: src, typ: src.Name, quant: q, alias: src.Alias}}}
		}
	case *ast.SequenceSource:
		var steps []rawStep
		for _, st := range src.Steps {
			steps = append(steps, rawStep{node: st, typ: st.Type, quant: quantOf(st.Quant, false), where: st.Where, alias: st.Alias})
		}
		alts = [][]rawStep{steps}
	default:
		return nil, errAt(decl.Source, "a pattern must start with an event type, a stream, sequence(...) or a named pattern")
	}
	var tail []rawStep
	var nots []*ast.NotOp
	var within, partition ast.Expr
	for _, op := range decl.Ops {
		switch o := op.(type) {
		case *ast.FollowedBy:
			tail = append(tail, rawStep{node: o, typ: o.Type, quant: quantOf(o.Quant, o.All.IsValid()),
				negated: o.Not.IsValid(), where: o.Where, alias: o.Alias})
		case *ast.NotOp:
			nots = append(nots, o)
		case *ast.OpCall:
			switch o.Name.Name {
			case "within":
				a, err := oneArg(o)
				if err != nil {
					return nil, err
				}
				within = a
			case "partition_by":
				a, err := oneArg(o)
				if err != nil {
					return nil, err
				}
				partition = a
				spec.RestOps = append(spec.RestOps, op)
			case "strategy":
				name, err := wordArg(o)
				if err != nil {
					return nil, err
				}
				switch name {
				case "next":
					spec.Strategy = Next
				case "any":
					spec.Strategy = Any
				case "strict":
					spec.Strategy = Strict
				default:
					return nil, errAt(o, ".strategy(%s): expected next, any or strict", name)
				}
			case "consume":
				name, err := wordArg(o)
				if err != nil {
					return nil, err
				}
				switch name {
				case "none":
					spec.Consume = ConsumeNone
				case "all":
					spec.Consume = ConsumeAll
				default:
					return nil, errAt(o, ".consume(%s): expected none or all", name)
				}
			case "max_runs":
				a, err := oneArg(o)
				if err != nil {
					return nil, err
				}
				v, ok, err := expr.Const(a, scope)
				if err != nil || !ok || v.Kind() != value.KindInt || v.AsInt() <= 0 {
					return nil, errAt(a, ".max_runs expects a positive integer constant")
				}
				spec.MaxRuns = int(v.AsInt())
			default:
				spec.RestOps = append(spec.RestOps, op)
			}
		default:
			spec.RestOps = append(spec.RestOps, op)
		}
	}
	if named != nil {
		if len(tail) > 0 {
			return nil, errAt(tail[0].node, "a stream running pattern %s cannot add -> steps", named.Name.Name)
		}
		// The pattern's own within / partition by win; the stream's apply
		// when the pattern has none.
		if named.Within != nil {
			within = named.Within
		}
		if named.PartitionBy != nil {
			partition = named.PartitionBy
		}
	}
	for i := range alts {
		alts[i] = append(alts[i], tail...)
	}
	if within != nil {
		v, ok, err := expr.Const(within, scope)
		if err != nil || !ok || v.Kind() != value.KindDuration || v.AsDuration() <= 0 {
			return nil, errAt(within, ".within expects a positive duration constant such as 30s")
		}
		spec.Within = v.AsDuration()
	}
	if partition != nil {
		// .partition_by(a.f) with a pattern alias a: every event is keyed
		// by its own field f (a is not bound yet when an event arrives).
		if sel, ok := partition.(*ast.SelectorExpr); ok && !sel.Safe && sel.Sel != nil {
			if id, ok := sel.X.(*ast.Ident); ok && stepAlias(alts, id.Name) {
				spec.PartitionField = sel.Sel.Name
			}
		}
		if id, ok := partition.(*ast.Ident); ok {
			if _, _, isAlias := scope.LookupAlias(id.Name); !isAlias {
				spec.PartitionField = id.Name
			}
		}
		if spec.PartitionField == "" {
			ev, err := expr.Compile(partition, scope)
			if err != nil {
				return nil, &Error{Pos: partition.Pos(), Msg: "partition key: " + err.Error(), Err: err}
			}
			spec.PartitionExpr = ev
		}
	}
	// Declare every alias before compiling predicates.
	for _, alt := range alts {
		for _, st := range alt {
			if st.negated {
				if st.alias != nil {
					return nil, errAt(st.alias, "a negated step cannot have an alias")
				}
				continue
			}
			if st.alias != nil {
				// An optional step's alias is a list of zero or one
				// event, so count(b) and b[0] read it as a list.
				if st.quant.kleene() || st.quant == Opt {
					scope.DeclareKleeneAlias(st.alias.Name)
				} else {
					scope.DeclareAlias(st.alias.Name)
				}
			}
		}
	}
	for _, alt := range alts {
		seq, err := c.seq(alt)
		if err != nil {
			return nil, err
		}
		spec.Alts = append(spec.Alts, seq)
	}
	for _, n := range nots {
		src, err := c.resolveType(n.Type)
		if err != nil {
			return nil, err
		}
		where, conj, err := c.pred(src.Where, n.Where, scope)
		if err != nil {
			return nil, err
		}
		spec.Global = append(spec.Global, Neg{Type: src.Type, Where: where, Corr: c.corrs(n.Where), Conj: conj})
	}
	spec.NumSlots = scope.NumBindings()
	if err := spec.Validate(); err != nil {
		return nil, &Error{Pos: decl.Name.Pos(), Msg: fmt.Sprintf("stream %s: %v", spec.Name, err), Err: err}
	}
	return spec, nil
}

type compiler struct {
	scope   *expr.Scope
	resolve Resolver
}

func quantOf(k token.Kind, all bool) Quant {
	switch {
	case all || k == token.ADD:
		return Plus
	case k == token.MUL:
		return Star
	case k == token.QUESTION:
		return Opt
	}
	return One
}

func oneArg(o *ast.OpCall) (ast.Expr, error) {
	if len(o.Args) != 1 || o.Args[0].Name != nil {
		return nil, errAt(o, ".%s expects one argument", o.Name.Name)
	}
	return o.Args[0].Value, nil
}

func wordArg(o *ast.OpCall) (string, error) {
	a, err := oneArg(o)
	if err != nil {
		return "", err
	}
	switch x := a.(type) {
	case *ast.Ident:
		return x.Name, nil
	case *ast.BasicLit:
		if x.Kind == token.STRING {
			return x.Str, nil
		}
		return x.Raw, nil
	}
	return "", errAt(a, ".%s expects a name", o.Name.Name)
}

func (c *compiler) resolveType(id *ast.Ident) (StepSource, error) {
	src, err := c.resolve(id.Name)
	if err != nil {
		return src, &Error{Pos: id.Pos(), Msg: err.Error(), Err: err}
	}
	if src.Type == "" {
		src.Type = id.Name
	}
	return src, nil
}

// pred compiles the conjunction of an optional stream filter and an
// optional step predicate (nil when both are absent), and the same
// predicate as a list of conjuncts: the filter, then the top-level
// conjuncts of where, each with its correlation if it is one.
func (c *compiler) pred(filter, where ast.Expr, s *expr.Scope) (expr.Eval, []Conjunct, error) {
	var evs []expr.Eval
	for _, e := range []ast.Expr{filter, where} {
		if e == nil {
			continue
		}
		ev, err := expr.Compile(e, s)
		if err != nil {
			return nil, nil, &Error{Pos: e.Pos(), Msg: err.Error(), Err: err}
		}
		evs = append(evs, ev)
	}
	var conj []Conjunct
	if filter != nil {
		conj = append(conj, Conjunct{Eval: evs[0]})
	}
	for _, e := range conjuncts(where, nil) {
		ev, err := expr.Compile(e, s)
		if err != nil {
			return nil, nil, &Error{Pos: e.Pos(), Msg: err.Error(), Err: err}
		}
		cj := Conjunct{Eval: ev}
		if k := c.corrs(e); len(k) == 1 {
			cj.Corr = &k[0]
		}
		conj = append(conj, cj)
	}
	switch len(evs) {
	case 0:
		return nil, conj, nil
	case 1:
		return evs[0], conj, nil
	}
	a, b := evs[0], evs[1]
	return func(ctx *expr.Ctx) value.Value {
		if !value.Truthy(a(ctx)) {
			return value.Bool(false)
		}
		return value.Bool(value.Truthy(b(ctx)))
	}, conj, nil
}

// conjuncts appends the top-level conjuncts of e (split at `and`, through
// parentheses) to out, left to right: `and` evaluates left to right and
// stops at the first operand that is not true, as a list of conjuncts does.
func conjuncts(e ast.Expr, out []ast.Expr) []ast.Expr {
	switch x := e.(type) {
	case nil:
		return out
	case *ast.ParenExpr:
		return conjuncts(x.X, out)
	case *ast.BinaryExpr:
		if x.Op == token.AND {
			return conjuncts(x.Y, conjuncts(x.X, out))
		}
	}
	return append(out, e)
}

func (c *compiler) seq(alt []rawStep) (Seq, error) {
	var seq Seq
	for _, st := range alt {
		src, err := c.resolveType(st.typ)
		if err != nil {
			return seq, err
		}
		s := c.scope
		if st.quant.kleene() {
			// In a Kleene step's own predicate, comparisons reading its
			// still-empty alias hold (vpl.md §7).
			s = s.VacuousKleene()
		}
		where, conj, err := c.pred(src.Where, st.where, s)
		if err != nil {
			return seq, err
		}
		step := Step{Type: src.Type, Quant: st.quant, Negated: st.negated, Where: where, Slot: -1, Corr: c.corrs(st.where), Conj: conj}
		if st.alias != nil {
			step.Alias = st.alias.Name
			step.Slot, _, _ = c.scope.LookupAlias(st.alias.Name)
			if !st.quant.kleene() && mentions(st.where, st.alias.Name) {
				step.SelfRef = true
			}
		}
		seq.Steps = append(seq.Steps, step)
	}
	return seq, nil
}

// mentions reports whether e contains the identifier name.
func mentions(e ast.Expr, name string) bool {
	if e == nil {
		return false
	}
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == name {
			found = true
		}
		return !found
	})
	return found
}

// corrs extracts the equalities `field == alias.f` (either order) among
// the top-level conjuncts of e.
func (c *compiler) corrs(e ast.Expr) []Corr {
	var out []Corr
	var walk func(e ast.Expr)
	walk = func(e ast.Expr) {
		switch x := e.(type) {
		case *ast.ParenExpr:
			walk(x.X)
		case *ast.BinaryExpr:
			switch x.Op {
			case token.AND:
				walk(x.X)
				walk(x.Y)
			case token.EQL:
				if k, ok := c.corr(x.X, x.Y); ok {
					out = append(out, k)
				} else if k, ok := c.corr(x.Y, x.X); ok {
					out = append(out, k)
				}
			}
		}
	}
	if e != nil {
		walk(e)
	}
	return out
}

func (c *compiler) corr(f, b ast.Expr) (Corr, bool) {
	id, ok := f.(*ast.Ident)
	if !ok || c.isName(id.Name) {
		return Corr{}, false
	}
	sel, ok := b.(*ast.SelectorExpr)
	if !ok || sel.Safe {
		return Corr{}, false
	}
	aid, ok := sel.X.(*ast.Ident)
	if !ok {
		return Corr{}, false
	}
	slot, kleene, ok := c.scope.LookupAlias(aid.Name)
	if !ok || kleene {
		return Corr{}, false
	}
	return Corr{Field: id.Name, Slot: slot, BoundField: sel.Sel.Name}, true
}

// isName reports whether a bare identifier names something other than a
// field of the current event (an alias or a global).
func (c *compiler) isName(name string) bool {
	if _, _, ok := c.scope.LookupAlias(name); ok {
		return true
	}
	if p := c.scope.Program(); p != nil {
		if g := p.Globals(); g != nil {
			for _, n := range g.Names {
				if n == name {
					return true
				}
			}
		}
	}
	return false
}

// maxAlts bounds the alternatives a named pattern expands to.
const maxAlts = 256

// patAlts turns a named pattern expression into alternatives of steps:
// SEQ concatenates, OR unions, AND interleaves its operands (see
// conjunction).
func (c *compiler) patAlts(p ast.PatExpr) ([][]rawStep, error) {
	switch x := p.(type) {
	case *ast.PatRef:
		return [][]rawStep{{refStep(x, false)}}, nil
	case *ast.PatParen:
		return c.patAlts(x.X)
	case *ast.PatSeq:
		out := [][]rawStep{nil}
		for _, it := range x.Items {
			var part [][]rawStep
			if n, ok := it.(*ast.PatNot); ok {
				ref, ok := unparen(n.X).(*ast.PatRef)
				if !ok {
					return nil, errAt(n, "NOT inside SEQ applies to one event type")
				}
				part = [][]rawStep{{refStep(ref, true)}}
			} else {
				a, err := c.patAlts(it)
				if err != nil {
					return nil, err
				}
				part = a
			}
			out = cross(out, part)
			if len(out) > maxAlts {
				return nil, errAt(x, "pattern has more than %d alternatives", maxAlts)
			}
		}
		return out, nil
	case *ast.PatBinary:
		l, err := c.patAlts(x.X)
		if err != nil {
			return nil, err
		}
		if n, ok := x.Y.(*ast.PatNot); ok && (x.Op == token.AND || x.Op == token.ARROW) {
			// X AND NOT T, X -> NOT T: X, then no T (an absence when last).
			ref, ok := unparen(n.X).(*ast.PatRef)
			if !ok {
				return nil, errAt(n, "NOT applies to one event type")
			}
			return cross(l, [][]rawStep{{refStep(ref, true)}}), nil
		}
		r, err := c.patAlts(x.Y)
		if err != nil {
			return nil, err
		}
		var out [][]rawStep
		switch x.Op {
		case token.OR:
			out = append(append(out, l...), r...)
		case token.AND:
			out = conjunction(l, r)
		case token.ARROW:
			out = cross(l, r)
		default:
			return nil, errAt(x, "operator %s is not supported in a named pattern", x.Op)
		}
		if len(out) > maxAlts {
			return nil, errAt(x, "pattern has more than %d alternatives", maxAlts)
		}
		return out, nil
	case *ast.PatNot:
		return nil, errAt(x, "NOT needs a preceding step (write SEQ(A, NOT B) or A AND NOT B)")
	}
	return nil, errAt(p, "unsupported pattern expression")
}

// stepAlias reports whether name is the alias of a step of alts.
func stepAlias(alts [][]rawStep, name string) bool {
	for _, alt := range alts {
		for _, st := range alt {
			if st.alias != nil && st.alias.Name == name {
				return true
			}
		}
	}
	return false
}

func unparen(p ast.PatExpr) ast.PatExpr {
	for {
		q, ok := p.(*ast.PatParen)
		if !ok {
			return p
		}
		p = q.X
	}
}

func refStep(r *ast.PatRef, negated bool) rawStep {
	return rawStep{node: r, typ: r.Type, quant: quantOf(r.Quant, false), negated: negated, where: r.Where, alias: r.Alias}
}

// conjunction returns the alternatives of `a AND b`: both operands occur,
// in any order, their events possibly interleaved (SEQ(A, B) AND C matches
// A C B). Every interleaving of an alternative of a with one of b keeps
// each operand's own order. An operand holding a negated step is not
// interleaved (the negation constrains its neighbours, which another
// operand's step must not separate): such pairs are taken one after the
// other, in both orders.
func conjunction(a, b [][]rawStep) [][]rawStep {
	var out [][]rawStep
	for _, x := range a {
		for _, y := range b {
			if hasNegated(x) || hasNegated(y) {
				out = append(out, concat(x, y), concat(y, x))
				continue
			}
			out = interleave(out, make([]rawStep, 0, len(x)+len(y)), x, y)
			if len(out) > maxAlts {
				return out // the caller reports the excess
			}
		}
	}
	return out
}

// interleave appends to out every sequence prefix+w where w is an
// interleaving of x and y keeping the order within each; it stops once out
// holds more than maxAlts sequences.
func interleave(out [][]rawStep, prefix, x, y []rawStep) [][]rawStep {
	if len(out) > maxAlts {
		return out
	}
	if len(x) == 0 || len(y) == 0 {
		return append(out, concat(concat(prefix, x), y))
	}
	out = interleave(out, append(prefix[:len(prefix):len(prefix)], x[0]), x[1:], y)
	return interleave(out, append(prefix[:len(prefix):len(prefix)], y[0]), x, y[1:])
}

func hasNegated(steps []rawStep) bool {
	for _, st := range steps {
		if st.negated {
			return true
		}
	}
	return false
}

func concat(x, y []rawStep) []rawStep {
	return append(append(make([]rawStep, 0, len(x)+len(y)), x...), y...)
}

func cross(a, b [][]rawStep) [][]rawStep {
	var out [][]rawStep
	for _, x := range a {
		for _, y := range b {
			s := make([]rawStep, 0, len(x)+len(y))
			out = append(out, append(append(s, x...), y...))
		}
	}
	return out
}
