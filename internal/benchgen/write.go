package benchgen

import (
	"bufio"
	"io"
	"strconv"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/value"
)

// Writer writes generated events as JSON Lines or .evt lines.
type Writer struct {
	w   *bufio.Writer
	evt bool
	buf []byte
	err error
}

// NewJSONLWriter writes one `{"event_type":T,"timestamp":ms,...fields}` object per line.
func NewJSONLWriter(w io.Writer) *Writer { return &Writer{w: bufio.NewWriterSize(w, 1<<16)} }

// NewEvtWriter writes `@<ms> Type { k: v, ... }` lines.
func NewEvtWriter(w io.Writer) *Writer { return &Writer{w: bufio.NewWriterSize(w, 1<<16), evt: true} }

// Write writes one event; errors are sticky and returned by Flush.
func (w *Writer) Write(ev *event.Event) {
	if w.err != nil {
		return
	}
	b := w.buf[:0]
	if w.evt {
		b = append(b, '@')
		b = strconv.AppendInt(b, ev.Time/1_000_000, 10)
		b = append(b, ' ')
		b = append(b, ev.Type...)
		b = append(b, " { "...)
		for i, f := range ev.Fields {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = append(b, f.Name...)
			b = append(b, ": "...)
			b = value.AppendJSON(b, f.Value)
		}
		b = append(b, " }\n"...)
	} else {
		b = append(b, `{"event_type":`...)
		b = value.AppendJSONString(b, ev.Type)
		b = append(b, `,"timestamp":`...)
		b = strconv.AppendInt(b, ev.Time/1_000_000, 10)
		for _, f := range ev.Fields {
			b = append(b, ',')
			b = value.AppendJSONString(b, f.Name)
			b = append(b, ':')
			b = value.AppendJSON(b, f.Value)
		}
		b = append(b, "}\n"...)
	}
	w.buf = b
	_, w.err = w.w.Write(b)
}

// Flush flushes buffered output and returns the first error.
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	return w.w.Flush()
}
