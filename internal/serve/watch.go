package serve

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"dll/internal/portfolio"
	"dll/internal/site"
)

// Watcher reports the files that change in a portfolio folder, in batches:
// an editor's save (a temporary file renamed over the old one, a swap
// file, a backup) and a burst of saves come out as one batch, once the
// folder has been quiet for a moment.
type Watcher struct {
	root    string
	w       *fsnotify.Watcher
	quiet   time.Duration
	longest time.Duration
	batches chan []string
	errs    chan error
	done    chan struct{}
	// dirs are the folders watched, by absolute path. The kernel keeps
	// one watch per folder whatever its name, and fsnotify goes on naming
	// a folder's events by the path it was added with: a folder renamed
	// must be forgotten under its old name before it is watched under
	// its new one.
	dirs map[string]bool
	// sites are the folders, by absolute path, that hold a site dll
	// built (public/): their changes are not edits, and neither is a
	// build swapping in a new one by renames.
	sites map[string]bool
}

// Watch starts watching root and every folder in it, except hidden
// folders (.git) and sites that dll built (public/). A batch is sent once
// no change came for quiet, or at the latest longest after its first
// change.
func Watch(root string, quiet, longest time.Duration) (*Watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, watchError(err)
	}
	w := &Watcher{root: root, w: fw, quiet: quiet, longest: longest,
		batches: make(chan []string), errs: make(chan error, 1), done: make(chan struct{}),
		dirs: map[string]bool{}, sites: map[string]bool{}}
	if _, err := w.add(root); err != nil {
		fw.Close()
		return nil, watchError(err)
	}
	go w.loop()
	return w, nil
}

// Everything stands in a batch for changes the watcher lost track of: so
// many came at once (a git checkout, a folder of thousands of files copied
// in) that the system dropped some. Any file may have changed.
const Everything = "."

// ErrLostTrack is reported when the system dropped changes; the batch
// that follows holds Everything.
var ErrLostTrack = errors.New("so many files changed at once that the system lost track of which; the whole preview is built again")

func watchError(err error) error {
	switch {
	case strings.Contains(err.Error(), "no space left"): // Linux: ENOSPC, out of inotify watches
		return errors.New("the system will not let dll watch this many folders; raise the limit (sudo sysctl fs.inotify.max_user_watches=524288) and try again")
	case strings.Contains(err.Error(), "too many open files"): // macOS and BSD: one open file for each file watched; Linux: too many watchers
		return errors.New("the system will not let dll watch this many files; raise the limit (on macOS: ulimit -n 65536 in this terminal; on Linux: sudo sysctl fs.inotify.max_user_instances=1024) and try again")
	}
	return err
}

// Batches sends the slash paths, relative to the portfolio, of the files
// and folders that changed.
func (w *Watcher) Batches() <-chan []string { return w.batches }

// Errors sends what went wrong with watching, such as a full event queue;
// the watcher goes on.
func (w *Watcher) Errors() <-chan error { return w.errs }

// Close stops watching.
func (w *Watcher) Close() error {
	select {
	case <-w.done:
		return nil
	default:
	}
	close(w.done)
	return w.w.Close()
}

// add watches dir and the folders in it, and returns the files found in
// them: a folder made by a move arrives with its files already in it.
func (w *Watcher) add(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil // gone meanwhile
		}
		if p != dir && w.ignored(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			files = append(files, p)
			return nil
		}
		if _, err := os.Stat(filepath.Join(p, site.Marker)); err == nil {
			w.sites[p] = true
			return filepath.SkipDir // a site dll built: its changes are not edits
		}
		if err := w.w.Add(p); err != nil {
			if errors.Is(err, fs.ErrNotExist) && p != dir {
				return filepath.SkipDir // gone meanwhile; go on with the others
			}
			return err
		}
		w.dirs[p] = true
		return nil
	})
	return files, err
}

// forget stops watching dir, a folder that was renamed, moved away or
// deleted, and the folders in it, so that a later add of its new name
// watches it afresh (and, moved out of the portfolio, it is not watched
// under its old name any more).
func (w *Watcher) forget(dir string) {
	if !w.dirs[dir] {
		return
	}
	prefix := dir + string(filepath.Separator)
	for d := range w.dirs {
		if d == dir || strings.HasPrefix(d, prefix) {
			w.w.Remove(d) // already gone with the folder, or not: either way it is not watched now
			delete(w.dirs, d)
		}
	}
}

// inSite reports whether p is, or is in, a folder holding a site dll
// built.
func (w *Watcher) inSite(p string) bool {
	for d := range w.sites {
		if p == d || strings.HasPrefix(p, d+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// ignored reports whether a name is never content: hidden files, editors'
// swap, backup and temporary files.
func (w *Watcher) ignored(name string) bool {
	return portfolio.IsJunk(name)
}

// rel is a changed path as a slash path relative to the portfolio.
func (w *Watcher) rel(p string) (string, bool) {
	r, err := filepath.Rel(w.root, p)
	if err != nil || r == "." || strings.HasPrefix(r, "..") {
		return "", false
	}
	for _, part := range strings.Split(r, string(filepath.Separator)) {
		if w.ignored(part) {
			return "", false
		}
	}
	return filepath.ToSlash(r), true
}

func (w *Watcher) loop() {
	pending := map[string]bool{}
	created := map[string]bool{} // made since the last batch
	quiet, longest := stoppedTimer(), stoppedTimer()
	var out chan []string // set while a batch waits to be taken
	var batch []string
	flush := func() {
		quiet.Stop()
		longest.Stop()
		for name := range pending {
			if !slices.Contains(batch, name) {
				batch = append(batch, name)
			}
		}
		clear(pending)
		clear(created)
		if len(batch) > 0 {
			slices.Sort(batch)
			out = w.batches
		}
	}
	for {
		select {
		case <-w.done:
			return
		case ev, ok := <-w.w.Events:
			if !ok {
				return
			}
			if ev.Op == fsnotify.Chmod {
				continue
			}
			if ev.Has(fsnotify.Rename) || ev.Has(fsnotify.Remove) {
				w.forget(ev.Name)
			}
			name, ok := w.rel(ev.Name)
			if !ok || w.inSite(ev.Name) && !ev.Has(fsnotify.Create) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					if _, err := os.Stat(filepath.Join(ev.Name, site.Marker)); err == nil {
						w.sites[ev.Name] = true
						continue
					}
					delete(w.sites, ev.Name) // a folder of the author's own now
					files, err := w.add(ev.Name)
					if err != nil && !errors.Is(err, fs.ErrNotExist) {
						w.report(watchError(err)) // not watched: its changes will not show
					}
					for _, f := range files {
						if r, ok := w.rel(f); ok {
							pending[r] = true
						}
					}
				}
			}
			if len(pending) == 0 {
				longest.Reset(w.longest)
			}
			switch {
			case ev.Has(fsnotify.Create):
				created[name] = true
				pending[name] = true
			case created[name] && (ev.Has(fsnotify.Rename) || ev.Has(fsnotify.Remove)):
				// A temporary file, such as an editor's or sed's, moved
				// over the file it was written for, or removed: not a
				// change of its own.
				delete(pending, name)
			default:
				pending[name] = true
			}
			quiet.Reset(w.quiet)
		case err, ok := <-w.w.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Changes were dropped: watch any folder made meanwhile,
				// and have everything built again.
				if _, err := w.add(w.root); err != nil {
					w.report(watchError(err))
				}
				if len(pending) == 0 {
					longest.Reset(w.longest)
				}
				pending[Everything] = true
				quiet.Reset(w.quiet)
				err = ErrLostTrack
			}
			w.report(watchError(err))
		case <-quiet.C:
			flush()
		case <-longest.C:
			flush()
		case out <- batch:
			batch, out = nil, nil
		}
	}
}

// report sends err to Errors unless one is waiting there already.
func (w *Watcher) report(err error) {
	select {
	case w.errs <- err:
	default:
	}
}

func stoppedTimer() *time.Timer {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return t
}
