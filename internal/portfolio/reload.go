package portfolio

import (
	"io/fs"
	"path"
	"strings"

	"dll/internal/diag"
)

// Reload returns a portfolio like p in which the entries that own the
// changed files (slash paths inside the portfolio) are read again; every
// other entry is shared with p, pointer for pointer, so that work done for
// them can be kept. It also returns the entries read again and their
// problems.
//
// ok is false when the change is one Reload does not take: the settings,
// the model, the philosophy statement or the roster changed, an entry was
// added or removed, or a file changed that belongs to no entry. The caller
// then loads the portfolio again.
func (p *Portfolio) Reload(changed []string) (next *Portfolio, reread []*Entry, diags diag.List, ok bool) {
	byEntry := map[*Entry]bool{}
	for _, name := range changed {
		e := p.ownerOfChange(name)
		if e == nil {
			return nil, nil, nil, false
		}
		byEntry[e] = true
	}
	next = &Portfolio{FS: p.FS, Settings: p.Settings, Model: p.Model, Philosophy: p.Philosophy, Roster: p.Roster, Today: p.Today,
		Entries: make([]*Entry, len(p.Entries))}
	for i, e := range p.Entries {
		next.Entries[i] = e
		if !byEntry[e] {
			continue
		}
		if _, err := fs.Stat(p.FS, e.Src.File); err != nil {
			return nil, nil, nil, false // gone, or a folder that lost its index.md
		}
		fresh := entryJob{file: e.Src.File, dir: e.Src.Dir, slugName: slugName(e.Src), form: e.Src.Form}.shell()
		if !loadEntry(p.FS, p.Model, fresh, &diags, true) {
			return nil, nil, nil, false
		}
		next.Entries[i] = fresh
		reread = append(reread, fresh)
	}
	return next, reread, diags, true
}

// WithEntries returns a portfolio like p with other entries, for a
// preview that shows the last good version of an entry being written, or
// leaves it out.
func (p *Portfolio) WithEntries(entries []*Entry) *Portfolio {
	return &Portfolio{FS: p.FS, Settings: p.Settings, Model: p.Model, Philosophy: p.Philosophy, Roster: p.Roster, Today: p.Today, Entries: entries}
}

// ownerOfChange returns the entry whose source or folder holds the file
// name, or nil when the file belongs to no entry (or to more than the
// entries: a shared evidence file beside single-file entries).
func (p *Portfolio) ownerOfChange(name string) *Entry {
	if !strings.HasPrefix(name, ExperiencesDir+"/") || name == p.Settings.Privacy.Roster {
		return nil
	}
	return p.OwnerOf(nil, name)
}

// Owns reports whether a file of the portfolio is the entry's source or
// in its folder: the files whose problems and changes are the entry's.
func (e *Entry) Owns(file string) bool {
	return file == e.Src.File || e.Src.Form == FolderForm && strings.HasPrefix(file, e.Src.Dir+"/")
}

// slugName is the name an entry's slug was made from: its folder, or its
// file without the extension.
func slugName(s Source) string {
	if s.Form == FolderForm {
		return path.Base(s.Dir)
	}
	base := path.Base(s.File)
	return strings.TrimSuffix(base, path.Ext(base))
}
