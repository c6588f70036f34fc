package lang

import (
	"strings"
	"testing"
	"testing/fstest"

	"dll/internal/diag"
)

var dllYAML = diag.Pos{File: "dll.yaml", Line: 9, Col: 11}

func checkOut(fsys fstest.MapFS, site string) string {
	d := Check(fsys, site, dllYAML)
	d.Sort()
	var b strings.Builder
	d.Print(&b)
	return b.String()
}

// TestCheckOwnFile: a portfolio's own catalogue is read for what dll
// would not use or would show wrongly, each at its line.
func TestCheckOwnFile(t *testing.T) {
	fsys := fstest.MapFS{
		"templates/languages/es.yaml": {Data: []byte(`direction: up
colour: red
dates:
  months: [enero, febrero]
messages:
  nav.skip: Ir al contenido
  nav.experince: Vivencias
  title.tag: "Etiqueta {etiqueta}"
  type.count:
    one: "{count} experiencia"
    few: "{count} experiencias"
    other: "{count} experiencias"
  list.count: "{count} experiencias."
  draft:
    uno: Borrador
    other: Borrador
`)},
		"templates/languages/castellano.yaml": {Data: []byte("messages: {}\n")},
		"templates/languages/notes.txt":       {Data: []byte("to do\n")},
	}
	got := checkOut(fsys, "es")
	want := `templates/languages/castellano.yaml:1:1: warning: "castellano" is not a language tag such as es, fr or pt-BR, so this file is not read; name it for its language
templates/languages/es.yaml:1:12: direction: expected ltr (left to right) or rtl (right to left), found "up"
templates/languages/es.yaml:2:1: colour: unknown key; the keys here are name, direction, numbers, dates, lists, story, checks, messages
templates/languages/es.yaml:4:11: dates.months: expected the names of the 12 months, January to December, found 2
templates/languages/es.yaml:7:3: messages.nav.experince: warning: dll has no message of this name, so it is not used; did you mean "nav.experiences"?
templates/languages/es.yaml:8:3: messages.title.tag: {etiqueta} is not filled in here, so the page would show it as it is; this message can use {tag}
templates/languages/es.yaml:11:5: messages.type.count.few: warning: es has no plural form few, so it is never used; its forms are one, other
templates/languages/es.yaml:13:3: messages.list.count: warning: this message counts something, and es writes it in the forms one, other; give each form (one: ...), or the same words are used for every number
templates/languages/es.yaml:15:5: messages.draft.uno: "uno" is not a plural form; the forms are zero, one, two, few, many, other
templates/languages/notes.txt:1:1: warning: dll reads only the .yaml files of this folder, each named for its language (es.yaml, pt-BR.yaml); rename it or move it elsewhere
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestMissingWords: a language dll lacks shows in English, and dll
// validate says so: once at dll.yaml without a file of the portfolio's
// own, and word by word at the portfolio's file with one.
func TestMissingWords(t *testing.T) {
	if got, want := checkOut(fstest.MapFS{}, "mi"), "dll.yaml:9:11: language: warning: dll has no words in mi yet, so the site's headings, labels and dates are in English; to write them in mi, translate dll's English words into templates/languages/mi.yaml (the README says how)\n"; got != want {
		t.Errorf("no file for mi:\ngot  %q\nwant %q", got, want)
	}
	for _, lang := range []string{"es", "es-MX", "fr-CA", "pt-PT", "ar-MA", "en-GB"} {
		if got := checkOut(fstest.MapFS{}, lang); got != "" {
			t.Errorf("%s: dll has every word, but Check says:\n%s", lang, got)
		}
	}

	fsys := fstest.MapFS{"templates/languages/mi.yaml": {Data: []byte(`name: te reo Māori
messages:
  nav.skip: Peke ki te ihirangi
  type.count: "{count} wheako"
`)}}
	got := checkOut(fsys, "mi")
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if want := len(Keys()) - 2 + 5; len(lines) != want {
		t.Errorf("%d problems, want %d (every message but two, the months, the two date patterns, the comma and the and):\n%s", len(lines), want, got)
	}
	for _, want := range []string{
		`templates/languages/mi.yaml:1:1: messages.nav.summary: warning: missing in mi, so the site writes it in English ("Summary"); add it to templates/languages/mi.yaml`,
		`templates/languages/mi.yaml:1:1: dates.months: warning: missing in mi, so the site writes it in English; add it to templates/languages/mi.yaml`,
		`templates/languages/mi.yaml:1:1: lists.and: warning: missing in mi, so the site writes it in English; add it to templates/languages/mi.yaml`,
	} {
		if !strings.Contains(got, want+"\n") {
			t.Errorf("no line %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "nav.skip") || strings.Contains(got, "type.count") {
		t.Errorf("a message the file has is reported missing:\n%s", got)
	}

	c := Load(fsys, "mi")
	if got := c.T("nav.skip"); got != "Peke ki te ihirangi" {
		t.Errorf("the portfolio's word: %q", got)
	}
	if got := c.T("nav.summary"); got != "Summary" {
		t.Errorf("a missing word falls back to English: %q", got)
	}
	if got := c.T("type.count", "count", 3); got != "3 wheako" {
		t.Errorf("a message without plural forms serves every number: %q", got)
	}
	if c.Lang() != "mi" || c.Dir() != "ltr" || c.Name() != "te reo Māori" {
		t.Errorf("mi: %s %s %s", c.Lang(), c.Dir(), c.Name())
	}
}

// TestOverride: a portfolio's file changes the words it gives, for its
// language and the regional forms of it; the rest are dll's.
func TestOverride(t *testing.T) {
	fsys := fstest.MapFS{"templates/languages/es.yaml": {Data: []byte("messages:\n  nav.skip: Ir al contenido\n")}}
	for _, lang := range []string{"es", "es-MX"} {
		c := Load(fsys, lang)
		if got := c.T("nav.skip"); got != "Ir al contenido" {
			t.Errorf("%s: nav.skip = %q", lang, got)
		}
		if got := c.T("nav.summary"); got != "Resumen" {
			t.Errorf("%s: nav.summary = %q", lang, got)
		}
		if m := c.Missing(); len(m) > 0 {
			t.Errorf("%s: missing %v", lang, m)
		}
	}
	if got := Load(fsys, "fr").T("nav.skip"); got != "Aller au contenu" {
		t.Errorf("another language keeps its words: %q", got)
	}
}
