package portfolio

import (
	"bytes"
	"hash/maphash"
	"slices"
	"strings"
	"time"

	"dll/internal/diag"
)

// The struct tags below are the entry format. `yaml` names the key;
// `dll` holds comma-separated facts the decoder and the schema both read:
//
//	required   the key must be present and not empty
//	completed  the key must be present when status is completed
//	vocab=X    every value comes from the vocabulary X
//	min=N      a whole number at least N
//	max=N      a whole number at most N
//
// Rules that involve more than one field live in the validate package.

// Settings is dll.yaml.
type Settings struct {
	Title      string   `yaml:"title" dll:"required" doc:"The title of the portfolio site."`
	Leader     Leader   `yaml:"leader" dll:"required" doc:"Who the portfolio belongs to."`
	BaseURL    string   `yaml:"base_url" doc:"Where the site will live, e.g. https://example.org/portfolio/. Links stay relative without it."`
	Language   string   `yaml:"language" doc:"The language of the site and of the entries dll new writes, as a BCP 47 tag: en, es, fr, pt or ar, which dll speaks, or any other, whose words go in templates/languages/. Default en."`
	Frameworks []string `yaml:"frameworks" dll:"vocab=frameworks" doc:"The alignment frameworks entries may use. Default: all."`
	Visibility string   `yaml:"visibility" dll:"vocab=visibility" doc:"Whether entries are public unless they say otherwise. Default public."`
	Privacy    Privacy  `yaml:"privacy" doc:"Names that must never be published."`
	Featured   []string `yaml:"featured" doc:"The experiences the home page shows first, by the name of their file or folder, such as glider-design-challenge. Three read best. Default: the three latest completed ones, those with a picture first."`
	Summary    Summary  `yaml:"summary" doc:"Your career at a glance, for the site's one-page summary: roles with their years, and credentials."`
	Site       SiteShow `yaml:"site" doc:"What the published site shows besides your experiences."`
	Aims       Aims     `yaml:"aims" doc:"What you mean your portfolio to demonstrate. dll validate warns only of these gaps, and --strict passes once they are shown. Default: every experience type and area of expertise, and no framework."`

	Pos Positions `yaml:"-"`
	// End is the line after the last of dll.yaml, where a setting it
	// lacks would be added.
	End diag.Pos `yaml:"-"`
}

// Aims are the types, expertise and framework codes a leader means to
// demonstrate.
type Aims struct {
	Types      []string `yaml:"types" dll:"vocab=types" doc:"The experience types you mean to show, such as inquiry and literacy. Default: all six."`
	Expertise  []string `yaml:"expertise" dll:"vocab=expertise" doc:"The areas of expertise you mean to show. Default: all five."`
	Frameworks []string `yaml:"frameworks" dll:"vocab=frameworks" doc:"The alignment frameworks whose every code you mean to evidence, such as iste-coaches. Default: none."`
}

// Leader describes the digital learning leader.
type Leader struct {
	Name         string    `yaml:"name" dll:"required"`
	Role         string    `yaml:"role" dll:"required,vocab=roles"`
	Organization string    `yaml:"organization" dll:"required"`
	Bio          string    `yaml:"bio"`
	Photo        string    `yaml:"photo" doc:"An image file in the portfolio folder."`
	PhotoAlt     string    `yaml:"photo_alt" doc:"What the photo shows, for people who cannot see it. Required with photo."`
	Email        string    `yaml:"email" doc:"An address where readers can write to you, shown on the home and summary pages."`
	Location     string    `yaml:"location" doc:"Where you work, such as a town and region."`
	Profiles     []Profile `yaml:"profiles" doc:"Your pages elsewhere on the web, such as LinkedIn or your school's staff page."`
}

// Profile is a page about the leader elsewhere on the web.
type Profile struct {
	Label string `yaml:"label" dll:"required" doc:"What the page is, such as LinkedIn."`
	URL   string `yaml:"url" dll:"required" doc:"Its address, starting with https://."`
}

// Summary is the leader's career at a glance, for the summary page.
type Summary struct {
	Roles       []Role       `yaml:"roles" doc:"Your positions, latest first."`
	Credentials []Credential `yaml:"credentials" doc:"Degrees, licences and certifications."`
}

// Role is a position the leader held.
type Role struct {
	Title        string `yaml:"title" dll:"required" doc:"The position, such as Teacher librarian."`
	Organization string `yaml:"organization" doc:"Where."`
	Start        int    `yaml:"start" dll:"required,min=1900,max=2200" doc:"The year it began, such as 2019."`
	End          int    `yaml:"end" dll:"min=1900,max=2200" doc:"The year it ended; leave it out while it goes on."`
	Note         string `yaml:"note" doc:"One line on what it covers."`
}

// Credential is a degree, licence or certification.
type Credential struct {
	Title  string `yaml:"title" dll:"required" doc:"Such as Master of Library and Information Science."`
	Issuer string `yaml:"issuer" doc:"Who awarded it."`
	Year   int    `yaml:"year" dll:"min=1900,max=2200" doc:"The year it was awarded."`
}

// SiteShow switches on what the site leaves out by default, for its
// readers: what the portfolio does not yet show, and the author's own
// record of changes.
type SiteShow struct {
	ShowGaps      bool `yaml:"show_gaps" doc:"true shows what the portfolio does not demonstrate yet: experience types with no experience, framework codes not evidenced, empty cells. Default false (dll validate --coverage tells you)."`
	ShowRevisions bool `yaml:"show_revisions" doc:"true shows each experience's commit messages, the names of your snapshots and the commit of the site in its footer. Default false: pages say when they were last updated."`
}

// Privacy lists names that must never appear in a published entry.
type Privacy struct {
	Roster       string   `yaml:"roster" doc:"A text file in the portfolio, one learner name per line. Keep it out of git."`
	BlockedNames []string `yaml:"blocked_names" doc:"More names that must never be published."`
}

// Entry is one learning experience.
type Entry struct {
	Title      string     `yaml:"title" dll:"required" doc:"The learning experience."`
	Summary    string     `yaml:"summary" dll:"required" doc:"One or two sentences."`
	Status     string     `yaml:"status" dll:"required,vocab=statuses"`
	Draft      bool       `yaml:"draft" doc:"true keeps the entry out of published builds."`
	Visibility string     `yaml:"visibility" dll:"vocab=visibility" doc:"private: never published."`
	Start      Date       `yaml:"start" dll:"required" doc:"The first day, as YYYY-MM-DD."`
	End        Date       `yaml:"end" dll:"completed" doc:"The last day, as YYYY-MM-DD. Required when completed."`
	Type       string     `yaml:"type" dll:"required,vocab=types"`
	Also       []string   `yaml:"also" dll:"vocab=types" doc:"More experience types."`
	Mode       string     `yaml:"mode" dll:"required,vocab=modes"`
	MyRole     string     `yaml:"my_role" dll:"required,vocab=roles"`
	Partners   []Partner  `yaml:"partners" dll:"required" doc:"The teachers, trainers or instructors you partnered with."`
	Setting    Setting    `yaml:"setting" dll:"required"`
	Expertise  []string   `yaml:"expertise" dll:"required,vocab=expertise"`
	Outcomes   *Outcomes  `yaml:"outcomes" dll:"completed"`
	Evidence   []Evidence `yaml:"evidence" dll:"completed"`
	Tags       []string   `yaml:"tags"`
	Language   string     `yaml:"language" doc:"The language the entry is written in, as a BCP 47 tag such as es or ko, when it is not the portfolio's. Default: the portfolio's language."`

	// Details are the values that only the entry's own page shows and only
	// its own rules check. A slim entry (see Slim) shares one empty set of
	// them, read only, with every other: the index of a large portfolio
	// keeps none. They are keys of the entry like the others; after=
	// in their tags says where each stands among them.
	*Details `yaml:",inline"`

	Src Source `yaml:"-"`
}

// Details are the values of an entry that only its own page shows (see
// Entry.Details).
type Details struct {
	WhatChanged   string                 `yaml:"what_changed" dll:"after=mode" doc:"What is different from the earlier version. Required to enhance or redesign."`
	Contributions Contributions          `yaml:"contributions" dll:"after=setting,required" doc:"What you did, by phase."`
	Equity        *Equity                `yaml:"equity" dll:"after=expertise" doc:"Required when equity is in expertise."`
	Technologies  []string               `yaml:"technologies" dll:"after=equity"`
	Impact        []Impact               `yaml:"impact" dll:"after=outcomes"`
	Actions       []string               `yaml:"actions" dll:"after=impact,vocab=actions" doc:"Leadership actions taken."`
	Alignments    map[string][]Alignment `yaml:"alignments" dll:"after=evidence,vocab=frameworks" doc:"The framework codes this experience meets: under each framework, a list of codes, or each code followed by a colon and a sentence on how the experience meets it."`
	// Body is the story in Markdown: the text after the front matter, or the
	// body key of an entry written as one YAML file.
	Body string `yaml:"body" dll:"after=language,yamlonly" doc:"The story, in Markdown (entries written as one YAML file only)."`
}

// Partner is a teacher, trainer or instructor the leader worked with.
type Partner struct {
	Name          string `yaml:"name" dll:"required" doc:"Initials or a pseudonym are welcome."`
	Role          string `yaml:"role" dll:"required,vocab=partner_roles"`
	Subject       string `yaml:"subject"`
	ConsentToName bool   `yaml:"consent_to_name" doc:"true when the partner agreed to be named in full."`
}

// Setting says where the learning happened and for whom.
type Setting struct {
	OrganizationType string `yaml:"organization_type" dll:"required,vocab=organization_types"`
	Delivery         string `yaml:"delivery" dll:"required,vocab=delivery"`
	Level            string `yaml:"level" dll:"required,vocab=levels"`
	Organization     string `yaml:"organization"`
	Subject          string `yaml:"subject"`
	Sessions         int    `yaml:"sessions" dll:"min=1"`
	Weeks            int    `yaml:"weeks" dll:"min=1"`
}

// Contributions lists what the leader did in each phase.
type Contributions struct {
	Planning   []string `yaml:"planning"`
	Teaching   []string `yaml:"teaching"`
	Assessment []string `yaml:"assessment"`
}

// ByPhase returns the contributions keyed by phase id, in phase order.
func (c Contributions) ByPhase() [3]PhaseItems {
	return [3]PhaseItems{{"planning", c.Planning}, {"teaching", c.Teaching}, {"assessment", c.Assessment}}
}

// PhaseItems is one phase's contributions.
type PhaseItems struct {
	Phase string
	Items []string
}

// Equity records the barriers addressed and what was done about them.
type Equity struct {
	Barriers []string `yaml:"barriers" dll:"vocab=barriers"`
	Actions  []string `yaml:"actions"`
}

// Outcomes are what learners and partners now do differently.
type Outcomes struct {
	Learners        int    `yaml:"learners" dll:"required,min=1" doc:"How many learners took part."`
	MetOrExceeded   int    `yaml:"met_or_exceeded" dll:"required,min=0" doc:"How many met or exceeded expectations."`
	BaselinePercent *int   `yaml:"baseline_percent" dll:"min=0,max=100" doc:"The percent before, for comparison."`
	AssessmentBasis string `yaml:"assessment_basis" dll:"required" doc:"How expectations were assessed."`
	LearnerChange   string `yaml:"learner_change" doc:"What learners now do differently."`
	PartnerChange   string `yaml:"partner_change" doc:"What partners now do differently."`
}

// Percent is the share who met or exceeded expectations, rounded to a whole
// number. It is self-reported.
func (o *Outcomes) Percent() int {
	if o == nil || o.Learners <= 0 {
		return 0
	}
	return (o.MetOrExceeded*100 + o.Learners/2) / o.Learners
}

// Impact is a change in motivation, self-efficacy, empowerment or mindset.
type Impact struct {
	Area         string   `yaml:"area" dll:"required,vocab=impact_areas"`
	Stakeholders []string `yaml:"stakeholders" dll:"required,vocab=stakeholders"`
	Note         string   `yaml:"note" dll:"required"`
	Evidence     string   `yaml:"evidence" doc:"The title or file of one of this entry's evidence items."`
}

// Evidence is one piece of evidence: a file in the entry's folder or a link.
type Evidence struct {
	Title    string `yaml:"title" dll:"required"`
	Kind     string `yaml:"kind" dll:"required,vocab=evidence_kinds"`
	File     string `yaml:"file" doc:"A file in the entry's folder. Give file or url, not both."`
	URL      string `yaml:"url" doc:"A web address starting with https://. Give file or url, not both."`
	Phase    string `yaml:"phase" dll:"required,vocab=evidence_phases"`
	Consent  string `yaml:"consent" dll:"required,vocab=consent"`
	Alt      string `yaml:"alt" doc:"What an image shows, for people who cannot see it. Required for images."`
	Captions string `yaml:"captions" doc:"A WebVTT (.vtt) captions file for a video or audio file, or none."`
	Caption  string `yaml:"caption" doc:"A caption shown under the evidence."`
}

// CaptionsFile returns the captions file the evidence names: "" when it
// names none (no captions, or none, for a video or audio without speech).
// A rule that looks for the files of evidence takes them from here, so
// that none is never looked for as a file.
func (ev Evidence) CaptionsFile() string {
	c := strings.TrimSpace(ev.Captions)
	if strings.EqualFold(c, "none") {
		return ""
	}
	return c
}

// Alignment is one code of a framework that an entry meets, with the
// author's note of how it meets it. An entry writes it as an item of a
// list of codes (- "4.3"), or as a code and its note ("4.3": Teachers
// now ...), under the framework or as an item of its list.
type Alignment struct {
	// Code is the framework's code. It has no key of its own: it is the
	// item, or the key before the note.
	Code string `yaml:"-"`
	Note string `yaml:"note" doc:"How the experience meets the code, in a sentence or two: the context a reader of the evidence needs."`
}

// AlignmentCodes returns the codes of a framework's alignments, in order.
func AlignmentCodes(as []Alignment) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Code
	}
	return out
}

// AlignmentOf returns the alignment to code, if the list has it.
func AlignmentOf(as []Alignment, code string) (Alignment, bool) {
	for _, a := range as {
		if a.Code == code {
			return a, true
		}
	}
	return Alignment{}, false
}

// Date is a calendar day written as YYYY-MM-DD.
type Date struct{ time.Time }

// String returns the date as YYYY-MM-DD, or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(time.DateOnly)
}

// Positions records where each value of a document stands, by YAML path
// (partners[0].name). It is a compact list with a small hash index rather
// than a map, because a portfolio holds thousands of entries with a hundred
// values each. The paths are written one after another in one block of
// bytes, which saves a string for each and leaves the garbage collector no
// pointers to follow.
//
// A record is a pointer to its table, so that an entry's own record takes
// one word of it: copies of a record share its table.
type Positions struct{ *posTable }

type posTable struct {
	file  string
	paths []byte // every path recorded, one after another
	list  []posEntry
	// index is a hash table of 1 + the place in list of each path, the
	// last if it was recorded twice; 0 is a free slot. Sort makes it.
	index []int32
}

type posEntry struct {
	start, end uint32 // the path is paths[start:end]
	line, col  int32
}

// NewPositions returns an empty record for the file.
func NewPositions(file string) Positions { return Positions{&posTable{file: file}} }

// Set records where path stands. A later Set of the same path wins.
func (p *Positions) Set(path string, at diag.Pos) {
	if p.posTable == nil {
		p.posTable = &posTable{}
	}
	p.add(nil, path, at)
}

// grow makes room for n more paths of size bytes in all, so that a
// document's record is allocated once, at about its size.
func (p *Positions) grow(n, size int) {
	p.list = slices.Grow(p.list, n)
	p.paths = slices.Grow(p.paths, size)
}

// add records where the path made of prefix and then suffix stands.
func (p *Positions) add(prefix []byte, suffix string, at diag.Pos) {
	start := len(p.paths)
	p.paths = append(append(p.paths, prefix...), suffix...)
	p.list = append(p.list, posEntry{uint32(start), uint32(len(p.paths)), int32(at.Line), int32(at.Col)})
	p.index = nil
}

func (p *Positions) path(e posEntry) []byte { return p.paths[e.start:e.end] }

// hashSeed seeds the index's hash; it changes from run to run, but only
// where paths sit in the index, never what a lookup finds.
var hashSeed = maphash.MakeSeed()

// Index readies the record for fast lookups. The loader calls it once a
// document is read; lookups before it scan the list.
func (p *Positions) Index() {
	if p.posTable == nil {
		return
	}
	// A third of the slots stay free, so that probes are short.
	size := uint64(len(p.list) + len(p.list)/2 + 1)
	p.index = make([]int32, size)
	for i, e := range p.list {
		path := p.path(e)
		for slot := maphash.Bytes(hashSeed, path) % size; ; slot = (slot + 1) % size {
			if k := p.index[slot]; k == 0 || bytes.Equal(p.path(p.list[k-1]), path) {
				p.index[slot] = int32(i + 1) // a later record of a path wins
				break
			}
		}
	}
}

// Get returns where path stands.
func (p Positions) Get(path string) (diag.Pos, bool) {
	if p.posTable == nil {
		return diag.Pos{}, false
	}
	var e posEntry
	found := false
	if p.index != nil {
		size := uint64(len(p.index))
		for slot := maphash.String(hashSeed, path) % size; p.index[slot] != 0; slot = (slot + 1) % size {
			if x := p.list[p.index[slot]-1]; string(p.path(x)) == path {
				e, found = x, true
				break
			}
		}
	} else {
		for _, x := range p.list {
			if string(p.path(x)) == path {
				e, found = x, true
			}
		}
	}
	if !found {
		return diag.Pos{}, false
	}
	return diag.Pos{File: p.file, Line: int(e.line), Col: int(e.col)}, true
}

// Has reports whether path was recorded.
func (p Positions) Has(path string) bool {
	_, ok := p.Get(path)
	return ok
}

// File returns the file whose record it is.
func (p Positions) File() string {
	if p.posTable == nil {
		return ""
	}
	return p.file
}

// At returns the position of path, or of the nearest enclosing path that has
// one, so that a missing key is reported at the mapping that lacks it.
func (p Positions) At(path string) diag.Pos {
	for {
		if pos, ok := p.Get(path); ok {
			return pos
		}
		if path == "" {
			return diag.Pos{File: p.File(), Line: 1, Col: 1}
		}
		path = path[:max(strings.LastIndexAny(path, ".["), 0)]
	}
}
