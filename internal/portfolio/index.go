package portfolio

import (
	"iter"
	"maps"
	"slices"
	"strings"
	"unsafe"

	"github.com/yuin/goldmark/ast"

	"dll/internal/diag"
)

// Slim keeps of a read entry only what the pages of other entries, the
// portfolio's totals and coverage, and the rules that span entries need of
// it: its title, summary, status, dates, types, mode and role, partners'
// names and roles, setting, the phases it has contributions in, expertise,
// outcome figures (and partner_change, which the summary page shows of a
// featured experience), how much evidence it has and its evidence files
// (without their titles and captions), alignments, tags and language. Its story, where its values stand, and the longer
// texts that only its own page shows are let go. Its strings no longer
// share memory with the file it was read from, so a large portfolio can be
// indexed without being held in memory. Portfolio.ReadEntry reads it again
// in full, for its page.
func (e *Entry) Slim(m *Model) {
	if e.IsSlim() {
		return
	}
	// Ids, codes and tags come back entry after entry: each is kept once
	// (see Model.keepWord).
	word := m.keepWord
	// The entry's word lists share one block of memory, and so do its own
	// texts (title, summary, names, notes): a few objects an entry rather
	// than dozens, for the collector to look through (see slimTexts).
	lists := make([]string, 0, len(e.Also)+len(e.Expertise)+len(e.Tags))
	words := func(list []string) []string {
		if len(list) == 0 {
			return nil
		}
		start := len(lists)
		for _, s := range list {
			lists = append(lists, word(s))
		}
		return lists[start:len(lists):len(lists)]
	}
	text := e.slimTexts()
	if e.Src.idx == nil {
		e.Src.idx = &entryIndex{}
	}
	idx := e.Src.idx
	idx.phases, idx.evidence = e.phaseBits(), len(e.Evidence)
	idx.slim = true
	// Of where its values stand, nothing: the rules that span entries
	// point to one or two entries at most, and Portfolio.At reads those
	// again.
	e.Src.Pos = Positions{}
	e.Title, e.Summary = text(e.Title), text(e.Summary)
	e.Status, e.Visibility, e.Type, e.Mode, e.MyRole = word(e.Status), word(e.Visibility), word(e.Type), word(e.Mode), word(e.MyRole)
	e.Also = words(e.Also)
	if len(e.Partners) > 0 {
		partners := make([]Partner, len(e.Partners))
		for i, pa := range e.Partners {
			partners[i] = Partner{Name: text(pa.Name), Role: word(pa.Role), ConsentToName: pa.ConsentToName}
		}
		e.Partners = partners
	}
	st := e.Setting
	e.Setting = Setting{OrganizationType: word(st.OrganizationType), Delivery: word(st.Delivery), Level: word(st.Level), Sessions: st.Sessions, Weeks: st.Weeks}
	e.Expertise = words(e.Expertise)
	if o := e.Outcomes; o != nil {
		// Kept beside the rest of the index, not on their own.
		idx.outcomes = Outcomes{Learners: o.Learners, MetOrExceeded: o.MetOrExceeded, PartnerChange: text(o.PartnerChange)}
		if o.BaselinePercent != nil {
			idx.baseline = *o.BaselinePercent
			idx.outcomes.BaselinePercent = &idx.baseline
		}
		e.Outcomes = &idx.outcomes
	}
	// Of evidence, the files: the history of an entry written as one
	// file takes in the files it lists, and a card may show a picture.
	var files []Evidence
	for _, ev := range e.Evidence {
		if ev.File != "" || ev.CaptionsFile() != "" {
			files = append(files, Evidence{Kind: word(ev.Kind), File: text(ev.File), Phase: word(ev.Phase),
				Consent: word(ev.Consent), Alt: text(ev.Alt), Captions: text(ev.Captions)})
		}
	}
	e.Evidence = files
	// A list of a few frameworks takes a fraction of a map's memory, and
	// their codes share one block. The notes stay: the criteria page
	// shows each code's entries with their notes.
	codes := 0
	for _, as := range e.Alignments {
		codes += len(as)
	}
	if len(e.Alignments) > 0 {
		idx.aligned = make([]aligned, 0, len(e.Alignments))
	}
	all := make([]Alignment, 0, codes)
	for _, fw := range slices.Sorted(maps.Keys(e.Alignments)) {
		start := len(all)
		for _, a := range e.Alignments[fw] {
			all = append(all, Alignment{Code: word(a.Code), Note: text(a.Note)})
		}
		idx.aligned = append(idx.aligned, aligned{word(fw), all[start:len(all):len(all)]})
	}
	e.Tags = words(e.Tags)
	e.Language = word(e.Language)
	// The story and what only the entry's own page shows.
	e.Details = &slimDetails
}

// slimDetails are the details of every slim entry: none. They are read
// only; nothing writes to a slim entry.
var slimDetails Details

// slimTexts returns a function that copies each of the entry's own texts
// that a slim entry keeps (see Slim) into one block of memory made for
// them all, so that the entry no longer shares memory with the file it was
// read from. A text it was not made for gets a copy of its own.
func (e *Entry) slimTexts() func(string) string {
	n := len(e.Title) + len(e.Summary)
	for _, pa := range e.Partners {
		n += len(pa.Name)
	}
	if e.Outcomes != nil {
		n += len(e.Outcomes.PartnerChange)
	}
	for _, ev := range e.Evidence {
		n += len(ev.File) + len(ev.Alt) + len(ev.Captions)
	}
	for _, as := range e.Alignments {
		for _, a := range as {
			n += len(a.Note)
		}
	}
	block := make([]byte, 0, n)
	return func(s string) string {
		if s == "" {
			return ""
		}
		if len(block)+len(s) > cap(block) {
			return strings.Clone(s)
		}
		start := len(block)
		block = append(block, s...)
		return unsafe.String(&block[start], len(s))
	}
}

// aligned is a framework of a slim entry's alignments, with its codes.
type aligned struct {
	fw    string
	codes []Alignment
}

// Aligned returns the entry's alignments, framework by framework, a slim
// entry's too.
func (e *Entry) Aligned() iter.Seq2[string, []Alignment] {
	return func(yield func(string, []Alignment) bool) {
		if e.IsSlim() {
			for _, a := range e.Src.idx.aligned {
				if !yield(a.fw, a.codes) {
					return
				}
			}
			return
		}
		for fw, codes := range e.Alignments {
			if !yield(fw, codes) {
				return
			}
		}
	}
}

// AlignedTo returns the entry's alignments to the framework fw, a slim
// entry's too.
func (e *Entry) AlignedTo(fw string) []Alignment {
	for f, codes := range e.Aligned() {
		if f == fw {
			return codes
		}
	}
	return nil
}

// At returns where path stands in the entry e, as e.Src.Pos.At does, for
// an entry that may be slim: a slim entry keeps no positions, so it is
// read again. When it cannot be, it is its file's first line.
func (p *Portfolio) At(e *Entry, path string) diag.Pos {
	if !e.IsSlim() {
		return e.Src.Pos.At(path)
	}
	if full, _, _ := p.ReadEntry(e); full != nil && full.Src.Parsed {
		return full.Src.Pos.At(path)
	}
	return diag.Pos{File: e.Src.File, Line: 1, Col: 1}
}

// IsSlim reports whether Slim let go of the entry's story and longer
// texts.
func (e *Entry) IsSlim() bool { return e.Src.idx != nil && e.Src.idx.slim }

// SharedWords is how many of the authors' own words, such as tags, are
// kept once for every entry to share (by Slim, and by the site's cards):
// those of a portfolio of any size, and not more when each entry has
// words no other has.
const SharedWords = 1 << 14

// keepWord returns s, kept once for every entry that has it while there
// are no more than SharedWords such words, or else a copy of its own, so
// that the entry does not keep the text it was read from.
func (m *Model) keepWord(s string) string {
	if w, ok := m.interned()[s]; ok {
		return w
	}
	m.wordsMu.Lock()
	defer m.wordsMu.Unlock()
	if w, ok := m.words[s]; ok {
		return w
	}
	w := strings.Clone(s)
	if m.words == nil {
		m.words = map[string]string{}
	}
	if len(m.words) < SharedWords {
		m.words[w] = w
	}
	return w
}

// interned returns the ids of every vocabulary and framework code, each
// kept once, for Slim to share among entries.
func (m *Model) interned() map[string]string {
	m.internOnce.Do(func() {
		m.intern = map[string]string{}
		for _, v := range m.Vocabularies {
			for _, t := range v.Values {
				m.intern[t.ID] = t.ID
			}
		}
		for _, f := range m.Frameworks {
			m.intern[f.ID] = f.ID
			for _, c := range f.Codes {
				m.intern[c.ID] = c.ID
			}
		}
	})
	return m.intern
}

// ReadEntry reads the entry e again in full, from its file: e may be slim
// (see Entry.Slim). It returns nil when the entry is gone (a folder whose
// index.md was removed). changed reports that the file differs from the
// one e was read from, so that what other pages show of it may be out of
// date.
func (p *Portfolio) ReadEntry(e *Entry) (full *Entry, diags diag.List, changed bool) {
	full = entryJob{file: e.Src.File, dir: e.Src.Dir, slugName: slugName(e.Src), form: e.Src.Form}.shell()
	if !loadEntry(p.FS, p.Model, full, &diags, true) {
		return nil, diags, true
	}
	return full, diags, full.Src.sum() != e.Src.sum() || full.Src.Parsed != e.Src.Parsed
}

// Story is a text of the portfolio (an entry's story, the philosophy
// statement, the bio) read as Markdown once, for both checking it and
// making it into a page.
type Story struct {
	Src []byte   // the text; Doc's segments point into it
	Doc ast.Node // the document; nil when reading the text failed
}
