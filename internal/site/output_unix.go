//go:build unix

package site

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// createFile makes the new file full, to write a page of the site in,
// and writes to its descriptor with plain calls to the system. An os.File
// would cost five calls more for every page: os.OpenFile puts an ordinary
// file in and out of non-blocking mode and tries to add it to the poller.
// Its errors read as an os.File's would.
func createFile(full string) (io.WriteCloser, error) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(full, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC, 0o644)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, writing("open", full, err)
	}
	return &fdFile{fd: fd, name: full}, nil
}

// fdFile is a file of the site open for writing. It reports a failed
// write (a full disk) at Write or at Close, as an os.File would.
type fdFile struct {
	fd   int // -1 once closed
	name string
}

// maxWrite is the most written with one call, as os.File writes.
const maxWrite = 1 << 30

func (f *fdFile) Write(p []byte) (int, error) {
	if f.fd < 0 {
		return 0, writing("write", f.name, os.ErrClosed)
	}
	n := 0
	for n < len(p) {
		m, err := syscall.Write(f.fd, p[n:min(len(p), n+maxWrite)])
		if m > 0 {
			n += m
		}
		switch {
		case err == syscall.EINTR:
		case err != nil:
			return n, writing("write", f.name, err)
		case m <= 0:
			return n, writing("write", f.name, io.ErrUnexpectedEOF)
		}
	}
	return n, nil
}

func (f *fdFile) Close() error {
	if f.fd < 0 {
		return writing("close", f.name, os.ErrClosed)
	}
	fd := f.fd
	f.fd = -1 // never closed twice: the number may be another file's by then
	if err := syscall.Close(fd); err != nil {
		return writing("close", f.name, err)
	}
	return nil
}

// writing is the error of op on the file name, worded as os.File words
// it.
func writing(op, name string, err error) error {
	return fmt.Errorf("writing the site: %w", &fs.PathError{Op: op, Path: name, Err: err})
}
