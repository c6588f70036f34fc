// Package lang holds the words dll writes for a portfolio's readers, in the
// portfolio's language: the published site's headings, labels and
// sentences, the headings of a story, and the way the language writes
// numbers, dates and lists.
//
// Each language is a catalogue, a YAML file of data: dll's own in
// templates/languages/<tag>.yaml, and a portfolio's in its own
// templates/languages/ folder, which adds a language or changes words of
// one. A word a language lacks comes from its parent language (es for
// es-MX), then from English; Check says which. Plural forms follow the
// CLDR rules of golang.org/x/text/feature/plural, and numbers are written
// by golang.org/x/text/number, with the language's own digits and
// separators.
//
// The messages of dll's commands are English, whatever the language of
// the portfolio: this package is for what the portfolio's readers see.
package lang

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
	"golang.org/x/text/unicode/norm"

	"dll/internal/diag"
	"dll/internal/portfolio"
	dlltemplates "dll/templates"
)

// Dir is the folder of catalogues, in dll's templates and in a portfolio's
// templates/ folder.
const Dir = "languages"

// OwnDir is where a portfolio keeps catalogues of its own.
const OwnDir = "templates/" + Dir

// Default is the language of a portfolio that names none.
const Default = "en"

// Catalog is what dll writes in one language.
type Catalog struct {
	tag   language.Tag
	lang  string // as a lang attribute says it
	dir   string // ltr or rtl
	name  string
	msgs  map[string]*msg
	field map[string]field
	story map[string][]string
	check map[string]map[string]bool
	// heads are the headings of story, as Fold(Words(heading)).
	heads map[string]map[string]bool

	// missing are the messages and settings that come from English
	// though the language is not English, by path (messages.nav.skip).
	missing []string

	printer *message.Printer
	// digits are the language's digits, 0 to 9, for the numbers that need
	// no separator; dayPattern and monthPattern are dates.day and
	// dates.month, read once.
	digits                   [10]string
	dayPattern, monthPattern text
	percentOnce              sync.Once
	percents                 [101]string // 0% to 100%, made once
}

// Lang is the language as a lang attribute writes it: es, fr-CA.
func (c *Catalog) Lang() string { return c.lang }

// Dir is ltr or rtl: the direction the language is written in.
func (c *Catalog) Dir() string { return c.dir }

// Name is the language's name for itself, as its catalogue gives it.
func (c *Catalog) Name() string { return c.name }

// Canonical returns the BCP 47 tag lang in its usual spelling (es-MX for
// es-mx), or "" when lang is not a language tag.
func Canonical(lang string) string {
	t, err := language.Parse(strings.TrimSpace(lang))
	if err != nil || t == language.Und {
		return ""
	}
	return t.String()
}

// Valid reports whether lang is a language tag dll can use.
func Valid(lang string) bool { return Canonical(lang) != "" }

// chain is the languages a catalogue for lang draws on, most specific
// first: es-MX, es-419, es, then English.
func chain(lang string) []string { return portfolio.LanguageChain(lang) }

// English reports whether lang is a form of English, which has every
// word.
func English(lang string) bool {
	t, err := language.Parse(lang)
	if err != nil {
		return false
	}
	base, _ := t.Base()
	return base.String() == "en"
}

var (
	builtinMu    sync.Mutex
	builtinFiles = map[string]*file{}
)

// builtin returns dll's own catalogue file for tag, or nil.
func builtin(tag string) *file {
	builtinMu.Lock()
	defer builtinMu.Unlock()
	if f, ok := builtinFiles[tag]; ok {
		return f
	}
	var f *file
	name := Dir + "/" + tag + ".yaml"
	if src, err := fs.ReadFile(dlltemplates.FS, name); err == nil {
		var d diag.List
		f = parseFile(name, tag, false, src, &d)
	}
	builtinFiles[tag] = f
	return f
}

// Known reports whether dll has words of its own in lang, or in the
// language it is a form of (es for es-MX).
func Known(lang string) bool {
	if English(lang) {
		return true
	}
	for _, tag := range chain(Canonical(lang)) {
		if !English(tag) && builtin(tag) != nil {
			return true
		}
	}
	return false
}

// Builtin lists the languages dll has a catalogue of, by tag.
func Builtin() []string {
	items, _ := fs.ReadDir(dlltemplates.FS, Dir)
	var out []string
	for _, it := range items {
		if tag, ok := strings.CutSuffix(it.Name(), ".yaml"); ok {
			out = append(out, tag)
		}
	}
	return out
}

// ownFiles finds the portfolio's catalogue files, by the language each is
// for. A name that is not a language tag, or a second file for one
// language, is reported.
func ownFiles(fsys fs.FS, diags *diag.List) map[string]string {
	out := map[string]string{}
	if fsys == nil {
		return out
	}
	items, err := fs.ReadDir(fsys, OwnDir)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			diags.Errorf(diag.Pos{File: OwnDir, Line: 1, Col: 1}, "", "language", "cannot be read (%v); check its permissions", errors.Unwrap(err))
		}
		return out
	}
	for _, it := range items {
		name := it.Name()
		if strings.HasPrefix(name, ".") || it.IsDir() {
			continue
		}
		at := diag.Pos{File: OwnDir + "/" + name, Line: 1, Col: 1}
		base, ok := strings.CutSuffix(name, ".yaml")
		if !ok {
			diags.Warnf(at, "", "language", "dll reads only the .yaml files of this folder, each named for its language (es.yaml, pt-BR.yaml); rename it or move it elsewhere")
			continue
		}
		tag := Canonical(base)
		if tag == "" {
			diags.Warnf(at, "", "language", "%q is not a language tag such as es, fr or pt-BR, so this file is not read; name it for its language", base)
			continue
		}
		if prev, ok := out[tag]; ok {
			diags.Warnf(at, "", "language", "%s is already the file for %s, so this one is not read; keep one file for each language", prev, tag)
			continue
		}
		out[tag] = OwnDir + "/" + name
	}
	return out
}

// Load returns the catalogue of lang for the portfolio in fsys: its own
// files in templates/languages/ first, then dll's. It always returns a
// catalogue; Check reports what is wrong with the portfolio's files.
func Load(fsys fs.FS, lang string) *Catalog {
	c, _, _ := load(fsys, lang)
	return c
}

// ForLanguage returns dll's own catalogue of lang, for what needs no
// portfolio.
func ForLanguage(lang string) *Catalog { return Load(nil, lang) }

func load(fsys fs.FS, lang string) (*Catalog, []*file, diag.List) {
	var diags diag.List
	if Canonical(lang) == "" {
		lang = Default
	}
	lang = Canonical(lang)
	own := ownFiles(fsys, &diags)
	var files []*file
	for _, tag := range chain(lang) {
		if name, ok := own[tag]; ok {
			if src, err := fs.ReadFile(fsys, name); err != nil {
				diags.Errorf(diag.Pos{File: name, Line: 1, Col: 1}, "", "language", "cannot be read (%v); check its permissions", errors.Unwrap(err))
			} else {
				files = append(files, parseFile(name, tag, true, src, &diags))
			}
		}
		if f := builtin(tag); f != nil {
			files = append(files, f)
		}
	}
	c := &Catalog{tag: language.Make(lang), lang: lang, msgs: map[string]*msg{}, field: map[string]field{}, story: map[string][]string{},
		check: map[string]map[string]bool{}}
	c.printer = message.NewPrinter(c.tag)
	english := English(lang)
	fellBack := func(f *file) bool { return !english && English(f.tag) }
	for _, f := range files {
		for k, m := range f.msgs {
			if _, ok := c.msgs[k]; ok {
				continue
			}
			c.msgs[k] = m
			if fellBack(f) {
				c.missing = append(c.missing, "messages."+k)
			}
		}
		for k, v := range f.fields {
			if _, ok := c.field[k]; ok {
				continue
			}
			if k == "direction" && fellBack(f) {
				continue // from the script, below
			}
			c.field[k] = v
			if fellBack(f) && k != "name" && k != "dates.first_day" && k != "dates.months_alone" && k != "lists.and_start" && k != "numbers.min_grouping" {
				c.missing = append(c.missing, k)
			}
		}
		// Every way a language writes a heading is recognised: the
		// portfolio's, dll's, and English.
		for k, l := range f.story {
			for _, h := range l {
				if !slices.Contains(c.story[k], h) {
					c.story[k] = append(c.story[k], h)
				}
			}
		}
		for k, l := range f.checks {
			set := c.check[k]
			if set == nil {
				set = map[string]bool{}
				c.check[k] = set
			}
			for _, w := range l {
				set[Fold(w)] = true
			}
		}
	}
	c.heads = map[string]map[string]bool{}
	for k, l := range c.story {
		c.heads[k] = map[string]bool{}
		for _, h := range l {
			c.heads[k][Fold(Words(h))] = true
		}
	}
	for d := range 10 {
		c.digits[d] = c.printer.Sprint(number.Decimal(d))
	}
	c.dayPattern, c.monthPattern = parseText(c.field["dates.day"].text), parseText(c.field["dates.month"].text)
	c.name = c.field["name"].text
	c.dir = c.field["direction"].text
	if c.dir == "" {
		c.dir = scriptDirection(c.tag)
	}
	slices.Sort(c.missing)
	return c, files, diags
}

// Direction is ltr or rtl: the direction lang is written in, as dll's
// catalogue of it says, or else as its script is written.
func Direction(lang string) string {
	for _, tag := range chain(Canonical(lang)) {
		if English(tag) {
			break
		}
		if f := builtin(tag); f != nil && f.fields["direction"].text != "" {
			return f.fields["direction"].text
		}
	}
	return scriptDirection(language.Make(lang))
}

// rtlScripts are the scripts written from right to left.
var rtlScripts = []string{"Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg", "Mand", "Samr", "Mend", "Yezi"}

func scriptDirection(t language.Tag) string {
	s, _ := t.Script()
	if slices.Contains(rtlScripts, s.String()) {
		return "rtl"
	}
	return "ltr"
}

// Missing lists what the catalogue takes from English though its language
// is not English, by path in a catalogue file: messages.nav.skip,
// dates.months.
func (c *Catalog) Missing() []string { return c.missing }

// Heading is how dll writes the heading of a recommended section.
func (c *Catalog) Heading(section string) string {
	if l := c.story[section]; len(l) > 0 {
		return l[0]
	}
	return section
}

// IsHeading reports whether a heading of a story, as Words gives it, is
// one of the ways the catalogue writes the recommended section: "y qué"
// is the Spanish so_what, "so what" the English one.
func (c *Catalog) IsHeading(section, words string) bool { return c.heads[section][Fold(words)] }

// Words reads a heading as lowercase words, with its punctuation left
// out: "¿Y qué?" gives "y qué". It is strings.Join(strings.FieldsFunc(
// strings.ToLower(s), ...), " ") done in one pass.
func Words(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		r = unicode.ToLower(r)
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Passive reports whether word, first in a contribution, says it only
// observed, suggested or shared; Pronoun whether it is the word for "I"
// that may come before.
func (c *Catalog) Passive(word string) bool { return c.check["passive_verbs"][Fold(word)] }

// Pronoun reports whether word is the language's word for "I".
func (c *Catalog) Pronoun(word string) bool { return c.check["pronouns"][Fold(word)] }

// IsKey reports whether dll writes a message of that name.
func IsKey(key string) bool { return builtin(Default).msgs[key] != nil }

// Keys lists the names of the messages dll's English catalogue has: every
// message dll writes.
func Keys() []string {
	f := builtin(Default)
	keys := make([]string, 0, len(f.msgs))
	for k := range f.msgs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Fold reduces a word or heading to what a reader would take as the same:
// lower case, without accents or Arabic vowel marks, with the forms of
// alif and of final ya and ta marbuta that typists use for each other
// made one. "¿Qué sigue?" and "Que sigue", "التأمل" and "التامل" fold to
// the same text.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	s = norm.NFD.String(strings.ToLower(s))
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r), r == 'ـ': // marks, and the Arabic tatweel
			continue
		case r == 'أ' || r == 'إ' || r == 'آ' || r == 'ٱ':
			r = 'ا'
		case r == 'ى':
			r = 'ي'
		case r == 'ة':
			r = 'ه'
		case r == '’':
			r = '\''
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}
