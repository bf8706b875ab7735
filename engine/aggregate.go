package engine

import (
	"unsafe"

	"github.com/varpulis/varpulis-go/engine/agg"
	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/expr"
	"github.com/varpulis/varpulis-go/engine/timekeeper"
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/engine/window"
)

// aggLeaf is one aggregate function call inside an .aggregate item.
type aggLeaf struct {
	spec *agg.Spec
	arg  expr.Eval // nil for count()
}

// aggItem is one `name: expression` of .aggregate. leaf >= 0 when the
// expression is a single aggregate call; otherwise eval computes it from the
// leaf results, which it reads as the fields of a scratch event.
type aggItem struct {
	name string
	leaf int
	eval expr.Eval
}

// aggDef is a compiled .aggregate(...) with its partition key.
type aggDef struct {
	leaves  []aggLeaf
	items   []aggItem
	keyName string    // field name of the partition key in rows
	key     expr.Eval // nil when not partitioned
	running bool

	leafEv *event.Event // scratch: leaf results as fields, for item evals
	ctx    expr.Ctx     // evaluates leaf arguments
	rowCtx expr.Ctx     // evaluates composite items
}

// leafFieldName is the scratch field name of leaf i: not a valid VPL
// identifier, so it cannot clash with user names.
func leafFieldName(i int) string { return "\x00agg" + itoa(i) }

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

func (d *aggDef) newAccs() []agg.Acc {
	accs := make([]agg.Acc, len(d.leaves))
	for i, l := range d.leaves {
		accs[i] = l.spec.New()
	}
	return accs
}

// add evaluates the leaf arguments on the current item and adds them.
func (d *aggDef) add(it item, accs []agg.Acc, ord agg.Ord) {
	d.ctx.Event, d.ctx.Bindings = it.ev, it.binds
	for i := range d.leaves {
		var v value.Value
		if a := d.leaves[i].arg; a != nil {
			v = a(&d.ctx)
		}
		accs[i].Add(v, ord)
	}
}

// evalLeaves writes the leaf arguments of it into vals (sliding count
// windows keep them per event).
func (d *aggDef) evalLeaves(it item, vals []value.Value) {
	d.ctx.Event, d.ctx.Bindings = it.ev, it.binds
	for i := range d.leaves {
		if a := d.leaves[i].arg; a != nil {
			vals[i] = a(&d.ctx)
		} else {
			vals[i] = value.Null()
		}
	}
}

// row builds the aggregate row: key, items, then window bounds.
func (d *aggDef) row(typ string, t int64, key value.Value, accs []agg.Acc, timed bool, start, end int64) *event.Event {
	n := len(d.items)
	if d.key != nil {
		n++
	}
	if timed {
		n += 2
	}
	ev := &event.Event{Type: typ, Time: t, Fields: make([]event.Field, 0, n)}
	if d.key != nil {
		ev.Fields = append(ev.Fields, event.Field{Name: d.keyName, Value: key})
	}
	composite := false
	for _, it := range d.items {
		if it.leaf < 0 {
			composite = true
			break
		}
	}
	if composite {
		for i := range accs {
			d.leafEv.Fields[i].Value = accs[i].Result()
		}
		d.rowCtx.Event = d.leafEv
	}
	for _, it := range d.items {
		var v value.Value
		if it.leaf >= 0 {
			v = accs[it.leaf].Result()
		} else {
			v = it.eval(&d.rowCtx)
		}
		ev.Fields = append(ev.Fields, event.Field{Name: it.name, Value: v})
	}
	if timed {
		ev.Fields = append(ev.Fields,
			event.Field{Name: "window_start", Value: value.Timestamp(start)},
			event.Field{Name: "window_end", Value: value.Timestamp(end)})
	}
	return ev
}

// ---------------------------------------------------------------------------
// Running aggregate (no window)

type runningAgg struct {
	link
	s     *stream
	d     *aggDef
	parts map[value.Key]*runningPart
	one   *runningPart // unpartitioned state
	seq   uint64
	binds []expr.Binding // empty bindings for rows
	kctx  expr.Ctx
}

type runningPart struct {
	key  value.Value
	accs []agg.Acc
}

func (o *runningAgg) push(it item) {
	p := o.one
	if o.d.key != nil {
		o.kctx.Event, o.kctx.Bindings = it.ev, it.binds
		k := o.d.key(&o.kctx)
		kk := k.Key()
		p = o.parts[kk]
		if p == nil {
			p = &runningPart{key: k, accs: o.d.newAccs()}
			o.parts[kk] = p
		}
	}
	o.seq++
	o.d.add(it, p.accs, agg.Ord{Seq: o.seq})
	row := o.d.row(o.s.name, it.ev.Time, p.key, p.accs, false, 0, 0)
	o.next.push(item{ev: row, binds: o.binds})
}

// ---------------------------------------------------------------------------
// Windowed aggregate

// accSink ends the chain of operations between .window and .aggregate: it
// adds items to the accumulators (or leaf values) the window selected.
type accSink struct {
	w *windowAgg
}

func (o *accSink) push(it item) {
	w := o.w
	if w.targetVals != nil {
		w.d.evalLeaves(it, w.targetVals.vals)
		w.targetVals.present = true
		return
	}
	ord := agg.Ord{Seq: w.seq}
	if w.spec.Kind.IsTime() {
		// first, last, collect and ema follow event time, then arrival
		// (decisions.md), also across out-of-order events and merged
		// sessions or panes.
		ord.Time = it.ev.Time
	}
	w.d.add(it, w.target, ord)
}

// slot is one event of a sliding count window: its leaf values.
type slot struct {
	vals    []value.Value
	present bool // the event passed the operations before .aggregate
}

type aggPart struct {
	idx   int
	key   value.Value
	accs  []agg.Acc // count windows
	count int64
	ring  *window.Ring[*slot]
	tw    *window.Time[[]agg.Acc]
	ss    *window.Sessions[[]agg.Acc]
	sched int64 // deadline (clock terms) of the part's live timer; Never when none
}

// windowAgg is .window(...) followed (possibly after per-event operations)
// by .aggregate(...): events update accumulators as they arrive.
type windowAgg struct {
	link
	s     *stream
	d     *aggDef
	spec  window.Spec
	g     window.Panes
	inner operator // operations between window and aggregate, ending in accSink
	delay int64    // tolerance + allowed lateness of the stream

	parts    []*aggPart
	byKey    map[value.Key]int
	strCache []strPart // see part
	kctx     expr.Ctx
	binds    []expr.Binding

	target     []agg.Acc // where accSink adds
	targetVals *slot
	seq        uint64

	free    [][]agg.Acc // recycled pane accumulators
	scratch []agg.Acc   // merge target when firing

	// timers
	tidx    int
	gen     int64
	pending int64 // deadline of the live global timer, Never when none
	heap    timekeeper.Heap
}

func (o *windowAgg) part(it item) *aggPart {
	var k value.Value
	if o.d.key != nil {
		o.kctx.Event, o.kctx.Bindings = it.ev, it.binds
		k = o.d.key(&o.kctx)
	}
	// String keys usually come from decoders that intern short values,
	// so one key is one string in memory: a small cache indexed by the
	// string's address finds its part without hashing the bytes.
	var sc []strPart // the key's two-entry set in the cache
	if k.Kind() == value.KindString {
		s := k.AsString()
		p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
		if o.strCache == nil {
			o.strCache = make([]strPart, strCacheSize)
		}
		h := (uint64(p) * 0x9E3779B97F4A7C15 >> 32) & (strCacheSize - 2)
		sc = o.strCache[h : h+2 : h+2]
		if sc[0].p == p && sc[0].n == len(s) && sc[0].part != nil {
			return sc[0].part
		}
		if sc[1].p == p && sc[1].n == len(s) && sc[1].part != nil {
			return sc[1].part
		}
	}
	kk := k.Key()
	if i, ok := o.byKey[kk]; ok {
		if sc != nil {
			o.cachePart(sc, k.AsString(), o.parts[i])
		}
		return o.parts[i]
	}
	p := &aggPart{idx: len(o.parts), key: k, sched: timekeeper.Never}
	switch o.spec.Kind {
	case window.Count:
		p.accs = o.d.newAccs()
	case window.SlidingCount:
		p.ring = window.NewRing[*slot](int(o.spec.Size), int(o.spec.Slide))
	case window.Tumbling, window.Sliding:
		p.tw = window.NewTime[[]agg.Acc](o.g)
	case window.Session:
		p.ss = &window.Sessions[[]agg.Acc]{Gap: o.spec.Gap}
	}
	o.parts = append(o.parts, p)
	o.byKey[kk] = p.idx
	if sc != nil {
		o.cachePart(sc, k.AsString(), p)
	}
	return p
}

// cachePart puts the part of string key s first in its cache set, moving
// the set's first entry second.
func (o *windowAgg) cachePart(set []strPart, s string, p *aggPart) {
	set[1] = set[0]
	set[0] = strPart{p: uintptr(unsafe.Pointer(unsafe.StringData(s))), n: len(s), str: s, part: p}
}

// strCacheSize is the number of entries of windowAgg.strCache (sets of
// two entries), allocated with the first string key.
const strCacheSize = 256

// strPart caches the part of a string key by the address and length of
// the string's bytes; str keeps those bytes alive, so an equal address
// means the same bytes.
type strPart struct {
	p    uintptr
	n    int
	str  string
	part *aggPart
}

func (o *windowAgg) getAccs() []agg.Acc {
	if n := len(o.free); n > 0 {
		a := o.free[n-1]
		o.free = o.free[:n-1]
		return a
	}
	return o.d.newAccs()
}

func (o *windowAgg) putAccs(a []agg.Acc) {
	for _, x := range a {
		x.Reset()
	}
	o.free = append(o.free, a)
}

func (o *windowAgg) mergeAccs(into *[]agg.Acc, from []agg.Acc) {
	for i := range *into {
		(*into)[i].Merge(from[i])
	}
	o.putAccs(from)
}

func (o *windowAgg) push(it item) {
	p := o.part(it)
	o.seq++
	switch o.spec.Kind {
	case window.Count:
		o.target = p.accs
		o.inner.push(it)
		p.count++
		if p.count == o.spec.Size {
			row := o.d.row(o.s.name, it.ev.Time, p.key, p.accs, false, 0, 0)
			for _, a := range p.accs {
				a.Reset()
			}
			p.count = 0
			o.next.push(item{ev: row, binds: o.binds})
		}
	case window.SlidingCount:
		sl := p.ring.Slot()
		if *sl == nil {
			*sl = &slot{vals: make([]value.Value, len(o.d.leaves))}
		}
		o.targetVals = *sl
		o.targetVals.present = false
		o.inner.push(it)
		o.targetVals = nil
		if p.ring.Commit() {
			accs := o.scratchAccs()
			for i := 0; i < p.ring.Len(); i++ {
				s := p.ring.At(i)
				if !s.present {
					continue
				}
				for j, a := range accs {
					a.Add(s.vals[j], agg.Ord{Seq: uint64(i)})
				}
			}
			row := o.d.row(o.s.name, it.ev.Time, p.key, accs, false, 0, 0)
			o.next.push(item{ev: row, binds: o.binds})
		}
	case window.Tumbling, window.Sliding:
		if !o.g.Covers(it.ev.Time) {
			return // between two windows that leave a gap
		}
		accs, ok := p.tw.Pane(it.ev.Time, o.getAccs)
		if !ok {
			o.s.handleLate(it.ev)
			return
		}
		o.target = *accs
		o.inner.push(it)
		if end, ok := p.tw.NextEnd(); ok {
			o.scheduleDeadline(p, end)
		}
	case window.Session:
		accs := p.ss.Add(it.ev.Time, o.getAccs, o.mergeAccs)
		o.target = *accs
		o.inner.push(it)
		if c, ok := p.ss.NextClose(); ok {
			o.scheduleDeadline(p, timekeeper.AddSat(c, 1))
		}
	}
}

func (o *windowAgg) scratchAccs() []agg.Acc {
	if o.scratch == nil {
		o.scratch = o.d.newAccs()
	}
	for _, a := range o.scratch {
		a.Reset()
	}
	return o.scratch
}

// scheduleDeadline makes sure part p has a timer at or before deadline (in
// event time; the stream's delay is added).
func (o *windowAgg) scheduleDeadline(p *aggPart, deadline int64) {
	at := timekeeper.AddSat(deadline, o.delay)
	if p.sched != timekeeper.Never && p.sched <= at {
		return
	}
	p.sched = at
	o.heap.Push(at, p.idx, 0)
	if o.pending == timekeeper.Never || at < o.pending {
		o.gen++
		o.pending = at
		o.s.e.schedule(o.tidx, at, o.gen)
	}
}

// fire handles the global timer at `at` (clock terms).
func (o *windowAgg) fire(at, gen int64) {
	if gen != o.gen {
		return // superseded by an earlier timer
	}
	o.pending = timekeeper.Never
	wm := timekeeper.SubSat(at, o.delay)
	for {
		t, ok := o.heap.PopDue(at)
		if !ok {
			break
		}
		p := o.parts[t.Target]
		if p.sched != t.At {
			continue // stale
		}
		p.sched = timekeeper.Never
		switch o.spec.Kind {
		case window.Tumbling, window.Sliding:
			if end, ok := p.tw.NextEnd(); ok && end <= wm {
				o.fireTime(p, end)
			}
			if end, ok := p.tw.NextEnd(); ok {
				o.scheduleLocal(p, end)
			}
		case window.Session:
			p.ss.CloseBefore(wm, func(x *window.SessionData[[]agg.Acc]) {
				t := x.Last + o.spec.Gap
				row := o.d.row(o.s.name, t, p.key, x.Data, true, x.Start, t)
				o.putAccs(x.Data)
				o.next.push(item{ev: row, binds: o.binds})
			})
			if c, ok := p.ss.NextClose(); ok {
				o.scheduleLocal(p, timekeeper.AddSat(c, 1))
			}
		}
	}
	if t, ok := o.heap.Peek(); ok {
		o.gen++
		o.pending = t.At
		o.s.e.schedule(o.tidx, t.At, o.gen)
	}
}

// scheduleLocal re-arms part p inside fire (the global timer is re-armed
// at the end of fire).
func (o *windowAgg) scheduleLocal(p *aggPart, deadline int64) {
	at := timekeeper.AddSat(deadline, o.delay)
	p.sched = at
	o.heap.Push(at, p.idx, 0)
}

func (o *windowAgg) fireTime(p *aggPart, end int64) {
	accs := o.scratchAccs()
	n := 0
	p.tw.Fire(end, func(pane *window.Pane[[]agg.Acc]) {
		for i := range accs {
			accs[i].Merge(pane.Data[i])
		}
		n++
	}, o.putAccs)
	if n == 0 {
		return
	}
	row := o.d.row(o.s.name, end, p.key, accs, true, end-o.spec.Size, end)
	o.next.push(item{ev: row, binds: o.binds})
}

// ---------------------------------------------------------------------------
// Window without aggregate: buffers events and releases them

type bufPart struct {
	idx   int
	key   value.Value
	evs   []item // count windows
	ring  *window.Ring[item]
	tw    *window.Time[[]item]
	ss    *window.Sessions[[]item]
	sched int64
}

// windowBuf is a window not followed by .aggregate: each fired window
// releases its events, in order, to the rest of the chain.
type windowBuf struct {
	link
	s     *stream
	spec  window.Spec
	g     window.Panes
	key   expr.Eval
	kctx  expr.Ctx
	delay int64

	parts []*bufPart
	byKey map[value.Key]int

	tidx    int
	gen     int64
	pending int64
	heap    timekeeper.Heap
	out     []item

	// filters are the .pattern(...) tests of each fired window; agg, when
	// set, turns each kept window into one aggregate row.
	filters []*batchFilter
	agg     *batchAgg
}

func (o *windowBuf) part(it item) *bufPart {
	var k value.Value
	if o.key != nil {
		o.kctx.Event, o.kctx.Bindings = it.ev, it.binds
		k = o.key(&o.kctx)
	}
	kk := k.Key()
	if i, ok := o.byKey[kk]; ok {
		return o.parts[i]
	}
	p := &bufPart{idx: len(o.parts), key: k, sched: timekeeper.Never}
	switch o.spec.Kind {
	case window.SlidingCount:
		p.ring = window.NewRing[item](int(o.spec.Size), int(o.spec.Slide))
	case window.Tumbling, window.Sliding:
		p.tw = window.NewTime[[]item](o.g)
	case window.Session:
		p.ss = &window.Sessions[[]item]{Gap: o.spec.Gap}
	}
	o.parts = append(o.parts, p)
	o.byKey[kk] = p.idx
	return p
}

func newEvents() []item { return nil }

func mergeEvents(into *[]item, from []item) { *into = append(*into, from...) }

// release pushes the events of a fired window, in order. Items keep their
// own bindings: the bindings slices of join and pattern items are fresh per
// item, and plain streams bind their alias to the current event.
func (o *windowBuf) release(p *bufPart, evs []item, m batchMeta) {
	if len(evs) == 0 {
		return
	}
	for _, f := range o.filters {
		if !f.keep(evs) {
			return
		}
	}
	if o.agg != nil {
		o.agg.aggregate(p.key, evs, m, o.next)
		return
	}
	for _, it := range evs {
		o.next.push(it)
	}
}

func (o *windowBuf) push(it item) {
	p := o.part(it)
	switch o.spec.Kind {
	case window.Count:
		p.evs = append(p.evs, it)
		if int64(len(p.evs)) == o.spec.Size {
			evs := p.evs
			p.evs = nil
			o.release(p, evs, batchMeta{t: it.ev.Time})
		}
	case window.SlidingCount:
		*p.ring.Slot() = it
		if p.ring.Commit() {
			evs := o.out[:0]
			for i := 0; i < p.ring.Len(); i++ {
				evs = append(evs, p.ring.At(i))
			}
			o.out = nil
			o.release(p, evs, batchMeta{t: it.ev.Time})
			o.out = evs[:0]
		}
	case window.Tumbling, window.Sliding:
		if !o.g.Covers(it.ev.Time) {
			return // between two windows that leave a gap
		}
		evs, ok := p.tw.Pane(it.ev.Time, newEvents)
		if !ok {
			o.s.handleLate(it.ev)
			return
		}
		*evs = append(*evs, it)
		if end, ok := p.tw.NextEnd(); ok {
			o.scheduleDeadline(p, end)
		}
	case window.Session:
		evs := p.ss.Add(it.ev.Time, newEvents, mergeEvents)
		*evs = append(*evs, it)
		if c, ok := p.ss.NextClose(); ok {
			o.scheduleDeadline(p, timekeeper.AddSat(c, 1))
		}
	}
}

func (o *windowBuf) scheduleDeadline(p *bufPart, deadline int64) {
	at := timekeeper.AddSat(deadline, o.delay)
	if p.sched != timekeeper.Never && p.sched <= at {
		return
	}
	p.sched = at
	o.heap.Push(at, p.idx, 0)
	if o.pending == timekeeper.Never || at < o.pending {
		o.gen++
		o.pending = at
		o.s.e.schedule(o.tidx, at, o.gen)
	}
}

func (o *windowBuf) fire(at, gen int64) {
	if gen != o.gen {
		return
	}
	o.pending = timekeeper.Never
	wm := timekeeper.SubSat(at, o.delay)
	for {
		t, ok := o.heap.PopDue(at)
		if !ok {
			break
		}
		p := o.parts[t.Target]
		if p.sched != t.At {
			continue
		}
		p.sched = timekeeper.Never
		var next int64
		var has bool
		switch o.spec.Kind {
		case window.Tumbling, window.Sliding:
			if end, ok := p.tw.NextEnd(); ok && end <= wm {
				var evs []item
				p.tw.Fire(end, func(pane *window.Pane[[]item]) { evs = append(evs, pane.Data...) }, nil)
				o.release(p, evs, batchMeta{t: end, timed: true, start: end - o.spec.Size, end: end})
			}
			next, has = p.tw.NextEnd()
		case window.Session:
			p.ss.CloseBefore(wm, func(x *window.SessionData[[]item]) {
				t := x.Last + o.spec.Gap
				o.release(p, x.Data, batchMeta{t: t, timed: true, start: x.Start, end: t})
			})
			if c, ok := p.ss.NextClose(); ok {
				next, has = timekeeper.AddSat(c, 1), true
			}
		}
		if has {
			at := timekeeper.AddSat(next, o.delay)
			p.sched = at
			o.heap.Push(at, p.idx, 0)
		}
	}
	if t, ok := o.heap.Peek(); ok {
		o.gen++
		o.pending = t.At
		o.s.e.schedule(o.tidx, t.At, o.gen)
	}
}
