package validate

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"golang.org/x/text/unicode/norm"

	"dll/internal/diag"
	"dll/internal/portfolio"
)

// Names of files and pages. dll build publishes an entry's files under the
// names they have, names pages after entries' files and tags, and git
// carries every file of the portfolio: a name that a disk, a web address or
// Windows cannot hold makes the build fail, the site break, or the
// repository impossible to check out. These rules report each such name
// first, at its file or field.

// fileNames checks the name of every file and folder of the portfolio that
// git would carry: everything but .git and node_modules, the private/ and
// public/ folders that dll init keeps out of git, and the folders dll
// build made. Hidden files count: git carries them too. A bad name under experiences/ or templates/, or
// of the leader's photo, is an error, as dll reads and publishes those;
// elsewhere it is a warning.
func (c *checker) fileNames(d *diag.List) {
	photo := ""
	if s := c.p.Settings.Leader.Photo; s != "" {
		photo = path.Clean(s)
	}
	var tops []string
	c.walkNames(".", d, func(name string, dir bool) bool {
		switch {
		case name == "private" || name == "public":
			return false
		case dir && name == portfolio.ExperiencesDir:
			tops = append(tops, name)
			return false // below, in parallel
		}
		return true
	}, func(p string) diag.Severity {
		if p == photo || p == "templates" || strings.HasPrefix(p, "templates/") {
			return diag.Error
		}
		return diag.Warning
	})
	if len(tops) == 0 {
		return
	}
	// experiences/ holds an entry or two per item: each item is walked as
	// one job, on every core.
	items, err := fs.ReadDir(c.p.FS, portfolio.ExperiencesDir)
	if err != nil {
		return // reported by the loader
	}
	lists := make([]diag.List, len(items))
	seen := map[string]string{}
	for i, it := range items {
		sameName(seen, path.Join(portfolio.ExperiencesDir, it.Name()), diag.Error, &lists[i])
	}
	portfolio.Parallel(len(items), func(i int) {
		it := items[i]
		if skipName(it.Name()) {
			return
		}
		p := path.Join(portfolio.ExperiencesDir, it.Name())
		c.nameAt(p, it.IsDir(), diag.Error, &lists[i])
		if it.IsDir() {
			c.walkNames(p, &lists[i], nil, func(string) diag.Severity { return diag.Error })
		}
	})
	for _, l := range lists {
		*d = append(*d, l...)
	}
}

// skipName reports whether a file or folder is not the author's to name:
// git's own folder, and the packages of node_modules. Hidden files and
// editors' leftovers are not content, but git carries them all the same.
func skipName(name string) bool {
	return name == ".git" || name == "node_modules"
}

// walkNames checks the names of everything in the folder dir and below it,
// but folders dll made, and those keep refuses. sev gives the severity of a
// problem with the name at a path.
func (c *checker) walkNames(dir string, d *diag.List, keep func(name string, dir bool) bool, sev func(p string) diag.Severity) {
	items, err := fs.ReadDir(c.p.FS, dir)
	if err != nil {
		if dir != "." && !errors.Is(err, fs.ErrNotExist) {
			d.Add(diag.Pos{File: dir, Line: 1, Col: 1}, "", sev(dir), "file", "the folder cannot be read (%v); dll build could not publish what it holds: check its permissions", errors.Unwrap(err))
		}
		return
	}
	for _, it := range items {
		if it.Name() == portfolio.SiteMarker && dir != "." {
			return // a site dll built, or is building: none of it is the author's
		}
	}
	seen := map[string]string{}
	for _, it := range items {
		name := it.Name()
		if skipName(name) || keep != nil && !keep(name, it.IsDir()) {
			continue
		}
		p := path.Join(dir, name)
		c.nameAt(p, it.IsDir(), sev(p), d)
		sameName(seen, p, sev(p), d)
		if it.IsDir() {
			c.walkNames(p, d, nil, sev)
		}
	}
}

// sameName reports p when a name seen before in its folder differs from
// its last name only in capitals or in how accents are stored: the disks
// of Windows and macOS do not tell them apart, and a checkout there keeps
// only one of the two.
func sameName(seen map[string]string, p string, sev diag.Severity, d *diag.List) {
	name := path.Base(p)
	fold := strings.ToLower(norm.NFC.String(name))
	if other, ok := seen[fold]; ok {
		how := "only in capitals"
		switch {
		case norm.NFC.String(name) == norm.NFC.String(other):
			how = "only in how its accents are stored (a letter with an accent, or a letter and a separate accent)"
		case strings.ToLower(name) != strings.ToLower(other):
			how = "only in capitals and in how its accents are stored"
		}
		d.Add(diag.Pos{File: p, Line: 1, Col: 1}, "", sev, "file-name", "%s differs from %s %s, and Windows and macOS would keep only one of them; rename one", portfolio.Quote(name), portfolio.Quote(other), how)
		return
	}
	seen[fold] = name
}

// nameAt reports a problem with the last name of p.
func (c *checker) nameAt(p string, dir bool, sev diag.Severity, d *diag.List) {
	kind := "file"
	if dir {
		kind = "folder"
	}
	if msg := portfolio.NameProblem(path.Base(p), kind); msg != "" {
		if sev == diag.Warning {
			msg += " (or keep it out of git with .gitignore)"
		}
		d.Add(diag.Pos{File: p, Line: 1, Col: 1}, "", sev, "file-name", "%s", msg)
	}
}

// slugNames checks the addresses of entries' pages, which are made from
// their file or folder names: not longer than a disk allows in a name, and
// not a name Windows keeps for a device.
func (c *checker) slugNames(d *diag.List) {
	for _, e := range c.p.Entries {
		at := diag.Pos{File: e.Src.File, Line: 1, Col: 1}
		name, kind := path.Base(e.Src.File), "file"
		if e.Src.Form == portfolio.FolderForm {
			name, kind = path.Base(e.Src.Dir), "folder"
		}
		if portfolio.NameProblem(name, kind) != "" {
			continue // reported as the name of the file or folder
		}
		slug := e.Src.Slug
		switch {
		case len(slug) > portfolio.MaxSlug:
			d.Errorf(at, "", "slug", "the entry's page is named after its %s, and this name makes an address of %d characters; rename the %s to something shorter (at most %d letters and digits)", kind, len(slug), kind, portfolio.MaxSlug)
		case portfolio.WindowsReserved(slug) != "":
			d.Errorf(at, "", "slug", "the entry's page would be published as the folder %s, a name Windows keeps for a device, so the site could not be checked out on Windows; rename the %s", portfolio.Quote(slug), kind)
		}
	}
}

// tagNames checks that each tag of the entry makes a page name a disk and
// Windows can hold.
func (x *entryCtx) tagNames() {
	for i, t := range x.e.Tags {
		slug := portfolio.Slugify(t)
		p := fmt.Sprintf("tags[%d]", i)
		switch {
		case len(slug) > portfolio.MaxSlug:
			x.errorf(p, "tag", "the tag is too long to name its page (its address would be %d characters); keep tags to a word or two", len(slug))
		case portfolio.WindowsReserved(slug) != "":
			x.errorf(p, "tag", "the tag's page would be published as the folder tags/%s/, a name Windows keeps for a device, so the site could not be checked out on Windows; choose another word", slug)
		}
	}
}
