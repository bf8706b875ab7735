// Package event defines Event, one input or output event of the engine: a
// type name, an event time and an ordered list of named fields.
package event

import (
	"time"
	"unsafe"

	"github.com/varpulis/varpulis-go/engine/value"
)

// Field is one named field of an event.
type Field struct {
	Name  string
	Value value.Value
}

// Event is one event: its type name, its event time in nanoseconds since the
// Unix epoch (UTC), and its fields in order (no two with the same name when
// built through Set or by the ingest decoders).
//
// Field lookup is a linear scan over Fields: events are small (typically
// under 20 fields), and a scan over a contiguous slice beats hashing at that
// size. Compiled programs that know an event's schema resolve a field to its
// index once (Index) and then read Fields[i] directly, checking the name.
type Event struct {
	Type   string
	Time   int64
	Fields []Field
}

// Get returns the value of field name and whether the event has it.
// A missing field reads as null (vpl.md §2); the bool tells the two apart.
func (e *Event) Get(name string) (value.Value, bool) {
	for i := range e.Fields {
		if e.Fields[i].Name == name {
			return e.Fields[i].Value, true
		}
	}
	return value.Value{}, false
}

// Index returns the position of field name in Fields, or -1.
func (e *Event) Index(name string) int {
	for i := range e.Fields {
		if e.Fields[i].Name == name {
			return i
		}
	}
	return -1
}

// Set stores v under name: an existing field is replaced in place, a new one
// is appended (field order is kept).
func (e *Event) Set(name string, v value.Value) {
	if i := e.Index(name); i >= 0 {
		e.Fields[i].Value = v
		return
	}
	e.Fields = append(e.Fields, Field{Name: name, Value: v})
}

// Clone returns a copy of e with its own Fields slice. Field values are
// immutable and therefore shared.
func (e *Event) Clone() *Event {
	c := *e
	c.Fields = append([]Field(nil), e.Fields...)
	return &c
}

// TimeUTC returns the event time as a time.Time in UTC.
func (e *Event) TimeUTC() time.Time { return time.Unix(0, e.Time).UTC() }

// AppendFieldsJSON appends the fields of ev as a JSON object, in field
// order, values encoded by value.AppendJSON.
func AppendFieldsJSON(dst []byte, ev *Event) []byte {
	dst = append(dst, '{')
	for i := range ev.Fields {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = value.AppendJSONString(dst, ev.Fields[i].Name)
		dst = append(dst, ':')
		dst = value.AppendJSON(dst, ev.Fields[i].Value)
	}
	return append(dst, '}')
}

// AppendOutputJSON appends one output line (without the trailing newline) in
// the format of vpl.md §11:
//
//	{"stream":NAME,"time":"2026-01-02T03:04:05.5Z","fields":{...}}
//
// with the event time in RFC 3339 with nanoseconds (UTC, trailing zeros
// dropped) and the fields in order. It does not allocate beyond growing dst.
func AppendOutputJSON(dst []byte, stream string, ev *Event) []byte {
	dst = append(dst, `{"stream":`...)
	dst = value.AppendJSONString(dst, stream)
	dst = append(dst, `,"time":"`...)
	dst = value.AppendTimestamp(dst, ev.Time)
	dst = append(dst, `","fields":`...)
	dst = AppendFieldsJSON(dst, ev)
	return append(dst, '}')
}

// block is an Event allocated together with the backing array of its fields.
type block[A any] struct {
	ev     Event
	fields A
}

func newBlock[A any](n int) *Event {
	b := new(block[A])
	b.ev.Fields = unsafe.Slice((*Field)(unsafe.Pointer(&b.fields)), n)[:0]
	return &b.ev
}

// New returns an empty Event with room for n fields (len(Fields) == 0,
// cap(Fields) >= n). For small n the Event and its field array are one heap
// allocation instead of two, which matters to decoders producing millions of
// events. Appending beyond the capacity moves Fields to a new array as usual.
func New(n int) *Event {
	switch {
	case n <= 0:
		return &Event{}
	case n == 1:
		return newBlock[[1]Field](1)
	case n == 2:
		return newBlock[[2]Field](2)
	case n == 3:
		return newBlock[[3]Field](3)
	case n == 4:
		return newBlock[[4]Field](4)
	case n == 5:
		return newBlock[[5]Field](5)
	case n == 6:
		return newBlock[[6]Field](6)
	case n == 7:
		return newBlock[[7]Field](7)
	case n == 8:
		return newBlock[[8]Field](8)
	case n <= 10:
		return newBlock[[10]Field](10)
	case n <= 12:
		return newBlock[[12]Field](12)
	case n <= 16:
		return newBlock[[16]Field](16)
	case n <= 24:
		return newBlock[[24]Field](24)
	case n <= 32:
		return newBlock[[32]Field](32)
	}
	return &Event{Fields: make([]Field, 0, n)}
}

// OutputEncoder writes output lines like AppendOutputJSON, byte for byte,
// but remembers what repeats from one output to the next: the date and
// time of day down to the second, and the JSON form of the stream name and
// of the field names at each position. A stream of outputs then costs
// little more than encoding the field values. The zero value is ready to
// use; an OutputEncoder is not safe for concurrent use.
type OutputEncoder struct {
	sec     int64  // the second secText holds, valid when secOK
	secText []byte // "2006-01-02T15:04:05" of sec
	secOK   bool

	stream     string
	streamJSON []byte // `{"stream":"NAME","time":"`

	names []cachedName // per field position
}

// cachedName is a field name and its encoding `"name":`.
type cachedName struct {
	name string
	json []byte
}

// maxCachedNames bounds the per-position name cache.
const maxCachedNames = 64

// sameString reports whether a and b are the same string in memory (a
// cheap test that implies equality; equal strings elsewhere in memory
// report false).
func sameString(a, b string) bool {
	return len(a) == len(b) && unsafe.StringData(a) == unsafe.StringData(b)
}

// Append appends the output line of ev from stream, exactly as
// AppendOutputJSON does.
func (enc *OutputEncoder) Append(dst []byte, stream string, ev *Event) []byte {
	if !sameString(stream, enc.stream) || enc.streamJSON == nil {
		enc.stream = stream
		b := append(enc.streamJSON[:0], `{"stream":`...)
		b = value.AppendJSONString(b, stream)
		enc.streamJSON = append(b, `,"time":"`...)
	}
	dst = append(dst, enc.streamJSON...)
	dst = enc.appendTime(dst, ev.Time)
	dst = append(dst, `","fields":{`...)
	for i := range ev.Fields {
		if i > 0 {
			dst = append(dst, ',')
		}
		name := ev.Fields[i].Name
		switch {
		case i < len(enc.names) && sameString(enc.names[i].name, name):
			dst = append(dst, enc.names[i].json...)
		case i <= len(enc.names) && i < maxCachedNames:
			j := value.AppendJSONString(nil, name)
			j = append(j, ':')
			if i == len(enc.names) {
				enc.names = append(enc.names, cachedName{})
			}
			enc.names[i] = cachedName{name: name, json: j}
			dst = append(dst, j...)
		default:
			dst = value.AppendJSONString(dst, name)
			dst = append(dst, ':')
		}
		dst = value.AppendJSON(dst, ev.Fields[i].Value)
	}
	return append(dst, "}}"...)
}

// appendTime appends the event time as value.AppendTimestamp does, reusing
// the text of the previous second.
func (enc *OutputEncoder) appendTime(dst []byte, ns int64) []byte {
	if ns < 0 {
		return value.AppendTimestamp(dst, ns)
	}
	sec, nanos := ns/1e9, ns%1e9
	if !enc.secOK || sec != enc.sec {
		t := value.AppendTimestamp(enc.secText[:0], sec*1e9)
		enc.secText = t[:len(t)-1] // without the 'Z'
		enc.sec, enc.secOK = sec, true
	}
	dst = append(dst, enc.secText...)
	return append(value.AppendFraction(dst, nanos), 'Z')
}

// Lookup reads one named field from events, remembering where it found
// it: events of one producer keep their field order and share their field
// name strings, so a read is usually one comparison of addresses. The
// zero Lookup is not usable; a Lookup is not safe for concurrent use.
type Lookup struct {
	name string
	idx  int
	ptr  *byte // address of the name's bytes at idx when last found
}

// NewLookup returns a Lookup of field name.
func NewLookup(name string) Lookup { return Lookup{name: name} }

// Get returns the field's value in ev and whether ev has it (as Event.Get).
func (l *Lookup) Get(ev *Event) (value.Value, bool) {
	fs := ev.Fields
	if i := l.idx; i < len(fs) && len(fs[i].Name) == len(l.name) && unsafe.StringData(fs[i].Name) == l.ptr {
		return fs[i].Value, true
	}
	return l.find(ev)
}

func (l *Lookup) find(ev *Event) (value.Value, bool) {
	for i := range ev.Fields {
		if ev.Fields[i].Name == l.name {
			l.idx, l.ptr = i, unsafe.StringData(ev.Fields[i].Name)
			return ev.Fields[i].Value, true
		}
	}
	return value.Value{}, false
}
