package lang

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"dll/internal/diag"
	"dll/internal/portfolio"
)

// Check reports what is wrong with the portfolio's own catalogues (in
// templates/languages/), and what the site, in the language site, shows in
// English for want of words: each missing word at the portfolio's file for
// the language, or at, where dll.yaml names the language, when there is no
// such file.
func Check(fsys fs.FS, site string, at diag.Pos) diag.List {
	var diags diag.List
	for tag, name := range ownFiles(fsys, &diags) {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			diags.Errorf(diag.Pos{File: name, Line: 1, Col: 1}, "", "language", "cannot be read (%v); check its permissions", errors.Unwrap(err))
			continue
		}
		checkFile(parseFile(name, tag, true, src, &diags), &diags)
	}
	if Canonical(site) == "" {
		return diags // dll validate says what is wrong with the tag
	}
	site = Canonical(site)
	c, files, _ := load(fsys, site)
	if len(c.missing) == 0 {
		return diags
	}
	var own *file
	known := false
	for _, f := range files {
		if English(f.tag) {
			break
		}
		known = true
		if f.own && own == nil {
			own = f
		}
	}
	if !known {
		diags.Warnf(at, "language", "language", "dll has no words in %s yet, so the site's headings, labels and dates are in English; to write them in %s, translate dll's English words into templates/languages/%s.yaml (the README says how)", site, site, site)
		return diags
	}
	where := at
	if own != nil {
		where = diag.Pos{File: own.name, Line: 1, Col: 1}
	}
	english := builtin(Default)
	for _, path := range c.missing {
		shown := ""
		if key, ok := strings.CutPrefix(path, "messages."); ok {
			if m := english.msgs[key]; m != nil {
				shown = fmt.Sprintf(" (%q)", m.forms[plural.Other].String())
			}
		}
		diags.Warnf(where, path, "language", "missing in %s, so the site writes it in English%s; add it to templates/languages/%s.yaml", site, shown, site)
	}
	return diags
}

// checkFile reports messages dll does not have, values a message does
// not fill in, and plural forms the language does not use or lacks.
func checkFile(f *file, diags *diag.List) {
	english := builtin(Default)
	keys := Keys()
	forms := formsOf(f.tag)
	for key, m := range f.msgs {
		path := "messages." + key
		at := f.pos[path]
		want := english.msgs[key]
		if want == nil {
			if s := portfolio.Suggest(key, keys); s != "" {
				diags.Warnf(at, path, "unknown-key", "dll has no message of this name, so it is not used; did you mean %q?", s)
			} else {
				diags.Warnf(at, path, "unknown-key", "dll has no message of this name, so it is not used; the names are those of dll's English words (the README says where)")
			}
			continue
		}
		var names []string
		for _, form := range formOrder {
			if t, ok := want.forms[formNames[form]]; ok {
				for _, a := range t.args() {
					if !slices.Contains(names, a) {
						names = append(names, a)
					}
				}
			}
		}
		for _, form := range formOrder {
			t, ok := m.forms[formNames[form]]
			if !ok {
				continue
			}
			for _, a := range t.args() {
				if slices.Contains(names, a) {
					continue
				}
				hint := "this message has no values to fill in"
				if len(names) > 0 {
					hint = "this message can use " + braces(names)
				}
				if s := portfolio.Suggest(a, names); s != "" {
					hint = fmt.Sprintf("did you mean {%s}?", s)
				}
				diags.Errorf(at, path, "language", "{%s} is not filled in here, so the page would show it as it is; %s", a, hint)
			}
		}
		if !slices.Contains(names, "count") {
			continue
		}
		if len(m.forms) == 1 && len(forms) > 1 {
			diags.Warnf(at, path, "language", "this message counts something, and %s writes it in the forms %s; give each form (%s: ...), or the same words are used for every number", f.tag, strings.Join(forms, ", "), forms[0])
			continue
		}
		for _, form := range formOrder {
			_, has := m.forms[formNames[form]]
			switch uses := slices.Contains(forms, form); {
			case has && !uses && len(m.forms) > 1:
				diags.Warnf(f.pos[path+"."+form], path+"."+form, "language", "%s has no plural form %s, so it is never used; its forms are %s", f.tag, form, strings.Join(forms, ", "))
			case !has && uses && len(m.forms) > 1:
				diags.Warnf(at, path, "language", "the plural form %s is missing, which %s uses for %s; the form other is used instead", form, f.tag, examples(f.tag, formNames[form]))
			}
		}
	}
}

// formsOf lists the plural forms a language uses for whole numbers, in
// the usual order; "other" for a language x/text does not know.
func formsOf(tag string) []string {
	t := language.Make(tag)
	used := map[plural.Form]bool{plural.Other: true}
	for n := range 1001 {
		used[plural.Cardinal.MatchPlural(t, n, 0, 0, 0, 0)] = true
	}
	used[plural.Cardinal.MatchPlural(t, 1000000, 0, 0, 0, 0)] = true
	var out []string
	for _, f := range formOrder {
		if used[formNames[f]] {
			out = append(out, f)
		}
	}
	return out
}

// examples are a few numbers of a plural form: "3, 4, 5, ...".
func examples(tag string, form plural.Form) string {
	t := language.Make(tag)
	var ns []string
	for n := range 1001 {
		if plural.Cardinal.MatchPlural(t, n, 0, 0, 0, 0) == form {
			ns = append(ns, fmt.Sprint(n))
			if len(ns) == 3 {
				ns = append(ns, "...")
				break
			}
		}
	}
	return strings.Join(ns, ", ")
}

// String is the text as a catalogue writes it.
func (t text) String() string {
	var b strings.Builder
	for _, p := range t {
		if p.arg != "" {
			b.WriteString("{" + p.arg + "}")
		} else {
			b.WriteString(p.lit)
		}
	}
	return b.String()
}
