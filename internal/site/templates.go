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
	"strings"
	"time"

	"dll/internal/diag"
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
	"framework.html", "frameworks.html", "tags.html", "page.html", "changes.html", "coverage.html", "summary.html", "404.html"}

// templates holds one parsed template set per page file.
type templates struct {
	pages map[string]*template.Template
	files map[string][]byte // the theme's other files, such as style.css
	fsys  fs.FS
	// overridden is set when the portfolio has its own page templates,
	// which may show anything on any page.
	overridden bool
}

// TemplateError is a problem in a template file: the built-in theme or an
// override in the portfolio's templates/ folder.
type TemplateError struct {
	File string // as the author knows it: templates/entry.html, or the built-in name
	Err  error
}

func (e *TemplateError) Error() string {
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
		return nil, over, &TemplateError{File: over, Err: err}
	}
	data, err = fs.ReadFile(dlltemplates.FS, themeDir+"/"+name)
	return data, name, err
}

func loadTemplates(portfolioFS fs.FS) (*templates, error) {
	t := &templates{pages: map[string]*template.Template{}, files: map[string][]byte{}, fsys: portfolioFS}
	src, from, err := read(portfolioFS, baseFile)
	if err != nil {
		return nil, err
	}
	t.overridden = from != baseFile
	base, err := template.New(baseFile).Funcs(funcs).Parse(string(src))
	if err != nil {
		return nil, &TemplateError{File: from, Err: err}
	}
	if err := addMissing(base); err != nil {
		return nil, err
	}
	for _, name := range pageFiles {
		src, from, err := read(portfolioFS, name)
		if err != nil {
			return nil, err
		}
		t.overridden = t.overridden || from != name
		set, err := base.Clone()
		if err == nil {
			_, err = set.New(name).Parse(string(src))
		}
		if err != nil {
			return nil, &TemplateError{File: from, Err: err}
		}
		t.pages[name] = set
	}
	return t, nil
}

// addedLater are the templates of base.html that dll's pages call but a
// portfolio's own base.html, written for an earlier version of dll, may
// not define: it gets dll's own.
var addedLater = []string{"pages"}

// addMissing adds to base each template of addedLater it lacks, from dll's
// own base.html.
func addMissing(base *template.Template) error {
	var own *template.Template
	for _, name := range addedLater {
		if base.Lookup(name) != nil {
			continue
		}
		if own == nil {
			src, err := fs.ReadFile(dlltemplates.FS, themeDir+"/"+baseFile)
			if err == nil {
				own, err = template.New(baseFile).Funcs(funcs).Parse(string(src))
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
		from := name
		if _, err := fs.Stat(t.fsys, overrideDir+"/"+name); err == nil {
			from = overrideDir + "/" + name
		}
		return &TemplateError{File: from, Err: err}
	}
	return nil
}

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
	"matrixOf": func(pg *page, m *matrix, caption, id string) matrixData {
		return matrixData{pg, m, caption, id}
	},
	"pictureOf": func(pg *page, p *picture, alt, sizes string, lazy bool) pictureData {
		return pictureData{pg, p, alt, sizes, lazy}
	},
	"evidenceOf": func(pg *page, ev *evidenceView) evidenceData { return evidenceData{pg, ev} },
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
	"abs": func(pg *page, sitePath string) string {
		if pg.Site.BaseURL == "" {
			return ""
		}
		return pg.b.abs(sitePath)
	},
	// address is a site path as a printed page shows it.
	"address": func(pg *page, sitePath string) string { return pg.b.address(sitePath) },
	"inc":     func(i int) int { return i + 1 },
	"last":    func(i int, list any) bool { return i == reflect.ValueOf(list).Len()-1 },
	"lower":   strings.ToLower,
	"date": func(d portfolio.Date) string {
		if d.IsZero() {
			return ""
		}
		return d.Format("2 January 2006")
	},
	"month": func(d portfolio.Date) string {
		if d.IsZero() {
			return ""
		}
		return d.Format("January 2006")
	},
	"plural": diag.Plural,
	"day": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format("2 January 2006")
	},
	"isoDay": func(t time.Time) string { return t.Format(time.DateOnly) },
	"join":   strings.Join,
	"iso":    func(d portfolio.Date) string { return d.String() },
	"year":   func(d portfolio.Date) int { return d.Year() },
	"mailto": func(addr string) template.URL { return template.URL("mailto:" + url.PathEscape(addr)) }, //nolint:gosec // an address checked by validate, escaped
}

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
}

type matrixData struct {
	Page    *page
	M       *matrix
	Caption string
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
