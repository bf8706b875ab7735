// Package ingest holds what the event readers share: the Reader interface,
// the per-line Error type, resource Limits, reader Options and the bounded
// LineReader. The format decoders live in subpackages (ingest/evt,
// ingest/jsonl); ingest/format picks one by name or file extension.
package ingest

import (
	"errors"
	"fmt"

	"github.com/varpulis/varpulis-go/engine/event"
)

// Reader yields events one at a time. Next returns io.EOF after the last
// event. A *Error concerns one input line only: the caller may call Next
// again to continue with the following line (--on-error=skip). Any other
// error (an I/O failure) is final and is returned again by later calls.
//
// Each call returns a fresh *event.Event the caller may keep.
type Reader interface {
	Next() (*event.Event, error)
}

// IntoReader is implemented by readers that can decode the next event into
// a caller-provided event, reusing its Fields capacity, so that a caller
// that does not keep events reads without allocating per event. It returns
// io.EOF at the end of input and errors as Reader.Next does; after an
// error the event's content is unspecified.
type IntoReader interface {
	NextInto(ev *event.Event) error
}

// RawLiner is implemented by line-based readers: Raw returns the text of the
// line the last Next call read (after a *Error, the bad line, for a
// dead-letter file). The slice is only valid until the next call to Next.
// For a line longer than Limits.MaxLineBytes it holds the first
// MaxLineBytes bytes only.
type RawLiner interface {
	Raw() []byte
}

// ErrLimit is wrapped by every *Error caused by a resource limit (line
// length, field count, string length, nesting depth), so callers can tell
// limit violations from malformed input with errors.Is(err, ErrLimit).
var ErrLimit = errors.New("limit exceeded")

// Error is an error in one line of input.
type Error struct {
	File string // input name as given to the reader ("-" or "" for unnamed input)
	Line int    // 1-based line number
	Col  int    // 1-based byte column in the line, 0 when unknown
	Msg  string // what is wrong, without position
	Err  error  // optional underlying cause (ErrLimit, a time parse error, ...)
}

// Error formats the error as "path:line: error: msg", followed by
// " (column N)" when the column is known. An unnamed input shows as "-".
func (e *Error) Error() string {
	file := e.File
	if file == "" {
		file = "-"
	}
	if e.Col > 0 {
		return fmt.Sprintf("%s:%d: error: %s (column %d)", file, e.Line, e.Msg, e.Col)
	}
	return fmt.Sprintf("%s:%d: error: %s", file, e.Line, e.Msg)
}

// Unwrap returns the underlying cause, if any.
func (e *Error) Unwrap() error { return e.Err }

// Default resource limits (see Limits).
const (
	DefaultMaxLineBytes   = 1 << 20 // 1 MiB
	DefaultMaxFields      = 1000
	DefaultMaxStringBytes = 256 << 10 // 256 KiB
	DefaultMaxDepth       = 32
)

// Limits bounds the resources one input line may use. A zero field means the
// default; there is no "unlimited" setting, on purpose.
type Limits struct {
	// MaxLineBytes is the longest accepted line, excluding the line end
	// (default 1 MiB). A longer line is an error (wrapping ErrLimit); the
	// reader skips the rest of it without buffering it.
	MaxLineBytes int
	// MaxFields is the most fields an event may have, and the most entries
	// in any one nested map (default 1000).
	MaxFields int
	// MaxStringBytes is the longest string value or field name, after
	// decoding escapes (default 256 KiB).
	MaxStringBytes int
	// MaxDepth is the deepest nesting of arrays and maps inside a field
	// value (default 32; a field holding [1] has depth 1).
	MaxDepth int
}

// WithDefaults returns l with every zero or negative field set to its default.
func (l Limits) WithDefaults() Limits {
	if l.MaxLineBytes <= 0 {
		l.MaxLineBytes = DefaultMaxLineBytes
	}
	if l.MaxFields <= 0 {
		l.MaxFields = DefaultMaxFields
	}
	if l.MaxStringBytes <= 0 {
		l.MaxStringBytes = DefaultMaxStringBytes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	return l
}

// Options configures a reader.
type Options struct {
	// Limits bounds each line; zero fields take the defaults.
	Limits Limits
	// DefaultTime gives the event time (ns since the Unix epoch) of a JSON
	// Lines event that has no timestamp/ts member. Nil means 0 (the epoch),
	// which keeps file runs deterministic; a CLI that wants ingestion time
	// passes a function returning time.Now().UnixNano(). The .evt reader
	// does not use it: there the BATCH/@ clock gives the time (vpl.md §4).
	DefaultTime func() int64
}
