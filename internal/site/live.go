package site

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"dll/internal/atomicfile"
	"dll/internal/imaging"
	"dll/internal/portfolio"
)

// Live keeps a site folder up to date while its author edits, for dll
// serve. The first Update builds the whole site; after an edit that
// portfolio.Reload could take, Update renders again only the pages of the
// entries read again, of their neighbours in the previous/next order, and
// the pages that list entries, reusing everything else made before.
//
// An Update that fails leaves the folder as it was.
type Live struct {
	dir  string
	opts Options

	prev  *builder
	nav   map[*portfolio.Entry][2]*portfolio.Entry // each shown entry's older and newer neighbour
	files map[string]bool                          // site paths of the files in dir
	sizes map[string]int                           // the sizes of the pages written last, to make room for them at once
}

// Update says what an Update did.
type Update struct {
	Full  bool     // the whole site was built again
	Pages []string // the pages written, as site paths (all of them after a full build)
}

// NewLive returns a Live for the site folder dir, which it replaces whole
// on a full build.
func NewLive(dir string, opts Options) *Live {
	opts.keep = true
	var cache imaging.Cache
	if opts.ImageCache != "" {
		cache = imaging.DirCache{Dir: opts.ImageCache}
	}
	opts.images = imaging.NewMaker(cache)
	return &Live{dir: dir, opts: opts}
}

// SetTodo sets what each unfinished entry has still to do, for the pages
// the next Update renders (see Options.Todo).
func (l *Live) SetTodo(todo map[string][]string) { l.opts.Todo = todo }

// SetHeld sets the entries (by file) to leave out of the next Update
// because of their errors; see Options.Held.
func (l *Live) SetHeld(held map[string]bool) { l.opts.Held = held }

// Update brings the folder up to date with p. Give full when p was loaded
// afresh since the last Update: its settings, model or templates may
// differ. Without full, p must come from the portfolio of the last Update
// through portfolio.Reload (any number of times): an entry that is the
// same *Entry as then is taken to be unchanged.
func (l *Live) Update(ctx context.Context, p *portfolio.Portfolio, full bool) (*Update, error) {
	if full || l.prev == nil || l.prev.tpl.overridden {
		return l.full(ctx, p)
	}
	old := l.prev
	reuse := make(map[*portfolio.Entry]*entryView, len(old.entries))
	for _, v := range old.entries {
		reuse[v.src] = v
	}
	w := &memWriter{dir: l.dir, files: map[string]*memFile{}, sizes: l.sizes}
	defer w.discard() // the files set aside on disk, unless put in place
	b := newBuilder(p, w, l.opts, old.tpl, reuse)
	b.prevLists = old.lists
	if !sameShown(old, b) || old.site.chrome() != b.site.chrome() {
		// Links between entries, or the header of every page, change.
		return l.full(ctx, p)
	}
	var pages []*entryView
	for _, v := range b.entries {
		if reuse[v.src] == nil || l.nav[v.src] != neighbours(v) {
			pages = append(pages, v)
		}
	}
	if err := b.run(ctx, pages); err != nil {
		return nil, err
	}
	// Everything rendered: now put it in place, one file at a time, each
	// replaced whole so that a page being served is never half written.
	redone := map[string]bool{}
	for _, v := range pages {
		redone[v.Slug()] = true
	}
	shown := map[string]bool{}
	for _, v := range b.entries {
		shown[v.Slug()] = true
	}
	kept := map[string]bool{}
	for _, name := range b.kept {
		kept[name] = true
	}
	written := slices.Sorted(maps.Keys(w.files))
	for _, name := range written {
		if err := w.files[name].commit(filepath.Join(l.dir, filepath.FromSlash(name))); err != nil {
			return nil, err
		}
	}
	// Files no page makes any more: evidence taken out of a page rendered
	// again, or the page of a tag no entry has now.
	for name := range l.files {
		if w.files[name] != nil || kept[name] {
			continue
		}
		if slug, ok := entryFolder(name); ok && shown[slug] && !redone[slug] {
			continue // an entry page not rendered again, and its files
		}
		os.Remove(filepath.Join(l.dir, filepath.FromSlash(name)))
		delete(l.files, name)
	}
	for _, name := range written {
		l.files[name] = true
		if f := w.files[name]; f.disk == nil {
			l.sizes[name] = f.buf.Len()
		}
	}
	l.keep(b)
	var up Update
	for _, name := range written {
		if strings.HasSuffix(name, ".html") {
			up.Pages = append(up.Pages, name)
		}
	}
	return &up, nil
}

// full builds the whole site into a new folder and swaps it in.
func (l *Live) full(ctx context.Context, p *portfolio.Portfolio) (*Update, error) {
	var mu sync.Mutex
	files := map[string]bool{}
	record := func(name string) error {
		mu.Lock()
		files[name] = true
		mu.Unlock()
		return nil
	}
	b, err := buildFolder(ctx, p, l.dir, l.opts, record)
	if err != nil {
		return nil, err
	}
	l.files = files
	l.sizes = map[string]int{}
	l.keep(b)
	up := &Update{Full: true}
	for name := range files {
		if strings.HasSuffix(name, ".html") {
			up.Pages = append(up.Pages, name)
		}
	}
	slices.Sort(up.Pages)
	return up, nil
}

// keep remembers b, and each entry's neighbours, for the next Update.
func (l *Live) keep(b *builder) {
	l.prev = b
	l.nav = make(map[*portfolio.Entry][2]*portfolio.Entry, len(b.entries))
	for _, v := range b.entries {
		l.nav[v.src] = neighbours(v)
	}
}

// unchanged reports whether the page at sitePath, which shows lists of
// entries, was made by the builder before this one (see Live) from the
// same entries in the same order, and the same whole (what it says of the
// list it is a page of: how many pages and entries): it is then as it
// was, and kept. With no builder before, it reports false.
func (b *builder) unchanged(sitePath, whole string, lists ...[]*entryView) bool {
	if !b.opts.keep {
		return false
	}
	buf := []byte(whole + "/")
	for _, list := range lists {
		for _, v := range list {
			buf = strconv.AppendUint(buf, v.id, 36)
			buf = append(buf, ' ')
		}
		buf = append(buf, '/')
	}
	key := string(buf)
	b.lists[sitePath] = key
	if old, ok := b.prevLists[sitePath]; ok && old == key {
		b.kept = append(b.kept, sitePath)
		return true
	}
	return false
}

// neighbours are the entries an entry page links to as previous and next.
func neighbours(v *entryView) [2]*portfolio.Entry {
	var nb [2]*portfolio.Entry
	if v.Older != nil {
		nb[0] = v.Older.src
	}
	if v.Newer != nil {
		nb[1] = v.Newer.src
	}
	return nb
}

// sameShown reports whether two builders show the same entries, by file
// and page: the links between entries are then the same.
func sameShown(a, b *builder) bool {
	if len(a.entryByFile) != len(b.entryByFile) {
		return false
	}
	for file, v := range a.entryByFile {
		if w, ok := b.entryByFile[file]; !ok || w.Slug() != v.Slug() {
			return false
		}
	}
	return true
}

// chrome is what the header and footer of every page show of the site.
func (s *siteView) chrome() string {
	return strings.Join([]string{s.Title, s.Lang, s.Leader.Name, s.Leader.Role, s.Leader.Organization, s.Version, s.BaseURL,
		s.Leader.photoSrc, s.Leader.PhotoAlt, s.Updated.String(),
		fmt.Sprint(len(s.Frameworks) > 0, len(s.Tags) > 0, s.Philosophy, s.Drafts, s.Changes, s.Show)}, "\x00")
}

// entryFolder returns the slug of the entry page folder a site path is in.
func entryFolder(name string) (string, bool) {
	rest, ok := strings.CutPrefix(name, "experiences/")
	if !ok {
		return "", false
	}
	slug, _, ok := strings.Cut(rest, "/")
	return slug, ok
}

// replaceFile writes data to name through a temporary file renamed over
// it.
func replaceFile(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return fmt.Errorf("writing the site: %w", err)
	}
	if err := atomicfile.Replace(name, data, 0o644); err != nil {
		return fmt.Errorf("writing the site: %w", err)
	}
	return nil
}

// memWriter keeps the site's files in memory until every page is made.
// A big file, such as a video of the evidence, goes to disk instead, and
// only if it differs from the one the site has: an entry page rendered
// again (an edit, or a neighbour's) copies all its evidence again, and
// holding a few hundred megabytes of video in memory, or writing it all
// out, each time would make the edit slow.
type memWriter struct {
	dir   string // the site folder
	mu    sync.Mutex
	files map[string]*memFile // closed, by site path
	temps []string            // files set aside beside the site's, until put in place or discarded
	sizes map[string]int      // read only
}

// spillAt is the size above which a file leaves memory.
const spillAt = 1 << 20

func (w *memWriter) create(name string) (io.WriteCloser, error) {
	f := &memFile{w: w, name: name}
	f.buf.Grow(min(w.sizes[name], spillAt))
	return f, nil
}

// discard removes the files set aside that were not put in place.
func (w *memWriter) discard() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, t := range w.temps {
		os.Remove(t)
	}
	w.temps = nil
}

type memFile struct {
	w    *memWriter
	name string
	buf  bytes.Buffer // the file, while small
	disk *diskFile    // the file, once big
}

func (f *memFile) Write(p []byte) (int, error) {
	if f.disk == nil && f.buf.Len()+len(p) <= spillAt {
		return f.buf.Write(p)
	}
	if f.disk == nil {
		f.disk = &diskFile{w: f.w, final: filepath.Join(f.w.dir, filepath.FromSlash(f.name))}
		f.disk.open()
		if err := f.disk.write(f.buf.Bytes()); err != nil {
			return 0, err
		}
		f.buf = bytes.Buffer{}
	}
	if err := f.disk.write(p); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (f *memFile) Close() error {
	if f.disk != nil {
		if err := f.disk.close(); err != nil {
			return err
		}
	}
	f.w.mu.Lock()
	f.w.files[f.name] = f
	f.w.mu.Unlock()
	return nil
}

// commit puts the file in place at final.
func (f *memFile) commit(final string) error {
	if f.disk == nil {
		return replaceFile(final, f.buf.Bytes())
	}
	if f.disk.temp == "" {
		return nil // the same as the site has
	}
	if err := os.Rename(f.disk.temp, final); err != nil {
		return fmt.Errorf("writing the site: %w", err)
	}
	return nil
}

// diskFile is a big file of the site being made. While what is written
// matches the file the site has, nothing is written; from the first
// difference, it goes to a temporary file beside that one.
type diskFile struct {
	w     *memWriter
	final string
	old   *os.File // the site's file, while it matches
	same  int64    // how many bytes match it
	temp  string   // the new file, once it differs
	out   *os.File
	chunk []byte
}

func (d *diskFile) open() {
	if f, err := os.Open(d.final); err == nil {
		d.old = f
	}
}

func (d *diskFile) write(p []byte) error {
	if d.out == nil && d.old != nil {
		if cap(d.chunk) < len(p) {
			d.chunk = make([]byte, len(p))
		}
		chunk := d.chunk[:len(p)]
		n, _ := io.ReadFull(d.old, chunk)
		if n == len(p) && bytes.Equal(chunk, p) {
			d.same += int64(n)
			return nil
		}
	}
	if d.out == nil {
		if err := d.differ(); err != nil {
			return err
		}
	}
	if _, err := d.out.Write(p); err != nil {
		return fmt.Errorf("writing the site: %w", err)
	}
	return nil
}

// differ starts the new file, with the part that matched the old one.
func (d *diskFile) differ() error {
	dir := filepath.Dir(d.final)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("writing the site: %w", err)
	}
	out, err := os.CreateTemp(dir, "."+filepath.Base(d.final)+".new-")
	if err != nil {
		return fmt.Errorf("writing the site: %w", err)
	}
	d.w.mu.Lock()
	d.w.temps = append(d.w.temps, out.Name())
	d.w.mu.Unlock()
	d.out, d.temp = out, out.Name()
	if d.old != nil {
		_, err = io.Copy(out, io.NewSectionReader(d.old, 0, d.same))
		d.old.Close()
		d.old = nil
		if err != nil {
			return fmt.Errorf("writing the site: %w", err)
		}
	}
	return nil
}

func (d *diskFile) close() error {
	if d.out == nil && d.old != nil {
		// All matched so far: the same file, unless the old one is longer.
		var one [1]byte
		if n, _ := d.old.Read(one[:]); n == 0 {
			d.old.Close()
			d.old = nil
			return nil
		}
	}
	if d.out == nil {
		if err := d.differ(); err != nil {
			return err
		}
	}
	err := d.out.Chmod(0o644)
	if cerr := d.out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing the site: %w", err)
	}
	return nil
}
