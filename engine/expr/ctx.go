package expr

import (
	"time"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/value"
)

// Eval is a compiled expression.
type Eval func(c *Ctx) value.Value

// Binding is the value of an alias at run time: one event for an ordinary
// step or source alias, or the accumulated events of a Kleene step (List
// non-nil; Event is then the last of them, or nil when the list is empty).
type Binding struct {
	Event *event.Event
	List  []*event.Event
	// Kleene reports whether this alias belongs to a Kleene step (so that
	// count(t), sum(t.px), t[0] see the list even when it holds one event).
	Kleene bool
}

// Ctx is the evaluation context of one evaluation. It is owned by one
// goroutine; operators reuse one Ctx per operator instance to avoid
// allocation. The zero Ctx is usable: every field is optional.
type Ctx struct {
	// Event is the current event (fields resolve against it).
	Event *event.Event
	// Bindings holds alias values; slot numbers are assigned by the Scope
	// the expression was compiled with.
	Bindings []Binding
	// Frame holds the locals of the function being executed, and at the
	// top level the locals declared with Scope.DeclareLocal. Function calls
	// and lambdas manage their frames themselves.
	Frame []value.Value
	// Globals holds program-wide let/var values. When nil, expressions read
	// the values of the Program they were compiled against (Program.Globals).
	Globals *Globals
	// MaxSteps is the step budget of one outermost loop or call (see the
	// constant MaxSteps, the default when this is zero or negative).
	MaxSteps int
	// Emit receives events created by `emit T(...)` statements; nil outside
	// .process, where emit statements do nothing.
	Emit func(ev *event.Event)
	// Now returns processing time in ns since the epoch (for now()); nil
	// means the wall clock.
	Now func() int64
	// Warn counts a runtime warning (see the Warn* constants); may be nil.
	Warn func(kind string)

	// depth guards recursion of user functions.
	depth int
	// loops is the nesting of running loops; steps what is left of the
	// step budget (MaxSteps) of the outermost running loop or call.
	loops, steps int
	// stack backs function frames, lambda frames and builtin arguments.
	stack []value.Value
	sp    int
	// elems holds the current element of each nested Kleene aggregate
	// (sum(t.px) evaluates t.px with t bound to one event after another).
	elems []*event.Event
	// last is the value of the last executed expression statement, ret the
	// value of a return statement.
	last, ret value.Value
}

// Runtime warning kinds passed to Ctx.Warn.
const (
	WarnDivisionByZero = "division_by_zero" // x / 0, x % 0
	WarnRecursionLimit = "recursion_limit"  // user function calls nested deeper than MaxCallDepth
	WarnLoopLimit      = "loop_limit"       // a loop stopped after its iteration limit
	WarnRangeLimit     = "range_limit"      // a range or array too large to build
	WarnStepLimit      = "step_limit"       // loops and calls of one evaluation exceeded MaxSteps
)

// Limits of the imperative part of the language.
const (
	// MaxCallDepth is the deepest nesting of user function calls; a call
	// beyond it evaluates to null and warns WarnRecursionLimit.
	MaxCallDepth = 1000
	// MaxWhileIterations bounds the iterations of one execution of a while
	// loop; the loop stops there and warns WarnLoopLimit.
	MaxWhileIterations = 100_000
	// MaxForIterations bounds the iterations of one execution of a for loop
	// over a range or an integer (arrays and maps are finite already).
	MaxForIterations = 10_000_000
	// MaxArrayLen bounds arrays built by range(), a..b and string split:
	// larger results are null and warn WarnRangeLimit.
	MaxArrayLen = 1_000_000
	// MaxSteps bounds the work of one evaluation: the loop iterations and
	// user function calls made from the outermost loop or call down (a
	// loop inside a loop, a recursion, a call inside a loop all share its
	// budget). Past it every running loop stops and calls give null, with
	// one WarnStepLimit, so that no program can stall the engine on one
	// event (nested loops would otherwise multiply their own limits).
	MaxSteps = 10_000_000
)

// startBudget gives a new step budget when no loop or user function call
// is running.
func (c *Ctx) startBudget() {
	if c.depth == 0 && c.loops == 0 {
		c.steps = c.MaxSteps
		if c.steps <= 0 {
			c.steps = MaxSteps
		}
	}
}

// step takes one step of the budget; once it is spent it warns (once) and
// reports false.
func (c *Ctx) step() bool {
	c.steps--
	if c.steps >= 0 {
		return true
	}
	if c.steps == -1 {
		c.warn(WarnStepLimit)
	}
	c.steps = -2 // stays spent until the next budget
	return false
}

func (c *Ctx) warn(kind string) {
	if c.Warn != nil {
		c.Warn(kind)
	}
}

func (c *Ctx) now() int64 {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now().UnixNano()
}

// push reserves n zeroed values on the context stack and returns them with
// a mark to pass to pop. Frames stay valid when the stack grows: a frame
// keeps pointing at the array it was carved from and is only ever reached
// through its own slice, so growing allocates a fresh array without copying.
func (c *Ctx) push(n int) ([]value.Value, int) {
	mark := c.sp
	if c.sp+n > len(c.stack) {
		size := 2 * len(c.stack)
		if size < 64 {
			size = 64
		}
		for size < c.sp+n {
			size *= 2
		}
		c.stack = make([]value.Value, size)
	}
	f := c.stack[c.sp : c.sp+n : c.sp+n]
	clear(f)
	c.sp += n
	return f, mark
}

// pop releases the values reserved since mark, clearing them so that the
// stack does not keep strings and arrays alive.
func (c *Ctx) pop(f []value.Value, mark int) {
	clear(f)
	c.sp = mark
}

// Globals holds the values of global variables by slot.
type Globals struct {
	Names  []string
	Values []value.Value
	// Mutable reports, per slot, whether the global was declared with var
	// (or created by a top-level assignment).
	Mutable []bool
}

// Clone returns a copy of g with its own Values slice, for an engine shard
// that may change var globals independently. Names and Mutable are shared.
func (g *Globals) Clone() *Globals {
	if g == nil {
		return nil
	}
	c := *g
	c.Values = append([]value.Value(nil), g.Values...)
	return &c
}

// Lookup returns the slot of the global called name, or -1.
func (g *Globals) Lookup(name string) int {
	if g == nil {
		return -1
	}
	for i, n := range g.Names {
		if n == name {
			return i
		}
	}
	return -1
}
