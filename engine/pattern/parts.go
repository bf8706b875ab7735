package pattern

import "github.com/varpulis/varpulis-go/engine/value"

// exactKey reports whether two values with the key of v are always equal
// under `==`: every key but null (null == null is false).
func exactKey(v value.Value) bool { return !v.IsNull() }
