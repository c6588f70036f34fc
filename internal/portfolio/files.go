package portfolio

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"

	"golang.org/x/text/unicode/norm"

	"dll/internal/media"
)

// pageFile is the name of an entry's page in its folder of the site; the
// files the entry publishes go beside it.
const pageFile = "index.html"

// FileError says why a file reference in an entry cannot be used.
type FileError struct {
	Ref    string
	Reason string // what is wrong, in words for the author
}

func (e *FileError) Error() string { return e.Reason }

// ErrNotFile is wrapped by a FileError for a reference that names no file.
var ErrNotFile = errors.New("no such file")

// Resolve checks that ref, a path written in an entry, names a regular file
// inside the folder base (a slash path in the portfolio) and returns the
// file's path, with what Stat says of it. It refuses absolute paths,
// backslashes, paths that leave base (directly or through a symbolic link),
// and names whose case or Unicode form differ from the file on disk, which
// would break on a web server. It reads each large folder once for all the
// files named in it (see folderNames).
func (p *Portfolio) Resolve(base, ref string) (string, fs.FileInfo, error) {
	fsys, names := p.FS, &p.names
	bad := func(format string, args ...any) error {
		return &FileError{Ref: ref, Reason: fmt.Sprintf(format, args...)}
	}
	folder, from := base+"/", "the entry's folder"
	if base == "." {
		folder, from = "the portfolio's folder", "the portfolio's folder"
	}
	switch {
	case strings.ContainsRune(ref, '\\'):
		return "", nil, bad("use / between folders, not \\: %s", Quote(strings.ReplaceAll(ref, "\\", "/")))
	case path.IsAbs(ref) || len(ref) > 1 && ref[1] == ':':
		return "", nil, bad("give the path from %s, not from the top of the disk: found %s", from, Quote(ref))
	case strings.Contains(ref, "://"):
		return "", nil, bad("this is a web address; put it under url instead of file")
	}
	rel, ok := cleanRelPath(ref)
	if !ok || !fs.ValidPath(path.Join(base, rel)) {
		return "", nil, bad("the file must be inside %s; %s points outside it", folder, Quote(ref))
	}
	for _, part := range strings.Split(rel, "/") {
		if strings.HasPrefix(part, ".") {
			return "", nil, bad("%s is hidden (its name starts with a dot), and hidden files are never published; rename it without the dot if it belongs on the site", Quote(ref))
		}
	}
	full := path.Join(base, rel)
	real := base   // where base is on disk, when a link leads to it
	followed := "" // the link that leads to full, when the file named is one
	for hops := 0; ; hops++ {
		if hops > maxLinks {
			return "", nil, bad("%s goes through too many links, which lead round in a circle or on and on; put the file itself in %s, in place of the link", Quote(ref), folder)
		}
		link, target, err := firstLink(fsys, full)
		if err != nil {
			return "", nil, err
		}
		if link == "" {
			break
		}
		if path.IsAbs(target) {
			return "", nil, bad("%s is a link to a file outside %s; copy the file itself into the folder", Quote(ref), folder)
		}
		next := path.Join(path.Dir(link), target) + strings.TrimPrefix(full, link)
		if within(link, real) {
			// The folder itself is reached through the link, as an
			// entry's folder may be (see entryLink): its files are
			// where the link leads.
			real = path.Join(path.Dir(link), target) + strings.TrimPrefix(real, link)
			if !within(".", real) {
				return "", nil, bad("%s is in a folder that is a link to a folder outside the portfolio's folder; put the folder itself in its place", Quote(ref))
			}
		}
		if !within(real, next) {
			return "", nil, bad("%s is a link to a file outside %s; copy the file itself into the folder", Quote(ref), folder)
		}
		followed = ""
		if link == full {
			followed = link // the file itself is a link
		}
		full = next
	}
	if real != base {
		full = base + strings.TrimPrefix(full, real) // the same file, as the entry reaches it
	}
	if first, _, more := strings.Cut(strings.TrimPrefix(full, base+"/"), "/"); more && strings.EqualFold(first, pageFile) {
		return "", nil, bad("a folder called %s cannot be published beside the entry's page, which has that name; rename the folder", first)
	}
	info, err := fs.Stat(fsys, full)
	if err != nil {
		if followed != "" {
			return "", nil, bad("%s is a link to %s, which is not there; put the file itself in %s", Quote(ref), Quote(strings.TrimPrefix(full, base+"/")), folder)
		}
		if near := names.nearPath(fsys, base, full); near != "" {
			return "", nil, bad("%s is not there, but %s is; write the name exactly as it is on disk (web servers tell capitals apart)", Quote(ref), Quote(near))
		}
		return "", nil, &FileError{Ref: ref, Reason: fmt.Sprintf("%s is not in %s; check the name, or add the file", Quote(ref), folder)}
	}
	switch {
	case info.IsDir():
		return "", nil, bad("%s is a folder, not a file", Quote(ref))
	case !info.Mode().IsRegular():
		return "", nil, bad("%s is not an ordinary file (it is a named pipe, a device or a socket), so it cannot be published; put the file itself in %s", Quote(ref), folder)
	}
	// On disks that ignore case (macOS, Windows) the file may be found
	// under another spelling, of its name or of a folder on the way: the
	// web server would not find it, and "Private/" would open private/.
	at := full
	for at != base && at != "." {
		if near := names.near(fsys, at); near != "" && near != path.Base(at) {
			what := "file"
			if at != full {
				what = "folder " + Quote(strings.TrimPrefix(at, base+"/"))
			}
			return "", nil, bad("the %s is called %s on disk; write the name exactly (web servers tell capitals apart)", what, Quote(near))
		}
		at = path.Dir(at)
	}
	// dll build copies the file: it must open, not only be there.
	f, err := fsys.Open(full)
	if err != nil {
		reason := err
		if u := errors.Unwrap(err); u != nil {
			reason = u
		}
		return "", nil, bad("%s cannot be read (%v); check that the file is yours to read, or copy it again", Quote(ref), reason)
	}
	f.Close()
	return full, info, nil
}

// LeaderPhoto returns the portfolio path of the leader's photo, or why it
// cannot be published: it must be an image among the portfolio's own files,
// never in private/ (or the roster's folder), in experiences/ (where
// entries' evidence lives, with its own consent), or hidden.
func (p *Portfolio) LeaderPhoto() (string, fs.FileInfo, error) {
	ref := p.Settings.Leader.Photo
	full, info, err := p.Resolve(".", ref)
	if err != nil {
		return "", nil, err
	}
	bad := func(format string, args ...any) error {
		return &FileError{Ref: ref, Reason: fmt.Sprintf(format, args...)}
	}
	private := []string{"private"}
	if r, ok := cleanRelPath(p.Settings.Privacy.Roster); ok && path.Dir(r) != "." {
		private = append(private, path.Dir(r))
	}
	for _, dir := range private {
		if within(dir, full) {
			return "", nil, bad("%s is in %s/, which holds what is never published; put the photo at the top of the portfolio, like leader.jpg", Quote(ref), dir)
		}
	}
	if within(ExperiencesDir, full) {
		return "", nil, bad("%s is in %s/, where entries and their evidence live; put your photo at the top of the portfolio, like leader.jpg", Quote(ref), ExperiencesDir)
	}
	if MediaOf(full) != Image {
		return "", nil, bad("%s is not a picture; use a JPEG or PNG photo of yourself", Quote(ref))
	}
	return full, info, nil
}

// within reports whether the slash path p is base or inside it; every
// path that does not climb out with ".." is inside the portfolio's
// folder, ".".
func within(base, p string) bool {
	if base == "." {
		return p != ".." && !strings.HasPrefix(p, "../") && !path.IsAbs(p)
	}
	return p == base || strings.HasPrefix(p, base+"/")
}

// firstLink returns the first component of p that is a symbolic link, and
// where it points.
func firstLink(fsys fs.FS, p string) (link, target string, err error) {
	parts := strings.Split(p, "/")
	for i := range parts {
		prefix := strings.Join(parts[:i+1], "/")
		info, err := fs.Lstat(fsys, prefix)
		if err != nil {
			return "", "", nil // missing: Stat reports it
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			t, err := fs.ReadLink(fsys, prefix)
			if err != nil {
				return "", "", &FileError{Ref: p, Reason: fmt.Sprintf("%s is a link that cannot be read; put the file itself in its place", Quote(prefix))}
			}
			return prefix, t, nil
		}
	}
	return "", "", nil
}

// folderNames keeps the names in the large folders Resolve looks in, for
// as long as the portfolio is read. Resolve reads the folder of each file
// it is given, to compare the name written with the name on disk; the
// folder of entries written as single files is experiences/ itself, and
// reading all of it again for each file they name would make checking
// such a portfolio slow down with the square of its size. A small folder,
// such as the folder of an entry, is read each time: keeping the names of
// every entry's folder would make memory grow with the portfolio for
// little gain.
type folderNames struct {
	mu      sync.Mutex
	folders map[string]*nameSet
}

// bigFolder is how many names make a folder worth keeping the names of.
const bigFolder = 64

// nameSet is the names in a folder, and each under the key its name is
// compared by when case and Unicode form are ignored (see foldName); of
// names alike under one key, the last in the folder's order.
type nameSet struct {
	names  map[string]bool
	folded map[string]string
}

// foldName is the key names are compared by when case and Unicode form
// are ignored.
func foldName(name string) string { return strings.ToLower(norm.NFC.String(name)) }

// near returns the name in p's folder that matches p's last element when
// case and Unicode form are ignored, preferring an exact match; "" when
// there is none, or the folder cannot be read.
// nearPath is near for a path under base that is not there, any of
// whose folders may be written with other capitals too: the path under
// base that is there, or "". Only the file's own name differs, it is that
// name, as near gives it.
func (f *folderNames) nearPath(fsys fs.FS, base, p string) string {
	dir := path.Dir(p)
	if _, err := fs.Stat(fsys, dir); err == nil {
		return f.near(fsys, p)
	}
	at := base
	for part := range strings.SplitSeq(strings.TrimPrefix(p, base+"/"), "/") {
		next := path.Join(at, part)
		if _, err := fs.Stat(fsys, next); err != nil {
			name := f.near(fsys, next)
			if name == "" {
				return ""
			}
			next = path.Join(at, name)
		}
		at = next
	}
	if info, err := fs.Stat(fsys, at); err != nil || info.IsDir() {
		return ""
	}
	return strings.TrimPrefix(at, base+"/")
}

func (f *folderNames) near(fsys fs.FS, p string) string {
	dir, name := path.Split(p)
	dir = path.Clean(dir)
	set := f.get(dir)
	if set == nil {
		items, err := fs.ReadDir(fsys, dir)
		if err != nil {
			return ""
		}
		if len(items) < bigFolder {
			return nearIn(items, name)
		}
		set = &nameSet{names: make(map[string]bool, len(items)), folded: make(map[string]string, len(items))}
		for _, it := range items {
			set.names[it.Name()] = true
			set.folded[foldName(it.Name())] = it.Name()
		}
		f.put(dir, set)
	}
	if set.names[name] {
		return name
	}
	return set.folded[foldName(name)]
}

// nearIn is near among the items of a small folder, read for the one
// name.
func nearIn(items []fs.DirEntry, name string) string {
	want := foldName(name)
	found := ""
	for _, it := range items {
		if it.Name() == name {
			return name
		}
		if foldName(it.Name()) == want {
			found = it.Name()
		}
	}
	return found
}

func (f *folderNames) get(dir string) *nameSet {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.folders[dir]
}

func (f *folderNames) put(dir string, set *nameSet) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.folders == nil {
		f.folders = map[string]*nameSet{}
	}
	f.folders[dir] = set
}

// Media is what a file holds, judged by its extension.
type Media int

const (
	OtherMedia Media = iota
	Image
	Video
	Audio
)

// MediaOf returns the kind of media a file name suggests. The formats
// and their kinds have one home, the media package, so that every video
// and sound file, refused formats included, needs captions.
func MediaOf(name string) Media {
	switch media.KindOf(name) {
	case media.Image:
		return Image
	case media.Video:
		return Video
	case media.Audio:
		return Audio
	}
	return OtherMedia
}

// leadsOutside is why followLinks refuses a link that leads outside the
// portfolio.
const leadsOutside = "leads outside the portfolio's folder, and dll reads only what is in it; copy the entry itself here, in place of the link"

// outsideLink reports whether the portfolio path p is, or goes through, a
// link to a file or folder outside the portfolio that is there (a link to
// nothing is said to be one when it is read).
func outsideLink(fsys fs.FS, p string) bool {
	if _, problem := followLinks(fsys, p); problem != leadsOutside {
		return false
	}
	_, err := fs.Stat(fsys, p)
	return err == nil
}

// maxLinks is how many links a path may go through: more is a circle, or
// a chain no one means.
const maxLinks = 8

// followLinks follows the links on the way to the portfolio path p, and
// returns the path inside the portfolio it leads to. problem says, in
// words for the author after "this link ...", why it leads nowhere dll
// reads: outside the portfolio, or round in a circle. A path that
// leads to nothing is returned as it is: Stat says so.
func followLinks(fsys fs.FS, p string) (string, string) {
	for range maxLinks + 1 {
		link, target, err := firstLink(fsys, p)
		if err != nil || link == "" {
			return p, ""
		}
		next := path.Join(path.Dir(link), target) + strings.TrimPrefix(p, link)
		if path.IsAbs(target) || !within(".", next) {
			return "", leadsOutside
		}
		p = next
	}
	return "", "goes through too many links, which lead round in a circle or on and on; put the entry itself here, in place of the link"
}

// entryLink says what an entry of experiences/, file, that is a link or
// goes through one leads to: the portfolio path of what it reads, or why
// it is skipped, with what to do.
func entryLink(fsys fs.FS, file string) (string, string) {
	real, problem := followLinks(fsys, file)
	if problem != "" {
		return "", "skipped: this link " + problem
	}
	if _, err := fs.Stat(fsys, real); errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Sprintf("skipped: this is a link to %s, which is not there; put the entry itself here, in place of the link", Quote(real))
	}
	if isEntry(fsys, real) {
		// Read once, under its own name.
		return "", fmt.Sprintf("skipped: this is a link to %s, which is an entry already, read under its own name; remove the link (dll rename gives an entry another name)", Quote(real))
	}
	return real, ""
}

// isEntry reports whether the portfolio path p is an entry of experiences/
// itself: a file of one, a folder with an index.md, or that index.md.
func isEntry(fsys fs.FS, p string) bool {
	dir, name := path.Split(p)
	switch {
	case IsJunk(name):
		return false
	case dir == ExperiencesDir+"/":
		switch strings.ToLower(path.Ext(name)) {
		case ".md", ".markdown", ".yaml", ".yml":
			return true
		}
		_, err := fs.Stat(fsys, path.Join(p, IndexFile))
		return err == nil
	}
	return name == IndexFile && path.Dir(path.Dir(p)) == ExperiencesDir
}
