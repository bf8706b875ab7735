package evt

import (
	"fmt"
	"math"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/ingest"
)

const (
	nameCacheSize  = 1024
	valueCacheSize = 4096
	maxInternName  = 64
	maxInternValue = 24
	nsPerMs        = int64(1_000_000)
	// linearDedup is the field count up to which duplicate field names are
	// found by a linear scan; above it a map is used.
	linearDedup = 32
)

func errAt(i int, format string, args ...any) error {
	return &ingest.Error{Col: i + 1, Msg: fmt.Sprintf(format, args...)}
}

func limitAt(i int, format string, args ...any) error {
	return &ingest.Error{Col: i + 1, Msg: fmt.Sprintf(format, args...), Err: ingest.ErrLimit}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' }

// trimSpace narrows [start, end) of b to exclude leading and trailing blanks.
func trimSpace(b []byte, start, end int) (int, int) {
	for start < end && isSpace(b[start]) {
		start++
	}
	for end > start && isSpace(b[end-1]) {
		end--
	}
	return start, end
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// isBatch reports whether a trimmed line is a BATCH line: the word BATCH
// alone or followed by a blank, and not by a field list (`BATCH { ... }`
// is an event of type BATCH, as `BATCH{}` is).
func isBatch(b []byte) bool {
	if len(b) < 5 || string(b[:5]) != "BATCH" {
		return false
	}
	if len(b) == 5 {
		return true
	}
	if !isSpace(b[5]) {
		return false
	}
	i := 5
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i == len(b) || b[i] != '{'
}

// parseBatch parses the argument of a BATCH line in b[i:end]: a
// non-negative integer number of milliseconds, returned in nanoseconds.
// A BATCH without argument is ignored (returns -1), as in the original.
// As in the original, only the first word after BATCH counts: the rest of
// the line (typically a comment, `BATCH 1000  # one second`) is ignored.
func parseBatch(b []byte, i, end int) (int64, error) {
	i, end = trimSpace(b, i, end)
	if i == end {
		return -1, nil
	}
	for k := i; k < end; k++ {
		if isSpace(b[k]) {
			end = k
			break
		}
	}
	ms, err := strconv.ParseUint(string(b[i:end]), 10, 63)
	if err != nil {
		return 0, errAt(i, "BATCH wants a non-negative integer number of milliseconds, found %q", b[i:end])
	}
	if ms > math.MaxInt64/uint64(nsPerMs) {
		return 0, errAt(i, "BATCH offset %d ms is out of range", ms)
	}
	return int64(ms) * nsPerMs, nil
}

// parseOffset parses the "@<n>[ms|s|m]" prefix at b[start] and returns the
// offset in nanoseconds and the start of the event text after it.
func parseOffset(b []byte, start, end int) (int64, int, error) {
	i := start + 1
	j := i
	for j < end && '0' <= b[j] && b[j] <= '9' {
		j++
	}
	k := j
	for k < end && !isSpace(b[k]) {
		k++
	}
	if j == i {
		return 0, 0, errAt(i, "@ wants a non-negative integer offset with an optional unit ms, s or m, found %q", b[i:k])
	}
	var unit int64
	switch string(b[j:k]) {
	case "", "ms":
		unit = nsPerMs
	case "s":
		unit = 1000 * nsPerMs
	case "m":
		unit = 60_000 * nsPerMs
	default:
		return 0, 0, errAt(j, "unknown offset unit %q (want ms, s or m)", b[j:k])
	}
	n, err := strconv.ParseUint(string(b[i:j]), 10, 63)
	if err != nil || n > uint64(math.MaxInt64/unit) {
		return 0, 0, errAt(i, "offset %s is out of range", b[i:k])
	}
	next := skipSpace(b[:end], k)
	if next == end {
		return 0, 0, errAt(k, "missing event after the @ offset")
	}
	return int64(n) * unit, next, nil
}

// parser parses brace and positional event lines. It keeps intern caches
// and scratch buffers between lines.
type parser struct {
	lim    ingest.Limits
	names  *ingest.Interner
	values *ingest.Interner
	fields []event.Field
	stack  []value.Value
	buf    []byte
	seen   map[string]int // field index by name when there are many fields
}

func newParser(lim ingest.Limits) *parser {
	return &parser{
		lim:    lim,
		names:  ingest.NewInterner(nameCacheSize),
		values: ingest.NewInterner(valueCacheSize),
	}
}

// nameByte reports whether c may appear in an event type name: ASCII
// letters, digits, '_', '.', '-', ':' and any non-ASCII byte (UTF-8 letters).
func nameByte(c byte) bool {
	return c >= utf8.RuneSelf || c == '_' || c == '.' || c == '-' || c == ':' ||
		('0' <= c && c <= '9') || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

// event parses `Type { ... }` or `Type(...)` in b[start:end] (trimmed, no
// trailing ';').
func (p *parser) event(line []byte, start, end int, now int64) (*event.Event, error) {
	b := line[:end]
	i := start
	for i < len(b) && nameByte(b[i]) {
		i++
	}
	if i == start {
		return nil, errAt(i, "want an event (Type { ... }, Type(...) or a JSON object), found %q", b[i])
	}
	typ := b[start:i]
	if !utf8.Valid(typ) || !(typ[0] >= utf8.RuneSelf || typ[0] == '_' || ('a' <= typ[0] && typ[0] <= 'z') || ('A' <= typ[0] && typ[0] <= 'Z')) {
		return nil, errAt(start, "invalid event type name %q", typ)
	}
	i = skipSpace(b, i)
	p.fields = p.fields[:0]
	defer p.release()
	var err error
	switch {
	case i < len(b) && b[i] == '{':
		i, err = p.braceFields(b, i)
	case i < len(b) && b[i] == '(':
		i, err = p.positional(b, i)
	case i < len(b):
		return nil, errAt(i, "want '{' or '(' after the event type, found %q", b[i])
	default:
		return nil, errAt(i, "want '{' or '(' after the event type %q", typ)
	}
	if err != nil {
		return nil, err
	}
	if i = skipSpace(b, i); i < len(b) {
		return nil, errAt(i, "unexpected text after the event")
	}
	ev := event.New(len(p.fields))
	ev.Type = p.name(typ)
	ev.Time = now
	ev.Fields = append(ev.Fields, p.fields...)
	return ev, nil
}

// Scratch buffers grown past these capacities by an unusual line are
// dropped after it, so one huge line does not pin memory for the whole run.
const (
	maxKeptStack = 4096
	maxKeptBytes = 64 << 10
)

// release empties the per-line scratch state.
func (p *parser) release() {
	clear(p.fields)
	p.fields = p.fields[:0]
	if cap(p.stack) > maxKeptStack {
		p.stack = nil
	}
	if cap(p.buf) > maxKeptBytes {
		p.buf = nil
	}
}

func (p *parser) name(b []byte) string {
	if len(b) <= maxInternName {
		return p.names.Intern(b)
	}
	return string(b)
}

// setField adds or replaces a field (last value wins, first position kept).
// Duplicates are found by a linear scan over small field lists and through
// p.seen over large ones, so a line with many fields stays linear.
func (p *parser) setField(name string, v value.Value, at int) error {
	k := -1
	if len(p.fields) <= linearDedup {
		for i := range p.fields {
			if p.fields[i].Name == name {
				k = i
				break
			}
		}
	} else if i, ok := p.seen[name]; ok {
		k = i
	}
	if k >= 0 {
		p.fields[k].Value = v
		return nil
	}
	if len(p.fields) >= p.lim.MaxFields {
		return limitAt(at, "more than %d fields", p.lim.MaxFields)
	}
	p.fields = append(p.fields, event.Field{Name: name, Value: v})
	switch n := len(p.fields); {
	case n == linearDedup+1:
		if p.seen == nil {
			p.seen = make(map[string]int, 2*linearDedup)
		}
		clear(p.seen)
		for i := range p.fields {
			p.seen[p.fields[i].Name] = i
		}
	case n > linearDedup+1:
		p.seen[name] = n - 1
	}
	return nil
}

// braceFields parses `{ name: value, ... }` at b[i] into p.fields.
func (p *parser) braceFields(b []byte, i int) (int, error) {
	return p.members(b, i, 0, func(name string, v value.Value, at int) error {
		return p.setField(name, v, at)
	})
}

// members parses `{ name: value, ... }` at b[i] (a trailing comma is
// allowed) and calls set for each member; depth is the nesting level of
// the braces (0 for an event's field list).
func (p *parser) members(b []byte, i int, depth int, set func(string, value.Value, int) error) (int, error) {
	i = skipSpace(b, i+1)
	for {
		if i < len(b) && b[i] == '}' {
			return i + 1, nil
		}
		name, j, err := p.memberName(b, i)
		if err != nil {
			return 0, err
		}
		j = skipSpace(b, j)
		if j >= len(b) || b[j] != ':' {
			return 0, errAt(j, "want ':' after field name %q", name)
		}
		j = skipSpace(b, j+1)
		v, j, err := p.value(b, j, depth)
		if err != nil {
			return 0, err
		}
		if err := set(name, v, i); err != nil {
			return 0, err
		}
		i = skipSpace(b, j)
		switch {
		case i >= len(b):
			return 0, errAt(i, "missing '}'")
		case b[i] == ',':
			i = skipSpace(b, i+1)
		case b[i] != '}':
			return 0, errAt(i, "want ',' or '}', found %q", b[i])
		}
	}
}

// bareNameByte reports whether c may appear in an unquoted field name.
func bareNameByte(c byte) bool {
	switch c {
	case ':', ',', '{', '}', '[', ']', '(', ')', '"', '\'':
		return false
	}
	return !isSpace(c)
}

// memberName parses a field name: a quoted string or a bare word.
func (p *parser) memberName(b []byte, i int) (string, int, error) {
	if i < len(b) && (b[i] == '"' || b[i] == '\'') {
		s, j, err := p.quoted(b, i)
		if err != nil {
			return "", 0, err
		}
		return p.name(s), j, nil
	}
	j := i
	for j < len(b) && bareNameByte(b[j]) {
		j++
	}
	if j == i {
		if i >= len(b) {
			return "", 0, errAt(i, "missing field name")
		}
		return "", 0, errAt(i, "want a field name, found %q", b[i])
	}
	if j-i > p.lim.MaxStringBytes {
		return "", 0, limitAt(i, "field name longer than %d bytes", p.lim.MaxStringBytes)
	}
	return p.name(b[i:j]), j, nil
}

// positional parses `(v1, v2, ...)` at b[i] into fields field_0, field_1, ...
func (p *parser) positional(b []byte, i int) (int, error) {
	i = skipSpace(b, i+1)
	var num [24]byte
	for n := 0; ; n++ {
		if i < len(b) && b[i] == ')' {
			return i + 1, nil
		}
		v, j, err := p.value(b, i, 0)
		if err != nil {
			return 0, err
		}
		if len(p.fields) >= p.lim.MaxFields {
			return 0, limitAt(i, "more than %d fields", p.lim.MaxFields)
		}
		name := p.names.Intern(strconv.AppendInt(append(num[:0], "field_"...), int64(n), 10))
		p.fields = append(p.fields, event.Field{Name: name, Value: v})
		i = skipSpace(b, j)
		switch {
		case i >= len(b):
			return 0, errAt(i, "missing ')'")
		case b[i] == ',':
			i = skipSpace(b, i+1)
		case b[i] != ')':
			return 0, errAt(i, "want ',' or ')', found %q", b[i])
		}
	}
}

// value parses one value at b[i]; depth is the nesting level of its
// container (0 for a field value).
func (p *parser) value(b []byte, i int, depth int) (value.Value, int, error) {
	if i >= len(b) {
		return value.Value{}, 0, errAt(i, "missing value")
	}
	switch b[i] {
	case '"', '\'':
		s, j, err := p.quoted(b, i)
		if err != nil {
			return value.Value{}, 0, err
		}
		return p.str(s), j, nil
	case '[':
		return p.array(b, i, depth+1)
	case '{':
		return p.object(b, i, depth+1)
	case ',', ']', '}', ')':
		return value.Value{}, 0, errAt(i, "missing value")
	}
	// A bare token runs to the next delimiter.
	j := i
	for j < len(b) && b[j] != ',' && b[j] != ']' && b[j] != '}' && b[j] != ')' {
		j++
	}
	_, end := trimSpace(b, i, j)
	if end-i > p.lim.MaxStringBytes {
		return value.Value{}, 0, limitAt(i, "value longer than %d bytes", p.lim.MaxStringBytes)
	}
	return p.bare(b[i:end]), end, nil
}

func (p *parser) str(s []byte) value.Value {
	if len(s) <= maxInternValue {
		return value.String(p.values.Intern(s))
	}
	return value.String(string(s))
}

// bare classifies an unquoted token: bool, null, int, float or string.
func (p *parser) bare(t []byte) value.Value {
	switch string(t) {
	case "true":
		return value.Bool(true)
	case "false":
		return value.Bool(false)
	case "null", "nil":
		return value.Null()
	}
	// view is only passed to strconv, which does not retain it.
	view := unsafe.String(unsafe.SliceData(t), len(t))
	if isInt(t) {
		if n, err := strconv.ParseInt(view, 10, 64); err == nil {
			return value.Int(n)
		}
	}
	if isFloat(t) {
		// Out-of-range literals become ±Inf or 0, as the original's float
		// parser does; the syntax was checked, so no other error occurs.
		f, _ := strconv.ParseFloat(view, 64)
		return value.Float(f)
	}
	return p.str(t)
}

func isInt(t []byte) bool {
	if len(t) > 0 && (t[0] == '+' || t[0] == '-') {
		t = t[1:]
	}
	if len(t) == 0 {
		return false
	}
	for _, c := range t {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// isFloat checks the float syntax accepted by the original engine:
// [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?, or inf,
// infinity, nan in any case, optionally signed.
func isFloat(t []byte) bool {
	if len(t) > 0 && (t[0] == '+' || t[0] == '-') {
		t = t[1:]
	}
	switch len(t) {
	case 3, 8:
		if equalFold(t, "inf") || equalFold(t, "nan") || equalFold(t, "infinity") {
			return true
		}
	}
	i, digits := 0, 0
	for i < len(t) && '0' <= t[i] && t[i] <= '9' {
		i++
		digits++
	}
	if i < len(t) && t[i] == '.' {
		i++
		for i < len(t) && '0' <= t[i] && t[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(t) && (t[i] == 'e' || t[i] == 'E') {
		i++
		if i < len(t) && (t[i] == '+' || t[i] == '-') {
			i++
		}
		start := i
		for i < len(t) && '0' <= t[i] && t[i] <= '9' {
			i++
		}
		if i == start {
			return false
		}
	}
	return i == len(t)
}

func equalFold(b []byte, lower string) bool {
	if len(b) != len(lower) {
		return false
	}
	for i := range b {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

func (p *parser) array(b []byte, i int, depth int) (value.Value, int, error) {
	if depth > p.lim.MaxDepth {
		return value.Value{}, 0, limitAt(i, "nesting deeper than %d", p.lim.MaxDepth)
	}
	i = skipSpace(b, i+1)
	base := len(p.stack)
	defer func() {
		clear(p.stack[base:])
		p.stack = p.stack[:base]
	}()
	for {
		if i < len(b) && b[i] == ']' {
			if len(p.stack) == base {
				return value.Array(nil), i + 1, nil
			}
			return value.Array(append([]value.Value(nil), p.stack[base:]...)), i + 1, nil
		}
		v, j, err := p.value(b, i, depth)
		if err != nil {
			return value.Value{}, 0, err
		}
		p.stack = append(p.stack, v)
		i = skipSpace(b, j)
		switch {
		case i >= len(b):
			return value.Value{}, 0, errAt(i, "missing ']'")
		case b[i] == ',':
			i = skipSpace(b, i+1)
		case b[i] != ']':
			return value.Value{}, 0, errAt(i, "want ',' or ']', found %q", b[i])
		}
	}
}

func (p *parser) object(b []byte, i int, depth int) (value.Value, int, error) {
	if depth > p.lim.MaxDepth {
		return value.Value{}, 0, limitAt(i, "nesting deeper than %d", p.lim.MaxDepth)
	}
	m := value.NewMap(0)
	j, err := p.members(b, i, depth, func(name string, v value.Value, at int) error {
		m.Set(name, v)
		if m.Len() > p.lim.MaxFields {
			return limitAt(at, "map with more than %d entries", p.lim.MaxFields)
		}
		return nil
	})
	if err != nil {
		return value.Value{}, 0, err
	}
	return value.MapOf(m), j, nil
}

// quoted parses a '...' or "..." string at b[i] and returns its decoded
// bytes (valid until the next call) and the position after it. Escapes
// \n \t \r \" \' \\ and \uXXXX are decoded (a UTF-16 surrogate pair forms
// one character, a lone surrogate becomes U+FFFD); any other backslash is
// kept with the character after it, as the original engine does.
func (p *parser) quoted(b []byte, i int) ([]byte, int, error) {
	q := b[i]
	start := i + 1
	j := start
	for j < len(b) && b[j] != q && b[j] != '\\' {
		j++
	}
	if j < len(b) && b[j] == q {
		if j-start > p.lim.MaxStringBytes {
			return nil, 0, limitAt(i, "string longer than %d bytes", p.lim.MaxStringBytes)
		}
		return b[start:j], j + 1, nil
	}
	out := append(p.buf[:0], b[start:j]...)
	for j < len(b) {
		c := b[j]
		switch {
		case c == q:
			p.buf = out
			if len(out) > p.lim.MaxStringBytes {
				return nil, 0, limitAt(i, "string longer than %d bytes", p.lim.MaxStringBytes)
			}
			return out, j + 1, nil
		case c == '\\' && j+1 < len(b):
			switch e := b[j+1]; e {
			case 'n':
				out = append(out, '\n')
			case 't':
				out = append(out, '\t')
			case 'r':
				out = append(out, '\r')
			case '"', '\'', '\\':
				out = append(out, e)
			case 'u':
				r, n := unicodeEscape(b[j:])
				if n == 0 {
					out = append(out, '\\', 'u')
					break
				}
				out = utf8.AppendRune(out, r)
				j += n
				continue
			default:
				out = append(out, '\\', e)
			}
			j += 2
		default:
			out = append(out, c)
			j++
		}
	}
	p.buf = out
	return nil, 0, errAt(i, "unterminated string")
}

// unicodeEscape decodes \uXXXX (and a following low surrogate) at s[0]. It
// returns the rune and the bytes consumed, or n == 0 if s does not start
// with a valid \uXXXX.
func unicodeEscape(s []byte) (rune, int) {
	r := hex4(s)
	if r < 0 {
		return 0, 0
	}
	if utf16.IsSurrogate(r) {
		if r2 := hex4(s[6:]); r2 >= 0 {
			if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
				return dec, 12
			}
		}
		return utf8.RuneError, 6
	}
	return r, 6
}

// hex4 decodes `\uXXXX` at s[0:6]; -1 if it is not one.
func hex4(s []byte) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range s[2:6] {
		var h rune
		switch {
		case '0' <= c && c <= '9':
			h = rune(c - '0')
		case 'a' <= c && c <= 'f':
			h = rune(c-'a') + 10
		case 'A' <= c && c <= 'F':
			h = rune(c-'A') + 10
		default:
			return -1
		}
		r = r<<4 | h
	}
	return r
}
