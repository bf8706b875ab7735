package expr

import (
	"strings"

	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// unary compiles -x, ~x and not x.
func (c *compiler) unary(e *ast.UnaryExpr, s *Scope) node {
	x := c.expr(e.X, s)
	xe := x.eval
	var n node
	switch e.Op {
	case token.SUB:
		n = node{eval: func(c *Ctx) value.Value { return value.Neg(xe(c)) }}
	case token.TILDE:
		n = node{eval: func(c *Ctx) value.Value {
			v := xe(c)
			if v.Kind() != value.KindInt {
				return value.Value{}
			}
			return value.Int(^v.AsInt())
		}}
	case token.NOT:
		// not of a non-bool (null included) is null, as in the original:
		// `.where(not missing_field)` drops the event.
		n = node{eval: func(c *Ctx) value.Value {
			v := xe(c)
			if v.Kind() != value.KindBool {
				return value.Value{}
			}
			return value.Bool(!v.AsBool())
		}}
	default:
		c.errorf(e, CodeInvalid, "unsupported unary operator "+e.Op.String())
		return konstNode(value.Value{})
	}
	n.kslots = x.kslots
	return foldIf(n, x)
}

// binary compiles an infix operation.
func (c *compiler) binary(e *ast.BinaryExpr, s *Scope) node {
	switch e.Op {
	case token.RANGE, token.RANGEINCL:
		return c.rangeExpr(e, s)
	}
	x := c.expr(e.X, s)
	y := c.expr(e.Y, s)
	var n node
	switch e.Op {
	case token.AND, token.OR, token.XOR:
		n = logical(e.Op, x, y)
	case token.COALESCE:
		xe, ye := x.eval, y.eval
		n = node{eval: func(c *Ctx) value.Value {
			if v := xe(c); !v.IsNull() {
				return v
			}
			return ye(c)
		}}
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
		n = comparison(e.Op, x, y)
	case token.IS, token.IS_NOT:
		op := token.EQL
		if e.Op == token.IS_NOT {
			op = token.NEQ
		}
		n = comparison(op, x, y)
	case token.IN, token.NOT_IN:
		n = membership(e.Op == token.NOT_IN, x, y)
	case token.ADD, token.SUB, token.MUL:
		n = arith(e.Op, x, y)
	case token.QUO, token.REM, token.POW:
		n = division(e.Op, x, y)
	case token.AND_BIT, token.OR_BIT, token.XOR_BIT, token.SHL, token.SHR:
		n = bitwise(e.Op, x, y)
	default:
		c.errorf(e, CodeInvalid, "unsupported operator "+e.Op.String())
		return konstNode(value.Value{})
	}
	n.kslots = mergeSlots(x.kslots, y.kslots)
	n = foldIf(n, x, y)
	if s.vacuous && len(n.kslots) > 0 && !n.konst && isComparison(e.Op) {
		n.eval = vacuous(n.eval, n.kslots)
	}
	return n
}

func isComparison(op token.Kind) bool {
	switch op {
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ,
		token.IS, token.IS_NOT, token.IN, token.NOT_IN:
		return true
	}
	return false
}

// vacuous makes a comparison true while one of the Kleene aliases it reads
// is still empty.
func vacuous(ev Eval, slots []int) Eval {
	return func(c *Ctx) value.Value {
		for _, s := range slots {
			if emptyKleene(c, s) {
				return vTrue
			}
		}
		return ev(c)
	}
}

// logical compiles and, or, xor: short-circuit, a non-bool operand (null
// included) counts as false, the result is always a bool.
func logical(op token.Kind, x, y node) node {
	xe, ye := x.eval, y.eval
	switch op {
	case token.AND:
		if x.konst && !value.Truthy(x.val) {
			return konstNode(vFalse)
		}
		return node{eval: func(c *Ctx) value.Value {
			if !value.Truthy(xe(c)) {
				return vFalse
			}
			return value.Bool(value.Truthy(ye(c)))
		}}
	case token.OR:
		if x.konst && value.Truthy(x.val) {
			return konstNode(vTrue)
		}
		return node{eval: func(c *Ctx) value.Value {
			if value.Truthy(xe(c)) {
				return vTrue
			}
			return value.Bool(value.Truthy(ye(c)))
		}}
	}
	return node{eval: func(c *Ctx) value.Value {
		return value.Bool(value.Truthy(xe(c)) != value.Truthy(ye(c)))
	}}
}

// compare applies a comparison operator to two runtime values: false when
// either is null; == and != by value.Equal (1 == 1.0); ordering by
// value.Compare (numbers, strings, timestamps, durations), false when the
// two are not comparable.
func compare(op token.Kind, a, b value.Value) bool {
	if a.IsNull() || b.IsNull() {
		return false
	}
	switch op {
	case token.EQL:
		return value.Equal(a, b)
	case token.NEQ:
		return !value.Equal(a, b)
	}
	r, ok := value.Compare(a, b)
	if !ok {
		return false
	}
	switch op {
	case token.LSS:
		return r < 0
	case token.LEQ:
		return r <= 0
	case token.GTR:
		return r > 0
	case token.GEQ:
		return r >= 0
	}
	return false
}

// mirror returns the operator that gives the same result with the operands
// swapped (a < b is b > a).
func mirror(op token.Kind) token.Kind {
	switch op {
	case token.LSS:
		return token.GTR
	case token.LEQ:
		return token.GEQ
	case token.GTR:
		return token.LSS
	case token.GEQ:
		return token.LEQ
	}
	return op
}

// comparison compiles ==, !=, <, <=, >, >=. A comparison with a literal (or
// constant) null is a null test; a current-event field compared with a
// numeric constant gets a specialised closure.
func comparison(op token.Kind, x, y node) node {
	switch {
	case y.konst && y.val.IsNull():
		return nullTest(op, x)
	case x.konst && x.val.IsNull():
		return nullTest(op, y)
	case x.field != nil && y.konst && y.val.IsNumeric():
		return node{eval: fieldCmpNum(op, x.field, y.val)}
	case y.field != nil && x.konst && x.val.IsNumeric():
		return node{eval: fieldCmpNum(mirror(op), y.field, x.val)}
	case x.field != nil && y.konst:
		f, lit := x.field, y.val
		return node{eval: func(c *Ctx) value.Value { return value.Bool(compare(op, f.get(c.Event), lit)) }}
	case y.konst:
		xe, lit := x.eval, y.val
		return node{eval: func(c *Ctx) value.Value { return value.Bool(compare(op, xe(c), lit)) }}
	}
	xe, ye := x.eval, y.eval
	return node{eval: func(c *Ctx) value.Value { return value.Bool(compare(op, xe(c), ye(c))) }}
}

func nullTest(op token.Kind, x node) node {
	xe := x.eval
	switch op {
	case token.EQL:
		return node{eval: func(c *Ctx) value.Value { return value.Bool(xe(c).IsNull()) }}
	case token.NEQ:
		return node{eval: func(c *Ctx) value.Value { return value.Bool(!xe(c).IsNull()) }}
	}
	return konstNode(vFalse) // ordering against null is always false
}

// fieldCmpNum is the hot path `field OP number`: a float field against a
// float literal costs one cached field lookup and one float comparison.
func fieldCmpNum(op token.Kind, f *fieldRef, lit value.Value) Eval {
	if lit.Kind() == value.KindInt {
		n := lit.AsInt()
		slow := func(v value.Value) value.Value { return value.Bool(compare(op, v, lit)) }
		switch op {
		case token.GTR:
			return func(c *Ctx) value.Value {
				v := f.get(c.Event)
				if v.Kind() == value.KindInt {
					return value.Bool(v.AsInt() > n)
				}
				return slow(v)
			}
		case token.GEQ:
			return func(c *Ctx) value.Value {
				v := f.get(c.Event)
				if v.Kind() == value.KindInt {
					return value.Bool(v.AsInt() >= n)
				}
				return slow(v)
			}
		case token.LSS:
			return func(c *Ctx) value.Value {
				v := f.get(c.Event)
				if v.Kind() == value.KindInt {
					return value.Bool(v.AsInt() < n)
				}
				return slow(v)
			}
		case token.LEQ:
			return func(c *Ctx) value.Value {
				v := f.get(c.Event)
				if v.Kind() == value.KindInt {
					return value.Bool(v.AsInt() <= n)
				}
				return slow(v)
			}
		case token.EQL:
			return func(c *Ctx) value.Value {
				v := f.get(c.Event)
				if v.Kind() == value.KindInt {
					return value.Bool(v.AsInt() == n)
				}
				return slow(v)
			}
		}
		return func(c *Ctx) value.Value { return slow(f.get(c.Event)) }
	}
	x := lit.AsFloat()
	slow := func(v value.Value) value.Value { return value.Bool(compare(op, v, lit)) }
	switch op {
	case token.GTR:
		return func(c *Ctx) value.Value {
			v := f.get(c.Event)
			if v.Kind() == value.KindFloat {
				return value.Bool(v.AsFloat() > x)
			}
			return slow(v)
		}
	case token.GEQ:
		return func(c *Ctx) value.Value {
			v := f.get(c.Event)
			if v.Kind() == value.KindFloat {
				return value.Bool(v.AsFloat() >= x)
			}
			return slow(v)
		}
	case token.LSS:
		return func(c *Ctx) value.Value {
			v := f.get(c.Event)
			if v.Kind() == value.KindFloat {
				return value.Bool(v.AsFloat() < x)
			}
			return slow(v)
		}
	case token.LEQ:
		return func(c *Ctx) value.Value {
			v := f.get(c.Event)
			if v.Kind() == value.KindFloat {
				return value.Bool(v.AsFloat() <= x)
			}
			return slow(v)
		}
	case token.EQL:
		return func(c *Ctx) value.Value {
			v := f.get(c.Event)
			if v.Kind() == value.KindFloat {
				return value.Bool(v.AsFloat() == x)
			}
			return slow(v)
		}
	}
	return func(c *Ctx) value.Value { return slow(f.get(c.Event)) }
}

// arith compiles +, - and *. A field times a field (price * volume) reads
// both fields through their cached slots.
func arith(op token.Kind, x, y node) node {
	var f func(a, b value.Value) value.Value
	switch op {
	case token.ADD:
		f = value.Add
	case token.SUB:
		f = value.Sub
	default:
		f = value.Mul
	}
	if x.field != nil && y.field != nil {
		fx, fy := x.field, y.field
		if op == token.MUL {
			return node{eval: func(c *Ctx) value.Value {
				a, b := fx.get(c.Event), fy.get(c.Event)
				if a.Kind() == value.KindFloat && b.Kind() == value.KindFloat {
					return value.Float(a.AsFloat() * b.AsFloat())
				}
				return value.Mul(a, b)
			}}
		}
		return node{eval: func(c *Ctx) value.Value { return f(fx.get(c.Event), fy.get(c.Event)) }}
	}
	if y.konst {
		xe, lit := x.eval, y.val
		return node{eval: func(c *Ctx) value.Value { return f(xe(c), lit) }}
	}
	xe, ye := x.eval, y.eval
	return node{eval: func(c *Ctx) value.Value { return f(xe(c), ye(c)) }}
}

// division compiles /, % and **: a zero divisor gives null and warns
// WarnDivisionByZero (so does 0 ** negative int).
func division(op token.Kind, x, y node) node {
	xe, ye := x.eval, y.eval
	switch op {
	case token.QUO:
		return node{eval: func(c *Ctx) value.Value {
			a, b := xe(c), ye(c)
			if b.IsZeroNumber() && !a.IsNull() {
				c.warn(WarnDivisionByZero)
				return value.Value{}
			}
			return value.Div(a, b)
		}}
	case token.REM:
		return node{eval: func(c *Ctx) value.Value {
			a, b := xe(c), ye(c)
			if b.IsZeroNumber() && !a.IsNull() {
				c.warn(WarnDivisionByZero)
				return value.Value{}
			}
			return value.Mod(a, b)
		}}
	}
	return node{eval: func(c *Ctx) value.Value { return pow(c, xe(c), ye(c)) }}
}

func pow(c *Ctx, a, b value.Value) value.Value {
	if a.Kind() == value.KindInt && b.Kind() == value.KindInt && a.AsInt() == 0 && b.AsInt() < 0 {
		c.warn(WarnDivisionByZero)
		return value.Value{}
	}
	return value.Pow(a, b)
}

// bitwise compiles & | ^ << >> on ints (null otherwise; shift counts
// outside 0..63 give null).
func bitwise(op token.Kind, x, y node) node {
	xe, ye := x.eval, y.eval
	return node{eval: func(c *Ctx) value.Value {
		a, b := xe(c), ye(c)
		if a.Kind() != value.KindInt || b.Kind() != value.KindInt {
			return value.Value{}
		}
		p, q := a.AsInt(), b.AsInt()
		switch op {
		case token.AND_BIT:
			return value.Int(p & q)
		case token.OR_BIT:
			return value.Int(p | q)
		case token.XOR_BIT:
			return value.Int(p ^ q)
		}
		if q < 0 || q > 63 {
			return value.Value{}
		}
		if op == token.SHL {
			return value.Int(p << uint(q))
		}
		return value.Int(p >> uint(q))
	}}
}

// rangeExpr compiles a..b and a..=b. As a value it is the array of the
// ints in the range; `for` and `in` use the bounds directly.
func (c *compiler) rangeExpr(e *ast.BinaryExpr, s *Scope) node {
	x := c.expr(e.X, s)
	y := c.expr(e.Y, s)
	r := &rangeNode{lo: x.eval, hi: y.eval, incl: e.Op == token.RANGEINCL}
	n := node{rng: r, kslots: mergeSlots(x.kslots, y.kslots), eval: func(c *Ctx) value.Value {
		lo, hi := x.eval(c), y.eval(c)
		if lo.Kind() != value.KindInt || hi.Kind() != value.KindInt {
			return value.Value{}
		}
		end := hi.AsInt()
		if r.incl {
			end++
		}
		return intRange(c, lo.AsInt(), end, 1)
	}}
	if x.konst && y.konst {
		if v, ok := fold(n.eval); ok {
			n.konst, n.val = true, v
		}
	}
	return n
}

// intRange builds the array [lo, lo+step, ...) up to end (exclusive).
func intRange(c *Ctx, lo, end, step int64) value.Value {
	if step == 0 {
		return value.Value{}
	}
	var n int64
	switch {
	case step > 0 && end > lo:
		n = (end - lo + step - 1) / step
	case step < 0 && end < lo:
		n = (lo - end - step - 1) / -step
	}
	if n < 0 || n > MaxArrayLen {
		c.warn(WarnRangeLimit)
		return value.Value{}
	}
	out := make([]value.Value, n)
	v := lo
	for i := range out {
		out[i] = value.Int(v)
		v += step
	}
	return value.Array(out)
}

// membership compiles `x in c` and `x not in c`: array membership (by
// value.Equal), map key, substring, or a numeric range check for `x in
// a..b`. A null or non-container right side gives false for both forms.
func membership(negate bool, x, y node) node {
	xe := x.eval
	if r := y.rng; r != nil {
		return node{eval: func(c *Ctx) value.Value {
			v, lo, hi := xe(c), r.lo(c), r.hi(c)
			if !v.IsNumeric() || !lo.IsNumeric() || !hi.IsNumeric() {
				return vFalse
			}
			a, _ := value.Compare(lo, v)
			b, _ := value.Compare(v, hi)
			in := a <= 0 && (b < 0 || (r.incl && b == 0))
			return value.Bool(in != negate)
		}}
	}
	ye := y.eval
	return node{eval: func(c *Ctx) value.Value {
		in, ok := contains(ye(c), xe(c))
		if !ok {
			return vFalse
		}
		return value.Bool(in != negate)
	}}
}

// contains reports whether container holds v; ok is false when container
// is not an array, a map (with a string v) or a string (with a string v).
func contains(container, v value.Value) (in, ok bool) {
	switch container.Kind() {
	case value.KindArray:
		for _, e := range container.AsArray() {
			if value.Equal(e, v) {
				return true, true
			}
		}
		return false, true
	case value.KindMap:
		if v.Kind() != value.KindString {
			return false, false
		}
		_, in := container.AsMap().Get(v.AsString())
		return in, true
	case value.KindString:
		if v.Kind() != value.KindString {
			return false, false
		}
		return strings.Contains(container.AsString(), v.AsString()), true
	}
	return false, false
}
