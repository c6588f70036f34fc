package privacy

import (
	"bytes"
	"slices"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"dll/internal/portfolio"
)

// InMarkdown finds the names in a parsed Markdown document, src being its
// source, as the page will show it: the text of paragraphs, headings, list
// items, table cells (a row's cells run on into each other, as a
// gradebook's "Lopez | Ana") and code, each block apart from the next; the
// descriptions of images; and the
// addresses of links and images, which a reader sees when pointing at a
// link or printing the page. Raw HTML and comments, which the site leaves
// out, are skipped, and so are the addresses of the portfolio's own files:
// the site publishes those under addresses of its own, which the caller
// checks (InPath). Offsets are into src.
func (n *Names) InMarkdown(doc ast.Node, src []byte) []Hit {
	if n.Empty() {
		return nil
	}
	m := n.matcher()
	var addrHits []Hit // names in the addresses and titles of links and images
	last := 0          // the offset of the text read last, for what has no position
	_ = ast.Walk(doc, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
		if node.Type() == ast.TypeBlock {
			// Blocks are read apart, as the page shows them (see InPage);
			// the cells of a table's row run on into each other.
			if _, cell := node.(*east.TableCell); cell {
				m.sc.brk()
			} else {
				m.reset()
			}
			if entering && node.Lines().Len() > 0 {
				last = node.Lines().At(0).Start
			}
		}
		switch t := node.(type) {
		case *ast.Text:
			if !entering {
				break
			}
			seg := t.Segment
			if _, code := t.Parent().(*ast.CodeSpan); code {
				m.sc.raw(seg.Value(src), seg.Start)
			} else {
				m.sc.text(unescape(seg.Value(src)), seg.Start)
			}
			last = seg.Stop
			if t.SoftLineBreak() || t.HardLineBreak() {
				m.sc.brk()
			}
		case *ast.String:
			if entering {
				m.sc.text(t.Value, last)
			}
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			if entering {
				lines := node.Lines()
				for i := 0; i < lines.Len(); i++ {
					seg := lines.At(i)
					m.sc.raw(seg.Value(src), seg.Start)
					m.sc.brk()
				}
			}
		case *ast.RawHTML, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		case *ast.Link:
			if !entering {
				// The address and title are not part of the text the
				// reader sees around the link: they are read apart, so
				// that "[Ana](https://...) Lopez" is still a name.
				last = address(n.matcher(), &addrHits, src, last, web(t.Destination), t.Title)
			}
		case *ast.Image:
			if !entering {
				last = address(n.matcher(), &addrHits, src, last, web(t.Destination), t.Title)
			}
		case *ast.AutoLink:
			if entering {
				// Its address is the text shown.
				m.sc.brk()
				last = address(m, nil, src, last, t.Label(src))
			}
		}
		return ast.WalkContinue, nil
	})
	hits := m.done()
	if len(addrHits) == 0 {
		return hits
	}
	hits = append(hits, addrHits...)
	slices.SortStableFunc(hits, func(a, b Hit) int { return a.Offset - b.Offset })
	return hits
}

// address reads the address (and title) of a link or image, as separate
// words, at its place in src when it can be found after from; it returns
// the offset to read on from. With found, m is a matcher of its own, whose
// hits go there.
func address(m *matcher, found *[]Hit, src []byte, from int, parts ...[]byte) int {
	for _, p := range parts {
		if len(p) == 0 {
			continue
		}
		at := from
		if i := bytes.Index(src[min(from, len(src)):], p); i >= 0 {
			at = from + i
		}
		m.sc.brk()
		m.sc.text(p, at)
		m.sc.brk()
		if at+len(p) <= len(src) {
			from = at + len(p)
		}
	}
	if found != nil {
		*found = append(*found, m.done()...)
	}
	return from
}

// web returns dest if it is not a file of the portfolio.
func web(dest []byte) []byte {
	if kind, _ := portfolio.ClassifyLink(string(dest)); kind == portfolio.LinkLocal {
		return nil
	}
	return dest
}

// unescape removes the backslashes of Markdown escapes (\* and \_), putting
// a space in their place so offsets stay right.
func unescape(b []byte) []byte {
	if bytes.IndexByte(b, '\\') < 0 {
		return b
	}
	out := bytes.Clone(b)
	for i := 0; i+1 < len(out); i++ {
		if out[i] == '\\' && isPunct(out[i+1]) {
			out[i] = 0x7f // a character that is nothing, and not part of a word
			i++
		}
	}
	return out
}

func isPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}
