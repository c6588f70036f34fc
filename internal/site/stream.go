package site

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"dll/internal/diag"
	"dll/internal/lang"
	"dll/internal/portfolio"
	"dll/internal/privacy"
	"dll/internal/progress"
)

// Checker checks an entry read in full, adding its problems to d, and
// returns its story as it read it (nil when it has none, or could not read
// it), for the entry's page to be made from the same reading: see
// validate.Checker.Entry.
type Checker func(e *portfolio.Entry, d *diag.List) *portfolio.Story

// Stream builds the site of p into out, as Build does, for a portfolio
// whose entries are slim (portfolio.Entry.Slim): the index of what every
// page needs of every entry. On every core, it reads each entry again in
// full, checks it with check, makes its page and the pieces that show it
// in lists from the same reading, and lets it go; then it makes the pages
// that list entries, from the index. So memory holds the index and the
// entries being made, however large the portfolio.
//
// It returns the problems that check and reading again find, those of
// entries not published as things to do before publishing them (see
// validate.Check). When one is an error, or failed is set (the caller found an error before), it only
// checks: no site is made and out is left as it was. An entry whose file
// changed since it was indexed is an error too, since the pages that list
// it would not match its own. A nil check is for entries checked already
// (validate.Stream): their problems are not reported again.
func Stream(ctx context.Context, p *portfolio.Portfolio, out string, opts Options, check Checker, failed bool) (*Summary, diag.List, error) {
	if failed {
		diags, _ := streamEntries(ctx, p, check, nil)
		return nil, diags, ctx.Err()
	}
	out = realPath(out)
	work, err := newWorkFolder(out)
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(work) // gone once swapped in; removes a failed build
	tmp := filepath.Join(work, "site")
	if err := os.Mkdir(tmp, 0o755); err != nil {
		return nil, nil, fmt.Errorf("making a folder to build in: %w", err)
	}
	var w writer = &dirWriter{root: tmp, made: map[string]bool{tmp: true}}
	if names := privacy.New(p.Roster); !names.Empty() {
		w = guard{w: w, names: names}
	}
	if err := writeMarker(tmp); err != nil {
		return nil, nil, err
	}
	tpl, err := loadTemplates(p.FS, lang.Load(p.FS, p.Settings.Language))
	if err != nil {
		return nil, nil, err
	}
	b := newBuilder(p, w, opts, tpl, nil)
	if b.spill, err = newSpill(work); err != nil {
		return nil, nil, err
	}
	defer b.spill.close()
	defer b.counting()()
	if err := b.portrait(); err != nil {
		return nil, nil, err
	}
	if err := b.bio(); err != nil {
		return nil, nil, err
	}
	diags, err := streamEntries(ctx, p, check, b)
	if err == nil {
		err = ctx.Err()
	}
	if err != nil || diags.HasErrors() {
		return nil, diags, err
	}
	if err := b.listPages(ctx); err != nil {
		return nil, diags, err
	}
	if err := b.json(); err != nil {
		return nil, diags, err
	}
	if err := ctx.Err(); err != nil {
		return nil, diags, err
	}
	b.done()
	return &b.sum, diags, swap(work, tmp, out)
}

// streamEntries reads every entry of p again in full, one at a time on
// every core, checks it, and with a builder makes its page, until a
// problem is an error or a page cannot be made: from then on it only
// checks. It returns the problems, in the order of the entries, and the
// first page that could not be made.
func streamEntries(ctx context.Context, p *portfolio.Portfolio, check Checker, b *builder) (diag.List, error) {
	lists := make([]diag.List, len(p.Entries))
	var failed atomic.Bool
	var once sync.Once
	var pageErr error
	stage := "Checking entries and making their pages"
	if b == nil {
		stage = "Checking entries"
	}
	count := progress.Start(ctx, stage, "entries", int64(len(p.Entries)))
	portfolio.Parallel(len(p.Entries), func(i int) {
		if ctx.Err() != nil {
			return
		}
		defer count.Add(1)
		e := p.Entries[i]
		d := &lists[i]
		full, loaded, changed := p.ReadEntry(e)
		if check != nil {
			*d = loaded
		}
		if changed {
			d.Errorf(diag.Pos{File: e.Src.File, Line: 1, Col: 1}, "", "changed", "this file changed while dll was reading the portfolio; run dll again")
		}
		if full == nil {
			failed.Store(true)
			return
		}
		var story *portfolio.Story
		if check != nil {
			// check reads an entry dll could not read too: its problems
			// wait, like those of every unpublished entry, when it says
			// it is not for publishing.
			story = check(full, d)
		}
		if d.HasErrors() {
			failed.Store(true)
		}
		if b == nil || failed.Load() {
			return
		}
		idx := b.entryByFile[e.Src.File]
		if idx == nil {
			return // a draft or private entry: checked, never shown
		}
		if err := b.streamPage(full, idx, story); err != nil {
			once.Do(func() { pageErr = err })
			failed.Store(true)
		}
	})
	var diags diag.List
	for _, l := range lists {
		diags = append(diags, l...)
	}
	return diags, pageErr
}

// streamPage makes the page of an entry read in full, whose view in the
// index is idx.
func (b *builder) streamPage(full *portfolio.Entry, idx *entryView, story *portfolio.Story) error {
	v := newEntryView(b.p, full, b.tpl.cat)
	v.id, v.Older, v.Newer = idx.id, idx.Older, idx.Newer
	if err := b.entryPage(v, idx, story); err != nil {
		return err
	}
	if b.tpl.overridden {
		// A portfolio's own templates may show anything of an entry
		// on any page: its lists get what its own page shows.
		idx.addDetails(b.p, full, b.tpl.cat)
	}
	return nil
}
