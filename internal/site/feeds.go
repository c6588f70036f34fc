package site

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"reflect"
	"strings"
	"time"
)

// feedSize is how many of the newest entries the Atom feed holds.
const feedSize = 50

// abs turns a site path into an address: absolute when the portfolio has a
// base_url, relative to the site root otherwise.
func (b *builder) abs(sitePath string) string {
	if b.site.BaseURL == "" {
		return sitePath
	}
	return strings.TrimSuffix(b.site.BaseURL, "/") + "/" + sitePath
}

// id is a stable identifier for the feed, made from the site's address or
// title so it never changes between builds.
func (b *builder) id(parts ...string) string {
	key := b.site.BaseURL + "\x00" + b.site.Title + "\x00" + strings.Join(parts, "\x00")
	h := sha1.Sum([]byte(key))
	h[6] = h[6]&0x0f | 0x50 // a name-based (version 5) UUID
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Href string `xml:"href,attr"`
	Type string `xml:"type,attr,omitempty"`
}

type atomEntry struct {
	Title     string   `xml:"title"`
	Link      atomLink `xml:"link"`
	ID        string   `xml:"id"`
	Published string   `xml:"published"`
	Updated   string   `xml:"updated"`
	Summary   string   `xml:"summary"`
	Category  []struct {
		Term string `xml:"term,attr"`
	} `xml:"category"`
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Base    string      `xml:"xml:base,attr,omitempty"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Author  string      `xml:"author>name"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// feed writes feed.xml. Its dates come from the entries, never the clock,
// so building twice gives the same file.
func (b *builder) feed() error {
	f := atomFeed{Title: b.site.Title, ID: b.id("feed"), Author: b.site.Leader.Name, Base: b.site.BaseURL}
	f.Links = []atomLink{{Rel: "alternate", Href: b.abs("index.html"), Type: "text/html"}}
	if b.site.BaseURL != "" {
		f.Links = append(f.Links, atomLink{Rel: "self", Href: b.abs("feed.xml"), Type: "application/atom+xml"})
	}
	var updated time.Time
	for i, v := range b.entries {
		if v.sortDate().After(updated) {
			updated = v.sortDate()
		}
		if i >= feedSize {
			continue
		}
		e := atomEntry{Title: v.Title, Link: atomLink{Href: b.abs(v.URL)}, ID: b.id("entry", v.Slug),
			Published: stamp(v.Start.Time), Updated: stamp(v.sortDate()), Summary: v.Summary}
		for _, t := range v.Types {
			e.Category = append(e.Category, struct {
				Term string `xml:"term,attr"`
			}{t.Label})
		}
		f.Entries = append(f.Entries, e)
	}
	if updated.IsZero() {
		updated = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	f.Updated = stamp(updated)
	return b.writeXML("feed.xml", f)
}

func (b *builder) writeXML(name string, v any) error {
	w, err := b.w.create(name)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(xml.Header)
	enc := xml.NewEncoder(bw)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		w.Close()
		return fmt.Errorf("%s: %w", name, err)
	}
	bw.WriteString("\n")
	if err := bw.Flush(); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

type urlset struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod,omitempty"`
	} `xml:"url"`
}

// sitePages lists the pages a sitemap names, home first.
func (b *builder) sitePages() []string {
	pages := []string{"index.html", "experiences/index.html", "timeline/index.html", "types/index.html"}
	for _, t := range b.site.Types {
		pages = append(pages, "types/"+t.ID+"/index.html")
	}
	if len(b.site.Frameworks) > 0 {
		pages = append(pages, "frameworks/index.html")
	}
	for _, f := range b.site.Frameworks {
		pages = append(pages, "frameworks/"+f.ID+"/index.html")
	}
	if len(b.site.Tags) > 0 {
		pages = append(pages, "tags/index.html")
	}
	for _, t := range b.site.Tags {
		pages = append(pages, "tags/"+t.Slug+"/index.html")
	}
	if b.site.Philosophy {
		pages = append(pages, "philosophy/index.html")
	}
	if b.site.Changes {
		pages = append(pages, "changes/index.html")
	}
	return pages
}

// sitemap writes sitemap.xml, which needs full addresses: only with a
// base_url.
func (b *builder) sitemap() error {
	if b.site.BaseURL == "" || b.opts.Drafts {
		return nil
	}
	var s urlset
	add := func(p, mod string) {
		s.URLs = append(s.URLs, struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod,omitempty"`
		}{b.abs(strings.TrimSuffix(p, "index.html")), mod})
	}
	for _, p := range b.sitePages() {
		add(p, "")
	}
	for _, v := range b.entries {
		add(v.URL, v.sortDate().Format(time.DateOnly))
	}
	return b.writeXML("sitemap.xml", s)
}

func (b *builder) robots() error {
	var s strings.Builder
	s.WriteString("User-agent: *\n")
	if b.opts.Drafts {
		s.WriteString("Disallow: /\n") // a preview is not for search engines
	} else {
		s.WriteString("Allow: /\n")
		if b.site.BaseURL != "" {
			fmt.Fprintf(&s, "Sitemap: %s\n", b.abs("sitemap.xml"))
		}
	}
	return b.writeFile("robots.txt", []byte(s.String()))
}

// The published portfolio as data. Only what the pages show is here: no
// story source (it may hold notes in HTML comments), no withheld evidence.
type jsonPortfolio struct {
	Title     string     `json:"title"`
	Leader    jsonLeader `json:"leader"`
	BaseURL   string     `json:"base_url,omitempty"`
	Language  string     `json:"language"`
	Totals    jsonTotals `json:"totals"`
	Generator string     `json:"generator"`
}

type jsonLeader struct {
	Name         string `json:"name"`
	Role         string `json:"role"`
	Organization string `json:"organization"`
	Bio          string `json:"bio,omitempty"`
	Photo        string `json:"photo,omitempty"`
	PhotoAlt     string `json:"photo_alt,omitempty"`
}

type jsonTotals struct {
	Entries               int  `json:"entries"`
	Completed             int  `json:"completed"`
	Partners              int  `json:"partners"`
	LearnersReached       int  `json:"learners_reached"`
	MetOrExceeded         int  `json:"met_or_exceeded"`
	PercentMetOrExceeded  int  `json:"percent_met_or_exceeded"`
	PercentIsSelfReported bool `json:"percent_is_self_reported"`
}

type jsonEntry struct {
	Slug          string              `json:"slug"`
	Page          string              `json:"page"`
	Draft         bool                `json:"draft,omitempty"`
	Title         string              `json:"title"`
	Summary       string              `json:"summary"`
	Status        string              `json:"status"`
	Start         string              `json:"start"`
	End           string              `json:"end,omitempty"`
	Types         []string            `json:"types"`
	Mode          string              `json:"mode"`
	WhatChanged   string              `json:"what_changed,omitempty"`
	MyRole        string              `json:"my_role"`
	Partners      any                 `json:"partners"`
	Setting       any                 `json:"setting"`
	Contributions any                 `json:"contributions"`
	Expertise     []string            `json:"expertise"`
	Equity        any                 `json:"equity,omitempty"`
	Technologies  []string            `json:"technologies,omitempty"`
	Outcomes      *jsonOutcomes       `json:"outcomes,omitempty"`
	Impact        any                 `json:"impact,omitempty"`
	Actions       []string            `json:"actions,omitempty"`
	Evidence      []jsonEvidence      `json:"evidence,omitempty"`
	Alignments    map[string][]string `json:"alignments,omitempty"`
	Tags          []string            `json:"tags,omitempty"`
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

type jsonEvidence struct {
	Title    string `json:"title"`
	Kind     string `json:"kind"`
	Phase    string `json:"phase"`
	File     string `json:"file,omitempty"` // a site path
	URL      string `json:"url,omitempty"`
	Alt      string `json:"alt,omitempty"`
	Captions string `json:"captions,omitempty"`
	Caption  string `json:"caption,omitempty"`
}

// json writes portfolio.json one entry at a time, so that a large
// portfolio is never held twice in memory.
func (b *builder) json() error {
	s := b.p.Settings
	t := b.site.Totals
	head := jsonPortfolio{
		Title: s.Title, BaseURL: s.BaseURL, Language: b.site.Lang, Generator: "dll",
		Leader: jsonLeader{Name: s.Leader.Name, Role: s.Leader.Role, Organization: s.Leader.Organization, Bio: strings.TrimSpace(s.Leader.Bio), Photo: b.site.Leader.Photo, PhotoAlt: b.site.Leader.PhotoAlt},
		Totals: jsonTotals{Entries: t.Entries, Completed: t.Completed, Partners: t.Partners, LearnersReached: t.Learners, MetOrExceeded: t.Met, PercentMetOrExceeded: t.Percent(), PercentIsSelfReported: true},
	}
	if head.Leader.Photo == "" {
		head.Leader.PhotoAlt = ""
	}
	w, err := b.w.create("portfolio.json")
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	data, err := json.MarshalIndent(head, "", "  ")
	if err != nil {
		w.Close()
		return err
	}
	bw.Write(data[:len(data)-2]) // leave the object open for the entries
	bw.WriteString(",\n  \"entries\": [")
	for i, v := range b.entries {
		if i > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n    ")
		if v.json != nil {
			bw.Write(v.json)
			continue
		}
		var into io.Writer = bw
		var buf bytes.Buffer
		if b.opts.keep {
			into = &buf
		}
		enc := json.NewEncoder(&trimNewline{w: into})
		enc.SetIndent("    ", "  ")
		if err := enc.Encode(b.jsonEntry(v)); err != nil {
			w.Close()
			return fmt.Errorf("portfolio.json: %w", err)
		}
		if b.opts.keep {
			v.json = buf.Bytes()
			bw.Write(v.json)
		}
	}
	if len(b.entries) > 0 {
		bw.WriteString("\n  ")
	}
	bw.WriteString("]\n}\n")
	if err := bw.Flush(); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

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

func (b *builder) jsonEntry(v *entryView) jsonEntry {
	e := v.src
	j := jsonEntry{
		Slug: v.Slug, Page: v.URL, Draft: e.Draft, Title: e.Title, Summary: e.Summary, Status: e.Status,
		Start: e.Start.String(), End: e.End.String(), Types: e.Types(), Mode: e.Mode, WhatChanged: e.WhatChanged,
		MyRole: e.MyRole, Partners: byYAMLNames(e.Partners), Setting: byYAMLNames(e.Setting), Contributions: byYAMLNames(e.Contributions),
		Expertise: e.Expertise, Equity: byYAMLNames(e.Equity), Technologies: e.Technologies, Impact: byYAMLNames(e.Impact),
		Actions: e.Actions, Alignments: e.Alignments, Tags: e.Tags,
	}
	if e.Outcomes != nil {
		o := e.Outcomes
		j.Outcomes = &jsonOutcomes{Learners: o.Learners, MetOrExceeded: o.MetOrExceeded, Percent: o.Percent(), SelfReported: true,
			BaselinePercent: o.BaselinePercent, AssessmentBasis: o.AssessmentBasis, LearnerChange: o.LearnerChange, PartnerChange: o.PartnerChange}
	}
	dir := "experiences/" + v.Slug + "/"
	for _, pe := range b.publishedEvidence(v) {
		ev := pe.ev
		x := jsonEvidence{Title: ev.Title, Kind: ev.Kind, Phase: ev.Phase, Alt: ev.Alt, Caption: ev.Caption}
		if pe.file == "" {
			x.URL = ev.URL
		} else {
			x.File = dir + v.sitePath(pe.file)
			if pe.captions != "" {
				x.Captions = dir + v.sitePath(pe.captions)
			}
		}
		j.Evidence = append(j.Evidence, x)
	}
	return j
}

// byYAMLNames turns a model value into plain data keyed by its YAML names,
// the names the author writes, leaving out empty values.
func byYAMLNames(v any) any {
	return plainData(reflect.ValueOf(v))
}

func plainData(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return plainData(v.Elem())
	case reflect.Struct:
		out := map[string]any{}
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if name == "" || name == "-" || !f.IsExported() || v.Field(i).IsZero() {
				continue
			}
			out[name] = plainData(v.Field(i))
		}
		return out
	case reflect.Slice:
		if v.IsNil() {
			return nil
		}
		out := make([]any, v.Len())
		for i := range out {
			out[i] = plainData(v.Index(i))
		}
		return out
	}
	return v.Interface()
}
