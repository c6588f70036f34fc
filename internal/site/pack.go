package site

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"html/template"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/yuin/goldmark/ast"
	"golang.org/x/text/language"

	"dll/internal/lang"
	"dll/internal/portfolio"
	"dll/internal/privacy"
)

// The evidence pack is the published portfolio as one document to print:
// a cover, the contents, the summary, the criterion map, and each
// experience as a chapter with its evidence. RenderPack writes it as an
// HTML page and the pictures it shows, for a browser to print to PDF (see
// package pdf). It shows exactly what the site publishes, through the same
// templates, views and privacy guard, and nothing that needs a screen:
// no players, no navigation, every file named by its address.

// PackFile is the page of the evidence pack, in the folder RenderPack
// writes.
const PackFile = "pack.html"

// Paper sizes of the evidence pack.
const (
	PaperLetter = "letter"
	PaperA4     = "a4"
)

// PackOptions choose what an evidence pack holds.
type PackOptions struct {
	// Updated is the date of the document: when the portfolio last
	// changed (its last commit, or the snapshot's). Zero leaves it out.
	Updated time.Time
	// ImageCache is as in Options.
	ImageCache string
	// Framework, when given, is a framework's id: the pack holds only the
	// experiences that evidence it, and its criterion map comes first.
	Framework string
	// Entries, when given, name the experiences the pack holds, in the
	// order given: each by its slug, or the name of its file or folder.
	Entries []string
	// Paper is PaperLetter or PaperA4; "" chooses from the portfolio's
	// language (PaperFor).
	Paper string
}

// ErrPackOption is wrapped by the errors of options that name something
// the portfolio does not publish.
var ErrPackOption = errors.New("evidence pack option")

// Pack is an evidence pack ready to print: its page, and what the printed
// document says of itself.
type Pack struct {
	Page     string        // the folder's slash path of the page: PackFile
	Title    string        // the document's title
	Lang     string        // its language, as a BCP 47 tag
	Dir      string        // its direction: ltr or rtl
	Footer   string        // what each page's footer says beside its number
	Paper    string        // PaperLetter or PaperA4
	Date     time.Time     // the document's date; zero without one
	Chapters []PackChapter // in order, each a bookmark of the document
	Entries  int           // the experiences it holds
	// PageOf is how each page's footer gives its number, as HTML in which
	// {page} stands for the page's number and {pages} for their count:
	// Page {page} of {pages}, in the portfolio's language.
	PageOf string
}

// PackChapter is a chapter of the pack: the element with id ID starts it,
// and the contents give the page it starts on.
type PackChapter struct {
	ID, Title string
}

// PaperFor returns the paper a language's readers print on: Letter where
// the region the language names, or most likely means, uses it (en is the
// United States, en-GB Britain, es Spain, es-MX Mexico), A4 elsewhere.
func PaperFor(lang string) string {
	tag, err := language.Parse(cmp.Or(lang, "en"))
	if err != nil {
		return PaperA4
	}
	region, _ := tag.Region()
	// The regions whose paper is US Letter (Unicode CLDR, paperSize).
	switch region.String() {
	case "US", "CA", "MX", "PH", "CL", "CO", "CR", "GT", "NI", "PA", "PR", "SV", "VE", "BZ":
		return PaperLetter
	}
	return PaperA4
}

// packView is what the pack's template gets.
type packView struct {
	Site      *siteView
	Root      string // "": every path in the pack is from its folder
	Title     string
	Date      time.Time
	Paper     string // the CSS page size: letter or A4
	Framework *portfolio.Framework
	Held, Of  int // the experiences the pack holds, of those published
	Shows     *shows
	Criteria  *criteriaView
	MapFirst  bool
	Chapters  []*packChapter
	Bio       template.HTML
	Address   string // the portfolio's address (base_url); "" without one
}

// packChapter is an experience as the pack prints it.
type packChapter struct {
	ID       string
	N        int // its place among the experiences, from 1
	Entry    *entryView
	Body     template.HTML
	Evidence []packEvidence
}

// packEvidence is an item of evidence with where a reader finds it: the
// address of its file in the published site (its path in the site without a
// base_url), or its link.
type packEvidence struct {
	*evidenceView
	Address string
	Href    string // a link to follow from the PDF: "" for a file without a base_url
}

// RenderPack writes the evidence pack of p into the folder dir, which must
// exist and be empty: the page (PackFile), its style sheet and the pictures
// it shows. The portfolio must have passed dll validate. Every file goes
// through the privacy guard, as the site's do.
func RenderPack(ctx context.Context, p *portfolio.Portfolio, dir string, opts PackOptions) (*Pack, error) {
	tpl, err := loadTemplates(p.FS, lang.Load(p.FS, p.Settings.Language))
	if err != nil {
		return nil, err
	}
	var w writer = &dirWriter{root: dir, made: map[string]bool{dir: true}}
	if names := privacy.New(p.Roster); !names.Empty() {
		w = guard{w: w, names: names}
	}
	b := newBuilder(p, w, Options{Updated: opts.Updated, ImageCache: opts.ImageCache}, tpl, nil)
	b.print = true
	published := len(b.entries)
	fw, held, err := b.packEntries(opts)
	if err != nil {
		return nil, err
	}
	paper := cmp.Or(opts.Paper, PaperFor(b.site.Lang))
	cat := tpl.cat
	v := &packView{Site: b.site, Title: cat.T("pack.title", "name", b.site.Leader.Name), Date: opts.Updated,
		Paper: map[string]string{PaperLetter: "letter", PaperA4: "A4"}[paper], Framework: fw,
		Held: len(held), Of: published, MapFirst: fw != nil, Address: b.site.BaseURL}
	if err := b.portrait(); err != nil {
		return nil, err
	}
	if pic := b.site.Leader.Photo; pic != nil {
		if err := b.writePicture(pic); err != nil {
			return nil, err
		}
	}
	if bio := b.p.Settings.Leader.Bio; strings.TrimSpace(bio) != "" {
		html, err := b.md.render(&portfolio.Story{Src: []byte(bio)}, plainLinks{}, true, 0)
		if err != nil {
			return nil, fmt.Errorf("%s: leader.bio: %w", b.p.Settings.Pos.At("leader.bio"), err)
		}
		v.Bio = safeHTML(html)
	}
	v.Shows = b.shows()
	ids := map[*entryView]string{}
	for i, e := range held {
		ids[e] = "chapter-" + strconv.Itoa(i+1)
	}
	frameworks := p.EnabledFrameworks()
	if fw != nil {
		frameworks = []*portfolio.Framework{fw}
	}
	v.Criteria = b.criteria(frameworks, held, b.site.Show.ShowGaps, 0, func(e *entryView) (string, string) {
		return "#" + ids[e], ids[e]
	})
	for i, e := range held {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ch, err := b.packChapter(e, ids[e], i+1)
		if err != nil {
			return nil, err
		}
		v.Chapters = append(v.Chapters, ch)
	}
	css, err := tpl.file("pack.css")
	if err != nil {
		return nil, err
	}
	if err := b.writeFile("pack.css", css); err != nil {
		return nil, err
	}
	var buf strings.Builder
	if err := tpl.pages[PackFile].ExecuteTemplate(&buf, "pack", v); err != nil {
		return nil, tpl.errorIn(PackFile, err)
	}
	if err := b.writeFile(PackFile, []byte(buf.String())); err != nil {
		return nil, err
	}
	pk := &Pack{Page: PackFile, Title: v.Title, Lang: b.site.Lang, Dir: b.site.Dir, Paper: paper, Date: opts.Updated, Entries: len(held),
		Footer: cmp.Or(b.site.BaseURL, b.site.Title), PageOf: string(cat.HTML("pack.page_of"))}
	front := []PackChapter{{"summary", cat.T("title.summary")}, {"criterion-map", cat.T("title.criteria")}}
	if len(v.Criteria.Frameworks) == 0 {
		front = front[:1]
	} else if v.MapFirst {
		front[0], front[1] = front[1], front[0]
	}
	pk.Chapters = append(pk.Chapters, front...)
	for _, ch := range v.Chapters {
		pk.Chapters = append(pk.Chapters, PackChapter{ch.ID, ch.Entry.Title()})
	}
	return pk, nil
}

// packEntries picks the experiences the pack holds: the published ones,
// newest first, or those named, in the order named; with a framework, of
// those, only the completed ones with evidence aligned to it.
func (b *builder) packEntries(opts PackOptions) (*portfolio.Framework, []*entryView, error) {
	held := b.entries
	if len(opts.Entries) > 0 {
		bySlug := map[string]*entryView{}
		for _, v := range b.entries {
			bySlug[v.Slug()] = v
		}
		held = nil
		for _, name := range opts.Entries {
			v := bySlug[portfolio.FeaturedSlug(name)]
			switch {
			case v == nil:
				return nil, nil, fmt.Errorf("%w: %s", ErrPackOption, b.notPublished(name))
			case !slices.Contains(held, v):
				held = append(held, v)
			}
		}
	}
	if opts.Framework == "" {
		return nil, held, nil
	}
	var fw *portfolio.Framework
	var ids []string
	for _, f := range b.p.EnabledFrameworks() {
		ids = append(ids, f.ID)
		if f.ID == opts.Framework {
			fw = f
		}
	}
	if fw == nil {
		msg := fmt.Sprintf("%s is not a framework this portfolio aligns to; choose one of: %s", portfolio.Quote(opts.Framework), strings.Join(ids, ", "))
		if hint := portfolio.Suggest(opts.Framework, ids); hint != "" {
			msg = fmt.Sprintf("%s is not a framework this portfolio aligns to; did you mean %q?", portfolio.Quote(opts.Framework), hint)
		}
		return nil, nil, fmt.Errorf("%w: %s", ErrPackOption, msg)
	}
	var out []*entryView
	for _, v := range held {
		if v.src.Demonstrates() && len(v.src.AlignedTo(fw.ID)) > 0 {
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		return nil, nil, fmt.Errorf("%w: no completed experience with evidence is aligned to %s yet, so a pack of it would hold nothing", ErrPackOption, fw.Name)
	}
	return fw, out, nil
}

// notPublished says why name is not an experience of the pack.
func (b *builder) notPublished(name string) string {
	slug := portfolio.FeaturedSlug(name)
	for _, e := range b.p.Entries {
		if e.Src.Slug != slug || !e.Src.Parsed {
			continue
		}
		switch {
		case b.p.Visibility(e) != "public":
			return fmt.Sprintf("%s is private, and a pack holds only what the site publishes", portfolio.Quote(name))
		case e.Draft:
			return fmt.Sprintf("%s is a draft, and a pack holds only what the site publishes; take out draft: true to publish it", portfolio.Quote(name))
		}
	}
	var slugs []string
	for _, v := range b.entries {
		slugs = append(slugs, v.Slug())
	}
	if hint := portfolio.Suggest(slug, slugs); hint != "" {
		return fmt.Sprintf("there is no published experience %s; did you mean %q?", portfolio.Quote(name), hint)
	}
	return fmt.Sprintf("there is no published experience %s; name one by its file or folder in experiences/", portfolio.Quote(name))
}

// packChapter makes an experience's chapter: its story, with its pictures
// in the pack, and its evidence, each picture in one version sharp on
// paper, written now.
func (b *builder) packChapter(v *entryView, id string, n int) (ch *packChapter, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: the chapter could not be made (%v); please report this as a bug in dll", v.src.Src.File, r)
		}
	}()
	if err := b.readWhole(v); err != nil {
		return nil, err
	}
	evidence, err := b.gallery(v)
	if err != nil {
		return nil, err
	}
	links := &packLinks{b: b, e: v, id: id, evidence: map[string]*evidenceView{}}
	for i := range evidence {
		ev := &evidence[i]
		ev.ID = id + "-" + ev.ID // unique in the pack
		if ev.Media == "image" {
			links.evidence[ev.Pic.src] = ev
		}
	}
	body, err := b.md.render(&portfolio.Story{Src: []byte(v.src.Body)}, links, false, 2)
	if err == nil {
		err = links.err
	}
	if err != nil {
		return nil, fmt.Errorf("%s: body: %w", v.src.BodyStart(), err)
	}
	pics := links.pics
	for _, ev := range evidence {
		if ev.Pic != nil {
			pics = append(pics, ev.Pic)
		}
	}
	for _, pic := range pics {
		if err := b.writePicture(pic); err != nil {
			return nil, err
		}
	}
	ch = &packChapter{ID: id, N: n, Entry: v, Body: safeHTML(body)}
	for i := range evidence {
		ev := &evidence[i]
		pe := packEvidence{evidenceView: ev}
		if ev.Media == "link" {
			pe.Address, pe.Href = ev.Src, ev.Src
		} else {
			pe.Address, pe.Href = b.address(ev.Site), b.fullAddress(ev.Site)
		}
		ch.Evidence = append(ch.Evidence, pe)
	}
	return ch, nil
}

// packLinks is the linker of a story in the pack: its pictures show in
// their print version, a link to another experience in the pack goes to its
// chapter, and a link to anything else of the site goes to its full address
// when the portfolio has a base_url; otherwise only its text stays, since a
// printed page cannot follow a link into a folder of the author's computer.
type packLinks struct {
	b        *builder
	e        *entryView
	id       string // the chapter's
	pics     []*picture
	evidence map[string]*evidenceView
	err      error
}

func (l *packLinks) link(dest string) string {
	kind, target := portfolio.ClassifyLink(dest)
	switch kind {
	case portfolio.LinkExternal:
		return dest
	case portfolio.LinkLocal:
		joined := path.Join(l.e.src.Src.Dir, target)
		for _, f := range []string{joined, path.Join(joined, portfolio.IndexFile)} {
			if other, ok := l.b.entryByFile[f]; ok {
				return l.b.fullAddress(other.URL())
			}
		}
		if full, ok := l.b.storyFile(l.e, target); ok {
			return l.b.fullAddress("experiences/" + l.e.Slug() + "/" + l.e.sitePath(full))
		}
	}
	return ""
}

// fullAddress is a site path's full address with a base_url, or "".
func (b *builder) fullAddress(sitePath string) string {
	if b.site.BaseURL == "" {
		return ""
	}
	return b.abs(urlPath(strings.TrimSuffix(sitePath, "index.html")))
}

func (l *packLinks) image(string) string { return "" }

// picture shows a picture of the story in its print version, at its place
// in the story; the evidence list then leaves it out.
func (l *packLinks) picture(n *ast.Image) bool {
	kind, target := portfolio.ClassifyLink(string(n.Destination))
	if kind != portfolio.LinkLocal || portfolio.MediaOf(target) != portfolio.Image {
		return false
	}
	full, ok := l.b.storyFile(l.e, target)
	if !ok {
		return false
	}
	pic, err := l.b.picture(full, path.Dir("experiences/"+l.e.Slug()+"/"+l.e.sitePath(full)), printWidths)
	if err != nil {
		if l.err == nil {
			l.err = err
		}
		return false
	}
	l.pics = append(l.pics, pic)
	n.Destination = []byte(urlPath(pic.Widest()))
	if pic.Width > 0 {
		n.SetAttributeString("width", strconv.Itoa(pic.Width))
		n.SetAttributeString("height", strconv.Itoa(pic.Height))
	}
	if ev := l.evidence[full]; ev != nil && !ev.InStory {
		ev.InStory = true
		n.SetAttributeString("id", ev.ID)
	}
	return true
}

// readWhole reads again in full an entry of which the index holds only
// what lists show (see portfolio.Entry.Slim), for what only its own
// chapter shows.
func (b *builder) readWhole(v *entryView) error {
	if !v.src.IsSlim() {
		return nil
	}
	full, diags, changed := b.p.ReadEntry(v.src)
	if full == nil || changed || diags.HasErrors() {
		return fmt.Errorf("%s: this file changed while dll was reading the portfolio; run dll pdf again", v.src.Src.File)
	}
	v.src = full
	v.addDetails(b.p, full, b.tpl.cat)
	// What the view learnt of its evidence from the index (a card's
	// picture) lacks the titles, captions and links of the whole entry.
	v.evidence.Store(nil)
	return nil
}
