package engine

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// Runner is what drives a compiled program: an *Engine (one goroutine) or a
// *Parallel (one goroutine per context). Both produce the same outputs in
// the same order.
type Runner interface {
	Push(ev *event.Event) error
	AdvanceWatermark(t int64) error
	Close() error
	Stats() Stats
	ApplyDeclaredTime(ev *event.Event) bool
	Streams() []string
}

var (
	_ Runner = (*Engine)(nil)
	_ Runner = (*Parallel)(nil)
)

// NewRunner compiles file into a Parallel when the program places its
// streams in more than one context and parallel is true, else into an
// Engine.
func NewRunner(file *ast.File, fset *token.FileSet, opts Options, parallel bool) (Runner, error) {
	if parallel && len(contextGroups(file)) > 1 {
		return NewParallel(file, fset, opts)
	}
	return New(file, fset, opts)
}

// parallelBatch is how many input events a worker receives at a time.
const parallelBatch = 256

// Parallel runs a program whose streams are placed in contexts with one
// engine per context, each in its own goroutine. Every worker receives
// every input event (its own copy); it runs the streams of its context and,
// silently, the streams of other contexts they read. Outputs are merged
// per input event in context order (streams outside any context first,
// then contexts in declaration order), which is exactly the order a single
// Engine gives the same program (see Engine's output grouping): a parallel
// run and a sequential run print the same events in the same order.
//
// Programs with global variables that streams assign (var) run in one
// worker, because streams of different contexts would share them.
//
// Print, tap and log output of different contexts is not interleaved
// deterministically; each context's own lines keep their order. Runtime
// warnings of a stream that several contexts read are counted once per
// reading context.
type Parallel struct {
	opts    Options
	workers []*worker
	streams []string
	batch   []pitem
	seq     uint64
	// pending holds dispatched batches whose results are not merged yet
	// (at most one: workers run one batch ahead of the merge).
	pending int
	closed  bool
	inputs  uint64
	err     error
}

// pitem is one input of a batch: an event, or a watermark advance when ev
// is nil.
type pitem struct {
	ev *event.Event
	t  int64
}

// pout is one output of a worker, tagged with the input that caused it.
type pout struct {
	seq    uint64
	stream string
	ev     *event.Event
}

// worker is one context's engine and goroutine.
type worker struct {
	eng  *Engine
	in   chan wjob
	out  chan []pout
	buf  []pout
	cur  uint64
	errs []error
}

// wjob is a batch for a worker; close asks it to close its engine after
// the batch, stop to quit after the batch without closing it.
type wjob struct {
	items []pitem
	first uint64
	close bool
	stop  bool
}

// contextGroups returns the stream names of each context group that holds
// at least one stream, groups in order (no context first).
func contextGroups(file *ast.File) [][]string {
	ctxIndex := make(map[string]int)
	for _, st := range file.Stmts {
		if d, ok := st.(*ast.ContextDecl); ok {
			if _, dup := ctxIndex[d.Name.Name]; !dup {
				ctxIndex[d.Name.Name] = len(ctxIndex) + 1
			}
		}
	}
	byGroup := make(map[int][]string)
	for _, st := range file.Stmts {
		if d, ok := st.(*ast.StreamDecl); ok {
			g := streamContext(d, ctxIndex)
			byGroup[g] = append(byGroup[g], d.Name.Name)
		}
	}
	keys := make([]int, 0, len(byGroup))
	for g := range byGroup {
		keys = append(keys, g)
	}
	slices.Sort(keys)
	out := make([][]string, 0, len(keys))
	for _, g := range keys {
		out = append(out, byGroup[g])
	}
	return out
}

// hasMutableGlobals reports whether the program declares a var that
// streams could assign.
func hasMutableGlobals(file *ast.File) bool {
	for _, st := range file.Stmts {
		switch d := st.(type) {
		case *ast.VarDecl:
			if d.Kind == ast.Var {
				return true
			}
		case *ast.AssignStmt:
			return true
		}
	}
	return false
}

// NewParallel compiles file into one engine per context group. Compile
// errors are returned as for New.
func NewParallel(file *ast.File, fset *token.FileSet, opts Options) (*Parallel, error) {
	groups := contextGroups(file)
	if hasMutableGlobals(file) || len(groups) < 2 {
		var all []string
		for _, g := range groups {
			all = append(all, g...)
		}
		groups = [][]string{all}
	}
	p := &Parallel{opts: opts}
	if opts.Print != nil {
		p.opts.Print = &lockedWriter{w: opts.Print}
	}
	if opts.Tap != nil {
		var mu sync.Mutex
		tap := opts.Tap
		p.opts.Tap = func(s string, ev *event.Event) {
			mu.Lock()
			defer mu.Unlock()
			tap(s, ev)
		}
	}
	for _, g := range groups {
		owned := make(map[string]bool, len(g))
		for _, name := range g {
			owned[name] = true
		}
		w := &worker{in: make(chan wjob, 1), out: make(chan []pout, 1)}
		wo := p.opts
		wo.Owned = func(s string) bool { return owned[s] }
		wo.Output = func(stream string, ev *event.Event) {
			w.buf = append(w.buf, pout{seq: w.cur, stream: stream, ev: ev})
		}
		eng, err := New(file, fset, wo)
		if err != nil {
			for _, o := range p.workers {
				o.eng.Close()
			}
			return nil, err
		}
		w.eng = eng
		p.workers = append(p.workers, w)
	}
	p.streams = p.workers[0].eng.Streams()
	for _, w := range p.workers {
		go w.run()
	}
	return p, nil
}

// run is a worker's goroutine: it processes batches until a close job.
func (w *worker) run() {
	for job := range w.in {
		w.buf = w.buf[:0:0]
		for i, it := range job.items {
			w.cur = job.first + uint64(i)
			var err error
			if it.ev == nil {
				err = w.eng.AdvanceWatermark(it.t)
			} else {
				err = w.eng.Push(it.ev.Clone())
			}
			if err != nil {
				w.errs = append(w.errs, err)
			}
		}
		if job.close {
			w.cur = job.first + uint64(len(job.items))
			if err := w.eng.Close(); err != nil {
				w.errs = append(w.errs, err)
			}
		}
		w.out <- w.buf
		if job.close || job.stop {
			close(w.out)
			return
		}
	}
}

// Workers returns the number of engines (goroutines) running the program.
func (p *Parallel) Workers() int { return len(p.workers) }

// Streams returns the program's streams in declaration order.
func (p *Parallel) Streams() []string { return slices.Clone(p.streams) }

// ApplyDeclaredTime sets the event time of ev from its declared timestamp
// field, as Engine.ApplyDeclaredTime.
func (p *Parallel) ApplyDeclaredTime(ev *event.Event) bool {
	return p.workers[0].eng.ApplyDeclaredTime(ev)
}

// Push queues one input event. Its outputs are delivered to Options.Output
// (from the calling goroutine) once its batch has run in every worker, at
// the latest by Close.
func (p *Parallel) Push(ev *event.Event) error {
	if p.closed {
		return ErrClosed
	}
	p.inputs++
	p.batch = append(p.batch, pitem{ev: ev})
	if len(p.batch) >= parallelBatch {
		p.dispatch(wjob{})
	}
	return nil
}

// AdvanceWatermark queues a watermark advance, as Engine.AdvanceWatermark.
func (p *Parallel) AdvanceWatermark(t int64) error {
	if p.closed {
		return ErrClosed
	}
	p.batch = append(p.batch, pitem{t: t})
	return nil
}

// Close ends the input, runs everything still queued, delivers the
// remaining outputs and stops the workers.
func (p *Parallel) Close() error {
	if p.closed {
		return p.err
	}
	p.dispatch(wjob{close: true})
	p.collect()
	p.closed = true
	var errs []error
	for _, w := range p.workers {
		errs = append(errs, w.errs...)
	}
	p.err = errors.Join(errs...)
	return p.err
}

// Stop runs every queued input, delivers its outputs and stops the
// workers without ending the input: open windows do not fire, as when an
// Engine is abandoned without Close (a run stopped by a malformed input
// line). Push, AdvanceWatermark and Close return ErrClosed afterwards.
func (p *Parallel) Stop() {
	if p.closed {
		return
	}
	p.dispatch(wjob{stop: true})
	p.collect()
	p.closed = true
	p.err = ErrClosed
}

// dispatch sends the current batch to every worker as job, then merges
// the previous batch's results (so workers run while the caller merges).
func (p *Parallel) dispatch(job wjob) {
	job.items, job.first = p.batch, p.seq
	p.batch = make([]pitem, 0, parallelBatch)
	p.seq += uint64(len(job.items)) + 1 // +1: the Close cascade has its own seq
	if p.pending > 0 {
		p.collect()
	}
	for _, w := range p.workers {
		w.in <- job
	}
	if job.close || job.stop {
		for _, w := range p.workers {
			close(w.in)
		}
	}
	p.pending++
}

// collect merges one batch's results from every worker, by input and
// then by worker (context) order.
func (p *Parallel) collect() {
	if p.pending == 0 {
		return
	}
	p.pending--
	outs := make([][]pout, len(p.workers))
	for i, w := range p.workers {
		outs[i] = <-w.out
	}
	if p.opts.Output == nil {
		return
	}
	pos := make([]int, len(outs))
	for {
		// the smallest seq among the workers' next outputs
		var next uint64
		found := false
		for i, o := range outs {
			if pos[i] < len(o) && (!found || o[pos[i]].seq < next) {
				next, found = o[pos[i]].seq, true
			}
		}
		if !found {
			return
		}
		for i, o := range outs {
			for pos[i] < len(o) && o[pos[i]].seq == next {
				p.opts.Output(o[pos[i]].stream, o[pos[i]].ev)
				pos[i]++
			}
		}
	}
}

// Stats returns the counters summed over the workers: each stream's
// outputs come from the worker owning it; input counts from the inputs.
// Call it after Close for final figures (before, batches in flight are not
// counted).
func (p *Parallel) Stats() Stats {
	st := Stats{}
	outputs := make(map[string]uint64)
	warn := make(map[string]uint64)
	for _, w := range p.workers {
		if !p.closed {
			continue // engines are busy in their goroutines
		}
		ws := w.eng.Stats()
		st.Late += ws.Late
		st.Dropped += ws.Dropped
		st.Warnings += ws.Warnings
		for _, c := range ws.Outputs {
			outputs[c.Stream] += c.Count
		}
		for _, k := range ws.WarningKinds {
			warn[k.Kind] += k.Count
		}
		st.Patterns = addPatternStats(st.Patterns, ws.Patterns)
	}
	st.EventsIn = p.inputs
	for _, name := range p.streams {
		if n := outputs[name]; n > 0 {
			st.Outputs = append(st.Outputs, StreamCount{Stream: name, Count: n})
		}
	}
	for k, n := range warn {
		st.WarningKinds = append(st.WarningKinds, WarningCount{Kind: k, Count: n})
	}
	sortWarnings(st.WarningKinds)
	return st
}

// String describes the runner, for debugging.
func (p *Parallel) String() string { return fmt.Sprintf("parallel(%d workers)", len(p.workers)) }

// lockedWriter serialises writes of several workers.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}
