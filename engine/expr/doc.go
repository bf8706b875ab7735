// Package expr compiles VPL expressions and function bodies once into Go
// closures that are evaluated per event without walking the AST.
//
// # Names
//
// Name resolution happens at compile time through a Scope: a bare identifier
// is a local (function parameter or local variable: a frame slot), an alias
// (a binding slot, or the current event for an event alias), a global
// (let/var/const: a slot in Globals; const values, and let values with a
// constant initialiser, are folded) or else a field of the current event.
// Globals therefore shadow event fields of the same name. A user function
// sees its parameters and locals, the globals, and the fields of the
// triggering event as bare names; it does not see stream aliases.
//
// # Semantics (vpl.md §2–§3, §7, and choices where the spec is silent)
//
//   - A missing field is null; arithmetic with null is null.
//   - Comparisons involving null are false, except comparisons with a
//     literal (or constant) null: x == null, x != null, x is [not] null.
//     So with a missing field x, both x == 1 and x != 1 are false.
//   - and, or short-circuit and treat every non-bool operand (null
//     included) as false; their result is always a bool. xor likewise.
//   - not of a non-bool (null included) is null, so .where(not missing)
//     drops the event.
//   - if c then a else b: a when c is true, null when c is null, else b.
//   - Ints and floats mix (int op float is float; 1 == 1.0); int / int
//     truncates toward zero. Division or modulo by zero, and 0 ** negative
//     int, are null and reported as Ctx.Warn(WarnDivisionByZero).
//   - x in c: array membership, map key, substring; x in (a..b) checks the
//     bounds without building the range. A null or non-container c makes
//     both in and not in false. Note that .. binds loosest: write
//     x in (1..5).
//   - Indexing: arrays by int (negative counts from the end), maps by string,
//     strings by character. Slices [lo:hi] on arrays and strings: defaults 0
//     and the length, negative bounds count from the end, bounds clamped,
//     lo > hi empty.
//   - a.f nests on maps (a.b.c); ?. is the same null-propagating access.
//     For a name a that is not declared, a.f reads field "a.f" (join
//     output), then "a_f" (match output), then key f of a map field a, then
//     field f when the current event's type is a.
//   - Builtins keep argument positions (a null argument is passed as null,
//     never removed); a wrong argument type gives null. to_string and join
//     do not quote strings. x.f(args) calls f(x, args) (method form).
//   - Lambdas are accepted only as the second argument of filter and map.
//   - Kleene aliases (Scope.DeclareKleeneAlias): t.f is the last event's
//     field, t[i] indexes the list, count/len/sum/avg/min/max/first/last
//     over t or t.f aggregate over the list with the aggregate semantics of
//     vpl.md §6 (nulls skipped, sum stays int over ints).
//
// # Imperative bodies
//
// Function bodies have one flat scope (a name declared in a nested block
// stays visible after it). let and const locals cannot be assigned (E040);
// `x := e` assigns a local or a var global, or creates a local. A function's
// value is its return value, or the value of the last executed expression
// statement (null when the last executed statement is a declaration, an
// assignment, an emit, a loop or an if with no branch taken). for iterates ranges lazily, arrays, maps
// ([key, value] pairs) and ints (0..n); other values give no iteration.
// Limits: MaxCallDepth nested calls (then null and WarnRecursionLimit),
// MaxWhileIterations per while loop and MaxForIterations per integer for
// loop (then the loop stops with WarnLoopLimit), MaxSteps loop iterations
// and calls from the outermost loop or call down (then every running loop
// stops and calls give null, with WarnStepLimit), MaxArrayLen elements for
// range(), a..b and split (else null and WarnRangeLimit). emit T(a: e)
// builds an event of type T at the triggering event's time, null fields
// included, and passes it to Ctx.Emit (nothing happens when Emit is nil).
//
// # Concurrency
//
// Compiled Evals are immutable apart from per-field index hints updated
// atomically, so one compiled expression may be evaluated by many
// goroutines at once, each with its own Ctx. Assignments to var globals
// write Ctx.Globals (the Program's own Globals when nil): give each
// goroutine its own Globals.Clone.
package expr
