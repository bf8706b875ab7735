package checker

// builtinFuncs returns the scalar builtin functions and their arities
// (vpl-original.md §6.2 plus now, uuid and coalesce from vpl.md §2).
func builtinFuncs() map[string]arity {
	one, two, three := arity{1, 1}, arity{2, 2}, arity{3, 3}
	m := map[string]arity{
		"abs": one, "sqrt": one, "exp": one, "log": one, "log10": one, "sin": one, "cos": one, "tan": one,
		"floor": one, "ceil": one, "round": one, "pow": two,
		"min": two, "max": two,
		"len": one, "first": one, "last": one, "push": two, "pop": one, "reverse": one, "sort": one,
		"contains": two, "keys": one, "values": one, "get": two, "set": three,
		"range": {1, 2}, "sum": one, "avg": one,
		"to_string": one, "to_int": one, "to_float": one,
		"trim": one, "lower": one, "lowercase": one, "upper": one, "uppercase": one,
		"split": two, "join": two, "replace": three, "starts_with": two, "ends_with": two,
		"substring": {2, 3}, "type_of": one,
		"is_null": one, "is_int": one, "is_float": one, "is_string": one, "is_bool": one,
		"is_array": one, "is_map": one,
		"now": {0, 0}, "uuid": {0, 0}, "coalesce": {1, -1},
	}
	return m
}
