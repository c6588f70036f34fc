//go:build dllfault

package portfolio

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// A dll built with the tag dllfault has a fault in reading Markdown, made
// on purpose so that tests can prove dll survives one in any Markdown it
// reads: reading a text that holds FaultInReading panics; so does
// rendering (which dll validate does not do) a text that holds
// FaultInRendering; and a text that holds FaultInChecking reads well but
// holds a block that panics when a rule asks for its lines.
const (
	FaultInReading   = "dll:fault-in-reading"
	FaultInRendering = "dll:fault-in-rendering"
	FaultInChecking  = "dll:fault-in-checking"
	// FaultMessage is what the fault panics with.
	FaultMessage = "a fault made on purpose by the dllfault build"
)

func init() { markdownExtensions = append(markdownExtensions, fault{}) }

type fault struct{}

var (
	kindFault      = ast.NewNodeKind("Fault")
	kindFaultBlock = ast.NewNodeKind("FaultBlock")
)

// faultNode is where rendering panics.
type faultNode struct{ ast.BaseInline }

func (n *faultNode) Kind() ast.NodeKind            { return kindFault }
func (n *faultNode) Dump(source []byte, level int) {}

// faultBlock is a block whose lines cannot be had.
type faultBlock struct{ ast.BaseBlock }

func (n *faultBlock) Kind() ast.NodeKind            { return kindFaultBlock }
func (n *faultBlock) Dump(source []byte, level int) {}
func (n *faultBlock) Lines() *text.Segments         { panic(FaultMessage) }

func (fault) Extend(md goldmark.Markdown) {
	md.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(fault{}, 0)))
	md.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(fault{}, 0)))
}

func (fault) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	if bytes.Contains(src, []byte(FaultInReading)) {
		panic(FaultMessage)
	}
	if bytes.Contains(src, []byte(FaultInChecking)) {
		doc.AppendChild(doc, &faultBlock{})
	}
	if bytes.Contains(src, []byte(FaultInRendering)) {
		p := ast.NewParagraph()
		p.AppendChild(p, &faultNode{})
		doc.AppendChild(doc, p)
	}
}

func (fault) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(kindFault, func(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
		panic(FaultMessage)
	})
	r.Register(kindFaultBlock, func(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
		return ast.WalkContinue, nil
	})
}
