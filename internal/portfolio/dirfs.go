package portfolio

import (
	"io/fs"
	"os"
)

// DirFS returns the file system of the portfolio folder root for loading
// it: os.DirFS(root), with every method of it, whose entries, settings
// and philosophy statement the loader reads with fewer calls to the
// system where it can (see regularReader). Calls to the system cost much
// on some machines, and a build reads every entry twice.
func DirFS(root string) fs.FS {
	return dirFS{osDirFS: os.DirFS(root).(osDirFS), root: root}
}

// osDirFS is what os.DirFS offers beyond Open, which dirFS offers too, so
// that a portfolio folder is read as it would be with os.DirFS.
type osDirFS interface {
	fs.StatFS
	fs.ReadFileFS
	fs.ReadDirFS
	fs.ReadLinkFS
}

type dirFS struct {
	osDirFS
	root string
}

// regularReader is a file system that reads an ordinary file whole with
// fewer calls to the system than Stat, Open, Stat, Read and Close (see
// DirFS).
type regularReader interface {
	// readRegular reads the file name into buf, or into a new slice when
	// buf has not the room, if it is an ordinary file of at most max
	// bytes, reading no more than the size it had when opened. handled is
	// false, and nothing read, for anything else: a name os.DirFS refuses,
	// a missing file, a folder, a named pipe, a device, a file too large,
	// one that cannot be opened or looked at. The loader then looks at it
	// the usual way, to say what is wrong. err is a read that failed.
	readRegular(name string, max int64, buf []byte) (src []byte, handled bool, err error)
}
