package checker

import (
	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// paramType is the expected type of a connector parameter.
type paramType uint8

const (
	ptString     paramType = iota
	ptInt                  // integer
	ptBool                 // true/false
	ptDuration             // 5s
	ptStringList           // a string or a list of strings
)

func (t paramType) String() string {
	switch t {
	case ptInt:
		return "an integer"
	case ptBool:
		return "true or false"
	case ptDuration:
		return "a duration"
	case ptStringList:
		return "a string or a list of strings"
	}
	return "a string"
}

// connectorKind describes what a connector kind can do and its parameters.
type connectorKind struct {
	source, sink, enrich bool
	params               map[string]paramType
}

// connectorKinds are the connector kinds of vpl-original.md §9.2.
var connectorKinds = map[string]connectorKind{
	"mqtt": {source: true, sink: true, params: map[string]paramType{
		"host": ptString, "port": ptInt, "url": ptString, "client_id": ptString, "qos": ptInt, "topic": ptString,
		"username": ptString, "password": ptString, "keep_alive": ptDuration, "clean_session": ptBool, "tls": ptBool,
	}},
	"kafka": {source: true, sink: true, params: map[string]paramType{
		"brokers": ptStringList, "group_id": ptString, "topic": ptString, "batch_size": ptInt, "linger_ms": ptInt,
		"compression_type": ptString, "message_timeout_ms": ptInt, "exactly_once": ptBool, "transactional_id": ptString,
		"client_id": ptString,
	}},
	"nats": {source: true, sink: true, params: map[string]paramType{
		"servers": ptStringList, "url": ptString, "queue_group": ptString, "topic": ptString, "subject": ptString,
	}},
	"http": {sink: true, enrich: true, params: map[string]paramType{
		"url": ptString, "method": ptString, "timeout": ptDuration,
	}},
	"console": {sink: true, params: map[string]paramType{}},
	"file": {sink: true, params: map[string]paramType{
		"url": ptString, "path": ptString,
	}},
	"database": {enrich: true, params: map[string]paramType{
		"url": ptString, "query": ptString, "driver": ptString,
	}},
	"redis": {enrich: true, params: map[string]paramType{
		"url": ptString, "query": ptString, "key_prefix": ptString,
	}},
}

// bindingParams are the parameters of a .from/.to binding that every kind
// accepts.
var bindingParams = map[string]paramType{"topic": ptString}

func (c *checker) connectorDecl(d *ast.ConnectorDecl) {
	if d == nil || d.Kind == nil {
		return
	}
	c.dupArgs(d.Params, codeDupArg)
	kind := d.Kind.Name
	if _, ok := connectorKinds[kind]; !ok && validIdent(d.Kind) {
		c.warnf(d.Kind, warnConnKind, didYouMean(kind, keysOf(connectorKinds)),
			"unknown connector kind `%s`: the connector will have no effect (kinds: %s)", kind, joinSorted(keysOf(connectorKinds)))
	}
	c.connectorParams(kind, d.Params)
}

// connectorParams checks connector parameters against the schema of kind
// (W080, W081); unknown kinds are not checked.
func (c *checker) connectorParams(kind string, params []*ast.Arg) {
	ck, known := connectorKinds[kind]
	for _, a := range params {
		if a == nil {
			continue
		}
		if a.Name == nil {
			c.errorf(a, codeOpArgs, "write `name: value`", "connector parameters must be named")
			continue
		}
		if !known {
			continue
		}
		t, ok := ck.params[a.Name.Name]
		if !ok {
			t, ok = bindingParams[a.Name.Name]
		}
		if !ok {
			hint := didYouMean(a.Name.Name, keysOf(ck.params))
			if hint == "" && len(ck.params) > 0 {
				hint = "parameters of " + kind + ": " + joinSorted(keysOf(ck.params))
			}
			c.warnf(a.Name, warnConnParam, hint, "unknown parameter `%s` for a %s connector", a.Name.Name, kind)
			continue
		}
		if !paramMatches(t, a.Value) {
			c.warnf(a.Value, warnConnParamType, "", "parameter `%s` of a %s connector should be %s", a.Name.Name, kind, t)
		}
	}
}

// paramMatches reports whether a connector parameter value fits t.
// Identifiers are accepted as strings.
func paramMatches(t paramType, e ast.Expr) bool {
	switch x := unparen(e).(type) {
	case *ast.BasicLit:
		switch t {
		case ptString:
			return x.Kind == token.STRING
		case ptStringList:
			return x.Kind == token.STRING
		case ptInt:
			return x.Kind == token.INT
		case ptBool:
			return x.Kind == token.TRUE || x.Kind == token.FALSE
		case ptDuration:
			return x.Kind == token.DURATION
		}
	case *ast.Ident:
		return t == ptString || t == ptStringList
	case *ast.ListLit:
		if t != ptStringList || x == nil {
			return false
		}
		for _, el := range x.Elems {
			if !paramMatches(ptString, el) {
				return false
			}
		}
		return true
	case *ast.BadExpr:
		return true
	}
	return false
}

// toOp checks .to(Connector, topic: ..., ...).
func (c *checker) toOp(o *ast.OpCall) {
	if len(o.Args) == 0 || o.Args[0] == nil || o.Args[0].Name != nil {
		c.errorf(o, codeOpArgs, "write `.to(Out)` or `.to(Out, topic: \"alerts\")`", "`.to` needs a connector name first")
		return
	}
	id, ok := unparen(o.Args[0].Value).(*ast.Ident)
	if !ok {
		c.errorf(o.Args[0], codeOpArgs, "", "`.to` needs a connector name first")
		return
	}
	conn := c.connectorRef(id, "`.to`")
	kind := ""
	if conn != nil {
		kind = conn.Kind
		if ck, ok := connectorKinds[kind]; ok && !ck.sink {
			c.errorf(id, codeConnUse, "use it with `.enrich(...)`", "connector `%s` is of kind %s, which cannot receive events (`.to`)", conn.Name, kind)
		}
	}
	c.connectorParams(kind, o.Args[1:])
}

// enrichOp checks .enrich(Connector, key: e, fields: [...], cache_ttl: d,
// timeout: d, fallback: literal).
func (c *checker) enrichOp(o *ast.OpCall, en *env) {
	if len(o.Args) == 0 || o.Args[0] == nil || o.Args[0].Name != nil {
		c.errorf(o, codeOpArgs, "write `.enrich(Api, key: id, fields: [name])`", "`.enrich` needs a connector name first")
		return
	}
	if id, ok := unparen(o.Args[0].Value).(*ast.Ident); ok {
		if conn := c.connectorRef(id, "`.enrich`"); conn != nil {
			if ck, known := connectorKinds[conn.Kind]; known && !ck.enrich {
				c.errorf(id, codeEnrichKind, "declare an http, database or redis connector for lookups",
					"`.enrich` needs an http, database or redis connector; `%s` is of kind %s", conn.Name, conn.Kind)
			}
		}
	} else {
		c.errorf(o.Args[0], codeOpArgs, "", "`.enrich` needs a connector name first")
	}
	var key, fields *ast.Arg
	for _, a := range o.Args[1:] {
		if a == nil {
			continue
		}
		if a.Name == nil {
			c.errorf(a, codeOpArgs, "write `key: expression`", "arguments of `.enrich` after the connector must be named")
			continue
		}
		switch a.Name.Name {
		case "key":
			key = a
			c.expr(a.Value, en)
		case "fields":
			fields = a
			l, ok := unparen(a.Value).(*ast.ListLit)
			if !ok || l == nil {
				c.errorf(a.Value, codeLiteralKind, "write `fields: [name, city]`", "`fields` must be a list of field names")
				continue
			}
			for _, el := range l.Elems {
				switch x := unparen(el).(type) {
				case *ast.Ident:
				case *ast.BasicLit:
					if x.Kind != token.STRING {
						c.errorf(el, codeLiteralKind, "", "`fields` must list field names")
					}
				default:
					c.errorf(el, codeLiteralKind, "", "`fields` must list field names")
				}
			}
		case "cache_ttl", "timeout":
			c.durationArg(a.Value, "`"+a.Name.Name+"`")
		case "fallback":
			if _, ok := unparen(a.Value).(*ast.BasicLit); !ok {
				c.errorf(a.Value, codeLiteralKind, "", "`fallback` must be a literal (string, number, boolean or null)")
			}
		default:
			known := []string{"key", "fields", "cache_ttl", "timeout", "fallback"}
			c.errorf(a.Name, codeUnknownParam, didYouMean(a.Name.Name, known),
				"unknown parameter `%s` of `.enrich` (parameters: %s)", a.Name.Name, joinSorted(known))
		}
	}
	if key == nil {
		c.errorf(opName(o), codeEnrichKey, "add `key: field` to say what to look up", "`.enrich` needs a `key:`")
	}
	if fields == nil {
		c.warnf(opName(o), warnEnrichFields, "add `fields: [name, ...]`", "`.enrich` without `fields` adds no field")
	} else if l, ok := unparen(fields.Value).(*ast.ListLit); ok && l != nil && len(l.Elems) == 0 {
		c.warnf(fields.Value, warnEnrichFields, "", "`.enrich` with an empty `fields` list adds no field")
	}
}
