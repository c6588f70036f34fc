package site

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"dll/internal/portfolio"
)

// markdown renders the Markdown of entries and pages. It reads Markdown
// exactly as dll validate does (portfolio.Markdown), and on top of goldmark's
// safe mode it leaves raw HTML and HTML comments out altogether (not even
// goldmark's "raw HTML omitted" note reaches the page), keeps only links that
// are safe, and never lets an image load from another site.
type markdown struct {
	md goldmark.Markdown
}

func newMarkdown() *markdown {
	md := portfolio.Markdown()
	md.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(dropHTML{}, 10)))
	return &markdown{md: md}
}

// dropHTML renders raw HTML as nothing.
type dropHTML struct{}

func (dropHTML) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	skip := func(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
		return ast.WalkSkipChildren, nil
	}
	r.Register(ast.KindRawHTML, skip)
	r.Register(ast.KindHTMLBlock, skip)
}

// linker decides where the links and images of one document point on the
// site. It returns "" to drop a link (its text stays) or an image (its
// description stays, as text).
type linker interface {
	link(dest string) string
	image(dest string) string
}

// render writes src as HTML, with every link and image passed through l.
// Paragraphs that are only a placeholder (TODO, TBD) are left out when
// dropTODO is set.
//
// Every story and page is rendered here, so this is where a fault in
// goldmark or in the rewriting below is caught: it becomes an error, which
// the caller names the file of, and the build stops with the previous site
// as it was.
func (m *markdown) render(src []byte, l linker, dropTODO bool) (html []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			html, err = nil, fmt.Errorf("dll could not make this text into a page because of a fault in dll itself (%v); please report it", r)
		}
	}()
	doc := m.md.Parser().Parse(text.NewReader(src))
	var links []ast.Node
	var todo []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link, *ast.Image, *ast.AutoLink:
			links = append(links, n)
		case *ast.Paragraph:
			if dropTODO && isTODO(n, src) {
				todo = append(todo, n)
				return ast.WalkSkipChildren, nil
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range todo {
		n.Parent().RemoveChild(n.Parent(), n)
	}
	for _, n := range links {
		switch n := n.(type) {
		case *ast.Link:
			if dest := l.link(string(n.Destination)); dest != "" {
				n.Destination = []byte(dest)
			} else {
				unwrap(n)
			}
		case *ast.Image:
			if dest := l.image(string(n.Destination)); dest != "" {
				n.Destination = []byte(dest)
			} else {
				unwrap(n)
			}
		case *ast.AutoLink:
			if kind, _ := portfolio.ClassifyLink(string(n.URL(src))); kind != portfolio.LinkExternal {
				n.Parent().ReplaceChild(n.Parent(), n, ast.NewString(n.Label(src)))
			}
		}
	}
	var buf bytes.Buffer
	if err := m.md.Renderer().Render(&buf, src, doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// unwrap replaces n by its children: a link by its text.
func unwrap(n ast.Node) {
	parent := n.Parent()
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}

// isTODO reports whether a paragraph is a placeholder still to write, the
// way dll validate finds one.
func isTODO(p *ast.Paragraph, src []byte) bool {
	var b strings.Builder
	for i := 0; i < p.Lines().Len(); i++ {
		seg := p.Lines().At(i)
		b.Write(seg.Value(src))
	}
	t := b.String()
	return portfolio.IsPlaceholder(t) || strings.Contains(t, "TODO:")
}

// plainLinks is the linker of pages with no files of their own, such as the
// philosophy statement: external links stay, everything else is dropped.
type plainLinks struct{}

func (plainLinks) link(dest string) string {
	switch kind, _ := portfolio.ClassifyLink(dest); kind {
	case portfolio.LinkExternal, portfolio.LinkFragment:
		return dest
	}
	return ""
}

func (plainLinks) image(string) string { return "" }

// pageLinks is the linker of a page of the portfolio's own, such as the
// philosophy statement (a file at the top of the portfolio): links to
// entries shown go to their pages, external links stay, and nothing else
// survives (validate warns of what is left out).
type pageLinks struct {
	b    *builder
	root string // the way from the page to the site's root
}

func (l pageLinks) link(dest string) string {
	kind, target := portfolio.ClassifyLink(dest)
	if kind != portfolio.LinkLocal {
		return plainLinks{}.link(dest)
	}
	frag := ""
	if i := strings.IndexByte(dest, '#'); i >= 0 {
		frag = dest[i:]
	}
	if e := l.b.p.LinkedEntry(nil, target); e != nil {
		if v, ok := l.b.entryByFile[e.Src.File]; ok {
			return l.root + v.URL + frag
		}
	}
	return ""
}

func (pageLinks) image(string) string { return "" }

// entryLinks is the linker of an entry's story: local files in the entry's
// folder are published beside the page, links to other entries go to their
// pages, external links stay, and nothing else survives.
type entryLinks struct {
	b     *builder
	e     *entryView
	files []string // local files to copy, as portfolio paths
}

func (l *entryLinks) link(dest string) string {
	kind, target := portfolio.ClassifyLink(dest)
	switch kind {
	case portfolio.LinkExternal, portfolio.LinkFragment:
		return dest
	case portfolio.LinkLocal:
		frag := ""
		if i := strings.IndexByte(dest, '#'); i >= 0 {
			frag = dest[i:]
		}
		if e := l.b.p.LinkedEntry(l.e.src, target); e != nil {
			if other, ok := l.b.entryByFile[e.Src.File]; ok {
				return "../" + other.Slug + "/index.html" + frag
			}
			return "" // an entry that is not shown: its words stay
		}
		if rel, ok := l.b.storyFile(l.e, target); ok {
			l.files = append(l.files, rel)
			return urlPath(l.e.sitePath(rel)) + frag
		}
	}
	return ""
}

func (l *entryLinks) image(dest string) string {
	kind, target := portfolio.ClassifyLink(dest)
	if kind != portfolio.LinkLocal || portfolio.MediaOf(target) != portfolio.Image {
		return "" // images never load from elsewhere
	}
	if rel, ok := l.b.storyFile(l.e, target); ok {
		l.files = append(l.files, rel)
		return urlPath(l.e.sitePath(rel))
	}
	return ""
}
