// Package validate checks a loaded portfolio against every rule of the
// portfolio model. It never stops at the first problem: Check returns all of
// them, sorted.
package validate

import (
	"runtime"
	"sync"

	"dll/internal/diag"
	"dll/internal/portfolio"
)

// Check runs every rule on p and returns the problems found, sorted, with
// loadDiags (the loader's problems) merged in.
func Check(p *portfolio.Portfolio, loadDiags diag.List) diag.List {
	c := newChecker(p)
	lists := make([]diag.List, len(p.Entries))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				c.safeEntry(p.Entries[i], &lists[i])
			}
		})
	}
	for i := range p.Entries {
		next <- i
	}
	close(next)
	wg.Wait()

	all := append(diag.List{}, loadDiags...)
	for _, l := range lists {
		all = append(all, l...)
	}
	c.settings(&all)
	c.portfolioWide(&all)
	all.Sort()
	return all
}

// checker holds what every rule needs to know about the whole portfolio.
type checker struct {
	p      *portfolio.Portfolio
	m      *portfolio.Model
	names  *nameIndex
	md     *markdownChecker
	kinds  *portfolio.Vocab
	roles  *portfolio.Vocab
	consts *portfolio.Vocab
	files  map[string]bool // entry files, for links between entries
}

func newChecker(p *portfolio.Portfolio) *checker {
	c := &checker{
		p:      p,
		m:      p.Model,
		names:  newNameIndex(p.Roster),
		md:     newMarkdownChecker(),
		kinds:  p.Model.Vocab("evidence_kinds"),
		roles:  p.Model.Vocab("partner_roles"),
		consts: p.Model.Vocab("consent"),
		files:  map[string]bool{},
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
