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
	c.settings(&all)
	c.templateNames(&all)
	c.portfolioWide(&all)
	c.slugNames(&all)
	if cache == nil {
		// Not on every save of dll serve: names matter to git and
		// to the published site, which dll build checks again.
		c.fileNames(&all)
	}
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
		d := &all[i]
		if d.Rule == "file-name" {
			continue
		}
		if e := p.EntryOfFile(d.File); e != nil && (e.Src.Parsed && !p.Published(e) || !e.Src.Parsed && e.Src.Unpublished) {
			d.Severity = diag.Todo
		}
	}
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
	files   map[string]bool // entry files, for links between entries
	ids     sync.Map        // *portfolio.Entry → the ids of its story's headings

	mu    sync.Mutex
	langs map[string]*lang.Catalog // the words of each language entries are in
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
		files:   map[string]bool{},
		langs:   map[string]*lang.Catalog{},
	}
	for _, e := range p.Entries {
		c.files[e.Src.File] = true
	}
	return c
}

// safeEntry checks one entry, turning a fault in a rule into a diagnostic so
// that the other entries are still checked.
func (c *checker) safeEntry(e *portfolio.Entry, d *diag.List) {
	defer func() {
		if r := recover(); r != nil {
			d.Errorf(diag.Pos{File: e.Src.File, Line: 1, Col: 1}, "", "internal", "dll could not check this entry because of a fault in dll itself (%v); please report it", r)
		}
	}()
	c.entry(e, d)
}
