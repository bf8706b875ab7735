package pattern

import (
	"errors"
	"fmt"

	"github.com/varpulis/varpulis-go/engine/expr"
	"github.com/varpulis/varpulis-go/vpl/ast"
)

// DefaultMaxRuns is the per-stream cap on active runs when the stream sets
// no .max_runs (vpl.md §7).
const DefaultMaxRuns = 10_000

// Quant is the quantifier of a step.
type Quant uint8

// The quantifiers.
const (
	One  Quant = iota // exactly one event
	Plus              // Kleene +: one or more (`all T`, `T+`)
	Star              // Kleene *: zero or more (`T*`)
	Opt               // zero or one (`T?`)
)

func (q Quant) min() int32 {
	if q == One || q == Plus {
		return 1
	}
	return 0
}

func (q Quant) kleene() bool { return q == Plus || q == Star }

// String returns the suffix that denotes the quantifier ("", "+", "*", "?").
func (q Quant) String() string {
	switch q {
	case Plus:
		return "+"
	case Star:
		return "*"
	case Opt:
		return "?"
	}
	return ""
}

// Strategy is the event selection strategy (vpl.md §7).
type Strategy uint8

// The strategies.
const (
	Next   Strategy = iota // skip-till-next-match (default)
	Any                    // skip-till-any-match
	Strict                 // strict contiguity
)

// String returns the VPL name of the strategy.
func (s Strategy) String() string {
	switch s {
	case Any:
		return "any"
	case Strict:
		return "strict"
	}
	return "next"
}

// Consume is the after-match consumption policy.
type Consume uint8

// The consumption policies.
const (
	ConsumeNone Consume = iota // events may be used by several matches
	ConsumeAll                 // a match's events cannot be used by any other run
)

// Corr records that a predicate implies an equality between a field of the
// candidate event and a field of an event bound earlier:
// ev.Field == Bindings[Slot].Event.BoundField. The matcher uses it to index
// runs by key (implicit partitioning); the predicate itself is still
// evaluated, so a Corr only has to be a necessary condition.
type Corr struct {
	Field      string
	Slot       int
	BoundField string
}

// Conjunct is one top-level conjunct of a step or negation predicate.
type Conjunct struct {
	Eval expr.Eval
	// Corr is set when the conjunct is exactly the equality it describes.
	Corr *Corr
}

// Step is one step of a sequence.
type Step struct {
	// Type is the event type the step matches (ev.Type).
	Type string
	// Quant is the quantifier; Kleene steps (Plus, Star) bind a list.
	Quant Quant
	// Negated marks a positioned negation (`-> not T`, `NOT T` in SEQ):
	// no qualifying event of Type may occur between the neighbouring steps
	// (after the last step: before the deadline, an absence pattern).
	Negated bool
	// Where is the step predicate; nil means true. It is evaluated with
	// Ctx.Event = the candidate event and Ctx.Bindings = the run's bindings
	// (for a Kleene step's own alias: the previously accumulated event).
	Where expr.Eval
	// SelfRef reports that Where refers to the step's own (Kleene) alias.
	// The first event of the step is then tested with WhereFirst instead
	// (Where without its self-referencing conjuncts; nil means true).
	SelfRef    bool
	WhereFirst expr.Eval
	// Alias is the step alias ("" for none) and Slot its binding slot
	// (-1 for none).
	Alias string
	Slot  int
	// Corr lists equalities implied by Where (see Corr).
	Corr []Corr
	// Conj is Where split into its top-level conjuncts, in evaluation
	// order (Where holds exactly when each of them does). The matcher drops
	// the correlation conjuncts its partitioning already guarantees. Nil
	// when Where is not split (the matcher then always evaluates Where).
	Conj []Conjunct
}

// Neg is a global negation `.not(T where p)`.
type Neg struct {
	Type  string
	Where expr.Eval // nil means true
	Corr  []Corr
	Conj  []Conjunct // as Step.Conj
}

// Seq is one alternative of a pattern: steps in order.
type Seq struct {
	Steps []Step
}

// Spec is a compiled pattern: everything the matcher needs.
type Spec struct {
	// Name is the stream name (matches are events of this name).
	Name string
	// Alts are the alternatives of the pattern (one for a plain sequence;
	// several for OR / AND of a named pattern). Their matches are merged.
	Alts []Seq
	// Global holds the .not(...) negations of a chain of two or more
	// steps. For a one-step chain they are turned into trailing positioned
	// negations (absence) by the matcher.
	Global []Neg
	// Within is the .within bound in nanoseconds; 0 means none.
	Within int64
	// PartitionField is the field of .partition_by(f); "" for none.
	// PartitionExpr is used instead when the key is an expression.
	PartitionField string
	PartitionExpr  expr.Eval
	Strategy       Strategy
	Consume        Consume
	// MaxRuns caps active runs; 0 means DefaultMaxRuns.
	MaxRuns int
	// NumSlots is the length of Match.Bindings (the stream scope's slot
	// count; at least every step slot + 1).
	NumSlots int
	// RestOps are the stream operations the matcher does not handle, in
	// source order (.where, .emit, .partition_by, ...): the runtime applies
	// them to every match.
	RestOps []ast.Op
}

// Types returns the event types the pattern reads (steps and negations),
// each once, in first-use order.
func (s *Spec) Types() []string {
	var out []string
	add := func(t string) {
		for _, x := range out {
			if x == t {
				return
			}
		}
		out = append(out, t)
	}
	for _, a := range s.Alts {
		for _, st := range a.Steps {
			add(st.Type)
		}
	}
	for _, n := range s.Global {
		add(n.Type)
	}
	return out
}

// ErrSpec is wrapped by every validation error of a Spec.
var ErrSpec = errors.New("invalid pattern")

// Validate checks the structural rules of a Spec (vpl.md §7 and the
// decisions recorded in doc.go).
func (s *Spec) Validate() error {
	if len(s.Alts) == 0 {
		return fmt.Errorf("%w: no steps", ErrSpec)
	}
	if s.Within < 0 {
		return fmt.Errorf("%w: negative within", ErrSpec)
	}
	if s.MaxRuns < 0 {
		return fmt.Errorf("%w: negative max_runs", ErrSpec)
	}
	for ai := range s.Alts {
		if err := s.validateSeq(&s.Alts[ai]); err != nil {
			return err
		}
	}
	return nil
}

func (s *Spec) validateSeq(q *Seq) error {
	steps := q.Steps
	var pos []int // indices of positive steps
	for i := range steps {
		st := &steps[i]
		if st.Type == "" {
			return fmt.Errorf("%w: step %d has no event type", ErrSpec, i+1)
		}
		if st.Slot >= s.NumSlots {
			return fmt.Errorf("%w: step %d: binding slot %d out of range (%d slots)", ErrSpec, i+1, st.Slot, s.NumSlots)
		}
		for _, c := range st.Corr {
			if c.Slot < 0 || c.Slot >= s.NumSlots {
				return fmt.Errorf("%w: step %d: correlation slot %d out of range", ErrSpec, i+1, c.Slot)
			}
		}
		if st.Negated {
			if st.Quant != One {
				return fmt.Errorf("%w: negated step %s cannot have a quantifier", ErrSpec, st.Type)
			}
			continue
		}
		pos = append(pos, i)
	}
	if len(pos) == 0 {
		return fmt.Errorf("%w: a pattern needs at least one step that is not negated", ErrSpec)
	}
	if len(pos) > 63 {
		return fmt.Errorf("%w: too many steps (%d, at most 63)", ErrSpec, len(pos))
	}
	if steps[0].Negated {
		return fmt.Errorf("%w: a pattern cannot start with a negated step (not %s)", ErrSpec, steps[0].Type)
	}
	trailingNeg := steps[len(steps)-1].Negated || (len(pos) == 1 && len(s.Global) > 0)
	for i := range steps {
		if !steps[i].Negated {
			continue
		}
		prev := i - 1
		for steps[prev].Negated {
			prev--
		}
		if steps[prev].Quant.min() == 0 {
			return fmt.Errorf("%w: a negated step (not %s) must follow a mandatory step, not %s%s", ErrSpec,
				steps[i].Type, steps[prev].Type, steps[prev].Quant)
		}
		next := i + 1
		for next < len(steps) && steps[next].Negated {
			next++
		}
		if next < len(steps) && steps[next].Quant.min() == 0 {
			return fmt.Errorf("%w: a negated step (not %s) must precede a mandatory step, not %s%s", ErrSpec,
				steps[i].Type, steps[next].Type, steps[next].Quant)
		}
	}
	if trailingNeg {
		last := steps[pos[len(pos)-1]]
		if last.Quant.min() == 0 {
			return fmt.Errorf("%w: an absence pattern must end with a mandatory step before the negation, not %s%s",
				ErrSpec, last.Type, last.Quant)
		}
		// Without .within the absence is never decided and the pattern
		// never matches (the checker warns, W020); it still loads.
	}
	return nil
}
