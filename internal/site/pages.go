package site

import (
	"bytes"
	"fmt"
	"html"
	"html/template"
	"io"
	"path"
	"strings"
	"sync"

	"dll/internal/media"
	"dll/internal/portfolio"
)

// page is what a template gets. Its wording (titles, headings,
// descriptions) is the templates' own; pages give them only the facts.
type page struct {
	Site    *siteView
	Path    string // the page's site path, such as experiences/x/index.html
	Root    string // the way from the page to the site's root, such as ../../
	Section string // which navigation item is current
	// Kind names the page for the templates, where its title and
	// description are worded: home, experiences, timeline, tag, ...
	Kind string

	Entry    *entryView
	Evidence []evidenceView
	Item     *evidenceView // the evidence an evidence page shows
	Body     template.HTML
	// story is an experience page's story, in HTML: the page written in
	// Go writes it from here, and templates get it as Body (see
	// storyBody), so that it is not copied for a page that does not use
	// them.
	story    []byte
	Entries  []*entryView
	Featured []featureView
	Groups   []group
	Type     *typeView
	Fw       *frameworkView
	Tag      *tagView
	History  *History
	Todo     []string // what an unfinished entry has still to do, in a preview
	Changes  []changeView
	Matrix   *matrix // types by phases
	Areas    *matrix // types by expertise
	Shows    *shows  // what the portfolio demonstrates, in words
	Criteria *criteriaView
	Pager    *pager // where the page stands in a list of many pages; nil for a list of one
	// All is, on the summary, how many experiences there are when it
	// lists only the latest of them; 0 when it lists them all.
	All int

	b *builder
}

// pager places a page among the pages of one long list (see paged).
type pager struct {
	Number, Count int    // this page, from 1, and how many there are
	Prev, Next    string // the site paths of the pages before and after; "" at either end
	// PrevNumber and NextNumber are the numbers of those pages.
	PrevNumber, NextNumber int
	Total                  int // the entries of the whole list
}

// Total is how many entries the list the page shows has, over all its
// pages.
func (pg *page) Total() int {
	if pg.Pager != nil && pg.Pager.Total > 0 {
		return pg.Pager.Total
	}
	return len(pg.Entries)
}

// group is a heading with entries under it.
type group struct {
	ID, Label string
	Entries   []*entryView
	// Start is the number of the group's first entry when the group
	// goes on from the page before (a year of the timeline over two
	// pages), so that its list counts on; 0 when it starts here.
	Start int
}

func (b *builder) page(sitePath, kind, section string) *page {
	root := rootOf(sitePath)
	if sitePath == "404.html" && b.site.BaseURL != "" {
		// The 404 page is served at any address: its links start from the
		// site's own path.
		root = basePath(b.site.BaseURL)
	}
	return &page{Site: b.site, Path: sitePath, Root: root, Kind: kind, Section: section, b: b}
}

// rel is the way from the page to a site path, escaped for an address:
// short for a file in the page's own folder.
func (pg *page) rel(sitePath string) string {
	if dir := path.Dir(pg.Path) + "/"; dir != "./" && strings.HasPrefix(sitePath, dir) {
		return urlPath(sitePath[len(dir):])
	}
	return urlPath(pg.Root + sitePath)
}

// Heading, Title and Description give templates written for earlier
// versions of dll (a portfolio's own, in templates/) the words they read
// from fields of the page: now worded once, in base.html.
func (pg *page) Heading() (string, error) { return pg.words("heading") }
func (pg *page) Title() (string, error)   { return pg.words("heading") }
func (pg *page) Description() (string, error) {
	return pg.words("description")
}

func (pg *page) words(name string) (string, error) {
	var b strings.Builder
	if err := pg.b.tpl.pages["list.html"].ExecuteTemplate(&b, name, pg); err != nil {
		return "", err
	}
	return html.UnescapeString(b.String()), nil
}

// URL is the page's full address, with a base_url; "" without.
func (pg *page) URL() string {
	if pg.Site.BaseURL == "" || pg.Path == "404.html" {
		return ""
	}
	return pg.b.abs(strings.TrimSuffix(pg.Path, "index.html"))
}

// Address is the page's address as a printed page shows it: its full
// address with a base_url, its path in the site without one.
func (pg *page) Address() string { return pg.b.address(pg.Path) }

// execute renders the template name for pg and writes it at pg.Path.
func (b *builder) execute(name string, pg *page) error {
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer putPageBuffer(buf)
	var err error
	if name == "entry.html" && b.tpl.entryInGo {
		err = b.entryPageInGo(buf, pg)
	} else {
		pg.storyBody()
		err = b.tpl.execute(buf, name, pg)
	}
	if err != nil {
		return err
	}
	if err := b.writeFile(pg.Path, buf.Bytes()); err != nil {
		return err
	}
	b.mu.Lock()
	b.sum.Pages++
	if pg.Entry != nil && pg.Item == nil {
		b.sum.Entries++
		if pg.Entry.Draft {
			b.sum.Drafts++
		}
	}
	b.mu.Unlock()
	return nil
}

// pageBuffers keeps the buffers pages are made in, so that each page is
// not made again in a buffer that grows from nothing. Writers copy what
// they are given (see writer): a buffer is free once its page is written.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putPageBuffer gives buf back to pageBuffers, unless a very long page
// made it too large to keep.
func putPageBuffer(buf *bytes.Buffer) {
	if buf.Cap() > 1<<20 {
		return
	}
	buf.Reset()
	pageBuffers.Put(buf)
}

func (b *builder) writeFile(name string, data []byte) error {
	f, err := b.w.create(name)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// copyFile publishes a file of the portfolio at a site path, through the
// one table of formats (media): cleaned of location, camera, author and
// comments, published as it is (plain text), or refused. dll validate
// reports every file this would refuse, so a refusal here names the file
// and the fix.
func (b *builder) copyFile(src, dst string) error {
	b.mu.Lock()
	done := b.copied[dst]
	b.copied[dst] = true
	b.mu.Unlock()
	if done {
		return nil
	}
	in, err := b.p.FS.Open(src)
	if err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	defer in.Close()
	info, err := in.Stat()
	if err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	var r io.ReaderAt
	if ra, ok := in.(io.ReaderAt); ok {
		r = ra
	} else {
		data, err := io.ReadAll(in)
		if err != nil {
			return fmt.Errorf("%s: %w", src, err)
		}
		r = bytes.NewReader(data)
	}
	out, err := b.w.create(dst)
	if err != nil {
		return err
	}
	cw := &countWriter{w: out}
	removed, err := media.CleanTo(cw, src, r, info.Size()) // writes nothing when it refuses
	if err != nil {
		out.Close()
		return fmt.Errorf("%s: %w", src, err)
	}
	if err := out.Close(); err != nil {
		return err
	}
	b.mu.Lock()
	if len(removed) > 0 {
		b.sum.Stripped = append(b.sum.Stripped, src)
	}
	b.sum.Files++
	b.sum.Bytes += cw.n
	b.mu.Unlock()
	return nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func readAll(p *portfolio.Portfolio, name string) ([]byte, error) {
	f, err := p.FS.Open(name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	defer f.Close()
	return io.ReadAll(f)
}

// safeHTML marks HTML that goldmark made in safe mode, with raw HTML and
// unsafe links removed, as trusted by html/template.
// storyBody gives templates the story of an experience page as Body.
func (pg *page) storyBody() {
	if pg.story != nil {
		pg.Body = safeHTML(pg.story)
	}
}

func safeHTML(b []byte) template.HTML { return template.HTML(b) } //nolint:gosec // see markdown.go
