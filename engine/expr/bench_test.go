package expr

import (
	"testing"

	"github.com/varpulis/varpulis-go/engine/value"
)

func sixFieldEvent() *Ctx {
	return &Ctx{Event: ev("SensorReading",
		"sensor_id", "S-17", "zone", 3, "temperature", 29.5, "humidity", 41.0, "price", 12.5, "volume", 300.0)}
}

func BenchmarkFilterExpr(b *testing.B) {
	e := compileExpr(b, "temperature > 28.0", nil)
	c := sixFieldEvent()
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		if value.Truthy(e(c)) {
			n++
		}
	}
	if n != b.N {
		b.Fatal("filter result wrong")
	}
}

func BenchmarkArith(b *testing.B) {
	e := compileExpr(b, "price * volume", nil)
	c := sixFieldEvent()
	b.ReportAllocs()
	b.ResetTimer()
	var v value.Value
	for i := 0; i < b.N; i++ {
		v = e(c)
	}
	if v.AsFloat() != 3750 {
		b.Fatal("wrong product")
	}
}

func BenchmarkCompound(b *testing.B) {
	e := compileExpr(b, `temperature > 28.0 and zone == 3 and sensor_id != "S-1"`, nil)
	c := sixFieldEvent()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		e(c)
	}
}

func BenchmarkUserFunc(b *testing.B) {
	p := mustProgram(b, "fn exceeds(value: float, threshold: float) -> bool:\n    value > threshold\n")
	e := compileExpr(b, "exceeds(temperature, 28.0)", NewScope(p))
	c := sixFieldEvent()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		e(c)
	}
}

func BenchmarkFib20(b *testing.B) {
	p := mustProgram(b, "fn fib(n: int) -> int:\n    if n <= 1:\n        return n\n    return fib(n - 1) + fib(n - 2)\n")
	e := compileExpr(b, "fib(20)", NewScope(p))
	c := &Ctx{}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		e(c)
	}
}

// BenchmarkBaselineClosure is the floor: one indirect call returning a
// constant bool (to compare the other figures with on a noisy machine).
func BenchmarkBaselineClosure(b *testing.B) {
	e := compileExpr(b, "true", nil)
	c := sixFieldEvent()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if !value.Truthy(e(c)) {
			b.Fatal("false")
		}
	}
}
