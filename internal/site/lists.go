package site

import (
	"cmp"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"dll/internal/lang"
	"dll/internal/portfolio"
)

func newSiteView(p *portfolio.Portfolio, entries []*entryView, opts Options, cat *lang.Catalog) *siteView {
	s := p.Settings
	l := s.Leader
	sv := &siteView{
		Title: s.Title, Lang: cat.Lang(), Dir: cat.Dir(), Version: opts.Version, Updated: opts.Updated,
		Totals: p.Totals(), Listed: len(entries), Philosophy: p.Philosophy != nil, Drafts: opts.Drafts, BaseURL: s.BaseURL,
		Changes: len(opts.Snapshots) > 0, Show: s.Site,
		Leader: leaderView{Name: l.Name, Role: labelOf(p.Model, "roles", l.Role), Organization: l.Organization, PhotoAlt: l.PhotoAlt,
			Initials: initials(l.Name), Email: l.Email, Location: l.Location},
		Summary: summaryView{Roles: s.Summary.Roles, Credentials: s.Summary.Credentials},
	}
	for _, pr := range l.Profiles {
		// Only web pages: dll validate refuses anything else, and the
		// site never links to it.
		if kind, _ := portfolio.ClassifyLink(pr.URL); kind == portfolio.LinkExternal && pr.Label != "" &&
			(strings.HasPrefix(strings.ToLower(pr.URL), "https://") || strings.HasPrefix(strings.ToLower(pr.URL), "http://")) {
			sv.Leader.Profiles = append(sv.Leader.Profiles, pr)
		}
	}
	if l.Photo != "" {
		if full, _, err := p.LeaderPhoto(); err == nil {
			sv.Leader.photoSrc = full
		}
	}
	count := map[string]int{}
	tags := map[string]*tagView{}
	for _, v := range entries {
		for _, t := range v.Types {
			count[t.ID]++
		}
		for _, t := range v.Tags() {
			tv := tags[t.Slug]
			if tv == nil {
				tv = &tagView{Name: t.Name, Slug: t.Slug}
				tags[t.Slug] = tv
			}
			if n := len(tv.Entries); n == 0 || tv.Entries[n-1] != v { // an entry may repeat a tag
				tv.Entries = append(tv.Entries, v)
			}
		}
	}
	for _, t := range p.Model.Vocab("types").Values {
		if count[t.ID] > 0 || s.Site.ShowGaps {
			sv.Types = append(sv.Types, termCount{t.ID, cmp.Or(t.Label, t.ID), t.Description, count[t.ID]})
		}
	}
	for _, slug := range sortedKeys(tags) {
		tv := tags[slug]
		tv.Lang, tv.Dir = tv.Entries[0].Lang(), tv.Entries[0].Dir()
		for _, v := range tv.Entries {
			if v.Lang() != tv.Lang {
				tv.Lang, tv.Dir = "", ""
			}
		}
		sv.Tags = append(sv.Tags, tv)
	}
	for _, f := range p.EnabledFrameworks() {
		fv := &frameworkView{ID: f.ID, Name: f.Name}
		for _, c := range f.Codes {
			cv := codeView{ID: c.ID, Label: cmp.Or(c.Label, c.ID), Description: c.Description, Anchor: codeAnchor(c.ID)}
			if hasDigit(c.ID) {
				cv.Code = c.ID
			}
			for _, v := range entries {
				if _, ok := portfolio.AlignmentOf(v.src.AlignedTo(f.ID), c.ID); ok {
					cv.Entries = append(cv.Entries, v)
				}
			}
			if len(cv.Entries) > 0 {
				fv.Covered++
			}
			fv.Codes = append(fv.Codes, cv)
		}
		if fv.Covered > 0 || s.Site.ShowGaps {
			sv.Frameworks = append(sv.Frameworks, fv)
		}
	}
	return sv
}

// initials are the first letters of the first and last words of a name,
// for the icon of a site with none of its own.
func initials(name string) string {
	var words []string
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }) {
		if r := []rune(w); unicode.IsUpper(r[0]) || len(words) == 0 {
			words = append(words, w)
		}
	}
	switch len(words) {
	case 0:
		return "?"
	case 1:
		return strings.ToUpper(string([]rune(words[0])[:1]))
	}
	return strings.ToUpper(string([]rune(words[0])[:1]) + string([]rune(words[len(words)-1])[:1]))
}

// matrix is a coverage table: experience types down the side, phases (or
// expertise areas) across the top.
type matrix struct {
	Columns []term
	Rows    []matrixRow
}

type matrixRow struct {
	Type  term
	Cells []matrixCell
}

type matrixCell struct {
	Column string
	Count  int
	Href   string // the type page's section, from the site root
}

// matrix makes a coverage table. Without show_gaps it has no row or
// column that would be empty.
func (b *builder) matrix(vocab string, cells map[[2]string][]string, anchor string) *matrix {
	m := &matrix{}
	gaps := b.site.Show.ShowGaps
	for _, c := range b.p.Model.Vocab(vocab).Values {
		used := gaps
		for _, t := range b.site.Types {
			used = used || len(cells[[2]string{t.ID, c.ID}]) > 0
		}
		if used {
			m.Columns = append(m.Columns, term{c.ID, cmp.Or(c.Label, c.ID)})
		}
	}
	for _, t := range b.site.Types {
		row := matrixRow{Type: term{t.ID, t.Label}}
		total := 0
		for _, c := range m.Columns {
			n := len(cells[[2]string{t.ID, c.ID}])
			total += n
			row.Cells = append(row.Cells, matrixCell{Column: c.Label, Count: n, Href: "types/" + t.ID + "/index.html#" + anchor + c.ID})
		}
		if total > 0 || gaps {
			m.Rows = append(m.Rows, row)
		}
	}
	return m
}

// shows is what the portfolio demonstrates, for a reader in a hurry: the
// labels of what its completed, evidenced experiences cover.
type shows struct {
	Types, Phases, Expertise []term
	Settings                 []string
	AllTypes                 bool // every experience type of the model
}

func (b *builder) shows() *shows {
	cov := b.cov()
	sh := &shows{}
	has := func(cells map[[2]string][]string, id string, first bool) bool {
		for k, v := range cells {
			if len(v) > 0 && (first && k[0] == id || !first && k[1] == id) {
				return true
			}
		}
		return false
	}
	types := b.p.Model.Vocab("types").Values
	for _, t := range types {
		if has(cov.TypePhase, t.ID, true) {
			sh.Types = append(sh.Types, term{t.ID, cmp.Or(t.Label, t.ID)})
		}
	}
	sh.AllTypes = len(sh.Types) == len(types)
	for _, ph := range b.p.Model.Vocab("phases").Values {
		if has(cov.TypePhase, ph.ID, false) {
			sh.Phases = append(sh.Phases, term{ph.ID, cmp.Or(ph.Label, ph.ID)})
		}
	}
	for _, x := range b.p.Model.Vocab("expertise").Values {
		if has(cov.TypeExpertise, x.ID, false) {
			sh.Expertise = append(sh.Expertise, term{x.ID, cmp.Or(x.Label, x.ID)})
		}
	}
	seen := map[string]bool{}
	for _, o := range b.p.Model.Vocab("organization_types").Values {
		for _, v := range b.entries {
			if v.src.Setting.OrganizationType == o.ID && !seen[o.ID] {
				seen[o.ID] = true
				sh.Settings = append(sh.Settings, cmp.Or(o.Label, o.ID))
			}
		}
	}
	return sh
}

// featureView is an experience the home page features, with its picture.
type featureView struct {
	Entry *entryView
	Pic   *picture
	Alt   string
}

// featured returns the experiences the home page shows first: those
// dll.yaml names, or else (and when none of those is published) the three
// latest completed ones, those with a picture first. A portfolio with no
// picture to publish, as many schools ask, still leads with its work.
func (b *builder) featured() []featureView {
	bySlug := map[string]*entryView{}
	for _, v := range b.entries {
		bySlug[v.Slug()] = v
	}
	var picked []*entryView
	for _, name := range b.p.Settings.Featured {
		if v := bySlug[portfolio.FeaturedSlug(name)]; v != nil && !slices.Contains(picked, v) {
			picked = append(picked, v)
		}
	}
	if len(picked) == 0 {
		for _, withPicture := range []bool{true, false} {
			for _, v := range b.entries {
				if len(picked) == 3 {
					break
				}
				if v.Status() != "completed" || slices.Contains(picked, v) {
					continue
				}
				if pic, _ := b.cardPicture(v); (pic != nil) == withPicture {
					picked = append(picked, v)
				}
			}
		}
	}
	out := make([]featureView, 0, len(picked))
	for _, v := range picked {
		pic, alt := b.cardPicture(v)
		out = append(out, featureView{Entry: v, Pic: pic, Alt: alt})
	}
	return out
}

func (b *builder) home() error {
	pg := b.page("index.html", "home", "home")
	pg.Featured = b.featured()
	pg.Shows = b.shows()
	shown := map[*entryView]bool{}
	for _, f := range pg.Featured {
		shown[f.Entry] = true
	}
	for _, v := range b.entries {
		if !shown[v] && len(pg.Entries) < 5 {
			pg.Entries = append(pg.Entries, v)
		}
	}
	return b.queue("home.html", pg)
}

// coveragePage is the full matrix of what the experiences demonstrate.
func (b *builder) coveragePage() error {
	pg := b.page("coverage/index.html", "coverage", "")
	cov := b.cov()
	pg.Matrix = b.matrix("phases", cov.TypePhase, "phase-")
	pg.Areas = b.matrix("expertise", cov.TypeExpertise, "expertise-")
	pg.Shows = b.shows()
	return b.queue("coverage.html", pg)
}

// summaryPage is the career at a glance, to print on a page or two.
func (b *builder) summaryPage() error {
	pg := b.page("summary/index.html", "summary", "summary")
	pg.Featured = b.featured()
	pg.Shows = b.shows()
	pg.Entries = b.entries
	if len(b.entries) > summaryMax && !b.tpl.own["summary.html"] {
		pg.Entries, pg.All = b.entries[:summaryMax], len(b.entries)
	}
	return b.queue("summary.html", pg)
}

// summaryMax is how many experiences the summary lists, the latest: a
// longer list would no longer print on a page or two. The experiences
// pages list them all. A summary.html of the portfolio's own is given
// them all, as it was before dll's listed only the latest: it may head
// them "All experiences", and know nothing of the link to the others.
const summaryMax = perPage

func (b *builder) experiencesPage() error {
	return b.paged("experiences/", "experiences", "experiences", pageCount(len(b.entries)), func(pg *page, k int) (string, [][]*entryView) {
		pg.Entries = onPage(b.entries, k)
		pg.Pager.Total = len(b.entries)
		return "list.html", [][]*entryView{pg.Entries}
	})
}

// timeline lists the experiences by the year they began, newest first,
// each year once on each of its pages. A year that goes on from the page
// before counts on from where that page stopped.
func (b *builder) timeline() error {
	chrono := slices.Clone(b.entries)
	slices.SortStableFunc(chrono, func(a, c *entryView) int {
		return cmp.Or(c.Start().Compare(a.Start().Time), c.sortDate().Compare(a.sortDate()))
	})
	return b.paged("timeline/", "timeline", "timeline", pageCount(len(chrono)), func(pg *page, k int) (string, [][]*entryView) {
		shown := onPage(chrono, k)
		pg.Pager.Total = len(chrono)
		for _, v := range shown {
			year := fmt.Sprint(v.Start().Year())
			if n := len(pg.Groups); n == 0 || pg.Groups[n-1].ID != "year-"+year {
				g := group{ID: "year-" + year, Label: b.tpl.cat.Year(v.Start().Year())}
				if n == 0 {
					// The entries of the same year on the pages before.
					before := 0
					for i := k*perPage - 1; i >= 0 && chrono[i].Start().Year() == v.Start().Year(); i-- {
						before++
					}
					if before > 0 {
						g.Start = before + 1
					}
				}
				pg.Groups = append(pg.Groups, g)
			}
			g := &pg.Groups[len(pg.Groups)-1]
			g.Entries = append(g.Entries, v)
		}
		return "timeline.html", [][]*entryView{shown}
	})
}

// typeView is an experience type's page: its entries, then by phase and by
// expertise, the sections the coverage cells point to.
type typeView struct {
	termCount
	Phases []group
	Areas  []group
}

func (b *builder) typePages() error {
	cov := b.cov()
	gaps := b.site.Show.ShowGaps
	order := make(map[string]int, len(b.entries))
	for i, v := range b.entries {
		order[v.Slug()] = i
	}
	// pick returns the entries named, newest first like every list.
	pick := func(slugs []string) []*entryView {
		idx := make([]int, 0, len(slugs))
		for _, s := range slugs {
			if i, ok := order[s]; ok {
				idx = append(idx, i)
			}
		}
		slices.Sort(idx)
		out := make([]*entryView, len(idx))
		for j, i := range idx {
			out[j] = b.entries[i]
		}
		return out
	}
	for _, t := range b.site.Types {
		tv := &typeView{termCount: t}
		for _, ph := range b.p.Model.Vocab("phases").Values {
			if es := pick(cov.TypePhase[[2]string{t.ID, ph.ID}]); len(es) > 0 || gaps {
				tv.Phases = append(tv.Phases, group{ID: "phase-" + ph.ID, Label: cmp.Or(ph.Label, ph.ID), Entries: es})
			}
		}
		for _, x := range b.p.Model.Vocab("expertise").Values {
			if es := pick(cov.TypeExpertise[[2]string{t.ID, x.ID}]); len(es) > 0 || gaps {
				tv.Areas = append(tv.Areas, group{ID: "expertise-" + x.ID, Label: cmp.Or(x.Label, x.ID), Entries: es})
			}
		}
		var all []*entryView
		for _, v := range b.entries {
			if slices.ContainsFunc(v.Types, func(x term) bool { return x.ID == t.ID }) {
				all = append(all, v)
			}
		}
		// Each page shows the next cards of the type and, by phase
		// and by expertise, the next entries of each section.
		err := b.paged("types/"+t.ID+"/", "type", "types", pageCount(len(all)), func(pg *page, k int) (string, [][]*entryView) {
			pg.Entries = onPage(all, k)
			pg.Pager.Total = len(all)
			pg.Type = &typeView{termCount: t, Phases: groupsOnPage(tv.Phases, k), Areas: groupsOnPage(tv.Areas, k)}
			lists := [][]*entryView{pg.Entries}
			for _, g := range slices.Concat(pg.Type.Phases, pg.Type.Areas) {
				lists = append(lists, g.Entries)
			}
			return "type.html", lists
		})
		if err != nil {
			return err
		}
	}
	pg := b.page("types/index.html", "types", "types")
	return b.queue("types.html", pg)
}

func (b *builder) frameworkPages() error {
	for _, f := range b.site.Frameworks {
		// Each page shows the next entries of each code.
		count := 1
		for _, c := range f.Codes {
			count = max(count, pageCount(len(c.Entries)))
		}
		err := b.paged("frameworks/"+f.ID+"/", "framework", "frameworks", count, func(pg *page, k int) (string, [][]*entryView) {
			fv := f
			if count > 1 {
				fv = &frameworkView{ID: f.ID, Name: f.Name, Covered: f.Covered, later: k > 0}
				for _, c := range f.Codes {
					c.Entries = onPage(c.Entries, k)
					fv.Codes = append(fv.Codes, c)
				}
			}
			pg.Fw = fv
			var lists [][]*entryView
			for _, c := range fv.Codes {
				lists = append(lists, c.Entries)
			}
			return "framework.html", lists
		})
		if err != nil {
			return err
		}
	}
	if len(b.site.Frameworks) == 0 {
		return nil
	}
	pg := b.page("frameworks/index.html", "frameworks", "frameworks")
	return b.queue("frameworks.html", pg)
}

func (b *builder) tagPages() error {
	for _, t := range b.site.Tags {
		err := b.paged("tags/"+t.Slug+"/", "tag", "tags", pageCount(len(t.Entries)), func(pg *page, k int) (string, [][]*entryView) {
			pg.Tag = t
			pg.Entries = onPage(t.Entries, k)
			pg.Pager.Total = len(t.Entries)
			return "list.html", [][]*entryView{pg.Entries}
		})
		if err != nil {
			return err
		}
	}
	if len(b.site.Tags) == 0 {
		return nil
	}
	pg := b.page("tags/index.html", "tags", "tags")
	return b.queue("tags.html", pg)
}

// perPage is how many entries a page of a list shows: enough to browse,
// few enough that a page of 10,000 experiences' list reads on a phone.
// A longer list goes on over pages of its own (see paged).
const perPage = 50

// pageCount is how many pages a list of n entries takes: one at least.
func pageCount(n int) int { return max(1, (n+perPage-1)/perPage) }

// onPage returns the entries of list that the k-th page shows, from 0.
func onPage(list []*entryView, k int) []*entryView {
	return list[min(k*perPage, len(list)):min((k+1)*perPage, len(list))]
}

// groupsOnPage returns the groups as the k-th page shows them: each with
// its entries for that page. The first page shows every group, the
// others only those that go on to them.
func groupsOnPage(groups []group, k int) []group {
	var out []group
	for _, g := range groups {
		g.Entries = onPage(g.Entries, k)
		if k == 0 || len(g.Entries) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// pagePath is the site path of the n-th page (from 1) of the list whose
// first page is base + index.html: later ones are at base/page/n/.
func pagePath(base string, n int) string {
	if n == 1 {
		return base + "index.html"
	}
	return base + "page/" + strconv.Itoa(n) + "/index.html"
}

// paged renders the count pages of a list. fill fills in the k-th page
// (from 0) and says which template renders it and which lists of entries
// it shows (for unchanged). A list of one page is rendered as it always
// was, with no pager.
func (b *builder) paged(base, kind, section string, count int, fill func(pg *page, k int) (string, [][]*entryView)) error {
	for k := range count {
		pg := b.page(pagePath(base, k+1), kind, section)
		pg.Pager = &pager{Number: k + 1, Count: count}
		if k > 0 {
			pg.Pager.Prev, pg.Pager.PrevNumber = pagePath(base, k), k
		}
		if k+1 < count {
			pg.Pager.Next, pg.Pager.NextNumber = pagePath(base, k+2), k+2
		}
		if k > 0 {
			b.laterPages = append(b.laterPages, pg.Path)
		}
		name, lists := fill(pg, k)
		// A page shows more than its own entries: how many pages and
		// entries the whole list has, and where a group that goes on
		// from the page before counts from, which that page decides.
		whole := strconv.Itoa(count) + " " + strconv.Itoa(pg.Pager.Total)
		for _, g := range pg.Groups {
			whole += " " + strconv.Itoa(g.Start)
		}
		if count == 1 {
			pg.Pager = nil
		}
		if b.unchanged(pg.Path, whole, lists...) {
			continue
		}
		if err := b.queue(name, pg); err != nil {
			return err
		}
	}
	return nil
}

func (b *builder) philosophy() error {
	ph := b.p.Philosophy
	if ph == nil {
		return nil
	}
	pg := b.page("philosophy/index.html", "philosophy", "philosophy")
	html, err := b.md.render(&portfolio.Story{Src: []byte(ph.Body)}, pageLinks{b, pg.Root}, true, 2)
	if err != nil {
		return fmt.Errorf("%s: body: %w", ph.BodyStart(), err)
	}
	pg.Body = safeHTML(html)
	return b.queue("page.html", pg)
}

func (b *builder) notFound() error {
	pg := b.page("404.html", "not-found", "")
	return b.queue("404.html", pg)
}

// assets writes the style sheet, the icon and the portrait.
func (b *builder) assets() error {
	css, err := b.tpl.file("style.css")
	if err != nil {
		return err
	}
	if err := b.writeFile("assets/style.css", css); err != nil {
		return err
	}
	if err := b.writeFile(b.site.Icon, b.iconSVG()); err != nil {
		return err
	}
	if pic := b.site.Leader.Photo; pic != nil {
		return b.writePicture(pic)
	}
	return nil
}

// bio makes the leader's bio into HTML, before any page shows it: the
// layout of every page has the leader, and the pages are made on every
// core.
func (b *builder) bio() error {
	bio := b.p.Settings.Leader.Bio
	if strings.TrimSpace(bio) == "" {
		return nil
	}
	// The home page shows the bio under its h1, the summary page under
	// the h2 "Profile": a heading in it sits under each.
	for _, to := range []struct {
		html *template.HTML
		top  int
	}{{&b.site.Leader.Bio, 2}, {&b.site.Leader.BioInSection, 3}} {
		html, err := b.md.render(&portfolio.Story{Src: []byte(bio)}, plainLinks{}, true, to.top)
		if err != nil {
			return fmt.Errorf("%s: leader.bio: %w", b.p.Settings.Pos.At("leader.bio"), err)
		}
		*to.html = safeHTML(html)
	}
	return nil
}

// portrait makes the versions of the leader's photo, before any page
// shows it.
func (b *builder) portrait() error {
	b.site.Icon, b.site.IconType = "assets/icon.svg", "image/svg+xml"
	if b.site.Leader.photoSrc == "" {
		return nil
	}
	pic, err := b.picture(b.site.Leader.photoSrc, "assets", portraitWidths)
	if err != nil {
		return err
	}
	b.site.Leader.Photo = pic
	return nil
}

// iconSVG is the site's icon: the leader's initials on the theme's blue.
func (b *builder) iconSVG() []byte {
	var s strings.Builder
	s.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">`)
	s.WriteString(`<rect width="64" height="64" rx="14" fill="#0b5cad"/>`)
	size := 30
	if len([]rune(b.site.Leader.Initials)) == 1 {
		size = 38
	}
	fmt.Fprintf(&s, `<text x="32" y="%d" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" font-size="%d" font-weight="700" fill="#ffffff" text-anchor="middle">`, 32+size*36/100, size)
	xmlEscape(&s, b.site.Leader.Initials)
	s.WriteString("</text></svg>\n")
	return []byte(s.String())
}

func xmlEscape(s *strings.Builder, text string) {
	s.WriteString(strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(text))
}

// evidencePages write a page for each evidence item that needs one: an
// image seen large, with a way back to its experience, or a long
// transcript.
func (b *builder) evidencePages(v *entryView, evidence []evidenceView) error {
	for i := range evidence {
		ev := &evidence[i]
		if ev.Page == "" {
			continue
		}
		pg := b.page(ev.Page, "evidence", "experiences")
		pg.Entry = v
		pg.Item = ev
		if err := b.execute("evidence.html", pg); err != nil {
			return err
		}
	}
	return nil
}

// changeView is a snapshot as the changes page shows it.
type changeView struct {
	ID             string
	Name           string
	Date           time.Time
	Added, Changed []*entryView
}

// changes writes the page of what changed since each snapshot.
func (b *builder) changes() error {
	if len(b.opts.Snapshots) == 0 {
		return nil
	}
	pick := func(files []string) []*entryView {
		var out []*entryView
		for _, f := range files {
			if v, ok := b.entryByFile[f]; ok {
				out = append(out, v)
			}
		}
		slices.SortStableFunc(out, func(a, c *entryView) int { return strings.Compare(a.Title(), c.Title()) })
		return out
	}
	pg := b.page("changes/index.html", "changes", "changes")
	for i, s := range b.opts.Snapshots {
		pg.Changes = append(pg.Changes, changeView{ID: fmt.Sprintf("since-%d", i+1), Name: s.Name, Date: s.Date, Added: pick(s.Added), Changed: pick(s.Changed)})
	}
	return b.queue("changes.html", pg)
}

// address is where a site path is, as a printed page says: its full
// address with a base_url, its path in the site without one.
func (b *builder) address(sitePath string) string {
	return b.abs(strings.TrimSuffix(sitePath, "index.html"))
}
