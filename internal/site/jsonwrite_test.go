package site

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"dll/internal/portfolio"
	"dll/internal/sample"
)

// The reference for appendJSONEntry: the object of portfolio.json of an
// entry as a struct, with the keys and the omitempty of each as tags,
// encoded by encoding/json as dll did before writing it by hand. Every
// build of these tests has each entry's object written both ways and
// compared (see checkJSON). A value the schema does not allow, which
// only a draft may have, is left out (see knownLabel and figuresAddUp).

type jsonEntry struct {
	Slug          string            `json:"slug"`
	Page          string            `json:"page"`
	Draft         bool              `json:"draft,omitempty"`
	Title         string            `json:"title"`
	Summary       string            `json:"summary"`
	Status        *jsonLabel        `json:"status,omitempty"`
	Start         string            `json:"start,omitempty"`
	End           string            `json:"end,omitempty"`
	Types         []jsonLabel       `json:"types,omitempty"`
	Mode          *jsonLabel        `json:"mode,omitempty"`
	WhatChanged   string            `json:"what_changed,omitempty"`
	MyRole        *jsonLabel        `json:"my_role,omitempty"`
	Partners      []jsonPartner     `json:"partners,omitempty"`
	Setting       jsonSetting       `json:"setting"`
	Contributions jsonContributions `json:"contributions"`
	Expertise     []jsonLabel       `json:"expertise,omitempty"`
	Equity        *jsonEquity       `json:"equity,omitempty"`
	Technologies  []string          `json:"technologies,omitempty"`
	Outcomes      *jsonOutcomes     `json:"outcomes,omitempty"`
	Impact        []jsonImpact      `json:"impact,omitempty"`
	Actions       []jsonLabel       `json:"actions,omitempty"`
	Evidence      []jsonEvidence    `json:"evidence,omitempty"`
	Alignments    []jsonAlignment   `json:"alignments,omitempty"`
	Tags          []string          `json:"tags,omitempty"`
	Language      string            `json:"language,omitempty"` // when not the portfolio's
}

type jsonPartner struct {
	Name    string     `json:"name"`
	Role    *jsonLabel `json:"role,omitempty"`
	Subject string     `json:"subject,omitempty"`
}

type jsonSetting struct {
	OrganizationType *jsonLabel `json:"organization_type,omitempty"`
	Delivery         *jsonLabel `json:"delivery,omitempty"`
	Level            *jsonLabel `json:"level,omitempty"`
	Organization     string     `json:"organization,omitempty"`
	Subject          string     `json:"subject,omitempty"`
	Sessions         int        `json:"sessions,omitempty"`
	Weeks            int        `json:"weeks,omitempty"`
}

type jsonContributions struct {
	Planning   []string `json:"planning,omitempty"`
	Teaching   []string `json:"teaching,omitempty"`
	Assessment []string `json:"assessment,omitempty"`
}

type jsonEquity struct {
	Barriers []jsonLabel `json:"barriers,omitempty"`
	Actions  []string    `json:"actions,omitempty"`
}

type jsonOutcomes struct {
	Learners        int    `json:"learners"`
	MetOrExceeded   int    `json:"met_or_exceeded"`
	Percent         int    `json:"percent_met_or_exceeded"`
	SelfReported    bool   `json:"self_reported"`
	BaselinePercent *int   `json:"baseline_percent,omitempty"`
	AssessmentBasis string `json:"assessment_basis"`
	LearnerChange   string `json:"learner_change,omitempty"`
	PartnerChange   string `json:"partner_change,omitempty"`
}

type jsonImpact struct {
	Area         *jsonLabel  `json:"area,omitempty"`
	Stakeholders []jsonLabel `json:"stakeholders,omitempty"`
	Note         string      `json:"note"`
	Evidence     string      `json:"evidence,omitempty"`
}

type jsonEvidence struct {
	Title    string     `json:"title"`
	Kind     *jsonLabel `json:"kind,omitempty"`
	Phase    *jsonLabel `json:"phase,omitempty"`
	File     string     `json:"file,omitempty"` // a site path
	Width    int        `json:"width,omitempty"`
	Height   int        `json:"height,omitempty"`
	URL      string     `json:"url,omitempty"`
	Alt      string     `json:"alt,omitempty"`
	Captions string     `json:"captions,omitempty"`
	Caption  string     `json:"caption,omitempty"`
}

type jsonAlignment struct {
	Framework jsonLabel  `json:"framework"`
	Codes     []jsonCode `json:"codes"`
}

// jsonCode is a framework code an experience meets, with the author's
// note of how.
type jsonCode struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Note  string `json:"note,omitempty"`
}

// known is the id of a vocabulary with its label, or nil when it is not
// one of the vocabulary's ids.
func (b *builder) known(vocab, id string) *jsonLabel {
	label, ok := knownLabel(b.p.Model, vocab, id)
	if !ok {
		return nil
	}
	return &jsonLabel{id, label}
}

// labels is the ids of a vocabulary that are its, with their labels.
func (b *builder) labels(vocab string, ids []string) []jsonLabel {
	var out []jsonLabel
	for _, id := range ids {
		if l := b.known(vocab, id); l != nil {
			out = append(out, *l)
		}
	}
	return out
}

// positive is n when it is above 0, else 0, which omitempty leaves out.
func positive(n int) int { return max(n, 0) }

// trimNewline drops the newline json.Encoder writes after each value.
type trimNewline struct{ w io.Writer }

func (t *trimNewline) Write(p []byte) (int, error) {
	n := len(p)
	if n > 0 && p[n-1] == '\n' {
		p = p[:n-1]
	}
	_, err := t.w.Write(p)
	return n, err
}

func (b *builder) jsonEntryOf(v *entryView) jsonEntry {
	e := v.src
	j := jsonEntry{
		Slug: v.Slug(), Page: v.URL(), Draft: v.Draft, Title: e.Title, Summary: e.Summary, Status: b.known("statuses", e.Status),
		Start: e.Start.String(), End: e.End.String(), Types: b.labels("types", e.Types()), Mode: b.known("modes", e.Mode), WhatChanged: e.WhatChanged,
		MyRole: b.known("roles", e.MyRole), Expertise: b.labels("expertise", e.Expertise), Technologies: e.Technologies,
		Actions: b.labels("actions", e.Actions), Tags: e.Tags, Language: v.Lang(),
		Contributions: jsonContributions{e.Contributions.Planning, e.Contributions.Teaching, e.Contributions.Assessment},
	}
	for _, p := range e.Partners {
		j.Partners = append(j.Partners, jsonPartner{p.Name, b.known("partner_roles", p.Role), p.Subject})
	}
	st := e.Setting
	j.Setting = jsonSetting{b.known("organization_types", st.OrganizationType), b.known("delivery", st.Delivery), b.known("levels", st.Level),
		st.Organization, st.Subject, positive(st.Sessions), positive(st.Weeks)}
	if e.Equity != nil && len(e.Equity.Barriers)+len(e.Equity.Actions) > 0 {
		j.Equity = &jsonEquity{b.labels("barriers", e.Equity.Barriers), e.Equity.Actions}
	}
	if figuresAddUp(e.Outcomes) {
		o := e.Outcomes
		j.Outcomes = &jsonOutcomes{Learners: o.Learners, MetOrExceeded: o.MetOrExceeded, Percent: o.Percent(), SelfReported: true,
			BaselinePercent: o.BaselinePercent, AssessmentBasis: o.AssessmentBasis, LearnerChange: o.LearnerChange, PartnerChange: o.PartnerChange}
	}
	for _, im := range e.Impact {
		j.Impact = append(j.Impact, jsonImpact{b.known("impact_areas", im.Area), b.labels("stakeholders", im.Stakeholders), im.Note, im.Evidence})
	}
	dir := "experiences/" + v.Slug() + "/"
	for _, pe := range b.publishedEvidence(v) {
		ev := pe.ev
		x := jsonEvidence{Title: ev.Title, Kind: b.known("evidence_kinds", ev.Kind), Phase: b.known("evidence_phases", ev.Phase), Alt: ev.Alt, Caption: ev.Caption}
		switch {
		case pe.file == "":
			x.URL = ev.URL
		case portfolio.MediaOf(pe.file) == portfolio.Image:
			if pic, err := b.picture(pe.file, path.Dir(dir+v.sitePath(pe.file)), evidenceWidths); err == nil {
				x.File, x.Width, x.Height = pic.Widest(), positive(pic.Width), positive(pic.Height)
			}
		default:
			x.File = dir + v.sitePath(pe.file)
			if pe.captions != "" {
				x.Captions = dir + v.sitePath(pe.captions)
			}
		}
		j.Evidence = append(j.Evidence, x)
	}
	for _, fw := range sortedKeys(e.Alignments) {
		f := b.p.Model.Framework(fw)
		if f == nil || len(e.Alignments[fw]) == 0 {
			continue
		}
		a := jsonAlignment{Framework: jsonLabel{f.ID, f.Name}}
		for _, al := range e.Alignments[fw] {
			code := al.Code
			label := code
			for _, c := range f.Codes {
				if c.ID == code && c.Label != "" {
					label = c.Label
				}
			}
			a.Codes = append(a.Codes, jsonCode{code, label, al.Note})
		}
		j.Alignments = append(j.Alignments, a)
	}
	return j
}

// jsonAsEncodingJSON returns the object of portfolio.json of the entry v
// as encoding/json writes it from jsonEntryOf, as dll wrote it before.
func jsonAsEncodingJSON(b *builder, v *entryView) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&trimNewline{w: &buf})
	enc.SetEscapeHTML(false)
	enc.SetIndent("    ", "  ")
	if err := enc.Encode(b.jsonEntryOf(v)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// checkJSONAsEncodingJSON is checkJSON in the tests.
func checkJSONAsEncodingJSON(b *builder, v *entryView, object []byte) error {
	want, err := jsonAsEncodingJSON(b, v)
	if err != nil {
		return err
	}
	return jsonDiffers(v.URL(), want, object)
}

// jsonDiffers returns an error saying where got differs from what
// encoding/json writes, want; nil when they are alike.
func jsonDiffers(what string, want, got []byte) error {
	if bytes.Equal(want, got) {
		return nil
	}
	i := 0
	for i < len(want) && i < len(got) && want[i] == got[i] {
		i++
	}
	from := max(0, i-200)
	return fmt.Errorf("%s: the object of portfolio.json differs from encoding/json's at byte %d:\nencoding/json: %q\nwritten:       %q",
		what, i, want[from:min(len(want), i+200)], got[from:min(len(got), i+200)])
}

// TestJSONStringAsEncodingJSON escapes every character, every byte and
// broken UTF-8 of every kind as encoding/json does with SetEscapeHTML(false).
func TestJSONStringAsEncodingJSON(t *testing.T) {
	var texts []string
	for c := range 256 {
		texts = append(texts, string([]byte{byte(c)}), "a"+string([]byte{byte(c)})+"z", string([]byte{byte(c), byte(c)}))
	}
	var all strings.Builder
	for r := rune(0); r <= utf8.MaxRune; r++ {
		all.WriteRune(r)
		if all.Len() > 4096 || r == utf8.MaxRune {
			texts = append(texts, all.String())
			all.Reset()
		}
	}
	texts = append(texts, "", "\u2028", "\u2029", "a\u2028b\u2029c", "\xe2\x80", "\xe2\x80\xa8\xa8", "\xc3", "\xc3(", "\xc0\xaf",
		"\xed\xa0\x80", "\xf4\x90\x80\x80", "\xf0\x9f\x98", "\xf0\x9f\x98\x80", "\xff\xfe", "<>&'\"\\/", "\ufffd", "\x7f\u0080\u009f")
	for _, s := range texts {
		if err := jsonDiffers(fmt.Sprintf("%q", s), encodedJSONString(t, s), appendJSONString(nil, s)); err != nil {
			t.Error(err)
		}
	}
}

// encodedJSONString is s as encoding/json writes it, without HTML
// escapes.
func encodedJSONString(t testing.TB, s string) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// TestJSONEntryAsEncodingJSON writes the object of portfolio.json of the
// entries of the example portfolio, of generated portfolios (plain and
// realistic) and of entries whose texts try every escape, and compares
// each with encoding/json's.
func TestJSONEntryAsEncodingJSON(t *testing.T) {
	generated, realistic := t.TempDir(), t.TempDir()
	if err := sample.Write(generated, 40); err != nil {
		t.Fatal(err)
	}
	if err := sample.WriteRealistic(realistic, 40); err != nil {
		t.Fatal(err)
	}
	strange := writePortfolio(t, map[string]string{
		"dll.yaml":                           settings,
		"experiences/strange/index.md":       strangeEntry,
		"experiences/strange/statement.txt":  "Words.\n",
		"experiences/strange/voices.txt":     "Voices.\n",
		"experiences/strange/plan 1 & 2.txt": "A plan.\n",
		"experiences/hostile.md":             hostileEntry,
	})
	for _, dir := range []string{example, generated, realistic, strange} {
		p, _ := portfolio.Load(os.DirFS(dir))
		b := newBuilder(p, discard{}, Options{Drafts: true}, mustTemplates(t, p), nil)
		if len(b.entries) < 2 {
			t.Fatalf("%s: %d entries shown, want more", dir, len(b.entries))
		}
		for _, v := range b.entries {
			want, err := jsonAsEncodingJSON(b, v)
			if err != nil {
				t.Fatal(err)
			}
			if err := jsonDiffers(v.URL(), want, b.appendJSONEntry(nil, v)); err != nil {
				t.Error(err)
			}
		}
	}

	// Each hostile text in every text of an entry and of the model, in
	// lists and objects of every length (none, empty, one and two),
	// numbers of every kind (0, negative, the largest), pointers nil and
	// to 0.
	hostile := []string{"", "\"quoted\" \\ back\\slash\\", "<script>&amp;</script>", "\u2028\u2029", "\xff\xc3(\xe2\x80", "\xed\xa0\x80", "\ufeffBOM", "é日本語🙂", "\x7f"}
	var controls []byte
	for c := range byte(0x20) {
		controls = append(controls, c)
	}
	hostile = append(hostile, string(controls), "a\x00b\x08c\x0cd\ne\rf\tg\x1fh")
	ff := newJSONFuzz(t)
	for i, h := range hostile {
		shapes := [][]byte{{0}, {1}, {2}, {3}, {4}, {3, 2, 1, 0}}
		r := rand.New(rand.NewPCG(uint64(i), 1))
		for range 40 {
			shape := make([]byte, 97)
			for j := range shape {
				shape[j] = byte(r.Uint32())
			}
			shapes = append(shapes, shape)
		}
		for _, shape := range shapes {
			ff.check(t, []string{h, hostile[(i+1)%len(hostile)], "x"}, shape)
		}
	}
	if ff.evidence == 0 || ff.pictures == 0 || ff.alignments == 0 || ff.empty == 0 || ff.zeros == 0 {
		t.Errorf("the entries made had %d evidence items, %d pictures, %d alignments, %d empty objects and %d pointers to 0; want some of each",
			ff.evidence, ff.pictures, ff.alignments, ff.empty, ff.zeros)
	}
}

// FuzzJSONEntryAsEncodingJSON puts any texts in every text of an entry and
// of the model, with lists, numbers and pointers shaped by shape, and
// compares the entry's object of portfolio.json with encoding/json's.
func FuzzJSONEntryAsEncodingJSON(f *testing.F) {
	f.Add("Title", "<b>&</b>", "\"\\\n\t\u2028", []byte{1, 2, 3})
	f.Add("", "\x00\x1f\x7f", "\xff\xe2\x80", []byte{3, 3, 3, 3, 0, 1})
	f.Add("日本語", "", "a\u2029b", []byte{0, 0, 0, 0})
	ff := newJSONFuzz(f)
	f.Fuzz(func(t *testing.T, a, b, c string, shape []byte) {
		if len(a)+len(b)+len(c) > 4096 || len(shape) > 256 {
			return
		}
		ff.check(t, []string{a, b, c}, shape)
	})
}

// jsonFuzz makes entries of any texts and shapes, in a portfolio with
// files of evidence of each kind, and checks their objects of
// portfolio.json.
type jsonFuzz struct {
	b      *builder
	tpl    *templates
	src    portfolio.Source // of the entry whose folder has the files
	vocabs map[string][]portfolio.Term
	fws    []*portfolio.Framework

	// What the entries checked had, for the test to tell that they had
	// something of each.
	evidence, pictures, alignments, empty, zeros int
}

func newJSONFuzz(t testing.TB) *jsonFuzz {
	var pic bytes.Buffer
	if err := png.Encode(&pic, image.NewGray(image.Rect(0, 0, 3, 2))); err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"dll.yaml":                    {Data: []byte(settings + "frameworks: [iste-coaches, aasl]\n")},
		"experiences/x/index.md":      {Data: []byte(strangeEntry)},
		"experiences/x/statement.txt": {Data: []byte("Words.\n")},
		"experiences/x/photo.png":     {Data: pic.Bytes()},
		"experiences/x/clip.mp4":      {Data: []byte("not really a video")},
		"experiences/x/clip.vtt":      {Data: []byte("WEBVTT\n")},
	}
	p, _ := portfolio.Load(fsys)
	if len(p.Entries) != 1 {
		t.Fatalf("read %d entries, want 1", len(p.Entries))
	}
	tpl := mustTemplates(t, p)
	ff := &jsonFuzz{b: newBuilder(p, discard{}, Options{Drafts: true}, tpl, nil), tpl: tpl, src: p.Entries[0].Src,
		vocabs: map[string][]portfolio.Term{}, fws: slices.Clip(p.Model.Frameworks)}
	for id, v := range p.Model.Vocabularies {
		ff.vocabs[id] = slices.Clip(v.Values)
	}
	return ff
}

// check makes an entry of texts and shape, with each text also an id of
// every vocabulary and of a framework, labelled with the next text, and
// compares its object of portfolio.json with encoding/json's.
func (ff *jsonFuzz) check(t *testing.T, texts []string, shape []byte) {
	t.Helper()
	m := ff.b.p.Model
	for id, v := range m.Vocabularies {
		v.Values = ff.vocabs[id]
		for i, s := range texts {
			v.Values = append(v.Values, portfolio.Term{ID: s, Label: texts[(i+1)%len(texts)]})
		}
	}
	m.Frameworks = append(ff.fws, &portfolio.Framework{ID: texts[0], Name: texts[1], Codes: []portfolio.Term{{ID: texts[2], Label: texts[0]}, {ID: texts[1]}}})
	fill := &filler{texts: texts, shape: shape, frameworks: []string{"iste-coaches", texts[0]}}
	e := &portfolio.Entry{Src: ff.src}
	fill.value(reflect.ValueOf(e).Elem())
	for i := range e.Evidence {
		ev := &e.Evidence[i]
		ev.Consent, ev.File, ev.URL = "obtained", "", ""
		switch fill.next() % 5 {
		case 0:
			ev.File = "statement.txt"
		case 1:
			ev.File = "photo.png"
			ff.pictures++
		case 2:
			ev.File, ev.Captions = "clip.mp4", "clip.vtt"
		case 3:
			ev.URL = "https://example.org/" + strings.Map(func(r rune) rune { return 'a' + r%26 }, texts[i%len(texts)])
		default:
			ev.URL = texts[i%len(texts)] // published only when it is a web address
		}
	}
	e.Src.Slug = fill.text() // and so the page's address
	v := newEntryView(ff.b.p, e, ff.tpl.cat)
	lang := *v.words
	lang.Lang = fill.text()
	v.words, v.Draft = &lang, fill.next()%2 == 1
	want, err := jsonAsEncodingJSON(ff.b, v)
	if err != nil {
		t.Fatal(err)
	}
	got := ff.b.appendJSONEntry(nil, v)
	if err := jsonDiffers(fmt.Sprintf("texts %q, shape %v", texts, shape), want, got); err != nil {
		t.Fatal(err)
	}
	ff.evidence += len(ff.b.publishedEvidence(v))
	ff.alignments += len(e.Alignments)
	ff.empty += bytes.Count(got, []byte("{}"))
	if bytes.Contains(got, []byte(": null")) {
		t.Fatalf("texts %q, shape %v: null written, which the schema does not allow:\n%s", texts, shape, got)
	}
	ff.zeros += bytes.Count(got, []byte(`"baseline_percent": 0,`))
}

// filler fills every field of a value by reflection, so that a field
// added to portfolio.Entry gets something too: each text is the next of
// texts in turn; each list, pointer, number and yes or no is shaped by the
// next byte of shape in turn.
type filler struct {
	texts      []string
	shape      []byte
	frameworks []string // the keys of a map, in turn
	t, s       int
}

func (f *filler) text() string {
	s := f.texts[f.t%len(f.texts)]
	f.t++
	return s
}

func (f *filler) next() byte {
	if len(f.shape) == 0 {
		return 0
	}
	c := f.shape[f.s%len(f.shape)]
	f.s++
	return c
}

var dateType = reflect.TypeFor[portfolio.Date]()

func (f *filler) value(v reflect.Value) {
	switch {
	case v.Type() == dateType:
		if c := f.next(); c%3 != 0 {
			d, _ := portfolio.ParseDate(fmt.Sprintf("20%02d-%02d-%02d", c%100, c%12+1, c%28+1))
			v.Set(reflect.ValueOf(portfolio.Date{Time: d}))
		}
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(f.text())
	case reflect.Bool:
		v.SetBool(f.next()%2 == 1)
	case reflect.Int:
		v.SetInt([]int64{0, 1, -1, 7, 100, 101, math.MaxInt, math.MinInt}[f.next()%8])
	case reflect.Pointer:
		if f.next()%3 != 0 {
			v.Set(reflect.New(v.Type().Elem()))
			f.value(v.Elem())
		}
	case reflect.Slice:
		n := int(f.next() % 4) // nil, empty, one or two
		if n > 0 {
			v.Set(reflect.MakeSlice(v.Type(), n-1, n-1))
		}
		for i := range v.Len() {
			f.value(v.Index(i))
		}
	case reflect.Map:
		n := int(f.next() % 4)
		if n > 0 {
			v.Set(reflect.MakeMap(v.Type()))
		}
		for i := range max(0, n-1) {
			val := reflect.New(v.Type().Elem()).Elem()
			f.value(val)
			v.SetMapIndex(reflect.ValueOf(f.frameworks[i%len(f.frameworks)]), val)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			sf := v.Type().Field(i)
			switch {
			case sf.Anonymous && sf.Type.Kind() == reflect.Pointer:
				// An entry's details: every entry read has them.
				v.Field(i).Set(reflect.New(sf.Type.Elem()))
				f.value(v.Field(i).Elem())
			case sf.IsExported() && sf.Name != "Src" && sf.Name != "Body":
				f.value(v.Field(i))
			}
		}
	default:
		panic(fmt.Sprintf("filler: no way to fill a %s", v.Type()))
	}
}

// BenchmarkJSONEntry writes the object of portfolio.json of one realistic
// entry: by hand, and as dll did before, with encoding/json.
func BenchmarkJSONEntry(b *testing.B) {
	dir := b.TempDir()
	if err := sample.WriteRealistic(dir, 1); err != nil {
		b.Fatal(err)
	}
	p, _ := portfolio.Load(os.DirFS(dir))
	bld := newBuilder(p, discard{}, Options{}, mustTemplates(b, p), nil)
	v := bld.entries[0]
	b.Run("appender", func(b *testing.B) {
		b.ReportAllocs()
		var buf []byte
		for b.Loop() {
			buf = bld.appendJSONEntry(buf[:0], v)
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		var buf bytes.Buffer
		enc := json.NewEncoder(&trimNewline{w: &buf})
		enc.SetEscapeHTML(false)
		enc.SetIndent("    ", "  ")
		for b.Loop() {
			buf.Reset()
			if err := enc.Encode(bld.jsonEntryOf(v)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
