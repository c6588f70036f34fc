package validate

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"

	"dll/internal/diag"
	"dll/internal/lang"
	"dll/internal/portfolio"
	"dll/internal/privacy"
)

var (
	languageRE = regexp.MustCompile(`^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$`)
	baseURLRE  = regexp.MustCompile(`^https?://[^\s/?#]+(/[^\s?#]*)?$`)
)

// languageProblem says what is wrong with a language tag, or "" when
// there is nothing wrong (or no tag).
func languageProblem(tag string) string {
	if tag == "" || languageRE.MatchString(tag) && lang.Valid(tag) {
		return ""
	}
	return fmt.Sprintf("expected a language tag such as en, fr, es-MX or ar, found %s", portfolio.Quote(tag))
}

func (c *checker) settings(d *diag.List) {
	s := c.p.Settings
	at := s.Pos.At
	if s.BaseURL != "" && !baseURLRE.MatchString(s.BaseURL) {
		d.Errorf(at("base_url"), "base_url", "url", "expected the site's address starting with https://, like https://example.org/portfolio/, found %s", portfolio.Quote(s.BaseURL))
	}
	if msg := languageProblem(s.Language); msg != "" {
		d.Errorf(at("language"), "language", "language", "%s", msg)
	} else {
		// The site's words in the language: the portfolio's own
		// catalogues, and those dll lacks.
		*d = append(*d, lang.Check(c.p.FS, cmp.Or(s.Language, lang.Default), at("language"))...)
	}
	if s.Leader.Photo != "" {
		if full, info, err := c.p.LeaderPhoto(); err != nil {
			d.Errorf(at("leader.photo"), "leader.photo", "evidence-file", "%s", err)
		} else if rule, msg := publishProblem(c.p.FS, full, info); msg != "" {
			d.Errorf(at("leader.photo"), "leader.photo", rule, "%s", msg)
		} else {
			c.leaderPhotoLocation(full, info, d)
			if msg := altProblem(s.Leader.PhotoAlt, s.Leader.Photo); msg != "" {
				if !s.Pos.Has("leader.photo_alt") {
					msg = "missing; " + msg
				}
				d.Errorf(at("leader.photo_alt"), "leader.photo_alt", "alt-text", "%s", msg)
			}
		}
	}
	c.contact(d)
	eachText(reflect.ValueOf(&s).Elem(), func(text string, pathOf func() string) {
		path := pathOf()
		textChars(text, pathOf, func(path, rule, format string, args ...any) {
			d.Errorf(at(path), path, rule, format, args...)
		}, func(path, rule, format string, args ...any) {
			d.Warnf(at(path), path, rule, format, args...)
		})
		if strings.HasPrefix(path, "privacy.") || path == "leader.bio" {
			return // the bio's names are found in its Markdown, as the site shows it (bio)
		}
		if h, ok := c.names.First(text); ok {
			d.Errorf(at(path), path, "private-name", "%s; replace it with initials or a pseudonym", privacy.Found(h.Listed))
		}
	})
	if s.Leader.Photo != "" {
		if h, ok := c.names.FirstInPath(s.Leader.Photo); ok {
			d.Errorf(at("leader.photo"), "leader.photo", "private-name", "the name of this file is in the photo's web address and %s; rename the file", privacy.Found(h.Listed))
		}
	}
	if ph := c.p.Philosophy; ph != nil {
		c.philosophy(ph, d)
	}
	c.bio(d)
	c.modelTexts(d)
}

// modelTexts checks the values of model.yaml, whose labels, names and
// descriptions the site publishes, as those of dll.yaml: for control and
// hidden characters, and for private names.
func (c *checker) modelTexts(d *diag.List) {
	for _, t := range c.m.Texts {
		textChars(t.Value, func() string { return t.Field }, func(path, rule, format string, args ...any) {
			d.Errorf(t.Pos, path, rule, format, args...)
		}, func(path, rule, format string, args ...any) {
			d.Warnf(t.Pos, path, rule, format, args...)
		})
		if h, ok := c.names.First(t.Value); ok {
			d.Errorf(t.Pos, t.Field, "private-name", "%s; replace it with initials or a pseudonym", privacy.Found(h.Listed))
		}
	}
}

// bio checks the leader's bio, which the site shows as Markdown with its
// web links: raw HTML, pictures and links to files, which it leaves out,
// are warned of, at leader.bio (its names and characters are checked with
// the other fields).
func (c *checker) bio(d *diag.List) {
	bio := c.p.Settings.Leader.Bio
	if strings.TrimSpace(bio) == "" {
		return
	}
	at := c.p.Settings.Pos.At("leader.bio")
	var found diag.List
	b := c.checkMarkdown(nil, at.File, ".", bio, at.Line, 0, diag.Warning, &found)
	b.names("leader.bio")
	if b.doc != nil {
		_ = ast.Walk(b.doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if l, ok := n.(*ast.Link); ok && entering {
				if kind, _ := portfolio.ClassifyLink(string(l.Destination)); kind == portfolio.LinkLocal {
					found.Warnf(at, "", "page-link", "")
				}
			}
			return ast.WalkContinue, nil
		})
	}
	for _, x := range found {
		x.Pos, x.Field = at, "leader.bio"
		switch x.Rule {
		case "alt-text":
			continue // the picture is left out
		case "page-link":
			x.Message = "a link to a file or an entry is left out of the bio, which links to web addresses only; link to your entries from the philosophy statement or a story instead"
		case "page-image":
			x.Message = "a picture is left out of the bio; give your photo as leader.photo instead"
		}
		*d = append(*d, x)
	}
}

// philosophy checks philosophy.md. Like each entry (safeEntry), it turns a
// fault in a rule into a problem at its start, so that the rest of the
// portfolio is still checked.
func (c *checker) philosophy(ph *portfolio.Page, d *diag.List) {
	defer func() {
		if r := recover(); r != nil {
			d.Errorf(ph.BodyStart(), "", "internal", "dll could not check this page because of a fault in dll itself (%v); please report it", r)
		}
	}()
	b := c.checkMarkdown(nil, ph.File, ".", ph.Body, ph.BodyLine, 0, diag.Warning, d)
	b.names("philosophy")
	b.markdownChars("philosophy")
}

func (c *checker) portfolioWide(d *diag.List) {
	c.slugRules(d)
	at := diag.Pos{File: portfolio.SettingsFile, Line: 1, Col: 1}
	if _, err := fs.Lstat(c.p.FS, portfolio.PhilosophyFile); c.p.Philosophy == nil && errors.Is(err, fs.ErrNotExist) {
		// Only when there is nothing: a file that cannot be read, or a
		// link to one that is not there, is reported as such.
		d.Warnf(diag.Pos{File: portfolio.PhilosophyFile, Line: 1, Col: 1}, "portfolio", "no-philosophy", "there is no philosophy statement; write philosophy.md: what you believe about learning and leadership, with an annotated bibliography")
	}
	pub := c.p.PublishedEntries()
	if len(pub) == 0 {
		unfinished := c.p.CountUnfinished()
		if unfinished == 0 {
			d.Warnf(at, "portfolio", "no-entries", "no entries are published yet; run dll new experience to start one")
		} else {
			which := fmt.Sprintf("%d entries are drafts or planned", unfinished)
			if unfinished == 1 {
				which = "the one entry is a draft or planned"
			}
			d.Warnf(at, "portfolio", "no-entries", "no entries are published yet: %s; when one is ready to show, set its status to in-progress or completed and remove any draft: true", which)
		}
		return
	}
	partners := map[string]bool{}
	for _, e := range pub {
		for _, p := range e.Partners {
			partners[portfolio.PartnerKey(p.Name)] = true
		}
	}
	gaps := c.p.Coverage().Gaps
	aims := c.p.Settings.Aims
	gap := func(missing, aimed []string, rule, format, key string) {
		if len(aimed) > 0 {
			missing = slices.DeleteFunc(slices.Clone(missing), func(id string) bool { return !slices.Contains(aimed, id) })
		}
		if len(missing) == 0 {
			return
		}
		msg := fmt.Sprintf(format, strings.Join(missing, ", "))
		if len(aimed) == 0 {
			// Said at the end of dll.yaml, where aims would be added.
			end := c.p.Settings.End
			if end.File == "" {
				end = at // dll.yaml could not be read
			}
			d.Warnf(end, "portfolio", rule, "%s; if you do not mean to show them all, list the ones you do under aims: %s: in dll.yaml", msg, key)
			return
		}
		d.Warnf(c.p.Settings.Pos.At("aims."+key), "aims."+key, rule, "%s (one of your aims)", msg)
	}
	gap(gaps.Types, aims.Types, "type-gap", "no published entry shows these experience types yet: %s", "types")
	gap(gaps.Expertise, aims.Expertise, "expertise-gap", "no completed entry with evidence demonstrates these areas of expertise yet: %s", "expertise")
	if len(gaps.Phases) > 0 {
		d.Warnf(c.latestDemonstrating(pub), "contributions", "phase-gap", "no completed entry with evidence shows your work in these phases yet: %s; add what you did in them to an entry's contributions", strings.Join(gaps.Phases, ", "))
	}
	c.frameworkAims(gaps, d)
	switch n := len(partners); {
	case n == 0:
		d.Warnf(c.p.At(pub[len(pub)-1], "partners"), "partners", "few-partners", "no published entry names a partner yet; leadership shows across several partnerships, aim for three or more")
	case n < 3:
		d.Warnf(c.p.At(pub[len(pub)-1], "partners"), "partners", "few-partners", "the published entries name %s; leadership shows across several partnerships, aim for three or more", diag.Plural(n, "partner"))
	}
}

// latestDemonstrating is where to say that a phase is missing: the
// contributions of the published entry that ends last.
func (c *checker) latestDemonstrating(pub []*portfolio.Entry) diag.Pos {
	last := pub[0]
	for _, e := range pub[1:] {
		if e.End.Time.After(last.End.Time) || e.End.Time.Equal(last.End.Time) && e.Start.Time.After(last.Start.Time) {
			last = e
		}
	}
	return c.p.At(last, "contributions")
}

// frameworkAims warns of the codes of each framework the leader aims for
// that no completed, evidenced entry is aligned to yet; a framework aimed
// for but not enabled is an error.
func (c *checker) frameworkAims(gaps portfolio.Gaps, d *diag.List) {
	enabled := map[string]bool{}
	for _, f := range c.p.EnabledFrameworks() {
		enabled[f.ID] = true
	}
	for i, id := range c.p.Settings.Aims.Frameworks {
		field := fmt.Sprintf("aims.frameworks[%d]", i)
		at := c.p.Settings.Pos.At(field)
		f := c.m.Framework(id)
		if f == nil {
			continue // reported by the vocabulary check
		}
		if !enabled[id] {
			d.Errorf(at, field, "aims", "%s is not among the frameworks your entries may use; add %s to frameworks in dll.yaml", portfolio.Quote(id), id)
			continue
		}
		for _, m := range gaps.Codes {
			if m.Of == id {
				d.Warnf(at, field, "framework-gap", "no completed entry with evidence is aligned yet to these codes of %s: %s (one of your aims)", f.Name, strings.Join(m.What, ", "))
			}
		}
	}
}

func (c *checker) slugRules(d *diag.List) {
	bySlug := map[string][]*portfolio.Entry{}
	for _, e := range c.p.Entries {
		at := diag.Pos{File: e.Src.File, Line: 1, Col: 1}
		switch {
		case e.Src.Slug == "":
			d.Errorf(at, "", "slug", "this name gives the entry no web address; rename it using letters or numbers, like book-tasting.md")
			continue
		case slices.Contains(portfolio.ReservedSlugs, e.Src.Slug):
			d.Errorf(at, "", "slug", "%q is a name the site uses for its own pages; rename this entry (for example %s-unit)", e.Src.Slug, e.Src.Slug)
			continue
		}
		bySlug[e.Src.Slug] = append(bySlug[e.Src.Slug], e)
	}
	for slug, es := range bySlug {
		if len(es) < 2 {
			continue
		}
		for _, e := range es {
			var others []string
			for _, o := range es {
				if o != e {
					others = append(others, o.Src.File)
				}
			}
			d.Errorf(diag.Pos{File: e.Src.File, Line: 1, Col: 1}, "", "duplicate-slug", "this entry and %s would both be published as %q; rename one of them", strings.Join(others, " and "), slug)
		}
	}
}

var emailRE = regexp.MustCompile(`^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$`)

// contact checks what the home and summary pages show of the leader
// beyond the entries: contact details, featured experiences, the career.
func (c *checker) contact(d *diag.List) {
	s := c.p.Settings
	at := s.Pos.At
	if e := s.Leader.Email; e != "" && !emailRE.MatchString(e) {
		d.Errorf(at("leader.email"), "leader.email", "email", "expected an email address such as name@example.org, found %s", portfolio.Quote(e))
	}
	for i, pr := range s.Leader.Profiles {
		field := fmt.Sprintf("leader.profiles[%d].url", i)
		if pr.URL == "" {
			continue // reported as missing
		}
		if kind, _ := portfolio.ClassifyLink(pr.URL); kind != portfolio.LinkExternal || !baseURLRE.MatchString(pr.URL) {
			d.Errorf(at(field), field, "url", "expected a web address starting with https://, found %s", portfolio.Quote(pr.URL))
		}
	}
	for i, r := range s.Summary.Roles {
		if r.End != 0 && r.Start != 0 && r.End < r.Start {
			field := fmt.Sprintf("summary.roles[%d].end", i)
			d.Errorf(at(field), field, "dates", "the role ends in %d, before it starts (%d); give the year it ended, or leave end out while it goes on", r.End, r.Start)
		}
	}
	bySlug := map[string]*portfolio.Entry{}
	var slugs []string
	for _, e := range c.p.Entries {
		if e.Src.Slug != "" {
			bySlug[e.Src.Slug] = e
			slugs = append(slugs, e.Src.Slug)
		}
	}
	for i, name := range s.Featured {
		field := fmt.Sprintf("featured[%d]", i)
		e := bySlug[portfolio.FeaturedSlug(name)]
		switch {
		case strings.TrimSpace(name) == "":
			d.Errorf(at(field), field, "required", "empty; give the name of an experience's file or folder, such as %s", cmp.Or(firstOf(slugs), "book-tasting"))
		case e == nil:
			msg := fmt.Sprintf("no experience is called %s, so the home page leaves it out", portfolio.Quote(name))
			if hint := portfolio.Suggest(portfolio.FeaturedSlug(name), slugs); hint != "" {
				msg += fmt.Sprintf("; did you mean %q?", hint)
			} else {
				msg += "; give the name of an experience's file or folder, without .md or .yaml"
			}
			d.Warnf(at(field), field, "featured", "%s", msg)
		case !c.p.Published(e):
			d.Warnf(at(field), field, "featured", "%s is not published (a draft, or private), so the home page leaves it out", e.Src.File)
		}
	}
}

func firstOf(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}
