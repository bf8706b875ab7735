package engine

import (
	"time"

	"github.com/varpulis/varpulis-go/engine/event"
)

// ProcessingTime runs a program in processing-time mode (vpl.md §4), for
// live sources whose events carry no usable time: every pushed event is
// stamped with the processing time, and Tick moves the watermark to the
// processing time, so that windows, sessions, `.within` and absence
// deadlines and timers follow the wall clock even when no event arrives.
// Call Tick periodically (the command line does every 100 ms).
//
// The processing time never goes backwards: a clock step back keeps the
// last time until the clock catches up.
type ProcessingTime struct {
	Runner
	now  func() int64
	last int64
}

// NewProcessingTime wraps r. now returns the processing time in
// nanoseconds since the epoch; nil means time.Now.
func NewProcessingTime(r Runner, now func() int64) *ProcessingTime {
	if now == nil {
		now = func() int64 { return time.Now().UnixNano() }
	}
	return &ProcessingTime{Runner: r, now: now}
}

func (p *ProcessingTime) stamp() int64 {
	if t := p.now(); t > p.last {
		p.last = t
	}
	return p.last
}

// Push stamps ev with the processing time and pushes it.
func (p *ProcessingTime) Push(ev *event.Event) error {
	ev.Time = p.stamp()
	return p.Runner.Push(ev)
}

// ApplyDeclaredTime does nothing: in processing time, declared timestamp
// fields do not set the event time.
func (p *ProcessingTime) ApplyDeclaredTime(*event.Event) bool { return false }

// Tick advances the watermark to the processing time.
func (p *ProcessingTime) Tick() error {
	return p.Runner.AdvanceWatermark(p.stamp())
}
