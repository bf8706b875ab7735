package expr

import (
	"math"
	"regexp"
	"slices"
	"testing"

	"github.com/varpulis/varpulis-go/engine/value"
)

func mapOf(kv ...any) value.Value {
	m := value.NewMap(len(kv) / 2)
	for i := 0; i+1 < len(kv); i += 2 {
		m.Set(kv[i].(string), kv[i+1].(value.Value))
	}
	return value.MapOf(m)
}

func TestBuiltins(t *testing.T) {
	tests := []struct {
		src  string
		want value.Value
	}{
		{"abs(-42)", I(42)},
		{"abs(42)", I(42)},
		{"abs(-2.5)", Fl(2.5)},
		{"abs(\"x\")", null},
		{"abs(-5s)", value.Duration(5e9)},
		{"sqrt(16.0)", Fl(4)},
		{"sqrt(16)", Fl(4)},
		{"exp(0)", Fl(1)},
		{"log(1)", Fl(0)},
		{"log10(1000)", Fl(3)},
		{"sin(0)", Fl(0)},
		{"cos(0)", Fl(1)},
		{"tan(0.0)", Fl(0)},
		{"sqrt(\"x\")", null},
		{"ceil(3.2)", I(4)},
		{"floor(3.8)", I(3)},
		{"floor(-3.2)", I(-4)},
		{"round(3.5)", I(4)},
		{"round(-3.5)", I(-4)},
		{"round(2.5)", I(3)},
		{"round(2.4)", I(2)},
		{"round(7)", I(7)},
		{"round(3.14159, 2)", Fl(3.14)},
		{"round(1234, -2)", I(1200)},
		{"round(1.0 / 0.0)", null},
		{"ceil(null)", null},
		{"pow(2.0, 10.0)", Fl(1024)},
		{"pow(2, 10)", I(1024)},
		{"pow(2, 0.5)", Fl(math.Sqrt2)},
		{"min(3, 1)", I(1)},
		{"max(3, 1.5)", Fl(3)},
		{"min(3, 1.5)", Fl(1.5)},
		{"max(1, 5, 3)", I(5)},
		{"min([4, 2, 9])", I(2)},
		{"max([4, null, 9.5])", Fl(9.5)},
		{"min(\"b\", \"a\")", S("a")},
		{"min(1, null)", null},
		{"max(1, \"a\")", null},
		{"len(\"hello\")", I(5)},
		{"len(\"é\")", I(2)},
		{"len([1, 2])", I(2)},
		{"len({\"a\": 1})", I(1)},
		{"len(5)", null},
		{"count([1, 2, 3])", I(3)},
		{"count(null)", I(0)},
		{"first([10, 20, 30])", I(10)},
		{"last([10, 20, 30])", I(30)},
		{"first([])", null},
		{"push([1], 2)", arr(I(1), I(2))},
		{"push(null, 2)", null},
		{"pop([1, 2])", arr(I(1))},
		{"pop([])", null},
		{"reverse([1, 2, 3])", arr(I(3), I(2), I(1))},
		{"reverse(\"héllo\")", S("olléh")},
		{"sort([3, 1, 4, 1, 5, 9, 2, 6])", arr(I(1), I(1), I(2), I(3), I(4), I(5), I(6), I(9))},
		{"sort([2.5, 1, 3])", arr(I(1), Fl(2.5), I(3))},
		{"sort([\"b\", \"a\"])", arr(S("a"), S("b"))},
		{"contains(\"hello world\", \"world\")", T},
		{"contains([1, 2], 3)", F},
		{"contains({\"a\": 1}, \"a\")", T},
		{"contains(missing, \"a\")", null},
		{"keys({\"a\": 1, \"b\": 2})", arr(S("a"), S("b"))},
		{"values({\"a\": 1, \"b\": 2})", arr(I(1), I(2))},
		{"len(keys({ \"a\": 1, \"b\": 2, \"c\": 3 }))", I(3)},
		{"get([1, 2], 1)", I(2)},
		{"get([1, 2], 5)", null},
		{"get([1, 2], 5, 0)", I(0)},
		{"get({\"a\": 1}, \"a\")", I(1)},
		{"get({\"a\": 1}, \"b\", \"none\")", S("none")},
		{"set([1, 2], 0, 9)", arr(I(9), I(2))},
		{"set([1, 2], 2, 9)", arr(I(1), I(2))}, // out of range: unchanged copy, as the original
		{"set([1, 2], \"a\", 9)", null},
		{"set({\"a\": 1}, \"b\", 2)", mapOf("a", I(1), "b", I(2))},
		{"range(3)", arr(I(0), I(1), I(2))},
		{"range(2, 4)", arr(I(2), I(3))},
		{"range(0, 10, 4)", arr(I(0), I(4), I(8))},
		{"range(3, 0, -1)", arr(I(3), I(2), I(1))},
		{"range(0, 1, 0)", null},
		// filter and map without a lambda: a wrong argument type, so null
		// (the original accepted such programs; see decisions.md).
		{"filter([1, 2], 2)", null},
		{"map([1, 2], \"x\")", null},
		{"range(1.5)", null},
		{"sum([1, 2, 3])", Fl(6)},
		{"sum([1.5, \"x\", 2])", Fl(3.5)},
		{"avg([1, 2, 3, 4])", Fl(2.5)},
		{"avg([])", Fl(0)},
		{"variance([1, 2, 3, 4])", Fl(5.0 / 3)},
		{"variance([2, \"x\", 4])", Fl(2)},
		{"variance([7])", null},
		{"variance(3)", null},
		{"len(flatten([[1, 2], 3, [], [[4]]]))", I(4)},
		{"flatten([[1, 2], 3]).last()", I(3)},
		{"flatten([[1], [[4]]]).last().first()", I(4)},
		{"flatten(\"ab\")", null},
		{"len(sliding_pairs([1, 2, 3]))", I(2)},
		{"sliding_pairs([1, 2, 3]).last().first()", I(2)},
		{"sliding_pairs([1, 2, 3]).last().last()", I(3)},
		{"len(sliding_pairs([1]))", I(0)},
		{"sliding_pairs([1, 5, 2]).map((a, b) => b - a).sum()", Fl(1)},
		{"to_string(42)", S("42")},
		{"to_string(\"x\")", S("x")},
		{"to_string(1.0)", S("1.0")},
		{"to_string(true)", S("true")},
		{"to_string([1, \"a\"])", S(`[1, "a"]`)},
		{"to_string(null)", S("null")},
		{"to_int(\"123\")", I(123)},
		{"to_int(\" 12 \")", I(12)},
		{"to_int(\"2.9\")", I(2)},
		{"to_int(-2.9)", I(-2)},
		{"to_int(true)", I(1)},
		{"to_int(\"abc\")", null},
		{"to_float(\"2.72\")", Fl(2.72)},
		{"to_float(2)", Fl(2)},
		{"to_float(\"x\")", null},
		{"trim(\"  hi  \")", S("hi")},
		{"lower(\"WORLD\")", S("world")},
		{"lowercase(\"AB\")", S("ab")},
		{"upper(\"hello\")", S("HELLO")},
		{"uppercase(\"ab\")", S("AB")},
		{"upper(1)", null},
		{"split(\"a,b,c\", \",\")", arr(S("a"), S("b"), S("c"))},
		{"join([\"a\", \"b\", 3], \"-\")", S("a-b-3")},
		{"join(split(\"x y\", \" \"), \"+\")", S("x+y")},
		{"replace(\"foobar\", \"foo\", \"baz\")", S("bazbar")},
		{"replace(\"aaa\", \"a\", \"b\")", S("bbb")},
		{"starts_with(\"foobar\", \"foo\")", T},
		{"ends_with(\"foobar\", \"baz\")", F},
		{"starts_with(null, \"a\")", null},
		{"substring(\"hello\", 1, 3)", S("el")},
		{"substring(\"hello\", 2)", S("llo")},
		{"substring(\"héllo\", 1, 2)", S("é")},
		{"substring(\"hello\", 4, 9)", null},
		{"substring(\"hello\", -1)", null},
		{"type_of(42)", S("int")},
		{"type_of(\"hello\")", S("string")},
		{"type_of(3.14)", S("float")},
		{"type_of(true)", S("bool")},
		{"type_of([])", S("array")},
		{"type_of({})", S("map")},
		{"type_of(null)", S("null")},
		{"type_of(5s)", S("duration")},
		{"type_of(@2026-01-01)", S("timestamp")},
		{"is_null(null)", T},
		{"is_null(missing)", T},
		{"is_null(1)", F},
		{"is_int(42)", T},
		{"is_int(42.0)", F},
		{"is_float(3.14)", T},
		{"is_string(\"hi\")", T},
		{"is_bool(false)", T},
		{"is_array([1])", T},
		{"is_map({})", T},
		{"coalesce(missing, null, 3, 4)", I(3)},
		{"coalesce(missing)", null},
		{"coalesce(1, 1 / 0)", I(1)},
		// arguments keep their positions: a null argument is not removed
		{"pow(missing, 2)", null},
		{"substring(missing, 1)", null},
		{"min(missing, 3)", null},
		// method form
		{"[3, 1, 2].sort().first()", I(1)},
		{"\"a,b\".split(\",\").len()", I(2)},
	}
	for _, tc := range tests {
		t.Run(tc.src, func(t *testing.T) {
			got := compileExpr(t, tc.src, nil)(&Ctx{})
			if !same(got, tc.want) {
				t.Errorf("%s = %v (%v), want %v (%v)", tc.src, got, got.Kind(), tc.want, tc.want.Kind())
			}
		})
	}
}

func TestImpureBuiltins(t *testing.T) {
	c := &Ctx{Now: func() int64 { return 1_700_000_000_000_000_000 }}
	if got := compileExpr(t, "now()", nil)(c); !same(got, value.Timestamp(1_700_000_000_000_000_000)) {
		t.Errorf("now() = %v", got)
	}
	if got := compileExpr(t, "now()", nil)(&Ctx{}); got.Kind() != value.KindTimestamp || got.AsTimestamp() == 0 {
		t.Errorf("wall-clock now() = %v", got)
	}
	u := compileExpr(t, "uuid()", nil)
	re := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	a, b := u(c).AsString(), u(c).AsString()
	if !re.MatchString(a) || !re.MatchString(b) || a == b {
		t.Errorf("uuid() = %q, %q", a, b)
	}
}

func TestRangeLimit(t *testing.T) {
	warn, counts := warnCounter()
	if got := compileExpr(t, "range(2000000000)", nil)(&Ctx{Warn: warn}); !got.IsNull() {
		t.Errorf("huge range = %v values", got.Len())
	}
	if counts[WarnRangeLimit] != 1 {
		t.Errorf("range_limit warnings = %d", counts[WarnRangeLimit])
	}
}

// Every table entry has an implementation and the table is sorted; every
// implementation is in the table.
func TestBuiltinTable(t *testing.T) {
	bs := Builtins()
	if !slices.IsSortedFunc(bs, func(a, b Builtin) int {
		switch {
		case a.Name < b.Name:
			return -1
		case a.Name > b.Name:
			return 1
		}
		return 0
	}) {
		t.Fatal("builtin table not sorted")
	}
	special := map[string]bool{"coalesce": true, "filter": true, "map": true}
	for _, b := range bs {
		if b.Doc == "" {
			t.Errorf("%s: no doc", b.Name)
		}
		im, ok := builtinImpl(b.Name)
		switch {
		case special[b.Name]:
			continue
		case !ok:
			t.Errorf("%s: no implementation", b.Name)
		case im.f1 != nil && (b.MinArgs != 1 || b.MaxArgs != 1):
			t.Errorf("%s: f1 with arity %d..%d", b.Name, b.MinArgs, b.MaxArgs)
		case im.f2 != nil && (b.MinArgs != 2 || b.MaxArgs != 2):
			t.Errorf("%s: f2 with arity %d..%d", b.Name, b.MinArgs, b.MaxArgs)
		}
		if got, ok := LookupBuiltin(b.Name); !ok || got != b {
			t.Errorf("LookupBuiltin(%s) = %v, %v", b.Name, got, ok)
		}
	}
	// the original's §6.2 list, plus now, uuid, coalesce
	for _, name := range []string{"abs", "sqrt", "exp", "log", "log10", "sin", "cos", "tan", "floor", "ceil",
		"round", "pow", "min", "max", "len", "first", "last", "push", "pop", "reverse", "sort", "contains",
		"keys", "values", "get", "set", "range", "sum", "avg", "to_string", "to_int", "to_float", "trim",
		"lower", "lowercase", "upper", "uppercase", "split", "join", "replace", "starts_with", "ends_with",
		"substring", "type_of", "is_null", "is_int", "is_float", "is_string", "is_bool", "is_array", "is_map",
		"now", "uuid", "coalesce"} {
		if _, ok := LookupBuiltin(name); !ok {
			t.Errorf("missing builtin %s", name)
		}
	}
	if _, ok := LookupBuiltin("nope"); ok {
		t.Error("LookupBuiltin(nope) found")
	}
	// Builtins returns a copy.
	bs[0].Name = "changed"
	if Builtins()[0].Name == "changed" {
		t.Error("Builtins exposes the table")
	}
}
