package expr_test

import (
	"fmt"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/expr"
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/vpl/parser"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// A program's globals and functions, a stream scope with an alias, one
// compiled predicate evaluated per event.
func Example() {
	src := []byte(`
const LIMIT = 28.0

fn too_hot(t: float) -> bool:
    t > LIMIT
`)
	file, diags := parser.ParseFile(token.NewFileSet(), "example.vpl", src, 0)
	if diags.HasErrors() {
		panic(diags[0].Message)
	}
	prog, err := expr.NewProgram(file.Stmts)
	if err != nil {
		panic(err)
	}
	prog.InitGlobals(nil)

	scope := expr.NewScope(prog)
	scope.DeclareEventAlias("r") // Reading as r
	x, _ := parser.ParseExpr(`too_hot(r.temperature) and zone in [1, 2]`)
	pred, err := expr.Compile(x, scope)
	if err != nil {
		panic(err)
	}

	c := &expr.Ctx{} // reused for every event
	for _, temp := range []float64{25.0, 31.5} {
		c.Event = &event.Event{Type: "Reading", Fields: []event.Field{
			{Name: "zone", Value: value.Int(2)},
			{Name: "temperature", Value: value.Float(temp)},
		}}
		fmt.Println(temp, value.Truthy(pred(c)))
	}
	// Output:
	// 25 false
	// 31.5 true
}
