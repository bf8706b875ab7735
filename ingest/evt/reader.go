// Package evt reads the line-based event file format (.evt) of VPL
// (vpl-original.md §10.1, with the clock of vpl.md §4):
//
//	# comment (also //), whole lines only; blank lines are ignored
//	BATCH 4000                       offset in ms for the following lines
//	@1500ms DoorOpened { door: "D1" }  offset for this line only (ms, s, m; bare = ms)
//	Reading { id: "s1", temp: 21.5, ok: true, tags: [1, 2], meta: {k: v} }
//	Heartbeat("gw-7", 12)            positional: fields field_0, field_1, ...
//	{"event_type": "DoorClosed", "data": {"door": "D1"}}   a JSON Lines object
//
// An event's time is the Unix epoch plus the line's offset in milliseconds:
// its @ prefix, else the last BATCH, else 0. A JSON line with a timestamp,
// ts or @timestamp member takes its time from it instead (see package
// jsonl).
//
// Values: true/false; null or nil; "text" or 'text' with the escapes \n \t
// \r \" \' \\ \uXXXX decoded (any other backslash is kept as is); integers
// with optional sign (64-bit); floats (2.5, 1e3, .5, 1., inf, NaN; numbers
// too large for int64 are floats); arrays [a, b]; maps {k: v}; anything else
// is a bare string, trimmed (status: ok is "ok"). A trailing ';' on an
// event line is ignored.
package evt

import (
	"io"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/ingest"
	"github.com/varpulis/varpulis-go/ingest/jsonl"
)

// Reader reads events from an .evt input one line at a time (it never holds
// more than one line). It implements ingest.Reader and ingest.RawLiner.
type Reader struct {
	lines *ingest.LineReader
	p     *parser
	json  *jsonl.Decoder
	batch int64 // current BATCH offset, ns since the epoch
	now   int64 // time of the line being read, ns since the epoch
}

// NewReader returns a Reader over r; file names the input in errors.
// opts.DefaultTime is not used: the BATCH/@ clock gives event times.
func NewReader(r io.Reader, file string, opts ingest.Options) *Reader {
	lim := opts.Limits.WithDefaults()
	rd := &Reader{
		lines: ingest.NewLineReader(r, file, lim.MaxLineBytes),
		p:     newParser(lim),
	}
	rd.json = jsonl.NewDecoder(ingest.Options{Limits: lim, DefaultTime: func() int64 { return rd.now }})
	return rd
}

// Next returns the next event, a fresh *event.Event the caller may keep,
// or io.EOF at the end of input. A *ingest.Error concerns one line (a bad
// event, BATCH or @ line); calling Next again continues with the next line.
// Other errors are I/O errors.
func (r *Reader) Next() (*event.Event, error) {
	for {
		line, err := r.lines.Next()
		if err != nil {
			return nil, err
		}
		ev, err := r.parseLine(line)
		if err != nil {
			if e, ok := err.(*ingest.Error); ok {
				e.File, e.Line = r.lines.File(), r.lines.Line()
			}
			return nil, err
		}
		if ev != nil {
			return ev, nil
		}
	}
}

// Raw returns the text of the line read by the last Next call (see
// ingest.RawLiner).
func (r *Reader) Raw() []byte { return r.lines.Raw() }

// Line returns the number of the line read by the last Next call.
func (r *Reader) Line() int { return r.lines.Line() }

// parseLine handles one line: it returns an event, or nil for a line that
// holds none (comment, blank, BATCH).
func (r *Reader) parseLine(line []byte) (*event.Event, error) {
	start, end := trimSpace(line, 0, len(line))
	if start == end || line[start] == '#' || (end-start >= 2 && line[start] == '/' && line[start+1] == '/') {
		return nil, nil
	}
	r.now = r.batch
	if isBatch(line[start:end]) {
		ns, err := parseBatch(line, start+len("BATCH"), end)
		if err != nil {
			return nil, err
		}
		if ns >= 0 {
			r.batch = ns
		}
		return nil, nil
	}
	if line[start] == '@' {
		ns, next, err := parseOffset(line, start, end)
		if err != nil {
			return nil, err
		}
		r.now = ns
		start = next
	}
	if line[end-1] == ';' {
		_, end = trimSpace(line, start, end-1)
		if start == end {
			return nil, errAt(end, "missing event before ';'")
		}
	}
	if line[start] == '{' {
		ev, err := r.json.DecodeNew(line[start:end])
		if err != nil {
			if e, ok := err.(*ingest.Error); ok && e.Col > 0 {
				e.Col += start
			}
			return nil, err
		}
		return ev, nil
	}
	return r.p.event(line, start, end, r.now)
}
