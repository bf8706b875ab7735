package jsonl

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/ingest"
)

// w1Lines generates n lines of the W1 benchmark shape (bench/workloads.md).
func w1Lines(n int) []byte {
	r := rand.New(rand.NewPCG(42, 1))
	var buf bytes.Buffer
	for i := range n {
		fmt.Fprintf(&buf, `{"event_type":"Reading","sensor_id":"s%d","zone":"z%d","temperature":%.2f,"humidity":%.1f,"seq":%d}`+"\n",
			r.IntN(1000), r.IntN(10), r.Float64()*40, 20+r.Float64()*60, i)
	}
	return buf.Bytes()
}

const benchLines = 10000

// sink keeps benchmark results alive so that events escape as they do in
// the engine.
var sink *event.Event

// BenchmarkJSONLDecode reads W1-shaped lines through the Reader, returning
// a fresh event per line (the engine's path). One op = one line.
func BenchmarkJSONLDecode(b *testing.B) {
	data := w1Lines(benchLines)
	b.SetBytes(int64(len(data) / benchLines))
	b.ReportAllocs()
	var r *Reader
	n := 0
	for b.Loop() {
		if n%benchLines == 0 {
			r = NewReader(bytes.NewReader(data), "bench", ingest.Options{})
		}
		ev, err := r.Next()
		if err != nil {
			b.Fatal(err)
		}
		sink = ev
		n++
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/event")
}

// BenchmarkJSONLDecodeInto reuses one event (no per-event allocation).
func BenchmarkJSONLDecodeInto(b *testing.B) {
	data := w1Lines(benchLines)
	b.SetBytes(int64(len(data) / benchLines))
	b.ReportAllocs()
	var r *Reader
	var ev event.Event
	n := 0
	for b.Loop() {
		if n%benchLines == 0 {
			r = NewReader(bytes.NewReader(data), "bench", ingest.Options{})
		}
		if err := r.NextInto(&ev); err != nil {
			b.Fatal(err)
		}
		n++
	}
}

// BenchmarkEncodingJSONMap is the baseline: encoding/json into map[string]any.
func BenchmarkEncodingJSONMap(b *testing.B) {
	data := w1Lines(benchLines)
	lines := bytes.Split(bytes.TrimSpace(data), []byte("\n"))
	b.SetBytes(int64(len(data) / benchLines))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		var m map[string]any
		if err := json.Unmarshal(lines[n%len(lines)], &m); err != nil {
			b.Fatal(err)
		}
		n++
	}
}

// BenchmarkJSONLNested decodes lines with data objects, arrays and escapes.
func BenchmarkJSONLNested(b *testing.B) {
	line := []byte(`{"event_type":"Order","ts":1700000000123,"data":{"id":"o-1234567","items":[{"sku":"a1","qty":2,"price":9.99},{"sku":"b2","qty":1,"price":19.5}],"note":"fragile \"glass\"","tags":["x","y"]}}` + "\n")
	data := bytes.Repeat(line, benchLines)
	b.SetBytes(int64(len(line)))
	b.ReportAllocs()
	var r *Reader
	n := 0
	for b.Loop() {
		if n%benchLines == 0 {
			r = NewReader(bytes.NewReader(data), "bench", ingest.Options{})
		}
		ev, err := r.Next()
		if err != nil && err != io.EOF {
			b.Fatal(err)
		}
		sink = ev
		n++
	}
}
