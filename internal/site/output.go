package site

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"dll/internal/portfolio"
	"dll/internal/privacy"
)

// Marker is the file dll leaves in every folder it builds. Only a folder
// holding it (or an empty one) is ever replaced.
const Marker = portfolio.SiteMarker

const markerText = "This folder was made by dll build, which replaces all of it on every build.\nKeep nothing of your own here.\n"

// ErrRefused wraps the reasons an output folder is refused.
var ErrRefused = errors.New("refused output folder")

// OutputError explains why a folder cannot take the site.
type OutputError struct {
	Dir    string
	Reason string
}

func (e *OutputError) Error() string { return e.Reason }
func (e *OutputError) Unwrap() error { return ErrRefused }

// Places names the folders the output must never be. Paths are absolute.
type Places struct {
	Portfolio string // the portfolio folder
	Home      string // the user's home folder, if known
	Cwd       string // the current folder
}

// CheckOutput says whether out may receive the site: it must not be the
// portfolio, a folder above it, its entries, the home folder, the top of the
// disk or the current folder, and if it exists it must be a folder dll made
// (it holds the marker) or an empty one.
func CheckOutput(out string, at Places) error {
	out = realPath(out)
	refuse := func(format string, args ...any) error {
		return &OutputError{Dir: out, Reason: fmt.Sprintf(format, args...)}
	}
	root := realPath(at.Portfolio)
	switch {
	case out == filepath.Dir(out):
		return refuse("dll will not build into the top of the disk; choose a new folder, such as public inside the portfolio")
	case at.Home != "" && out == realPath(at.Home):
		return refuse("dll will not build into your home folder; choose a new folder, such as public inside the portfolio")
	case out == root:
		return refuse("dll will not build into the portfolio folder itself, which would mix the site with your entries; choose a new folder, such as public")
	case within(out, root):
		return refuse("dll will not build into a folder that holds the portfolio; choose a new folder, such as public inside the portfolio")
	case at.Cwd != "" && out == realPath(at.Cwd):
		return refuse("dll will not build into the current folder; choose a new folder, such as public")
	}
	if within(root, out) {
		first := strings.Split(filepath.ToSlash(mustRel(root, out)), "/")[0]
		switch first {
		case portfolio.ExperiencesDir, "templates", ".git":
			return refuse("dll will not build into %s/, which holds your own files; choose a new folder, such as public", first)
		}
	}
	info, err := os.Lstat(out)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return refuse("cannot use the output folder: %v", err)
	case !info.IsDir():
		return refuse("the output %s is a file, not a folder; choose a folder name", out)
	}
	if _, err := os.Stat(filepath.Join(out, Marker)); err == nil {
		return nil
	}
	names, err := os.ReadDir(out)
	if err != nil {
		return refuse("cannot read the output folder: %v", err)
	}
	if len(names) > 0 {
		return refuse("the output folder already holds files that dll did not make, and building would replace them; choose a new folder, or move those files away first")
	}
	return nil
}

// realPath is p made absolute, with symbolic links resolved as far as the
// path exists.
func realPath(p string) string {
	p, _ = filepath.Abs(p)
	rest := ""
	for cur := p; ; {
		if r, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(r, rest)
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return p
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}

// within reports whether p is inside dir (and not dir itself).
func within(dir, p string) bool {
	r, err := filepath.Rel(dir, p)
	return err == nil && r != "." && !strings.HasPrefix(r, "..") && !filepath.IsAbs(r)
}

func mustRel(base, p string) string {
	r, _ := filepath.Rel(base, p)
	return r
}

// Build renders the portfolio into out. It renders into a new folder beside
// out and swaps it in only when every page is written: on any failure,
// cancellation included, out is left exactly as it was. Call CheckOutput
// first.
func Build(ctx context.Context, p *portfolio.Portfolio, out string, opts Options) (*Summary, error) {
	return build(ctx, p, out, opts, nil)
}

// build is Build with a hook that tests use to make writes fail.
func build(ctx context.Context, p *portfolio.Portfolio, out string, opts Options, fail func(name string) error) (*Summary, error) {
	b, err := buildFolder(ctx, p, out, opts, fail)
	if err != nil {
		return nil, err
	}
	return &b.sum, nil
}

// buildFolder is build, returning the builder; hook is called with the
// name of every file before it is written, and a write fails with its
// error.
func buildFolder(ctx context.Context, p *portfolio.Portfolio, out string, opts Options, hook func(name string) error) (*builder, error) {
	out = realPath(out)
	work, err := newWorkFolder(out)
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work) // gone once swapped in; removes a failed build
	tmp := filepath.Join(work, "site")
	if err := os.Mkdir(tmp, 0o755); err != nil {
		return nil, fmt.Errorf("making a folder to build in: %w", err)
	}
	var w writer = &dirWriter{root: tmp, made: map[string]bool{tmp: true}, fail: hook}
	if names := privacy.New(p.Roster); !names.Empty() {
		w = guard{w: w, names: names}
	}
	// The marker first: a folder of dll's is known as such at every
	// moment, by dll serve's watcher and dll publish among others.
	var b *builder
	err = writeMarker(tmp)
	if err == nil {
		b, err = render(ctx, p, w, opts)
	}
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return nil, err
	}
	return b, swap(work, tmp, out)
}

// WorkPrefix begins the name of the folder beside the output where a build
// is made (".public.dll-build-" and a number for public/). It is hidden,
// holds dll's marker, and holds a .gitignore that makes git ignore all of
// it from the moment it exists, so that a build in progress, or one
// stopped midway, never looks like the author's work.
const WorkPrefix = ".dll-build-"

// workIgnore is the .gitignore of a work folder: everything in it,
// itself included.
const workIgnore = "# dll build makes the site here and swaps it in; git need not see it.\n*\n"

// newWorkFolder makes the hidden folder beside out in which a build is
// made and the old site is moved aside.
func newWorkFolder(out string) (string, error) {
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", fmt.Errorf("making the folder for the site: %w", err)
	}
	work, err := os.MkdirTemp(parent, "."+filepath.Base(out)+WorkPrefix)
	if err != nil {
		return "", fmt.Errorf("making a folder to build in: %w", err)
	}
	// Git does not show an empty folder: these two are there before
	// anything else is.
	err = os.WriteFile(filepath.Join(work, ".gitignore"), []byte(workIgnore), 0o644)
	if err == nil {
		err = os.WriteFile(filepath.Join(work, Marker), []byte(markerText), 0o644)
	}
	if err == nil {
		err = os.Chmod(work, 0o755)
	}
	if err != nil {
		os.RemoveAll(work)
		return "", fmt.Errorf("making a folder to build in: %w", err)
	}
	return work, nil
}

// swap puts the new site, tmp, in the place of out, moving the old one
// into work, which the caller removes.
func swap(work, tmp, out string) error {
	old := ""
	if _, err := os.Lstat(out); err == nil {
		old = filepath.Join(work, "old")
		if err := os.Rename(out, old); err != nil {
			return fmt.Errorf("replacing the site: %w", err)
		}
	}
	if err := os.Rename(tmp, out); err != nil {
		if old != "" {
			os.Rename(old, out)
		}
		return fmt.Errorf("replacing the site: %w", err)
	}
	return nil
}

// madeKept is how many folders a dirWriter remembers having made: those
// of the pages written one after another, and the few that hold many.
const madeKept = 1 << 12

// dirWriter writes the site's files under root.
type dirWriter struct {
	root string
	mu   sync.Mutex
	made map[string]bool         // folders made lately, up to madeKept of them
	fail func(name string) error // see buildFolder's hook
}

func (w *dirWriter) create(name string) (io.WriteCloser, error) {
	if w.fail != nil {
		if err := w.fail(name); err != nil {
			return nil, err
		}
	}
	full := filepath.Join(w.root, filepath.FromSlash(name))
	dir := filepath.Dir(full)
	w.mu.Lock()
	made := w.made[dir]
	w.mu.Unlock()
	if !made {
		w.mu.Lock()
		parentMade := w.made[filepath.Dir(dir)]
		w.mu.Unlock()
		mkdir := os.MkdirAll
		if parentMade {
			mkdir = os.Mkdir // one call instead of a walk up the path
		}
		if err := mkdir(dir, 0o755); err != nil && !(parentMade && errors.Is(err, fs.ErrExist)) {
			return nil, fmt.Errorf("writing the site: %w", err)
		}
		// MkdirAll made the folders on the way too: the next folder
		// beside this one is made with Mkdir alone.
		w.mu.Lock()
		if len(w.made) >= madeKept {
			// Forgotten, so that memory does not grow with the site: a
			// folder made before is made again with MkdirAll, which finds
			// it there.
			clear(w.made)
			w.made[w.root] = true
		}
		for d := dir; !w.made[d] && strings.HasPrefix(d, w.root); d = filepath.Dir(d) {
			w.made[d] = true
		}
		w.mu.Unlock()
	}
	return createFile(full)
}

func writeMarker(root string) error {
	return os.WriteFile(filepath.Join(root, Marker), []byte(markerText), 0o644)
}
