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
		batches: make(chan []string), errs: make(chan error, 1), done: make(chan struct{})}
	if _, err := w.add(root); err != nil {
		fw.Close()
		return nil, watchError(err)
	}
	go w.loop()
	return w, nil
}

func watchError(err error) error {
	if errors.Is(err, fsnotify.ErrEventOverflow) || strings.Contains(err.Error(), "too many open files") || strings.Contains(err.Error(), "no space left") {
		return errors.New("the system will not let dll watch this many folders; raise the limit (on Linux: sudo sysctl fs.inotify.max_user_watches=524288) and try again")
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
			return filepath.SkipDir // a site dll built: its changes are not edits
		}
		if err := w.w.Add(p); err != nil {
			return err
		}
		return nil
	})
	return files, err
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
			name, ok := w.rel(ev.Name)
			if !ok {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					if _, err := os.Stat(filepath.Join(ev.Name, site.Marker)); err == nil {
						continue
					}
					files, _ := w.add(ev.Name)
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
			select {
			case w.errs <- watchError(err):
			default:
			}
		case <-quiet.C:
			flush()
		case <-longest.C:
			flush()
		case out <- batch:
			batch, out = nil, nil
		}
	}
}

func stoppedTimer() *time.Timer {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return t
}
