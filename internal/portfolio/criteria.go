package portfolio

import (
	"cmp"
	"slices"
	"strings"
)

// CriterionMap is how a portfolio meets the frameworks it aligns to: for
// each framework, each of its codes with the entries that evidence it and
// the author's note of how each one does. It is what certification asks
// for (each criterion, the artifacts that meet it, a sentence of context
// for each), and the one source of the map that dll validate --coverage
// prints, the site shows and the evidence pack prints.
type CriterionMap []FrameworkMap

// FrameworkMap is one framework of a criterion map.
type FrameworkMap struct {
	Framework *Framework
	Codes     []CodeMap // every code of the framework, in its order
	Met       int       // how many codes have evidence
}

// CodeMap is one code of a framework with the entries that evidence it.
type CodeMap struct {
	Code     Term
	Evidence []CodeEvidence // newest first; empty when none does yet
}

// CodeEvidence is an entry that evidences a code, with the author's note.
type CodeEvidence struct {
	Entry *Entry
	Note  string
}

// CriterionMap maps the frameworks the portfolio aligns to (EnabledFrameworks)
// against its published entries that demonstrate something: completed,
// with evidence, as coverage counts them.
func (p *Portfolio) CriterionMap() CriterionMap {
	var entries []*Entry
	for _, e := range p.PublishedEntries() {
		if e.Demonstrates() {
			entries = append(entries, e)
		}
	}
	return MapCriteria(p.EnabledFrameworks(), entries)
}

// MapCriteria maps the frameworks against the entries given, which are
// taken as they are: the caller chooses them (the published ones, those
// an evidence pack holds).
func MapCriteria(frameworks []*Framework, entries []*Entry) CriterionMap {
	entries = slices.Clone(entries)
	slices.SortStableFunc(entries, NewestFirst)
	var m CriterionMap
	for _, f := range frameworks {
		fm := FrameworkMap{Framework: f}
		for _, c := range f.Codes {
			cm := CodeMap{Code: c}
			for _, e := range entries {
				if a, ok := AlignmentOf(e.AlignedTo(f.ID), c.ID); ok {
					cm.Evidence = append(cm.Evidence, CodeEvidence{Entry: e, Note: a.Note})
				}
			}
			if len(cm.Evidence) > 0 {
				fm.Met++
			}
			fm.Codes = append(fm.Codes, cm)
		}
		m = append(m, fm)
	}
	return m
}

// Gaps returns the codes of the framework that no entry evidences yet.
func (f FrameworkMap) Gaps() []Term {
	var out []Term
	for _, c := range f.Codes {
		if len(c.Evidence) == 0 {
			out = append(out, c.Code)
		}
	}
	return out
}

// NewestFirst orders entries as every list of them reads: the latest to
// end (or to start, while under way) first, then by title and slug.
func NewestFirst(a, b *Entry) int {
	day := func(e *Entry) Date {
		if !e.End.IsZero() {
			return e.End
		}
		return e.Start
	}
	return cmp.Or(day(b).Compare(day(a).Time), strings.Compare(a.Title, b.Title), strings.Compare(a.Src.Slug, b.Src.Slug))
}
