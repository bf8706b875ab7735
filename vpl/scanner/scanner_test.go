package scanner

import (
	"strings"
	"testing"

	"github.com/varpulis/varpulis-go/vpl/token"
)

type tok struct {
	kind token.Kind
	lit  string
}

func scanAll(t *testing.T, src string, mode Mode) ([]tok, []string) {
	t.Helper()
	fset := token.NewFileSet()
	f := fset.AddFile("s.vpl", []byte(src))
	var errs []string
	var s Scanner
	s.Init(f, []byte(src), func(pos, end token.Pos, code, msg string) {
		errs = append(errs, code+" "+fset.Position(pos).String()+" "+msg)
	}, mode)
	var out []tok
	for i := 0; i < 10000; i++ {
		_, k, lit := s.Scan()
		if k == token.EOF {
			return out, errs
		}
		out = append(out, tok{k, lit})
	}
	t.Fatalf("scanner did not reach EOF")
	return nil, nil
}

func TestScanTokens(t *testing.T) {
	src := `stream x_1 = A .where(a >= 1.5e3 and b != "s" or c ?? d) -> all B+ ` +
		`:= => ?. .. ..= ** << >> <= == < > & | ^ ~ % / * - + ? @ ( ) [ ] { } , : ; ` +
		`5m 100ms 7 3.25 '\'q' @2026-01-02T03:04:05Z 1..5 true_count`
	want := []tok{
		{token.IDENT, "stream"}, {token.IDENT, "x_1"}, {token.ASSIGN, ""}, {token.IDENT, "A"},
		{token.PERIOD, ""}, {token.IDENT, "where"}, {token.LPAREN, ""}, {token.IDENT, "a"},
		{token.GEQ, ""}, {token.FLOAT, "1.5e3"}, {token.IDENT, "and"}, {token.IDENT, "b"},
		{token.NEQ, ""}, {token.STRING, `"s"`}, {token.IDENT, "or"}, {token.IDENT, "c"},
		{token.COALESCE, ""}, {token.IDENT, "d"}, {token.RPAREN, ""}, {token.ARROW, ""},
		{token.IDENT, "all"}, {token.IDENT, "B"}, {token.ADD, ""},
		{token.DEFINE, ""}, {token.FATARROW, ""}, {token.SAFEDOT, ""}, {token.RANGE, ""},
		{token.RANGEINCL, ""}, {token.POW, ""}, {token.SHL, ""}, {token.SHR, ""}, {token.LEQ, ""},
		{token.EQL, ""}, {token.LSS, ""}, {token.GTR, ""}, {token.AND_BIT, ""}, {token.OR_BIT, ""},
		{token.XOR_BIT, ""}, {token.TILDE, ""}, {token.REM, ""}, {token.QUO, ""}, {token.MUL, ""},
		{token.SUB, ""}, {token.ADD, ""}, {token.QUESTION, ""}, {token.AT, ""}, {token.LPAREN, ""},
		{token.RPAREN, ""}, {token.LBRACK, ""}, {token.RBRACK, ""}, {token.LBRACE, ""},
		{token.RBRACE, ""}, {token.COMMA, ""}, {token.COLON, ""}, {token.SEMI, ""},
		{token.DURATION, "5m"}, {token.DURATION, "100ms"}, {token.INT, "7"}, {token.FLOAT, "3.25"},
		{token.STRING, `'\'q'`}, {token.TIMESTAMP, "@2026-01-02T03:04:05Z"},
		{token.INT, "1"}, {token.RANGE, ""}, {token.INT, "5"}, {token.IDENT, "true_count"},
	}
	got, errs := scanAll(t, src, 0)
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	if len(got) != len(want) {
		t.Fatalf("got %d tokens, want %d: %v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("token %d: got %v %q, want %v %q", i, got[i].kind, got[i].lit, want[i].kind, want[i].lit)
		}
	}
}

func TestScanComments(t *testing.T) {
	src := "# a\nx // b\n/* c\n d */ y"
	got, errs := scanAll(t, src, ScanComments)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	want := []tok{{token.COMMENT, "# a"}, {token.IDENT, "x"}, {token.COMMENT, "// b"},
		{token.COMMENT, "/* c\n d */"}, {token.IDENT, "y"}}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("token %d: got %v, want %v", i, got[i], want[i])
		}
	}
	got, _ = scanAll(t, src, 0)
	if len(got) != 2 {
		t.Errorf("without ScanComments: %v", got)
	}
}

// TestKeywordsAreWords checks that keywords end at a word boundary.
func TestKeywordsAreWords(t *testing.T) {
	tests := []struct {
		word string
		kw   Keyword
	}{
		{"true", KwTrue}, {"true_count", KwNone}, {"all", KwAll}, {"all_users", KwNone},
		{"break", KwBreak}, {"break_x", KwNone}, {"import", KwImport}, {"import_id", KwNone},
		{"null", KwNull}, {"nullable", KwNone}, {"order_id", KwNone}, {"within", KwWithin},
		{"within_limit", KwNone}, {"SEQ", KwSEQ}, {"seq", KwNone}, {"Stream", KwStreamType},
		{"in", KwIn}, {"instance", KwNone}, {"is", KwIs}, {"isx", KwNone}, {"notable", KwNone},
	}
	for _, tt := range tests {
		var s Scanner
		fset := token.NewFileSet()
		f := fset.AddFile("k", []byte(tt.word))
		s.Init(f, []byte(tt.word), nil, 0)
		var tk Token
		s.Next(&tk)
		if tk.Kind != token.IDENT || tk.Keyword != tt.kw || tk.End != len(tt.word) {
			t.Errorf("%q: kind %v keyword %q end %d, want IDENT %q %d", tt.word, tk.Kind, tk.Keyword, tk.End, tt.kw, len(tt.word))
		}
		if Lookup(tt.word) != tt.kw {
			t.Errorf("Lookup(%q) = %q", tt.word, Lookup(tt.word))
		}
	}
	for k := KwNone + 1; k < kwCount; k++ {
		if Lookup(k.String()) != k {
			t.Errorf("Lookup(%q) = %v, want %v", k.String(), Lookup(k.String()), k)
		}
	}
}

// TestLineLayout checks the First and Indent fields used for blocks.
func TestLineLayout(t *testing.T) {
	src := "fn f():\n    x := 1 # c\n\t\ty\n  /* c */ z\n\n w"
	type layout struct {
		lit    string
		first  bool
		indent int
	}
	want := []layout{
		{"fn", true, 0}, {"f", false, 0}, {"(", false, 0}, {")", false, 0}, {":", false, 0},
		{"x", true, 4}, {":=", false, 4}, {"1", false, 4}, {"y", true, 2}, {"z", true, 10}, {"w", true, 1},
	}
	var s Scanner
	fset := token.NewFileSet()
	f := fset.AddFile("l", []byte(src))
	s.Init(f, []byte(src), nil, 0)
	for i, w := range want {
		var tk Token
		s.Next(&tk)
		lit := src[tk.Off:tk.End]
		if lit != w.lit || tk.First != w.first || tk.Indent != w.indent {
			t.Errorf("token %d: %q first=%v indent=%d, want %q %v %d", i, lit, tk.First, tk.Indent, w.lit, w.first, w.indent)
		}
	}
}

func TestScanErrors(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{`"abc`, "E101 s.vpl:1:1 unterminated string literal"},
		{"'ab\ncd'", "E101 s.vpl:1:1 unterminated string literal (a string cannot span lines"},
		{`/* x`, "E102 s.vpl:1:1 unterminated block comment"},
		{`"\x"`, `E103 s.vpl:1:2 unknown escape sequence \x`},
		{`5min`, `E104 s.vpl:1:1 invalid suffix "min" on number 5`},
		{`1e+`, `E104 s.vpl:1:1 malformed number 1e+: exponent has no digits`},
		{`@2026-1-1`, `E106 s.vpl:1:1 malformed timestamp literal @2026-1-1`},
		{"a\x00", `E107 s.vpl:1:2 illegal NUL character`},
		{"\xfe", `E107 s.vpl:1:1 invalid UTF-8 encoding`},
		{"# \xfe", `E107 s.vpl:1:3 invalid UTF-8 encoding in comment`},
		{"$", `E100 s.vpl:1:1 invalid character '$'`},
		{"→", `E100 s.vpl:1:1 invalid character U+2192 '→'`},
		{"a && b", `E108 s.vpl:1:3 '&&' is not a VPL operator; use 'and'`},
		{"!a", `E108 s.vpl:1:1 '!' is not a VPL operator; use 'not' for negation`},
	}
	for _, tt := range tests {
		_, errs := scanAll(t, tt.src, 0)
		if len(errs) == 0 || !strings.HasPrefix(errs[0], tt.want) {
			t.Errorf("%q: errors %q, want prefix %q", tt.src, errs, tt.want)
		}
	}
}

func TestLiteralDecoders(t *testing.T) {
	str := []struct{ in, want string }{
		{`"plain"`, "plain"}, {`'single'`, "single"}, {`"a\nb\tc\rd"`, "a\nb\tc\rd"},
		{`"q\"\'\\"`, `q"'\`}, {`"\u0041\u00e9"`, "Aé"}, {`""`, ""},
	}
	for _, tt := range str {
		got, err := Unquote(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Unquote(%s) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{`"a`, `"\q"`, `"\u12"`, `"\ud800"`, `x`} {
		if _, err := Unquote(bad); err == nil {
			t.Errorf("Unquote(%s): no error", bad)
		}
	}
	dur := []struct {
		in   string
		want int64
	}{
		{"1ns", 1}, {"2us", 2000}, {"3ms", 3e6}, {"4s", 4e9}, {"5m", 300e9}, {"6h", 6 * 3600e9},
		{"7d", 7 * 86400e9}, {"106751d", 106751 * 86400e9},
	}
	for _, tt := range dur {
		got, err := ParseDuration(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseDuration(%s) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"106752d", "9223372036854775808ns", "5", "m", "5w"} {
		if _, err := ParseDuration(bad); err == nil {
			t.Errorf("ParseDuration(%s): no error", bad)
		}
	}
	if v, err := ParseInt("9223372036854775807"); err != nil || v != 9223372036854775807 {
		t.Errorf("ParseInt(max) = %d, %v", v, err)
	}
	if _, err := ParseInt("9223372036854775808"); err == nil {
		t.Error("ParseInt(max+1): no error")
	}
	ts := []struct {
		in   string
		want int64
	}{
		{"@1970-01-01", 0},
		{"@1970-01-01T00:00:01Z", 1e9},
		{"@1970-01-01T01:00:00+01:00", 0},
		{"@1970-01-01T00:00:00-00:30", 1800e9},
		{"@2000-02-29T12:00:00.5Z", 951825600500000000},
		{"@1969-12-31T23:59:59Z", -1e9},
	}
	for _, tt := range ts {
		got, err := ParseTimestamp(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseTimestamp(%s) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"@2001-02-29", "@2026-00-01", "@2026-01-01T24:00:00", "@2026-01-01T00:00:00+24:00",
		"@2026-01-01T00:00", "@2026-01-01X", "@2300-01-01", "@1600-01-01", "@2026-01-01T00:00:00.1234567890Z"} {
		if _, err := ParseTimestamp(bad); err == nil {
			t.Errorf("ParseTimestamp(%s): no error", bad)
		}
	}
}

func TestSeek(t *testing.T) {
	src := "a b\n  c d\ne"
	var s Scanner
	fset := token.NewFileSet()
	f := fset.AddFile("s", []byte(src))
	s.Init(f, []byte(src), nil, 0)
	s.Seek(4)
	var tk Token
	s.Next(&tk)
	if src[tk.Off:tk.End] != "c" || !tk.First || tk.Indent != 2 {
		t.Errorf("after Seek: %q first=%v indent=%d", src[tk.Off:tk.End], tk.First, tk.Indent)
	}
}
