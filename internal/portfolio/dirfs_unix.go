//go:build unix

package portfolio

import (
	"io/fs"
	"os"
	"strings"
	"syscall"
)

// readRegular opens name without waiting (a named pipe then opens at once
// rather than waiting for a writer, and is turned away by its type), looks
// at the open file once, and reads it into buf straight from its
// descriptor. An os.File would cost more calls: os.Open puts an ordinary
// file in and out of non-blocking mode and tries to add it to the
// poller.
func (d dirFS) readRegular(name string, max int64, buf []byte) ([]byte, bool, error) {
	full, ok := d.join(name)
	if !ok {
		return nil, false, nil
	}
	var fd int
	err := ignoringEINTR(func() (err error) {
		fd, err = syscall.Open(full, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC|syscall.O_NOCTTY, 0)
		return err
	})
	if err != nil {
		return nil, false, nil
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	err = ignoringEINTR(func() error { return syscall.Fstat(fd, &st) })
	if err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG || int64(st.Size) > max {
		return nil, false, nil
	}
	src := sized(buf, int64(st.Size))
	n := 0
	for n < len(src) {
		m, err := syscall.Read(fd, src[n:])
		switch {
		case err == syscall.EINTR:
			continue
		case err == syscall.EAGAIN:
			// An ordinary file is read whether or not it was opened
			// without waiting, but a file system may say otherwise:
			// then the file is read waiting, as os.Open's would be.
			if err := syscall.SetNonblock(fd, false); err != nil {
				return nil, true, &fs.PathError{Op: "read", Path: name, Err: err}
			}
			continue
		case err != nil:
			return nil, true, &fs.PathError{Op: "read", Path: name, Err: err}
		case m <= 0:
			// Made shorter since it was opened: read as far as it goes.
			return src[:n], true, nil
		}
		n += m
	}
	return src, true, nil
}

// join is os.DirFS's: the path of name in the folder, or false for a
// name that os.DirFS refuses.
func (d dirFS) join(name string) (string, bool) {
	if d.root == "" || !fs.ValidPath(name) || strings.IndexByte(name, 0) >= 0 {
		return "", false
	}
	if os.IsPathSeparator(d.root[len(d.root)-1]) {
		return d.root + name, true
	}
	return d.root + string(os.PathSeparator) + name, true
}

// ignoringEINTR calls f again for as long as it is interrupted by a
// signal.
func ignoringEINTR(f func() error) error {
	for {
		if err := f(); err != syscall.EINTR {
			return err
		}
	}
}
