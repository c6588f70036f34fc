// Package site renders a checked portfolio as a static HTML site: a home
// page, a page per published experience, pages per type, framework and tag,
// a timeline, the philosophy statement, a feed, a sitemap and a
// machine-readable portfolio.json. Every link is relative, so the site works
// from disk, at a domain root and under a sub-path, and it loads nothing
// from other hosts.
//
// Render writes the pages through a writer as they are made; Build renders
// into a temporary folder beside the output and swaps it in only when every
// page was written, so a failed build leaves the previous site as it was.
package site

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/url"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"dll/internal/imaging"
	"dll/internal/lang"
	"dll/internal/portfolio"
	"dll/internal/progress"
)

// Options change what is rendered.
type Options struct {
	// Drafts includes draft and planned entries, each page with a banner
	// saying it is not published. Private entries are never included.
	Drafts bool
	// Todo is what each unfinished entry (by its file) has still to do
	// before it can be published, as lines to show on its page with
	// Drafts: the preview shows an unfinished entry with its problems.
	Todo map[string][]string
	// Held are entries (by file) left out of a preview because of their
	// errors, so that one entry being written never stops the others
	// from updating. dll build has none: an error stops it.
	Held map[string]bool
	// Version describes the portfolio's version, such as a short commit
	// and its date; the footer shows it when dll.yaml asks to show
	// revisions (site.show_revisions).
	Version string
	// Updated is when the portfolio last changed (its last commit); pages
	// say so. Zero leaves it out.
	Updated time.Time
	// ImageCache is a folder that keeps the web versions of pictures from
	// one build to the next; "" keeps them in memory for one build.
	ImageCache string
	// Workers is how many entries render at once; 0 means one per CPU.
	Workers int
	// History is what git knows of each entry, by the entry's file
	// (Source.File). Entries without one show no history.
	History map[string]*History
	// Snapshots are the portfolio's named snapshots, newest first, each
	// with the entries added or changed since; they make the changes page.
	Snapshots []Snapshot

	// keep keeps what each entry shows in every list, for a Live site to
	// use again after an edit.
	keep bool
	// images makes the web versions of pictures; a Live site keeps one.
	images *imaging.Maker
}

// History is how an entry evolved: its first and last commits, and every
// commit that touched it or its evidence, newest first.
type History struct {
	First, Last time.Time
	Revisions   []Revision
}

// Revision is one commit of an entry's history.
type Revision struct {
	Date    time.Time
	Message string // the commit's subject line
}

// Snapshot is a named state of the portfolio, such as "2026 appraisal".
type Snapshot struct {
	Name           string
	Date           time.Time
	Added, Changed []string // entry files (Source.File) added or changed since
}

// Summary says what a build wrote.
type Summary struct {
	Entries  int      // experience pages
	Drafts   int      // of which drafts
	Pages    int      // HTML pages in all
	Files    int      // evidence and photo files copied
	Bytes    int64    // bytes of the files copied
	Stripped []string // photos published without their location or camera details, as portfolio paths
	// Resized is how many web versions of pictures were made; Reused how
	// many were kept from an earlier build.
	Resized, Reused int
}

// writer receives the site's files. Names are slash paths inside the site.
type writer interface {
	create(name string) (io.WriteCloser, error)
}

// Render renders the portfolio's published entries (and drafts, with
// Options.Drafts) through w. The portfolio must have passed dll validate:
// Render trusts that files exist and values are in their vocabularies, and
// skips, rather than reports, anything that is not.
func render(ctx context.Context, p *portfolio.Portfolio, w writer, opts Options) (*builder, error) {
	tpl, err := loadTemplates(p.FS, lang.Load(p.FS, p.Settings.Language))
	if err != nil {
		return nil, err
	}
	b := newBuilder(p, w, opts, tpl, nil)
	if err := b.run(ctx, b.entries); err != nil {
		return nil, err
	}
	return b, nil
}

// run renders the pages of entries, and the pages that list them. Every
// entry must be read in full.
func (b *builder) run(ctx context.Context, entries []*entryView) error {
	defer b.counting()()
	if err := b.portrait(); err != nil {
		return err
	}
	if err := b.bio(); err != nil {
		return err
	}
	// The pages that list entries render while the entry pages do: they
	// share nothing the entry pages change. portfolio.json comes last,
	// from what each entry page made.
	lists := make(chan error, 1)
	go func() { lists <- b.listPages(ctx) }()
	err := b.entryPages(ctx, entries)
	if listErr := <-lists; err == nil {
		err = listErr
	}
	if err == nil {
		err = b.json()
	}
	b.done()
	return err
}

// counting counts the web versions of pictures made and reused until the
// function it returns is called.
func (b *builder) counting() func() {
	encoded, reused := b.images.Encoded(), b.images.Reused()
	return func() {
		b.sum.Resized, b.sum.Reused = b.images.Encoded()-encoded, b.images.Reused()-reused
	}
}

// listPages renders every page but the entries' own and portfolio.json.
// Each page is rendered, on every core, as soon as it is filled in, so
// that only a few pages wait at a time however long the lists are.
func (b *builder) listPages(ctx context.Context) error {
	workers := runtime.GOMAXPROCS(0)
	jobs := make(chan queued, 2*workers)
	var wg sync.WaitGroup
	var mu sync.Mutex
	renderErr, renderAt := error(nil), 0
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				if ctx.Err() != nil {
					continue
				}
				if err := b.execute(j.name, j.pg); err != nil {
					// The first page that cannot be rendered is the one
					// reported, whichever core gets there first: every
					// page queued before it is rendered too.
					mu.Lock()
					if renderErr == nil || j.n < renderAt {
						renderErr, renderAt = err, j.n
					}
					mu.Unlock()
					b.renderFailed.Store(true)
				}
			}
		})
	}
	b.laterPages, b.rendering, b.queuedPages = nil, jobs, 0
	b.renderFailed.Store(false)
	err := b.fillListPages(ctx)
	close(jobs)
	wg.Wait()
	b.rendering = nil
	if err == nil {
		err = ctx.Err()
	}
	if err == nil {
		err = renderErr
	}
	return err
}

// fillListPages fills in the list pages, each put in the queue of pages
// to render (see queue).
func (b *builder) fillListPages(ctx context.Context) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the list pages could not be made (%v); please report this as a bug in dll", r)
		}
	}()
	steps := []func() error{b.home, b.summaryPage, b.coveragePage, b.criteriaPage, b.experiencesPage, b.timeline, b.typePages, b.frameworkPages, b.tagPages,
		b.philosophy, b.changes, b.notFound, b.assets, b.feed, b.sitemap, b.robots, b.jsonSchema}
	for _, step := range steps {
		if err := ctx.Err(); err != nil {
			return err
		}
		// Every step is taken even once a page could not be rendered:
		// a step that fails is reported before any page, as when every
		// page was filled in before the first was rendered.
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// queued is a page filled in and waiting to be rendered, the n-th queued.
type queued struct {
	name string
	pg   *page
	n    int
}

// queue puts the page pg, rendered by the template name, in the queue of
// list pages (see listPages).
func (b *builder) queue(name string, pg *page) error {
	b.queuedPages++
	if b.renderFailed.Load() {
		// A page queued after one that could not be rendered is never
		// the one reported: it need not be rendered.
		return nil
	}
	b.rendering <- queued{name, pg, b.queuedPages}
	return nil
}

// done tidies the summary.
func (b *builder) done() {
	slices.Sort(b.sum.Stripped)
	b.sum.Stripped = slices.Compact(b.sum.Stripped) // a photo shown and linked to
}

// builder holds what every page needs.
type builder struct {
	p    *portfolio.Portfolio
	w    writer
	opts Options
	tpl  *templates
	md   *markdown

	site *siteView
	// coverage is what the entries demonstrate, for the list pages
	// alone: made when the first of them asks (see cov), not kept while
	// the entries' own pages are made.
	coverage     portfolio.Coverage
	coverageOnce sync.Once
	entries      []*entryView          // shown entries, newest first
	entryByFile  map[string]*entryView // shown entries by source file, for links between entries
	laterPages   []string              // the pages after the first of each long list, for the sitemap

	// lists is what each page of a type, framework or tag lists, for
	// a Live site to tell whether an edit changed it: the entries, by
	// their source, in order. Pages left as they were are in kept.
	prevLists, lists map[string]string
	kept             []string

	mu      sync.Mutex
	sum     Summary
	copied  map[string]bool          // site paths of files already copied
	headers map[string]template.HTML // by page depth and section; see header

	images *imaging.Maker
	pics   pictures
	print  bool   // the evidence pack: one version of each picture, for paper
	spill  *spill // where entries' pieces and parts of portfolio.json wait; nil keeps them in memory

	// rendering takes the list pages to render (see listPages);
	// queuedPages counts them, and renderFailed is set once one could not
	// be rendered.
	rendering    chan<- queued
	queuedPages  int
	renderFailed atomic.Bool
	derive3Once  sync.Once
	derived3     bool // see derive3
}

// newBuilder makes the views of the entries shown, taking those in reuse
// (from a builder of the same portfolio before an edit) as they are.
func newBuilder(p *portfolio.Portfolio, w writer, opts Options, tpl *templates, reuse map[*portfolio.Entry]*entryView) *builder {
	b := &builder{p: p, w: w, opts: opts, tpl: tpl, md: newMarkdown(p.Model, tpl.cat.T("story.table")), entryByFile: map[string]*entryView{}, copied: map[string]bool{}, headers: map[string]template.HTML{},
		lists: map[string]string{}, images: opts.images}
	if b.images == nil {
		var cache imaging.Cache
		if opts.ImageCache != "" {
			cache = imaging.DirCache{Dir: opts.ImageCache}
		}
		b.images = imaging.NewMaker(cache)
	}
	shared := newCardWords()
	for _, e := range p.Entries {
		if !p.Published(e) && !(opts.Drafts && p.Unfinished(e)) || opts.Held[e.Src.File] {
			continue
		}
		v := reuse[e]
		switch {
		case v != nil:
		case e.IsSlim():
			v = newCard(p, e, tpl.cat, shared)
		default:
			v = newEntryView(p, e, tpl.cat)
		}
		b.entries = append(b.entries, v)
		b.entryByFile[e.Src.File] = v
	}
	slices.SortStableFunc(b.entries, func(a, c *entryView) int {
		// Newest first: by the last day (or the first, while under way).
		return cmp.Or(c.sortDate().Compare(a.sortDate()), strings.Compare(a.Title(), c.Title()), strings.Compare(a.Slug(), c.Slug()))
	})
	// Previous and next follow the timeline: older, then newer.
	for i, v := range b.entries {
		v.Older, v.Newer = nil, nil
		if i+1 < len(b.entries) {
			v.Older = b.entries[i+1]
		}
		if i > 0 {
			v.Newer = b.entries[i-1]
		}
	}
	b.site = newSiteView(p, b.entries, opts, tpl.cat)
	b.site.Criteria = b.hasCriteria()
	return b
}

// cov returns what the entries demonstrate, made on its first use.
func (b *builder) cov() portfolio.Coverage {
	b.coverageOnce.Do(func() { b.coverage = b.p.Coverage() })
	return b.coverage
}

// entryPages renders the experience pages in parallel, each written as soon
// as it is made, and copies the files each one shows.
func (b *builder) entryPages(ctx context.Context, entries []*entryView) error {
	workers := cmp.Or(b.opts.Workers, runtime.GOMAXPROCS(0))
	count := progress.Start(ctx, "Writing experience pages", "pages", int64(len(entries)))
	jobs := make(chan *entryView)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for v := range jobs {
				if err := b.entryPage(v, v, nil); err != nil {
					errs <- err
					cancel()
					return
				}
				count.Add(1)
			}
		}()
	}
feed:
	for _, v := range entries {
		select {
		case jobs <- v:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	return ctx.Err()
}

// entryPage makes the page of the entry v, read in full, and the pieces
// that show it in lists, and its part of portfolio.json, which it keeps
// with idx, the entry's view in the index (v itself when every entry is
// read in full). story is the entry's story as dll validate read it, or
// nil to read it here.
func (b *builder) entryPage(v, idx *entryView, story *portfolio.Story) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: the page could not be made (%v); please report this as a bug in dll", v.src.Src.File, r)
		}
	}()
	evidence, err := b.gallery(v)
	if err != nil {
		return err
	}
	links := &entryLinks{b: b, e: v, evidence: map[string]*evidenceView{}}
	for i := range evidence {
		if ev := &evidence[i]; ev.Media == "image" {
			links.evidence[ev.Pic.src] = ev
		}
	}
	if story == nil {
		story = &portfolio.Story{Src: []byte(v.src.Body)}
	}
	// The story's HTML is made in a buffer kept for the next page, and
	// written from it into the page (see page.story).
	body := pageBuffers.Get().(*bytes.Buffer)
	defer putPageBuffer(body)
	err = b.md.renderTo(body, story, links, false, 2)
	if err == nil {
		err = links.err
	}
	if err != nil {
		return fmt.Errorf("%s: body: %w", v.src.BodyStart(), err)
	}
	for i := range evidence {
		if ev := &evidence[i]; ev.KindID == "photo" && ev.Media == "image" && !ev.InStory {
			ev.Lead = true
			break
		}
	}
	pg := b.page("experiences/"+v.Slug()+"/index.html", "entry", "experiences")
	pg.Entry = v
	pg.Evidence = evidence
	pg.story = body.Bytes()
	pg.History = b.opts.History[v.src.Src.File]
	if v.Draft {
		pg.Todo = b.opts.Todo[v.src.Src.File]
	}
	if err := b.execute("entry.html", pg); err != nil {
		return err
	}
	if err := b.evidencePages(v, evidence); err != nil {
		return err
	}
	pics := links.pics
	files := links.files
	for _, ev := range evidence {
		files = append(files, ev.files...)
		if ev.Pic != nil {
			pics = append(pics, ev.Pic)
		}
	}
	for _, pic := range pics {
		if err := b.writePicture(pic); err != nil {
			return err
		}
	}
	for _, f := range files {
		if v.sitePath(f) == "index.html" {
			continue // the page itself
		}
		if err := b.copyFile(f, "experiences/"+v.Slug()+"/"+strings.TrimPrefix(f, v.src.Src.Dir+"/")); err != nil {
			return err
		}
	}
	if err := b.makeFragments(idx); err != nil {
		return err
	}
	return b.jsonEntry(v, idx) // last: in a streamed build, the parts leave memory then
}

// localFile resolves a file named in an entry to its portfolio path, and
// says whether it may be published.
// Files of other entries, and entries' sources, are never published as
// this entry's (see portfolio.OwnerOf).
func (b *builder) localFile(v *entryView, ref string) (string, fs.FileInfo, bool) {
	full, info, err := b.p.Resolve(v.src.Src.Dir, ref)
	if err != nil || !info.Mode().IsRegular() {
		return "", nil, false
	}
	if b.p.OwnerOf(v.src, full) != nil {
		return "", nil, false
	}
	return full, info, true
}

// storyFile resolves a file that an entry's story shows or links to, and
// says whether it may be published: only evidence of the entry, with a
// consent that lets it be published, may (dll validate says so of the
// rest).
func (b *builder) storyFile(v *entryView, ref string) (string, bool) {
	full, _, ok := b.localFile(v, ref)
	if !ok {
		return "", false
	}
	for _, pe := range b.publishedEvidence(v) {
		if pe.file == full || pe.captions == full {
			return full, true
		}
	}
	return "", false
}

// sitePath is where a file of an entry is published, relative to its page.
func (v *entryView) sitePath(full string) string {
	return strings.TrimPrefix(full, v.src.Src.Dir+"/")
}

// urlPath escapes a relative slash path for an href or src.
func urlPath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}

// rootOf returns the way from the folder of page (a site path) to the
// site's root: "" or "../../".
func rootOf(page string) string {
	dir := path.Dir(page)
	if dir == "." {
		return ""
	}
	return strings.Repeat("../", strings.Count(dir, "/")+1)
}
