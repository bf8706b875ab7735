package parser

import (
	"fmt"
	"os"
	"testing"

	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/diag"
	"github.com/varpulis/varpulis-go/vpl/token"
)

func TestDevDump(t *testing.T) {
	name := os.Getenv("VPL_DUMP")
	if name == "" {
		t.Skip()
	}
	src, _ := os.ReadFile(name)
	fset := token.NewFileSet()
	f, d := ParseFile(fset, name, src, 0)
	diag.Render(os.Stdout, fset, d)
	fmt.Println("stmts:", len(f.Stmts), "comments:", len(f.Comments), "loops:", len(f.DeclLoops))
	if os.Getenv("VPL_TREE") != "" {
		for _, s := range f.Stmts {
			depth := 0
			ast.Inspect(s, func(n ast.Node) bool {
				if n == nil {
					depth--
					return false
				}
				extra := ""
				switch x := n.(type) {
				case *ast.Ident:
					extra = x.Name
				case *ast.BasicLit:
					extra = x.Raw
				case *ast.BinaryExpr:
					extra = x.Op.String()
				case *ast.UnaryExpr:
					extra = x.Op.String()
				}
				fmt.Printf("%*s%T %s %s\n", depth*2, "", n, fset.Position(n.Pos()), extra)
				depth++
				return true
			})
		}
	}
}
