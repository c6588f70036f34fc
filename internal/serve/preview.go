package serve

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"dll/internal/diag"
	"dll/internal/portfolio"
	"dll/internal/site"
	"dll/internal/validate"
)

// Preview keeps the site of a portfolio folder built in a folder of its
// own while the portfolio changes, drafts included. After an edit to
// entries it reads, checks and renders again only what the edit touched
// (see portfolio.Reload and site.Live); anything else builds it all again.
// An edit that leaves errors changes nothing in the site.
type Preview struct {
	// Today tells the date, for the rules that compare dates with today
	// (see portfolio.Portfolio.Today); nil leaves them out.
	Today func() time.Time

	fsys fs.FS
	live *site.Live

	p     *portfolio.Portfolio // as last loaded, errors or not
	cache *validate.Cache
	load  diag.List // the loader's problems for p
	// full is set from a full load until the site is built from one:
	// settings, the model or templates may have changed meanwhile.
	full bool
	// good are the entries as last shown, by file: an entry whose edit
	// has errors is shown as it was until they are fixed.
	good map[string]*portfolio.Entry
	// shown are the entries of the last Update, in order.
	shown []*portfolio.Entry
}

// Result is what a Build or Rebuild did.
type Result struct {
	// Problems are every error and warning in the portfolio, with paths
	// relative to it, sorted.
	Problems diag.List
	// Update is what changed in the site; nil when errors kept it as it
	// was.
	Update *site.Update
	// Kept are the entries (their files) whose edits have errors, shown as
	// they were last shown, while the rest of the preview was updated;
	// LeftOut are those never shown yet, left out until they are fixed.
	Kept, LeftOut []string
}

// Errors are the problems that stop the site from being rebuilt.
func (r *Result) Errors() diag.List {
	var out diag.List
	for _, d := range r.Problems {
		if d.Severity == diag.Error {
			out = append(out, d)
		}
	}
	return out
}

// NewPreview returns a Preview of the portfolio in fsys, rendered into the
// folder out.
func NewPreview(fsys fs.FS, out string, opts site.Options) *Preview {
	return &Preview{fsys: fsys, live: site.NewLive(out, opts)}
}

// Build loads, checks and builds the whole portfolio.
func (pv *Preview) Build(ctx context.Context) (res *Result, err error) {
	defer pv.survive(&res, &err)
	return pv.build(ctx)
}

// survive turns a fault in dll itself during a build into an error, so
// that the preview keeps serving its last good build and shows the error
// rather than stop; the next build starts afresh. Reading and rendering
// Markdown, and each entry's checks and page, catch their own faults and
// name the file; this catches the rest.
func (pv *Preview) survive(res **Result, err *error) {
	if r := recover(); r != nil {
		pv.p = nil
		*res = &Result{}
		*err = fmt.Errorf("dll could not build the preview because of a fault in dll itself (%v); please report it", r)
	}
}

func (pv *Preview) build(ctx context.Context) (*Result, error) {
	p, load := portfolio.Load(pv.fsys)
	if pv.Today != nil {
		p.Today = pv.Today()
	}
	pv.p, pv.load, pv.cache, pv.full = p, load, validate.NewCache(), true
	return pv.update(ctx)
}

// Rebuild brings the site up to date after the files changed (slash paths
// relative to the portfolio) changed.
func (pv *Preview) Rebuild(ctx context.Context, changed []string) (res *Result, err error) {
	defer pv.survive(&res, &err)
	if pv.p == nil || templateChange(changed) || slices.Contains(changed, Everything) {
		return pv.build(ctx)
	}
	next, reread, load, ok := pv.p.Reload(changed)
	if !ok {
		return pv.build(ctx)
	}
	// The loader's problems: those of the entries read again are new.
	pv.load = slices.DeleteFunc(pv.load, func(d diag.Diagnostic) bool {
		return slices.ContainsFunc(reread, func(e *portfolio.Entry) bool { return e.Owns(d.File) })
	})
	pv.load = append(pv.load, load...)
	if pv.Today != nil {
		next.Today = pv.Today()
	}
	pv.p = next
	// An entry edited since the last good build, even by an edit that
	// failed, is a new *Entry to site.Live, which renders its pages again.
	return pv.update(ctx)
}

func (pv *Preview) update(ctx context.Context) (*Result, error) {
	res := &Result{Problems: validate.CheckCached(pv.p, slices.Clone(pv.load), pv.cache)}
	held, ok := heldBack(pv.p, res.Problems)
	if !ok {
		return res, nil
	}
	// An entry with errors is shown as it was last shown, or, never shown
	// yet, left out.
	shown := pv.p
	gone := map[string]bool{}
	if len(held) > 0 {
		entries := make([]*portfolio.Entry, 0, len(pv.p.Entries))
		for _, e := range pv.p.Entries {
			if held[e.Src.File] {
				if e = pv.good[e.Src.File]; e == nil {
					continue
				}
			}
			entries = append(entries, e)
		}
		shown = pv.p.WithEntries(entries)
	}
	for _, f := range slices.Sorted(maps.Keys(held)) {
		if pv.good[f] == nil {
			gone[f] = true
			res.LeftOut = append(res.LeftOut, f)
		} else {
			res.Kept = append(res.Kept, f)
		}
	}
	if !pv.full && slices.Equal(shown.Entries, pv.shown) {
		// Only entries kept as they were changed: the site is as it was.
		res.Update = &site.Update{}
		return res, nil
	}
	pv.live.SetHeld(gone)
	pv.live.SetTodo(todos(shown, res.Problems))
	up, err := pv.live.Update(ctx, shown, pv.full)
	if err != nil {
		return res, err
	}
	pv.full = false
	pv.shown = shown.Entries
	pv.good = make(map[string]*portfolio.Entry, len(shown.Entries))
	for _, e := range shown.Entries {
		if e.Src.Parsed {
			pv.good[e.Src.File] = e
		}
	}
	res.Update = up
	return res, nil
}

// heldBack returns the entries (by file) whose errors keep them out of
// the preview while the rest of it updates. ok is false when an error
// lies outside every entry (the settings, the model, the philosophy
// statement, the roster, a template): then the whole preview waits.
func heldBack(p *portfolio.Portfolio, problems diag.List) (held map[string]bool, ok bool) {
	held = map[string]bool{}
	for _, d := range problems {
		if d.Severity != diag.Error {
			continue
		}
		e := p.EntryOfFile(d.File)
		if e == nil {
			return nil, false
		}
		held[e.Src.File] = true
	}
	return held, true
}

// todos are what each unfinished entry has still to do, by its file, as
// its page in the preview lists them: where, and what to do.
func todos(p *portfolio.Portfolio, problems diag.List) map[string][]string {
	out := map[string][]string{}
	for _, d := range problems {
		if d.Severity != diag.Todo {
			continue
		}
		e := p.EntryOfFile(d.File)
		if e == nil || !p.Unfinished(e) {
			continue
		}
		where := fmt.Sprintf("line %d", d.Line)
		if d.File != e.Src.File {
			where = fmt.Sprintf("%s, line %d", path.Base(d.File), d.Line)
		}
		if d.Field != "" {
			where += ", " + d.Field
		}
		out[e.Src.File] = append(out[e.Src.File], where+": "+d.Message)
	}
	return out
}

// templateChange reports whether a change is to the portfolio's own
// templates, which may change any page.
func templateChange(changed []string) bool {
	return slices.ContainsFunc(changed, func(name string) bool { return name == "templates" || strings.HasPrefix(name, "templates/") })
}

// Placeholder writes a page into out, an empty folder, saying that the site
// will show once the problems are fixed: the preview of a portfolio that
// has errors from the start.
func Placeholder(out string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	page := `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Preview: not built yet</title></head>
<body>
<main>
<h1>The preview is not built yet</h1>
<p>The portfolio has errors, listed below and in the terminal. Fix them and save: this page shows the site as soon as it builds.</p>
</main>
</body>
</html>
`
	err := os.WriteFile(filepath.Join(out, "index.html"), []byte(page), 0o644)
	if err == nil {
		err = os.WriteFile(filepath.Join(out, site.Marker), nil, 0o644)
	}
	if err != nil {
		return errors.Join(errors.New("cannot write the preview's first page"), err)
	}
	return nil
}

// Rebuilt is one rebuild after a batch of changes, for the log.
type Rebuilt struct {
	Changed []string // what changed, as slash paths in the portfolio
	Result  *Result  // nil when Err is a problem with watching
	Err     error
	Took    time.Duration
}

// Follow rebuilds the preview after every batch of changes w reports,
// until ctx ends, and tells the pages open in h to reload, or shows them
// the errors that kept the site as it was. It tells log of each rebuild,
// and of trouble with watching.
func Follow(ctx context.Context, w *Watcher, pv *Preview, h *Handler, now func() time.Time, log func(Rebuilt)) {
	for {
		select {
		case <-ctx.Done():
			return
		case err := <-w.Errors():
			log(Rebuilt{Err: err})
		case changed := <-w.Batches():
			start := now()
			res, err := pv.Rebuild(ctx, changed)
			if ctx.Err() != nil {
				return
			}
			switch {
			case err != nil:
				h.SetProblems([]string{err.Error()})
			case res.Update == nil:
				h.SetProblems(Lines(res.Errors()))
			default:
				// An entry kept as it was or left out says why on every
				// page; with no page changed, open pages need not reload.
				if len(res.Update.Pages) > 0 {
					h.Reload()
				}
				h.SetProblems(Lines(res.Errors()))
			}
			log(Rebuilt{Changed: changed, Result: res, Err: err, Took: now().Sub(start)})
		}
	}
}

// maxLines is the most problems the overlay lists: an edit to the
// settings can break every entry of thousands, and every page, and every
// event, would carry them all.
const maxLines = 100

// Lines are problems as the overlay shows them, one to a line; past
// maxLines, a last line says how many more the terminal lists.
func Lines(problems diag.List) []string {
	n := min(len(problems), maxLines)
	lines := make([]string, n, n+1)
	for i, d := range problems[:n] {
		lines[i] = d.String()
	}
	if more := len(problems) - n; more > 0 {
		lines = append(lines, fmt.Sprintf("... and %s, listed in the terminal where dll serve runs (and by dll validate)", diag.Plural(more, "more problem")))
	}
	return lines
}
