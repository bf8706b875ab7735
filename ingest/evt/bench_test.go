package evt

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/ingest"
)

const benchLines = 10000

var sink *event.Event

// BenchmarkEVTDecode reads W1-shaped brace lines, one op per event.
func BenchmarkEVTDecode(b *testing.B) {
	r := rand.New(rand.NewPCG(42, 1))
	var buf bytes.Buffer
	for i := range benchLines {
		if i%100 == 0 {
			fmt.Fprintf(&buf, "BATCH %d\n", i)
		}
		fmt.Fprintf(&buf, "Reading { sensor_id: \"s%d\", zone: \"z%d\", temperature: %.2f, humidity: %.1f, seq: %d }\n",
			r.IntN(1000), r.IntN(10), r.Float64()*40, 20+r.Float64()*60, i)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data) / benchLines))
	b.ReportAllocs()
	var rd *Reader
	n := 0
	for b.Loop() {
		if n%benchLines == 0 {
			rd = NewReader(bytes.NewReader(data), "bench.evt", ingest.Options{})
		}
		ev, err := rd.Next()
		if err != nil {
			b.Fatal(err)
		}
		sink = ev
		n++
	}
}
