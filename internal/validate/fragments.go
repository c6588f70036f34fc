package validate

import (
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"dll/internal/diag"
	"dll/internal/portfolio"
)

// A link may lead to a heading of a story: #what-we-did in the same story,
// or ../glider/index.md#what-we-did in another entry's. The site gives each
// heading its id (portfolio.HeadingIDs); a link to an id no heading has
// still opens the page, at its top, so it is a warning, with the id the
// author most likely meant.

// fragLink is a link to a place in a page.
type fragLink struct {
	at   diag.Pos
	frag string // the id, decoded
	to   string // the file, in the portfolio, of the entry whose page it leads to; "" for this text
}

// fragment notes a link with a #fragment that leads into this text or to
// another entry's page. A fragment of a link to a file (a PDF's #page=2)
// is the file's business.
func (b *bodyCtx) fragment(n ast.Node, dest string) {
	i := strings.IndexByte(dest, '#')
	if i < 0 || b.file == portfolio.SettingsFile {
		return // the bio has no headings of its own on the home page
	}
	frag := dest[i+1:]
	if f, err := url.PathUnescape(frag); err == nil {
		frag = f
	}
	if frag == "" {
		return // the top of the page
	}
	kind, target := portfolio.ClassifyLink(dest)
	switch kind {
	case portfolio.LinkFragment:
		b.frags = append(b.frags, fragLink{at: b.pos(n), frag: frag})
	case portfolio.LinkLocal:
		// Whether it leads to an entry is asked once every entry is
		// read (see checkFragments).
		b.frags = append(b.frags, fragLink{at: b.pos(n), frag: frag, to: path.Join(b.dir, target)})
	}
}

// fragTarget returns the entry whose page a link to the file joined (a
// path in the portfolio) leads to: the entry's file, or its folder's;
// nil when it leads to no entry dll could read.
func (c *checker) fragTarget(joined string) *portfolio.Entry {
	for _, f := range []string{joined, path.Join(joined, portfolio.IndexFile)} {
		for _, e := range c.p.EntriesOf(f) {
			if e.Src.File == f && e.Src.Parsed {
				return e
			}
		}
	}
	return nil
}

// checkFragments warns of each link to a heading that no heading of its
// page has. Links to another entry's page are checked once every entry is
// read (see afterAll).
func (b *bodyCtx) checkFragments() {
	if len(b.frags) == 0 || b.fault {
		return
	}
	texts := make([]string, len(b.headings))
	for i, h := range b.headings {
		texts[i] = h.raw
	}
	own := portfolio.HeadingIDs(b.c.m, texts)
	page, where, self := b.e != nil, "this text", ""
	if b.e != nil {
		where, self = "this story", b.e.Src.File
	}
	c := b.c
	for _, f := range b.frags {
		if f.to == "" {
			fragProblem(b.d, c.m, f, own, page, where)
			continue
		}
		c.afterAll(b.d, func(d *diag.List) {
			target := c.fragTarget(f.to)
			switch {
			case target == nil:
			case target.Src.File == self:
				fragProblem(d, c.m, f, own, true, "this story")
			default:
				fragProblem(d, c.m, f, c.storyIDs(target), true, target.Src.File)
			}
		})
	}
}

// fragProblem warns of the link f when no heading of its page has its id:
// ids are the ids of the page's headings, page tells whether it is a page
// of the site (whose own ids, such as #main, it may also lead to), and
// where names the text it leads into.
func fragProblem(d *diag.List, m *portfolio.Model, f fragLink, ids []string, page bool, where string) {
	if slices.Contains(ids, f.frag) || page && portfolio.PageID(m, f.frag) || !page && f.frag == "main" {
		return
	}
	msg := "the link leads to #" + f.frag + ", which no heading of " + where + " has"
	switch near := portfolio.Suggest(f.frag, ids); {
	case near != "":
		msg += "; did you mean #" + near + "?"
	case len(ids) == 0:
		msg += ": it has no headings"
	default:
		msg += "; its headings are #" + strings.Join(ids[:min(len(ids), 10)], ", #")
	}
	d.Warnf(f.at, "body", "link-fragment", "%s", msg)
}

// storyIDs returns the ids the site gives the headings of e's story,
// reading it once however many links lead to it.
func (c *checker) storyIDs(e *portfolio.Entry) []string {
	if ids, ok := c.ids.Load(e); ok {
		return ids.([]string)
	}
	src := []byte(e.Body)
	if e.IsSlim() {
		// Its story was let go once it was checked: read it again.
		if full, _, _ := c.p.ReadEntry(e); full != nil {
			src = []byte(full.Body)
		}
	}
	var texts []string
	func() {
		defer func() { recover() }() // a fault in reading is reported with the story itself
		doc := c.md.md.Parser().Parse(text.NewReader(src))
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if h, ok := n.(*ast.Heading); ok && entering {
				texts = append(texts, portfolio.HeadingText(h, src))
				return ast.WalkSkipChildren, nil
			}
			return ast.WalkContinue, nil
		})
	}()
	ids := portfolio.HeadingIDs(c.m, texts)
	c.ids.Store(e, ids)
	return ids
}
