package engine

import (
	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/expr"
	"github.com/varpulis/varpulis-go/engine/timekeeper"
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/vpl/ast"
)

// maxJoinPerKey bounds the events a join keeps per source and key.
const maxJoinPerKey = 1000

// mergeInput implements merge(...): an event arriving on a port passes when
// some entry of that port accepts it.
type mergeInput struct {
	src   [][]ast.Expr  // per port: conditions as written (nil: none)
	ports [][]expr.Eval // per port: filters; a nil filter accepts everything
	ctx   expr.Ctx
}

func (m *mergeInput) accept(port int, ev *event.Event) bool {
	for _, cond := range m.ports[port] {
		if cond == nil {
			return true
		}
		m.ctx.Event = ev
		if value.Truthy(cond(&m.ctx)) {
			return true
		}
	}
	return false
}

// joinOp implements join(A, B, ...) .on(A.k == B.k) .window(W) on event
// time: when an event arrives with key k, and every other source has an
// event with key k within W of it, one joined event is produced from the
// arriving event and the most recent such event of every other source.
type joinOp struct {
	s     *stream
	names []string // source aliases, in source order
	// types holds, per source, the type of its events: the input's event
	// type or stream name, or the type a pass-through stream input passes
	// through (its events are renamed after the stream). typeRead tells
	// whether the stream's operations may read Type.field of the source;
	// when they cannot and the joined event does not leave the chain,
	// emit leaves those fields out.
	types    []string
	typeRead []bool
	keys     [][]expr.Eval // per source: key components
	keySrc   [][]ast.Expr  // per source: key components as written
	// residual holds the conditions of .on(...) that are not key
	// equalities; they filter joined events.
	residual []ast.Expr
	window   int64
	// bufs holds, per join key, the buffered events of every source
	// (one map look-up finds all sources' buffers of a key).
	bufs   map[value.Key]*joinKey
	ctx    expr.Ctx
	binds  []expr.Binding // slot i = source i
	chosen []*event.Event
	// prefixed caches "Source.field" names per source, so that building
	// a joined event does not concatenate strings.
	prefixed [][]prefixedName
	fslab    []event.Field
	bslab    []expr.Binding
	eslab    []event.Event

	tidx    int
	gen     int64
	pending int64

	// reuse tells whether the joined event and its bindings can be built
	// in scratch (0: not yet known, 1: no, 2: yes); see chainCopies.
	reuse      uint8
	scratch    event.Event
	scratchB   []expr.Binding
	scratchFld []event.Field
}

// key returns the join key of ev from source src; ok is false when a
// component is null (null keys never join).
func (j *joinOp) key(src int, ev *event.Event) (value.Key, bool) {
	for i := range j.binds {
		j.binds[i] = expr.Binding{}
	}
	j.binds[src].Event = ev
	j.ctx.Event, j.ctx.Bindings = ev, j.binds
	ks := j.keys[src]
	switch len(ks) {
	case 0:
		return value.Key{}, true
	case 1:
		v := ks[0](&j.ctx)
		return v.Key(), !v.IsNull()
	}
	vals := make([]value.Value, len(ks))
	for i, k := range ks {
		vals[i] = k(&j.ctx)
		if vals[i].IsNull() {
			return value.Key{}, false
		}
	}
	return value.Array(vals).Key(), true
}

func (j *joinOp) arrive(src int, ev *event.Event) {
	k, ok := j.key(src, ev)
	if !ok {
		return
	}
	jk := j.bufs[k]
	if jk == nil {
		jk = &joinKey{evs: make([][]*event.Event, len(j.names))}
		j.bufs[k] = jk
	}
	buf := jk.evs[src]
	if len(buf) >= maxJoinPerKey {
		copy(buf, buf[1:])
		buf = buf[:len(buf)-1]
	}
	// Keep the buffer ordered by time (stable: equal times stay in arrival
	// order); in-order input costs no shifting.
	buf = append(buf, ev)
	p := len(buf) - 1
	for p > 0 && buf[p-1].Time > ev.Time {
		buf[p] = buf[p-1]
		p--
	}
	buf[p] = ev
	jk.evs[src] = buf
	j.armPrune()

	lo, hi := timekeeper.SubSat(ev.Time, j.window), timekeeper.AddSat(ev.Time, j.window)
	t := ev.Time
	for i := range j.names {
		if i == src {
			j.chosen[i] = ev
			continue
		}
		// The buffer is ordered by time: the best partner is the last
		// event at or before hi, if it is not before lo.
		var best *event.Event
		other := jk.evs[i]
		for q := len(other) - 1; q >= 0; q-- {
			if c := other[q]; c.Time <= hi {
				if c.Time >= lo {
					best = c
				}
				break
			}
		}
		if best == nil {
			return
		}
		j.chosen[i] = best
		t = max(t, best.Time)
	}
	j.emit(t)
}

// joinKey holds the buffered events of one join key, per source, each
// buffer ordered by time.
type joinKey struct {
	evs [][]*event.Event
}

// maxPrefixedNames bounds the per-source cache of prefixed field names.
const maxPrefixedNames = 64

// prefixedName caches "Source.field" for the field at one position of a
// source's events (events of one type usually keep their field order), and
// "Type.field" for the event type last seen there when it differs from
// the source name.
type prefixedName struct {
	field, name string
	typ, tname  string
}

// emit builds the joined event: Source.field for every source, then
// Type.field for every source whose event type differs from the source name
// (an aliased input, a pass-through stream over an event type), then
// the unprefixed fields. Among equal names the first wins.
func (j *joinOp) emit(t int64) {
	n := 0
	if j.reuse == 0 {
		j.reuse = 1
		if j.s.chainCopies() {
			j.reuse = 2
		}
	}
	for i, c := range j.chosen {
		n += 2 * len(c.Fields)
		if j.typed(i) {
			n += len(c.Fields)
		}
	}
	var ev *event.Event
	if j.reuse == 2 {
		// Nothing keeps the joined event past this cascade step: build
		// it in scratch.
		ev = &j.scratch
		clear(j.scratchFld)
		*ev = event.Event{Type: j.s.name, Time: t, Fields: j.scratchFld[:0]}
	} else {
		if len(j.eslab) == 0 {
			j.eslab = make([]event.Event, slabEvents)
		}
		ev = &j.eslab[0]
		j.eslab = j.eslab[1:]
		if len(j.fslab) < n {
			j.fslab = make([]event.Field, max(n*slabEvents, 1))
		}
		*ev = event.Event{Type: j.s.name, Time: t, Fields: j.fslab[:0:n]}
		j.fslab = j.fslab[n:]
	}
	if j.prefixed == nil {
		j.prefixed = make([][]prefixedName, len(j.names))
	}
	for i, c := range j.chosen {
		cache := j.prefixed[i]
		for fi, f := range c.Fields {
			var name string
			switch {
			case fi < len(cache) && cache[fi].field == f.Name:
				name = cache[fi].name
			case fi < len(cache):
				name = j.names[i] + "." + f.Name
				cache[fi] = prefixedName{field: f.Name, name: name}
			default:
				name = j.names[i] + "." + f.Name
				if fi == len(cache) && fi < maxPrefixedNames {
					cache = append(cache, prefixedName{field: f.Name, name: name})
					j.prefixed[i] = cache
				}
			}
			ev.Fields = append(ev.Fields, event.Field{Name: name, Value: f.Value})
		}
	}
	for i, c := range j.chosen {
		if !j.typed(i) {
			continue
		}
		typ := j.types[i]
		cache := j.prefixed[i]
	typed:
		for fi, f := range c.Fields {
			var name string
			if fi < len(cache) && cache[fi].field == f.Name && cache[fi].typ == typ {
				name = cache[fi].tname
			} else {
				name = typ + "." + f.Name
				if fi < len(cache) && cache[fi].field == f.Name {
					cache[fi].typ, cache[fi].tname = typ, name
				}
			}
			for _, g := range ev.Fields {
				if g.Name == name {
					continue typed
				}
			}
			ev.Fields = append(ev.Fields, event.Field{Name: name, Value: f.Value})
		}
	}
	prefixed := len(ev.Fields)
	for _, c := range j.chosen {
	fields:
		for _, f := range c.Fields {
			for _, g := range ev.Fields[prefixed:] {
				if g.Name == f.Name {
					continue fields
				}
			}
			ev.Fields = append(ev.Fields, f)
		}
	}
	nb := len(j.binds)
	var binds []expr.Binding
	if j.reuse == 2 {
		j.scratchFld = ev.Fields // keep the grown array for next time
		if len(j.scratchB) < nb {
			j.scratchB = make([]expr.Binding, nb)
		}
		binds = j.scratchB[:nb:nb]
		clear(binds)
	} else {
		if len(j.bslab) < nb {
			j.bslab = make([]expr.Binding, max(nb*slabEvents, 1))
		}
		binds = j.bslab[:nb:nb]
		j.bslab = j.bslab[nb:]
	}
	for i, c := range j.chosen {
		binds[i].Event = c
	}
	j.s.head.push(item{ev: ev, binds: binds})
}

// typed reports whether the joined event gets Type.field for source i:
// its type differs from its name, and the fields may be read (the joined
// event leaves the chain, or the chain names the type).
func (j *joinOp) typed(i int) bool {
	return j.types[i] != j.names[i] && (j.typeRead[i] || j.reuse != 2)
}

// armPrune schedules the next pruning of old buffered events.
func (j *joinOp) armPrune() {
	if j.pending != timekeeper.Never {
		return
	}
	now := j.s.e.clock.Now()
	if now == timekeeper.Infinity {
		return
	}
	j.gen++
	j.pending = timekeeper.AddSat(now, j.window)
	j.s.e.schedule(j.tidx, j.pending, j.gen)
}

// fire drops buffered events too old to join any event that is not late.
func (j *joinOp) fire(at, gen int64) {
	if gen != j.gen {
		return
	}
	j.pending = timekeeper.Never
	limit := timekeeper.SubSat(j.s.e.lateBeforeNow(j.s.tolerance, j.s.lateness), j.window)
	any := false
	for k, jk := range j.bufs {
		left := false
		for src, evs := range jk.evs {
			i := 0
			for i < len(evs) && evs[i].Time < limit {
				i++
			}
			if i > 0 {
				n := copy(evs, evs[i:])
				clear(evs[n:])
				jk.evs[src] = evs[:n]
			}
			left = left || len(jk.evs[src]) > 0
		}
		if left {
			any = true
		} else {
			delete(j.bufs, k)
		}
	}
	if any {
		j.armPrune()
	}
}

// timerSource implements timer(interval, initial_delay: d): tick events at
// t0 + d + k·interval, where t0 is the time of the first input event. Ticks
// never go past the largest event time seen, so the end of the input does
// not create an endless series.
type timerSource struct {
	s        *stream
	interval int64
	delay    int64
	hasDelay bool
	typ      string
	started  bool
	tidx     int
	gen      int64
}

// start arms the first tick once the clock has a first time t0.
func (ts *timerSource) start(t0 int64) {
	if ts.started {
		return
	}
	ts.started = true
	first := timekeeper.AddSat(t0, ts.interval)
	if ts.hasDelay {
		first = timekeeper.AddSat(t0, ts.delay)
	}
	ts.gen++
	ts.s.e.schedule(ts.tidx, first, ts.gen)
}

func (ts *timerSource) fire(at, gen int64) {
	if gen != ts.gen || at > ts.s.e.maxReal {
		return
	}
	ev := &event.Event{Type: ts.typ, Time: at, Fields: []event.Field{
		{Name: "timestamp", Value: value.Int(at / 1_000_000)},
	}}
	ts.s.head.push(item{ev: ev, binds: ts.s.binds})
	ts.gen++
	ts.s.e.schedule(ts.tidx, timekeeper.AddSat(at, ts.interval), ts.gen)
}
