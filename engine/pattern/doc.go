// Package pattern is the SASE+ pattern engine: it compiles the pattern part
// of a stream (steps, Kleene closures, negations, within, partitions,
// selection strategy, consumption, max_runs; vpl.md §7) into a Spec and
// runs it with a Matcher that turns input events into matches carrying
// alias bindings. The operations after the pattern (.where, .emit, windows)
// are the runtime's job (Spec.RestOps).
//
// # Use
//
//	spec, err := pattern.Compile(decl, namedPattern, scope, resolver)
//	m, err := pattern.NewMatcher(spec, pattern.Options{Globals: g})
//	m.Advance(watermark, emit) // when the watermark moves (before Process)
//	m.Process(ev, emit)        // every event of spec.Types()
//	m.Advance(math.MaxInt64, emit) // end of input
//
// # Semantics (decisions where vpl.md is silent)
//
// Runs. A run is a partial match: the positive steps bound so far. Events
// are offered to runs oldest first, then the event may open new runs.
// When one event could bind several steps of a run, the nearest later step
// wins (a skipped optional/star step is passed over), and only if no later
// step accepts it does a Kleene step take it again: under next,
// `A -> all B -> B` never puts more than one B in the Kleene step.
//
// Strategies. next: each event matching the first step (or a step reachable
// over leading optional steps) opens one run; a run binds the first
// qualifying event for its next step and never branches. any: every way of
// binding an event creates a new run sharing the old one's prefix (the old
// one stays); a match is emitted as soon as it is complete, so a trailing
// Kleene step emits every qualifying subsequence. strict: as next, but an
// event of the pattern's types (same partition) that a run does not bind
// ends it: a run that could complete (trailing Kleene/optional) emits its
// match, others die. Events of types the pattern does not mention are not
// part of the stream and never break contiguity.
//
// Completion. A run completes when every remaining step may be empty and
// it cannot grow. Under next/strict a trailing Kleene or optional step
// keeps the run open until it can no longer grow: its deadline passes, the
// input ends, a global negation arrives (it then emits the maximal match
// before the negated event) or (strict) contiguity ends. The match time is
// the time of the last bound event; for an absence it is the deadline.
//
// Negation. A global .not kills a run when a qualifying event arrives after
// the run's first event and no later than its completion; the negation is
// checked before the event is bound, so an event that both qualifies for
// the negation and could complete the run kills it. For a one-step chain
// .not becomes an absence. A positioned `-> not T` forbids a qualifying T
// between the last event of the step before it and the first event of the
// step after it; if the step before is a Kleene step, a further event of
// that step clears the violation. Positioned negations must sit between
// mandatory steps (not next to T? or T*) and cannot start a pattern. As the
// last step, and for a one-step .not, they need .within: the match is
// emitted when the watermark passes first + d without a qualifying event
// (events up to and including the deadline count).
//
// Time. deadline = first event time + within. A run binds only events with
// time <= deadline and ends (expires, or completes as above) when the
// watermark passes the deadline (Advance with wm > deadline).
//
// Kleene predicates. The step predicate of a Kleene step sees its own alias
// as the previously accumulated event; for the first event the
// comparisons reading the still-empty alias hold (expr.Scope.VacuousKleene).
// A non-Kleene step's own alias names the candidate event.
//
// Optional steps. The alias of `T?` is a list of zero or one event (as a
// Kleene alias in expressions): count(b) is 0 or 1, b[0] the event or null,
// b.f the field of the event or null. The default a_f output fields still
// include it as an ordinary alias.
//
// Consumption. With .consume(all), when a match is emitted its events
// become unusable: every run holding one of them ends (counted as killed)
// and the current event, if it is one of them, is offered to no further
// run and opens none. Runs that started during the match without using its
// events go on (this differs from discarding every overlapping run).
//
// State. Runs live in per-key partitions (explicit .partition_by, or
// implicit: when every later step and negation carries an equality
// `field == first.f` with the first step's alias, runs are indexed by
// first.f and events by their field, so a Payment only meets the runs of
// its order). When a run's key is not null, the conjuncts of a predicate
// that the partitioning guarantees (`f == first.f` under .partition_by(f),
// the implicit partition's own equality) are not evaluated (Step.Conj).
// Partitions without active runs stay indexed, idle, until idle ones
// outnumber the others (and 1024); the longest idle leave first. Active
// runs are linked in deadline order: a run leaves the list when it ends,
// and the watermark pops expired runs from its front. At most max_runs
// runs are active per stream (all keys);
// storing one more evicts the run with the earliest deadline (the oldest;
// vpl.md §7 names the option and the policy). Matcher.Stats counts started,
// completed, expired, evicted and killed runs; the engine reports them per
// stream in engine.Stats().Patterns.
// Kleene lists are views of shared append-only buffers (kbuf): appending
// to the tip of a buffer is in place, branches that diverge copy their
// prefix, and a list handed out in a Match is never modified (unless
// Options.BorrowLists lends it: its buffer is then reused after emit).
//
// Capture. With Matcher.SetCapture (and borrowed bindings) a step copies,
// when it binds an event, the named fields of the event into the run, and
// matches lend copies of those events holding only these fields (type
// set, time 0): the receiver then reads the run, just visited, instead of
// an event bound long before. The last step of a sequence without a
// trailing negation and Kleene steps are not captured, a run holds at
// most two captured values, and capture is switched off for the runs
// starting while fewer than one run in four matches (on again when more
// do). Capture never changes which matches are emitted.
//
// Named patterns. SEQ concatenates, OR is a union of alternatives, AND is
// both orders of its operands, `X AND NOT T` is X then no T. The pattern's
// own within / partition by win over the stream's.
package pattern
