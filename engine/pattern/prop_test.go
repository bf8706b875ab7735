package pattern

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/internal/proptest"
	"pgregory.net/rapid"
)

// TestMain raises rapid's default number of cases per property unless the
// command line chose one (-rapid.checks).
func TestMain(m *testing.M) { proptest.Main(m, 3000, 200) }

var testTypes = []string{"A", "B", "C", "D"}

func genAtoms(t *rapid.T, label string, earlier []int, kleene bool, maxN int) []atom {
	n := rapid.IntRange(0, maxN).Draw(t, label+"#atoms")
	var out []atom
	for i := 0; i < n; i++ {
		kinds := []int{0}
		if len(earlier) > 0 {
			kinds = append(kinds, 1, 1)
		}
		if kleene {
			kinds = append(kinds, 2)
		}
		switch rapid.SampledFrom(kinds).Draw(t, label+"#kind") {
		case 0:
			out = append(out, atom{kind: 0, field: "v", op: rapid.IntRange(0, 2).Draw(t, label+"#op"),
				c: int64(rapid.IntRange(0, 4).Draw(t, label+"#c"))})
		case 1:
			f := rapid.SampledFrom([]string{"k", "k", "v"}).Draw(t, label+"#f")
			bf := f
			if rapid.IntRange(0, 3).Draw(t, label+"#cross") == 0 {
				bf = rapid.SampledFrom([]string{"k", "v"}).Draw(t, label+"#bf")
			}
			out = append(out, atom{kind: 1, field: f, bfield: bf, slot: rapid.SampledFrom(earlier).Draw(t, label+"#slot")})
		case 2:
			out = append(out, atom{kind: 2, field: "v", slot: -1})
		}
	}
	return out
}

// genSpec draws a valid random pattern.
func genSpec(t *rapid.T, strategy Strategy, kleene bool) *tspec {
	ts := &tspec{strategy: strategy}
	ntypes := rapid.IntRange(3, 4).Draw(t, "ntypes")
	types := testTypes[:ntypes]
	npos := rapid.IntRange(1, 4).Draw(t, "npos")
	quants := []Quant{One, One, One, Opt}
	if kleene {
		quants = append(quants, Plus, Plus, Star)
	}
	if rapid.IntRange(0, 3).Draw(t, "within?") > 0 {
		ts.within = int64(rapid.IntRange(2, 12).Draw(t, "within"))
	}
	var earlier []int
	for i := 0; i < npos; i++ {
		st := tstep{typ: rapid.SampledFrom(types).Draw(t, "type"), quant: rapid.SampledFrom(quants).Draw(t, "quant"), slot: i}
		st.atoms = genAtoms(t, "step", earlier, st.quant.kleene(), 2)
		for j := range st.atoms {
			if st.atoms[j].kind == 2 {
				st.atoms[j].slot = i
			}
		}
		if i > 0 && st.quant.min() > 0 && ts.steps[len(ts.steps)-1].quant.min() > 0 && rapid.IntRange(0, 5).Draw(t, "neg?") == 0 {
			ts.steps = append(ts.steps, tstep{typ: rapid.SampledFrom(types).Draw(t, "negtype"), negated: true,
				atoms: genAtoms(t, "neg", earlier, false, 1)})
		}
		ts.steps = append(ts.steps, st)
		earlier = append(earlier, i)
	}
	last := ts.steps[len(ts.steps)-1]
	canAbsence := ts.within > 0 && last.quant.min() > 0
	if canAbsence && rapid.IntRange(0, 4).Draw(t, "absence?") == 0 {
		ts.steps = append(ts.steps, tstep{typ: rapid.SampledFrom(types).Draw(t, "abstype"), negated: true,
			atoms: genAtoms(t, "abs", earlier, false, 1)})
	}
	if rapid.IntRange(0, 2).Draw(t, "global?") == 0 && (npos > 1 || canAbsence) {
		ts.global = append(ts.global, tneg{typ: rapid.SampledFrom(types).Draw(t, "gtype"), atoms: genAtoms(t, "glob", earlier, false, 1)})
	}
	ts.part = rapid.Bool().Draw(t, "part")
	if rapid.IntRange(0, 3).Draw(t, "consume?") == 0 {
		ts.consume = ConsumeAll
	}
	return ts
}

func genEvents(t *rapid.T, ts *tspec, maxN int) []*event.Event {
	n := rapid.IntRange(5, maxN).Draw(t, "nevents")
	ntypes := 0
	for _, s := range ts.steps {
		ntypes = max(ntypes, slices.Index(testTypes, s.typ)+1)
	}
	for _, g := range ts.global {
		ntypes = max(ntypes, slices.Index(testTypes, g.typ)+1)
	}
	ntypes = min(ntypes+1, 4)
	evs := make([]*event.Event, n)
	var tm int64
	for i := range evs {
		tm += int64(rapid.IntRange(0, 3).Draw(t, "dt"))
		evs[i] = &event.Event{
			Type: testTypes[rapid.IntRange(0, ntypes-1).Draw(t, "etype")],
			Time: tm,
			Fields: []event.Field{
				{Name: "id", Value: value.Int(int64(i))},
				{Name: "k", Value: value.Int(int64(rapid.IntRange(0, 2).Draw(t, "k")))},
				{Name: "v", Value: value.Int(int64(rapid.IntRange(0, 4).Draw(t, "v")))},
			},
		}
	}
	return evs
}

// runMatcher drives m like the runtime does: watermark = event time.
func runMatcher(m *Matcher, pos []tstep, evs []*event.Event) (keys []string, lists [][][]int, times []int64) {
	emit := func(mt *Match) {
		checkBound(mt, pos, evs)
		l := listsOf(mt, pos)
		keys = append(keys, matchKey(mt.Time, l))
		lists = append(lists, l)
		times = append(times, mt.Time)
	}
	for _, e := range evs {
		m.Advance(e.Time, emit)
		m.Process(e, emit)
	}
	m.Advance(math.MaxInt64, emit)
	return keys, lists, times
}

func checkAgainstOracles(t *rapid.T, ts *tspec, evs []*event.Event) {
	spec := ts.spec()
	// runMatcher reads each match inside emit, so lent bindings are fine.
	borrow := rapid.Bool().Draw(t, "borrow")
	m, err := NewMatcher(spec, Options{BorrowBindings: borrow, BorrowLists: borrow && rapid.Bool().Draw(t, "lists")})
	if err != nil {
		t.Fatalf("spec %v: %v", ts, err)
	}
	pos, _, _ := ts.shape()
	if borrow && rapid.Bool().Draw(t, "capture") {
		// Matches then carry copies holding these fields (id, read by
		// listsOf, always; checkBound compares them with the events).
		fields := map[int][]string{}
		for _, st := range pos {
			fields[st.slot] = rapid.SampledFrom([][]string{{"id"}, {"id", "v"}, {"k", "id"}}).Draw(t, "fields")
		}
		m.SetCapture(fields)
	}
	got, lists, times := runMatcher(m, pos, evs)
	want := simulate(ts, evs)
	if !slices.Equal(got, want) {
		t.Fatalf("pattern %v\nmatcher:    %q\nsimulation: %q", ts, got, want)
	}
	st := m.Stats()
	if st.Active != 0 || int(st.Completed) != len(got) {
		t.Fatalf("stats after end of input: %+v, %d matches", st, len(got))
	}
	if p := heldPartition(m); p != nil {
		t.Fatalf("pattern %v\nafter end of input a partition still holds runs: %+v", ts, *p)
	}
	if ts.consume != ConsumeNone {
		return
	}
	seen := map[string]bool{}
	for i, k := range got {
		tm, ok := validMatch(ts, evs, lists[i])
		if !ok || tm != times[i] {
			t.Fatalf("pattern %v\nmatch %s is not a valid match (ok=%v, time %d)", ts, k, ok, tm)
		}
		if seen[k] {
			t.Fatalf("pattern %v\nmatch %s emitted twice", ts, k)
		}
		seen[k] = true
	}
	if ts.strategy == Any {
		valid := enumerate(ts, evs)
		if len(seen) != len(valid) {
			t.Fatalf("pattern %v\nany: matcher %q\nenumeration %q", ts, got, keys(valid))
		}
	}
}

// checkBound panics unless every non-Kleene event bound by mt (a copy
// when fields are captured) has the type of the generated event with the
// same id and the values of that event for each field it holds.
func checkBound(mt *Match, pos []tstep, evs []*event.Event) {
	for _, st := range pos {
		b := mt.Bindings[st.slot]
		if st.quant.kleene() || b.Event == nil {
			continue
		}
		id, ok := fieldInt(b.Event, "id")
		if !ok || id < 0 || int(id) >= len(evs) {
			panic(fmt.Sprintf("bound event without a valid id: %+v", *b.Event))
		}
		orig := evs[id]
		if b.Event.Type != orig.Type {
			panic(fmt.Sprintf("bound event of type %s, generated %s", b.Event.Type, orig.Type))
		}
		for _, f := range b.Event.Fields {
			if v, _ := orig.Get(f.Name); !value.Equal(v, f.Value) {
				panic(fmt.Sprintf("bound event %d: field %s = %v, generated %v", id, f.Name, f.Value, v))
			}
		}
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func propStrategy(strategy Strategy, kleene bool, maxEvents int) func(*rapid.T) {
	return func(t *rapid.T) {
		ts := genSpec(t, strategy, kleene)
		n := maxEvents
		if strategy == Any && kleene {
			n = min(n, 16)
		}
		checkAgainstOracles(t, ts, genEvents(t, ts, n))
	}
}

func TestPropertyNext(t *testing.T)         { rapid.Check(t, propStrategy(Next, false, 60)) }
func TestPropertyNextKleene(t *testing.T)   { rapid.Check(t, propStrategy(Next, true, 60)) }
func TestPropertyAny(t *testing.T)          { rapid.Check(t, propStrategy(Any, false, 40)) }
func TestPropertyAnyKleene(t *testing.T)    { rapid.Check(t, propStrategy(Any, true, 16)) }
func TestPropertyStrict(t *testing.T)       { rapid.Check(t, propStrategy(Strict, false, 60)) }
func TestPropertyStrictKleene(t *testing.T) { rapid.Check(t, propStrategy(Strict, true, 60)) }

// heldPartition returns a partition whose bookkeeping is wrong once every
// run has ended, or nil: an active run counted, or a live run in its
// list. Dead runs may wait in the list of the unpartitioned partition
// until its next compaction.
func heldPartition(m *Matcher) *partition {
	held := func(p *partition) bool {
		if p == nil {
			return false
		}
		for _, r := range p.runs {
			if !r.dead {
				return true
			}
		}
		return p.live != 0
	}
	for _, p := range m.freeParts {
		if held(p) || len(p.runs) > 0 {
			return p
		}
	}
	for _, a := range m.alts {
		if held(a.one) {
			return a.one
		}
		if a.parts == nil {
			continue
		}
		for p := range a.parts.All() {
			if held(p) {
				return p
			}
		}
	}
	return nil
}
