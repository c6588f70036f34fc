package site

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"io"
	"path"
	"slices"
	"strings"
	"time"

	"dll/internal/media"
	"dll/internal/portfolio"
)

// page is what a template gets.
type page struct {
	Site        *siteView
	Path        string // the page's site path, such as experiences/x/index.html
	Root        string // the way from the page to the site's root, such as ../../
	Title       string // this page's part of the <title>
	Description string
	Section     string // which navigation item is current
	Heading     string

	Entry    *entryView
	Evidence []evidenceView
	Body     template.HTML
	Entries  []*entryView
	Groups   []group
	Type     *typeView
	Fw       *frameworkView
	Tag      *tagView
	Latest   []*entryView
	History  *History
	Changes  []changeView
	Matrix   *matrix // types by phases, on the home page
	Areas    *matrix // types by expertise, on the home page

	b *builder
}

// group is a heading with entries under it.
type group struct {
	ID, Label string
	Entries   []*entryView
}

func (b *builder) page(sitePath, title, section string) *page {
	root := rootOf(sitePath)
	if sitePath == "404.html" && b.site.BaseURL != "" {
		// The 404 page is served at any address: its links start from the
		// site's own path.
		root = basePath(b.site.BaseURL)
	}
	return &page{Site: b.site, Path: sitePath, Root: root, Title: title, Section: section, b: b}
}

// execute renders the template name for pg and writes it at pg.Path.
func (b *builder) execute(name string, pg *page) error {
	var buf bytes.Buffer
	if err := b.tpl.execute(&buf, name, pg); err != nil {
		return err
	}
	if err := b.writeFile(pg.Path, buf.Bytes()); err != nil {
		return err
	}
	b.mu.Lock()
	b.sum.Pages++
	if pg.Entry != nil {
		b.sum.Entries++
		if pg.Entry.Draft {
			b.sum.Drafts++
		}
	}
	b.mu.Unlock()
	return nil
}

func (b *builder) writeFile(name string, data []byte) error {
	f, err := b.w.create(name)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// copyFile publishes a file of the portfolio at a site path, through the
// one table of formats (media): cleaned of location, camera, author and
// comments, published as it is (plain text), or refused. dll validate
// reports every file this would refuse, so a refusal here names the file
// and the fix.
func (b *builder) copyFile(src, dst string) error {
	b.mu.Lock()
	done := b.copied[dst]
	b.copied[dst] = true
	b.mu.Unlock()
	if done {
		return nil
	}
	in, err := b.p.FS.Open(src)
	if err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	defer in.Close()
	info, err := in.Stat()
	if err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	var r io.ReaderAt
	if ra, ok := in.(io.ReaderAt); ok {
		r = ra
	} else {
		data, err := io.ReadAll(in)
		if err != nil {
			return fmt.Errorf("%s: %w", src, err)
		}
		r = bytes.NewReader(data)
	}
	out, err := b.w.create(dst)
	if err != nil {
		return err
	}
	cw := &countWriter{w: out}
	removed, err := media.CleanTo(cw, src, r, info.Size()) // writes nothing when it refuses
	if err != nil {
		out.Close()
		return fmt.Errorf("%s: %w", src, err)
	}
	if err := out.Close(); err != nil {
		return err
	}
	b.mu.Lock()
	if len(removed) > 0 {
		b.sum.Stripped = append(b.sum.Stripped, src)
	}
	b.sum.Files++
	b.sum.Bytes += cw.n
	b.mu.Unlock()
	return nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func readAll(p *portfolio.Portfolio, name string) ([]byte, error) {
	f, err := p.FS.Open(name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	defer f.Close()
	return io.ReadAll(f)
}

func newSiteView(p *portfolio.Portfolio, entries []*entryView, opts Options) *siteView {
	s := p.Settings
	l := s.Leader
	sv := &siteView{
		Title: s.Title, Lang: cmp.Or(s.Language, "en"), Version: opts.Version,
		Totals: p.Totals(), Philosophy: p.Philosophy != nil, Drafts: opts.Drafts, BaseURL: s.BaseURL,
		Changes: len(opts.Snapshots) > 0,
		Leader:  leaderView{Name: l.Name, Role: labelOf(p.Model, "roles", l.Role), Organization: l.Organization, PhotoAlt: l.PhotoAlt},
	}
	if l.Photo != "" {
		if full, _, err := p.LeaderPhoto(); err == nil {
			sv.Leader.photoSrc = full
			sv.Leader.Photo = "assets/" + path.Base(full)
		}
	}
	count := map[string]int{}
	tags := map[string]*tagView{}
	for _, v := range entries {
		for _, t := range v.Types {
			count[t.ID]++
		}
		for _, t := range v.Tags {
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
		sv.Types = append(sv.Types, termCount{t.ID, cmp.Or(t.Label, t.ID), t.Description, count[t.ID]})
	}
	for _, slug := range sortedKeys(tags) {
		sv.Tags = append(sv.Tags, tags[slug])
	}
	for _, f := range p.EnabledFrameworks() {
		fv := &frameworkView{ID: f.ID, Name: f.Name}
		for _, c := range f.Codes {
			cv := codeView{ID: c.ID, Label: cmp.Or(c.Label, c.ID), Description: c.Description, Anchor: codeAnchor(c.ID)}
			for _, v := range entries {
				if slices.Contains(v.src.Alignments[f.ID], c.ID) {
					cv.Entries = append(cv.Entries, v)
				}
			}
			if len(cv.Entries) > 0 {
				fv.Covered++
			}
			fv.Codes = append(fv.Codes, cv)
		}
		sv.Frameworks = append(sv.Frameworks, fv)
	}
	return sv
}

// matrix is the coverage table of the home page: experience types down the
// side, phases (or expertise areas) across the top.
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

func (b *builder) matrix(vocab string, cells map[[2]string][]string, anchor string) *matrix {
	m := &matrix{}
	for _, c := range b.p.Model.Vocab(vocab).Values {
		m.Columns = append(m.Columns, term{c.ID, cmp.Or(c.Label, c.ID)})
	}
	for _, t := range b.site.Types {
		row := matrixRow{Type: term{t.ID, t.Label}}
		for _, c := range m.Columns {
			n := len(cells[[2]string{t.ID, c.ID}])
			row.Cells = append(row.Cells, matrixCell{Column: c.Label, Count: n, Href: "types/" + t.ID + "/index.html#" + anchor + c.ID})
		}
		m.Rows = append(m.Rows, row)
	}
	return m
}

func (b *builder) home() error {
	pg := b.page("index.html", "", "home")
	pg.Description = b.site.Leader.Name + ", " + b.site.Leader.Role + ": a portfolio of learning experiences designed with partner teachers."
	if bio := b.p.Settings.Leader.Bio; strings.TrimSpace(bio) != "" {
		html, err := b.md.render([]byte(bio), plainLinks{}, true)
		if err != nil {
			return fmt.Errorf("%s: leader.bio: %w", b.p.Settings.Pos.At("leader.bio"), err)
		}
		b.site.Leader.Bio = safeHTML(html)
	}
	cov := b.coverage
	pg.Matrix = b.matrix("phases", cov.TypePhase, "phase-")
	pg.Areas = b.matrix("expertise", cov.TypeExpertise, "expertise-")
	pg.Latest = b.entries[:min(6, len(b.entries))]
	return b.execute("home.html", pg)
}

func (b *builder) experiencesPage() error {
	pg := b.page("experiences/index.html", "All experiences", "experiences")
	pg.Heading = "All experiences"
	pg.Entries = b.entries
	return b.execute("list.html", pg)
}

func (b *builder) timeline() error {
	pg := b.page("timeline/index.html", "Timeline", "timeline")
	pg.Heading = "Timeline"
	pg.Description = "Every experience in the order it happened."
	chrono := slices.Clone(b.entries)
	slices.Reverse(chrono)
	for _, v := range chrono {
		year := fmt.Sprint(v.Start.Year())
		if n := len(pg.Groups); n == 0 || pg.Groups[n-1].Label != year {
			pg.Groups = append(pg.Groups, group{ID: "year-" + year, Label: year})
		}
		g := &pg.Groups[len(pg.Groups)-1]
		g.Entries = append(g.Entries, v)
	}
	return b.execute("timeline.html", pg)
}

// typeView is an experience type's page: its entries, then by phase and by
// expertise, the sections the home page's coverage cells point to.
type typeView struct {
	termCount
	Phases []group
	Areas  []group
}

func (b *builder) typePages() error {
	cov := b.coverage
	order := make(map[string]int, len(b.entries))
	for i, v := range b.entries {
		order[v.Slug] = i
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
			tv.Phases = append(tv.Phases, group{ID: "phase-" + ph.ID, Label: cmp.Or(ph.Label, ph.ID), Entries: pick(cov.TypePhase[[2]string{t.ID, ph.ID}])})
		}
		for _, x := range b.p.Model.Vocab("expertise").Values {
			tv.Areas = append(tv.Areas, group{ID: "expertise-" + x.ID, Label: cmp.Or(x.Label, x.ID), Entries: pick(cov.TypeExpertise[[2]string{t.ID, x.ID}])})
		}
		pg := b.page("types/"+t.ID+"/index.html", t.Label, "types")
		pg.Heading = t.Label
		pg.Description = t.Description
		pg.Type = tv
		for _, v := range b.entries {
			if slices.ContainsFunc(v.Types, func(x term) bool { return x.ID == t.ID }) {
				pg.Entries = append(pg.Entries, v)
			}
		}
		lists := [][]*entryView{pg.Entries}
		for _, g := range slices.Concat(tv.Phases, tv.Areas) {
			lists = append(lists, g.Entries)
		}
		if b.unchanged(pg.Path, lists...) {
			continue
		}
		if err := b.execute("type.html", pg); err != nil {
			return err
		}
	}
	pg := b.page("types/index.html", "Experience types", "types")
	pg.Heading = "Experience types"
	return b.execute("types.html", pg)
}

func (b *builder) frameworkPages() error {
	for _, f := range b.site.Frameworks {
		pg := b.page("frameworks/"+f.ID+"/index.html", f.Name, "frameworks")
		pg.Heading = f.Name
		pg.Fw = f
		var lists [][]*entryView
		for _, c := range f.Codes {
			lists = append(lists, c.Entries)
		}
		if b.unchanged(pg.Path, lists...) {
			continue
		}
		if err := b.execute("framework.html", pg); err != nil {
			return err
		}
	}
	pg := b.page("frameworks/index.html", "Frameworks", "frameworks")
	pg.Heading = "Alignment to frameworks"
	return b.execute("frameworks.html", pg)
}

func (b *builder) tagPages() error {
	for _, t := range b.site.Tags {
		pg := b.page("tags/"+t.Slug+"/index.html", "Tagged "+t.Name, "tags")
		pg.Heading = "Tagged “" + t.Name + "”"
		pg.Tag = t
		pg.Entries = t.Entries
		if b.unchanged(pg.Path, t.Entries) {
			continue
		}
		if err := b.execute("list.html", pg); err != nil {
			return err
		}
	}
	pg := b.page("tags/index.html", "Tags", "tags")
	pg.Heading = "Tags"
	return b.execute("tags.html", pg)
}

func (b *builder) philosophy() error {
	ph := b.p.Philosophy
	if ph == nil {
		return nil
	}
	pg := b.page("philosophy/index.html", "Philosophy", "philosophy")
	html, err := b.md.render([]byte(ph.Body), pageLinks{b, pg.Root}, true)
	if err != nil {
		return fmt.Errorf("%s: body: %w", ph.BodyStart(), err)
	}
	pg.Heading = "Philosophy"
	pg.Body = safeHTML(html)
	return b.execute("page.html", pg)
}

func (b *builder) notFound() error {
	pg := b.page("404.html", "Page not found", "")
	pg.Heading = "Page not found"
	return b.execute("404.html", pg)
}

func (b *builder) assets() error {
	css, err := b.tpl.file("style.css")
	if err != nil {
		return err
	}
	if err := b.writeFile("assets/style.css", css); err != nil {
		return err
	}
	if src := b.site.Leader.photoSrc; src != "" {
		return b.copyFile(src, b.site.Leader.Photo)
	}
	return nil
}

// safeHTML marks HTML that goldmark made in safe mode, with raw HTML and
// unsafe links removed, as trusted by html/template.
func safeHTML(b []byte) template.HTML { return template.HTML(b) } //nolint:gosec // see markdown.go

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
		slices.SortStableFunc(out, func(a, c *entryView) int { return strings.Compare(a.Title, c.Title) })
		return out
	}
	pg := b.page("changes/index.html", "What changed", "changes")
	pg.Heading = "What changed"
	pg.Description = "The experiences added or revised since each snapshot of this portfolio."
	for i, s := range b.opts.Snapshots {
		pg.Changes = append(pg.Changes, changeView{ID: fmt.Sprintf("since-%d", i+1), Name: s.Name, Date: s.Date, Added: pick(s.Added), Changed: pick(s.Changed)})
	}
	return b.execute("changes.html", pg)
}
