package site

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/url"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"dll/internal/diag"
	"dll/internal/lang"
	"dll/internal/portfolio"
	dlltemplates "dll/templates"
)

// The theme's files. base.html holds the layout and the pieces pages share;
// each page file defines "main". A portfolio's templates/ folder overrides
// any of them by file name.
const (
	themeDir    = "site"
	overrideDir = "templates"
	baseFile    = "base.html"
)

var pageFiles = []string{"home.html", "entry.html", "evidence.html", "list.html", "timeline.html", "type.html", "types.html",
	"framework.html", "frameworks.html", "tags.html", "page.html", "changes.html", "coverage.html", "summary.html", "404.html",
	"criteria.html", PackFile}

// templates holds one parsed template set per page file.
type templates struct {
	cat   *lang.Catalog // the site's language
	pages map[string]*template.Template
	files map[string][]byte // the theme's other files, such as style.css
	fsys  fs.FS
	// overridden is set when the portfolio has its own page templates,
	// which may show anything on any page.
	overridden bool
	// own holds the page files, and base.html, that are the portfolio's
	// own.
	own map[string]bool
	// entryInGo is set when entry.html and base.html are dll's own: the
	// experience page is then written in Go (see entryhtml.go).
	entryInGo bool
	messages  sync.Map // key: a message as spliceMessages writes it
}

// TemplateError is a problem in a template file: the built-in theme or an
// override in the portfolio's templates/ folder.
type TemplateError struct {
	File string // as the author knows it: templates/entry.html, or the built-in name
	Err  error
	// Folder is set when a folder stands where the file was read, and
	// Unreadable when the file could not be read at all, rather than read
	// and found wrong.
	Folder, Unreadable bool
}

func (e *TemplateError) Error() string {
	if e.Unreadable {
		why, fix := "it is a folder, not a file", "put your own version of the file there"
		switch {
		case e.Folder:
		case errors.Is(e.Err, fs.ErrPermission):
			why, fix = "permission denied", "make it yours to read (its owner or permissions)"
		default:
			why = e.Err.Error()
			if pe := (*fs.PathError)(nil); errors.As(e.Err, &pe) {
				why = pe.Err.Error()
			}
		}
		return fmt.Sprintf("%s cannot be read (%s); %s, or delete it to use dll's own", e.File, why, fix)
	}
	msg := strings.TrimPrefix(e.Err.Error(), "template: ")
	msg = strings.TrimPrefix(msg, path.Base(e.File)+":")
	if strings.HasPrefix(e.File, overrideDir+"/") {
		return fmt.Sprintf("%s:%s; fix the template, or delete it to use dll's own", e.File, msg)
	}
	return fmt.Sprintf("the built-in template %s:%s; please report this as a bug in dll", e.File, msg)
}

func (e *TemplateError) Unwrap() error { return e.Err }

// read returns a theme file: the portfolio's override, or the built-in one.
func read(portfolioFS fs.FS, name string) (data []byte, from string, err error) {
	over := overrideDir + "/" + name
	if data, err := fs.ReadFile(portfolioFS, over); err == nil {
		return data, over, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		info, statErr := fs.Stat(portfolioFS, over)
		return nil, over, &TemplateError{File: over, Err: err, Unreadable: true, Folder: statErr == nil && info.IsDir()}
	}
	data, err = fs.ReadFile(dlltemplates.FS, themeDir+"/"+name)
	return data, name, err
}

func loadTemplates(portfolioFS fs.FS, cat *lang.Catalog) (*templates, error) {
	t := &templates{cat: cat, pages: map[string]*template.Template{}, files: map[string][]byte{}, fsys: portfolioFS, own: map[string]bool{}}
	src, from, err := read(portfolioFS, baseFile)
	if err != nil {
		return nil, err
	}
	ownBase := from != baseFile
	t.overridden = ownBase
	t.own[baseFile] = ownBase
	base, err := template.New(baseFile).Funcs(funcs).Funcs(langFuncs(cat)).Parse(spliceMessages(string(src), cat))
	if err != nil {
		return nil, &TemplateError{File: from, Err: err}
	}
	if err := addMissing(base, cat); err != nil {
		return nil, err
	}
	for _, name := range pageFiles {
		src, from, err := read(portfolioFS, name)
		if err != nil {
			return nil, err
		}
		t.overridden = t.overridden || from != name
		t.own[name] = from != name
		set, err := base.Clone()
		if err == nil && name == PackFile {
			// The pack prints the criterion map of criteria.html.
			var criteria []byte
			if criteria, _, err = read(portfolioFS, "criteria.html"); err == nil {
				_, err = set.New("criteria.html").Parse(string(criteria))
			}
		}
		if err == nil {
			_, err = set.New(name).Parse(spliceMessages(string(src), cat))
		}
		if err != nil {
			return nil, &TemplateError{File: from, Err: err}
		}
		t.pages[name] = set
	}
	t.entryInGo = !t.own["entry.html"] && !ownBase
	return t, nil
}

// spliced is a message with no value to fill in as spliceMessages writes
// it into a template.
func (t *templates) spliced(key string) string {
	if s, ok := t.messages.Load(key); ok {
		return s.(string)
	}
	s := braces.Replace(string(t.cat.HTML(key)))
	t.messages.Store(key, s)
	return s
}

// plainMessage is a message with no value to fill in, as a template asks
// for it: {{t "nav.skip"}}.
var plainMessage = regexp.MustCompile(`\{\{t "([a-z0-9_.]+)"\}\}`)

// spliceMessages writes the messages with no value to fill in into a
// template's text, escaped, before it is parsed: a page then costs no call
// for each of its words. Braces and line breaks are written as
// character references, so that a message is never read as a template
// action, and a template's lines keep their numbers for its errors.
func spliceMessages(src string, cat *lang.Catalog) string {
	return plainMessage.ReplaceAllStringFunc(src, func(call string) string {
		key := plainMessage.FindStringSubmatch(call)[1]
		if !lang.IsKey(key) {
			return call // the page shows the key, as t does
		}
		return braces.Replace(string(cat.HTML(key)))
	})
}

var braces = strings.NewReplacer("{", "&#123;", "}", "&#125;", "\n", "&#10;", "\r", "&#13;")

// addedLater are the templates of base.html that dll's pages call but a
// portfolio's own base.html, written for an earlier version of dll, may
// not define: "lang" (an experience's language on its content), "pages"
// (the way through a list of many pages), "page-number" (which page of
// it this is) and "expertise" (what an experience's leader brought). It
// gets dll's own.
var addedLater = []string{"lang", "pages", "page-number", "expertise"}

// addMissing adds to base each template of addedLater it lacks, from dll's
// own base.html, in the words of cat.
func addMissing(base *template.Template, cat *lang.Catalog) error {
	var own *template.Template
	for _, name := range addedLater {
		if base.Lookup(name) != nil {
			continue
		}
		if own == nil {
			src, err := fs.ReadFile(dlltemplates.FS, themeDir+"/"+baseFile)
			if err == nil {
				own, err = template.New(baseFile).Funcs(funcs).Funcs(langFuncs(cat)).Parse(spliceMessages(string(src), cat))
			}
			if err != nil {
				return &TemplateError{File: baseFile, Err: err}
			}
		}
		if _, err := base.AddParseTree(name, own.Lookup(name).Tree); err != nil {
			return &TemplateError{File: baseFile, Err: err}
		}
	}
	return nil
}

// execute renders a page file's template through the base layout.
func (t *templates) execute(w io.Writer, name string, pg *page) error {
	set := t.pages[name]
	if err := set.ExecuteTemplate(w, baseFile, pg); err != nil {
		return t.errorIn(name, err)
	}
	return nil
}

// errorIn is the error err of rendering the page file name, said of the
// file whose template failed: the page's own, or base.html, whose
// templates every page calls, each the portfolio's own or dll's. When a
// piece of the page (a card, say) failed first, its error says so.
func (t *templates) errorIn(name string, err error) error {
	if inner := (*TemplateError)(nil); errors.As(err, &inner) {
		return inner
	}
	// html/template says where it failed first: "template: base.html:3:38: ...".
	if rest, ok := strings.CutPrefix(err.Error(), "template: "); ok {
		if file, _, ok := strings.Cut(rest, ":"); ok && (file == baseFile || slices.Contains(pageFiles, file)) {
			name = file
		}
	}
	if t.own[name] {
		name = overrideDir + "/" + name
	}
	return &TemplateError{File: name, Err: err}
}

// checkInGo makes each page and piece dll writes in Go (the experience
// page, and the pieces that show an entry in lists) from the templates as
// well, and an error of one on which the two differ. The tests of this
// package set it (see TestMain), so that every portfolio they build, by
// hand, generated or fuzzed, holds entryhtml.go to the templates.
var checkInGo bool

// file returns one of the theme's other files.
func (t *templates) file(name string) ([]byte, error) {
	data, _, err := read(t.fsys, name)
	return data, err
}

var funcs = template.FuncMap{
	// url is the way from the page being rendered to a site path, for
	// templates of a portfolio's own; dll's templates write .Root before
	// the path.
	"url":    func(pg *page, target string) string { return pg.Root + target },
	"card":   func(pg *page, e *entryView) (template.HTML, error) { return pg.b.card(e, pg.Root, 2) },
	"link":   func(pg *page, e *entryView) (template.HTML, error) { return pg.b.link(e, pg.Root) },
	"header": func(pg *page) (template.HTML, error) { return pg.b.header(pg) },
	// cards and links are the cards, or the list items of links, of many
	// entries: one call for the list rather than one for each entry. The
	// cards' titles are headings of the level given.
	"cards": func(pg *page, es []*entryView, level int) (template.HTML, error) {
		return pg.b.joined(pg, es, cardKind, level, "\n", "")
	},
	"links": func(pg *page, es []*entryView) (template.HTML, error) {
		return pg.b.joined(pg, es, linkKind, 0, "\n<li>", "</li>")
	},
	"moments": func(pg *page, es []*entryView) (template.HTML, error) {
		return pg.b.joined(pg, es, momentKind, 0, "\n<li>", "</li>")
	},
	"cardsOf": func(pg *page, es []*entryView, level int) cardsData { return cardsData{pg, es, level} },
	"matrixOf": func(pg *page, m *matrix, caption any, id string) matrixData {
		return matrixData{pg, m, template.HTML(htmlOf(caption)), id} //nolint:gosec // escaped
	},
	"pictureOf": func(pg *page, p *picture, alt, sizes string, lazy bool) pictureData {
		d := pictureData{Page: pg, Pic: p, Alt: alt, Sizes: sizes, Lazy: lazy}
		if pg.Entry != nil {
			d.Lang, d.Dir = pg.Entry.Lang(), pg.Entry.Dir()
		}
		return d
	},
	"evidenceOf": func(pg *page, ev *evidenceView) evidenceData { return evidenceData{pg, ev} },
	"criteriaOf": func(m *criteriaView, pack bool) criteriaData { return criteriaData{m, pack} },
	// evidenceSrc is the address of an evidence file from the page: the
	// experience's page, or the evidence's own, a folder deeper.
	"evidenceSrc": func(pg *page, ev *evidenceView) string {
		if pg.Item != nil && ev.Site != "" {
			return "../" + ev.Src
		}
		return ev.Src
	},
	// evidenceSizes says how wide an evidence picture shows on its
	// experience's page, for the browser to choose a version.
	"evidenceSizes": func(ev *evidenceView) string {
		if ev.Wide() {
			return "(min-width: 64rem) 58rem, calc(100vw - 3.5rem)"
		}
		return "(min-width: 64rem) 19rem, (min-width: 40rem) 45vw, calc(100vw - 3.5rem)"
	},
	// srcset lists a picture's versions for the srcset attribute.
	"srcset": func(pg *page, p *picture) template.Srcset { return p.srcset(pg) },
	// rel is the way from the page to a site path.
	"rel": func(pg *page, sitePath string) string { return pg.rel(sitePath) },
	// abs is the full address of a site path, with a base_url; "" without.
	"abs": absURL,
	// address is a site path as a printed page shows it.
	"address": func(pg *page, sitePath string) string { return pg.b.address(sitePath) },
	"inc":     func(i int) int { return i + 1 },
	"last":    func(i int, list any) bool { return i == reflect.ValueOf(list).Len()-1 },
	"lower":   strings.ToLower,
	// plural and join are English, for templates of a portfolio's own
	// written before dll spoke other languages; dll's own use t, and
	// comma.
	"plural": diag.Plural,
	"isoDay": func(t time.Time) string { return t.Format(time.DateOnly) },
	"join":   strings.Join,
	"iso":    func(d portfolio.Date) string { return d.String() },
	"mailto": mailtoURL,
	"code":   codeHTML,
	"anchor": anchorHTML,
	// pageRef is the page number of a chapter of the evidence pack (id),
	// filled in once the pack's pages are known.
	"pageRef": func(id string) template.HTML {
		return template.HTML(`<span data-page-of="` + lang.EscapeHTML(id) + `">0</span>`) //nolint:gosec // escaped
	},
	"strong": strongHTML,
	// withLang marks a picture of an experience with its language, for
	// its alt text.
	"withLang": func(p pictureData, e *entryView) pictureData {
		if e != nil {
			p.Lang, p.Dir = e.Lang(), e.Dir()
		}
		return p
	},
}

// absURL is the full address of a site path, with a base_url; "" without.
func absURL(pg *page, sitePath string) string {
	if pg.Site.BaseURL == "" {
		return ""
	}
	return pg.b.abs(sitePath)
}

// mailtoURL is the address that writes to an email address.
func mailtoURL(addr string) template.URL {
	return template.URL("mailto:" + url.PathEscape(addr)) //nolint:gosec // an address checked by validate, escaped
}

// codeHTML is a bit of text to type, such as a command.
func codeHTML(s string) template.HTML {
	return template.HTML("<code>" + lang.EscapeHTML(s) + "</code>") //nolint:gosec // escaped
}

// anchorHTML is a link put into a message: href, a relative address made
// by the templates or a place on the page, and its words.
func anchorHTML(href string, words any) template.HTML {
	return template.HTML(`<a href="` + lang.EscapeHTML(href) + `">` + htmlOf(words) + "</a>") //nolint:gosec // escaped
}

// strongHTML is words in bold, put into a message.
func strongHTML(s any) template.HTML {
	return template.HTML("<strong>" + htmlOf(s) + "</strong>") //nolint:gosec // escaped
}

// htmlOf is a value as HTML: escaped text, or HTML as it is.
func htmlOf(v any) string {
	switch v := v.(type) {
	case template.HTML:
		return string(v)
	case string:
		return lang.EscapeHTML(v)
	}
	return lang.EscapeHTML(fmt.Sprint(v))
}

// langFuncs are what templates say in the site's language: its messages
// (t), and its way with numbers, dates and lists.
func langFuncs(cat *lang.Catalog) template.FuncMap {
	w := langWords{cat}
	return template.FuncMap{
		// t is the message key, with its values: t "outcome" "met" 20
		// "count" 24.
		"t": cat.HTML,
		"date": func(d any) string {
			if t, ok := dateOf(d); ok {
				return cat.Date(t)
			}
			return ""
		},
		"day": func(d any) string {
			if t, ok := dateOf(d); ok {
				return cat.Date(t)
			}
			return ""
		},
		"month": func(d any) string {
			if t, ok := dateOf(d); ok {
				return cat.Month(t)
			}
			return ""
		},
		"timeOf": w.timeOf,
		"year": func(y any) string {
			switch y := y.(type) {
			case portfolio.Date:
				return cat.Year(y.Year())
			case int:
				return cat.Year(y)
			}
			return fmt.Sprint(y)
		},
		"num":  cat.Number,
		"pct":  cat.Percent,
		"size": cat.Size,
		// comma separates the items of a list; commas joins those not
		// empty; colon ends a label; sep comes before item i of n joined
		// with "and", next.
		"comma":    cat.Comma,
		"langSpan": langSpan,
		// noted is a note in brackets, in small type.
		"noted": func(s any) template.HTML {
			return template.HTML(`<span class="note">(` + htmlOf(s) + ")</span>") //nolint:gosec // escaped
		},
		"commas": w.commas,
		"colon":  w.colon,
		"sep":    func(i, n int, next string) string { return cat.Sep(i, n, next) },
	}
}

// langWords are the template functions that write in the site's language,
// callable from Go as well (see entryhtml.go).
type langWords struct{ cat *lang.Catalog }

// dateOf is a day given as a portfolio.Date or a time.Time.
func dateOf(d any) (time.Time, bool) {
	switch d := d.(type) {
	case portfolio.Date:
		return d.Time, !d.IsZero()
	case time.Time:
		return d, !d.IsZero()
	}
	return time.Time{}, false
}

// timeOf is a day as a <time> element: its date for machines, and for
// people as the language writes it.
func (w langWords) timeOf(d any) template.HTML {
	t, ok := dateOf(d)
	if !ok {
		return ""
	}
	return template.HTML(`<time datetime="` + t.Format(time.DateOnly) + `">` + lang.EscapeHTML(w.cat.Date(t)) + `</time>`) //nolint:gosec // escaped
}

// langSpan is words of an experience, marked with its language when it is
// not the site's.
func langSpan(of any, s any) template.HTML {
	l, d := "", ""
	switch of := of.(type) {
	case *entryView:
		if of != nil {
			l, d = of.Lang(), of.Dir()
		}
	case *tagView:
		if of != nil {
			l, d = of.Lang, of.Dir
		}
	}
	if l == "" || s == "" {
		return template.HTML(htmlOf(s)) //nolint:gosec // escaped
	}
	attrs := ` lang="` + lang.EscapeHTML(l) + `"`
	if d != "" {
		attrs += ` dir="` + d + `"`
	}
	return template.HTML("<span" + attrs + ">" + htmlOf(s) + "</span>") //nolint:gosec // escaped
}

// commas joins the items that are not empty with the language's comma:
// strings and lists of them escaped, HTML as it is.
func (w langWords) commas(items ...any) template.HTML {
	var all []string
	for _, it := range items {
		switch it := it.(type) {
		case []string:
			for _, s := range it {
				all = append(all, lang.EscapeHTML(s))
			}
		case template.HTML:
			all = append(all, string(it))
		default:
			all = append(all, htmlOf(it))
		}
	}
	return template.HTML(w.cat.Commas(all...)) //nolint:gosec // escaped
}

// colon ends a label.
func (w langWords) colon() template.HTML { return w.cat.HTML("punct.colon") }

type cardData struct {
	Page  *page
	Entry *entryView
	Level int // of the card's heading
}

type cardsData struct {
	Page    *page
	Entries []*entryView
	Level   int
}

type evidenceData struct {
	Page *page
	Ev   *evidenceView
}

type pictureData struct {
	Page  *page
	Pic   *picture
	Alt   string
	Sizes string
	Lazy  bool
	Lang  string // of the alt text, when the site's is not
	Dir   string // its direction, when the site's is not
}

type criteriaData struct {
	Map  *criteriaView
	Pack bool // in the evidence pack: with the page of each experience's chapter
}

type matrixData struct {
	Page    *page
	M       *matrix
	Caption template.HTML
	ID      string
}

// basePath is the path part of a base_url, ending in a slash.
func basePath(baseURL string) string {
	u, err := url.Parse(baseURL)
	if err != nil {
		return "/"
	}
	return strings.TrimSuffix(u.Path, "/") + "/"
}
