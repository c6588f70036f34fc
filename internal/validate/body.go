package validate

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"dll/internal/diag"
	"dll/internal/lang"
	"dll/internal/portfolio"
)

type markdownChecker struct {
	md goldmark.Markdown
}

func newMarkdownChecker() *markdownChecker {
	return &markdownChecker{md: portfolio.Markdown()}
}

// bodyCtx is one Markdown body being checked.
type bodyCtx struct {
	c        *checker
	e        *portfolio.Entry // nil for the philosophy statement
	d        *diag.List
	todo     diag.Severity
	file     string
	dir      string // where relative links point from
	src      []byte
	first    int   // the file line of the body's first line
	indent   int   // columns each body line is indented by in the file
	starts   []int // byte offset where each body line starts
	headings []heading
	buf      []byte   // room for inlineText
	doc      ast.Node // the parsed text; nil if reading it failed
	files    []storyFile
	frags    []fragLink // links to a heading, checked once all headings are known
	fault    bool       // reading the text failed; what was found is not all there is
}

// storyFile is a file of the portfolio that the text shows or links to,
// and so publishes.
type storyFile struct {
	full string // its portfolio path
	at   diag.Pos
}

type heading struct {
	level int
	text  string // lowercase words only (lang.Words)
	raw   string // as its id is made from
	line  int
}

func (x *entryCtx) body() {
	if x.e.Src.BodyFolded || x.e.Src.BodyUnreadable {
		return // reported by the loader: its lines do not match the file's, or it is not text
	}
	indent := int(x.e.Src.BodyIndent)
	b := x.checkMarkdown(x.e, x.file, x.e.Src.Dir, x.e.Body, int(x.e.Src.BodyLine), indent, diag.Error, x.d)
	x.story = b
	b.markdownChars("body")
	if x.e.Status != "completed" || b.fault {
		return
	}
	// The headings are recognised in the entry's language, as its
	// catalogue writes them, and in English.
	words := x.words()
	is := func(h heading, section string) bool { return words.IsHeading(section, h.text) }
	big := -1
	for i, h := range b.headings {
		if is(h, "big_think") {
			big = i
			break
		}
	}
	if big < 0 {
		if other := x.otherLanguage(b.headings); other != "" {
			x.d.Errorf(b.start(), "body", "big-think", "a completed entry needs its Big Think, and this one's headings are in %s (%s): if the entry is written in it, add \"language: %s\" to its front matter; else add a heading \"## %s\" with \"### %s\" and \"### %s\" under it",
				x.checker.words(other).Name(), other, other, words.Heading("big_think"), words.Heading("so_what"), words.Heading("what_next"))
			return
		}
		x.d.Errorf(b.start(), "body", "big-think", "a completed entry needs its Big Think: add a heading \"## %s\" with \"### %s\" and \"### %s\" under it",
			words.Heading("big_think"), words.Heading("so_what"), words.Heading("what_next"))
		return
	}
	for _, want := range []string{"so_what", "what_next"} {
		found := false
		for _, h := range b.headings[big+1:] {
			if h.level <= b.headings[big].level {
				break
			}
			found = found || is(h, want)
		}
		if !found {
			pos := diag.Pos{File: x.file, Line: b.headings[big].line, Col: 1 + indent}
			x.d.Errorf(pos, "body", "big-think", "the Big Think needs a heading \"%s %s\" under it", strings.Repeat("#", b.headings[big].level+1), words.Heading(want))
		}
	}
}

// otherLanguage is the language, of those dll speaks, whose Big Think a
// story has, when the entry is not said to be in it: an entry in Spanish
// whose front matter does not say so. "" when there is none.
func (x *entryCtx) otherLanguage(headings []heading) string {
	for _, tag := range lang.Builtin() {
		words := x.checker.words(tag)
		for _, h := range headings {
			if words.IsHeading("big_think", h.text) {
				return tag
			}
		}
	}
	return ""
}

// checkMarkdown checks a Markdown text: images, links and raw HTML. It
// returns what it found for rules that need more.
// indent is how many columns each line of body is indented by in the file.
//
// todo is the severity of a TODO paragraph: an error in an entry, which
// must not be published unfinished, and a warning in the philosophy
// statement, which may be written last.
//
// Every story, YAML body: and page is read here, so this is where a fault in
// reading Markdown (in goldmark or in the rules below) is caught: it becomes
// an error at the start of the text, the build stops rather than publish
// what could not be checked, and the other files are still checked.
func (c *checker) checkMarkdown(e *portfolio.Entry, file, dir, body string, firstLine, indent int, todo diag.Severity, d *diag.List) (b *bodyCtx) {
	// The text is read in place, not copied: goldmark and the rules below
	// only read it, and so does the page made from the same reading.
	src := unsafe.Slice(unsafe.StringData(body), len(body))
	b = &bodyCtx{c: c, e: e, d: d, todo: todo, file: file, dir: dir, src: src, first: firstLine, indent: indent}
	if body == "" {
		return b
	}
	defer func() {
		if r := recover(); r != nil {
			b.fault, b.doc = true, nil // the other rules leave what could not be read
			d.Errorf(b.start(), "body", "internal", "dll could not read this text because of a fault in dll itself (%v); please report it", r)
		}
	}()
	b.starts = make([]int, 1, bytes.Count(b.src, []byte("\n"))+1)
	for i, ch := range b.src {
		if ch == '\n' {
			b.starts = append(b.starts, i+1)
		}
	}
	doc := c.md.md.Parser().Parse(text.NewReader(b.src))
	b.doc = doc
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Paragraph, *ast.TextBlock, *east.TableCell: // a TextBlock is the text of a tight list's item
			if text := b.peekText(n); portfolio.IsPlaceholder(text) || strings.Contains(text, "TODO:") {
				b.d.Add(b.pos(n), "body", b.todo, "placeholder", "still to write: replace the TODO here with your own words")
			}
		case *ast.Heading:
			b.outline(n)
			raw := b.inlineText(n)
			if portfolio.IsPlaceholder(raw) || strings.Contains(raw, "TODO:") {
				b.d.Add(b.pos(n), "body", b.todo, "placeholder", "still to write: replace the TODO here with your own words")
			}
			b.headings = append(b.headings, heading{level: n.Level, text: lang.Words(raw), raw: raw, line: b.line(n)})
		case *ast.Image:
			b.image(n)
			return ast.WalkSkipChildren, nil
		case *ast.Link:
			b.linkText(n)
			b.link(n, string(n.Destination))
		case *ast.HTMLBlock:
			b.rawHTML(n, n.HTMLBlockType == ast.HTMLBlockType2)
		case *ast.RawHTML:
			b.rawHTML(n, isComment(n, b.src))
		}
		return ast.WalkContinue, nil
	})
	b.checkFragments()
	return b
}

// offset returns the byte offset in the body where n starts: the [ of a
// link, the ! of an image, the < of raw HTML, the first character of a
// paragraph or a heading's text. Goldmark records where every inline node
// starts (Pos); a block's place is its first line, which only a block has:
// Lines on an inline node panics.
func (b *bodyCtx) offset(n ast.Node) int {
	for m := n; m != nil; m = m.Parent() {
		off := -1
		switch t := m.(type) {
		case *ast.Text:
			off = t.Segment.Start
		case *ast.RawHTML:
			if t.Segments.Len() > 0 {
				off = t.Segments.At(0).Start
			}
		default:
			if m.Type() == ast.TypeBlock && m.Lines().Len() > 0 {
				off = m.Lines().At(0).Start
			} else {
				off = m.Pos()
			}
		}
		if _, ok := m.(*ast.Image); ok && off > 0 && b.src[min(off, len(b.src))-1] == '!' {
			off-- // goldmark's image starts at its [
		}
		if off >= 0 {
			return min(off, len(b.src))
		}
	}
	return 0
}

// start is where the text starts, for a problem with the text as a whole.
func (b *bodyCtx) start() diag.Pos {
	if b.e != nil {
		return b.e.BodyStart()
	}
	return portfolio.StoryStart(b.file, string(b.src), b.first, b.indent)
}

// reflowed reports whether the text's lines are not the file's (see
// portfolio.Source.BodyReflowed): each problem in it is then reported where
// it starts.
func (b *bodyCtx) reflowed() bool { return b.e != nil && b.e.Src.BodyReflowed }

func (b *bodyCtx) pos(n ast.Node) diag.Pos {
	return b.posAt(b.offset(n))
}

// posAt is the file position of the byte at offset off of the text.
func (b *bodyCtx) posAt(off int) diag.Pos {
	if b.reflowed() {
		return diag.Pos{File: b.file, Line: b.first, Col: 1 + b.indent}
	}
	off = min(off, len(b.src))
	i := sort.Search(len(b.starts), func(i int) bool { return b.starts[i] > off }) - 1
	i = max(i, 0)
	col := utf8.RuneCount(b.src[b.starts[i]:off]) + 1
	return diag.Pos{File: b.file, Line: b.first + i, Col: col + b.indent}
}

func (b *bodyCtx) line(n ast.Node) int { return b.pos(n).Line }

// inlineText returns the text of n's inline content.
func (b *bodyCtx) inlineText(n ast.Node) string {
	b.gather(n)
	return string(b.buf)
}

// peekText is inlineText without a copy, for a look that keeps nothing of
// the text: the string it returns is the body's buffer, which the next
// call that gathers text writes over.
func (b *bodyCtx) peekText(n ast.Node) string {
	b.gather(n)
	return unsafe.String(unsafe.SliceData(b.buf), len(b.buf))
}

// gather puts the text of n's inline content in b.buf, a buffer kept for
// the whole body.
func (b *bodyCtx) gather(n ast.Node) {
	b.buf = b.buf[:0]
	_ = ast.Walk(n, func(m ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch t := m.(type) {
			case *ast.Text:
				b.buf = append(b.buf, t.Segment.Value(b.src)...)
				if t.SoftLineBreak() {
					b.buf = append(b.buf, ' ')
				}
			case *ast.String:
				b.buf = append(b.buf, t.Value...)
			}
		}
		return ast.WalkContinue, nil
	})
}

func (b *bodyCtx) image(n *ast.Image) {
	dest := string(n.Destination)
	at := b.pos(n)
	if msg := altProblem(b.inlineText(n), dest); msg != "" {
		b.d.Errorf(at, "body", "alt-text", "image %s: %s", portfolio.Quote(dest), msg)
	}
	switch kind, target := portfolio.ClassifyLink(dest); kind {
	case portfolio.LinkExternal:
		b.d.Errorf(at, "body", "remote-image", "the image %s would be loaded from another website, which tells that site who reads your portfolio; save the image in the entry's folder and link the file", portfolio.Quote(dest))
	case portfolio.LinkUnsafe:
		b.d.Errorf(at, "body", "link", "the image address %s is not allowed; use a file in the entry's folder", portfolio.Quote(dest))
	case portfolio.LinkLocal:
		if b.e == nil {
			b.d.Warnf(at, "body", "page-image", "the image %s is left out of the site: this page shows no pictures from the portfolio; put the picture in an entry's story instead", portfolio.Quote(dest))
			return
		}
		if full, info, err := b.c.p.Resolve(b.dir, target); err != nil {
			b.d.Errorf(at, "body", "link", "image: %s", err)
		} else if msg := foreignFile(b.c.p, b.e, full); msg != "" {
			b.d.Errorf(at, "body", "link", "image: %s", msg)
		} else if rule, msg := publishProblem(b.c.p.FS, full, info); msg != "" {
			b.d.Errorf(at, "body", rule, "image %s: %s", portfolio.Quote(dest), msg)
		} else {
			b.files = append(b.files, storyFile{full, at})
		}
	case portfolio.LinkEmpty, portfolio.LinkFragment:
		b.d.Errorf(at, "body", "link", "the image has no file; write ![what it shows](file.jpg)")
	}
}

func (b *bodyCtx) link(n ast.Node, dest string) {
	b.fragment(n, dest)
	at := b.pos(n)
	switch kind, target := portfolio.ClassifyLink(dest); kind {
	case portfolio.LinkEmpty:
		b.d.Errorf(at, "body", "link", "this link goes nowhere; put the address in the brackets: [text](https://...)")
	case portfolio.LinkUnsafe:
		b.d.Errorf(at, "body", "link", "the link %s is not allowed; links start with https://, http:// or mailto:, or name a file in the entry's folder", portfolio.Quote(dest))
	case portfolio.LinkLocal:
		if other := b.c.p.LinkedEntry(b.e, target); other != nil {
			b.entryLink(at, other)
			return
		}
		if portfolio.LooksLikeEntryLink(target) {
			if _, err := fs.Stat(b.c.p.FS, path.Join(b.dir, target)); err != nil {
				b.noEntry(at, target)
				return
			}
		}
		if b.e == nil {
			b.d.Warnf(at, "body", "page-link", "the link to %s is left out of the site: this page can link to your entries (like experiences/book-tasting/index.md) and to web addresses, not to other files", portfolio.Quote(dest))
			return
		}
		if full, info, err := b.c.p.Resolve(b.dir, target); err != nil {
			b.d.Errorf(at, "body", "link", "this link goes nowhere: %s", err)
		} else if msg := foreignFile(b.c.p, b.e, full); msg != "" {
			b.d.Errorf(at, "body", "link", "%s", msg)
		} else if rule, msg := publishProblem(b.c.p.FS, full, info); msg != "" {
			b.d.Errorf(at, "body", rule, "the file %s: %s", portfolio.Quote(dest), msg)
		} else {
			b.files = append(b.files, storyFile{full, at})
		}
	}
}

// outline checks that a heading keeps the page's outline whole, which
// screen readers use to move through a page: a story's sections start at
// ## under the entry's title (a page of the portfolio's own has one # at
// most), and no level is skipped on the way down (## then ####).
func (b *bodyCtx) outline(n *ast.Heading) {
	if n.Level == 1 {
		if b.e != nil {
			b.d.Warnf(b.pos(n), "body", "heading-outline", "a top-level heading (#) in the story stands level with the page's title, the entry's title; use ## for the story's sections")
			return
		}
		for _, h := range b.headings {
			if h.level == 1 {
				b.d.Warnf(b.pos(n), "body", "heading-outline", "a second top-level heading (#) splits the page in two; use ## for its sections")
				return
			}
		}
	}
	prev := 1 // the page's title
	if len(b.headings) > 0 {
		prev = b.headings[len(b.headings)-1].level
	}
	if n.Level > prev+1 {
		b.d.Warnf(b.pos(n), "body", "heading-outline", "this heading jumps from %s to %s, leaving a gap in the page's outline; use %s", strings.Repeat("#", prev), strings.Repeat("#", n.Level), strings.Repeat("#", prev+1))
	}
}

// vagueLinkText are link words that say nothing of where a link leads.
var vagueLinkText = map[string]bool{
	"click here": true, "here": true, "click": true, "link": true, "this link": true, "this": true,
	"read more": true, "more": true, "learn more": true, "go": true, "see here": true, "click this link": true,
}

// linkText checks that a link's words say where it leads: a reader using
// a screen reader often hears only the links of a page.
func (b *bodyCtx) linkText(n *ast.Link) {
	if kind, _ := portfolio.ClassifyLink(string(n.Destination)); kind == portfolio.LinkEmpty || n.FirstChild() != nil && hasImage(n) {
		return // a link to nothing is an error of its own; a picture that links speaks with its description
	}
	t := lang.Words(b.peekText(n))
	switch {
	case t == "":
		b.d.Warnf(b.pos(n), "body", "link-text", "this link has no words, so readers cannot see or hear it; write where it leads between the brackets, like [the rubric](rubric.pdf)")
	case vagueLinkText[t]:
		b.d.Warnf(b.pos(n), "body", "link-text", "a link that says only %s does not tell a reader where it leads; use the words of what it opens, like [the rubric](rubric.pdf)", portfolio.Quote(b.inlineText(n)))
	}
}

func hasImage(n ast.Node) bool {
	found := false
	_ = ast.Walk(n, func(m ast.Node, entering bool) (ast.WalkStatus, error) {
		if _, ok := m.(*ast.Image); ok {
			found = true
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return found
}

// entryLink checks a link to another entry: a published entry's link to
// one that is not published shows as plain text.
//
// While Stream reads the entries, it asks about the other entry once
// every entry is read (see checker.links).
func (b *bodyCtx) entryLink(at diag.Pos, other *portfolio.Entry) {
	c, from := b.c, b.e
	if !c.oneReading {
		c.entryLink(b.d, at, from, other)
		return
	}
	if from != nil && !c.p.Published(from) {
		return // an entry not published may link to any other
	}
	// A story has links by the dozen and a portfolio stories by the
	// thousand: each link waits as a few words, not as a function that
	// holds them.
	c.mu.Lock()
	c.links = append(c.links, laterLink{file: at.File, line: int32(at.Line), col: int32(at.Col), from: from, other: other})
	c.mu.Unlock()
}

// laterLink is a link from the story of from, at file, line and col, to
// the entry other, waiting for every entry to be read (see entryLink).
type laterLink struct {
	file        string
	line, col   int32
	from, other *portfolio.Entry
}

// entryLink checks a link at at in the story of from (nil for a page of
// the portfolio, such as philosophy.md) to the entry other.
func (c *checker) entryLink(d *diag.List, at diag.Pos, from, other *portfolio.Entry) {
	p := c.p
	if p.Published(other) || from != nil && !p.Published(from) {
		return
	}
	why, fix := "a draft", "remove draft: true from it once it is ready"
	switch {
	case p.Visibility(other) == "private":
		why, fix = "private", "set visibility: public in it if it may be shown"
	case !other.Src.Parsed:
		why, fix = "an entry dll cannot read yet", "fix that entry"
	case !other.Draft && other.Status == "planned":
		why, fix = "only planned", "set its status to in-progress or completed once you have written it"
	}
	d.Warnf(at, "body", "link-unpublished", "the link goes to %s, which is %s and not published, so the site shows the link's words without a link; %s, or take the link out", other.Src.File, why, fix)
}

// noEntry reports a link meant for an entry (a page address, or an
// entry's file) that names none, with the nearest entry's address.
func (b *bodyCtx) noEntry(at diag.Pos, target string) {
	name := strings.TrimSuffix(strings.TrimSuffix(path.Base(strings.TrimSuffix(strings.TrimSuffix(target, "/index.html"), "/")), path.Ext(target)), "/")
	msg := fmt.Sprintf("the link %s goes to no entry and no file", portfolio.Quote(target))
	if near := b.c.slugs().Suggest(name); near != "" {
		addr := "../" + near + "/"
		if b.e == nil {
			addr = portfolio.ExperiencesDir + "/" + near + "/"
		}
		msg += fmt.Sprintf("; did you mean %s? Link to an entry by its page, like %s", portfolio.Quote(addr), addr)
	} else {
		msg += "; link to an entry by its page, like ../book-tasting/, or check the file's name"
	}
	b.d.Errorf(at, "body", "link", "%s", msg)
}

func (b *bodyCtx) rawHTML(n ast.Node, comment bool) {
	if comment {
		b.d.Warnf(b.pos(n), "body", "html-comment", "an HTML comment is left out of the published page (notes to yourself are never published); delete it to silence this warning")
		return
	}
	b.d.Warnf(b.pos(n), "body", "raw-html", "raw HTML is left out of the published page; write it in Markdown instead")
}

func isComment(n *ast.RawHTML, src []byte) bool {
	if n.Segments.Len() == 0 {
		return false
	}
	seg := n.Segments.At(0)
	return bytes.HasPrefix(seg.Value(src), []byte("<!--"))
}

// foreignFile says why a file may not be published with entry e (nil for
// the philosophy statement), or "" when it may: it belongs to another
// entry, or it is an entry's source (see portfolio.OwnerOf).
func foreignFile(p *portfolio.Portfolio, e *portfolio.Entry, full string) string {
	switch owner := p.OwnerOf(e, full); {
	case owner == nil:
		return ""
	case owner.Src.File == full:
		return fmt.Sprintf("%s is the text of an entry, which is never published as a file; name one of this entry's own files instead, or link to that entry from the story", portfolio.Quote(full))
	default:
		return fmt.Sprintf("%s belongs to the entry %s and is never published with this one; put a copy in this entry's own folder", portfolio.Quote(full), owner.Src.File)
	}
}
