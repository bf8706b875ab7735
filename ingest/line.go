package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// lineBufferSize is the bufio buffer size: lines up to this length are
// returned without copying.
const lineBufferSize = 64 << 10

// maxKeptLong is the largest long-line buffer kept for reuse.
const maxKeptLong = 256 << 10

// LineReader splits an input into lines without ever holding more than one
// line (of at most MaxLineBytes bytes) in memory. Lines end at '\n'; a
// trailing '\r' is removed, as is a UTF-8 byte order mark at the start of
// the input. The last line need not end with '\n'.
type LineReader struct {
	r       *bufio.Reader
	file    string
	max     int
	line    int
	long    []byte // accumulates lines longer than the bufio buffer
	raw     []byte // the last line returned (or its first max bytes)
	err     error  // sticky I/O error or io.EOF
	started bool   // a line has been returned (the BOM check is done)
	tooLong bool   // the current line exceeds max; the rest is discarded
}

// NewLineReader returns a LineReader over r. file names the input in errors.
// maxLine bounds the line length (DefaultMaxLineBytes when <= 0).
func NewLineReader(r io.Reader, file string, maxLine int) *LineReader {
	if maxLine <= 0 {
		maxLine = DefaultMaxLineBytes
	}
	return &LineReader{r: bufio.NewReaderSize(r, lineBufferSize), file: file, max: maxLine}
}

// File returns the input name given to NewLineReader.
func (lr *LineReader) File() string { return lr.file }

// Line returns the 1-based number of the last line returned (0 before the first).
func (lr *LineReader) Line() int { return lr.line }

// Raw returns the last line returned by Next (its first MaxLineBytes bytes
// if it was too long). It is only valid until the next call to Next.
func (lr *LineReader) Raw() []byte { return lr.raw }

// Next returns the next line without its line end. The slice is only valid
// until the next call. At the end of input it returns io.EOF. A line longer
// than the limit is consumed entirely and reported as a *Error wrapping
// ErrLimit; reading may continue after it. Other errors are I/O errors,
// returned again by later calls.
func (lr *LineReader) Next() ([]byte, error) {
	if lr.err != nil {
		return nil, lr.err
	}
	if cap(lr.long) > maxKeptLong {
		lr.long = nil // do not pin the memory of one unusually long line
	}
	lr.long = lr.long[:0]
	lr.tooLong = false
	for {
		chunk, err := lr.r.ReadSlice('\n')
		switch {
		case err == nil || (errors.Is(err, io.EOF) && (len(chunk) > 0 || len(lr.long) > 0 || lr.tooLong)):
			if err != nil {
				lr.err = io.EOF
			}
			return lr.finish(chunk)
		case errors.Is(err, bufio.ErrBufferFull):
			if !lr.tooLong {
				if len(lr.long)+len(chunk) > lr.max+1 { // +1: room for a '\r' before '\n'
					room := max(lr.max-len(lr.long), 0)
					lr.long = append(lr.long, chunk[:room]...)
					lr.tooLong = true
				} else {
					lr.long = append(lr.long, chunk...)
				}
			}
			continue
		case errors.Is(err, io.EOF):
			lr.err = io.EOF
			return nil, io.EOF
		default:
			lr.err = fmt.Errorf("%s: read: %w", lr.file, err)
			return nil, lr.err
		}
	}
}

func (lr *LineReader) finish(chunk []byte) ([]byte, error) {
	lr.line++
	var b []byte
	if len(lr.long) == 0 && !lr.tooLong {
		b = chunk
	} else if !lr.tooLong {
		lr.long = append(lr.long, chunk...)
		b = lr.long
	}
	if !lr.tooLong {
		if n := len(b); n > 0 && b[n-1] == '\n' {
			b = b[:n-1]
		}
		if n := len(b); n > 0 && b[n-1] == '\r' {
			b = b[:n-1]
		}
		if !lr.started {
			b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
		}
	}
	lr.started = true
	if lr.tooLong || len(b) > lr.max {
		if !lr.tooLong {
			b = b[:lr.max]
		} else {
			b = lr.long
		}
		lr.raw = b
		return nil, &Error{File: lr.file, Line: lr.line,
			Msg: fmt.Sprintf("line is longer than the %d-byte limit", lr.max), Err: ErrLimit}
	}
	lr.raw = b
	return b, nil
}
