package site

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha1"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"dll/internal/schema"
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

// id is a stable identifier for the feed and its entries, made from the
// leader's name and the entry's address in the site: neither a build, a
// new base_url nor a new title changes it, so feed readers never see an
// entry twice.
func (b *builder) id(parts ...string) string {
	key := "dll\x00" + b.site.Leader.Name + "\x00" + strings.Join(parts, "\x00")
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
	Lang      string   `xml:"xml:lang,attr,omitempty"` // the entry's, when not the feed's
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
	Lang    string      `xml:"xml:lang,attr"`
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
	f := atomFeed{Lang: b.site.Lang, Title: b.site.Title, ID: b.id("feed"), Author: b.site.Leader.Name, Base: b.site.BaseURL}
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
		e := atomEntry{Lang: v.Lang(), Title: v.Title(), Link: atomLink{Href: b.abs(v.URL())}, ID: b.id("entry", v.Slug()),
			Published: stamp(v.Start().Time), Updated: stamp(v.sortDate()), Summary: v.Summary()}
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
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

// sitePages lists the pages a sitemap names, home first.
func (b *builder) sitePages() []string {
	pages := []string{"index.html", "summary/index.html", "experiences/index.html", "timeline/index.html", "types/index.html", "coverage/index.html"}
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
// base_url. It names every page of every list, and every experience's page.
// The sitemaps protocol takes at most 50,000 addresses in a file: a
// portfolio with more is listed over sitemap-1.xml, sitemap-2.xml, ... and
// sitemap.xml is their index.
func (b *builder) sitemap() error {
	if b.site.BaseURL == "" || b.opts.Drafts {
		return nil
	}
	var urls []sitemapURL
	add := func(p, mod string) {
		urls = append(urls, sitemapURL{b.abs(strings.TrimSuffix(p, "index.html")), mod})
	}
	for _, p := range b.sitePages() {
		add(p, "")
	}
	for _, p := range b.laterPages {
		add(p, "")
	}
	for _, v := range b.entries {
		add(v.URL(), v.sortDate().Format(time.DateOnly))
	}
	if len(urls) <= sitemapMax {
		return b.writeXML("sitemap.xml", urlset{URLs: urls})
	}
	var index sitemapIndex
	for i := 0; i*sitemapMax < len(urls); i++ {
		name := fmt.Sprintf("sitemap-%d.xml", i+1)
		if err := b.writeXML(name, urlset{URLs: urls[i*sitemapMax : min((i+1)*sitemapMax, len(urls))]}); err != nil {
			return err
		}
		index.Sitemaps = append(index.Sitemaps, sitemapURL{Loc: b.abs(name)})
	}
	return b.writeXML("sitemap.xml", index)
}

// sitemapMax is how many addresses a sitemap file may list, by the
// sitemaps protocol.
var sitemapMax = 50_000

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []sitemapURL `xml:"sitemap"`
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

// JSONVersion is the version of portfolio.json's format, and of the JSON
// Schema published beside it. A change that could break a program reading
// it makes a new version.
const JSONVersion = schema.PublishedVersion

// The published portfolio as data. Only what the pages show is here: no
// story source (it may hold notes in HTML comments), no withheld evidence.
// Every value from a vocabulary comes with its label beside its id.
type jsonPortfolio struct {
	Schema    string       `json:"$schema"`
	Version   int          `json:"version"`
	Title     string       `json:"title"`
	Leader    jsonLeader   `json:"leader"`
	BaseURL   string       `json:"base_url,omitempty"`
	Language  string       `json:"language"`
	Updated   string       `json:"updated,omitempty"`
	Totals    jsonTotals   `json:"totals"`
	Summary   *jsonSummary `json:"summary,omitempty"`
	Featured  []string     `json:"featured,omitempty"`
	Generator string       `json:"generator"`
}

type jsonLabel struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

type jsonLeader struct {
	Name         string        `json:"name"`
	Role         jsonLabel     `json:"role"`
	Organization string        `json:"organization"`
	Bio          string        `json:"bio,omitempty"`
	Photo        string        `json:"photo,omitempty"`
	PhotoAlt     string        `json:"photo_alt,omitempty"`
	Email        string        `json:"email,omitempty"`
	Location     string        `json:"location,omitempty"`
	Profiles     []jsonProfile `json:"profiles,omitempty"`
}

type jsonProfile struct {
	Label string `json:"label"`
	URL   string `json:"url"`
}

type jsonSummary struct {
	Roles       []jsonRole       `json:"roles,omitempty"`
	Credentials []jsonCredential `json:"credentials,omitempty"`
}

type jsonRole struct {
	Title        string `json:"title"`
	Organization string `json:"organization,omitempty"`
	Start        int    `json:"start"`
	End          int    `json:"end,omitempty"`
	Note         string `json:"note,omitempty"`
}

type jsonCredential struct {
	Title  string `json:"title"`
	Issuer string `json:"issuer,omitempty"`
	Year   int    `json:"year,omitempty"`
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

// label is an id of a vocabulary with its label.
func (b *builder) label(vocab, id string) jsonLabel {
	return jsonLabel{id, labelOf(b.p.Model, vocab, id)}
}

// jsonSchema publishes the JSON Schema of portfolio.json beside it.
func (b *builder) jsonSchema() error {
	s := schema.Published(b.p.Model)
	if b.site.BaseURL != "" {
		s["$id"] = b.abs(schema.PublishedFile)
	}
	return b.writeFile(schema.PublishedFile, schema.Marshal(s))
}

// json writes portfolio.json, with the entries' objects made as their
// pages were (see jsonEntry).
func (b *builder) json() error {
	s := b.p.Settings
	t := b.site.Totals
	head := jsonPortfolio{
		Schema: cmp.Or(b.abs(schema.PublishedFile), schema.PublishedFile), Version: JSONVersion,
		Title: s.Title, BaseURL: s.BaseURL, Language: b.site.Lang, Generator: "dll",
		Leader: jsonLeader{Name: s.Leader.Name, Role: b.label("roles", s.Leader.Role), Organization: s.Leader.Organization, Bio: strings.TrimSpace(s.Leader.Bio),
			Email: s.Leader.Email, Location: s.Leader.Location},
		Totals: jsonTotals{Entries: t.Entries, Completed: t.Completed, Partners: t.Partners, LearnersReached: t.Learners, MetOrExceeded: t.Met, PercentMetOrExceeded: t.Percent(), PercentIsSelfReported: true},
	}
	for _, pr := range b.site.Leader.Profiles {
		head.Leader.Profiles = append(head.Leader.Profiles, jsonProfile(pr))
	}
	if !b.opts.Updated.IsZero() {
		head.Updated = b.opts.Updated.Format(time.DateOnly)
	}
	if pic := b.site.Leader.Photo; pic != nil {
		head.Leader.Photo, head.Leader.PhotoAlt = pic.Widest(), b.site.Leader.PhotoAlt
	}
	if sum := s.Summary; len(sum.Roles)+len(sum.Credentials) > 0 {
		head.Summary = &jsonSummary{}
		for _, r := range sum.Roles {
			head.Summary.Roles = append(head.Summary.Roles, jsonRole(r))
		}
		for _, c := range sum.Credentials {
			head.Summary.Credentials = append(head.Summary.Credentials, jsonCredential(c))
		}
	}
	for _, f := range b.featured() {
		head.Featured = append(head.Featured, f.Entry.Slug())
	}
	w, err := b.w.create("portfolio.json")
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(head); err != nil {
		w.Close()
		return err
	}
	data := bytes.TrimRight(buf.Bytes(), "\n")
	bw.Write(data[:len(data)-2]) // leave the object open for the entries
	bw.WriteString(",\n  \"entries\": [")
	var part []byte
	for i, v := range b.entries {
		if i > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n    ")
		if part, err = b.jsonOf(v, part[:0]); err != nil {
			w.Close()
			return fmt.Errorf("portfolio.json: %w", err)
		}
		bw.Write(part)
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

// jsonEntry makes the object of portfolio.json of the entry v, read in
// full (see appendJSONEntry), and keeps it with idx, the entry's view in
// the index. In a streamed build, it is the last of idx's parts: they all
// go to the spill file then, the object from a buffer of jsonBufs, with no
// copy of its own, before the next entry uses the buffer again.
func (b *builder) jsonEntry(v, idx *entryView) error {
	buf := jsonBufs.Get().(*[]byte)
	defer jsonBufs.Put(buf)
	*buf = b.appendJSONEntry((*buf)[:0], v)
	if checkJSON != nil {
		if err := checkJSON(b, v, *buf); err != nil {
			return err
		}
	}
	if b.spill != nil {
		idx.parts.keep(partJSON, *buf)
		return idx.parts.spill(b.spill)
	}
	idx.parts.keep(partJSON, bytes.Clone(*buf))
	return nil
}

// jsonBufs keeps a buffer for each worker, with the room it has grown to,
// rather than one made again for each entry.
var jsonBufs = sync.Pool{New: func() any { return new([]byte) }}

// checkJSON, when not nil, is given each entry's object of portfolio.json
// as written, and returns an error when it is not what encoding/json
// writes. The tests of this package set it (see TestMain).
var checkJSON func(b *builder, v *entryView, object []byte) error

// jsonOf appends the entry's object of portfolio.json to buf.
func (b *builder) jsonOf(v *entryView, buf []byte) ([]byte, error) {
	if data, ok, err := v.parts.get(b, partJSON, buf); ok || err != nil {
		return data, err
	}
	if v.d == nil {
		return nil, fmt.Errorf("%s was not read in full; please report this as a bug in dll", v.src.Src.File)
	}
	if err := b.jsonEntry(v, v); err != nil {
		return nil, err
	}
	data, _, err := v.parts.get(b, partJSON, buf)
	return data, err
}

// spill is a file beside the site being built that keeps what each entry
// gives the pages made after every entry's own (its object of
// portfolio.json), so that memory does not grow with the portfolio.
type spill struct {
	mu  sync.Mutex
	f   *os.File
	end int64
}

func newSpill(dir string) (*spill, error) {
	f, err := os.CreateTemp(dir, "entries-")
	if err != nil {
		return nil, fmt.Errorf("making a file to build in: %w", err)
	}
	return &spill{f: f}, nil
}

// add keeps pieces, one after another, and returns where they start.
// They are put together in a buffer of spillBufs, so that one write keeps
// them and the buffer serves the next entry.
func (s *spill) add(pieces [][]byte) (int64, error) {
	buf := spillBufs.Get().(*[]byte)
	defer spillBufs.Put(buf)
	data := (*buf)[:0]
	for _, p := range pieces {
		data = append(data, p...)
	}
	*buf = data
	s.mu.Lock()
	off := s.end
	s.end += int64(len(data))
	s.mu.Unlock()
	// Each worker writes at a place of its own, without waiting for the
	// others.
	if _, err := s.f.WriteAt(data, off); err != nil {
		return 0, fmt.Errorf("writing the site: %w", err)
	}
	return off, nil
}

var spillBufs = sync.Pool{New: func() any { return new([]byte) }}

// read appends the n bytes kept at off to buf.
func (s *spill) read(buf []byte, off int64, n int) ([]byte, error) {
	buf = slices.Grow(buf, n)
	if _, err := s.f.ReadAt(buf[len(buf):len(buf)+n], off); err != nil {
		return nil, fmt.Errorf("writing the site: %w", err)
	}
	return buf[:len(buf)+n], nil
}

func (s *spill) close() error {
	err := s.f.Close()
	os.Remove(s.f.Name())
	return err
}
