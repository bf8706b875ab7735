package jsonl_test

import (
	"fmt"
	"io"
	"strings"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/ingest"
	"github.com/varpulis/varpulis-go/ingest/jsonl"
)

func ExampleReader() {
	input := `{"event_type":"Reading","sensor_id":"s12","temperature":31.25,"seq":7}
{"type":"Alarm","ts":1500,"data":{"zone":"z3","codes":[1,2]}}
{"event_type":"Reading","sensor_id":12,}
`
	r := jsonl.NewReader(strings.NewReader(input), "in.jsonl", ingest.Options{})
	var out []byte
	for {
		ev, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println(err)
			continue
		}
		out = event.AppendOutputJSON(out[:0], ev.Type, ev)
		fmt.Println(string(out))
	}
	// Output:
	// {"stream":"Reading","time":"1970-01-01T00:00:00Z","fields":{"sensor_id":"s12","temperature":31.25,"seq":7}}
	// {"stream":"Alarm","time":"1970-01-01T00:00:01.5Z","fields":{"zone":"z3","codes":[1,2]}}
	// in.jsonl:3: error: unexpected character '}' (column 40)
}
