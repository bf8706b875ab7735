package engine_test

import (
	"fmt"

	"github.com/varpulis/varpulis-go/engine"
	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/vpl/parser"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// Example compiles a program, pushes events and prints the outputs.
func Example() {
	src := `
stream Hot = Reading
    .where(temperature > 30.0)
    .emit(sensor: sensor, temperature: temperature)

stream PerMinute = Reading
    .window(1m)
    .aggregate(n: count(), peak: max(temperature))
    .emit(n: n, peak: peak)
`
	fset := token.NewFileSet()
	file, diags := parser.ParseFile(fset, "example.vpl", []byte(src), 0)
	if diags.HasErrors() {
		fmt.Println(diags.Err(fset))
		return
	}
	eng, err := engine.New(file, fset, engine.Options{
		Output: func(stream string, ev *event.Event) {
			fmt.Println(string(event.AppendOutputJSON(nil, stream, ev)))
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	reading := func(sec int64, sensor string, temp float64) *event.Event {
		return &event.Event{Type: "Reading", Time: sec * 1e9, Fields: []event.Field{
			{Name: "sensor", Value: value.String(sensor)},
			{Name: "temperature", Value: value.Float(temp)},
		}}
	}
	for _, ev := range []*event.Event{
		reading(10, "s1", 21.5),
		reading(20, "s2", 31.0),
		reading(70, "s1", 22.0), // closes the first minute
	} {
		if err := eng.Push(ev); err != nil {
			fmt.Println(err)
		}
	}
	_ = eng.Close() // end of input: the second minute fires
	fmt.Println(eng.Stats().EventsIn, "events in,", eng.Stats().TotalOutputs(), "outputs")
	// Output:
	// {"stream":"Hot","time":"1970-01-01T00:00:20Z","fields":{"sensor":"s2","temperature":31.0}}
	// {"stream":"PerMinute","time":"1970-01-01T00:01:00Z","fields":{"n":2,"peak":31.0}}
	// {"stream":"PerMinute","time":"1970-01-01T00:02:00Z","fields":{"n":1,"peak":22.0}}
	// 3 events in, 3 outputs
}
