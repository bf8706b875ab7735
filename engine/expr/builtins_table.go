package expr

import "slices"

// Builtin describes one scalar builtin function, for the checker (unknown
// names, arity, "did you mean" hints) and the documentation.
type Builtin struct {
	Name    string
	MinArgs int
	MaxArgs int // -1: no upper bound
	Doc     string
}

// builtinTable lists every scalar builtin, sorted by name. Aggregation
// functions of .aggregate(...) live in package agg; count, sum, avg, min,
// max, first and last appear here too because they also apply to arrays
// and, with a Kleene alias argument, aggregate over the alias's events.
var builtinTable = [...]Builtin{
	{"abs", 1, 1, "absolute value; int stays int, float stays float"},
	{"avg", 1, 1, "mean of the numeric elements of an array as a float (0.0 for an empty array); avg(t.f) over a Kleene alias is null when empty"},
	{"ceil", 1, 1, "smallest integer >= x, as an int (ints unchanged)"},
	{"coalesce", 1, -1, "first argument that is not null (later arguments are not evaluated)"},
	{"contains", 2, 2, "array membership, substring, or map key"},
	{"cos", 1, 1, "cosine (radians), float"},
	{"count", 1, 1, "count(t): events bound to a Kleene alias; count(t.f): non-null values; count(array): its length"},
	{"ends_with", 2, 2, "whether string s ends with suffix"},
	{"exp", 1, 1, "e raised to x, float"},
	{"filter", 2, 2, "filter(array, x => cond): the elements for which cond is true"},
	{"first", 1, 1, "first element of an array (null when empty); first(t.f) over a Kleene alias"},
	{"flatten", 1, 1, "array with the elements of its array elements spliced in (one level); other elements kept"},
	{"floor", 1, 1, "largest integer <= x, as an int (ints unchanged)"},
	{"get", 2, 3, "get(c, k[, default]): array element by int index or map value by string key, default (or null) when absent"},
	{"is_array", 1, 1, "whether the value is an array"},
	{"is_bool", 1, 1, "whether the value is a bool"},
	{"is_float", 1, 1, "whether the value is a float"},
	{"is_int", 1, 1, "whether the value is an int"},
	{"is_map", 1, 1, "whether the value is a map"},
	{"is_null", 1, 1, "whether the value is null (missing fields are null)"},
	{"is_string", 1, 1, "whether the value is a string"},
	{"join", 2, 2, "join(array, sep): the elements' display forms (strings unquoted) separated by sep"},
	{"keys", 1, 1, "the keys of a map, as an array of strings in insertion order"},
	{"last", 1, 1, "last element of an array (null when empty); last(t.f) over a Kleene alias"},
	{"len", 1, 1, "length of a string (bytes), array or map"},
	{"log", 1, 1, "natural logarithm, float"},
	{"log10", 1, 1, "base-10 logarithm, float"},
	{"lower", 1, 1, "string in lower case"},
	{"lowercase", 1, 1, "string in lower case (same as lower)"},
	{"map", 2, 2, "map(array, x => expr): the array of expr for each element"},
	{"max", 1, -1, "max(a, b, ...) of numbers (int if all ints, else float), or max(array); max(t.f) over a Kleene alias"},
	{"min", 1, -1, "min(a, b, ...) of numbers (int if all ints, else float), or min(array); min(t.f) over a Kleene alias"},
	{"now", 0, 0, "current processing time, as a timestamp"},
	{"pop", 1, 1, "copy of an array without its last element (null for an empty array)"},
	{"pow", 2, 2, "a raised to b: int for two ints, float otherwise"},
	{"push", 2, 2, "copy of an array with v appended"},
	{"range", 1, 3, "range(n): ints [0, n); range(a, b): [a, b); range(a, b, step)"},
	{"replace", 3, 3, "replace(s, from, to): every occurrence of from replaced by to"},
	{"reverse", 1, 1, "array reversed, or string reversed by characters"},
	{"round", 1, 2, "round(x): nearest integer as an int, halves away from zero; round(x, n): float with n decimals"},
	{"set", 3, 3, "set(c, k, v): copy of an array with index k replaced (unchanged when k is out of range) or of a map with key k set"},
	{"sin", 1, 1, "sine (radians), float"},
	{"sliding_pairs", 1, 1, "sliding_pairs([a, b, c]) = [[a, b], [b, c]]: each element with the next one"},
	{"sort", 1, 1, "array sorted ascending (numbers, strings); stable; values of different types compare equal"},
	{"split", 2, 2, "split(s, sep): array of the substrings of s between separators"},
	{"sqrt", 1, 1, "square root, float"},
	{"starts_with", 2, 2, "whether string s starts with prefix"},
	{"substring", 2, 3, "substring(s, start[, end]) by characters; null when out of range"},
	{"sum", 1, 1, "sum of the numeric elements of an array as a float; sum(t.f) over a Kleene alias (int while all values are ints)"},
	{"tan", 1, 1, "tangent (radians), float"},
	{"to_float", 1, 1, "float from an int, float or numeric string; null otherwise"},
	{"to_int", 1, 1, "int from an int, float (truncated), numeric string or bool; null otherwise"},
	{"to_string", 1, 1, "display form of a value; a string comes back unchanged (unquoted)"},
	{"trim", 1, 1, "string without leading and trailing white space"},
	{"type_of", 1, 1, `type name: "int" "float" "string" "bool" "array" "map" "null" "duration" "timestamp"`},
	{"upper", 1, 1, "string in upper case"},
	{"uppercase", 1, 1, "string in upper case (same as upper)"},
	{"uuid", 0, 0, "a random (version 4) UUID string"},
	{"values", 1, 1, "the values of a map, as an array in insertion order"},
	{"variance", 1, 1, "sample variance (n - 1) of the numeric elements of an array, float; null with fewer than two"},
}

// Builtins returns the metadata of every scalar builtin, sorted by name.
func Builtins() []Builtin { return slices.Clone(builtinTable[:]) }

// LookupBuiltin returns the metadata of the builtin called name.
func LookupBuiltin(name string) (Builtin, bool) {
	i, ok := slices.BinarySearchFunc(builtinTable[:], name, func(b Builtin, n string) int {
		switch {
		case b.Name < n:
			return -1
		case b.Name > n:
			return 1
		}
		return 0
	})
	if !ok {
		return Builtin{}, false
	}
	return builtinTable[i], true
}
