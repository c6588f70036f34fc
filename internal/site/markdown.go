package site

import (
	"bytes"
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"dll/internal/lang"
	"dll/internal/portfolio"
)

// markdown renders the Markdown of entries and pages. It reads Markdown
// exactly as dll validate does (portfolio.Markdown), and on top of goldmark's
// safe mode it leaves raw HTML and HTML comments out altogether (not even
// goldmark's "raw HTML omitted" note reaches the page), keeps only links that
// are safe, and never lets an image load from another site.
type markdown struct {
	md goldmark.Markdown
	// model names the parts of an entry's page, whose ids a heading of
	// the story never takes.
	model *portfolio.Model
}

// newMarkdown makes the renderer of stories; m gives headings their ids,
// and tableLabel names a table's scrolling box for screen readers, in the
// site's language.
func newMarkdown(m *portfolio.Model, tableLabel string) *markdown {
	md := portfolio.Markdown()
	md.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(dropHTML{}, 10), util.Prioritized(newScrollTables(tableLabel), 10)))
	return &markdown{md: md, model: m}
}

// scrollTables puts every table of a story in a box of its own that
// scrolls sideways, so a wide table never makes the whole page do so on a
// phone. Keyboard users scroll the box once it has the focus.
type scrollTables struct {
	table renderer.NodeRendererFunc // goldmark's own
	label string
}

func newScrollTables(label string) *scrollTables {
	t := &scrollTables{label: label}
	extension.NewTableHTMLRenderer().RegisterFuncs(registerFunc(func(k ast.NodeKind, f renderer.NodeRendererFunc) {
		if k == east.KindTable {
			t.table = f
		}
	}))
	return t
}

type registerFunc func(ast.NodeKind, renderer.NodeRendererFunc)

func (r registerFunc) Register(k ast.NodeKind, f renderer.NodeRendererFunc) { r(k, f) }

func (t *scrollTables) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(east.KindTable, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			w.WriteString(`<div class="table-scroll" role="region" aria-label="` + lang.EscapeHTML(t.label) + `" tabindex="0">` + "\n")
		}
		status, err := t.table(w, src, n, entering)
		if !entering {
			w.WriteString("</div>\n")
		}
		return status, err
	})
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
// dropTODO is set. With top above 0, the text is a page's own (a story, the
// philosophy statement, a quoted statement): headings move up or down so
// that the highest is of level top, and none is more than one level below
// the one before it, so the page's outline never skips a level whatever
// levels the author used; each gets its id (portfolio.HeadingIDs), for
// links to lead to.
//
// Every story and page is rendered here, so this is where a fault in
// goldmark or in the rewriting below is caught: it becomes an error, which
// the caller names the file of, and the build stops with the previous site
// as it was.
//
// The story may come read already (Story.Doc), by dll validate's rules in
// the same pass: the document is then changed as it is rendered, and
// cannot be rendered again.
func (m *markdown) render(story *portfolio.Story, l linker, dropTODO bool, top int) ([]byte, error) {
	var buf bytes.Buffer
	if err := m.renderTo(&buf, story, l, dropTODO, top); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// renderTo is render writing the HTML at the end of buf, which it grows
// once to about the HTML's length; on an error buf holds part of it.
func (m *markdown) renderTo(buf *bytes.Buffer, story *portfolio.Story, l linker, dropTODO bool, top int) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("dll could not make this text into a page because of a fault in dll itself (%v); please report it", r)
		}
	}()
	src, doc := story.Src, story.Doc
	if doc == nil {
		doc = m.md.Parser().Parse(text.NewReader(src))
	}
	var links []ast.Node
	var todo []ast.Node
	var headings []*ast.Heading
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link, *ast.Image, *ast.AutoLink:
			links = append(links, n)
		case *ast.Heading:
			headings = append(headings, n)
		case *ast.Paragraph, *ast.TextBlock: // a TextBlock is the text of a tight list's item
			if dropTODO && isTODO(n, src) {
				todo = append(todo, n)
				return ast.WalkSkipChildren, nil
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range todo {
		parent := n.Parent()
		parent.RemoveChild(parent, n)
		// A list item left empty goes, and a list left empty with it.
		for parent.ChildCount() == 0 && (parent.Kind() == ast.KindListItem || parent.Kind() == ast.KindList) {
			up := parent.Parent()
			up.RemoveChild(up, parent)
			parent = up
		}
	}
	if top > 0 && len(headings) > 0 {
		highest := 6
		texts := make([]string, len(headings))
		for i, h := range headings {
			highest = min(highest, h.Level)
			texts[i] = portfolio.HeadingText(h, src)
		}
		prev := top - 1
		for i, id := range portfolio.HeadingIDs(m.model, texts) {
			h := headings[i]
			h.Level = min(max(h.Level+top-highest, 1), 6, prev+1)
			prev = h.Level
			h.SetAttributeString("id", id)
		}
	}
	for _, n := range links {
		switch n := n.(type) {
		case *ast.Link:
			if dest := l.link(string(n.Destination)); dest != "" {
				n.Destination = []byte(dest)
				if a, ok := l.(addresser); ok {
					if addr := a.address(dest); addr != "" {
						n.SetAttributeString("data-print", addr)
					}
				}
			} else {
				unwrap(n)
			}
		case *ast.Image:
			if pl, ok := l.(pictureLinker); ok {
				if pl.picture(n) {
					continue
				}
			}
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
	// A story's HTML is a little longer than its Markdown: room for it
	// at once spares copying it as it grows.
	buf.Grow(len(src) + len(src)/4 + 512)
	return m.md.Renderer().Render(bufferWriter{buf}, src, doc)
}

// bufferWriter is a bytes.Buffer as goldmark's renderer writes to it
// (util.BufWriter): straight into the buffer, rather than through a
// bufio.Writer of its own for each text.
type bufferWriter struct{ *bytes.Buffer }

var _ util.BufWriter = bufferWriter{}

func (bufferWriter) Buffered() int { return 0 }
func (bufferWriter) Flush() error  { return nil }

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

// isTODO reports whether a paragraph or a list item's text is a
// placeholder still to write, the way dll validate finds one.
func isTODO(p ast.Node, src []byte) bool {
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
			return l.root + v.URL() + frag
		}
	}
	return ""
}

func (pageLinks) image(string) string { return "" }

// pictureLinker is a linker that shows local images in their web
// versions: it changes the image node itself, and reports whether it did.
type pictureLinker interface {
	picture(n *ast.Image) bool
}

// entryLinks is the linker of an entry's story: local files in the entry's
// folder are published beside the page, links to other entries go to their
// pages, external links stay, and nothing else survives.
type entryLinks struct {
	b     *builder
	e     *entryView
	files []string // local files to copy, as portfolio paths
	pics  []*picture
	// evidence is the entry's evidence by portfolio path: a picture of it
	// in the story takes its anchor, and links to its own page.
	evidence map[string]*evidenceView
	err      error
}

// picture shows a local image of the story in its web versions, sized so
// the page does not jump as it loads, and linked to a larger view.
func (l *entryLinks) picture(n *ast.Image) bool {
	kind, target := portfolio.ClassifyLink(string(n.Destination))
	if kind != portfolio.LinkLocal || portfolio.MediaOf(target) != portfolio.Image {
		return false
	}
	full, ok := l.b.storyFile(l.e, target) // only evidence whose consent lets it be shown
	if !ok {
		return false
	}
	dir := "experiences/" + l.e.Slug()
	pic, err := l.b.picture(full, path.Dir(dir+"/"+l.e.sitePath(full)), evidenceWidths)
	if err != nil {
		if l.err == nil {
			l.err = err
		}
		return false
	}
	l.pics = append(l.pics, pic)
	rel := func(p string) string { return urlPath(strings.TrimPrefix(p, dir+"/")) }
	n.Destination = []byte(rel(pic.Src()))
	var set strings.Builder
	for i, v := range pic.Versions {
		if i > 0 {
			set.WriteString(", ")
		}
		set.WriteString(rel(v.Path) + " " + strconv.Itoa(v.Width) + "w")
	}
	n.SetAttributeString("srcset", set.String())
	n.SetAttributeString("sizes", storySizes)
	if pic.Width > 0 {
		n.SetAttributeString("width", strconv.Itoa(pic.Width))
		n.SetAttributeString("height", strconv.Itoa(pic.Height))
	}
	n.SetAttributeString("loading", "lazy")
	n.SetAttributeString("decoding", "async")
	to := rel(pic.Widest())
	if ev := l.evidence[full]; ev != nil {
		if !ev.InStory {
			ev.InStory = true
			n.SetAttributeString("id", ev.ID)
		}
		if ev.Page != "" {
			to = rel(ev.Page)
		}
	}
	link := ast.NewLink()
	link.Destination = []byte(to)
	parent := n.Parent()
	parent.ReplaceChild(parent, n, link)
	link.AppendChild(link, n)
	return true
}

// addresser is a linker that says, for print, the full address of a link
// it made to a file of the site.
type addresser interface {
	address(dest string) string
}

// address is where a link of the story to a file of the site leads, as a
// printed page shows it.
func (l *entryLinks) address(dest string) string {
	if kind, _ := portfolio.ClassifyLink(dest); kind != portfolio.LinkLocal {
		return ""
	}
	p := path.Join("experiences/"+l.e.Slug(), dest)
	if strings.HasPrefix(p, "experiences/") {
		return l.b.address(strings.SplitN(p, "#", 2)[0])
	}
	return ""
}

// storySizes says how wide a picture of a story shows: the story column.
const storySizes = "(min-width: 47rem) 44rem, calc(100vw - 2rem)"

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
				return "../" + other.Slug() + "/index.html" + frag
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
