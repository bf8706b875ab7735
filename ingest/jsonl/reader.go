package jsonl

import (
	"io"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/ingest"
)

// Reader reads events from JSON Lines input, one line at a time (it never
// holds more than one line). Blank lines are skipped. It implements
// ingest.Reader and ingest.RawLiner.
type Reader struct {
	lines *ingest.LineReader
	dec   *Decoder
}

// NewReader returns a Reader over r; file names the input in errors.
func NewReader(r io.Reader, file string, opts ingest.Options) *Reader {
	lim := opts.Limits.WithDefaults()
	return &Reader{
		lines: ingest.NewLineReader(r, file, lim.MaxLineBytes),
		dec:   NewDecoder(opts),
	}
}

// Next returns the next event, a fresh *event.Event the caller may keep,
// or io.EOF at the end of input. A *ingest.Error concerns one line; calling
// Next again continues with the next line. Other errors are I/O errors.
func (r *Reader) Next() (*event.Event, error) {
	for {
		line, err := r.lines.Next()
		if err != nil {
			return nil, err
		}
		if isBlank(line) {
			continue
		}
		ev, err := r.dec.DecodeNew(line)
		if err != nil {
			return nil, r.locate(err)
		}
		return ev, nil
	}
}

// NextInto is Next decoding into ev, reusing the capacity of ev.Fields:
// a caller that does not keep events can read without allocating per event.
func (r *Reader) NextInto(ev *event.Event) error {
	for {
		line, err := r.lines.Next()
		if err != nil {
			return err
		}
		if isBlank(line) {
			continue
		}
		if err := r.dec.Decode(line, ev); err != nil {
			return r.locate(err)
		}
		return nil
	}
}

// locate fills in the file and line of a decoder error.
func (r *Reader) locate(err error) error {
	if e, ok := err.(*ingest.Error); ok {
		e.File, e.Line = r.lines.File(), r.lines.Line()
	}
	return err
}

// Raw returns the text of the line read by the last Next call (see
// ingest.RawLiner).
func (r *Reader) Raw() []byte { return r.lines.Raw() }

// Line returns the number of the line read by the last Next call.
func (r *Reader) Line() int { return r.lines.Line() }

func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}
