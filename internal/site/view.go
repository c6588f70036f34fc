package site

import (
	"cmp"
	"encoding/base64"
	"fmt"
	"html/template"
	_ "image/gif" // image sizes, so pages do not jump as photos load
	_ "image/jpeg"
	_ "image/png"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"dll/internal/diag"
	"dll/internal/lang"
	"dll/internal/portfolio"
)

// siteView is what every page knows of the portfolio.
type siteView struct {
	Title      string
	Lang       string // the site's language, as a BCP 47 tag
	Dir        string // ltr or rtl
	Leader     leaderView
	Totals     portfolio.Totals
	Listed     int    // experiences shown: the published ones, and drafts with --drafts
	Version    string // the commit of the portfolio, shown with Show.ShowRevisions
	Updated    time.Time
	Types      []termCount // experience types with how many entries show each
	Frameworks []*frameworkView
	Tags       []*tagView
	Philosophy bool
	Drafts     bool // drafts are shown: this is a local preview
	Changes    bool // there is a changes page
	Criteria   bool // there is a criterion map
	BaseURL    string
	Show       portfolio.SiteShow
	Summary    summaryView
	Icon       string // the site path of the favicon
	IconType   string // its MIME type
}

type leaderView struct {
	Name, Role, Organization string
	Initials                 string
	Bio                      template.HTML // its headings under the home page's h1
	BioInSection             template.HTML // its headings under a section's h2, as on the summary page
	Email, Location          string
	Profiles                 []portfolio.Profile
	Photo                    *picture // the portrait, or nil
	PhotoAlt                 string
	photoSrc                 string // the portfolio path of the photo
}

// summaryView is the career at a glance, for the summary page.
type summaryView struct {
	Roles       []portfolio.Role
	Credentials []portfolio.Credential
}

type termCount struct {
	ID, Label, Description string
	Count                  int
}

type frameworkView struct {
	ID, Name string
	Codes    []codeView
	Covered  int // codes with at least one entry
}

// Shown are the codes a framework's page lists: those with experiences,
// or every code when the author asks to see the gaps.
func (f *frameworkView) Shown(all bool) []codeView {
	if all {
		return f.Codes
	}
	var out []codeView
	for _, c := range f.Codes {
		if len(c.Entries) > 0 {
			out = append(out, c)
		}
	}
	return out
}

type codeView struct {
	ID, Label, Description string
	Code                   string // the id, when it reads as a code (4.1, G2); "" when the label says it all
	Anchor                 string
	Entries                []*entryView
}

type tagView struct {
	Name, Slug string
	Entries    []*entryView
	// Lang and Dir are those of the entries that have the tag, when they
	// are all in one language that is not the site's.
	Lang, Dir string
}

var viewIDs atomic.Uint64

// entryView is an entry as its pages show it.
type entryView struct {
	src *portfolio.Entry
	id  uint64 // tells views apart, for a Live site; see unchanged

	Slug, Title, Summary string
	// Lang and Dir are the language and direction of the experience's
	// own words when they differ from the site's; "" when they do not.
	// ContentLang is its language, whichever it is.
	Lang, Dir, ContentLang string
	URL                    string // the page's site path
	Published              bool   // false for a draft shown by --drafts
	Draft                  bool
	Status, StatusLabel    string
	Start, End             portfolio.Date
	Types                  []term
	Mode                   term
	ModeNote               string // what the mode means, from the model
	MyRole                 string
	WhatChanged            string
	Partners               []partnerView
	Setting                settingView
	Phases                 []phaseView
	Expertise              []term
	EquityBarriers         []string
	EquityActions          []string
	Technologies           []string
	Outcomes               *portfolio.Outcomes
	Percent                int
	Impact                 []impactView
	Actions                []string
	Alignments             []alignmentView
	Tags                   []tagRef

	Older, Newer *entryView

	evidenceOnce sync.Once
	evidence     []published // see publishedEvidence

	pictureOnce sync.Once
	picture     *picture // the first picture of its evidence, for its card on the home page

	cards          [3][2]template.HTML // for pages 0, 1 and 2 folders deep, under an h1 or an h2; see card
	links, moments [3]template.HTML    // for pages 0, 1 and 2 folders deep; see card
	json           []byte              // the entry in portfolio.json, with Options.keep
}

// settingView is where an experience happened, each fact on its own.
type settingView struct {
	Organization, Subject             string
	OrganizationType, Delivery, Level string // labels
	Sessions, Weeks                   int
}

type term struct{ ID, Label string }

type partnerView struct{ Name, Role, Subject string }

// hasDigit reports whether a code is worth showing beside its label: 4.1
// and G2 are, "inquire" (Inquire) is not.
func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }

type phaseView struct {
	ID, Label string
	Items     []string
}

type impactView struct {
	Area, Stakeholders, Note string
	Evidence                 string // an anchor on the page, or ""
	EvidenceTitle            string
}

type alignmentView struct {
	ID, Name string
	Codes    []codeRef
	Noted    bool // a code has a note: each code is shown on its own line, with its note
}

type codeRef struct{ ID, Code, Label, Anchor, Note string }

type tagRef struct{ Name, Slug string }

func termOf(m *portfolio.Model, vocab, id string) portfolio.Term {
	if v := m.Vocab(vocab); v != nil {
		t, _ := v.Term(id)
		return t
	}
	return portfolio.Term{}
}

func labelOf(m *portfolio.Model, vocab, id string) string {
	if v := m.Vocab(vocab); v != nil {
		return v.Label(id)
	}
	return id
}

// newEntryView makes the view of an entry, its labels joined as the site's
// language cat does.
func newEntryView(p *portfolio.Portfolio, e *portfolio.Entry, cat *lang.Catalog) *entryView {
	m := p.Model
	site, own, dir := cat.Lang(), "", ""
	if e.Language != "" {
		if own = lang.Canonical(e.Language); own == site {
			own = ""
		}
	}
	if own != "" {
		if d := lang.Direction(own); d != cat.Dir() {
			dir = d
		}
	}
	v := &entryView{Lang: own, Dir: dir, ContentLang: cmp.Or(own, site),
		src: e, id: viewIDs.Add(1), Slug: e.Src.Slug, Title: e.Title, Summary: e.Summary, URL: "experiences/" + e.Src.Slug + "/index.html",
		Draft:  !p.Published(e),
		Status: e.Status, StatusLabel: labelOf(m, "statuses", e.Status),
		Start: e.Start, End: e.End,
		Mode:        term{e.Mode, labelOf(m, "modes", e.Mode)},
		ModeNote:    termOf(m, "modes", e.Mode).Description,
		MyRole:      labelOf(m, "roles", e.MyRole),
		WhatChanged: e.WhatChanged,
		Outcomes:    e.Outcomes, Percent: e.Outcomes.Percent(),
		Technologies: e.Technologies,
	}
	for _, t := range e.Types() {
		v.Types = append(v.Types, term{t, labelOf(m, "types", t)})
	}
	for _, pa := range e.Partners {
		v.Partners = append(v.Partners, partnerView{pa.Name, labelOf(m, "partner_roles", pa.Role), pa.Subject})
	}
	s := e.Setting
	v.Setting = settingView{Organization: s.Organization, Subject: s.Subject,
		OrganizationType: labelOf(m, "organization_types", s.OrganizationType), Delivery: labelOf(m, "delivery", s.Delivery), Level: labelOf(m, "levels", s.Level),
		Sessions: s.Sessions, Weeks: s.Weeks}
	for _, ph := range e.Contributions.ByPhase() {
		if len(ph.Items) > 0 {
			v.Phases = append(v.Phases, phaseView{ph.Phase, labelOf(m, "phases", ph.Phase), ph.Items})
		}
	}
	for _, x := range e.Expertise {
		v.Expertise = append(v.Expertise, term{x, labelOf(m, "expertise", x)})
	}
	if e.Equity != nil {
		for _, x := range e.Equity.Barriers {
			v.EquityBarriers = append(v.EquityBarriers, labelOf(m, "barriers", x))
		}
		v.EquityActions = e.Equity.Actions
	}
	for _, im := range e.Impact {
		var who []string
		for _, st := range im.Stakeholders {
			who = append(who, labelOf(m, "stakeholders", st))
		}
		v.Impact = append(v.Impact, impactView{Area: labelOf(m, "impact_areas", im.Area), Stakeholders: cat.Commas(who...), Note: im.Note})
	}
	for _, a := range e.Actions {
		v.Actions = append(v.Actions, labelOf(m, "actions", a))
	}
	for _, fw := range sortedKeys(e.Alignments) {
		f := m.Framework(fw)
		if f == nil {
			continue
		}
		av := alignmentView{ID: f.ID, Name: f.Name}
		for _, a := range e.Alignments[fw] {
			code := a.Code
			label := code
			for _, c := range f.Codes {
				if c.ID == code && c.Label != "" {
					label = c.Label
				}
			}
			shown := ""
			if hasDigit(code) {
				shown = code
			}
			av.Codes = append(av.Codes, codeRef{code, shown, label, codeAnchor(code), a.Note})
			av.Noted = av.Noted || a.Note != ""
		}
		v.Alignments = append(v.Alignments, av)
	}
	for _, t := range e.Tags {
		if slug := portfolio.Slugify(t); slug != "" {
			// Invisible characters (dll validate warns of them) are no
			// part of a tag: "ma\u200bth" is shown, and filed, as "math".
			v.Tags = append(v.Tags, tagRef{strings.Map(visible, t), slug})
		}
	}
	return v
}

// sortDate is the day an entry is placed by: its end, or its start while it
// has none.
func (v *entryView) sortDate() time.Time {
	if !v.End.IsZero() {
		return v.End.Time
	}
	return v.Start.Time
}

// card returns the entry's card (the template "card") for a list page
// whose way to the site root is root, with its title a heading of level
// (2 or 3), and link its link (the template "link"). An entry shows in
// many lists, so each is made once per depth of page.
func (b *builder) card(v *entryView, root string, level int) (template.HTML, error) {
	return b.fragment(v.cards[min(len(root)/3, 2)][:], level-2, "card", v, root, level)
}

func (b *builder) link(v *entryView, root string) (template.HTML, error) {
	return b.fragment(v.links[:], min(len(root)/3, 2), "link", v, root, 0)
}

// moment is the entry's item of the timeline (the template "moment").
func (b *builder) moment(v *entryView, root string) (template.HTML, error) {
	return b.fragment(v.moments[:], min(len(root)/3, 2), "moment", v, root, 0)
}

// joined is the fragments of many entries, each between before and after.
func (b *builder) joined(es []*entryView, before, after string, fragment func(*entryView) (template.HTML, error)) (template.HTML, error) {
	var sb strings.Builder
	for _, v := range es {
		html, err := fragment(v)
		if err != nil {
			return "", err
		}
		sb.WriteString(before)
		sb.WriteString(string(html))
		sb.WriteString(after)
	}
	return template.HTML(sb.String()), nil //nolint:gosec // made by html/template
}

// header returns the site header (the template "header") for pages of a
// depth and section: every experience page has the same one.
func (b *builder) header(pg *page) (template.HTML, error) {
	key := pg.Root + "\x00" + pg.Section
	b.mu.Lock()
	html, ok := b.headers[key]
	b.mu.Unlock()
	if ok {
		return html, nil
	}
	var buf strings.Builder
	if err := b.tpl.pages["list.html"].ExecuteTemplate(&buf, "header", pg); err != nil {
		return "", &TemplateError{File: baseFile, Err: err}
	}
	html = template.HTML(buf.String()) //nolint:gosec // made by html/template
	b.mu.Lock()
	b.headers[key] = html
	b.mu.Unlock()
	return html, nil
}

// fragment renders the template name for the entry v on a page whose way
// to the root is root, keeping it in cache[slot] when root is one of the
// depths kept (at most two folders deep).
func (b *builder) fragment(cache []template.HTML, slot int, name string, v *entryView, root string, level int) (template.HTML, error) {
	depth := len(root) / 3
	cached := depth <= 2 && root == strings.Repeat("../", depth) && slot >= 0 && slot < len(cache)
	if cached {
		b.mu.Lock()
		html := cache[slot]
		b.mu.Unlock()
		if html != "" {
			return html, nil
		}
	}
	var buf strings.Builder
	pg := &page{Site: b.site, Root: root, b: b}
	if err := b.tpl.pages["list.html"].ExecuteTemplate(&buf, name, cardData{pg, v, level}); err != nil {
		return "", &TemplateError{File: baseFile, Err: err}
	}
	html := template.HTML(buf.String()) //nolint:gosec // made by html/template
	if cached {
		b.mu.Lock()
		cache[slot] = html
		b.mu.Unlock()
	}
	return html, nil
}

// evidenceView is one item of an entry's evidence.
type evidenceView struct {
	ID                 string // the anchor on the page
	N                  int    // its place in the entry's evidence list, from 1
	Title, Kind, Phase string
	KindID             string
	Caption, Alt       string
	Media              string // image, video, audio, document or link
	Src                string // relative to the page
	Site               string // the site path of the file; "" for a link
	Type               string // MIME type of a video or audio file
	Captions           string // relative to the page; "" without
	// Track is the captions inlined as a data: address for the <track>
	// element: browsers load no track file into a page opened from disk.
	Track        template.URL
	Pic          *picture    // an image's versions
	Transcript   *transcript // what a video or audio says, from its captions
	Quote        template.HTML
	By           *partnerView // who wrote a statement, when its title names a partner
	Page         string       // the site path of the evidence's own page, or ""
	InStory      bool         // an image the story shows: the gallery leaves it out
	Lead         bool         // the photo that leads the page: the gallery leaves it out
	Format, Size string       // of a document: "PDF", "1.2 MB"
	Host         string       // of a link
	files        []string
}

// Wide reports whether an image reads better across the whole column:
// charts, diagrams and scans, which have words in them, unlike photos.
func (ev *evidenceView) Wide() bool {
	return ev.Media == "image" && ev.KindID != "photo" && ev.Pic != nil && ev.Pic.Width > ev.Pic.Height
}

// published is one evidence item that may be published, with its files
// resolved to portfolio paths.
type published struct {
	n        int // its place in the entry's evidence list, from 0
	ev       *portfolio.Evidence
	file     string // "" for a link
	size     int64
	captions string // "" without
}

// publishedEvidence lists the entry's evidence that may be published:
// evidence whose consent withholds it (pending, refused), links that are
// not web addresses and files that cannot be found are left out entirely.
// The entry page and portfolio.json both ask; the files are looked up once.
func (b *builder) publishedEvidence(v *entryView) []published {
	v.evidenceOnce.Do(func() {
		consent := b.p.Model.Vocab("consent")
		for i := range v.src.Evidence {
			ev := &v.src.Evidence[i]
			if t, ok := consent.Term(ev.Consent); !ok || t.Withhold {
				continue
			}
			x := published{n: i, ev: ev}
			switch {
			case ev.URL != "":
				if kind, _ := portfolio.ClassifyLink(ev.URL); kind != portfolio.LinkExternal {
					continue
				}
			case ev.File != "":
				full, info, ok := b.localFile(v, ev.File)
				if !ok {
					continue
				}
				x.file, x.size = full, info.Size()
				if c := strings.TrimSpace(ev.Captions); c != "" && !strings.EqualFold(c, "none") {
					if cf, _, ok := b.localFile(v, c); ok {
						x.captions = cf
					}
				}
			default:
				continue
			}
			v.evidence = append(v.evidence, x)
		}
	})
	return v.evidence
}

// gallery lists an entry's evidence as its page shows it, and points its
// impact notes at the evidence that shows them (by title or file).
func (b *builder) gallery(v *entryView) ([]evidenceView, error) {
	m := b.p.Model
	var out []evidenceView
	anchor := map[int]int{} // evidence list place to gallery place
	dir := "experiences/" + v.Slug
	for _, pe := range b.publishedEvidence(v) {
		ev := pe.ev
		x := evidenceView{
			ID: fmt.Sprintf("evidence-%d", pe.n+1), N: pe.n + 1,
			Title: ev.Title, Kind: labelOf(m, "evidence_kinds", ev.Kind), KindID: ev.Kind, Phase: labelOf(m, "evidence_phases", ev.Phase),
			Caption: ev.Caption, Alt: ev.Alt,
		}
		if pe.file == "" {
			x.Media, x.Src = "link", ev.URL
			if u, err := url.Parse(ev.URL); err == nil {
				x.Host = u.Hostname()
			}
		} else {
			x.Site = dir + "/" + v.sitePath(pe.file)
			x.Src = urlPath(v.sitePath(pe.file))
			switch portfolio.MediaOf(pe.file) {
			case portfolio.Image:
				x.Media = "image"
				pic, err := b.picture(pe.file, path.Dir(x.Site), b.evidenceWidths())
				if err != nil {
					return nil, err
				}
				x.Pic = pic
				x.Page = dir + "/" + x.ID + "/index.html"
			case portfolio.Video, portfolio.Audio:
				x.files = append(x.files, pe.file)
				x.Media = "video"
				if portfolio.MediaOf(pe.file) == portfolio.Audio {
					x.Media = "audio"
				}
				x.Type = mediaTypes[strings.ToLower(path.Ext(pe.file))]
				if pe.captions != "" {
					x.files = append(x.files, pe.captions)
					x.Captions = urlPath(v.sitePath(pe.captions))
					if vtt, err := readAll(b.p, pe.captions); err == nil {
						x.Track = template.URL("data:text/vtt;base64," + base64.StdEncoding.EncodeToString(vtt)) //nolint:gosec // a captions file, as data
						x.Transcript = parseVTT(vtt)
						if x.Transcript != nil && x.Transcript.Long() {
							x.Page = dir + "/" + x.ID + "/index.html"
						}
					}
				}
			default:
				x.files = append(x.files, pe.file)
				x.Media = "document"
				x.Format = strings.ToUpper(strings.TrimPrefix(path.Ext(pe.file), "."))
				x.Size = b.tpl.cat.Size(pe.size)
				if quote, ok := b.statement(ev, pe); ok {
					x.Quote = quote
					x.By = statementBy(v, ev.Title)
				}
			}
		}
		anchor[pe.n] = len(out)
		out = append(out, x)
	}
	for i, im := range v.src.Impact {
		if im.Evidence == "" || i >= len(v.Impact) {
			continue
		}
		for j, ev := range v.src.Evidence {
			if k, ok := anchor[j]; ok && (ev.Title == im.Evidence || ev.File == im.Evidence) {
				v.Impact[i].Evidence, v.Impact[i].EvidenceTitle = out[k].ID, out[k].Title
			}
		}
	}
	return out, nil
}

// maxStatement is the size of the longest text file shown as testimony on
// the page; a longer one is a download.
const maxStatement = 32 << 10

// statement returns the text of a partner's statement or of learners'
// feedback written as a text or Markdown file, to quote on the page.
func (b *builder) statement(ev *portfolio.Evidence, pe published) (template.HTML, bool) {
	if ev.Kind != "partner-statement" && ev.Kind != "learner-feedback" || pe.size > maxStatement {
		return "", false
	}
	ext := strings.ToLower(path.Ext(pe.file))
	if ext != ".txt" && ext != ".md" && ext != ".markdown" {
		return "", false
	}
	data, err := readAll(b.p, pe.file)
	if err != nil || !utf8.Valid(data) {
		return "", false
	}
	if ext == ".txt" {
		return textParagraphs(string(data))
	}
	// Its headings sit under the testimony's h2.
	html, err := b.md.render(data, plainLinks{}, true, 3)
	if err != nil {
		return "", false
	}
	return safeHTML(html), len(html) > 0
}

// textParagraphs shows plain text as paragraphs: lines wrapped by the
// writer's editor are joined, and short lines (a heading, a signature,
// an address) keep their own line.
func textParagraphs(text string) (template.HTML, bool) {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	longest := 0
	for _, l := range strings.Split(text, "\n") {
		longest = max(longest, utf8.RuneCountInString(strings.TrimSpace(l)))
	}
	var sb strings.Builder
	for _, para := range strings.Split(text, "\n\n") {
		var lines []string
		for _, l := range strings.Split(para, "\n") {
			if l = strings.Join(strings.Fields(l), " "); l != "" {
				lines = append(lines, l)
			}
		}
		if len(lines) == 0 {
			continue
		}
		sb.WriteString("<p>")
		for i, l := range lines {
			if i > 0 {
				if utf8.RuneCountInString(lines[i-1])*10 >= longest*7 {
					sb.WriteString(" ")
				} else {
					sb.WriteString("<br>\n")
				}
			}
			sb.WriteString(template.HTMLEscapeString(l))
		}
		sb.WriteString("</p>\n")
	}
	return template.HTML(sb.String()), sb.Len() > 0 //nolint:gosec // escaped above
}

// statementBy returns the partner a statement's title names, if any.
func statementBy(v *entryView, title string) *partnerView {
	t := strings.ToLower(title)
	for i := range v.Partners {
		if n := strings.ToLower(strings.TrimSpace(v.Partners[i].Name)); n != "" && strings.Contains(t, n) {
			return &v.Partners[i]
		}
	}
	return nil
}

// cardPicture is the picture of an entry's card on the home page: its
// first photo, or else its first image.
func (b *builder) cardPicture(v *entryView) (*picture, string) {
	var first *portfolio.Evidence
	var file string
	for _, pe := range b.publishedEvidence(v) {
		if pe.file == "" || portfolio.MediaOf(pe.file) != portfolio.Image {
			continue
		}
		if first == nil || pe.ev.Kind == "photo" && first.Kind != "photo" {
			first, file = pe.ev, pe.file
		}
	}
	if first == nil {
		return nil, ""
	}
	pic, err := b.picture(file, path.Dir("experiences/"+v.Slug+"/"+v.sitePath(file)), evidenceWidths)
	if err != nil {
		return nil, ""
	}
	return pic, first.Alt
}

var mediaTypes = map[string]string{
	".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm", ".ogv": "video/ogg", ".mov": "video/quicktime",
	".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".ogg": "audio/ogg", ".oga": "audio/ogg", ".opus": "audio/ogg",
	".wav": "audio/wav", ".flac": "audio/flac",
}

// visible drops invisible formatting characters (zero-width spaces,
// direction overrides) from a text, for strings.Map.
func visible(r rune) rune {
	if unicode.Is(unicode.Cf, r) {
		return -1
	}
	return r
}

// ByteSize says how big a file is, the way a download link does.
func ByteSize(n int64) string {
	switch {
	case n < 1000:
		return diag.Plural(int(n), "byte")
	case n < 1000*1000:
		return fmt.Sprintf("%d KB", (n+500)/1000)
	case n < 1000*1000*1000:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%.1f GB", float64(n)/1e9)
}

func nonEmpty(s ...string) []string {
	var out []string
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			out = append(out, x)
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// codeAnchor is the id of a framework code on its framework's page.
func codeAnchor(code string) string {
	return "code-" + strings.NewReplacer(".", "-", " ", "-").Replace(portfolio.Slugify(strings.ReplaceAll(code, ".", "-")))
}
