// Package diag holds diagnostics (errors and warnings) about VPL source and
// renders them in the toolchain's format:
//
//	path:line:col: error[CODE]: message
//	    <source line>
//	    ^
//	    hint: did you mean `avg`?
package diag

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/varpulis/varpulis-go/vpl/token"
)

// Severity of a diagnostic.
type Severity uint8

// Severities.
const (
	Error Severity = iota
	Warning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one message about a source range.
type Diagnostic struct {
	Pos      token.Pos // start of the offending text
	End      token.Pos // end of the offending text (may be NoPos)
	Severity Severity
	Code     string // stable code, e.g. E101 or W001 (see docs/errors.md)
	Message  string
	Hint     string // optional suggestion, e.g. "did you mean `avg`?"
}

// List is a list of diagnostics.
type List []*Diagnostic

// Add appends a diagnostic.
func (l *List) Add(pos, end token.Pos, sev Severity, code, msg, hint string) {
	*l = append(*l, &Diagnostic{Pos: pos, End: end, Severity: sev, Code: code, Message: msg, Hint: hint})
}

// Errorf appends an error.
func (l *List) Errorf(pos, end token.Pos, code, format string, args ...any) *Diagnostic {
	d := &Diagnostic{Pos: pos, End: end, Severity: Error, Code: code, Message: fmt.Sprintf(format, args...)}
	*l = append(*l, d)
	return d
}

// Warnf appends a warning.
func (l *List) Warnf(pos, end token.Pos, code, format string, args ...any) *Diagnostic {
	d := &Diagnostic{Pos: pos, End: end, Severity: Warning, Code: code, Message: fmt.Sprintf(format, args...)}
	*l = append(*l, d)
	return d
}

// HasErrors reports whether the list holds at least one error.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// ErrorCount returns the number of errors.
func (l List) ErrorCount() int {
	n := 0
	for _, d := range l {
		if d.Severity == Error {
			n++
		}
	}
	return n
}

// Sort orders the list by position, then severity, code and message.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.Pos != b.Pos {
			return a.Pos < b.Pos
		}
		if a.Severity != b.Severity {
			return a.Severity < b.Severity
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Message < b.Message
	})
}

// Dedupe sorts the list and removes diagnostics with the same position,
// code and message, and keeps at most one error per source line (later
// errors on the same line are usually follow-ups of the first).
func (l List) Dedupe(fset *token.FileSet) List {
	l.Sort()
	out := l[:0]
	lastLine := map[string]int{}
	var prev *Diagnostic
	for _, d := range l {
		if prev != nil && prev.Pos == d.Pos && prev.Code == d.Code && prev.Message == d.Message {
			continue
		}
		if d.Severity == Error && fset != nil {
			p := fset.Position(d.Pos)
			if p.IsValid() {
				if ln, ok := lastLine[p.Filename]; ok && ln == p.Line {
					continue
				}
				lastLine[p.Filename] = p.Line
			}
		}
		out = append(out, d)
		prev = d
	}
	return out
}

// Err returns the list as an error when it has errors, else nil.
func (l List) Err(fset *token.FileSet) error {
	if !l.HasErrors() {
		return nil
	}
	return &ListError{List: l, Fset: fset}
}

// ListError is an error carrying diagnostics.
type ListError struct {
	List List
	Fset *token.FileSet
}

// Error returns the first error line and the number of further errors.
func (e *ListError) Error() string {
	var first *Diagnostic
	for _, d := range e.List {
		if d.Severity == Error {
			first = d
			break
		}
	}
	if first == nil {
		return "no errors"
	}
	s := Format(e.Fset, first)
	if n := e.List.ErrorCount(); n > 1 {
		s += fmt.Sprintf(" (and %d more errors)", n-1)
	}
	return s
}

// Format returns the one-line form `path:line:col: error[CODE]: message`.
func Format(fset *token.FileSet, d *Diagnostic) string {
	pos := fset.Position(d.Pos)
	code := ""
	if d.Code != "" {
		code = "[" + d.Code + "]"
	}
	return fmt.Sprintf("%s: %s%s: %s", pos, d.Severity, code, d.Message)
}

// Render writes every diagnostic with its source line, a caret (or a run
// of carets under the offending range on that line) and the hint.
func Render(w io.Writer, fset *token.FileSet, l List) error {
	var buf bytes.Buffer
	for _, d := range l {
		buf.WriteString(Format(fset, d))
		buf.WriteByte('\n')
		if f := fset.File(d.Pos); f != nil {
			p := f.Position(d.Pos)
			line := f.LineText(p.Line)
			const maxShown = 200
			if len(line) <= maxShown*4 && p.Column-1 <= len(line) {
				shown := strings.ToValidUTF8(strings.ReplaceAll(string(line), "\t", " "), "\uFFFD")
				buf.WriteString("    ")
				buf.WriteString(shown)
				buf.WriteByte('\n')
				// Caret column: count runes before the column so multi-byte
				// characters keep the caret aligned.
				col := len([]rune(strings.ToValidUTF8(string(line[:p.Column-1]), "\uFFFD")))
				width := 1
				if d.End.IsValid() && d.End > d.Pos {
					if e := f.Position(d.End); e.Line == p.Line && e.Column > p.Column {
						width = len([]rune(strings.ToValidUTF8(string(line[p.Column-1:e.Column-1]), "\uFFFD")))
					}
				}
				if width < 1 {
					width = 1
				}
				buf.WriteString("    ")
				buf.WriteString(strings.Repeat(" ", col))
				buf.WriteString(strings.Repeat("^", width))
				buf.WriteByte('\n')
			}
		}
		if d.Hint != "" {
			buf.WriteString("    hint: ")
			buf.WriteString(d.Hint)
			buf.WriteByte('\n')
		}
	}
	_, err := w.Write(buf.Bytes())
	return err
}
