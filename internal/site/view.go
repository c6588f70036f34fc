package site

import (
	"bytes"
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
	Covered  int  // codes with at least one entry
	later    bool // a page after the first of a framework of many pages
}

// Shown are the codes a framework's page lists: those with experiences,
// or every code when the author asks to see the gaps. A page after the
// first of a long framework lists only the codes that go on to it.
func (f *frameworkView) Shown(all bool) []codeView {
	if all && !f.later {
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

// entryView is an entry as pages show it. In the index of a streamed
// build (see Stream) only its card is filled in (see newCard): what lists
// show of it, and what its neighbours' pages link to; each entry is read in
// full only while its own page is made. The type is flat, with no
// embedded struct, because html/template finds each field by its name on
// every use, and an embedded struct makes that several times slower.
type entryView struct {
	src *portfolio.Entry
	id  uint64 // tells views apart, for a Live site; see unchanged

	// The card. Its slug, title, summary, status, dates and tags are
	// the entry's own (see the methods of those names), which an index
	// of thousands of entries does not keep twice.
	//
	// words are its language and its status in words, the same for
	// many cards (see the methods Lang, Dir, ContentLang and
	// StatusLabel).
	words        *cardText
	Types        []term
	Outcomes     *portfolio.Outcomes
	Older, Newer *entryView

	// d is what only the entry's own page shows (see addDetails), which
	// templates read through the methods of the same names below; nil in
	// the index of a streamed build.
	d *entryDetails

	// evidence is what publishedEvidence found, once it has looked.
	evidence atomic.Pointer[[]published]
	Draft    bool // part of the card

	parts parts // the pieces that show it in lists, and its part of portfolio.json
}

// entryDetails is what only an entry's own page shows of it.
type entryDetails struct {
	Mode           term
	ModeNote       string // what the mode means, from the model
	MyRole         string
	WhatChanged    string
	Partners       []partnerView
	Setting        settingView
	Phases         []phaseView
	Expertise      []term
	EquityBarriers []string
	EquityActions  []string
	Technologies   []string
	Impact         []impactView
	Actions        []string
	Alignments     []alignmentView
}

// details returns what only the entry's own page shows; nothing in the
// index of a streamed build.
func (v *entryView) details() *entryDetails {
	if v.d == nil {
		return &entryDetails{}
	}
	return v.d
}

// What only an entry's own page shows, for templates.
func (v *entryView) Slug() string          { return v.src.Src.Slug }
func (v *entryView) Title() string         { return v.src.Title }
func (v *entryView) Summary() string       { return v.src.Summary }
func (v *entryView) Status() string        { return v.src.Status }
func (v *entryView) Start() portfolio.Date { return v.src.Start }
func (v *entryView) End() portfolio.Date   { return v.src.End }
func (v *entryView) Percent() int          { return v.Outcomes.Percent() }

// Lang and Dir are the language and direction of the experience's own
// words when they differ from the site's; "" when they do not.
// ContentLang is its language, whichever it is.
func (v *entryView) Lang() string        { return v.words.Lang }
func (v *entryView) Dir() string         { return v.words.Dir }
func (v *entryView) ContentLang() string { return v.words.ContentLang }
func (v *entryView) StatusLabel() string { return v.words.StatusLabel }

// cardText is what a card says of an entry's language and status, kept
// once for every card that says the same (see cardWords.textOf).
type cardText struct {
	Lang, Dir, ContentLang string
	StatusLabel            string
	shared                 *cardWords // the tags the cards know, for Tags
}

// Tags are the tags of the entry as cards show and file them, each the
// same for every card with it. They are worked out each time from the
// entry's own list, which the index keeps anyway.
func (v *entryView) Tags() []*tagRef {
	var refs []*tagRef
	for _, t := range v.src.Tags {
		if ref := v.words.shared.findTag(t); ref.Slug != "" {
			refs = append(refs, ref)
		}
	}
	return refs
}

func (v *entryView) URL() string                 { return "experiences/" + v.src.Src.Slug + "/index.html" } // the page's site path
func (v *entryView) Published() bool             { return !v.Draft }                                        // an entry shown is published, or a draft shown by --drafts
func (v *entryView) Mode() term                  { return v.details().Mode }
func (v *entryView) ModeNote() string            { return v.details().ModeNote }
func (v *entryView) MyRole() string              { return v.details().MyRole }
func (v *entryView) WhatChanged() string         { return v.details().WhatChanged }
func (v *entryView) Partners() []partnerView     { return v.details().Partners }
func (v *entryView) Setting() settingView        { return v.details().Setting }
func (v *entryView) Phases() []phaseView         { return v.details().Phases }
func (v *entryView) Expertise() []term           { return v.details().Expertise }
func (v *entryView) EquityBarriers() []string    { return v.details().EquityBarriers }
func (v *entryView) EquityActions() []string     { return v.details().EquityActions }
func (v *entryView) Technologies() []string      { return v.details().Technologies }
func (v *entryView) Impact() []impactView        { return v.details().Impact }
func (v *entryView) Actions() []string           { return v.details().Actions }
func (v *entryView) Alignments() []alignmentView { return v.details().Alignments }

// parts are what an entry gives the pages made after its own: the pieces
// of HTML that show it in lists (its card, its link and its item of the
// timeline) and its object of portfolio.json. Each is made once. With
// dll's own templates the pieces are made at rootMark, so that one piece
// serves pages at every depth (see writePiece). In a streamed build they
// wait in the spill file, one after another in the order of the parts,
// rather than in memory.
type parts struct {
	mu   sync.Mutex
	n    [numParts]uint32
	made uint8             // one bit for each part
	off  int64             // where the parts start in the spill file
	mem  *[numParts][]byte // the parts kept in memory
}

// The parts of an entry.
const (
	partCard   = iota // its card under an h2
	partCard3         // its card under an h3, when it is not partCard with an h3 (see derive3)
	partLink          // its link
	partMoment        // its item of the timeline
	partJSON          // its object of portfolio.json
	numParts
)

// fragment kinds: the template that makes each.
const (
	cardKind   = "card"
	linkKind   = "link"
	momentKind = "moment"
)

// get appends part i to buf; false when it was not made.
func (ps *parts) get(b *builder, i int, buf []byte) ([]byte, bool, error) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if ps.made&(1<<i) == 0 {
		return buf, false, nil
	}
	if ps.mem != nil && ps.mem[i] != nil {
		return append(buf, ps.mem[i]...), true, nil
	}
	off := ps.off
	for j := range i {
		off += int64(ps.n[j])
	}
	data, err := b.spill.read(buf, off, int(ps.n[i]))
	return data, err == nil, err
}

// has reports whether part i was made.
func (ps *parts) has(i int) bool {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	return ps.made&(1<<i) != 0
}

// keep keeps part i in memory.
func (ps *parts) keep(i int, data []byte) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if ps.mem == nil {
		ps.mem = new([numParts][]byte)
	}
	ps.mem[i] = data
	ps.made |= 1 << i
}

// spill puts the parts made into the spill file, one after another, and
// lets go of them in memory. It is called once, when every part is made.
func (ps *parts) spill(s *spill) error {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if ps.mem == nil {
		return nil
	}
	for i := range numParts {
		ps.n[i] = uint32(len(ps.mem[i]))
	}
	off, err := s.add(ps.mem[:])
	if err != nil {
		ps.mem, ps.made = nil, 0 // the build stops; nothing is kept that may change
		return err
	}
	ps.off, ps.mem = off, nil
	return nil
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

// newEntryView makes the whole view of an entry read in full, its labels
// joined as the site's language cat does.
func newEntryView(p *portfolio.Portfolio, e *portfolio.Entry, cat *lang.Catalog) *entryView {
	v := newCard(p, e, cat, nil)
	v.addDetails(p, e, cat)
	return v
}

// newCard makes what lists show of an entry, which may be slim.
//
// shared, when not nil, keeps what cards alike show alike once for all of
// them: a portfolio's cards have a few types and tags, each on many cards.
func newCard(p *portfolio.Portfolio, e *portfolio.Entry, cat *lang.Catalog, shared *cardWords) *entryView {
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
	v := &entryView{src: e, id: viewIDs.Add(1),
		words: shared.textOf(cardText{Lang: own, Dir: dir, ContentLang: cmp.Or(own, site), StatusLabel: labelOf(m, "statuses", e.Status),
			shared: shared}),
		Draft:    !p.Published(e),
		Outcomes: e.Outcomes,
	}
	v.Types = shared.typesOf(m, e.Types())
	if shared != nil {
		for _, t := range e.Tags {
			shared.tagOf(t) // for Tags to find
		}
	}
	return v
}

// cardWords are the types and tags that cards show, each kept once for
// every card that shows it (see newCard).
type cardWords struct {
	types map[string][]term  // the types of a card, by their ids joined by NULs
	tags  map[string]*tagRef // by the tag as written
	texts map[cardText]*cardText
}

func newCardWords() *cardWords {
	return &cardWords{types: map[string][]term{}, tags: map[string]*tagRef{}, texts: map[cardText]*cardText{}}
}

// textOf returns t, the same for every card alike. A nil w shares nothing.
func (w *cardWords) textOf(t cardText) *cardText {
	if w == nil {
		return &t
	}
	if kept, ok := w.texts[t]; ok {
		return kept
	}
	kept := &t
	if len(w.texts) < portfolio.SharedWords {
		w.texts[t] = kept
	}
	return kept
}

// typesOf returns the types of a card with the type ids ids, the same
// slice for every card alike; the cards must never append to it. A nil
// w shares nothing.
func (w *cardWords) typesOf(m *portfolio.Model, ids []string) []term {
	key := strings.Join(ids, "\x00")
	if w != nil {
		if types, ok := w.types[key]; ok {
			return types
		}
	}
	var types []term
	for _, t := range ids {
		types = append(types, term{t, labelOf(m, "types", t)})
	}
	if w != nil && len(w.types) < portfolio.SharedWords {
		w.types[key] = slices.Clip(types)
	}
	return types
}

// tagOf returns the tag t as cards show and file it, the same for every
// card with it. A nil w shares nothing.
func (w *cardWords) tagOf(t string) *tagRef {
	if w != nil {
		if ref, ok := w.tags[t]; ok {
			return ref
		}
	}
	// Invisible characters (dll validate warns of them) are no part of a
	// tag: "ma\u200bth" is shown, and filed, as "math".
	ref := &tagRef{strings.Map(visible, t), portfolio.Slugify(t)}
	if w != nil && len(w.tags) < portfolio.SharedWords {
		w.tags[t] = ref
	}
	return ref
}

// findTag is tagOf for a card's Tags, which pages may ask for at once:
// it finds the tags the cards were made with and keeps no other.
func (w *cardWords) findTag(t string) *tagRef {
	if w != nil {
		if ref, ok := w.tags[t]; ok {
			return ref
		}
	}
	return (*cardWords)(nil).tagOf(t)
}

// addDetails fills in what only an entry's own page shows of it, from e
// read in full.
func (v *entryView) addDetails(p *portfolio.Portfolio, e *portfolio.Entry, cat *lang.Catalog) {
	m := p.Model
	// How the outcomes were assessed and what learners now do are
	// texts a slim entry let go: the page has them from e.
	v.Outcomes = e.Outcomes
	d := &entryDetails{
		Mode:         term{e.Mode, labelOf(m, "modes", e.Mode)},
		ModeNote:     termOf(m, "modes", e.Mode).Description,
		MyRole:       labelOf(m, "roles", e.MyRole),
		WhatChanged:  e.WhatChanged,
		Technologies: e.Technologies,
	}
	v.d = d
	for _, pa := range e.Partners {
		d.Partners = append(d.Partners, partnerView{pa.Name, labelOf(m, "partner_roles", pa.Role), pa.Subject})
	}
	s := e.Setting
	d.Setting = settingView{Organization: s.Organization, Subject: s.Subject,
		OrganizationType: labelOf(m, "organization_types", s.OrganizationType), Delivery: labelOf(m, "delivery", s.Delivery), Level: labelOf(m, "levels", s.Level),
		Sessions: s.Sessions, Weeks: s.Weeks}
	for _, ph := range e.Contributions.ByPhase() {
		if len(ph.Items) > 0 {
			d.Phases = append(d.Phases, phaseView{ph.Phase, labelOf(m, "phases", ph.Phase), ph.Items})
		}
	}
	for _, x := range e.Expertise {
		d.Expertise = append(d.Expertise, term{x, labelOf(m, "expertise", x)})
	}
	if e.Equity != nil {
		for _, x := range e.Equity.Barriers {
			d.EquityBarriers = append(d.EquityBarriers, labelOf(m, "barriers", x))
		}
		d.EquityActions = e.Equity.Actions
	}
	for _, im := range e.Impact {
		var who []string
		for _, st := range im.Stakeholders {
			who = append(who, labelOf(m, "stakeholders", st))
		}
		d.Impact = append(d.Impact, impactView{Area: labelOf(m, "impact_areas", im.Area), Stakeholders: cat.Commas(who...), Note: im.Note})
	}
	for _, a := range e.Actions {
		d.Actions = append(d.Actions, labelOf(m, "actions", a))
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
		d.Alignments = append(d.Alignments, av)
	}
}

// sortDate is the day an entry is placed by: its end, or its start while it
// has none.
func (v *entryView) sortDate() time.Time {
	if !v.End().IsZero() {
		return v.End().Time
	}
	return v.Start().Time
}

// card returns the entry's card (the template "card") for a list page
// whose way to the site root is root, with its title a heading of level
// (2 or 3), and link its link (the template "link").
func (b *builder) card(v *entryView, root string, level int) (template.HTML, error) {
	return b.fragment(v, cardKind, root, level)
}

func (b *builder) link(v *entryView, root string) (template.HTML, error) {
	return b.fragment(v, linkKind, root, 0)
}

// moment is the entry's item of the timeline (the template "moment").
func (b *builder) moment(v *entryView, root string) (template.HTML, error) {
	return b.fragment(v, momentKind, root, 0)
}

// fragment returns one piece of HTML that shows v in lists.
func (b *builder) fragment(v *entryView, kind, root string, level int) (template.HTML, error) {
	html, err := b.joined(&page{Root: root}, []*entryView{v}, kind, level, "", "")
	return html, err
}

// makeFragments makes every piece that shows the entry in lists ahead of
// the list pages, while the entry is at hand (see Stream).
func (b *builder) makeFragments(v *entryView) error {
	if !b.rooted() {
		return nil // made for each page (see joined)
	}
	for _, p := range []struct {
		kind  string
		level int
	}{{cardKind, 2}, {linkKind, 2}, {momentKind, 2}, {cardKind, 3}} {
		if p.kind == linkKind && b.linksInGo() {
			continue
		}
		i, level := b.partOf(v, p.kind, p.level)
		if v.parts.has(i) {
			// Made already, for the page of an entry next to v, or the
			// card under an h2 that serves under an h3 (see derive3).
			continue
		}
		html, err := b.makePiece(make([]byte, 0, 1024), p.kind, v, level)
		if err != nil {
			return err
		}
		v.parts.keep(i, html)
	}
	return nil
}

// rooted reports whether the pieces of entries are made once, at
// rootMark: with dll's own templates, which use the root in a fragment
// only at the start of an href.
func (b *builder) rooted() bool { return !b.tpl.overridden }

// rootMark is the way to the site's root that fragments are made with:
// dll's templates use the root in a fragment only at the start of an
// href, where html/template writes it as markedHref. Text the author wrote
// can never make markedHref, because html/template writes a " of theirs
// as &#34;.
const (
	rootMark   = "{root}"
	markedHref = `href="%7broot%7d`
)

// joined is the pieces of kind (with cards' titles headings of level)
// of many entries, each between before and after, for the page pg.
func (b *builder) joined(pg *page, es []*entryView, kind string, level int, before, after string) (template.HTML, error) {
	var sb strings.Builder
	if !b.rooted() || strings.Trim(pg.Root, "./") != "" {
		// A portfolio's own templates may use the root anywhere: each
		// piece is made for the page.
		for _, v := range es {
			html, err := b.execFragment(kind, v, pg.Root, level)
			if err != nil {
				return "", err
			}
			sb.WriteString(before)
			sb.WriteString(string(html))
			sb.WriteString(after)
		}
		return template.HTML(sb.String()), nil //nolint:gosec // made by html/template
	}
	var buf []byte
	for i, v := range es {
		html, err := b.piece(v, kind, level, buf[:0])
		if err != nil {
			return "", err
		}
		buf = html
		if i == 0 {
			// Pieces of a kind are about the same length: room for all
			// of them at once spares copying the list as it grows.
			sb.Grow(len(es) * (len(before) + len(html) + len(after) + 2*len(pg.Root)))
		}
		sb.WriteString(before)
		writePiece(&sb, html, pg.Root, kind == cardKind && level == 3 && b.derive3(v))
		sb.WriteString(after)
	}
	return template.HTML(sb.String()), nil //nolint:gosec // made by html/template
}

// writePiece writes a piece made at rootMark with the page's root, and
// with the title of a card under an h3 rather than an h2 when h3 is set.
func writePiece(sb *strings.Builder, html []byte, root string, h3 bool) {
	for {
		i := bytes.Index(html, []byte(markedHref))
		if i < 0 {
			break
		}
		writeHeading(sb, html[:i], &h3)
		sb.WriteString(`href="`)
		sb.WriteString(root)
		html = html[i+len(markedHref):]
	}
	writeHeading(sb, html, &h3)
}

// writeHeading writes html, with its first <h2> and </h2> made an h3 when
// *h3 is set (until the </h2> is written).
func writeHeading(sb *strings.Builder, html []byte, h3 *bool) {
	for *h3 {
		i := bytes.Index(html, []byte("h2>"))
		if i < 1 || html[i-1] != '<' && html[i-1] != '/' {
			break
		}
		sb.Write(html[:i])
		sb.WriteString("h3>")
		closing := html[i-1] == '/'
		html = html[i+3:]
		if closing {
			*h3 = false
		}
	}
	sb.Write(html)
}

// derive3 reports whether v's card under an h2 is to be written with an
// h3 for its card under an h2, rather than made again: dll's card
// template differs between the two in its heading only, which the first
// card checks for every card of the build.
func (b *builder) derive3(v *entryView) bool {
	b.derive3Once.Do(func() {
		two, err2 := b.execFragment(cardKind, v, rootMark, 2)
		three, err3 := b.execFragment(cardKind, v, rootMark, 3)
		var sb strings.Builder
		writePiece(&sb, []byte(two), rootMark, true)
		b.derived3 = err2 == nil && err3 == nil && sb.String() == strings.ReplaceAll(string(three), markedHref, `href="`+rootMark)
	})
	return b.derived3
}

// partOf returns which of v's parts is its piece of kind, with cards'
// titles headings of level, and the level that part is made with.
func (b *builder) partOf(v *entryView, kind string, level int) (int, int) {
	switch {
	case kind == linkKind:
		return partLink, level
	case kind == momentKind:
		return partMoment, level
	case level == 3 && !b.derive3(v):
		return partCard3, level
	}
	return partCard, 2
}

// piece returns v's piece of kind at rootMark, appended to buf: made
// once, and kept (see parts).
func (b *builder) piece(v *entryView, kind string, level int, buf []byte) ([]byte, error) {
	if kind == linkKind && b.linksInGo() {
		return b.makePiece(buf, kind, v, level)
	}
	i, level := b.partOf(v, kind, level)
	if data, ok, err := v.parts.get(b, i, buf); ok || err != nil {
		return data, err
	}
	html, err := b.makePiece(make([]byte, 0, 1024), kind, v, level)
	if err != nil {
		return nil, err
	}
	v.parts.keep(i, html)
	return append(buf, html...), nil
}

// linksInGo reports whether entries' links are made in Go each time a
// page shows one, rather than kept: in a streamed build with dll's own
// templates, where the index has all a link shows, and making it is
// quicker than reading it back from the spill file.
func (b *builder) linksInGo() bool { return b.spill != nil && b.rooted() }

// makePiece appends v's piece of kind at rootMark to buf: made in Go with
// dll's own templates (see pieceInGo), from the templates with a
// portfolio's own.
func (b *builder) makePiece(buf []byte, kind string, v *entryView, level int) ([]byte, error) {
	if !b.rooted() {
		html, err := b.execFragment(kind, v, rootMark, level)
		return append(buf, html...), err
	}
	inGo := b.pieceInGo(buf, kind, v, level)
	if checkInGo {
		html, err := b.execFragment(kind, v, rootMark, level)
		if err != nil {
			return nil, err
		}
		if err := differs(v.URL()+": the "+kind, []byte(html), inGo[len(buf):]); err != nil {
			return nil, err
		}
	}
	return inGo, nil
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
		return "", b.tpl.errorIn(baseFile, err)
	}
	html = template.HTML(buf.String()) //nolint:gosec // made by html/template
	b.mu.Lock()
	b.headers[key] = html
	b.mu.Unlock()
	return html, nil
}

// execFragment renders the template name for the entry v on a page whose
// way to the root is root.
func (b *builder) execFragment(name string, v *entryView, root string, level int) (template.HTML, error) {
	var buf strings.Builder
	pg := &page{Site: b.site, Root: root, b: b}
	if err := b.tpl.pages["list.html"].ExecuteTemplate(&buf, name, cardData{pg, v, level}); err != nil {
		return "", b.tpl.errorIn(baseFile, err)
	}
	return template.HTML(buf.String()), nil //nolint:gosec // made by html/template
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
	if found := v.evidence.Load(); found != nil {
		return *found
	}
	var list []published
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
			if c := ev.CaptionsFile(); c != "" {
				if cf, _, ok := b.localFile(v, c); ok {
					x.captions = cf
				}
			}
		default:
			continue
		}
		list = append(list, x)
	}
	// Two pages may look at once: both find the same, and the first
	// to finish is kept.
	if !v.evidence.CompareAndSwap(nil, &list) {
		return *v.evidence.Load()
	}
	return list
}

// gallery lists an entry's evidence as its page shows it, and points its
// impact notes at the evidence that shows them (by title or file).
func (b *builder) gallery(v *entryView) ([]evidenceView, error) {
	m := b.p.Model
	published := b.publishedEvidence(v)
	var out []evidenceView
	if len(published) > 0 {
		out = make([]evidenceView, 0, len(published))
	}
	anchor := map[int]int{} // evidence list place to gallery place
	dir := "experiences/" + v.Slug()
	for _, pe := range published {
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
	impact := v.details().Impact
	for i, im := range v.src.Impact {
		if im.Evidence == "" || i >= len(impact) {
			continue
		}
		for j, ev := range v.src.Evidence {
			if k, ok := anchor[j]; ok && (ev.Title == im.Evidence || ev.File == im.Evidence) {
				impact[i].Evidence, impact[i].EvidenceTitle = out[k].ID, out[k].Title
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
	html, err := b.md.render(&portfolio.Story{Src: data}, plainLinks{}, true, 3)
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
	partners := v.details().Partners
	for i := range partners {
		if n := strings.ToLower(strings.TrimSpace(partners[i].Name)); n != "" && strings.Contains(t, n) {
			return &partners[i]
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
	pic, err := b.picture(file, path.Dir("experiences/"+v.Slug()+"/"+v.sitePath(file)), evidenceWidths)
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
	slug := []byte("code-" + portfolio.Slugify(strings.ReplaceAll(code, ".", "-")))
	for i, c := range slug {
		if c == '.' || c == ' ' {
			slug[i] = '-'
		}
	}
	return string(slug)
}
