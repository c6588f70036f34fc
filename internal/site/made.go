package site

import (
	"os"
	"path"
	"path/filepath"
)

// Made reports whether the file rel (a slash path inside the folder root)
// lies in a folder that dll build made: one that holds the marker, such as
// a built site, the folder a build is being made in, or one a stopped
// build left behind. Such files are dll's, never the author's work.
// known caches the answer for each folder between calls; it may be nil.
func Made(root, rel string, known map[string]bool) bool {
	for dir := path.Dir(rel); dir != "." && dir != "/"; dir = path.Dir(dir) {
		made, ok := known[dir]
		if !ok {
			_, err := os.Lstat(filepath.Join(root, filepath.FromSlash(dir), Marker))
			made = err == nil
			if known != nil {
				known[dir] = made
			}
		}
		if made {
			return true
		}
	}
	return false
}
