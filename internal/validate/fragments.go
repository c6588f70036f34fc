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
	at     diag.Pos
	frag   string           // the id, decoded
	target *portfolio.Entry // the entry whose page it leads to; nil for this text
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
		joined := path.Join(b.dir, target)
		for _, f := range []string{joined, path.Join(joined, portfolio.IndexFile)} {
			for _, e := range b.c.p.EntriesOf(f) {
				if e.Src.File == f && e.Src.Parsed {
					b.frags = append(b.frags, fragLink{at: b.pos(n), frag: frag, target: e})
					return
				}
			}
		}
	}
}

// checkFragments warns of each link to a heading that no heading of its
// page has.
func (b *bodyCtx) checkFragments() {
	if len(b.frags) == 0 || b.fault {
		return
	}
	texts := make([]string, len(b.headings))
	for i, h := range b.headings {
		texts[i] = h.raw
	}
	own := portfolio.HeadingIDs(b.c.m, texts)
	for _, f := range b.frags {
		ids, page, where := own, b.e != nil, "this text"
		if b.e != nil {
			where = "this story"
		}
		if f.target != nil {
			ids, page, where = b.c.storyIDs(f.target), true, f.target.Src.File
			if f.target == b.e {
				ids, where = own, "this story"
			}
		}
		if slices.Contains(ids, f.frag) || page && portfolio.PageID(b.c.m, f.frag) || !page && f.frag == "main" {
			continue
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
		b.d.Warnf(f.at, "body", "link-fragment", "%s", msg)
	}
}

// storyIDs returns the ids the site gives the headings of e's story,
// reading it once however many links lead to it.
func (c *checker) storyIDs(e *portfolio.Entry) []string {
	if ids, ok := c.ids.Load(e); ok {
		return ids.([]string)
	}
	src := []byte(e.Body)
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
