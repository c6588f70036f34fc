package site

import (
	"cmp"

	"dll/internal/portfolio"
)

// criteriaView is the criterion map as the site's page and the evidence
// pack show it: the frameworks, each code with the experiences that
// evidence it and the author's note of how.
type criteriaView struct {
	Frameworks []criteriaFramework
	Gaps       bool // codes not yet evidenced are shown (site.show_gaps)
}

type criteriaFramework struct {
	ID, Name   string
	Met, Total int // codes evidenced, of all the framework's codes
	Codes      []criteriaCode
}

type criteriaCode struct {
	ID, Label, Description string
	Code                   string // the id, when it reads as a code (4.1); "" when the label says it all
	Anchor                 string // its id on the page
	Evidence               []criteriaEvidence
	// All is, when Evidence holds only the latest of the experiences
	// that evidence the code, how many experiences the framework's pages
	// list under it, from AllHref: every one aligned to it, under way or
	// completed, those of Evidence too; 0 when Evidence has them all.
	// AllAt is that page's address as a printed page shows it.
	All            int
	AllHref, AllAt string
}

type criteriaEvidence struct {
	Entry *entryView
	Note  string
	Href  string // the way to the experience: its page, or its chapter of the pack
	ID    string // the id of the experience's chapter in the pack; "" on the site
}

// criteria maps frameworks against the entries shown (those that are
// completed, with evidence), as the page or pack whose link to an entry is
// href. Without gaps, codes that no entry evidences, and frameworks with
// none evidenced, are left out.
//
// With limit above 0, a code lists only its latest limit experiences, and
// links to its framework's pages, which list them all (see
// criteriaCode.All).
func (b *builder) criteria(frameworks []*portfolio.Framework, shown []*entryView, gaps bool, limit int, href func(*entryView) (string, string)) *criteriaView {
	views := map[*portfolio.Entry]*entryView{}
	var srcs []*portfolio.Entry
	for _, v := range shown {
		if v.src.Demonstrates() {
			views[v.src] = v
			srcs = append(srcs, v.src)
		}
	}
	cv := &criteriaView{Gaps: gaps}
	for _, f := range portfolio.MapCriteria(frameworks, srcs) {
		if f.Met == 0 && !gaps {
			continue
		}
		fv := criteriaFramework{ID: f.Framework.ID, Name: f.Framework.Name, Met: f.Met, Total: len(f.Codes)}
		for _, c := range f.Codes {
			if len(c.Evidence) == 0 && !gaps {
				continue
			}
			code := criteriaCode{ID: c.Code.ID, Label: cmp.Or(c.Code.Label, c.Code.ID), Description: c.Code.Description,
				Anchor: "map-" + f.Framework.ID + "-" + codeAnchor(c.Code.ID)}
			if hasDigit(c.Code.ID) {
				code.Code = c.Code.ID
			}
			evidence := c.Evidence
			if limit > 0 && len(evidence) > limit {
				evidence = evidence[:limit]
				at := "frameworks/" + f.Framework.ID + "/index.html"
				code.All = b.listed(f.Framework.ID, c.Code.ID)
				code.AllHref = rootOf(criteriaPath) + at + "#" + codeAnchor(c.Code.ID)
				code.AllAt = b.address(at)
			}
			for _, ev := range evidence {
				v := views[ev.Entry]
				link, id := href(v)
				code.Evidence = append(code.Evidence, criteriaEvidence{Entry: v, Note: ev.Note, Href: link, ID: id})
			}
			fv.Codes = append(fv.Codes, code)
		}
		cv.Frameworks = append(cv.Frameworks, fv)
	}
	return cv
}

// criteriaPath is where the site's criterion map is.
const criteriaPath = "criteria/index.html"

// criteriaPerCode is how many experiences the site's criterion map shows
// under each code, the latest, with their notes: enough to read how the
// code is met, few enough that the map stays one page to read whatever
// the number of experiences. The framework's pages list them all.
const criteriaPerCode = 10

// listed is how many experiences the framework fw's pages list under
// code: every shown experience aligned to it.
func (b *builder) listed(fw, code string) int {
	for _, f := range b.site.Frameworks {
		if f.ID != fw {
			continue
		}
		for _, c := range f.Codes {
			if c.ID == code {
				return len(c.Entries)
			}
		}
	}
	return 0
}

// siteCriteria is the site's criterion map, of the frameworks the
// portfolio aligns to, with links from its page. A criteria.html of the
// portfolio's own is given every experience under each code, as it was
// before dll's listed only the latest: it knows nothing of the link to
// the others.
func (b *builder) siteCriteria() *criteriaView {
	root := rootOf(criteriaPath)
	limit := criteriaPerCode
	if b.tpl.own["criteria.html"] {
		limit = 0
	}
	return b.criteria(b.p.EnabledFrameworks(), b.entries, b.site.Show.ShowGaps, limit, func(v *entryView) (string, string) {
		return root + v.URL(), ""
	})
}

// hasCriteria reports whether the site's criterion map maps anything,
// without making it: whether gaps are shown of a framework, or a completed
// experience with evidence that is shown meets a code of one.
func (b *builder) hasCriteria() bool {
	frameworks := b.p.EnabledFrameworks()
	if b.site.Show.ShowGaps {
		return len(frameworks) > 0
	}
	for _, v := range b.entries {
		if !v.src.Demonstrates() {
			continue
		}
		for _, f := range frameworks {
			for _, c := range f.Codes {
				if _, ok := portfolio.AlignmentOf(v.src.AlignedTo(f.ID), c.ID); ok {
					return true
				}
			}
		}
	}
	return false
}

// criteriaPage writes the criterion map, when it maps anything. It is made
// here, with the list pages, rather than kept while entries' pages are made.
func (b *builder) criteriaPage() error {
	if !b.site.Criteria {
		return nil
	}
	pg := b.page(criteriaPath, "criteria", "frameworks")
	pg.Criteria = b.siteCriteria()
	return b.execute("criteria.html", pg)
}
