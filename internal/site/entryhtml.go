package site

import (
	"bytes"
	"fmt"
	"strconv"
	"time"
)

// The experience page is the one page made once for every entry, so it is
// the one whose making counts at 10,000 entries: html/template finds each
// field and calls each function and escaper through reflection, about
// 2,000 times for a page, which made it a third of a build's time. The
// pieces that show each entry in lists (its card, link and item of the
// timeline) are the same, smaller.
//
// With dll's own templates, the "main" of the experience page and those
// pieces are written here instead, in Go, the same byte for byte as
// templates/site/entry.html and the parts of base.html they use ("lang",
// "dates", "outcome", "picture", "evidence", "expertise", "and", "card",
// "card-title", "link", "moment") would write them, escaped as
// html/template escapes each value in its place (see htmlWriter). The
// layout around the page is still base.html. The templates stay what a
// portfolio's own templates are copied from and what the page must be:
// every test of this package that builds a site makes each page and piece
// both ways and fails when they differ (see checkInGo), and
// FuzzEscapeAsHTMLTemplate holds the escaping to html/template's. A change
// to entry.html, or to one of those parts of base.html, needs the same
// change here.
//
// A portfolio with its own entry.html or base.html gets its templates for
// the page, and with any template of its own, for the pieces.

// entryPageInGo writes the experience page pg to out, as base.html
// around entry.html's "main" writes it.
func (b *builder) entryPageInGo(out *bytes.Buffer, pg *page) error {
	start := out.Len()
	w := b.htmlWriter(out.AvailableBuffer())
	if err := b.writeEntryPage(w, pg); err != nil {
		return err
	}
	out.Write(w.buf)
	if !checkInGo {
		return nil
	}
	var fromTemplates bytes.Buffer
	pg.storyBody()
	if err := b.tpl.execute(&fromTemplates, "entry.html", pg); err != nil {
		return err
	}
	return differs(pg.Path+": the page", fromTemplates.Bytes(), out.Bytes()[start:])
}

// differs returns an error when what, written in Go, is not what the
// templates write, saying where (see checkInGo); nil when they are alike.
func differs(what string, fromTemplates, inGo []byte) error {
	if bytes.Equal(fromTemplates, inGo) {
		return nil
	}
	i := 0
	for i < len(fromTemplates) && i < len(inGo) && fromTemplates[i] == inGo[i] {
		i++
	}
	from := max(0, i-200)
	return fmt.Errorf("%s written in Go differs from the templates' at byte %d:\ntemplates: %q\nin Go:     %q",
		what, i, fromTemplates[from:min(len(fromTemplates), i+200)], inGo[from:min(len(inGo), i+200)])
}

// writeEntryPage writes the experience page pg: base.html's layout, for a page
// of the kind "entry", around entryMain.
func (b *builder) writeEntryPage(w *htmlWriter, pg *page) error {
	site, e := pg.Site, pg.Entry
	root := pg.Root
	w.s("<!DOCTYPE html>\n<html lang=\"")
	w.text(site.Lang)
	w.s("\"")
	if site.Dir == "rtl" {
		w.s(" dir=\"rtl\"")
	}
	w.s(">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	w.text(e.Title())
	w.s(" · ")
	w.text(site.Title)
	w.s("</title>\n<meta name=\"description\" content=\"")
	w.text(e.Summary())
	w.s("\">\n<meta name=\"color-scheme\" content=\"light dark\">")
	if site.Drafts {
		w.s("\n<meta name=\"robots\" content=\"noindex\">")
	}
	address := pg.URL()
	if address != "" {
		w.s("\n<link rel=\"canonical\" href=\"")
		w.url(address)
		w.s("\">")
	}
	w.s("\n<meta property=\"og:type\" content=\"article\">\n<meta property=\"og:title\" content=\"")
	w.text(e.Title())
	w.s("\">\n<meta property=\"og:description\" content=\"")
	w.text(e.Summary())
	w.s("\">\n<meta property=\"og:site_name\" content=\"")
	w.text(site.Title)
	w.s("\">")
	if address != "" {
		w.s("\n<meta property=\"og:url\" content=\"")
		w.text(address)
		w.s("\">")
	}
	if photo := site.Leader.Photo; photo != nil {
		if image := absURL(pg, photo.Widest()); image != "" {
			w.s("\n<meta property=\"og:image\" content=\"")
			w.text(image)
			w.s("\">\n<meta property=\"og:image:alt\" content=\"")
			w.text(site.Leader.PhotoAlt)
			w.s("\">")
		}
	}
	w.s("\n<meta name=\"twitter:card\" content=\"summary\">\n<link rel=\"stylesheet\" href=\"")
	w.url(root)
	w.s("assets/style.css\">\n<link rel=\"icon\" href=\"")
	w.url(root)
	w.url(site.Icon)
	w.s("\" type=\"")
	w.text(site.IconType)
	w.s("\">\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"")
	w.text(site.Title)
	w.s("\" href=\"")
	w.url(root)
	w.s("feed.xml\">\n</head>\n<body class=\"page-")
	w.text(pg.Kind)
	w.s("\">\n<a class=\"skip\" href=\"#main\">")
	w.msg("nav.skip")
	w.s("</a>\n")
	header, err := b.header(pg)
	if err != nil {
		return err
	}
	w.html(header)
	if site.Drafts {
		w.s("\n<p class=\"preview-note wrap\">")
		w.t("preview.note", "build", codeHTML("dll build"), "drafts", codeHTML("--drafts"))
		w.s("</p>")
	}
	w.s("\n<main id=\"main\" class=\"wrap\">\n")
	b.entryMain(w, pg)
	leader := site.Leader
	w.s("\n</main>\n<footer class=\"site-footer\">\n<div class=\"wrap\">\n<p>")
	w.text(leader.Name)
	w.s(" · ")
	w.html(w.lw.commas(leader.Role, leader.Organization))
	if leader.Email != "" {
		w.s(" · <a href=\"")
		w.trustedURL(mailtoURL(leader.Email))
		w.s("\">")
		w.text(leader.Email)
		w.s("</a>")
	}
	w.s("</p>\n<p>")
	w.msg("footer.self_reported")
	if !site.Updated.IsZero() {
		w.s(" ")
		w.t("footer.updated", "date", w.lw.timeOf(site.Updated))
	}
	if site.Show.ShowRevisions && site.Version != "" {
		w.s(" ")
		w.t("footer.version", "version", site.Version)
	}
	w.s("</p>\n<p class=\"no-print\"><a href=\"")
	w.url(root)
	w.s("feed.xml\">")
	w.msg("footer.feed")
	w.s("</a> · <a href=\"")
	w.url(root)
	w.s("portfolio.json\">")
	w.msg("footer.json")
	w.s("</a></p>")
	if a := pg.Address(); a != "" {
		w.s("\n<p class=\"print-only\">")
		w.t("print.this_page", "address", a)
		w.s("</p>")
	}
	w.s("\n</div>\n</footer>\n</body>\n</html>\n")
	return nil
}

// entryMain writes the main part of an experience page, as entry.html's
// "main" writes it.
func (b *builder) entryMain(w *htmlWriter, pg *page) {
	e := pg.Entry
	d := e.details()
	root := pg.Root

	w.s("\n<article class=\"entry\">")
	if e.Draft {
		w.s("\n<div class=\"banner\" role=\"note\">\n<p>")
		key := "entry.draft"
		if e.Status() == "planned" {
			key = "entry.planned"
		}
		w.t("entry.draft_note", "draft", strongHTML(b.tpl.cat.HTML(key)), "flag", codeHTML("dll build"))
		w.s("</p>")
		if len(pg.Todo) > 0 {
			w.s("\n<p>")
			w.msg("entry.todo")
			w.s("</p>\n<ul lang=\"en\" dir=\"ltr\">")
			w.items(pg.Todo)
			w.s("\n</ul>")
		}
		w.s("\n</div>")
	}

	w.s("\n<header class=\"entry-header\">\n<p class=\"kicker\">")
	for i, t := range e.Types {
		if i > 0 {
			w.s(" · ")
		}
		w.s("<a href=\"")
		w.url(root)
		w.s("types/")
		w.urlPart(t.ID)
		w.s("/index.html\">")
		w.text(t.Label)
		w.s("</a>")
	}
	w.s("</p>\n<h1")
	w.lang(e)
	w.s(">")
	w.text(e.Title())
	w.s("</h1>\n<p class=\"lead\"")
	w.lang(e)
	w.s(">")
	w.text(e.Summary())
	w.s("</p>\n<p class=\"meta\">")
	w.dates(e)
	if e.Status() != "completed" {
		w.s(" · ")
		w.text(e.StatusLabel())
	}
	if pg.History != nil {
		w.s(" · ")
		w.t("entry.updated", "date", w.lw.timeOf(pg.History.Last))
	}
	w.s("</p>\n</header>")
	if e.Percent() != 0 {
		w.s("\n<p class=\"outcome\">")
		w.outcome(e)
		w.s(" <span class=\"note\">")
		w.t("outcome.self_reported_how", "how", anchorHTML("#assessed", b.tpl.cat.HTML("outcome.how")))
		w.s("</span></p>")
	}

	w.s("\n<dl class=\"facts\">\n<div><dt>")
	w.msg("entry.with")
	w.s("</dt><dd>")
	for i, p := range d.Partners {
		if i > 0 {
			w.msg("punct.semicolon")
		}
		w.t("entry.partner", "name", p.Name, "role", w.lw.commas(p.Role, langSpan(e, p.Subject)))
	}
	w.s("</dd></div>\n<div><dt>")
	w.msg("entry.where")
	w.s("</dt><dd>")
	if s := d.Setting.Organization; s != "" {
		w.html(langSpan(e, s))
		w.s(" · ")
	}
	w.text(d.Setting.OrganizationType)
	w.s("</dd></div>\n<div><dt>")
	w.msg("entry.learners")
	w.s("</dt><dd>")
	w.text(d.Setting.Level)
	if s := d.Setting.Subject; s != "" {
		w.s(" · ")
		w.html(langSpan(e, s))
	}
	w.s("</dd></div>\n<div><dt>")
	w.msg("entry.how")
	w.s("</dt><dd>")
	var how any = d.Setting.Delivery
	if n := d.Setting.Sessions; n != 0 {
		how = b.tpl.cat.HTML("entry.delivery_sessions", "delivery", how, "sessions", b.tpl.cat.HTML("entry.sessions", "count", n))
	}
	if n := d.Setting.Weeks; n != 0 {
		how = b.tpl.cat.HTML("entry.over_weeks", "what", how, "count", n)
	}
	w.value(how)
	w.s("</dd></div>\n<div><dt>")
	w.msg("entry.my_role")
	w.s("</dt><dd>")
	w.text(d.MyRole)
	w.s("</dd></div>\n<div><dt>")
	w.msg("entry.the_change")
	w.s("</dt><dd>")
	w.text(d.Mode.Label)
	if s := d.ModeNote; s != "" {
		w.html(w.lw.colon())
		w.s(" ")
		w.text(s)
	}
	w.s("</dd></div>\n</dl>")

	for i := range pg.Evidence {
		ev := &pg.Evidence[i]
		if !ev.Lead {
			continue
		}
		w.s("\n<figure id=\"")
		w.text(ev.ID)
		w.s("\" class=\"lead-picture\">\n<a href=\"")
		w.url(pg.rel(ev.Page))
		w.s("\">")
		w.picture(pg, ev.Pic, ev.Alt, "(min-width: 47rem) 44rem, calc(100vw - 2rem)", false)
		w.s("</a>\n<figcaption")
		w.lang(e)
		w.s("><strong>")
		w.text(ev.Title)
		w.s("</strong>")
		if ev.Caption != "" {
			w.s(" ")
			w.text(ev.Caption)
		}
		w.s("</figcaption>\n</figure>")
	}

	if o := e.Outcomes; o != nil && (o.LearnerChange != "" || o.PartnerChange != "" || len(d.Impact) > 0) {
		w.s("\n\n<section class=\"difference\" aria-labelledby=\"difference\">\n<h2 id=\"difference\">")
		w.msg("entry.difference")
		w.s("</h2>")
		if o.LearnerChange != "" {
			w.s("\n<h3>")
			w.msg("entry.difference_learners")
			w.s("</h3>")
			w.para(e, o.LearnerChange)
		}
		if o.PartnerChange != "" {
			w.s("\n<h3>")
			if len(d.Partners) == 1 {
				w.msg("entry.my_partner")
			} else {
				w.msg("entry.partners")
			}
			w.s("</h3>")
			w.para(e, o.PartnerChange)
		}
		if len(d.Impact) > 0 {
			w.s("\n<h3>")
			w.msg("entry.impact")
			w.s("</h3>\n<ul class=\"impact\">")
			for _, im := range d.Impact {
				w.s("\n<li><strong>")
				w.text(im.Area)
				w.s("</strong> (")
				w.text(im.Stakeholders)
				w.s(")")
				w.html(w.lw.colon())
				w.s(" ")
				w.html(langSpan(e, im.Note))
				if im.Evidence != "" {
					w.s(" <a href=\"#")
					w.urlFrag(im.Evidence)
					w.s("\">")
					w.t("entry.see_evidence", "title", langSpan(e, im.EvidenceTitle))
					w.s("</a>")
				}
				w.s("</li>")
			}
			w.s("\n</ul>")
		}
		w.s("\n</section>")
	}

	w.s("\n\n<div class=\"entry-body\">")
	if len(pg.story) > 0 {
		w.s("\n<div class=\"story\"")
		w.lang(e)
		w.s(">\n")
		w.buf = append(w.buf, pg.story...)
		w.s("\n</div>")
	}
	if len(pg.Evidence) > 0 {
		w.s("\n<section class=\"evidence-list\" aria-labelledby=\"evidence\">\n<h2 id=\"evidence\">")
		w.msg("entry.evidence")
		w.s("</h2>")
		for i := range pg.Evidence {
			if ev := &pg.Evidence[i]; !ev.InStory && ev.Quote == "" && !ev.Lead {
				w.s("\n")
				w.evidence(pg, ev)
			}
		}
		w.s("\n</section>")
	}
	w.s("\n</div>")

	for i := range pg.Evidence {
		ev := &pg.Evidence[i]
		if ev.Quote == "" {
			continue
		}
		w.s("\n\n<section class=\"testimony\" aria-labelledby=\"")
		w.text(ev.ID)
		w.s("-title\">\n<h2 id=\"")
		w.text(ev.ID)
		w.s("-title\">")
		switch {
		case ev.KindID == "partner-statement" && ev.By != nil:
			w.t("entry.in_their_words", "name", ev.By.Name)
		case ev.KindID == "partner-statement":
			w.msg("entry.in_a_partners_words")
		default:
			w.msg("entry.in_learners_words")
		}
		w.s("</h2>\n<figure id=\"")
		w.text(ev.ID)
		w.s("\">\n<blockquote")
		w.lang(e)
		w.s(">\n")
		w.html(ev.Quote)
		w.s("\n</blockquote>\n<figcaption>")
		if by := ev.By; by != nil {
			w.s("<span class=\"by\">")
			w.text(by.Name)
			w.s("</span> (")
			w.html(w.lw.commas(by.Role, langSpan(e, by.Subject)))
			w.s("). ")
		}
		w.s("<a href=\"")
		w.url(ev.Src)
		w.s("\" data-print=\"")
		w.text(b.address(ev.Site))
		w.s("\"")
		w.lang(e)
		w.s(">")
		w.text(ev.Title)
		w.s("</a> <span class=\"note\">")
		w.t("evidence.file", "format", ev.Format, "size", ev.Size)
		w.s("</span></figcaption>\n</figure>\n</section>")
	}

	if s := d.WhatChanged; s != "" {
		w.s("\n\n<section aria-labelledby=\"what-changed\">\n<h2 id=\"what-changed\">")
		w.msg("entry.what_changed")
		w.s("</h2>")
		w.para(e, s)
		w.s("\n</section>")
	}

	w.s("\n\n<section aria-labelledby=\"contributions\">\n<h2 id=\"contributions\">")
	w.msg("entry.contributed")
	w.s("</h2>\n<div class=\"phases\">")
	for _, ph := range d.Phases {
		w.s("\n<section aria-labelledby=\"phase-")
		w.text(ph.ID)
		w.s("\">\n<h3 id=\"phase-")
		w.text(ph.ID)
		w.s("\">")
		w.text(ph.Label)
		w.s("</h3>\n<ul")
		w.lang(e)
		w.s(">")
		w.items(ph.Items)
		w.s("\n</ul>\n</section>")
	}
	w.s("\n</div>")
	if o := e.Outcomes; o != nil {
		w.s("\n<h3 id=\"assessed\">")
		w.msg("entry.assessed")
		w.s("</h3>")
		w.para(e, o.AssessmentBasis)
	}
	w.s("\n</section>")

	w.s("\n\n<section aria-labelledby=\"expertise\">\n<h2 id=\"expertise\">")
	w.msg("entry.expertise_equity")
	w.s("</h2>")
	w.expertise(e, d)
	w.s("\n</section>")

	if len(d.Alignments) > 0 {
		w.s("\n\n<section aria-labelledby=\"alignments\">\n<h2 id=\"alignments\">")
		w.msg("entry.alignments")
		w.s("</h2>\n<dl class=\"alignments\">")
		for _, fw := range d.Alignments {
			w.s("\n<div><dt><a href=\"")
			w.frameworkURL(root, fw.ID)
			w.s("\">")
			w.text(fw.Name)
			w.s("</a></dt>")
			if fw.Noted {
				for _, c := range fw.Codes {
					w.s("\n<dd>")
					w.codeLink(root, fw.ID, c)
					if c.Note != "" {
						w.html(w.lw.colon())
						w.s(" <span")
						w.lang(e)
						w.s(">")
						w.text(c.Note)
						w.s("</span>")
					}
					w.s("</dd>")
				}
				w.s("</div>")
				continue
			}
			w.s("\n<dd>")
			for i, c := range fw.Codes {
				if i > 0 {
					w.text(b.tpl.cat.Comma())
				}
				w.codeLink(root, fw.ID, c)
			}
			w.s("</dd></div>")
		}
		w.s("\n</dl>\n</section>")
	}

	if h := pg.History; pg.Site.Show.ShowRevisions && h != nil {
		w.s("\n\n<section aria-labelledby=\"history\">\n<h2 id=\"history\">")
		w.msg("entry.history")
		w.s("</h2>\n<p>")
		if h.First.Format(time.DateOnly) != h.Last.Format(time.DateOnly) {
			w.t("entry.history_both", "first", w.lw.timeOf(h.First), "last", w.lw.timeOf(h.Last), "count", len(h.Revisions))
		} else {
			w.t("entry.history_first", "first", w.lw.timeOf(h.First), "count", len(h.Revisions))
		}
		w.s("</p>\n<ol class=\"revisions\" reversed>")
		for _, r := range h.Revisions {
			w.s("\n<li>")
			w.html(w.lw.timeOf(r.Date))
			w.html(w.lw.colon())
			w.s(" ")
			w.text(r.Message)
			w.s("</li>")
		}
		w.s("\n</ol>\n</section>")
	}

	if tags := e.Tags(); len(tags) > 0 {
		w.s("\n\n<p class=\"tags\">")
		w.msg("entry.tags")
		w.s(" ")
		for i, t := range tags {
			if i > 0 {
				w.text(b.tpl.cat.Comma())
			}
			w.s("<a href=\"")
			w.url(root)
			w.s("tags/")
			w.urlPart(t.Slug)
			w.s("/index.html\"")
			w.lang(e)
			w.s(">")
			w.text(t.Name)
			w.s("</a>")
		}
		w.s("</p>")
	}
	w.s("\n</article>\n\n<nav class=\"pager\" aria-label=\"")
	w.msg("entry.pager")
	w.s("\">")
	w.pagerLink(root, "prev", "entry.earlier", e.Older)
	w.pagerLink(root, "next", "entry.later", e.Newer)
	w.s("\n</nav>\n")
}

// pagerLink writes the link of the pager to the experience v, the one
// before or after (rel), under the words of label; nothing when v is nil.
func (w *htmlWriter) pagerLink(root, rel, label string, v *entryView) {
	if v == nil {
		return
	}
	w.s("\n<a rel=\"")
	w.s(rel)
	w.s("\" href=\"")
	w.url(root)
	w.url(v.URL())
	w.s("\"><span class=\"pager-label\">")
	w.msg(label)
	w.s("</span> ")
	w.html(langSpan(v, v.Title()))
	w.s("</a>")
}

// items writes the items of a list, each in its <li>.
func (w *htmlWriter) items(list []string) {
	for _, it := range list {
		w.s("\n<li>")
		w.text(it)
		w.s("</li>")
	}
}

// para writes words of the experience e as a paragraph, on a line of its
// own, marked with the experience's language.
func (w *htmlWriter) para(e *entryView, words string) {
	w.s("\n<p")
	w.lang(e)
	w.s(">")
	w.text(words)
	w.s("</p>")
}

// lang writes the attributes that mark an experience's own words when it
// is in another language than the site (base.html's "lang").
func (w *htmlWriter) lang(e *entryView) {
	if e.Lang() != "" {
		w.s(" lang=\"")
		w.text(e.Lang())
		w.s("\"")
	}
	if e.Dir() != "" {
		w.s(" dir=\"")
		w.text(e.Dir())
		w.s("\"")
	}
}

// dates writes when an experience took place (base.html's "dates").
func (w *htmlWriter) dates(e *entryView) {
	if e.End().IsZero() {
		w.html(w.lw.timeOf(e.Start()))
		return
	}
	w.t("dates.range", "start", w.lw.timeOf(e.Start()), "end", w.lw.timeOf(e.End()))
}

// outcome writes an experience's outcome in one sentence (base.html's
// "outcome").
func (w *htmlWriter) outcome(e *entryView) {
	o := e.Outcomes
	if o == nil || o.Learners == 0 {
		return
	}
	cat := w.tpl.cat
	said := cat.HTML("outcome", "met", o.MetOrExceeded, "count", o.Learners, "percent", cat.Percent(e.Percent()))
	if p := o.BaselinePercent; p != nil {
		w.t("outcome.baseline", "outcome", said, "baseline", cat.Percent(*p))
		return
	}
	w.html(said)
}

// frameworkURL writes the address of a framework's page from a page whose
// way to the root is root.
func (w *htmlWriter) frameworkURL(root, id string) {
	w.url(root)
	w.s("frameworks/")
	w.urlPart(id)
	w.s("/index.html")
}

// codeLink writes the link to a code of a framework on the framework's
// page, with the code (when it reads as one) and its label.
func (w *htmlWriter) codeLink(root, framework string, c codeRef) {
	w.s("<a href=\"")
	w.frameworkURL(root, framework)
	w.s("#")
	w.urlFrag(c.Anchor)
	w.s("\">")
	if c.Code != "" {
		w.text(c.Code)
		w.s(" ")
	}
	w.text(c.Label)
	w.s("</a>")
}

// picture writes a picture in its web versions (base.html's "picture"),
// its alt text in the language of the page's experience.
func (w *htmlWriter) picture(pg *page, pic *picture, alt, sizes string, lazy bool) {
	w.s("<img")
	if e := pg.Entry; e != nil {
		w.lang(e)
	}
	w.s(" src=\"")
	w.url(pg.rel(pic.Src()))
	w.s("\" srcset=\"")
	w.text(string(pic.srcset(pg)))
	w.s("\" sizes=\"")
	w.text(sizes)
	w.s("\" alt=\"")
	w.text(alt)
	w.s("\"")
	if pic.Width != 0 {
		w.s(" width=\"")
		w.s(strconv.Itoa(pic.Width))
		w.s("\" height=\"")
		w.s(strconv.Itoa(pic.Height))
		w.s("\"")
	}
	if lazy {
		w.s(" loading=\"lazy\"")
	}
	w.s(" decoding=\"async\">")
}

// evidence writes one item of evidence on its experience's page
// (base.html's "evidence", for a page with no Item).
func (w *htmlWriter) evidence(pg *page, ev *evidenceView) {
	e := pg.Entry
	w.s("\n<div id=\"")
	w.text(ev.ID)
	w.s("\" class=\"evidence evidence-")
	w.text(ev.Media)
	if ev.Wide() {
		w.s(" evidence-wide")
	}
	w.s("\">\n<figure>")
	switch ev.Media {
	case "image":
		w.s("\n<a href=\"")
		w.url(pg.rel(ev.Page))
		w.s("\">")
		sizes := "(min-width: 64rem) 19rem, (min-width: 40rem) 45vw, calc(100vw - 3.5rem)"
		if ev.Wide() {
			sizes = "(min-width: 64rem) 58rem, calc(100vw - 3.5rem)"
		}
		w.picture(pg, ev.Pic, ev.Alt, sizes, true)
		w.s("</a>")
	case "video", "audio":
		w.s("\n<" + ev.Media + " controls preload=\"metadata\"><source src=\"")
		w.url(ev.Src)
		w.s("\"")
		if ev.Type != "" {
			w.s(" type=\"")
			w.text(ev.Type)
			w.s("\"")
		}
		w.s(">")
		if ev.Track != "" {
			w.s("<track kind=\"captions\" src=\"")
			w.trustedURL(ev.Track)
			w.s("\" srclang=\"")
			w.text(e.ContentLang())
			w.s("\" label=\"")
			w.msg("evidence.captions")
			w.s("\" default>")
		}
		w.s("<a href=\"")
		w.url(ev.Src)
		w.s("\">")
		w.msg("evidence.download_" + ev.Media)
		w.s("</a></" + ev.Media + ">")
	}
	w.s("\n<figcaption>")
	switch ev.Media {
	case "document":
		w.s("\n<a href=\"")
		w.url(ev.Src)
		w.s("\" data-print=\"")
		w.text(pg.b.address(ev.Site))
		w.s("\"")
		w.lang(e)
		w.s(">")
		w.text(ev.Title)
		w.s("</a> <span class=\"note\">")
		w.t("evidence.file", "format", ev.Format, "size", ev.Size)
		w.s("</span>")
	case "link":
		w.s("\n<a href=\"")
		w.url(ev.Src)
		w.s("\"")
		w.lang(e)
		w.s(">")
		w.text(ev.Title)
		w.s("</a> <span class=\"note\">")
		w.t("evidence.link", "host", ev.Host)
		w.s("</span>")
	case "image":
		w.s("\n<a href=\"")
		w.url(pg.rel(ev.Page))
		w.s("\"")
		w.lang(e)
		w.s(">")
		w.text(ev.Title)
		w.s("</a>")
	default:
		w.s("\n<strong")
		w.lang(e)
		w.s(">")
		w.text(ev.Title)
		w.s("</strong>")
	}
	w.s("\n<span class=\"evidence-kind\">")
	w.text(ev.Kind)
	w.s(" · ")
	w.text(ev.Phase)
	w.s("</span>")
	if ev.Caption != "" {
		w.s("\n<span class=\"caption\"")
		w.lang(e)
		w.s(">")
		w.text(ev.Caption)
		w.s("</span>")
	}
	if ev.Media == "video" || ev.Media == "audio" {
		w.s("\n<span class=\"print-only\">")
		w.text(pg.b.address(ev.Site))
		w.s("</span>")
	}
	w.s("\n</figcaption>\n</figure>")
	if tr := ev.Transcript; tr != nil {
		w.s("\n<div class=\"transcript\">\n<p class=\"transcript-title\">")
		w.msg("evidence.transcript")
		w.s("</p>")
		turns := tr.Paragraphs
		if tr.Long() {
			turns = tr.Start()
		}
		for _, p := range turns {
			w.s("\n<p")
			w.lang(e)
			w.s(">")
			if p.Speaker != "" {
				w.s("<strong>")
				w.text(p.Speaker)
				w.html(w.lw.colon())
				w.s("</strong> ")
			}
			w.text(p.Text)
			w.s("</p>")
		}
		if tr.Long() {
			w.s("\n<p><a href=\"")
			w.url(pg.rel(ev.Page))
			w.s("\">")
			w.t("evidence.whole_transcript", "count", tr.Words)
			w.s("</a></p>")
		}
		w.s("\n</div>")
	}
	w.s("\n</div>")
}

// expertise writes what an experience's leader brought (base.html's
// "expertise").
func (w *htmlWriter) expertise(e *entryView, d *entryDetails) {
	w.s("\n<p><strong>")
	w.msg("entry.expertise_brought")
	w.s("</strong> ")
	for i, x := range d.Expertise {
		w.text(w.tpl.cat.Sep(i, len(d.Expertise), x.Label))
		w.text(x.Label)
	}
	w.s(".")
	if len(d.Technologies) > 0 {
		w.s(" <strong>")
		w.msg("entry.technologies")
		w.s("</strong> ")
		w.html(langSpan(e, w.lw.commas(d.Technologies)))
		w.s(".")
	}
	w.s("</p>")
	if len(d.EquityBarriers) > 0 {
		w.s("\n<p><strong>")
		w.msg("entry.barriers")
		w.s("</strong> ")
		w.html(w.lw.commas(d.EquityBarriers))
		w.s(".</p>")
	}
	if len(d.EquityActions) > 0 {
		w.s("\n<ul")
		w.lang(e)
		w.s(">")
		w.items(d.EquityActions)
		w.s("\n</ul>")
	}
	if len(d.Actions) > 0 {
		w.s("\n<p><strong>")
		w.msg("entry.actions")
		w.s("</strong> ")
		w.html(w.lw.commas(d.Actions))
		w.s(".</p>")
	}
}

// pieceInGo is v's piece of kind as base.html's "card" (its title a
// heading of level), "link" or "moment" writes it at rootMark: the pieces
// every list page shows, made once for each entry (see piece).
func (b *builder) pieceInGo(buf []byte, kind string, v *entryView, level int) []byte {
	w := b.htmlWriter(buf)
	switch kind {
	case cardKind:
		w.s("\n<article class=\"card\">\n")
		h := "h3"
		if level == 2 {
			h = "h2"
		}
		w.s("<" + h + ">")
		w.entryLink(v)
		w.s("</" + h + ">\n<p class=\"meta\">")
		w.dates(v)
		w.s(" · ")
		for i, t := range v.Types {
			if i > 0 {
				w.text(b.tpl.cat.Comma())
			}
			w.text(t.Label)
		}
		if v.Status() != "completed" {
			w.s(" · ")
			w.text(v.StatusLabel())
		}
		w.s("</p>")
		w.para(v, v.Summary())
		if v.Percent() != 0 {
			w.s("\n<p class=\"card-figure\">")
			w.outcome(v)
			w.s(" <span class=\"note\">")
			w.msg("outcome.self_reported")
			w.s("</span></p>")
		}
		w.s("\n</article>")
	case linkKind:
		w.entryLink(v)
	case momentKind:
		w.s("<span class=\"meta\">")
		w.dates(v)
		w.s("</span> ")
		w.entryLink(v)
		w.s("<br>")
		if v.Lang() != "" {
			w.s("<span")
			w.lang(v)
			w.s(">")
			w.text(v.Summary())
			w.s("</span>")
		} else {
			w.text(v.Summary())
		}
	}
	return w.buf
}

// entryLink writes the link to an experience's page from rootMark, marked
// as a draft when it is one (base.html's "card-title" and "link").
func (w *htmlWriter) entryLink(v *entryView) {
	w.s("<a href=\"")
	w.url(rootMark)
	w.url(v.URL())
	w.s("\"")
	w.lang(v)
	w.s(">")
	w.text(v.Title())
	w.s("</a>")
	if v.Draft {
		w.s(" <span class=\"badge badge-draft\">")
		w.msg("draft")
		w.s("</span>")
	}
}
