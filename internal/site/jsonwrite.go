package site

import (
	"cmp"
	"path"
	"strconv"
	"unicode/utf8"

	"dll/internal/portfolio"
)

// Each entry's object of portfolio.json is written here, straight from
// its view, the same byte for byte as encoding/json's Encoder wrote it
// (with SetEscapeHTML(false) and SetIndent("    ", "  ")) from a struct
// of the entry: through reflection, then again to indent it, that was a
// twentieth of a build's time at 10,000 entries, and a struct of about
// 2 KB made for each entry.
//
// The keys, their order and which are left out when empty are those of
// the struct jsonEntry and the types in it, which the tests keep as the
// reference (jsonwrite_test.go): every test of this package that builds a
// site encodes each entry both ways and fails when they differ (see
// checkJSON), and FuzzJSONEntryAsEncodingJSON puts any text in every
// field. A key added here needs its field there too, and in the published
// schema (internal/schema, Published). Where the struct's tag says
// omitempty, the key is left out as encoding/json leaves it out: when its
// text is "", its number 0, its list empty or its pointer nil (the
// ...OmitEmpty methods, or a test before the key); a pointer to 0 is
// written.
//
// A value is written only when it is one the schema allows, so that a
// draft shown by dll build --drafts, which may lack much or have it wrong,
// still meets the schema: a value of a vocabulary that is not one of its
// ids (or is missing) is left out, and so is a list left with none, a
// date not given, a count below 1, an alignment without codes and
// outcomes whose figures do not add up. A published entry has passed
// every check, so nothing of it is left out.

// appendJSONEntry appends the object of portfolio.json of the entry v,
// read in full, to buf.
func (b *builder) appendJSONEntry(buf []byte, v *entryView) []byte {
	e := v.src
	w := jsonWriter{buf: buf}
	w.open('{')
	w.str("slug", v.Slug())
	w.str("page", v.URL())
	if v.Draft {
		w.key("draft")
		w.bool(true)
	}
	w.str("title", e.Title)
	w.str("summary", e.Summary)
	b.jsonLabel(&w, "status", "statuses", e.Status)
	w.strOmitEmpty("start", e.Start.String())
	w.strOmitEmpty("end", e.End.String())
	b.jsonLabels(&w, "types", "types", e.Types())
	b.jsonLabel(&w, "mode", "modes", e.Mode)
	w.strOmitEmpty("what_changed", e.WhatChanged)
	b.jsonLabel(&w, "my_role", "roles", e.MyRole)
	if len(e.Partners) > 0 {
		w.key("partners")
		w.open('[')
		for _, p := range e.Partners {
			w.item()
			w.open('{')
			w.str("name", p.Name)
			b.jsonLabel(&w, "role", "partner_roles", p.Role)
			w.strOmitEmpty("subject", p.Subject)
			w.close('}')
		}
		w.close(']')
	}
	st := e.Setting
	w.key("setting")
	w.open('{')
	b.jsonLabel(&w, "organization_type", "organization_types", st.OrganizationType)
	b.jsonLabel(&w, "delivery", "delivery", st.Delivery)
	b.jsonLabel(&w, "level", "levels", st.Level)
	w.strOmitEmpty("organization", st.Organization)
	w.strOmitEmpty("subject", st.Subject)
	w.count("sessions", st.Sessions)
	w.count("weeks", st.Weeks)
	w.close('}')
	c := e.Contributions
	w.key("contributions")
	w.open('{')
	w.strsOmitEmpty("planning", c.Planning)
	w.strsOmitEmpty("teaching", c.Teaching)
	w.strsOmitEmpty("assessment", c.Assessment)
	w.close('}')
	b.jsonLabels(&w, "expertise", "expertise", e.Expertise)
	if eq := e.Equity; eq != nil && len(eq.Barriers)+len(eq.Actions) > 0 {
		w.key("equity")
		w.open('{')
		if len(eq.Barriers) > 0 {
			b.jsonLabels(&w, "barriers", "barriers", eq.Barriers)
		}
		w.strsOmitEmpty("actions", eq.Actions)
		w.close('}')
	}
	w.strsOmitEmpty("technologies", e.Technologies)
	if o := e.Outcomes; figuresAddUp(o) {
		w.key("outcomes")
		w.open('{')
		w.int("learners", o.Learners)
		w.int("met_or_exceeded", o.MetOrExceeded)
		w.int("percent_met_or_exceeded", o.Percent())
		w.key("self_reported")
		w.bool(true)
		if o.BaselinePercent != nil { // omitted when absent, written when 0
			w.int("baseline_percent", *o.BaselinePercent)
		}
		w.str("assessment_basis", o.AssessmentBasis)
		w.strOmitEmpty("learner_change", o.LearnerChange)
		w.strOmitEmpty("partner_change", o.PartnerChange)
		w.close('}')
	}
	if len(e.Impact) > 0 {
		w.key("impact")
		w.open('[')
		for _, im := range e.Impact {
			w.item()
			w.open('{')
			b.jsonLabel(&w, "area", "impact_areas", im.Area)
			b.jsonLabels(&w, "stakeholders", "stakeholders", im.Stakeholders)
			w.str("note", im.Note)
			w.strOmitEmpty("evidence", im.Evidence)
			w.close('}')
		}
		w.close(']')
	}
	if len(e.Actions) > 0 {
		b.jsonLabels(&w, "actions", "actions", e.Actions)
	}
	b.jsonEvidence(&w, v)
	b.jsonAlignments(&w, e)
	w.strsOmitEmpty("tags", e.Tags)
	w.strOmitEmpty("language", v.Lang()) // when not the portfolio's
	w.close('}')
	return w.buf
}

// jsonEvidence writes the key "evidence" of the entry v's object: the
// evidence its page shows, with the site paths of its files; omitted when
// there is none.
func (b *builder) jsonEvidence(w *jsonWriter, v *entryView) {
	evidence := b.publishedEvidence(v)
	if len(evidence) == 0 {
		return
	}
	dir := "experiences/" + v.Slug() + "/"
	w.key("evidence")
	w.open('[')
	for _, pe := range evidence {
		ev := pe.ev
		var file, url, captions string
		var width, height int
		switch {
		case pe.file == "":
			url = ev.URL
		case portfolio.MediaOf(pe.file) == portfolio.Image:
			if pic, err := b.picture(pe.file, path.Dir(dir+v.sitePath(pe.file)), evidenceWidths); err == nil {
				file, width, height = pic.Widest(), pic.Width, pic.Height
			}
		default:
			file = dir + v.sitePath(pe.file)
			if pe.captions != "" {
				captions = dir + v.sitePath(pe.captions)
			}
		}
		w.item()
		w.open('{')
		w.str("title", ev.Title)
		b.jsonLabel(w, "kind", "evidence_kinds", ev.Kind)
		b.jsonLabel(w, "phase", "evidence_phases", ev.Phase)
		w.strOmitEmpty("file", file) // a site path
		w.count("width", width)
		w.count("height", height)
		w.strOmitEmpty("url", url)
		w.strOmitEmpty("alt", ev.Alt)
		w.strOmitEmpty("captions", captions)
		w.strOmitEmpty("caption", ev.Caption)
		w.close('}')
	}
	w.close(']')
}

// jsonAlignments writes the key "alignments" of the entry e's object: the
// codes it meets of each framework of the model, by the frameworks' ids;
// omitted when there are none.
func (b *builder) jsonAlignments(w *jsonWriter, e *portfolio.Entry) {
	started := false
	for _, fw := range sortedKeys(e.Alignments) {
		f := b.p.Model.Framework(fw)
		codes := e.Alignments[fw]
		if f == nil || len(codes) == 0 {
			continue
		}
		if !started {
			w.key("alignments")
			w.open('[')
			started = true
		}
		w.item()
		w.open('{')
		w.key("framework")
		w.labelled(f.ID, f.Name)
		w.key("codes")
		w.open('[')
		for _, al := range codes {
			label := al.Code
			for _, c := range f.Codes {
				if c.ID == al.Code && c.Label != "" {
					label = c.Label
				}
			}
			w.item()
			w.open('{')
			w.str("id", al.Code)
			w.str("label", label)
			w.strOmitEmpty("note", al.Note)
			w.close('}')
		}
		w.close(']')
		w.close('}')
	}
	if started {
		w.close(']')
	}
}

// jsonLabel writes the key k with the id of a vocabulary and its label;
// nothing when id is not one of the vocabulary's.
func (b *builder) jsonLabel(w *jsonWriter, k, vocab, id string) {
	if label, ok := knownLabel(b.p.Model, vocab, id); ok {
		w.key(k)
		w.labelled(id, label)
	}
}

// jsonLabels writes the key k with the ids of a vocabulary, each with its
// label, leaving out those that are not the vocabulary's; nothing when
// none is left.
func (b *builder) jsonLabels(w *jsonWriter, k, vocab string, ids []string) {
	started := false
	for _, id := range ids {
		label, ok := knownLabel(b.p.Model, vocab, id)
		if !ok {
			continue
		}
		if !started {
			w.key(k)
			w.open('[')
			started = true
		}
		w.item()
		w.labelled(id, label)
	}
	if started {
		w.close(']')
	}
}

// knownLabel returns the label of id in the model's vocabulary vocab, and
// whether id is one of its ids: a draft's may be missing or misspelt.
func knownLabel(m *portfolio.Model, vocab, id string) (string, bool) {
	v := m.Vocab(vocab)
	if v == nil {
		return id, id != ""
	}
	t, ok := v.Term(id)
	if !ok {
		return "", false
	}
	return cmp.Or(t.Label, id), true
}

// figuresAddUp reports whether o is there and its figures are ones the
// schema allows: counts not below 0, no more who met expectations than
// learners, and percents from 0 to 100.
func figuresAddUp(o *portfolio.Outcomes) bool {
	if o == nil || o.Learners < 0 || o.MetOrExceeded < 0 || o.MetOrExceeded > o.Learners {
		return false
	}
	pct := o.Percent() // out of range too when the counts are too large to multiply
	return pct >= 0 && pct <= 100 && (o.BaselinePercent == nil || *o.BaselinePercent >= 0 && *o.BaselinePercent <= 100)
}

// jsonWriter appends JSON to buf as encoding/json's Encoder writes it
// with SetEscapeHTML(false) and SetIndent(jsonPrefix, jsonIndent): each
// key or item of an object or array on a line of its own, and an empty
// one as {} or []. A value in an object starts with key, in an array with
// item; open and close bracket objects and arrays.
type jsonWriter struct {
	buf   []byte
	depth int  // how many objects and arrays are open
	empty bool // nothing is yet in the object or array last opened
}

const (
	// jsonPrefix starts every line but the first of an entry's object:
	// the object is an item of portfolio.json's "entries".
	jsonPrefix = "    "
	jsonIndent = "  "
)

// open starts an object ('{') or an array ('[').
func (w *jsonWriter) open(c byte) {
	w.buf = append(w.buf, c)
	w.depth++
	w.empty = true
}

// close ends the object ('}') or array (']') last opened.
func (w *jsonWriter) close(c byte) {
	w.depth--
	if !w.empty {
		w.newline()
	}
	w.buf = append(w.buf, c)
	w.empty = false
}

// item starts a value of the array open.
func (w *jsonWriter) item() {
	if !w.empty {
		w.buf = append(w.buf, ',')
	}
	w.empty = false
	w.newline()
}

// key starts the value of key k of the object open. Keys are words of
// the format, in lower case ASCII with underscores: they are written as
// they are, with nothing to escape.
func (w *jsonWriter) key(k string) {
	w.item()
	w.buf = append(w.buf, '"')
	w.buf = append(w.buf, k...)
	w.buf = append(w.buf, '"', ':', ' ')
}

// jsonLines is a line's end and the start of the next, as deep as an
// entry's object goes.
const jsonLines = "\n" + jsonPrefix + "            "

// newline ends a line and indents the next.
func (w *jsonWriter) newline() {
	if n := 1 + len(jsonPrefix) + len(jsonIndent)*w.depth; n <= len(jsonLines) {
		w.buf = append(w.buf, jsonLines[:n]...)
		return
	}
	w.buf = append(w.buf, jsonLines[:1+len(jsonPrefix)]...)
	for range w.depth {
		w.buf = append(w.buf, jsonIndent...)
	}
}

func (w *jsonWriter) null() { w.buf = append(w.buf, "null"...) }

func (w *jsonWriter) bool(v bool) { w.buf = strconv.AppendBool(w.buf, v) }

// str writes the key k with the text s.
func (w *jsonWriter) str(k, s string) {
	w.key(k)
	w.buf = appendJSONString(w.buf, s)
}

// strOmitEmpty writes the key k with the text s, unless s is "".
func (w *jsonWriter) strOmitEmpty(k, s string) {
	if s != "" {
		w.str(k, s)
	}
}

// strsOmitEmpty writes the key k with the texts list, unless it is empty.
func (w *jsonWriter) strsOmitEmpty(k string, list []string) {
	if len(list) == 0 {
		return
	}
	w.key(k)
	w.open('[')
	for _, s := range list {
		w.item()
		w.buf = appendJSONString(w.buf, s)
	}
	w.close(']')
}

// int writes the key k with the number n.
func (w *jsonWriter) int(k string, n int) {
	w.key(k)
	w.buf = strconv.AppendInt(w.buf, int64(n), 10)
}

// count writes the key k with the count n, unless it is below 1.
func (w *jsonWriter) count(k string, n int) {
	if n > 0 {
		w.int(k, n)
	}
}

// labelled writes an id with its label, as the object {"id", "label"}.
func (w *jsonWriter) labelled(id, label string) {
	w.open('{')
	w.str("id", id)
	w.str("label", label)
	w.close('}')
}

// appendJSONString appends s to dst as a JSON string, escaped as
// encoding/json escapes it when it does not escape HTML: a quote and a
// backslash after a backslash; \b, \f, \n, \r and \t, and other control
// characters as \u00XX; U+2028 and U+2029 as \u2028 and \u2029 (they end a
// line in JavaScript); and each byte that is not part of valid UTF-8 as
// \ufffd.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= ' ' && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
