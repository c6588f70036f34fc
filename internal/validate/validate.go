// Package validate checks a loaded portfolio against every rule of the
// portfolio model. It never stops at the first problem: Check returns all of
// them, sorted.
package validate

import (
	"context"
	"sync"

	"dll/internal/diag"
	"dll/internal/lang"
	"dll/internal/portfolio"
	"dll/internal/privacy"
	"dll/internal/progress"
)

// Check runs every rule on p and returns the problems found, sorted, with
// loadDiags (the loader's problems) merged in.
func Check(p *portfolio.Portfolio, loadDiags diag.List) diag.List {
	return check(context.Background(), p, loadDiags, nil)
}

// CheckContext is Check that stops when ctx is done (the author pressed
// Ctrl-C), returning ctx's error and no problems: a check cut short cannot
// say that the portfolio is fine.
func CheckContext(ctx context.Context, p *portfolio.Portfolio, loadDiags diag.List) (diag.List, error) {
	d := check(ctx, p, loadDiags, nil)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return d, nil
}

// Cache keeps each entry's problems from one check to the next, for a
// portfolio that changes only by portfolio.Reload: an entry it did not read
// again is the same *Entry, with the same problems, so an edit to one entry
// checks only that one. Start a new Cache after a full load.
type Cache struct {
	lists map[*portfolio.Entry]diag.List
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{lists: map[*portfolio.Entry]diag.List{}} }

// CheckCached is Check, taking the problems of entries it has checked
// before from cache, and keeping the ones of p's entries there.
func CheckCached(p *portfolio.Portfolio, loadDiags diag.List, cache *Cache) diag.List {
	return check(context.Background(), p, loadDiags, cache)
}

func check(ctx context.Context, p *portfolio.Portfolio, loadDiags diag.List, cache *Cache) diag.List {
	c := newChecker(p)
	lists := make([]diag.List, len(p.Entries))
	var todo []int
	for i, e := range p.Entries {
		if l, ok := cache.get(e); ok {
			lists[i] = l
			continue
		}
		todo = append(todo, i)
	}
	count := progress.Start(ctx, "Checking entries", "entries", int64(len(todo)))
	portfolio.Parallel(len(todo), func(j int) {
		if ctx.Err() != nil {
			return
		}
		i := todo[j]
		c.safeEntry(p.Entries[i], &lists[i])
		count.Add(1)
	})
	if ctx.Err() != nil {
		return nil
	}
	if cache != nil {
		cache.lists = make(map[*portfolio.Entry]diag.List, len(p.Entries))
		for i, e := range p.Entries {
			cache.lists[e] = lists[i]
		}
	}

	all := append(diag.List{}, loadDiags...)
	for _, l := range lists {
		all = append(all, l...)
	}
	c.whole(&all, cache == nil)
	unpublished(p, all)
	all.Sort()
	return all
}

// unpublished turns the problems of entries that are not published (drafts,
// private and planned entries) into things to do before publishing them:
// unfinished work is checked and reported, but stops neither the build of
// the published portfolio nor the preview. The moment an entry is
// published, its problems are errors and warnings again. An entry dll
// could not read keeps its errors, unless a line of its own says it is not
// for publishing (status: planned, draft: true, visibility: private):
// otherwise it may be one the author means to publish. Names that a disk or git cannot hold stay errors too, published
// or not.
func unpublished(p *portfolio.Portfolio, all diag.List) {
	for i := range all {
		if e := p.EntryOfFile(all[i].File); e != nil && waits(p, e) {
			toDo(all[i : i+1])
		}
	}
}

// waits reports whether the problems of the entry e wait until it is
// published (see unpublished).
func waits(p *portfolio.Portfolio, e *portfolio.Entry) bool {
	return e.Src.Parsed && !p.Published(e) || !e.Src.Parsed && e.Src.Unpublished
}

// toDo makes the problems in list things to do before publishing, but for
// names that a disk or git cannot hold, and a file that changed while dll
// read it.
func toDo(list diag.List) {
	for i := range list {
		if r := list[i].Rule; r != "file-name" && r != "changed" {
			list[i].Severity = diag.Todo
		}
	}
}

// whole runs the rules that are not about one entry: the settings, the
// templates, and the rules that span entries, which read only what
// portfolio.Entry.Slim keeps of each. files adds the names of every file
// of the portfolio.
func (c *checker) whole(d *diag.List, files bool) {
	c.settings(d)
	c.templateNames(d)
	c.portfolioWide(d)
	c.slugNames(d)
	if files {
		// Not on every save of dll serve: names matter to git and
		// to the published site, which dll build checks again.
		c.fileNames(d)
	}
}

// Stream checks the portfolio p from portfolio.Open as it reads its
// entries, one at a time on every core, keeping of each only what
// portfolio.Entry.Slim keeps: the problems are those Check finds, in
// memory that does not grow with the stories. loadDiags are Open's
// problems, merged in. When ctx is done first it returns ctx's error and
// no problems.
func Stream(ctx context.Context, p *portfolio.Portfolio, loadDiags diag.List) (diag.List, error) {
	c := newChecker(p)
	c.oneReading = true
	all := append(diag.List{}, loadDiags...)
	all = append(all, p.LoadEntries(ctx, "Checking entries", func(e *portfolio.Entry, d *diag.List) {
		c.safeEntry(e, d)
		e.Slim(p.Model)
	})...)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c.oneReading = false
	for _, check := range c.later {
		check(&all)
	}
	for _, l := range c.links {
		c.entryLink(&all, diag.Pos{File: l.file, Line: int(l.line), Col: int(l.col)}, l.from, l.other)
	}
	c.later, c.links = nil, nil
	c.whole(&all, true)
	unpublished(p, all)
	all.Sort()
	return all, nil
}

// Checker checks a portfolio one entry at a time, for a pass that reads
// each entry in full only while it makes its page (see site.Build): the
// rules that span entries read the index that portfolio.Entry.Slim keeps.
type Checker struct{ c *checker }

// NewChecker returns a Checker of p, whose entries may be slim or not yet
// read: it needs to know only which entries there are.
func NewChecker(p *portfolio.Portfolio) *Checker { return &Checker{newChecker(p)} }

// Entry checks one entry read in full, adding its problems to d, and
// returns its story as it was read, for its page to be made from the same
// reading (nil when it has none, or it could not be read).
//
// An entry that is not published has its problems in d, those of reading
// it too, turned into things to do before publishing (see Check), so that
// they never stop the build.
func (k *Checker) Entry(e *portfolio.Entry, d *diag.List) *portfolio.Story {
	x := k.c.safeEntry(e, d)
	if waits(k.c.p, e) {
		toDo(*d)
	}
	if x == nil || x.story == nil || x.story.doc == nil || x.story.fault {
		return nil
	}
	return &portfolio.Story{Src: x.story.src, Doc: x.story.doc}
}

// Portfolio runs every rule that is not about one entry, adding the
// problems to d: the settings, philosophy.md, the templates, and the rules
// that span entries. As in Check, the problems in d of entries that are
// not published become things to do before publishing them.
func (k *Checker) Portfolio(d *diag.List) {
	k.c.whole(d, true)
	unpublished(k.c.p, *d)
}

func (c *Cache) get(e *portfolio.Entry) (diag.List, bool) {
	if c == nil {
		return nil, false
	}
	l, ok := c.lists[e]
	return l, ok
}

// checker holds what every rule needs to know about the whole portfolio.
type checker struct {
	p      *portfolio.Portfolio
	m      *portfolio.Model
	names  *privacy.Names
	md     *markdownChecker
	kinds  *portfolio.Vocab
	roles  *portfolio.Vocab
	consts *portfolio.Vocab
	// sharing are the words that, starting a contribution, tell only of
	// sharing (see isPassive).
	sharing map[string]bool
	ids     sync.Map // *portfolio.Entry → the ids of its story's headings

	mu    sync.Mutex
	langs map[string]*lang.Catalog // the words of each language entries are in

	slugsOnce sync.Once
	slugHints *portfolio.Suggester // every entry's slug, for links that name no entry (see slugs)

	// oneReading is set while Stream reads the entries: the entry a link
	// leads to may not be read yet, so the checks that need it wait in
	// later until every entry is (see afterAll).
	oneReading bool
	later      []func(d *diag.List)
	links      []laterLink // the links between entries that wait (see bodyCtx.entryLink)
}

// afterAll runs check at once, or, while Stream reads the entries, once
// every entry is read.
func (c *checker) afterAll(d *diag.List, check func(d *diag.List)) {
	if !c.oneReading {
		check(d)
		return
	}
	c.mu.Lock()
	c.later = append(c.later, check)
	c.mu.Unlock()
}

// slugs returns what suggests the entry a link that names none was meant
// for: made once, since a portfolio whose entries were moved may have a
// link of that kind in every entry.
func (c *checker) slugs() *portfolio.Suggester {
	c.slugsOnce.Do(func() {
		slugs := make([]string, len(c.p.Entries))
		for i, e := range c.p.Entries {
			slugs[i] = e.Src.Slug
		}
		c.slugHints = portfolio.NewSuggester(slugs)
	})
	return c.slugHints
}

// words returns the words of a language, with the portfolio's own, for the
// checks that read an entry's text in its language.
func (c *checker) words(tag string) *lang.Catalog {
	c.mu.Lock()
	defer c.mu.Unlock()
	if w, ok := c.langs[tag]; ok {
		return w
	}
	w := lang.Load(c.p.FS, tag)
	c.langs[tag] = w
	return w
}

func newChecker(p *portfolio.Portfolio) *checker {
	c := &checker{
		p:       p,
		m:       p.Model,
		names:   privacy.New(p.Roster),
		md:      newMarkdownChecker(),
		kinds:   p.Model.Vocab("evidence_kinds"),
		roles:   p.Model.Vocab("partner_roles"),
		consts:  p.Model.Vocab("consent"),
		sharing: sharingForms(p.Model),
		langs:   map[string]*lang.Catalog{},
	}
	return c
}

// safeEntry checks one entry, turning a fault in a rule into a diagnostic so
// that the other entries are still checked.
func (c *checker) safeEntry(e *portfolio.Entry, d *diag.List) (x *entryCtx) {
	defer func() {
		if r := recover(); r != nil {
			x = nil
			d.Errorf(diag.Pos{File: e.Src.File, Line: 1, Col: 1}, "", "internal", "dll could not check this entry because of a fault in dll itself (%v); please report it", r)
		}
	}()
	return c.entry(e, d)
}
