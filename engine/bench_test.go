package engine

import (
	"fmt"
	"testing"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/vpl/parser"
	"github.com/varpulis/varpulis-go/vpl/token"
)

func benchEngine(b *testing.B, src string, out func(string, *event.Event)) *Engine {
	b.Helper()
	fset := token.NewFileSet()
	f, diags := parser.ParseFile(fset, "bench.vpl", []byte(src), 0)
	if diags.HasErrors() {
		b.Fatal(diags.Err(fset))
	}
	e, err := New(f, fset, Options{Output: out})
	if err != nil {
		b.Fatal(err)
	}
	return e
}

// BenchmarkFilterPath is workload W1 with a temperature that never passes:
// the filter path alone must not allocate.
func BenchmarkFilterPath(b *testing.B) {
	e := benchEngine(b, `stream Hot = Reading .where(temperature > 28.0) .emit(sensor_id, temperature)`, nil)
	evs := make([]*event.Event, 1024)
	for i := range evs {
		evs[i] = &event.Event{Type: "Reading", Time: int64(i) * 1_000_000, Fields: []event.Field{
			{Name: "sensor_id", Value: value.String(fmt.Sprintf("s%d", i%1000))},
			{Name: "zone", Value: value.String("z1")},
			{Name: "temperature", Value: value.Float(float64(i%28) + 0.5)},
			{Name: "humidity", Value: value.Float(50)},
			{Name: "seq", Value: value.Int(int64(i))},
		}}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = e.Push(evs[i&1023])
	}
}

// BenchmarkW1Filter is workload W1: 30% of the events pass and are emitted.
func BenchmarkW1Filter(b *testing.B) {
	n := 0
	e := benchEngine(b, `stream Hot = Reading .where(temperature > 28.0) .emit(sensor_id, temperature)`,
		func(string, *event.Event) { n++ })
	evs := make([]*event.Event, 1000)
	for i := range evs {
		evs[i] = &event.Event{Type: "Reading", Time: int64(i) * 1_000_000, Fields: []event.Field{
			{Name: "sensor_id", Value: value.String(fmt.Sprintf("s%d", i))},
			{Name: "zone", Value: value.String("z1")},
			{Name: "temperature", Value: value.Float(float64(i%40) + 0.25)},
			{Name: "humidity", Value: value.Float(50)},
			{Name: "seq", Value: value.Int(int64(i))},
		}}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = e.Push(evs[i%1000])
	}
}

// BenchmarkW2WindowAggregate is workload W2: a partitioned 1 s tumbling
// window with a VWAP, a count and a max, events 100 µs apart.
func BenchmarkW2WindowAggregate(b *testing.B) {
	rows := 0
	e := benchEngine(b, `stream VWAP = Trade
    .partition_by(symbol)
    .window(1s)
    .aggregate(vwap: sum(price * volume) / sum(volume), n: count(), hi: max(price))
    .emit(symbol: symbol, vwap: vwap, n: n, hi: hi)`, func(string, *event.Event) { rows++ })
	syms := make([]value.Value, 100)
	for i := range syms {
		syms[i] = value.String(fmt.Sprintf("SYM%d", i))
	}
	evs := make([]event.Event, b.N)
	for i := range evs {
		evs[i] = event.Event{Type: "Trade", Time: int64(i) * 100_000, Fields: []event.Field{
			{Name: "symbol", Value: syms[i%100]},
			{Name: "price", Value: value.Float(100 + float64(i%17))},
			{Name: "volume", Value: value.Int(int64(1 + i%1000))},
		}}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range evs {
		_ = e.Push(&evs[i])
	}
	_ = e.Close()
}

// BenchmarkBatchFilter is a count window tested by .pattern before it is
// aggregated: the body sees each window's 20 events as maps.
func BenchmarkBatchFilter(b *testing.B) {
	e := benchEngine(b, `stream Burst = Reading
    .partition_by(sensor_id)
    .window(20)
    .pattern(hot: events => events.filter(r => r.temperature > 14.0).len() > 10)
    .aggregate(n: count(), peak: max(temperature))
    .emit(sensor_id: sensor_id, n: n, peak: peak)`, nil)
	evs := make([]*event.Event, 1024)
	for i := range evs {
		evs[i] = &event.Event{Type: "Reading", Time: int64(i) * 1_000_000, Fields: []event.Field{
			{Name: "sensor_id", Value: value.String(fmt.Sprintf("s%d", i%8))},
			{Name: "temperature", Value: value.Float(float64(i%28) + 0.5)},
		}}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := e.Push(evs[i%len(evs)]); err != nil {
			b.Fatal(err)
		}
	}
}
