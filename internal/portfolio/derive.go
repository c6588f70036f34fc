package portfolio

import (
	"path"
	"slices"
	"strings"
)

// Totals are the portfolio's headline figures, derived from its published,
// completed entries; nothing here is typed by the author.
type Totals struct {
	Entries   int // published entries
	Completed int // published completed entries
	Partners  int // distinct partners across published entries
	Learners  int // learners reached, from completed entries' outcomes
	Met       int // of whom met or exceeded expectations (self-reported)
}

// Percent is the pooled percent who met or exceeded expectations.
func (t Totals) Percent() int {
	if t.Learners == 0 {
		return 0
	}
	return (t.Met*100 + t.Learners/2) / t.Learners
}

// PublishedEntries returns the entries that may appear on the site.
func (p *Portfolio) PublishedEntries() []*Entry {
	var out []*Entry
	for _, e := range p.Entries {
		if p.Published(e) {
			out = append(out, e)
		}
	}
	return out
}

// Totals derives the headline figures.
func (p *Portfolio) Totals() Totals {
	var t Totals
	partners := map[string]bool{}
	for _, e := range p.PublishedEntries() {
		t.Entries++
		for _, pa := range e.Partners {
			partners[PartnerKey(pa.Name)] = true
		}
		if e.Status == "completed" && e.Outcomes != nil {
			t.Completed++
			t.Learners += e.Outcomes.Learners
			t.Met += e.Outcomes.MetOrExceeded
		}
	}
	t.Partners = len(partners)
	return t
}

// PartnerKey folds a partner's name so that "Ms. R. Alvarez" and
// "ms r alvarez" count as one partner.
func PartnerKey(name string) string { return Slugify(name) }

// Types returns the entry's types: its type, then its also types.
func (e *Entry) Types() []string {
	out := []string{e.Type}
	for _, t := range e.Also {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// Phases returns the phases in which the leader contributed.
func (e *Entry) Phases() []string {
	if e.IsSlim() {
		return phaseSets[e.Src.idx.phases]
	}
	var out []string
	for _, ph := range e.Contributions.ByPhase() {
		if len(ph.Items) > 0 {
			if out == nil {
				out = make([]string, 0, 3) // every phase, in one allocation
			}
			out = append(out, ph.Phase)
		}
	}
	return out
}

// phaseSets are the lists of phases a slim entry may have contributions
// in, by the bits of entryIndex.phases, each made once and shared.
var phaseSets = func() (sets [8][]string) {
	phases := Contributions{}.ByPhase()
	for bits := range sets {
		for i, ph := range phases {
			if bits&(1<<i) != 0 {
				sets[bits] = append(sets[bits], ph.Phase)
			}
		}
		sets[bits] = slices.Clip(sets[bits])
	}
	return sets
}()

// phaseBits returns the bits of entryIndex.phases of the entry's phases.
func (e *Entry) phaseBits() uint8 {
	var bits uint8
	for i, ph := range e.Contributions.ByPhase() {
		if len(ph.Items) > 0 {
			bits |= 1 << i
		}
	}
	return bits
}

// Demonstrates reports whether the entry counts toward coverage: completed
// and backed by evidence.
func (e *Entry) Demonstrates() bool {
	n := len(e.Evidence)
	if e.IsSlim() {
		n = e.Src.idx.evidence
	}
	return e.Status == "completed" && n > 0
}

// Coverage is what the portfolio demonstrates with completed, evidenced,
// published entries. Each cell lists the slugs of the entries that fill it.
type Coverage struct {
	TypePhase     map[[2]string][]string // [type, phase]
	TypeExpertise map[[2]string][]string // [type, expertise]
	Codes         map[[2]string][]string // [framework, code]
	Gaps          Gaps
}

// Gaps are what the portfolio does not show yet: the one definition that
// dll validate warns of and dll validate --coverage lists.
type Gaps struct {
	// Types are the experience types no published entry has, in any
	// status.
	Types []string
	// Phases and Expertise are those no completed, evidenced, published
	// entry demonstrates, of any type.
	Phases, Expertise []string
	// TypePhases lists for each type the phases that no completed,
	// evidenced entry of that type shows (all of them when none does),
	// in the order of the types; types that show every phase are left out.
	TypePhases []Missing
	// Codes lists for each enabled framework its codes that no completed,
	// evidenced entry is aligned to; frameworks with none missing are left
	// out.
	Codes []Missing
}

// Missing is what one type or framework lacks.
type Missing struct {
	Of   string   // the type or framework
	What []string // the phases or codes it lacks, in vocabulary order
}

// Coverage derives the coverage matrices and the gaps.
func (p *Portfolio) Coverage() Coverage {
	c := Coverage{TypePhase: map[[2]string][]string{}, TypeExpertise: map[[2]string][]string{}, Codes: map[[2]string][]string{}}
	typed := map[string]bool{}
	for _, e := range p.PublishedEntries() {
		for _, t := range e.Types() {
			typed[t] = true
		}
		if !e.Demonstrates() {
			continue
		}
		for _, t := range e.Types() {
			for _, ph := range e.Phases() {
				c.TypePhase[[2]string{t, ph}] = append(c.TypePhase[[2]string{t, ph}], e.Src.Slug)
			}
			for _, x := range e.Expertise {
				c.TypeExpertise[[2]string{t, x}] = append(c.TypeExpertise[[2]string{t, x}], e.Src.Slug)
			}
		}
		for fw, codes := range e.Aligned() {
			for _, a := range codes {
				k := [2]string{fw, a.Code}
				if l := c.Codes[k]; len(l) == 0 || l[len(l)-1] != e.Src.Slug { // a code may be listed twice
					c.Codes[k] = append(c.Codes[k], e.Src.Slug)
				}
			}
		}
	}
	c.Gaps = p.gaps(c, typed)
	return c
}

// gaps reads the gaps off the matrices; typed holds the types of every
// published entry.
func (p *Portfolio) gaps(c Coverage, typed map[string]bool) Gaps {
	var g Gaps
	types := p.Model.Vocab("types").IDs()
	// shown reports whether an entry of any type, in the vocabulary or
	// not, demonstrates col.
	shown := func(cell map[[2]string][]string, col string) bool {
		for k, slugs := range cell {
			if k[1] == col && len(slugs) > 0 {
				return true
			}
		}
		return false
	}
	for _, t := range types {
		if !typed[t] {
			g.Types = append(g.Types, t)
		}
		var missing []string
		for _, ph := range p.Model.Vocab("phases").IDs() {
			if len(c.TypePhase[[2]string{t, ph}]) == 0 {
				missing = append(missing, ph)
			}
		}
		if len(missing) > 0 {
			g.TypePhases = append(g.TypePhases, Missing{Of: t, What: missing})
		}
	}
	for _, ph := range p.Model.Vocab("phases").IDs() {
		if !shown(c.TypePhase, ph) {
			g.Phases = append(g.Phases, ph)
		}
	}
	for _, x := range p.Model.Vocab("expertise").IDs() {
		if !shown(c.TypeExpertise, x) {
			g.Expertise = append(g.Expertise, x)
		}
	}
	for _, f := range p.EnabledFrameworks() {
		var missing []string
		for _, code := range f.Codes {
			if len(c.Codes[[2]string{f.ID, code.ID}]) == 0 {
				missing = append(missing, code.ID)
			}
		}
		if len(missing) > 0 {
			g.Codes = append(g.Codes, Missing{Of: f.ID, What: missing})
		}
	}
	return g
}

// EnabledFrameworks returns the frameworks the portfolio aligns to: those
// named in dll.yaml, or all when it names none.
func (p *Portfolio) EnabledFrameworks() []*Framework {
	if len(p.Settings.Frameworks) == 0 {
		return p.Model.Frameworks
	}
	var out []*Framework
	for _, id := range p.Settings.Frameworks {
		if f := p.Model.Framework(id); f != nil {
			out = append(out, f)
		}
	}
	return out
}

// FeaturedSlug returns the slug of the entry an item of featured: in
// dll.yaml names: its slug, or the name of its file or folder.
func FeaturedSlug(name string) string {
	name = path.Base(strings.TrimRight(strings.TrimSpace(name), "/"))
	for _, ext := range []string{".md", ".markdown", ".yaml", ".yml"} {
		if strings.HasSuffix(strings.ToLower(name), ext) {
			name = name[:len(name)-len(ext)]
			break
		}
	}
	return Slugify(name)
}

// Featured returns the published entries that dll.yaml features, in its
// order, each once; entries it names that are not published are left out.
func (p *Portfolio) Featured() []*Entry {
	bySlug := map[string]*Entry{}
	for _, e := range p.PublishedEntries() {
		bySlug[e.Src.Slug] = e
	}
	var out []*Entry
	for _, name := range p.Settings.Featured {
		if e := bySlug[FeaturedSlug(name)]; e != nil && !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out
}
