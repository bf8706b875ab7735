package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/varpulis/varpulis-go/engine"
	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/ingest"
)

// errInterrupted ends the input when the run is interrupted by a signal.
var errInterrupted = errors.New("interrupted")

// errTick reports a processing-time tick instead of an event.
var errTick = errors.New("tick")

// tickInterval is how often the watermark follows the wall clock in
// processing time.
const tickInterval = 100 * time.Millisecond

// processingRunner is a runner in processing time: the command loop
// recognises it to deliver ticks.
type processingRunner struct{ *engine.ProcessingTime }

// tick advances a processing-time runner's watermark to the wall clock.
func tick(r engine.Runner) error {
	if p, ok := r.(processingRunner); ok {
		return p.Tick()
	}
	return nil
}

// readAsync reads rd in a goroutine and returns a next function that
// yields its events, errTick when ticks delivers a tick while no event is
// ready (ticks may be nil), or errInterrupted once ctx is done (a read
// blocked on a terminal or pipe must not hold up the shutdown).
func readAsync(ctx context.Context, rd ingest.Reader, ticks <-chan time.Time) func() (*event.Event, error) {
	type res struct {
		ev  *event.Event
		err error
	}
	ch := make(chan res, 64)
	go func() {
		for {
			ev, err := rd.Next()
			select {
			case ch <- res{ev, err}:
			case <-ctx.Done():
				return
			}
			if err == io.EOF {
				return
			}
			var ie *ingest.Error
			if err != nil && !errors.As(err, &ie) {
				return
			}
		}
	}()
	return func() (*event.Event, error) {
		// Events already read are processed even after an interrupt.
		select {
		case r := <-ch:
			return r.ev, r.err
		default:
		}
		select {
		case r := <-ch:
			return r.ev, r.err
		case <-ticks:
			return nil, errTick
		case <-ctx.Done():
			return nil, errInterrupted
		}
	}
}

// stopRunner ends a run early without ending the input: a parallel runner
// delivers what it has queued and stops its goroutines.
func stopRunner(r engine.Runner) {
	if p, ok := r.(processingRunner); ok {
		r = p.Runner
	}
	if p, ok := r.(*engine.Parallel); ok {
		p.Stop()
	}
}

// progress prints a live progress line to a terminal.
type progress struct {
	w     io.Writer
	on    bool
	last  time.Time
	shown bool
}

// newProgress returns the progress line for mode (auto, always, never):
// auto shows it when w is a terminal; quiet runs never show it.
func newProgress(w io.Writer, mode string, quiet bool) *progress {
	p := &progress{w: w}
	switch {
	case quiet || mode == "never":
	case mode == "always":
		p.on = true
	default:
		p.on = isTerminal(w)
	}
	return p
}

// update redraws the line at most twice a second, once the run has lasted
// a second.
func (p *progress) update(events uint64, start time.Time) {
	if !p.on {
		return
	}
	now := time.Now()
	if now.Sub(start) < time.Second || now.Sub(p.last) < 500*time.Millisecond {
		return
	}
	p.last = now
	rate := float64(events) / now.Sub(start).Seconds()
	fmt.Fprintf(p.w, "\r\x1b[K%d events, %.0f events/s, %s", events, rate, now.Sub(start).Round(time.Second))
	p.shown = true
}

// clear erases the line before the summary.
func (p *progress) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
