package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"dll/internal/diag"
	"dll/internal/portfolio"
)

// selection is what dll validate was asked to check when given entries
// rather than a portfolio: paths inside the portfolio, each a file or a
// folder, as the author gave them.
type selection struct {
	paths []selected
}

type selected struct {
	arg string // as given
	rel string // slash path inside the portfolio
	dir bool
}

// findChecked finds what dll validate checks: with no path or the
// portfolio's folder, the whole portfolio (sel is nil); with entries and
// files inside one portfolio, the portfolio they are in and the selection.
func findChecked(env Env, args []string) (root string, sel *selection, err error) {
	if len(args) == 0 {
		root, err := findPortfolio(env, "")
		return root, nil, err
	}
	wd, err := env.Getwd()
	if err != nil {
		return "", nil, fmt.Errorf("cannot tell the current folder: %w", err)
	}
	sel = &selection{}
	for _, arg := range args {
		abs, info, err := argPath(wd, arg)
		if err != nil {
			return "", nil, err
		}
		if info.IsDir() && isPortfolio(abs) {
			if len(args) > 1 {
				return "", nil, usageErrorf("%s is a portfolio folder; give either one portfolio folder, or entries inside one portfolio, not both", arg)
			}
			return abs, nil, nil
		}
		r := enclosingPortfolio(abs)
		switch {
		case r == "" && info.IsDir():
			return "", nil, usageErrorf("%s has no dll.yaml and is not inside a portfolio folder; give your portfolio's folder or an entry in it, or run 'dll init %s' to start a portfolio there", arg, arg)
		case r == "":
			return "", nil, usageErrorf("%s is not inside a portfolio: there is no dll.yaml in its folder or any folder above it; give an entry of your portfolio, such as experiences/book-tasting.md", arg)
		case root != "" && r != root:
			return "", nil, usageErrorf("%s and %s are in two different portfolios (%s and %s); check one portfolio at a time", sel.paths[0].arg, arg, folderShown(wd, root), folderShown(wd, r))
		}
		root = r
		rel, err := filepath.Rel(root, abs)
		if err != nil {
			return "", nil, usageErrorf("%s is not inside the portfolio %s", arg, root)
		}
		rel = filepath.ToSlash(rel)
		if !checkable(rel) {
			return "", nil, usageErrorf("%s is not something dll validate checks; give an entry's file or folder in %s/ (or %s, %s or %s), or leave the paths out to check the whole portfolio",
				arg, portfolio.ExperiencesDir, portfolio.SettingsFile, portfolio.PhilosophyFile, portfolio.ModelFile)
		}
		sel.paths = append(sel.paths, selected{arg: arg, rel: rel, dir: info.IsDir()})
	}
	return root, sel, nil
}

// isPortfolio reports whether dir holds a dll.yaml.
func isPortfolio(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, portfolio.SettingsFile))
	return err == nil
}

// enclosingPortfolio returns the nearest folder from the one that holds abs
// upward that holds a dll.yaml, or "".
func enclosingPortfolio(abs string) string {
	for d := filepath.Dir(abs); ; d = filepath.Dir(d) {
		if isPortfolio(d) {
			return d
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// checkable reports whether rel, a path in the portfolio, is something dll
// validate reads: an entry or anything in experiences/, a template, or one
// of the portfolio's own files.
func checkable(rel string) bool {
	switch rel {
	case portfolio.SettingsFile, portfolio.ModelFile, portfolio.PhilosophyFile, portfolio.ExperiencesDir, "templates":
		return true
	}
	return strings.HasPrefix(rel, portfolio.ExperiencesDir+"/") || strings.HasPrefix(rel, "templates/")
}

// entries returns the entries a path selects: the entry it is the file
// of, or a file of (its folder's, or listed as its evidence); for a
// folder, every entry in it, or the folder entry it is part of.
func (s selected) entries(p *portfolio.Portfolio) []*portfolio.Entry {
	var out []*portfolio.Entry
	add := func(e *portfolio.Entry) {
		if !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	if !s.dir {
		for _, e := range p.EntriesOf(s.rel) {
			add(e)
		}
		return out
	}
	for _, e := range p.Entries {
		in := strings.HasPrefix(e.Src.File, s.rel+"/")
		part := e.Src.Form == portfolio.FolderForm && (s.rel == e.Src.Dir || strings.HasPrefix(s.rel, e.Src.Dir+"/"))
		if in || part {
			add(e)
		}
	}
	return out
}

// covers reports whether the path is file or holds it.
func (s selected) covers(file string) bool {
	return file == s.rel || s.dir && strings.HasPrefix(file, s.rel+"/")
}

// split parts the portfolio's problems into those of the selection (the
// problems of its entries, their files included, and of the files given)
// and the rest. A path that selects no entry and has no problem is not
// one dll validate can speak for.
func (sel *selection) split(p *portfolio.Portfolio, diags diag.List) (in, rest diag.List, err error) {
	var chosen []*portfolio.Entry
	found := make([]bool, len(sel.paths))
	for i, s := range sel.paths {
		for _, e := range s.entries(p) {
			found[i] = true
			if !slices.Contains(chosen, e) {
				chosen = append(chosen, e)
			}
		}
	}
	for _, d := range diags {
		mine := false
		for i, s := range sel.paths {
			if s.covers(d.File) {
				mine, found[i] = true, true
			}
		}
		if !mine {
			for _, e := range p.EntriesOf(d.File) {
				mine = mine || slices.Contains(chosen, e)
			}
		}
		if mine {
			in = append(in, d)
		} else {
			rest = append(rest, d)
		}
	}
	for i, s := range sel.paths {
		top := s.rel == portfolio.SettingsFile || s.rel == portfolio.ModelFile || s.rel == portfolio.PhilosophyFile
		if !found[i] && !top {
			what := "file"
			if s.dir {
				what = "folder"
			}
			return nil, nil, usageErrorf("%s is not an entry, nor a %s of one; give an entry's file or folder, such as %s/book-tasting.md, or leave the paths out to check the whole portfolio", s.arg, what, portfolio.ExperiencesDir)
		}
	}
	return in, rest, nil
}

// summarize says in one line what was checked, what was found in it, and
// how many problems the rest of the portfolio has.
func (sel *selection) summarize(env Env, root string, p *portfolio.Portfolio, errs, warns, todos int, strict bool, rest diag.List) string {
	wd, _ := env.Getwd()
	var names []string
	var entries []*portfolio.Entry
	for _, s := range sel.paths {
		es := s.entries(p)
		if len(es) == 0 {
			names = append(names, displayPath(wd, root, s.rel))
		}
		for _, e := range es {
			if !slices.Contains(entries, e) {
				entries = append(entries, e)
				names = append(names, displayPath(wd, root, e.Src.File))
			}
		}
	}
	names = slices.Compact(names)
	var b strings.Builder
	switch {
	case len(names) == 1:
		fmt.Fprintf(&b, "Checked %s", names[0])
		if len(entries) == 1 {
			switch e := entries[0]; {
			case !e.Src.Parsed:
			case p.Visibility(e) == "private":
				b.WriteString(" (private, never published)")
			case e.Draft:
				b.WriteString(" (a draft, not published)")
			case e.Status == "planned":
				b.WriteString(" (planned, not published)")
			}
		}
	case len(names) <= 3:
		fmt.Fprintf(&b, "Checked %s and %s", strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
	case len(entries) == len(names):
		fmt.Fprintf(&b, "Checked %s", diag.Plural(len(entries), "entry"))
	default:
		fmt.Fprintf(&b, "Checked %s and %s", diag.Plural(len(entries), "entry"), diag.Plural(len(names)-len(entries), "other file"))
	}
	b.WriteString(": " + problemCounts(errs, warns, todos, strict))
	re, rw := rest.Count()
	them := "them"
	if re+rw == 1 {
		them = "it"
	}
	switch {
	case re == 0 && rw == 0:
		b.WriteString(" The rest of the portfolio has no problems.")
	case re == 0:
		fmt.Fprintf(&b, " The rest of the portfolio has %s; 'dll validate' lists %s.", diag.Plural(rw, "warning"), them)
	case rw == 0 && re == 1:
		b.WriteString(" The rest of the portfolio has 1 error, which stops the site from building; 'dll validate' lists it.")
	default:
		fmt.Fprintf(&b, " The rest of the portfolio has %s", diag.Plural(re, "error"))
		if rw > 0 {
			fmt.Fprintf(&b, " and %s", diag.Plural(rw, "warning"))
		}
		fmt.Fprintf(&b, "; %s the site from building, and 'dll validate' lists %s.", map[bool]string{true: "its error stops", false: "its errors stop"}[re == 1], them)
	}
	return b.String()
}

// noSuchPath says that arg, at abs, names nothing, with the name in its
// folder that may have been meant: "experiences/wright-brothers-lif" is
// one letter from an entry.
// argPath is the path arg, given on the command line, made absolute from
// the folder wd, with what the disk says of it; when nothing is there, the
// error says so, with the names nearby (see noSuchPath).
func argPath(wd, arg string) (string, os.FileInfo, error) {
	abs := arg
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(wd, arg)
	}
	abs = filepath.Clean(abs)
	info, err := os.Stat(abs)
	if err != nil {
		return "", nil, noSuchPath(arg, abs)
	}
	return abs, info, nil
}

func noSuchPath(arg, abs string) error {
	var names []string
	files, _ := os.ReadDir(filepath.Dir(abs))
	for _, f := range files {
		if !portfolio.IsJunk(f.Name()) && !strings.HasPrefix(f.Name(), ".") {
			names = append(names, f.Name())
		}
	}
	trimmed := strings.TrimRight(arg, `/\`)
	if s := portfolio.Suggest(filepath.Base(abs), names); s != "" && filepath.Base(trimmed) != "." && filepath.Base(trimmed) != ".." {
		return usageErrorf("there is no file or folder %s; did you mean %s?", arg, filepath.Join(filepath.Dir(trimmed), s))
	}
	return usageErrorf("there is no file or folder %s", arg)
}
