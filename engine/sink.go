package engine

import (
	"bufio"
	"fmt"
	"io"
	"os"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/value"
)

// Sink receives the events of a .to(Connector, ...) operation.
type Sink interface {
	// Write sends one event of stream.
	Write(stream string, ev *event.Event) error
	// Close flushes and releases the sink.
	Close() error
}

// SinkFactory opens the sink for connector name of the given kind (mqtt,
// kafka, file, console, ...). params are the connector's parameters with
// the .to(...) overrides applied. Returning (nil, nil) selects the built-in
// sink for the kind.
type SinkFactory func(kind, name string, params map[string]value.Value) (Sink, error)

// jsonLineSink writes each event as one output line (vpl.md §11).
type jsonLineSink struct {
	w   io.Writer
	bw  *bufio.Writer // set when w is buffered by the sink
	c   io.Closer     // nil when the writer is not owned
	buf []byte
}

func (s *jsonLineSink) Write(stream string, ev *event.Event) error {
	s.buf = event.AppendOutputJSON(s.buf[:0], stream, ev)
	s.buf = append(s.buf, '\n')
	_, err := s.w.Write(s.buf)
	return err
}

func (s *jsonLineSink) Close() error {
	var err error
	if s.bw != nil {
		err = s.bw.Flush()
	}
	if s.c != nil {
		if cerr := s.c.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// nopSink drops events (connector kinds without a built-in sink).
type nopSink struct{}

func (nopSink) Write(string, *event.Event) error { return nil }
func (nopSink) Close() error                     { return nil }

// builtinSink opens the built-in sink for kind.
func (e *Engine) builtinSink(kind, name string, params map[string]value.Value) (Sink, error) {
	switch kind {
	case "console":
		w := e.opts.Print
		if w == nil {
			w = io.Discard
		}
		return &jsonLineSink{w: w}, nil
	case "file":
		path := name + ".jsonl"
		for _, k := range []string{"path", "url"} {
			if v, ok := params[k]; ok && v.Kind() == value.KindString {
				path = v.AsString()
				break
			}
		}
		f, err := os.Create(path)
		if err != nil {
			return nil, fmt.Errorf("connector %s: %w", name, err)
		}
		bw := bufio.NewWriter(f)
		return &jsonLineSink{w: bw, bw: bw, c: f}, nil
	}
	e.logger.Warn("connector kind has no sink in this build; events sent to it are dropped", "connector", name, "kind", kind)
	return nopSink{}, nil
}
