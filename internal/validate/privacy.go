package validate

import (
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"strings"
	"unicode/utf8"

	"dll/internal/diag"
	"dll/internal/lang"
	"dll/internal/portfolio"
	"dll/internal/privacy"
	dlltemplates "dll/templates"
)

// privacy reports every place where a published entry names someone on the
// roster or blocked list, as a reader would see it (see package privacy):
// its fields, its story, the names of the files it publishes, which are in
// web addresses, and the text files it publishes.
func (x *entryCtx) privacy() {
	if x.names.Empty() {
		return
	}
	eachText(reflect.ValueOf(x.e).Elem(), func(s string, path func() string) {
		p := path()
		if strings.HasSuffix(p, ".file") || strings.HasSuffix(p, ".captions") {
			return // a file: its name is read below, as a path
		}
		if h, ok := x.names.First(s); ok {
			x.errorf(p, "private-name", "%s", privacy.Message(h.Listed))
		}
	})
	if x.story != nil {
		x.story.names("body")
	} else if h, ok := x.names.First(x.e.Body); ok {
		x.errorf("body", "private-name", "%s", privacy.Message(h.Listed))
	}

	// The entry's file or folder name is in the address of its pages.
	own := strings.TrimPrefix(x.e.Src.File, portfolio.ExperiencesDir+"/")
	if x.e.Src.Dir != portfolio.ExperiencesDir {
		own = strings.TrimPrefix(x.e.Src.Dir, portfolio.ExperiencesDir+"/")
	}
	if h, ok := x.names.FirstInPath(own); ok {
		what := "file"
		if x.e.Src.Dir != portfolio.ExperiencesDir {
			what = "folder"
		}
		x.d.Errorf(diag.Pos{File: x.file, Line: 1, Col: 1}, "file", "private-name",
			"the name of this entry's %s is in the address of each of its pages and %s; rename the %s", what, privacy.Found(h.Listed), what)
	}
	for i := range x.e.Evidence {
		ev := &x.e.Evidence[i]
		if !x.publishes(ev) {
			continue
		}
		for _, f := range [...]struct{ key, ref string }{{"file", ev.File}, {"captions", ev.CaptionsFile()}} {
			if f.ref == "" {
				continue
			}
			field := fmt.Sprintf("evidence[%d].%s", i, f.key)
			full, _, err := x.p.Resolve(x.e.Src.Dir, f.ref)
			if err != nil {
				continue // reported with the evidence
			}
			x.publishedFile(full, x.at(field), field)
		}
	}
	if x.story != nil {
		for _, f := range x.story.files {
			x.publishedFile(f.full, f.at, "body")
		}
	}
}

// publishes reports whether the site publishes ev's file: its consent does
// not withhold it.
func (x *entryCtx) publishes(ev *portfolio.Evidence) bool {
	t, ok := x.consts.Term(ev.Consent)
	return !ok || !t.Withhold
}

// publishedFile reports private names in a file the entry publishes (full,
// a portfolio path, named at the place at): in its name, which is in its web
// address, and in its text when it is a text file (a partner statement, a
// table, captions), at their lines in that file.
func (x *entryCtx) publishedFile(full string, at diag.Pos, field string) {
	rel := strings.TrimPrefix(full, x.e.Src.Dir+"/")
	if h, ok := x.names.FirstInPath(rel); ok {
		x.d.Errorf(at, field, "private-name", "the name of this file is in its web address and %s; rename the file", privacy.Found(h.Listed))
		return
	}
	if !privacy.TextFile(full) {
		return
	}
	src, err := fs.ReadFile(x.p.FS, full)
	if err != nil {
		return // reported with the evidence or the link
	}
	text := string(src)
	hits := x.names.InText
	switch strings.ToLower(path.Ext(full)) {
	case ".vtt":
		// Captions are also shown as a transcript, their cues run together.
		hits = func(string) []privacy.Hit { return x.names.InCaptions(src) }
	case ".md", ".markdown":
		// A statement in Markdown is also quoted on the page, its markup read.
		hits = func(string) []privacy.Hit { return x.names.InMarkdownFile(src) }
	}
	for _, h := range hits(text) {
		x.d.Errorf(textPos(full, text, h.Offset), "text", "private-name",
			"this file is published with %s and %s; replace it with initials or a pseudonym", x.file, privacy.Found(h.Listed))
	}
}

// textPos is the position of the byte at offset in text, the contents of
// file.
func textPos(file, text string, offset int) diag.Pos {
	line := 1 + strings.Count(text[:offset], "\n")
	lineStart := strings.LastIndexByte(text[:offset], '\n') + 1
	return diag.Pos{File: file, Line: line, Col: utf8.RuneCountInString(text[lineStart:offset]) + 1}
}

// templateNames reports the private names in the portfolio's own templates
// (templates/, in place of dll's), whose text dll build writes into the
// pages as it is, at their places.
func (c *checker) templateNames(d *diag.List) {
	if c.names.Empty() {
		return
	}
	theme, err := fs.ReadDir(dlltemplates.FS, "site")
	if err != nil {
		return
	}
	for _, t := range theme {
		file := "templates/" + t.Name()
		src, err := fs.ReadFile(c.p.FS, file)
		if err != nil {
			continue // dll's own is used, or CheckTemplates says why not
		}
		text := string(src)
		for _, h := range c.names.InPage(src) {
			d.Errorf(textPos(file, text, h.Offset), "template", "private-name",
				"dll build publishes this template's text and it %s; replace it with initials or a pseudonym", privacy.Found(h.Listed))
		}
	}
	// The site's words of the portfolio's own, in templates/languages/.
	words, _ := fs.ReadDir(c.p.FS, lang.OwnDir)
	for _, w := range words {
		file := lang.OwnDir + "/" + w.Name()
		if !strings.HasSuffix(file, ".yaml") {
			continue
		}
		src, err := fs.ReadFile(c.p.FS, file)
		if err != nil {
			continue // dll validate says why
		}
		text := string(src)
		for _, h := range c.names.InText(text) {
			d.Errorf(textPos(file, text, h.Offset), "language", "private-name",
				"dll build publishes the words of this file on the site, and this line %s; replace it with initials or a pseudonym", privacy.Found(h.Listed))
		}
	}
}

// names reports the private names in the Markdown text, at their places.
func (b *bodyCtx) names(field string) {
	if b.doc == nil {
		return // no text
	}
	for _, h := range b.c.names.InMarkdown(b.doc, b.src) {
		msg := privacy.Message(h.Listed)
		if b.e == nil {
			msg = privacy.Found(h.Listed) + "; replace it with initials or a pseudonym"
		}
		b.d.Errorf(b.posAt(h.Offset), field, "private-name", "%s", msg)
	}
}
