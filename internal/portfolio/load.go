// Package portfolio is the portfolio model: the Go types of dll.yaml and of an
// entry, the vocabularies they draw on, and the loader that reads a portfolio
// folder into them, keeping the file, line and column of every value.
package portfolio

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"path"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unicode/utf8"
	"unsafe"

	"go.yaml.in/yaml/v3"

	"dll/internal/diag"
	"dll/internal/progress"
)

// Names of the files and folders of a portfolio.
const (
	SettingsFile   = "dll.yaml"
	ModelFile      = "model.yaml"
	PhilosophyFile = "philosophy.md"
	ExperiencesDir = "experiences"
	IndexFile      = "index.md"
)

// Form is how an entry is written.
type Form uint8

const (
	FolderForm   Form = iota // experiences/<slug>/index.md with evidence beside it
	MarkdownForm             // experiences/<slug>.md
	YAMLForm                 // experiences/<slug>.yaml, the story under body
)

// Source says where an entry came from.
//
// Its fields are laid out, and its numbers as narrow as they can be, so
// that an Entry takes no more than 760 bytes, which with the 8 Go adds
// before it is a size Go allocates, 768, rather than 896: the index of a
// large portfolio holds an Entry for every entry.
type Source struct {
	File string    // the file, relative to the portfolio folder
	Dir  string    // the folder evidence paths are relative to
	Slug string    // the name of the entry's page
	Pos  Positions // where each value stands; none once slim (see Portfolio.At)

	idx *entryIndex // nil until it is read

	BodyLine int32 // the line of the file where the body starts
	// BodyIndent is how many columns the story is indented by in the file:
	// the indentation of a whole-YAML entry's body: | block, else 0.
	BodyIndent int32
	Form       Form
	// BodyFolded is set when a whole-YAML entry's story is written with
	// body: >, which joins its lines; it is reported, and not checked as
	// Markdown because its lines no longer match the file's.
	BodyFolded bool
	// BodyReflowed is set when a whole-YAML entry's story does not stand
	// line for line in the file (in quotes or plain over several lines, or
	// with escapes such as \n): BodyLine and BodyIndent are then where the
	// value starts, and problems in it are reported there.
	BodyReflowed bool
	// BodyUnreadable is set when the story is not text (a NUL byte, or
	// letters not in UTF-8): the loader reports it, and the story is
	// neither checked nor shown.
	BodyUnreadable bool
	// Parsed is false when the entry could not be read at all; its fields are
	// then empty and only the problems that stopped it are reported.
	Parsed bool
	// Unpublished is set on an entry that could not be read but says, on a
	// line of its own, that it is not for publishing yet: status: planned,
	// draft: true or visibility: private. Its problems then wait until it
	// is published, like those of the entries that can be read.
	Unpublished bool
}

// entryIndex is what dll knows of the file an entry was read from and,
// once it is slim (see Entry.Slim), what it keeps of what it let go.
type entryIndex struct {
	sum      uint64    // a hash of the file as it was read, to tell a later change
	slim     bool      // see Entry.Slim
	phases   uint8     // the phases it has contributions in, one bit each in the order of Contributions.ByPhase
	evidence int       // how many evidence items it lists
	aligned  []aligned // its alignments
	// outcomes and baseline are a slim entry's outcomes, which
	// Entry.Outcomes points to.
	outcomes Outcomes
	baseline int
}

// sum returns the hash of the file the entry was read from; 0 before it
// is read.
func (s *Source) sum() uint64 {
	if s.idx == nil {
		return 0
	}
	return s.idx.sum
}

// Page is a Markdown page of the portfolio, such as the philosophy statement.
type Page struct {
	File     string
	Body     string
	BodyLine int
}

// Portfolio is a loaded portfolio folder.
type Portfolio struct {
	FS         fs.FS
	Settings   Settings
	Model      *Model
	Philosophy *Page
	Entries    []*Entry // in file order
	// Roster holds the names that must never be published: the roster
	// file's lines and the blocked names. It is never printed.
	Roster []RosterName
	// Today is the day the command runs, from the clock it was given (the
	// loader never reads one); rules that compare dates with today, such
	// as a completed entry's end, are left out while it is zero.
	Today time.Time

	ownersOnce sync.Once
	// The entries found by file, folder and slug, each list sorted by
	// what it is searched by: a sorted list of pointers takes a fraction
	// of a table's memory, and an index of many thousands of entries
	// keeps them while the pages are made.
	byFile   []*Entry // every entry
	byFolder []*Entry // folder entries
	bySlug   []*Entry // every entry, the first of two alike first

	evidenceOnce sync.Once
	listedBy     map[string][]*Entry // entries written as one file, by the files they list

	// names keeps the names in the large folders that Resolve looks in
	// (see folderNames).
	names folderNames
}

// OwnerOf returns the entry that a file of the portfolio belongs to when it
// must not be used as e's evidence or linked file: any entry's source file
// (e's own too: it may hold notes in comments), or a file in the folder of
// another folder entry, which may be a draft or private. It returns nil
// for a file e may publish. e may be the entry of p, or the same entry
// read again (Portfolio.ReadEntry).
func (p *Portfolio) OwnerOf(e *Entry, file string) *Entry {
	p.indexSources()
	if x := p.source(file); x != nil {
		return x
	}
	if x := p.folderOf(file); x != nil && (e == nil || x.Src.File != e.Src.File) {
		return x
	}
	return nil
}

// EntriesOf returns the entries a file of the portfolio belongs to, whose
// history it is part of: the entry that owns it (Entry.Owns: its source,
// or a file in its folder), and every entry written as one file that lists
// it as evidence or captions, since such an entry's files lie beside it.
func (p *Portfolio) EntriesOf(file string) []*Entry {
	p.indexSources()
	p.evidenceOnce.Do(p.indexEvidence)
	var out []*Entry
	add := func(x *Entry) {
		if x != nil && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	add(p.source(file))
	add(p.folderOf(file))
	for _, x := range p.listedBy[file] {
		add(x)
	}
	return out
}

// folderOf returns the folder entry whose folder holds file, or nil.
func (p *Portfolio) folderOf(file string) *Entry {
	for d := path.Dir(file); d != "." && d != "/"; d = path.Dir(d) {
		if x := p.folder(d); x != nil {
			return x
		}
	}
	return nil
}

// indexSources makes the index of every entry by its file and by its
// slug, and of folder entries by their folder, once.
func (p *Portfolio) indexSources() {
	p.ownersOnce.Do(func() {
		p.byFile = slices.SortedFunc(slices.Values(p.Entries), func(a, b *Entry) int { return strings.Compare(a.Src.File, b.Src.File) })
		for _, x := range p.Entries {
			if x.Src.Form == FolderForm {
				p.byFolder = append(p.byFolder, x)
			}
		}
		slices.SortFunc(p.byFolder, func(a, b *Entry) int { return strings.Compare(a.Src.Dir, b.Src.Dir) })
		// Stable: of two entries with one slug, the first in
		// p.Entries is found.
		p.bySlug = slices.SortedStableFunc(slices.Values(p.Entries), func(a, b *Entry) int { return strings.Compare(a.Src.Slug, b.Src.Slug) })
	})
}

// find returns the first entry of list, sorted by key, whose key is k,
// or nil. k may be a string or bytes: a path put together is looked up
// without a copy.
func find[K string | []byte](list []*Entry, key func(*Entry) string, k K) *Entry {
	lo, hi := 0, len(list)
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if key(list[h]) < string(k) {
			lo = h + 1
		} else {
			hi = h
		}
	}
	if lo < len(list) && key(list[lo]) == string(k) {
		return list[lo]
	}
	return nil
}

func entryFile(e *Entry) string { return e.Src.File }
func entryDir(e *Entry) string  { return e.Src.Dir }
func entrySlug(e *Entry) string { return e.Src.Slug }

// source returns the entry whose file is file, or nil.
func (p *Portfolio) source(file string) *Entry { return find(p.byFile, entryFile, file) }

// folder returns the folder entry whose folder is dir, or nil.
func (p *Portfolio) folder(dir string) *Entry { return find(p.byFolder, entryDir, dir) }

// slug returns the first entry whose slug is slug, or nil.
func (p *Portfolio) slug(slug string) *Entry { return find(p.bySlug, entrySlug, slug) }

// indexEvidence indexes the entries written as one file by the files their
// evidence names (file and captions) that exist.
func (p *Portfolio) indexEvidence() {
	p.listedBy = map[string][]*Entry{}
	for _, x := range p.Entries {
		if !x.Src.Parsed || x.Src.Form == FolderForm {
			continue
		}
		for _, ev := range x.Evidence {
			for _, ref := range []string{ev.File, ev.CaptionsFile()} {
				if ref == "" {
					continue
				}
				full, info, err := p.Resolve(x.Src.Dir, ref)
				if err == nil && info.Mode().IsRegular() && !slices.Contains(p.listedBy[full], x) {
					p.listedBy[full] = append(p.listedBy[full], x)
				}
			}
		}
	}
}

// RosterName is one private name and where it was listed.
type RosterName struct {
	Name string
	Pos  diag.Pos
}

// Load reads the portfolio in fsys. It reports every problem it meets and
// goes on; entries that cannot be read are kept with Parsed false.
func Load(fsys fs.FS) (*Portfolio, diag.List) {
	p, diags, _ := LoadContext(context.Background(), fsys)
	return p, diags
}

// LoadContext is Load that stops reading entries when ctx is done (the
// author pressed Ctrl-C) and then returns ctx's error with a portfolio
// that is only partly read.
func LoadContext(ctx context.Context, fsys fs.FS) (*Portfolio, diag.List, error) {
	p, diags, err := Open(ctx, fsys)
	if err != nil {
		return p, diags, err
	}
	diags = append(diags, p.LoadEntries(ctx, "Reading entries", nil)...)
	return p, diags, ctx.Err()
}

// Open reads the portfolio in fsys but for its entries: the settings, the
// model, the philosophy statement and the roster, and which entries there
// are. Its Entries know only where they come from (Source: file, folder,
// slug and form) until LoadEntries reads them. It reports every problem it
// meets and goes on.
func Open(ctx context.Context, fsys fs.FS) (*Portfolio, diag.List, error) {
	var diags diag.List
	p := &Portfolio{FS: fsys, Model: Builtin()}

	if src, ok := readFile(fsys, ModelFile, &diags, false); ok && CheckText(ModelFile, src, 1, &diags) && CheckConflicts(ModelFile, src, &diags) {
		p.Model.extend(ModelFile, src, &diags)
	}

	p.Settings.Pos = NewPositions(SettingsFile)
	if src, ok := readFile(fsys, SettingsFile, &diags, true); ok && CheckText(SettingsFile, src, 1, &diags) && CheckConflicts(SettingsFile, src, &diags) {
		if root, fast, ok := parseYAMLFast(SettingsFile, src, 0, &diags); ok {
			d := &decoder{file: SettingsFile, src: src, fast: fast, model: p.Model, diags: &diags, pos: &p.Settings.Pos}
			if root == nil {
				diags.Errorf(diag.Pos{File: SettingsFile, Line: 1, Col: 1}, "", "required", "dll.yaml is empty; it needs at least a title and a leader (name, role, organization)")
			} else {
				d.decode("", root, reflect.ValueOf(&p.Settings).Elem(), Tags{})
				p.Settings.Pos.Index()
				p.Settings.End = diag.Pos{File: SettingsFile, Line: bytes.Count(src, []byte("\n")) + 1, Col: 1}
				if len(src) > 0 && src[len(src)-1] != '\n' {
					p.Settings.End.Line++
				}
			}
		}
	}

	// Labels in the portfolio's language, where model.yaml gives none.
	p.Model.Localize(p.Settings.Language)

	if outsideLink(fsys, PhilosophyFile) {
		// Its page would publish a file from elsewhere on the computer.
		diags.Errorf(diag.Pos{File: PhilosophyFile, Line: 1, Col: 1}, "", "symlink", "this is a link to a file outside the portfolio's folder, and dll publishes only what is in it; copy the file itself here, in place of the link")
	} else if src, ok := readFile(fsys, PhilosophyFile, &diags, false); ok && CheckText(PhilosophyFile, src, 1, &diags) {
		CheckConflicts(PhilosophyFile, src, &diags) // an error, which stops the build; the page is still read
		p.Philosophy = &Page{File: PhilosophyFile, Body: string(src), BodyLine: 1}
	}

	p.loadRoster(&diags)
	p.Entries = listEntries(ctx, fsys, &diags)
	return p, diags, ctx.Err()
}

// readFile reads a file of the portfolio with one open. A missing file is
// an error only when required.
func readFile(fsys fs.FS, name string, diags *diag.List, required bool) ([]byte, bool) {
	return readFileInto(fsys, name, diags, required, nil)
}

// cannotRead says why a file cannot be read, and what to do.
func cannotRead(err error) string {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return "cannot be read: permission denied; make the file yours to read (its owner or permissions), or copy it again"
	case errors.Is(err, syscall.ELOOP):
		return "cannot be read: it is a symbolic link that leads back to itself; put the file itself here"
	}
	if u := errors.Unwrap(err); u != nil {
		err = u
	}
	return fmt.Sprintf("cannot be read: %v", err)
}

// readFileInto is readFile into buf when it has room for the file.
func readFileInto(fsys fs.FS, name string, diags *diag.List, required bool, buf []byte) ([]byte, bool) {
	at := diag.Pos{File: name, Line: 1, Col: 1}
	if r, ok := fsys.(regularReader); ok {
		src, handled, err := r.readRegular(name, MaxFileSize, buf)
		if handled && err != nil {
			diags.Errorf(at, "", "file", "%s", cannotRead(err))
			return nil, false
		}
		if handled {
			return src, true
		}
	}
	// A look before opening: opening a named pipe would wait for a
	// writer that never comes.
	info, err := fs.Stat(fsys, name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if target, err := fs.ReadLink(fsys, name); err == nil {
			// A link to a file that is not there: not a file missing.
			report := diags.Warnf
			if required {
				report = diags.Errorf
			}
			what := "a file that is not there"
			if !path.IsAbs(target) && !strings.Contains(target, "\\") {
				what = Quote(target) + ", which is not there" // from here: no folder of the computer shown
			}
			report(at, "", "missing-file", "this is a link to %s; put the file itself here, in place of the link", what)
			return nil, false
		}
		if required {
			diags.Errorf(at, "", "missing-file", "not found; a portfolio folder needs a %s (run dll init to make one)", name)
		}
		return nil, false
	case err != nil:
		diags.Errorf(at, "", "file", "%s", cannotRead(err))
		return nil, false
	case info.IsDir():
		diags.Errorf(at, "", "file", "is a folder; it should be a file")
		return nil, false
	case !info.Mode().IsRegular():
		diags.Errorf(at, "", "file", "is not an ordinary file (it is a named pipe, a device or a socket), so dll does not read it; put a text file here")
		return nil, false
	}
	f, err := fsys.Open(name)
	if err != nil {
		diags.Errorf(at, "", "file", "%s", cannotRead(err))
		return nil, false
	}
	defer f.Close()
	info, err = f.Stat()
	switch {
	case err != nil:
		diags.Errorf(at, "", "file", "%s", cannotRead(err))
		return nil, false
	case !info.Mode().IsRegular():
		diags.Errorf(at, "", "file", "is not an ordinary file, so dll does not read it; put a text file here")
		return nil, false
	case info.Size() > MaxFileSize:
		diags.Errorf(at, "", "too-large", "the file is too large (%.1f MB; the limit is 1 MB); keep the story short and put large material in evidence files", float64(info.Size())/(1<<20))
		return nil, false
	}
	// One read of the size the file had when opened; a file that changes
	// meanwhile is read again on the next run. One that was made shorter
	// is read as far as it goes, and one emptied is read as empty.
	src := sized(buf, info.Size())
	n, err := io.ReadFull(f, src)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		diags.Errorf(at, "", "file", "%s", cannotRead(err))
		return nil, false
	}
	src = src[:n]
	return src, true
}

// sized is buf with length size when it has room for it, else a new
// slice.
func sized(buf []byte, size int64) []byte {
	src := buf[:0]
	if int64(cap(src)) < size {
		src = make([]byte, size)
	}
	return src[:size]
}

func (p *Portfolio) loadRoster(diags *diag.List) {
	for i, name := range p.Settings.Privacy.BlockedNames {
		if name = strings.TrimSpace(name); name != "" {
			p.Roster = append(p.Roster, RosterName{Name: name, Pos: p.Settings.Pos.At(fmt.Sprintf("privacy.blocked_names[%d]", i))})
		}
	}
	file := p.Settings.Privacy.Roster
	if file == "" {
		return
	}
	at := p.Settings.Pos.At("privacy.roster")
	clean, ok := cleanRelPath(file)
	if !ok {
		diags.Errorf(at, "privacy.roster", "path", "give the roster as a path inside the portfolio folder, with / between folders, like private/roster.txt; found %s", Quote(file))
		return
	}
	src, err := readRoster(p.FS, clean)
	if err != nil {
		diags.Errorf(at, "privacy.roster", "missing-file", "the roster file %s cannot be read; check the name, or remove privacy.roster", Quote(file))
		return
	}
	for i, line := range strings.Split(string(src), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p.Roster = append(p.Roster, RosterName{Name: line, Pos: diag.Pos{File: clean, Line: i + 1, Col: 1}})
	}
}

// readRoster reads the roster file, which must be an ordinary file of at
// most MaxFileSize: a named pipe would never end, a device never stop.
func readRoster(fsys fs.FS, name string) ([]byte, error) {
	info, err := fs.Stat(fsys, name)
	switch {
	case err != nil:
		return nil, err
	case !info.Mode().IsRegular() || info.Size() > MaxFileSize:
		return nil, fs.ErrInvalid
	}
	return fs.ReadFile(fsys, name)
}

// cleanRelPath checks that p is a relative slash path that stays inside its
// folder, and returns it cleaned.
func cleanRelPath(p string) (string, bool) {
	if p == "" || strings.ContainsRune(p, '\\') || path.IsAbs(p) || (len(p) > 1 && p[1] == ':') {
		return "", false
	}
	c := path.Clean(p)
	if c == ".." || strings.HasPrefix(c, "../") || !fs.ValidPath(c) {
		return "", false
	}
	return c, true
}

// IsJunk reports whether a file or folder name is never content: hidden
// files, editor leftovers and node_modules.
func IsJunk(name string) bool {
	switch {
	case strings.HasPrefix(name, "."), strings.HasSuffix(name, "~"), strings.HasPrefix(name, "~$"),
		strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"),
		name == "node_modules", name == "Thumbs.db", name == "desktop.ini":
		return true
	}
	switch path.Ext(name) {
	case ".swp", ".swo", ".swx", ".tmp":
		return true
	}
	return false
}

type entryJob struct {
	file, dir, slugName string
	form                Form
}

// shell is the entry a job reads, before it is read: where it comes from.
func (job entryJob) shell() *Entry {
	slug := Slugify(job.slugName)
	if i := strings.LastIndex(job.file, slug); i >= 0 {
		slug = job.file[i : i+len(slug)] // most often its name, in its path: kept once
	}
	return &Entry{Details: &Details{}, Src: Source{File: job.file, Dir: job.dir, Slug: slug, Form: job.form, Pos: NewPositions(job.file)}}
}

// listEntries lists the entries of the portfolio, unread. A folder of
// experiences/ is an entry when it holds an index.md; which do is found
// out on every core.
func listEntries(ctx context.Context, fsys fs.FS, diags *diag.List) []*Entry {
	if outsideLink(fsys, ExperiencesDir) {
		// Its entries would publish files from elsewhere on the computer.
		diags.Errorf(diag.Pos{File: ExperiencesDir, Line: 1, Col: 1}, "", "symlink", "this folder is a link to a folder outside the portfolio's folder, and dll publishes only what is in it; put the folder itself here, in place of the link")
		return nil
	}
	items, err := fs.ReadDir(fsys, ExperiencesDir)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			diags.Errorf(diag.Pos{File: ExperiencesDir, Line: 1, Col: 1}, "", "file", "the folder cannot be read: %v", errors.Unwrap(err))
		}
		return nil
	}
	var jobs []entryJob
	for _, it := range items {
		name := it.Name()
		file := path.Join(ExperiencesDir, name)
		at := diag.Pos{File: file, Line: 1, Col: 1}
		if IsJunk(name) {
			continue
		}
		isDir := it.IsDir()
		if it.Type()&fs.ModeSymlink != 0 {
			// Read when it leads to a file or folder inside the
			// portfolio, under the link's name.
			real, problem := entryLink(fsys, file)
			if problem != "" {
				diags.Warnf(at, "", "symlink", "%s", problem)
				continue
			}
			info, err := fs.Stat(fsys, real)
			if err != nil {
				diags.Errorf(at, "", "file", "%s", cannotRead(err))
				continue
			}
			isDir = info.IsDir()
		}
		if isDir {
			// The folder is the start of the file's path, kept once.
			index := path.Join(file, IndexFile)
			jobs = append(jobs, entryJob{file: index, dir: index[:len(file)], slugName: name, form: FolderForm})
			continue
		}
		ext := strings.ToLower(path.Ext(name))
		stem := strings.TrimSuffix(name, path.Ext(name))
		switch ext {
		case ".md", ".markdown":
			jobs = append(jobs, entryJob{file: file, dir: ExperiencesDir, slugName: stem, form: MarkdownForm})
		case ".yaml", ".yml":
			jobs = append(jobs, entryJob{file: file, dir: ExperiencesDir, slugName: stem, form: YAMLForm})
		}
	}

	entries := make([]*Entry, len(jobs))
	lists := make([]diag.List, len(jobs))
	Parallel(len(jobs), func(i int) {
		if ctx.Err() != nil {
			return
		}
		job := jobs[i]
		if job.form == FolderForm {
			info, err := fs.Lstat(fsys, job.file)
			if errors.Is(err, fs.ErrNotExist) {
				noIndex(fsys, job.dir, &lists[i])
				return // not an entry
			}
			if err == nil && info.Mode()&fs.ModeSymlink != 0 {
				if _, problem := entryLink(fsys, job.file); problem != "" {
					lists[i].Warnf(diag.Pos{File: job.file, Line: 1, Col: 1}, "", "symlink", "%s", problem)
					return
				}
			}
		}
		entries[i] = job.shell()
	})
	for _, l := range lists {
		*diags = append(*diags, l...)
	}
	return slices.DeleteFunc(entries, func(e *Entry) bool { return e == nil })
}

// LoadEntries reads every entry that Open listed, on every core, and
// returns their problems in the order of the entries. It hands each entry
// to each (when not nil), with the list its problems go to, as soon as it
// is read and on the goroutine that read it: each may check it and keep of
// it only what the pages of other entries need (Entry.Slim), so that a
// large portfolio is never held in memory whole. When ctx is done it stops
// reading; the entries not read are left as Open listed them. stage is
// what the progress shown calls the work: "Reading entries".
func (p *Portfolio) LoadEntries(ctx context.Context, stage string, each func(e *Entry, diags *diag.List)) diag.List {
	return p.loadEntries(ctx, stage, each, true)
}

// LoadIndex reads every entry that Open listed, on every core, and keeps
// of each only its index (Entry.Slim), for a pass that reads each entry
// again in full to check it and make its page (see site.Stream). The
// story of an entry with front matter is not read at all, since the
// index does not keep it. Problems are not returned: the pass that reads
// each entry in full reports them.
func (p *Portfolio) LoadIndex(ctx context.Context, stage string) {
	p.loadEntries(ctx, stage, func(e *Entry, _ *diag.List) { e.Slim(p.Model) }, false)
}

// loadEntries is LoadEntries, reading the stories of entries with front
// matter only when story is set.
func (p *Portfolio) loadEntries(ctx context.Context, stage string, each func(e *Entry, diags *diag.List), story bool) diag.List {
	lists := make([]diag.List, len(p.Entries))
	gone := make([]bool, len(p.Entries))
	count := progress.Start(ctx, stage, "entries", int64(len(p.Entries)))
	Parallel(len(p.Entries), func(i int) {
		if ctx.Err() != nil {
			return
		}
		defer count.Add(1)
		e := p.Entries[i]
		if !loadEntry(p.FS, p.Model, e, &lists[i], story) {
			gone[i] = true
			return
		}
		if each != nil {
			each(e, &lists[i])
		}
	})
	var diags diag.List
	for _, l := range lists {
		diags = append(diags, l...)
	}
	// A folder whose index.md went away since Open is not an entry.
	if slices.Contains(gone, true) {
		kept := p.Entries[:0]
		for i, e := range p.Entries {
			if !gone[i] {
				kept = append(kept, e)
			}
		}
		clear(p.Entries[len(kept):])
		p.Entries = kept
	}
	return diags
}

// Parallel calls work for 0 to n-1 on every core. The workers take the
// next number from a counter rather than a channel: with thousands of small
// jobs, handing each over through a channel costs more than the job.
func Parallel(n int, work func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				work(i)
			}
		})
	}
	wg.Wait()
}

// noIndex warns about a folder of experiences/ that holds Markdown but no
// index.md: most likely an entry whose file has another name.
func noIndex(fsys fs.FS, dir string, diags *diag.List) {
	files, _ := fs.ReadDir(fsys, dir)
	for _, f := range files {
		if ext := strings.ToLower(path.Ext(f.Name())); !f.IsDir() && !IsJunk(f.Name()) && (ext == ".md" || ext == ".markdown") {
			at := diag.Pos{File: path.Join(dir, f.Name()), Line: 1, Col: 1}
			diags.Warnf(at, "", "no-index", "this folder has no index.md, so it is not read as an entry; rename %s to index.md if it is the entry", f.Name())
			break
		}
	}
}

// loadEntry reads and decodes the entry e, which knows only its source
// (see entryJob.shell). It reports false when e is a folder without an
// index.md, which is not an entry. It recovers from any panic so that one
// broken entry cannot stop the others. Unless story is set, the story of
// an entry with front matter is neither checked nor kept: e.Body stays "".
func loadEntry(fsys fs.FS, model *Model, e *Entry, diags *diag.List, story bool) (found bool) {
	job := entryJob{file: e.Src.File, dir: e.Src.Dir, form: e.Src.Form}
	defer func() {
		if r := recover(); r != nil {
			e.Src.Parsed = false
			found = true
			diags.Errorf(diag.Pos{File: job.file, Line: 1, Col: 1}, "", "internal", "dll could not read this entry because of a fault in dll itself (%v); please report it", r)
		}
	}()
	before := len(*diags)
	// An entry read in full keeps the text it was read from: its values
	// and its story are read in place, not copied. An entry read for the
	// index keeps little of it (see Entry.Slim): its text is read into a
	// buffer kept for the next entry, and what it keeps is copied. The
	// buffer goes back last, after the deferred work below.
	var src []byte
	var ok bool
	if story {
		src, ok = readFileInto(fsys, job.file, diags, job.form != FolderForm, nil)
	} else {
		buf := srcBuffers.Get().(*[]byte)
		defer srcBuffers.Put(buf)
		src, ok = readFileInto(fsys, job.file, diags, job.form != FolderForm, *buf)
		if cap(src) > cap(*buf) {
			*buf = src[:0]
		}
	}
	if !ok && job.form == FolderForm && len(*diags) == before {
		noIndex(fsys, job.dir, diags)
		return false
	}
	if !ok {
		return true
	}
	e.Src.idx = &entryIndex{sum: maphash.Bytes(hashSeed, src)}
	defer func() {
		if !e.Src.Parsed {
			e.Src.Unpublished = saysUnpublished(src)
		}
	}()
	if !CheckConflicts(job.file, src, diags) {
		return true
	}
	d := &decoder{file: job.file, model: model, diags: diags, pos: &e.Src.Pos, index: !story}
	// The tree is read into e and let go before this returns.
	fp := fastParsers.Get().(*fastParser)
	defer fp.release()
	fp.owned = story
	var root *yaml.Node
	if job.form == YAMLForm {
		if !CheckText(job.file, src, 1, diags) {
			return true
		}
		if root, d.fast, ok = parseYAMLWith(fp, job.file, src, 0, diags); !ok {
			return true
		}
		d.yamlOnly = true
		d.src = src
		if root == nil {
			diags.Errorf(diag.Pos{File: job.file, Line: 1, Col: 1}, "", "required", "the file is empty; an entry needs title, summary, status and the other fields (run dll new experience for a filled-in start)")
			return true
		}
	} else {
		s, ok := SplitFrontMatter(job.file, src, diags)
		if !ok {
			return true
		}
		bodyOK := story && CheckText(job.file, s.Body, s.BodyLine, diags)
		if !CheckText(job.file, s.Front, s.FrontLine, diags) {
			return true
		}
		if root, d.fast, ok = parseYAMLWith(fp, job.file, s.Front, s.FrontLine-1, diags); !ok {
			return true
		}
		if root == nil {
			diags.Errorf(diag.Pos{File: job.file, Line: s.FrontLine - 1, Col: 1}, "front matter", "required", "the front matter is empty; add title, summary, status and the other fields (run dll new experience for a filled-in start)")
			return true
		}
		d.offset = s.FrontLine - 1
		d.src = s.Front
		if bodyOK {
			e.Body = unsafe.String(unsafe.SliceData(s.Body), len(s.Body))
		}
		e.Src.BodyUnreadable = story && !bodyOK
		e.Src.BodyLine = int32(s.BodyLine)
	}
	e.Src.Pos.Set("", d.at(root))
	d.decode("", root, reflect.ValueOf(e).Elem(), Tags{})
	if job.form == YAMLForm {
		line, indent, folded, reflowed := yamlBody(root, src, e.Src.Pos)
		e.Src.BodyLine, e.Src.BodyIndent, e.Src.BodyFolded, e.Src.BodyReflowed = int32(line), int32(indent), folded, reflowed
		if e.Src.BodyFolded {
			diags.Errorf(e.Src.Pos.At("body"), "body", "body-style", "the story is written after >, which joins its lines so that headings and paragraphs run together; write body: | instead, to keep its lines")
		}
	}
	e.Src.Pos.Index()
	e.Src.Parsed = true
	return true
}

// srcBuffers keeps the buffers entries' texts are read into (see
// loadEntry). An entry is at most MaxFileSize, so a buffer is too.
var srcBuffers = sync.Pool{New: func() any { return new([]byte) }}

// unpublishedLine matches a line of an entry that keeps it off the site.
var unpublishedLine = regexp.MustCompile(`(?m)^(status:[ \t]*["']?planned["']?|draft:[ \t]*["']?true["']?|visibility:[ \t]*["']?private["']?)[ \t]*(#.*)?\r?$`)

// saysUnpublished reports whether the text of an entry that YAML cannot
// read has, in its front matter, a line of its own that keeps it off the
// site.
func saysUnpublished(src []byte) bool {
	front := src
	if rest, ok := bytes.CutPrefix(src, []byte("---")); ok {
		front = rest
		if i := bytes.Index(rest, []byte("\n---")); i >= 0 {
			front = rest[:i]
		}
	}
	return unpublishedLine.Match(front)
}

// yamlBody finds where the story of a whole-YAML entry stands: the line of
// its first line and the columns each line is indented by. A story laid out
// line for line as in the file (a body: | block, or a one-line value
// without escapes) is found exactly; for any other (over several lines in
// quotes or plain, or with escapes) reflowed is set and the place is that
// of the value itself.
func yamlBody(root *yaml.Node, src []byte, pos Positions) (line, indent int, folded, reflowed bool) {
	if root.Kind != yaml.MappingNode {
		return 0, 0, false, false
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != "body" {
			continue
		}
		v := root.Content[i+1]
		at, atIndent := v.Line, v.Column-1
		switch {
		case v.Kind != yaml.ScalarNode:
			return at, atIndent, false, false
		case v.Style&yaml.FoldedStyle != 0:
			return at, atIndent, true, false
		case v.Style&yaml.LiteralStyle != 0:
			if indent, ok := blockIndent(src, v.Line+1, v.Value); ok {
				return v.Line + 1, indent, false, false
			}
		case v.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
			if oneLine(src, v.Line, v.Column, v.Value) {
				return v.Line, v.Column, false, false
			}
		default:
			if oneLine(src, v.Line, v.Column-1, v.Value) {
				return v.Line, v.Column - 1, false, false
			}
		}
		return at, atIndent, false, true
	}
	return pos.At("").Line, 0, false, false
}

// blockIndent returns the indentation of a block scalar's value whose
// first line is line of src, if every line of value stands in the file
// after that many spaces.
func blockIndent(src []byte, line int, value string) (int, bool) {
	indent := -1
	rest := src
	for i := 1; i < line; i++ {
		_, rest = cutLine(rest)
	}
	for l := range strings.SplitSeq(value, "\n") {
		var text []byte
		text, rest = cutLine(rest)
		if strings.TrimSpace(l) == "" {
			continue // nothing in a story starts on a blank line
		}
		pad, ok := strings.CutSuffix(strings.TrimSuffix(string(text), "\r"), l)
		if !ok || strings.Trim(pad, " ") != "" || indent >= 0 && len(pad) != indent {
			return 0, false
		}
		indent = len(pad)
	}
	return max(indent, 0), true
}

// oneLine reports whether value stands in src as it is, on one line, after
// col characters of line.
func oneLine(src []byte, line, col int, value string) bool {
	if strings.Contains(value, "\n") {
		return false
	}
	text := lineText(src, line)
	for range col {
		_, size := utf8.DecodeRuneInString(text)
		text = text[size:]
	}
	return strings.HasPrefix(text, value)
}

// BodyStart is where an entry's story starts in its file, for a problem
// with the story as a whole: its first line that is not blank, or where the
// value of body: stands when the story is empty or its lines are not the
// file's.
func (e *Entry) BodyStart() diag.Pos {
	src := e.Src
	if src.BodyFolded || src.BodyReflowed {
		return diag.Pos{File: src.File, Line: max(int(src.BodyLine), 1), Col: 1 + int(src.BodyIndent)}
	}
	if strings.TrimSpace(e.Body) == "" && src.Form == YAMLForm && src.Pos.Has("body") {
		return src.Pos.At("body") // an empty body: | may have no line of its own
	}
	return StoryStart(src.File, e.Body, int(src.BodyLine), int(src.BodyIndent))
}

// BodyStart is where the page's text starts: its first line that is not
// blank.
func (p *Page) BodyStart() diag.Pos { return StoryStart(p.File, p.Body, p.BodyLine, 0) }

// StoryStart is where a text starts in file: the first line of body that
// is not blank, body's first line being line of the file, and each of its
// lines indented by indent columns there. A blank text starts at line.
func StoryStart(file, body string, line, indent int) diag.Pos {
	line = max(line, 1)
	for i, rest := 0, body; rest != ""; i++ {
		l, after, _ := strings.Cut(rest, "\n")
		if strings.TrimSpace(l) != "" {
			return diag.Pos{File: file, Line: line + i, Col: 1 + indent}
		}
		rest = after
	}
	return diag.Pos{File: file, Line: line, Col: 1}
}

// Published reports whether the entry may appear on the published site: it
// was read, it is not a draft, it is not only planned, and it is not
// private.
func (p *Portfolio) Published(e *Entry) bool {
	return e.Src.Parsed && !e.Draft && e.Status != "planned" && p.Visibility(e) == "public"
}

// Unfinished reports whether an entry is public but not published yet: a
// draft, or a planned experience. The preview shows it, marked as such;
// the published site never does.
func (p *Portfolio) Unfinished(e *Entry) bool {
	return e.Src.Parsed && (e.Draft || e.Status == "planned") && p.Visibility(e) == "public"
}

// CountUnfinished returns how many entries are public but not published
// yet (see Unfinished).
func (p *Portfolio) CountUnfinished() int {
	n := 0
	for _, e := range p.Entries {
		if p.Unfinished(e) {
			n++
		}
	}
	return n
}

// Visibility returns the entry's visibility, or the portfolio's default.
func (p *Portfolio) Visibility(e *Entry) string {
	return cmp.Or(e.Visibility, p.Settings.Visibility, "public")
}
