package portfolio

import (
	"path"
	"strings"
)

// LinkedEntry returns the entry that a link in a text points to, or nil.
// target is the link's path (ClassifyLink's, without a fragment), and from
// the entry whose story holds it (nil for a page of the portfolio's own,
// such as philosophy.md, whose links start at the top of the portfolio).
//
// A link may name an entry as the author sees it on disk (its file, such
// as ../cardboard-arcade.md, or its folder) or as a reader sees it on the
// site (its page, such as ../cardboard-arcade/ or
// ../cardboard-arcade/index.html, read from the page of the entry that
// links). Both work for every kind of entry.
func (p *Portfolio) LinkedEntry(from *Entry, target string) *Entry {
	p.indexSources()
	dir := "."
	if from != nil {
		dir = from.Src.Dir
	}
	tries := []string{path.Join(dir, target)}
	if from != nil {
		// Read from the entry's page, experiences/<slug>/index.html.
		tries = append(tries, path.Join(ExperiencesDir, from.Src.Slug, target))
	}
	for _, t := range tries {
		if e := p.entryNamed(t); e != nil {
			return e
		}
	}
	return nil
}

// entryNamed returns the entry whose file, folder or page is at the
// portfolio path t.
func (p *Portfolio) entryNamed(t string) *Entry {
	t = strings.TrimSuffix(t, "/index.html")
	if e := p.source(t); e != nil {
		return e
	}
	if e := p.source(path.Join(t, IndexFile)); e != nil {
		return e
	}
	if path.Dir(t) == ExperiencesDir {
		return p.slug(path.Base(t))
	}
	return nil
}

// LooksLikeEntryLink reports whether a link's target, which names no file,
// was meant for an entry: it is in experiences/ or next to an entry's page,
// and names a page or an entry's file rather than another file.
func LooksLikeEntryLink(target string) bool {
	t := strings.TrimSuffix(strings.TrimSuffix(target, "/index.html"), "/")
	switch strings.ToLower(path.Ext(t)) {
	case "", ".md", ".yaml", ".yml", ".html":
		return t != "" && t != "."
	}
	return false
}

// EntryOfFile returns the entry whose file d is, or in whose folder it is,
// or nil.
func (p *Portfolio) EntryOfFile(d string) *Entry {
	p.indexSources()
	if e := p.source(d); e != nil {
		return e
	}
	for dir := path.Dir(d); dir != "." && dir != "/"; dir = path.Dir(dir) {
		if e := p.folder(dir); e != nil {
			return e
		}
	}
	return nil
}
