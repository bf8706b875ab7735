package engine

import (
	"github.com/varpulis/varpulis-go/engine/agg"
	"github.com/varpulis/varpulis-go/engine/expr"
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/vpl/ast"
)

// batchFilter is a compiled `.pattern(name: body)` (vpl-original §6.3): a
// test of a whole batch of events, the events of one fired window (or one
// event when no window comes before). The body sees the batch as a list of
// maps, one per event in window order, each holding `event_type` and the
// event's fields. It is bound to `events` and, when the body is a lambda,
// also to the lambda's parameter. The batch is kept when the body gives
// true; false, null or any other value drops it.
type batchFilter struct {
	eval  expr.Eval   // non-lambda body
	fn    expr.Lambda // lambda body
	ctx   expr.Ctx
	frame []value.Value // frame[0]: `events`
}

// compileBatchFilter compiles a .pattern operation, or reports why it
// cannot run and returns nil.
func (c *compiler) compileBatchFilter(po *ast.PatternOp) *batchFilter {
	if po.Pat != nil {
		c.errorf(po, codeUnsupported, "a sequence inside .pattern(...) is not supported: write it as a pattern stream (A as a -> B ...)")
		return nil
	}
	if po.Lambda == nil {
		c.errorf(po, codeBadArg, ".pattern needs a body: .pattern(name: events => condition)")
		return nil
	}
	sc := expr.NewScope(c.env.prog)
	sc.DeclareLocal("events")
	f := &batchFilter{ctx: c.e.newCtx(), frame: make([]value.Value, 1)}
	if le, ok := unparen(po.Lambda).(*ast.LambdaExpr); ok {
		if len(le.Params) != 1 {
			c.errorf(le, codeBadArg, "the lambda of .pattern takes one parameter, the batch of events")
			return nil
		}
		fn, err := expr.CompileLambda(le, sc)
		if err != nil {
			c.exprError(le, err)
			return nil
		}
		f.fn = fn
		return f
	}
	ev, err := c.env.compile(po.Lambda, &exprScope{sc: sc})
	if err != nil {
		c.exprError(po.Lambda, err)
		return nil
	}
	f.eval = ev
	return f
}

// keep evaluates the filter on a batch.
func (f *batchFilter) keep(evs []item) bool {
	list := batchList(evs)
	f.frame[0] = list
	f.ctx.Frame = f.frame
	var v value.Value
	if f.fn != nil {
		v = f.fn(&f.ctx, list)
	} else {
		v = f.eval(&f.ctx)
	}
	f.frame[0] = value.Value{}
	return v.Kind() == value.KindBool && v.AsBool()
}

// batchList builds the list of maps a .pattern body sees. The maps and
// their entries are allocated in one slab each: the list belongs to the
// body's evaluation (it may keep it, so nothing is reused).
func batchList(evs []item) value.Value {
	n := 0
	for _, it := range evs {
		n += len(it.ev.Fields) + 1
	}
	entries := make([]value.Entry, 0, n)
	maps := make([]value.Map, len(evs))
	out := make([]value.Value, len(evs))
	for i, it := range evs {
		start := len(entries)
		entries = append(entries, value.Entry{Key: "event_type", Value: value.String(it.ev.Type)})
		for _, fd := range it.ev.Fields {
			if fd.Name == "event_type" {
				entries[start].Value = fd.Value // a field of that name wins
				continue
			}
			entries = append(entries, value.Entry{Key: fd.Name, Value: fd.Value})
		}
		value.InitMap(&maps[i], entries[start:len(entries):len(entries)])
		out[i] = value.MapOf(&maps[i])
	}
	return value.Array(out)
}

// batchOneOp is .pattern without an earlier window: every event is a
// batch of one.
type batchOneOp struct {
	link
	filters []*batchFilter
	one     [1]item
}

func (o *batchOneOp) push(it item) {
	o.one[0] = it
	for _, f := range o.filters {
		if !f.keep(o.one[:]) {
			o.one[0] = item{}
			return
		}
	}
	o.one[0] = item{}
	o.next.push(it)
}

// batchMeta describes a fired window for its aggregate row.
type batchMeta struct {
	t          int64 // row time
	timed      bool  // time or session window: the row has window_start/end
	start, end int64
}

// batchAgg aggregates each kept batch of a windowBuf into one row, as
// windowAgg would have aggregated the same window: `.window(...)
// .pattern(...) .aggregate(...)`.
type batchAgg struct {
	s       *stream
	d       *aggDef
	inner   operator // operations between the window and .aggregate, ending in batchSink
	accs    []agg.Acc
	ord     agg.Ord
	timeOrd bool // time windows order first/last by event time, then arrival
	binds   []expr.Binding
}

// batchSink adds the events that pass the inner operations.
type batchSink struct{ b *batchAgg }

func (o *batchSink) push(it item) { o.b.d.add(it, o.b.accs, o.b.ord) }

// aggregate pushes the row of one kept batch to next.
func (b *batchAgg) aggregate(key value.Value, evs []item, m batchMeta, next operator) {
	if b.accs == nil {
		b.accs = b.d.newAccs()
	}
	for _, a := range b.accs {
		a.Reset()
	}
	for i, it := range evs {
		b.ord = agg.Ord{Seq: uint64(i)}
		if b.timeOrd {
			b.ord.Time = it.ev.Time
		}
		b.inner.push(it)
	}
	row := b.d.row(b.s.name, m.t, key, b.accs, m.timed, m.start, m.end)
	next.push(item{ev: row, binds: b.binds})
}
