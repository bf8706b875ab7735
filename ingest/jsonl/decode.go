// Package jsonl reads events from JSON Lines input: one JSON object per line.
//
// Shape of a line (vpl.md §4, §11):
//   - the event type is the string member "event_type"; when there is none,
//     the top-level member "type" (which is then not a field). With
//     "event_type" present, a top-level "type" is an ordinary field. The type
//     must be a non-empty string;
//   - the event time is the top-level member "timestamp", "ts" or
//     "@timestamp" (the Elastic/Logstash name, which the original also
//     reads), in that order of precedence: an RFC 3339 string or a number of
//     milliseconds since the Unix epoch (a fraction is kept to the
//     nanosecond); null means absent. Without one, the event time is
//     Options.DefaultTime() (0 when nil). These members are never fields;
//   - every other top-level member is a field, except that a member "data"
//     whose value is an object is replaced by that object's members, so both
//     {"event_type":"T","data":{"a":1}} and {"event_type":"T","a":1} give
//     field a. Inside "data" every name is an ordinary field name;
//   - fields keep document order; when a name repeats, the last value wins
//     and the field keeps its first position (like Event.Set);
//   - numbers written without '.' or exponent that fit int64 are ints, all
//     others floats; a number beyond the float64 range is an error; nested
//     objects become maps, arrays arrays;
//   - strings follow encoding/json exactly: escapes decoded, invalid UTF-8
//     bytes and lone surrogates replaced by U+FFFD.
//
// The decoder is hand-written for this shape: no reflection, no
// map[string]any. Field names, type names and short string values go
// through small intern caches, so a stream of similar lines allocates only
// the Event with its fields (one allocation, see event.New) plus strings it
// has not seen recently.
package jsonl

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/ingest"
)

// Interning and scratch parameters. Names (field and type names) are
// interned up to maxInternName bytes; string values up to maxInternValue
// bytes, since long values are rarely repeated.
const (
	nameCacheSize  = 1024
	valueCacheSize = 4096
	maxInternName  = 64
	maxInternValue = 24
	maxHints       = 256
	// linearDedup is the field count up to which duplicate field names are
	// found by a linear scan; above it a map is used.
	linearDedup = 32
)

// Decoder decodes one JSON Lines object at a time into an event. It keeps
// intern caches and scratch buffers between calls, so reuse one Decoder for
// a whole input. A Decoder is not safe for concurrent use.
//
// The parser functions take the line and a read position and return the
// new position, so the position lives in registers rather than in the
// Decoder.
type Decoder struct {
	lim         ingest.Limits
	defaultTime func() int64

	names  *ingest.Interner
	values *ingest.Interner

	shape []keyPattern // keys of the previous lines' members, by position
	hint  int          // position of the next member key in this line

	fields []event.Field  // scratch: fields of the current event
	stack  []value.Value  // scratch: elements of the arrays being decoded
	strBuf []byte         // scratch: unescaped string bytes
	seen   map[string]int // dedup index when an event has many fields
	// lenMask has bit len(name)%64 set for every field name in d.fields: a
	// new name whose bit is clear cannot be a duplicate, so most fields skip
	// the duplicate search.
	lenMask uint64
}

// NewDecoder returns a Decoder with the limits and default clock of opts.
func NewDecoder(opts ingest.Options) *Decoder {
	return &Decoder{
		lim:         opts.Limits.WithDefaults(),
		defaultTime: opts.DefaultTime,
		names:       ingest.NewInterner(nameCacheSize),
		values:      ingest.NewInterner(valueCacheSize),
		fields:      make([]event.Field, 0, 16),
	}
}

// errAt returns a *ingest.Error (without file and line: the Reader fills
// them in) for a problem at byte offset i.
func errAt(i int, format string, args ...any) error {
	return &ingest.Error{Col: i + 1, Msg: fmt.Sprintf(format, args...)}
}

func limitAt(i int, format string, args ...any) error {
	return &ingest.Error{Col: i + 1, Msg: fmt.Sprintf(format, args...), Err: ingest.ErrLimit}
}

func unexpected(b []byte, i int) error {
	if i >= len(b) {
		return errAt(i, "unexpected end of line")
	}
	c := b[i]
	if c < 0x20 || c >= 0x7f {
		return errAt(i, "unexpected byte 0x%02x", c)
	}
	return errAt(i, "unexpected character %q", c)
}

// Decode decodes line, one JSON object, into ev: it sets ev.Type, ev.Time
// and ev.Fields (reusing the capacity of ev.Fields). On error ev is left in
// an unspecified state and the error is a *ingest.Error with Line 0 and no
// File (the Reader fills them in). The decoder keeps no reference to line.
func (d *Decoder) Decode(line []byte, ev *event.Event) error {
	// Decode straight into ev.Fields: no copy from the scratch slice.
	scratch := d.fields
	d.fields = ev.Fields[:0]
	err := d.decodeEvent(line, ev)
	ev.Fields = d.fields
	if err != nil {
		ev.Fields = clearFields(ev.Fields)
	}
	d.fields = scratch
	d.release()
	return err
}

// DecodeNew decodes line into a new Event, allocated together with its
// fields (see event.New). Errors are as for Decode.
func (d *Decoder) DecodeNew(line []byte) (*event.Event, error) {
	var head event.Event
	var ev *event.Event
	err := d.decodeEvent(line, &head)
	if err == nil {
		ev = event.New(len(d.fields))
		ev.Type, ev.Time = head.Type, head.Time
		ev.Fields = append(ev.Fields, d.fields...)
	}
	d.release()
	return ev, err
}

// clearFields empties the scratch slice, dropping references to values.
func clearFields(fs []event.Field) []event.Field {
	clear(fs)
	return fs[:0]
}

// Scratch buffers grown past these capacities by an unusual line are
// dropped after it, so one huge line does not pin memory for the whole run.
const (
	maxKeptStack = 4096
	maxKeptBytes = 64 << 10
)

// release empties the per-line scratch state.
func (d *Decoder) release() {
	d.fields = clearFields(d.fields)
	if cap(d.stack) > maxKeptStack {
		d.stack = nil
	}
	if cap(d.strBuf) > maxKeptBytes {
		d.strBuf = nil
	}
}

// topState collects the reserved top-level members of one line.
type topState struct {
	typ          string // from event_type
	hasEventType bool
	topType      value.Value // last top-level "type" member
	hasTopType   bool
	topTypeAt    int  // index in fields where topType belongs
	topTypeDead  bool // a later "type" field from data overrides it
	timestamp    value.Value
	hasTimestamp bool
	ts           value.Value
	hasTS        bool
	atTimestamp  value.Value // "@timestamp"
	hasAt        bool
}

// decodeEvent parses b: it sets ev.Type and ev.Time and leaves the fields in
// d.fields.
func (d *Decoder) decodeEvent(b []byte, ev *event.Event) error {
	d.hint, d.lenMask = 0, 0
	i := skipWS(b, 0)
	if i >= len(b) {
		return errAt(i, "empty line, want a JSON object")
	}
	if b[i] != '{' {
		return errAt(i, "want a JSON object, found %q", b[i])
	}
	var st topState
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		i++
	} else {
		for {
			key, role, j, err := d.memberKey(b, i)
			if err != nil {
				return err
			}
			if role == roleField {
				// The common case, inlined: an ordinary field.
				v, j2, err := d.value(b, j, 0)
				if err != nil {
					return err
				}
				if err := d.setField(key, v, j); err != nil {
					return err
				}
				i = j2
			} else if i, err = d.topMember(b, j, key, &st); err != nil {
				return err
			}
			if i < len(b) && b[i] <= ' ' {
				i = skipWS(b, i)
			}
			if i < len(b) && b[i] == ',' {
				i = skipWS(b, i+1)
				continue
			}
			if i < len(b) && b[i] == '}' {
				i++
				break
			}
			return unexpected(b, i)
		}
	}
	if i = skipWS(b, i); i < len(b) {
		return errAt(i, "unexpected text after the JSON object")
	}

	switch {
	case st.hasEventType:
		ev.Type = st.typ
		if st.hasTopType && !st.topTypeDead {
			if k := d.fieldIndex("type"); k >= 0 {
				d.fields[k].Value = st.topType
			} else {
				if len(d.fields) >= d.lim.MaxFields {
					return limitAt(i, "more than %d fields", d.lim.MaxFields)
				}
				d.fields = slices.Insert(d.fields, st.topTypeAt, event.Field{Name: "type", Value: st.topType})
				d.lenMask |= 1 << len("type")
			}
		}
	case st.hasTopType:
		if st.topType.Kind() != value.KindString || st.topType.Len() == 0 {
			return &ingest.Error{Msg: "type must be a non-empty string, found " + describe(st.topType)}
		}
		ev.Type = st.topType.AsString()
	default:
		return &ingest.Error{Msg: "missing event_type (or type) member"}
	}

	switch {
	case st.hasTimestamp:
		t, err := eventTime(st.timestamp)
		if err != nil {
			return err
		}
		ev.Time = t
	case st.hasTS:
		t, err := eventTime(st.ts)
		if err != nil {
			return err
		}
		ev.Time = t
	case st.hasAt:
		t, err := eventTime(st.atTimestamp)
		if err != nil {
			return err
		}
		ev.Time = t
	case d.defaultTime != nil:
		ev.Time = d.defaultTime()
	default:
		ev.Time = 0
	}
	return nil
}

// topMember parses the value of top-level member key starting at i (after
// the colon) and records it.
func (d *Decoder) topMember(b []byte, i int, key string, st *topState) (int, error) {
	switch key {
	case "event_type":
		v, j, err := d.value(b, i, 0)
		if err != nil {
			return 0, err
		}
		if v.Kind() != value.KindString || v.Len() == 0 {
			return 0, errAt(i, "event_type must be a non-empty string, found %s", describe(v))
		}
		st.typ, st.hasEventType = v.AsString(), true
		return j, nil
	case "type":
		v, j, err := d.value(b, i, 0)
		if err != nil {
			return 0, err
		}
		// The top-level "type" is a field only when the line also has an
		// event_type, which may come later: remember where the field
		// belongs and decide at the end.
		if !st.hasTopType || st.topTypeDead {
			if k := d.fieldIndex("type"); k >= 0 {
				st.topTypeAt = k
			} else {
				st.topTypeAt = len(d.fields)
			}
		}
		st.topType, st.hasTopType, st.topTypeDead = v, true, false
		return j, nil
	case "timestamp", "ts", "@timestamp":
		v, j, err := d.value(b, i, 0)
		if err != nil {
			return 0, err
		}
		// null means absent; the last member of each name counts.
		switch key {
		case "timestamp":
			st.timestamp, st.hasTimestamp = v, !v.IsNull()
		case "ts":
			st.ts, st.hasTS = v, !v.IsNull()
		default:
			st.atTimestamp, st.hasAt = v, !v.IsNull()
		}
		return j, nil
	case "data":
		if i < len(b) && b[i] == '{' {
			return d.dataMembers(b, i, st)
		}
	}
	v, j, err := d.value(b, i, 0)
	if err != nil {
		return 0, err
	}
	if err := d.setField(key, v, i); err != nil {
		return 0, err
	}
	return j, nil
}

// dataMembers splices the members of the "data" object at b[i] into the
// fields.
func (d *Decoder) dataMembers(b []byte, i int, st *topState) (int, error) {
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		return i + 1, nil
	}
	for {
		key, _, vi, err := d.memberKey(b, i)
		if err != nil {
			return 0, err
		}
		v, j, err := d.value(b, vi, 0)
		if err != nil {
			return 0, err
		}
		if err := d.setField(key, v, vi); err != nil {
			return 0, err
		}
		if st.hasTopType && key == "type" {
			st.topTypeDead = true
		}
		i = skipWS(b, j)
		if i >= len(b) {
			return 0, unexpected(b, i)
		}
		switch b[i] {
		case ',':
			i = skipWS(b, i+1)
		case '}':
			return i + 1, nil
		default:
			return 0, unexpected(b, i)
		}
	}
}

// eventTime converts a timestamp member: RFC 3339 string or epoch ms.
func eventTime(v value.Value) (int64, error) {
	switch v.Kind() {
	case value.KindString:
		t, err := time.Parse(time.RFC3339Nano, v.AsString())
		if err != nil {
			return 0, &ingest.Error{Msg: fmt.Sprintf("timestamp %q is not an RFC 3339 time", v.AsString())}
		}
		return t.UnixNano(), nil
	case value.KindInt:
		ms := v.AsInt()
		if ms > math.MaxInt64/1_000_000 || ms < math.MinInt64/1_000_000 {
			return 0, &ingest.Error{Msg: fmt.Sprintf("timestamp %d ms is out of range", ms)}
		}
		return ms * 1_000_000, nil
	case value.KindFloat:
		ns := math.Round(v.AsFloat() * 1e6)
		if !(ns >= -0x1p63 && ns < 0x1p63) {
			return 0, &ingest.Error{Msg: fmt.Sprintf("timestamp %v ms is out of range", v.AsFloat())}
		}
		return int64(ns), nil
	}
	return 0, &ingest.Error{Msg: fmt.Sprintf("timestamp must be an RFC 3339 string or epoch milliseconds, found %s", describe(v))}
}

// fieldIndex finds a field by name in the scratch fields.
func (d *Decoder) fieldIndex(name string) int {
	if d.lenMask&(1<<(len(name)&63)) == 0 {
		return -1
	}
	if len(d.fields) > linearDedup {
		if k, ok := d.seen[name]; ok {
			return k
		}
		return -1
	}
	for k := range d.fields {
		if d.fields[k].Name == name {
			return k
		}
	}
	return -1
}

// setField adds or replaces a field, enforcing MaxFields; i is the position
// of the value, for errors.
func (d *Decoder) setField(name string, v value.Value, i int) error {
	if k := d.fieldIndex(name); k >= 0 {
		d.fields[k].Value = v
		return nil
	}
	if len(d.fields) >= d.lim.MaxFields {
		return limitAt(i, "more than %d fields", d.lim.MaxFields)
	}
	d.fields = append(d.fields, event.Field{})
	f := &d.fields[len(d.fields)-1]
	f.Name, f.Value = name, v
	d.lenMask |= 1 << (len(name) & 63)
	switch n := len(d.fields); {
	case n == linearDedup+1:
		if d.seen == nil {
			d.seen = make(map[string]int, 2*linearDedup)
		}
		clear(d.seen)
		for k := range d.fields {
			d.seen[d.fields[k].Name] = k
		}
	case n > linearDedup+1:
		d.seen[name] = n - 1
	}
	return nil
}

func describe(v value.Value) string {
	if v.Kind() == value.KindString && v.Len() == 0 {
		return "an empty string"
	}
	return v.Kind().String()
}

// skipWS returns the position of the first non-whitespace byte at or after i.
func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// colon expects optional whitespace, ':' and optional whitespace at b[i:],
// and returns the position after them.
func colon(b []byte, i int) (int, error) {
	if i < len(b) && b[i] == ':' {
		return skipWS(b, i+1), nil
	}
	i = skipWS(b, i)
	if i < len(b) && b[i] == ':' {
		return skipWS(b, i+1), nil
	}
	return 0, unexpected(b, i)
}

// Roles of a top-level member, by key.
const (
	roleField    = iota // an ordinary field
	roleReserved        // event_type, type, timestamp, ts, @timestamp or data
)

// roleOf returns the role of a top-level member key.
func roleOf(key string) uint8 {
	switch key {
	case "event_type", "type", "timestamp", "ts", "@timestamp", "data":
		return roleReserved
	}
	return roleField
}

// keyPattern is a member key seen at some position of an earlier line, with
// the exact bytes it was written as (`"name":`) packed for a quick match:
// n bytes; w0 (and w1 for the last 8 bytes when n > 8) hold them little
// endian, mask selects the n low bytes of w0 when n < 8.
type keyPattern struct {
	name   string
	role   uint8
	n      int
	w0, w1 uint64
	mask   uint64
}

// newKeyPattern packs the key pattern of name (a plain name: no escapes).
func newKeyPattern(name string, role uint8) keyPattern {
	var buf [maxInternName + 3]byte
	raw := append(append(append(buf[:0], '"'), name...), '"', ':')
	m := keyPattern{name: name, role: role, n: len(raw), mask: ^uint64(0)}
	if m.n < 8 {
		var w [8]byte
		copy(w[:], raw)
		m.w0 = binary.LittleEndian.Uint64(w[:])
		m.mask = 1<<(8*uint(m.n)) - 1
	} else {
		m.w0 = binary.LittleEndian.Uint64(raw)
		m.w1 = binary.LittleEndian.Uint64(raw[m.n-8:])
	}
	return m
}

// match reports whether b[i:] starts with the key's `"name":` bytes.
func (m *keyPattern) match(b []byte, i int) bool {
	rest := len(b) - i
	switch {
	case rest < m.n:
		return false
	case m.n <= 8 && rest >= 8:
		return binary.LittleEndian.Uint64(b[i:])&m.mask == m.w0
	case m.n > 8 && m.n <= 16:
		return binary.LittleEndian.Uint64(b[i:]) == m.w0 &&
			binary.LittleEndian.Uint64(b[i+m.n-8:]) == m.w1
	}
	return b[i] == '"' && string(b[i+1:i+m.n-2]) == m.name && b[i+m.n-2] == '"' && b[i+m.n-1] == ':'
}

// memberKey parses the key and the colon of a top-level or data member at
// b[i]; it returns the key, its top-level role and the position of the
// member's value (whitespace skipped). Lines of one input usually repeat
// the same keys in the same order, so the bytes are first matched against
// the key at the same position in earlier lines (shape holds only plain
// keys followed directly by ':', so a byte match is the same key);
// otherwise the key is parsed and interned, and remembered.
func (d *Decoder) memberKey(b []byte, i int) (string, uint8, int, error) {
	k := d.hint
	d.hint++
	if k < len(d.shape) {
		if m := &d.shape[k]; m.match(b, i) {
			j := i + m.n
			if j < len(b) && b[j] <= ' ' {
				j = skipWS(b, j)
			}
			return m.name, m.role, j, nil
		}
	}
	return d.memberKeySlow(b, i, k)
}

func (d *Decoder) memberKeySlow(b []byte, i, k int) (string, uint8, int, error) {
	if i >= len(b) || b[i] != '"' {
		return "", 0, 0, unexpected(b, i)
	}
	s, j, err := d.str(b, i)
	if err != nil {
		return "", 0, 0, err
	}
	var name string
	if len(s) > maxInternName {
		name = string(s)
	} else {
		name = d.names.Intern(s)
	}
	role := roleOf(name)
	// Remember plain keys written without escapes and followed directly
	// by the colon: then the raw bytes `"name":` identify the key.
	if len(name) <= maxInternName && j-i-2 == len(name) && j < len(b) && b[j] == ':' && isPlain(s) {
		switch {
		case k < len(d.shape):
			d.shape[k] = newKeyPattern(name, role)
		case k == len(d.shape) && k < maxHints:
			d.shape = append(d.shape, newKeyPattern(name, role))
		}
	}
	if j, err = colon(b, j); err != nil {
		return "", 0, 0, err
	}
	return name, role, j, nil
}

func isPlain(s []byte) bool {
	for _, c := range s {
		if !plainByte[c] {
			return false
		}
	}
	return true
}

// key parses the key of a nested object member at b[i], interned.
func (d *Decoder) key(b []byte, i int) (string, int, error) {
	if i >= len(b) || b[i] != '"' {
		return "", 0, unexpected(b, i)
	}
	s, j, err := d.str(b, i)
	if err != nil {
		return "", 0, err
	}
	if len(s) <= maxInternName {
		return d.names.Intern(s), j, nil
	}
	return string(s), j, nil
}

// value parses any JSON value at b[i]; depth is the nesting level of the
// value's container (0 for a field value).
func (d *Decoder) value(b []byte, i int, depth int) (value.Value, int, error) {
	if i >= len(b) {
		return value.Value{}, 0, unexpected(b, i)
	}
	switch c := b[i]; c {
	case '"':
		s, j, err := d.str(b, i)
		if err != nil {
			return value.Value{}, 0, err
		}
		if len(s) <= maxInternValue {
			return value.String(d.values.Intern(s)), j, nil
		}
		return value.String(string(s)), j, nil
	case '{':
		return d.object(b, i, depth+1)
	case '[':
		return d.array(b, i, depth+1)
	case 't':
		return literal(b, i, "true", value.Bool(true))
	case 'f':
		return literal(b, i, "false", value.Bool(false))
	case 'n':
		return literal(b, i, "null", value.Value{})
	default:
		if c == '-' || ('0' <= c && c <= '9') {
			return number(b, i)
		}
		return value.Value{}, 0, unexpected(b, i)
	}
}

func literal(b []byte, i int, word string, v value.Value) (value.Value, int, error) {
	if len(b)-i >= len(word) && string(b[i:i+len(word)]) == word {
		return v, i + len(word), nil
	}
	return value.Value{}, 0, errAt(i, "invalid literal, want %s", word)
}

// object parses the object at b[i] into a map value.
func (d *Decoder) object(b []byte, i int, depth int) (value.Value, int, error) {
	if depth > d.lim.MaxDepth {
		return value.Value{}, 0, limitAt(i, "nesting deeper than %d", d.lim.MaxDepth)
	}
	i = skipWS(b, i+1)
	m := value.NewMap(0)
	if i < len(b) && b[i] == '}' {
		return value.MapOf(m), i + 1, nil
	}
	for {
		key, j, err := d.key(b, i)
		if err != nil {
			return value.Value{}, 0, err
		}
		if i, err = colon(b, j); err != nil {
			return value.Value{}, 0, err
		}
		v, j, err := d.value(b, i, depth)
		if err != nil {
			return value.Value{}, 0, err
		}
		m.Set(key, v)
		if m.Len() > d.lim.MaxFields {
			return value.Value{}, 0, limitAt(i, "object with more than %d members", d.lim.MaxFields)
		}
		i = skipWS(b, j)
		if i >= len(b) {
			return value.Value{}, 0, unexpected(b, i)
		}
		switch b[i] {
		case ',':
			i = skipWS(b, i+1)
		case '}':
			return value.MapOf(m), i + 1, nil
		default:
			return value.Value{}, 0, unexpected(b, i)
		}
	}
}

// array parses the array at b[i]. Elements are gathered on d.stack (shared
// by nested arrays) and copied into an exactly sized slice at the end.
func (d *Decoder) array(b []byte, i int, depth int) (value.Value, int, error) {
	if depth > d.lim.MaxDepth {
		return value.Value{}, 0, limitAt(i, "nesting deeper than %d", d.lim.MaxDepth)
	}
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == ']' {
		return value.Array(nil), i + 1, nil
	}
	base := len(d.stack)
	defer func() {
		clear(d.stack[base:])
		d.stack = d.stack[:base]
	}()
	for {
		v, j, err := d.value(b, i, depth)
		if err != nil {
			return value.Value{}, 0, err
		}
		d.stack = append(d.stack, v)
		i = skipWS(b, j)
		if i >= len(b) {
			return value.Value{}, 0, unexpected(b, i)
		}
		switch b[i] {
		case ',':
			i = skipWS(b, i+1)
		case ']':
			return value.Array(slices.Clone(d.stack[base:])), i + 1, nil
		default:
			return value.Value{}, 0, unexpected(b, i)
		}
	}
}
