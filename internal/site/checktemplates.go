package site

import (
	"errors"
	"html/template"
	"io/fs"
	"regexp"
	"strconv"

	"dll/internal/diag"
	"dll/internal/lang"
	dlltemplates "dll/templates"
)

var templateErrRE = regexp.MustCompile(`^template: [^:]*:(\d+):(?:(\d+):)? ?(.*)$`)

// CheckTemplates reports every template of the portfolio's templates/
// folder that dll build could not read, at its file and line, so that
// dll validate says so before a build fails on it.
func CheckTemplates(fsys fs.FS) diag.List {
	var d diag.List
	report := func(file string, err error) {
		at := diag.Pos{File: file, Line: 1, Col: 1}
		msg := err.Error()
		var pe *fs.PathError
		switch m := templateErrRE.FindStringSubmatch(msg); {
		case errors.As(err, &pe):
			msg = "cannot be read (" + pe.Err.Error() + "); check its permissions, or delete it to use dll's own"
		case m != nil:
			at.Line, _ = strconv.Atoi(m[1])
			if m[2] != "" {
				at.Col, _ = strconv.Atoi(m[2])
			}
			msg = m[3] + "; fix the template, or delete it to use dll's own"
		}
		d.Errorf(at, "template", "template", "%s", msg)
	}
	parse := func(set *template.Template, name string) (*template.Template, bool) {
		over := overrideDir + "/" + name
		src, err := fs.ReadFile(fsys, over)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, false
		case err != nil:
			report(over, err)
			return nil, true
		}
		// The layout is the set's own template: a new template of the
		// same name would take its place, and html/template empties the
		// one it replaces, functions and all.
		into := set
		if name != set.Name() {
			into = set.New(name)
		}
		if _, err := into.Parse(string(src)); err != nil {
			report(over, err)
			return nil, true
		}
		return set, true
	}
	words := langFuncs(lang.ForLanguage(lang.Default))
	base, _ := parse(template.New(baseFile).Funcs(funcs).Funcs(words), baseFile)
	if base != nil && addMissing(base, lang.ForLanguage(lang.Default)) != nil {
		base = nil
	}
	if base == nil {
		// The pages are checked against dll's own layout.
		src, _ := fs.ReadFile(dlltemplates.FS, themeDir+"/"+baseFile)
		base = template.Must(template.New(baseFile).Funcs(funcs).Funcs(words).Parse(string(src)))
	}
	for _, name := range pageFiles {
		set, err := base.Clone()
		if err == nil {
			parse(set, name)
		}
	}
	return d
}
