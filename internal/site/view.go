package site

import (
	"encoding/base64"
	"fmt"
	"html/template"
	"image"
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

	"dll/internal/diag"
	"dll/internal/portfolio"
)

// siteView is what every page knows of the portfolio.
type siteView struct {
	Title      string
	Lang       string
	Leader     leaderView
	Totals     portfolio.Totals
	Version    string
	Types      []termCount // experience types with how many entries show each
	Frameworks []*frameworkView
	Tags       []*tagView
	Philosophy bool
	Drafts     bool // drafts are shown: this is a local preview
	Changes    bool // there is a changes page
	BaseURL    string
}

type leaderView struct {
	Name, Role, Organization string
	Bio                      template.HTML
	Photo, PhotoAlt          string // Photo is a site path
	photoSrc                 string // the portfolio path of the photo
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

type codeView struct {
	ID, Label, Description string
	Anchor                 string
	Entries                []*entryView
}

type tagView struct {
	Name, Slug string
	Entries    []*entryView
}

var viewIDs atomic.Uint64

// entryView is an entry as its pages show it.
type entryView struct {
	src *portfolio.Entry
	id  uint64 // tells views apart, for a Live site; see unchanged

	Slug, Title, Summary string
	URL                  string // the page's site path
	Published            bool   // false for a draft shown by --drafts
	Draft                bool
	Status, StatusLabel  string
	Start, End           portfolio.Date
	Types                []term
	Mode                 term
	MyRole               string
	WhatChanged          string
	Partners             []partnerView
	Setting              string
	SettingFacts         []string
	Phases               []phaseView
	Expertise            []term
	EquityBarriers       []string
	EquityActions        []string
	Technologies         []string
	Outcomes             *portfolio.Outcomes
	Percent              int
	Impact               []impactView
	Actions              []string
	Alignments           []alignmentView
	Tags                 []tagRef

	Older, Newer *entryView

	evidenceOnce sync.Once
	evidence     []published // see publishedEvidence

	cards, links, moments [3]template.HTML // for pages 0, 1 and 2 folders deep; see card
	json                  []byte           // the entry in portfolio.json, with Options.keep
}

type term struct{ ID, Label string }

type partnerView struct{ Name, Role, Subject string }

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
}

type codeRef struct{ ID, Label, Anchor string }

type tagRef struct{ Name, Slug string }

func labelOf(m *portfolio.Model, vocab, id string) string {
	if v := m.Vocab(vocab); v != nil {
		return v.Label(id)
	}
	return id
}

func newEntryView(p *portfolio.Portfolio, e *portfolio.Entry) *entryView {
	m := p.Model
	v := &entryView{
		src: e, id: viewIDs.Add(1), Slug: e.Src.Slug, Title: e.Title, Summary: e.Summary, URL: "experiences/" + e.Src.Slug + "/index.html",
		Draft:  e.Draft,
		Status: e.Status, StatusLabel: labelOf(m, "statuses", e.Status),
		Start: e.Start, End: e.End,
		Mode:        term{e.Mode, labelOf(m, "modes", e.Mode)},
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
	v.Setting = strings.Join(nonEmpty(s.Subject, s.Organization), ", ")
	v.SettingFacts = nonEmpty(labelOf(m, "organization_types", s.OrganizationType), labelOf(m, "delivery", s.Delivery), labelOf(m, "levels", s.Level))
	if s.Sessions > 0 {
		v.SettingFacts = append(v.SettingFacts, diag.Plural(s.Sessions, "session"))
	}
	if s.Weeks > 0 {
		v.SettingFacts = append(v.SettingFacts, diag.Plural(s.Weeks, "week"))
	}
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
		v.Impact = append(v.Impact, impactView{Area: labelOf(m, "impact_areas", im.Area), Stakeholders: strings.Join(who, ", "), Note: im.Note})
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
		for _, code := range e.Alignments[fw] {
			label := code
			for _, c := range f.Codes {
				if c.ID == code && c.Label != "" {
					label = c.Label
				}
			}
			av.Codes = append(av.Codes, codeRef{code, label, codeAnchor(code)})
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
// whose way to the site root is root, and link its link (the template
// "link"). An entry shows in many lists, so each is made once per depth of
// page.
func (b *builder) card(v *entryView, root string) (template.HTML, error) {
	return b.fragment(&v.cards, "card", v, root)
}

func (b *builder) link(v *entryView, root string) (template.HTML, error) {
	return b.fragment(&v.links, "link", v, root)
}

// moment is the entry's item of the timeline (the template "moment").
func (b *builder) moment(v *entryView, root string) (template.HTML, error) {
	return b.fragment(&v.moments, "moment", v, root)
}

// joined is the fragments of many entries, each between before and after.
func (b *builder) joined(es []*entryView, root, before, after string, fragment func(*entryView, string) (template.HTML, error)) (template.HTML, error) {
	var sb strings.Builder
	for _, v := range es {
		html, err := fragment(v, root)
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

func (b *builder) fragment(cache *[3]template.HTML, name string, v *entryView, root string) (template.HTML, error) {
	depth := len(root) / 3
	cached := depth < len(cache) && root == strings.Repeat("../", depth)
	if cached {
		b.mu.Lock()
		html := cache[depth]
		b.mu.Unlock()
		if html != "" {
			return html, nil
		}
	}
	var buf strings.Builder
	pg := &page{Site: b.site, Root: root, b: b}
	if err := b.tpl.pages["list.html"].ExecuteTemplate(&buf, name, cardData{pg, v}); err != nil {
		return "", &TemplateError{File: baseFile, Err: err}
	}
	html := template.HTML(buf.String()) //nolint:gosec // made by html/template
	if cached {
		b.mu.Lock()
		cache[depth] = html
		b.mu.Unlock()
	}
	return html, nil
}

// evidenceView is one item of an entry's evidence gallery.
type evidenceView struct {
	ID                 string // the anchor on the page
	Title, Kind, Phase string
	Caption, Alt       string
	Media              string // image, video, audio, document or link
	Src                string // relative to the page
	Type               string // MIME type of a video or audio file
	Captions           string // relative to the page; "" without
	// Track is the captions inlined as a data: address for the <track>
	// element: browsers load no track file into a page opened from disk.
	Track         template.URL
	Width, Height int
	Format, Size  string // of a document: "PDF", "1.2 MB"
	Host          string // of a link
	files         []string
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

// gallery lists what an entry's evidence gallery shows, and points its
// impact notes at the evidence that shows them (by title or file).
func (b *builder) gallery(v *entryView) []evidenceView {
	m := b.p.Model
	var out []evidenceView
	anchor := map[int]int{} // evidence list place to gallery place
	for _, pe := range b.publishedEvidence(v) {
		ev := pe.ev
		x := evidenceView{
			ID:    fmt.Sprintf("evidence-%d", pe.n+1),
			Title: ev.Title, Kind: labelOf(m, "evidence_kinds", ev.Kind), Phase: labelOf(m, "evidence_phases", ev.Phase),
			Caption: ev.Caption, Alt: ev.Alt,
		}
		if pe.file == "" {
			x.Media, x.Src = "link", ev.URL
			if u, err := url.Parse(ev.URL); err == nil {
				x.Host = u.Hostname()
			}
		} else {
			x.files = append(x.files, pe.file)
			x.Src = urlPath(v.sitePath(pe.file))
			switch portfolio.MediaOf(pe.file) {
			case portfolio.Image:
				x.Media = "image"
				x.Width, x.Height = b.imageSize(pe.file)
			case portfolio.Video, portfolio.Audio:
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
					}
				}
			default:
				x.Media = "document"
				x.Format = strings.ToUpper(strings.TrimPrefix(path.Ext(pe.file), "."))
				x.Size = ByteSize(pe.size)
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
	return out
}

var mediaTypes = map[string]string{
	".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm", ".ogv": "video/ogg", ".mov": "video/quicktime",
	".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".ogg": "audio/ogg", ".oga": "audio/ogg", ".opus": "audio/ogg",
	".wav": "audio/wav", ".flac": "audio/flac",
}

func (b *builder) imageSize(full string) (int, int) {
	f, err := b.p.FS.Open(full)
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	cfg, _, err := image.DecodeConfig(f)
	if err != nil {
		return 0, 0
	}
	return cfg.Width, cfg.Height
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
