package engine

// Trend aggregation streams (vpl.md §8): a stream whose operations contain
// .trend_aggregate(...) runs a trend stage instead of the detection
// matcher. The stage counts and aggregates the skip-till-any-match trends
// of the pattern with engine/trend, per partition key and per epoch-aligned
// tumbling window of the .within length (default 60 s). A trend belongs to
// the window of its first event and never spans two windows (its events all
// lie in that window, so the within bound holds). When the watermark passes
// a window's end, the stage emits one row per partition key of the window
// that has at least one trend: the aggregates (in the order written), then
// window_start, window_end, the partition key, and `overflow: true` when a
// count exceeded int64 (the counts are then floats). The operations after
// .trend_aggregate apply to the rows.
//
// Sharing (Hamlet-style). Trend streams with the same window length,
// partitioning, watermark settings and context form one trendGroup: the
// group's leader stream alone subscribes to the event types; per event the
// group finds the type, the window, the partition key and the cell
// (window × key) once, and evaluates each distinct predicate that reads no
// alias once (compared by syntax tree). Streams whose patterns are
// identical (step types, quantifiers, aliases and predicates) up to their
// aggregates share one trendClass: one propagation state per cell serves
// them all (its value channels are the union of theirs). Classes whose
// patterns differ keep their own state per cell, but the propagation of a
// Kleene step they have in common is shared (trend_stage_share.go):
//
//   - Sums classes (no predicate between events) with a Kleene step of an
//     event type that appears at no other step of theirs form a
//     trendShare of that type, whatever their other steps and predicates.
//     Such an event changes only that step's totals, so a run of them
//     (a burst) is recorded once in the cell (trend.Burst: count, and per
//     value field count, sum, min, max) and each class lagging behind it
//     resolves it in closed form from its own totals, the snapshot
//     (trend.Sums.AddBurst), when its state is next needed: an event of
//     another of its steps, or the window's end. The Kleene step's own
//     predicates may differ per class: a class that rejects an event
//     leaves the burst first (split) and takes later events on its own;
//     when those outside the burst are at least as many as those in it,
//     the burst is closed and a new one opened for all (cost model).
//   - Graph classes with a common Kleene step — same type (at no other
//     step of theirs), alias, alias-free predicates and predicates
//     between its events that read only its own alias, no predicate on
//     its alias alone and no carried step up to it — form a
//     trendNetShare: each Kleene event is compared with the earlier ones
//     once, in a trend.Net that keeps per node the coefficients of the
//     per-class snapshots (the trends entering the step, per epoch
//     between non-Kleene events); each class materialises the nodes
//     (trend.Graph.Materialize) when its graph is next used.
//   - Graph classes whose Kleene predicates read only the step's own
//     alias share the evaluation of those predicates per event (edgeMemo)
//     even when they share no net.
//
// Counts stay exact: a count that would exceed int64 in the closed form
// makes the class replay the burst event by event, or rebuild its graph
// from the cell's events and leave the net for that cell, so the switch
// to float64 and the overflow flag are those of unshared evaluation.
// Float sums may differ from unshared evaluation in rounding only (they
// are equal while every value and partial sum is an integer below 2^53).
// Options.UnsharedTrends turns all sharing off.
//
// Predicates. A step predicate is split into its top-level conjuncts. A
// conjunct `k == s.k` implied by .partition_by(k) is dropped (all events of
// a cell share k). A conjunct that reads no alias, or only the step's own
// single-event alias, depends on the event alone: it goes into the step
// mask and the class may use trend.Sums (O(steps) per event, no events
// kept). A conjunct reading another alias (the previous Kleene event, the
// first step's alias, ...) is an edge predicate: the class then runs a
// trend.Graph that keeps the cell's events, evaluating the conjunct per
// (predecessor, event) with the aliases bound as in the trend: the
// predecessor event for its step's alias (and for the step's own Kleene
// alias), the carried last event of every other earlier step the conjunct
// reads.

import (
	"github.com/varpulis/varpulis-go/engine/internal/keytab"
	"math"
	"slices"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/expr"
	"github.com/varpulis/varpulis-go/engine/pattern"
	"github.com/varpulis/varpulis-go/engine/timekeeper"
	"github.com/varpulis/varpulis-go/engine/trend"
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/format"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// defaultTrendWithin is the window length without .within (vpl-original.md
// §8.1).
const defaultTrendWithin = 60 * int64(1e9)

// hasTrendAggregate reports whether d is a trend aggregation stream.
func hasTrendAggregate(d *ast.StreamDecl) bool {
	for _, op := range d.Ops {
		if oc, ok := op.(*ast.OpCall); ok && oc.Name.Name == "trend_aggregate" {
			return true
		}
	}
	return false
}

// Trend aggregate kinds.
const (
	taCountTrends = iota
	taCountEvents
	taSum
	taAvg
	taMin
	taMax
)

var trendFuncKinds = map[string]int{
	"count_trends": taCountTrends, "count_events": taCountEvents, "sum_trends": taSum,
	"avg_trends": taAvg, "min_trends": taMin, "max_trends": taMax,
}

// trendAgg is one item of .trend_aggregate: its output name, kind and the
// value channel of its class it reads (-1 for count_trends).
type trendAgg struct {
	name string
	kind int
	ch   int
}

// trendMember is one stream of a class: its aggregates and the rest of its
// chain.
type trendMember struct {
	s     *stream
	aggs  []trendAgg
	next  operator
	binds []expr.Binding
	// scratch is the row event reused for every row when the chain copies
	// what it keeps (it starts with .where steps and then .emit/.select).
	scratch *event.Event
}

// copiesRows reports whether the chain from op never keeps the row event:
// .where steps, then an .emit or .select (they build new events).
func copiesRows(op operator) bool {
	for {
		switch o := op.(type) {
		case *whereOp:
			op = o.next
		case *emitOp, *selectOp:
			return true
		default:
			return false
		}
	}
}

// trendStep is one compiled step of a trend pattern.
type trendStep struct {
	typ    string
	ti     int // index in the group's types
	quant  trend.Quant
	alias  string
	slot   int // binding slot of the alias, -1 for none
	where  ast.Expr
	shared []int       // alias-free conjuncts: indexes into group.preds
	local  []expr.Eval // conjuncts reading only the step's own single alias
	edge   []expr.Eval // conjuncts reading other aliases
	// edgeAST holds the syntax of the edge conjuncts. selfEdge is set when
	// every one reads only the step's own Kleene alias: their value then
	// depends on the previous event of the step and the current event
	// alone, and is shared through the group's edge memo (memo >= 0).
	edgeAST  []ast.Expr
	selfEdge bool
	memo     int
}

// trendChan is a value channel: the events of step, read through field
// ("" for count_events: every event has a value).
type trendChan struct {
	step  int
	field string
}

// trendClass is one propagation state per cell, shared by the members
// whose patterns are identical.
type trendClass struct {
	g       *trendGroup
	steps   []trendStep
	named   bool // from a named pattern: never shared with another stream
	chans   []trendChan
	carry   []int
	general bool // needs a trend.Graph
	pat     *trend.Pattern
	members []*trendMember

	typeSteps [][]int // per group type: the steps of that type
	// fixed[ti] is set when no step of type ti has a conjunct: the mask
	// of such an event is then always fixedMask[ti].
	fixed     []bool
	fixedMask []uint64
	vals      []float64
	looks     []event.Lookup // per channel: its field (see fillVals)
	ctx       expr.Ctx
	binds     []expr.Binding
	lists     [][1]*event.Event // per step: storage for a one-event list
	evs       []*event.Event    // the events of the cell being updated
	edgeFn    trend.Edge
	// share is the index of the trendShare the class is a member of (-1:
	// none), member its index there; nshare and nmember likewise for a
	// trendNetShare.
	share, member   int
	nshare, nmember int
}

// trendPred is a conjunct that reads no alias, shared by the group.
type trendPred struct {
	x    ast.Expr
	eval expr.Eval
}

// trendGroup is the set of trend streams that share routing, partitioning,
// windows and alias-free predicates.
type trendGroup struct {
	leader    *stream
	solo      bool // the leader reads streams: no other stream joins
	within    int64
	partField string
	partLook  event.Lookup // reads partField
	partExpr  expr.Eval
	partAST   ast.Expr
	keyName   string
	tolerance int64
	lateness  int64
	ctxGroup  int

	types   []string
	preds   []trendPred
	classes []*trendClass
	built   bool
	general bool // some class keeps events

	parts   *keytab.Table[*trendPart] // partition key -> its open cells
	fires   int                       // windows emitted, for the part sweep
	free    []*trendCell              // emitted cells for reuse
	res     trend.Result
	wins    []*trendWin // open windows by start
	fired   int64       // windows ending at or before fired have been emitted
	tidx    int
	gen     int64
	armed   int64 // time of the live timer, when timer
	timer   bool
	ctx     expr.Ctx
	binds   []expr.Binding // empty bindings for alias-free predicates
	predRes []int8         // per event: 0 not evaluated, 1 true, 2 false
	// lastWs is the window start of the last event (hasWs: set); maxWs
	// bounds the starts whose end does not overflow.
	lastWs, maxWs int64
	hasWs         bool

	// direct[ti] lists the classes that an event of type ti is given to
	// one by one: every Graph class (its event indexes follow the cell's
	// events), and the Sums classes with a step of that type, less the
	// members of a share of that type.
	direct [][]int
	// shares are the Kleene bursts shared by Sums classes; typeShares[ti]
	// lists those of type ti.
	shares     []*trendShare
	typeShares [][]int
	accept     []uint64  // scratch: members accepting the event
	fv         []float64 // scratch: burst field values of the event
	// memos share edge conjuncts that read only their step's own Kleene
	// alias across the Graph classes, for the event being added.
	memos []*edgeMemo
	stamp uint32
	// netShares are the Kleene steps shared by Graph classes.
	netShares []*trendNetShare
	replaying bool // a class is being rebuilt from the cell's events
}

// trendPart holds the open cells of one partition key (usually one
// window, two around a window end). Parts stay in the map across windows
// so that the map sees no delete/insert churn per window; parts without
// cells are swept every trendSweep windows.
type trendPart struct {
	cells []*trendCell
	// cur is the cell of window curWin (the last one used), checked
	// before the list.
	cur    *trendCell
	curWin int64
}

const trendSweep = 16

// trendCell is the state of one window and partition key.
type trendCell struct {
	win    int64
	part   *trendPart
	key    value.Value
	sums   []trend.Sums   // per class (unused for a general class)
	graphs []*trend.Graph // per class (nil for a Sums class)
	evs    []*event.Event // events of the cell (when the group keeps them)
	bursts []trendBurst   // per share
	nets   []trendNetCell // per net share
}

type trendWin struct {
	start int64
	cells []*trendCell
}

// trendIdle heads the chain of a member stream that is not its group's
// leader: such a stream subscribes to nothing.
type trendIdle struct{}

func (trendIdle) push(item) {}

// compileTrend compiles a trend aggregation stream.
func (c *compiler) compileTrend(s *stream, d *ast.StreamDecl) {
	named := c.namedPattern(d)
	spec, sc, ok := c.compilePatternSpec(d)
	if !ok {
		return
	}
	if len(spec.Alts) != 1 {
		c.errorf(d.Name, codeUnsupported, "stream %s: .trend_aggregate needs a plain sequence (no OR/AND alternatives)", d.Name.Name)
		return
	}
	if len(spec.Global) > 0 {
		c.errorf(d.Name, codeUnsupported, "stream %s: .trend_aggregate does not support .not(...)", d.Name.Name)
		return
	}
	// Operations: .partition_by is the pattern's; .trend_aggregate ends
	// the pattern part; the operations after it apply to the rows.
	var taOp *ast.OpCall
	var rest []ast.Op
	for _, op := range spec.RestOps {
		oc, isCall := op.(*ast.OpCall)
		if taOp == nil {
			if isCall {
				switch oc.Name.Name {
				case "trend_aggregate":
					taOp = oc
					continue
				case "partition_by":
					continue
				case "context", "watermark", "allowed_lateness":
					rest = append(rest, op)
					continue
				}
			}
			c.errorf(op, codeUnsupported, "stream %s: only .within, .partition_by, .context and watermark settings may precede .trend_aggregate; write this operation after it", d.Name.Name)
			return
		}
		if isCall && oc.Name.Name == "trend_aggregate" {
			c.errorf(oc, codeUnsupported, "a stream has at most one .trend_aggregate")
			return
		}
		rest = append(rest, op)
	}
	if taOp == nil {
		c.errorf(d.Name, codeUnsupported, "stream %s: .trend_aggregate must follow the pattern", d.Name.Name)
		return
	}
	cl := &trendClass{named: named != nil, share: -1, nshare: -1}
	aliasStep := map[string]int{}
	asts := trendStepASTs(d, named)
	if len(asts) != len(spec.Alts[0].Steps) {
		asts = nil // unknown shape: conditions are treated as reading every alias
	}
	for i, st := range spec.Alts[0].Steps {
		if st.Negated {
			c.errorf(d.Name, codeUnsupported, "stream %s: .trend_aggregate does not support negated steps (not %s)", d.Name.Name, st.Type)
			return
		}
		ts := trendStep{typ: st.Type, quant: trend.Quant(st.Quant), alias: st.Alias, slot: st.Slot}
		if asts != nil {
			ts.where = asts[i]
		}
		if st.Alias != "" {
			aliasStep[st.Alias] = i
		}
		cl.steps = append(cl.steps, ts)
	}
	if len(cl.steps) > trend.MaxSteps {
		c.errorf(d.Name, codeUnsupported, "stream %s: a trend pattern has at most %d steps", d.Name.Name, trend.MaxSteps)
		return
	}
	mem := &trendMember{s: s}
	if !c.trendAggs(cl, mem, taOp, aliasStep) {
		return
	}
	within := spec.Within
	if within <= 0 {
		within = defaultTrendWithin
	}
	partAST := trendPartitionAST(d, named)
	s.kind = inputSimple
	s.binds = make([]expr.Binding, sc.size())
	mem.binds = make([]expr.Binding, sc.size())
	mem.next = c.compileOps(s, d, rest, sc)
	if mem.next == nil {
		return
	}
	s.checkLate = true
	solo := false // a stream reading streams is not shared (dependencies)
	for _, st := range cl.steps {
		if _, isStream := c.byName[st.typ]; isStream {
			solo = true
		}
	}
	g := c.trendGroupFor(s, within, spec, partAST, solo)
	if !c.trendPreds(d.Name, g, cl, spec, aliasStep) {
		return
	}
	if s != g.leader {
		s.head = trendIdle{}
		for _, st := range cl.steps {
			if src, ok := c.byName[st.typ]; ok && src != s {
				c.deps[s.idx] = append(c.deps[s.idx], src.idx)
			}
		}
	} else {
		s.head = g
		s.kind, s.trend = inputTrend, g
	}
	cl.members = []*trendMember{mem}
	for _, other := range g.classes {
		if !c.e.opts.UnsharedTrends && other.sameAs(cl) {
			other.join(mem, cl)
			return
		}
	}
	cl.g = g
	g.classes = append(g.classes, cl)
	for i := range cl.steps {
		cl.steps[i].ti = g.typeIndex(c, cl.steps[i].typ)
	}
	if len(mem.binds) > len(g.binds) {
		g.binds = make([]expr.Binding, len(mem.binds))
	}
}

// trendAggs compiles the items of .trend_aggregate into mem, adding the
// value channels they read to cl.
func (c *compiler) trendAggs(cl *trendClass, mem *trendMember, op *ast.OpCall, aliasStep map[string]int) bool {
	ok := true
	for _, a := range op.Args {
		if a == nil || a.Value == nil {
			c.errorf(op, codeBadArg, "invalid .trend_aggregate item")
			ok = false
			continue
		}
		call, isCall := unparen(a.Value).(*ast.CallExpr)
		var fn *ast.Ident
		if isCall {
			fn, _ = call.Fun.(*ast.Ident)
		}
		if a.Name == nil || fn == nil {
			c.errorf(a, codeBadArg, "a .trend_aggregate item is `name: count_trends()` or another trend aggregate")
			ok = false
			continue
		}
		kind, known := trendFuncKinds[fn.Name]
		if !known {
			c.errorf(fn, codeBadArg, "unknown trend aggregate %s", fn.Name)
			ok = false
			continue
		}
		ag := trendAgg{name: a.Name.Name, kind: kind, ch: -1}
		if kind == taCountTrends {
			if len(call.Args) != 0 {
				c.errorf(call, codeBadArg, "count_trends() takes no argument")
				ok = false
			}
			mem.aggs = append(mem.aggs, ag)
			continue
		}
		if len(call.Args) != 1 || call.Args[0] == nil || call.Args[0].Name != nil || call.Args[0].Value == nil {
			c.errorf(call, codeBadArg, "%s takes one argument", fn.Name)
			ok = false
			continue
		}
		arg := unparen(call.Args[0].Value)
		var alias, field string
		switch x := arg.(type) {
		case *ast.Ident:
			if kind == taCountEvents {
				alias = x.Name
			}
		case *ast.SelectorExpr:
			if id, isID := x.X.(*ast.Ident); isID && kind != taCountEvents && !x.Safe {
				alias, field = id.Name, x.Sel.Name
			}
		}
		step, found := aliasStep[alias]
		if alias == "" || !found {
			want := "alias.field"
			if kind == taCountEvents {
				want = "alias"
			}
			c.errorf(arg, codeBadArg, "%s takes %s, where alias names a step of the pattern", fn.Name, want)
			ok = false
			continue
		}
		ag.ch = cl.channel(trendChan{step: step, field: field})
		mem.aggs = append(mem.aggs, ag)
	}
	return ok
}

// channel returns the index of ch in cl.chans, adding it.
func (cl *trendClass) channel(ch trendChan) int {
	if i := slices.Index(cl.chans, ch); i >= 0 {
		return i
	}
	cl.chans = append(cl.chans, ch)
	return len(cl.chans) - 1
}

// trendStepASTs returns the predicate syntax of each step (nil entries
// for steps without one), or nil when the pattern comes from a named
// pattern declaration (its predicates are then treated as reading every
// alias).
func trendStepASTs(d *ast.StreamDecl, named *ast.PatternDecl) []ast.Expr {
	if named != nil {
		return nil
	}
	var out []ast.Expr
	switch src := d.Source.(type) {
	case *ast.SimpleSource:
		out = append(out, nil)
	case *ast.SequenceSource:
		for _, st := range src.Steps {
			if st == nil {
				return nil
			}
			out = append(out, st.Where)
		}
	}
	for _, op := range d.Ops {
		if f, ok := op.(*ast.FollowedBy); ok {
			out = append(out, f.Where)
		}
	}
	return out
}

// trendPartitionAST returns the partition key expression, or nil.
func trendPartitionAST(d *ast.StreamDecl, named *ast.PatternDecl) ast.Expr {
	if named != nil && named.PartitionBy != nil {
		return named.PartitionBy
	}
	for _, op := range d.Ops {
		if oc, ok := op.(*ast.OpCall); ok && oc.Name.Name == "partition_by" && len(oc.Args) == 1 {
			return oc.Args[0].Value
		}
	}
	return nil
}

// trendGroupFor returns the group s joins, creating it (s then leads it).
func (c *compiler) trendGroupFor(s *stream, within int64, spec *pattern.Spec, partAST ast.Expr, solo bool) *trendGroup {
	if !c.e.opts.UnsharedTrends && !s.muted && !solo {
		for _, g := range c.trends {
			if g.solo || g.leader.muted || g.within != within || g.tolerance != s.tolerance || g.lateness != s.lateness || g.ctxGroup != s.group {
				continue
			}
			if (g.partAST == nil) != (partAST == nil) || (partAST != nil && !format.EqualAST(g.partAST, partAST)) {
				continue
			}
			return g
		}
	}
	g := &trendGroup{leader: s, solo: solo, within: within, partField: spec.PartitionField, partLook: event.NewLookup(spec.PartitionField), partExpr: spec.PartitionExpr,
		partAST: partAST, keyName: "key", tolerance: s.tolerance, lateness: s.lateness, ctxGroup: s.group,
		parts: keytab.New[*trendPart](), fired: math.MinInt64, ctx: c.e.newCtx()}
	switch x := unparen(partAST).(type) {
	case *ast.Ident:
		g.keyName = x.Name
	case *ast.SelectorExpr:
		g.keyName = x.Sel.Name
	}
	g.tidx = c.e.registerTimed(g)
	c.trends = append(c.trends, g)
	return g
}

// typeIndex returns the index of typ in the group's types; a new type is
// subscribed by the leader.
func (g *trendGroup) typeIndex(c *compiler, typ string) int {
	if i := slices.Index(g.types, typ); i >= 0 {
		return i
	}
	g.types = append(g.types, typ)
	c.subscribe(g.leader, typ, len(g.types)-1, false)
	return len(g.types) - 1
}

// trendPreds splits the step predicates of cl into shared, local and edge
// conjuncts and decides the carried steps.
func (c *compiler) trendPreds(at ast.Node, g *trendGroup, cl *trendClass, spec *pattern.Spec, aliasStep map[string]int) bool {
	steps := spec.Alts[0].Steps
	carry := map[int]bool{}
	for i := range cl.steps {
		ts := &cl.steps[i]
		st := &steps[i]
		ts.selfEdge, ts.memo = true, -1
		var xs []ast.Expr
		if ts.where != nil {
			xs = trendConjuncts(ts.where, nil)
		}
		split := ts.where != nil && len(xs) == len(st.Conj) || ts.where == nil && len(st.Conj) == 0 && !cl.named
		if !split {
			if st.Where == nil {
				continue
			}
			// Unknown shape: one edge conjunct reading every alias.
			ts.edge = append(ts.edge, st.Where)
			ts.selfEdge = false
			for j := 0; j < i; j++ {
				if steps[j].Alias != "" && !(j == i-1 && !ts.quant.Kleene()) {
					carry[j] = true
				}
			}
			continue
		}
		for k, x := range xs {
			cj := st.Conj[k]
			if k := cj.Corr; k != nil && spec.PartitionField != "" && k.Field == spec.PartitionField && k.BoundField == spec.PartitionField {
				continue // implied by the partitioning
			}
			refs, list := trendRefs(x, aliasStep, cl.steps)
			if list != nil {
				c.errorf(list, codeUnsupported, "in a .trend_aggregate pattern a Kleene alias is read only as alias.field (its last event)")
				return false
			}
			switch {
			case refs == 0:
				ts.shared = append(ts.shared, g.pred(x, cj.Eval))
			case refs == 1<<uint(i) && !ts.quant.Kleene():
				ts.local = append(ts.local, cj.Eval)
			default:
				ts.edge = append(ts.edge, cj.Eval)
				ts.edgeAST = append(ts.edgeAST, x)
				if refs != 1<<uint(i) {
					ts.selfEdge = false
				}
				for j := 0; j < i; j++ {
					if refs&(1<<uint(j)) != 0 && !(j == i-1 && !ts.quant.Kleene()) {
						carry[j] = true
					}
				}
			}
		}
	}
	for i := range cl.steps {
		if len(cl.steps[i].edge) > 0 {
			cl.general = true
		}
		if carry[i] {
			cl.carry = append(cl.carry, i)
		}
	}
	// Checked here so that a pattern error is a compile error.
	if _, err := trend.NewPattern(cl.quants(), nil, cl.carry); err != nil {
		c.errorf(at, codeUnsupported, "%v", err)
		return false
	}
	return true
}

func (cl *trendClass) quants() []trend.Quant {
	q := make([]trend.Quant, len(cl.steps))
	for i, st := range cl.steps {
		q[i] = st.quant
	}
	return q
}

// pred returns the index of the shared conjunct x, adding it.
func (g *trendGroup) pred(x ast.Expr, ev expr.Eval) int {
	for i, p := range g.preds {
		if format.EqualAST(p.x, x) {
			return i
		}
	}
	g.preds = append(g.preds, trendPred{x: x, eval: ev})
	return len(g.preds) - 1
}

// trendConjuncts splits e at top-level `and` (as the pattern compiler does).
func trendConjuncts(e ast.Expr, out []ast.Expr) []ast.Expr {
	switch x := e.(type) {
	case nil:
		return out
	case *ast.ParenExpr:
		return trendConjuncts(x.X, out)
	case *ast.BinaryExpr:
		if x.Op == token.AND {
			return trendConjuncts(x.Y, trendConjuncts(x.X, out))
		}
	}
	return append(out, e)
}

// trendRefs returns the steps whose aliases e reads (bit per step) and the
// first use of a Kleene alias other than alias.field.
func trendRefs(e ast.Expr, aliasStep map[string]int, steps []trendStep) (uint64, *ast.Ident) {
	var refs uint64
	var list *ast.Ident
	ast.Names(e, func(id *ast.Ident, qualifier bool) {
		s, isAlias := aliasStep[id.Name]
		if !isAlias {
			return
		}
		refs |= 1 << uint(s)
		if !qualifier && steps[s].quant.Kleene() && list == nil {
			list = id
		}
	})
	return refs, list
}

// sameAs reports whether cl's pattern is identical to o's (o not yet
// joined to a group), so that one state serves both.
func (cl *trendClass) sameAs(o *trendClass) bool {
	if cl.named || o.named || len(cl.steps) != len(o.steps) {
		return false
	}
	for i := range cl.steps {
		a, b := &cl.steps[i], &o.steps[i]
		if a.typ != b.typ || a.quant != b.quant || a.alias != b.alias || a.slot != b.slot || (a.where == nil) != (b.where == nil) {
			return false
		}
		if a.where != nil && !format.EqualAST(a.where, b.where) {
			return false
		}
	}
	return true
}

// join adds member m, compiled with class o, to cl: its aggregates are
// renumbered to cl's channels.
func (cl *trendClass) join(m *trendMember, o *trendClass) {
	for i := range m.aggs {
		if ch := m.aggs[i].ch; ch >= 0 {
			m.aggs[i].ch = cl.channel(o.chans[ch])
		}
	}
	cl.members = append(cl.members, m)
	if len(m.binds) > len(cl.g.binds) {
		cl.g.binds = make([]expr.Binding, len(m.binds))
	}
}

// build finishes the group at its first event: the members are known.
func (g *trendGroup) build() {
	g.built = true
	g.predRes = make([]int8, len(g.preds))
	g.maxWs = timekeeper.SubSat(math.MaxInt64, g.within)
	for _, cl := range g.classes {
		chans := make([]int, len(cl.chans))
		for i, ch := range cl.chans {
			chans[i] = ch.step
		}
		p, err := trend.NewPattern(cl.quants(), chans, cl.carry)
		if err != nil {
			// Checked at compile time (steps, carried steps); the channels
			// are steps of the pattern by construction.
			p, _ = trend.NewPattern([]trend.Quant{trend.One}, nil, nil)
			cl.typeSteps = make([][]int, len(g.types))
			cl.fixed = make([]bool, len(g.types)) // mask 0 for every type
			cl.fixedMask = make([]uint64, len(g.types))
			for i := range cl.fixed {
				cl.fixed[i] = true
			}
			cl.pat = p
			continue
		}
		cl.pat = p
		cl.vals = make([]float64, len(cl.chans))
		cl.looks = make([]event.Lookup, len(cl.chans))
		for i, ch := range cl.chans {
			cl.looks[i] = event.NewLookup(ch.field)
		}
		cl.typeSteps = make([][]int, len(g.types))
		for i, st := range cl.steps {
			cl.typeSteps[st.ti] = append(cl.typeSteps[st.ti], i)
		}
		cl.fixed = make([]bool, len(g.types))
		cl.fixedMask = make([]uint64, len(g.types))
		for ti, steps := range cl.typeSteps {
			cl.fixed[ti] = true
			for _, s := range steps {
				st := &cl.steps[s]
				cl.fixedMask[ti] |= 1 << uint(s)
				if len(st.shared) > 0 || len(st.local) > 0 {
					cl.fixed[ti] = false
				}
			}
		}
		cl.ctx = g.ctx
		cl.binds = make([]expr.Binding, len(g.binds))
		cl.lists = make([][1]*event.Event, len(cl.steps))
		if cl.general {
			g.general = true
			cl.edgeFn = cl.edge
		}
	}
	g.planSharing()
}

// push receives one event of a step type (the group is its leader's head).
func (g *trendGroup) push(it item) {
	if ti := slices.Index(g.types, it.ev.Type); ti >= 0 {
		g.arrive(ti, it.ev)
	}
}

// arrive adds ev, an event of type g.types[ti], to the cell of its
// partition and window. The leader's input ports are the type indexes
// (typeIndex), so its stream calls arrive directly.
func (g *trendGroup) arrive(ti int, ev *event.Event) {
	if !g.built {
		g.build()
	}
	ws := g.lastWs
	if !g.hasWs || ev.Time < ws || uint64(ev.Time)-uint64(ws) >= uint64(g.within) {
		ws = floorDiv(ev.Time, g.within) * g.within
		g.lastWs, g.hasWs = ws, true
	}
	if ws < g.maxWs && ws+g.within <= g.fired {
		return // its window has been emitted (late event)
	}
	var key value.Value
	switch {
	case g.partField != "":
		key, _ = g.partLook.Get(ev)
	case g.partExpr != nil:
		g.ctx.Event, g.ctx.Bindings = ev, g.binds
		key = g.partExpr(&g.ctx)
	}
	part, _ := g.parts.Get(key)
	if part == nil {
		part = &trendPart{}
		g.parts.Put(key, part)
	}
	cell := part.cur
	if cell == nil || part.curWin != ws {
		cell = nil
		for _, c := range part.cells {
			if c.win == ws {
				cell = c
				break
			}
		}
		if cell == nil {
			cell = g.newCell(ws, key)
			cell.part = part
			part.cells = append(part.cells, cell)
		}
		part.cur, part.curWin = cell, ws
	}
	if len(g.predRes) > 0 {
		clear(g.predRes)
	}
	if g.general {
		cell.evs = append(cell.evs, ev)
		if len(g.memos) > 0 {
			if g.stamp++; g.stamp == 0 {
				for _, m := range g.memos {
					clear(m.stamp)
				}
				g.stamp = 1
			}
		}
	}
	for _, si := range g.typeShares[ti] {
		g.pushShare(si, cell, ti, ev)
	}
	for ni, ns := range g.netShares {
		if ns.ti == ti {
			g.pushNet(ni, cell, ti, ev)
		} else {
			cell.nets[ni].net.Break()
		}
	}
	for _, ci := range g.direct[ti] {
		cl := g.classes[ci]
		mask := cl.mask(ti, ev)
		if cl.general {
			if cl.nshare >= 0 {
				if mask == 0 {
					continue // the graph's event count catches up when next used
				}
				g.settleNet(cell, cl, len(cell.evs)-1)
			}
			cl.evs = cell.evs
			cl.fillVals(mask, ev)
			cell.graphs[ci].Add(mask, cl.vals, cl.edgeFn)
			continue
		}
		if mask == 0 {
			continue
		}
		if cl.share >= 0 {
			g.settle(cell, cl)
		}
		cl.fillVals(mask, ev)
		cell.sums[ci].Add(mask, cl.vals)
	}
}

// floorDiv is a / b rounded towards −∞ (b > 0).
func floorDiv(a, b int64) int64 {
	q := a / b
	if a < 0 && q*b != a {
		q--
	}
	return q
}

func (g *trendGroup) newCell(ws int64, key value.Value) *trendCell {
	var cell *trendCell
	if n := len(g.free); n > 0 {
		cell = g.free[n-1]
		g.free[n-1] = nil
		g.free = g.free[:n-1]
		cell.key = key
		cell.win = ws
	} else {
		cell = &trendCell{win: ws, key: key, sums: make([]trend.Sums, len(g.classes)), graphs: make([]*trend.Graph, len(g.classes))}
		for i, cl := range g.classes {
			if cl.general {
				cell.graphs[i] = trend.NewGraph(cl.pat)
			} else {
				cell.sums[i].Init(cl.pat)
			}
		}
		cell.bursts = make([]trendBurst, len(g.shares))
		for i, sh := range g.shares {
			cell.bursts[i] = trendBurst{b: trend.NewBurst(len(sh.fields)), pend: make([]uint64, len(sh.all))}
		}
		cell.nets = make([]trendNetCell, len(g.netShares))
		for i, ns := range g.netShares {
			cell.nets[i] = trendNetCell{net: trend.NewNet(len(ns.fields)), from: make([]int, len(ns.members)), solo: make([]bool, len(ns.members))}
		}
	}
	i, found := slices.BinarySearchFunc(g.wins, ws, func(w *trendWin, t int64) int {
		switch {
		case w.start < t:
			return -1
		case w.start > t:
			return 1
		}
		return 0
	})
	if !found {
		g.wins = slices.Insert(g.wins, i, &trendWin{start: ws})
	}
	w := g.wins[i]
	w.cells = append(w.cells, cell)
	g.rearm()
	return cell
}

// mask returns the steps of cl the event qualifies for: its type and every
// shared and local conjunct.
func (cl *trendClass) mask(ti int, ev *event.Event) uint64 {
	if cl.fixed[ti] {
		return cl.fixedMask[ti]
	}
	return cl.evalMask(ti, ev)
}

// evalMask is mask for a type with conditions on its steps.
func (cl *trendClass) evalMask(ti int, ev *event.Event) uint64 {
	var m uint64
	g := cl.g
	for _, s := range cl.typeSteps[ti] {
		st := &cl.steps[s]
		ok := true
		for _, pi := range st.shared {
			r := g.predRes[pi]
			if r == 0 {
				g.ctx.Event, g.ctx.Bindings = ev, g.binds
				r = 2
				if value.Truthy(g.preds[pi].eval(&g.ctx)) {
					r = 1
				}
				g.predRes[pi] = r
			}
			if r != 1 {
				ok = false
				break
			}
		}
		if ok && len(st.local) > 0 {
			cl.ctx.Event, cl.ctx.Bindings = ev, cl.binds
			cl.bind(st.slot, ev)
			for _, f := range st.local {
				if !value.Truthy(f(&cl.ctx)) {
					ok = false
					break
				}
			}
			cl.unbind(st.slot)
		}
		if ok {
			m |= 1 << uint(s)
		}
	}
	return m
}

// bind binds a single-event alias slot to ev.
func (cl *trendClass) bind(slot int, ev *event.Event) {
	if slot >= 0 {
		cl.binds[slot] = expr.Binding{Event: ev}
	}
}

func (cl *trendClass) unbind(slot int) {
	if slot >= 0 {
		cl.binds[slot] = expr.Binding{}
	}
}

// fillVals writes the channel values of ev (NaN: none).
func (cl *trendClass) fillVals(mask uint64, ev *event.Event) {
	for i, ch := range cl.chans {
		if mask&(1<<uint(ch.step)) == 0 {
			cl.vals[i] = math.NaN()
			continue
		}
		if ch.field == "" {
			cl.vals[i] = 0
			continue
		}
		v, _ := cl.looks[i].Get(ev)
		switch v.Kind() {
		case value.KindInt:
			cl.vals[i] = float64(v.AsInt())
		case value.KindFloat:
			cl.vals[i] = v.AsFloat()
		default:
			cl.vals[i] = math.NaN()
		}
	}
}

// edge evaluates the edge conjuncts of curStep for cur following prev in
// a trend of the current cell (cl.evs), with the aliases bound as in that
// trend.
func (cl *trendClass) edge(prev, prevStep int, ctx []int32, cur, curStep int) bool {
	st := &cl.steps[curStep]
	if len(st.edge) == 0 {
		return true
	}
	if st.memo < 0 || cl.g.replaying {
		return cl.evalEdge(st, prev, prevStep, ctx, cur, curStep)
	}
	// The conjuncts read the step's own Kleene alias only: the value
	// depends on the previous event of the step (none when entering it)
	// and the current event, the same for every class of the memo.
	key := 0
	if prevStep == curStep {
		key = prev + 1
	}
	m := cl.g.memos[st.memo]
	if key < len(m.stamp) && m.stamp[key] == cl.g.stamp {
		return m.val[key]
	}
	r := cl.evalEdge(st, prev, prevStep, ctx, cur, curStep)
	if key >= len(m.stamp) {
		n := max(2*len(m.stamp), key+1, 64)
		m.stamp = append(m.stamp, make([]uint32, n-len(m.stamp))...)
		m.val = append(m.val, make([]bool, n-len(m.val))...)
	}
	m.stamp[key], m.val[key] = cl.g.stamp, r
	return r
}

// evalEdge evaluates the edge conjuncts of step st (curStep) for cur
// following prev.
func (cl *trendClass) evalEdge(st *trendStep, prev, prevStep int, ctx []int32, cur, curStep int) bool {
	for j := range cl.steps {
		sj := &cl.steps[j]
		if sj.slot < 0 {
			continue
		}
		kleene := sj.quant.Kleene()
		var ev *event.Event
		switch {
		case j == curStep:
			if !kleene {
				ev = cl.evs[cur]
			} else if prevStep == curStep {
				ev = cl.evs[prev]
			}
		case j == prevStep:
			ev = cl.evs[prev]
		default:
			if k := slices.Index(cl.carry, j); k >= 0 && ctx[k] >= 0 {
				ev = cl.evs[ctx[k]]
			}
		}
		if kleene {
			b := expr.Binding{Kleene: true}
			if ev != nil {
				cl.lists[j][0] = ev
				b.List = cl.lists[j][:]
			}
			cl.binds[sj.slot] = b
		} else {
			cl.binds[sj.slot] = expr.Binding{Event: ev}
		}
	}
	cl.ctx.Event, cl.ctx.Bindings = cl.evs[cur], cl.binds
	for _, f := range st.edge {
		if !value.Truthy(f(&cl.ctx)) {
			return false
		}
	}
	return true
}

// rearm schedules the timer for the earliest open window's end.
func (g *trendGroup) rearm() {
	if len(g.wins) == 0 {
		return
	}
	at := timekeeper.AddSat(timekeeper.AddSat(g.wins[0].start, g.within), timekeeper.AddSat(g.tolerance, g.lateness))
	if g.timer && at >= g.armed {
		return
	}
	g.armed, g.timer = at, true
	g.gen++
	g.leader.e.schedule(g.tidx, at, g.gen)
}

// fire implements timedOp: emit the windows the watermark has passed.
func (g *trendGroup) fire(_, gen int64) {
	if gen != g.gen {
		return
	}
	g.timer = false
	wm := timekeeper.SubSat(timekeeper.SubSat(g.leader.e.clock.Now(), g.tolerance), g.lateness)
	for len(g.wins) > 0 {
		w := g.wins[0]
		end := timekeeper.AddSat(w.start, g.within)
		if end > wm {
			break
		}
		g.wins = g.wins[1:]
		g.fired = end
		for i, cell := range w.cells {
			g.emit(w.start, end, cell)
			pt := cell.part
			if j := slices.Index(pt.cells, cell); j >= 0 {
				pt.cells = slices.Delete(pt.cells, j, j+1)
			}
			if pt.cur == cell {
				pt.cur = nil
			}
			g.recycle(cell)
			w.cells[i] = nil
		}
		if g.fires++; g.fires%trendSweep == 0 {
			g.parts.DeleteFunc(func(p *trendPart) bool { return len(p.cells) == 0 })
		}
	}
	g.rearm()
}

// recycle empties an emitted cell and keeps it for reuse.
func (g *trendGroup) recycle(cell *trendCell) {
	for i := range g.classes {
		if cell.graphs[i] != nil {
			cell.graphs[i].Reset()
		} else {
			cell.sums[i].Reset()
		}
	}
	for i := range cell.bursts {
		bs := &cell.bursts[i]
		clear(bs.pend)
		bs.n = 0
		bs.b.Reset()
	}
	for i := range cell.nets {
		nc := &cell.nets[i]
		nc.net.Reset()
		clear(nc.from)
		clear(nc.solo)
	}
	clear(cell.evs)
	cell.evs = cell.evs[:0]
	cell.key = value.Null()
	cell.part = nil
	g.free = append(g.free, cell)
}

// emit pushes the rows of one cell into each member's chain.
func (g *trendGroup) emit(start, end int64, cell *trendCell) {
	r := &g.res
	for si := range g.shares {
		g.resolveAll(cell, si)
	}
	for _, ns := range g.netShares {
		for _, m := range ns.members {
			g.settleNet(cell, g.classes[m.ci], len(cell.evs))
		}
	}
	for ci, cl := range g.classes {
		if cl.general {
			cell.graphs[ci].ResultInto(r)
		} else {
			cell.sums[ci].ResultInto(r)
		}
		if r.TrendsF <= 0 {
			continue
		}
		for _, m := range cl.members {
			m.next.push(item{ev: g.row(m, r, start, end, cell.key), binds: m.binds})
		}
	}
}

// row builds the output row of member m.
func (g *trendGroup) row(m *trendMember, r *trend.Result, start, end int64, key value.Value) *event.Event {
	n := len(m.aggs) + 4
	var ev *event.Event
	if m.scratch != nil {
		ev = m.scratch
		ev.Time = end
		ev.Fields = ev.Fields[:0]
	} else {
		ev = &event.Event{Type: m.s.name, Time: end, Fields: make([]event.Field, 0, n)}
		if copiesRows(m.next) {
			m.scratch = ev
		}
	}
	count := func(i int64, f float64) value.Value {
		if r.Overflow {
			return value.Float(f)
		}
		return value.Int(i)
	}
	for _, a := range m.aggs {
		var v value.Value
		var ch trend.ChResult
		if a.ch >= 0 {
			ch = r.Ch[a.ch]
		}
		switch a.kind {
		case taCountTrends:
			v = count(r.Trends, r.TrendsF)
		case taCountEvents:
			v = count(ch.Events, ch.EventsF)
		case taSum:
			v = value.Float(ch.Sum)
		case taAvg:
			if ch.Has {
				v = value.Float(ch.Avg())
			}
		case taMin:
			if ch.Has {
				v = value.Float(ch.Min)
			}
		case taMax:
			if ch.Has {
				v = value.Float(ch.Max)
			}
		}
		ev.Fields = append(ev.Fields, event.Field{Name: a.name, Value: v})
	}
	ev.Fields = append(ev.Fields,
		event.Field{Name: "window_start", Value: value.Timestamp(start)},
		event.Field{Name: "window_end", Value: value.Timestamp(end)})
	if g.partField != "" || g.partExpr != nil {
		ev.Fields = append(ev.Fields, event.Field{Name: g.keyName, Value: key})
	}
	if r.Overflow {
		ev.Fields = append(ev.Fields, event.Field{Name: "overflow", Value: value.Bool(true)})
	}
	return ev
}
