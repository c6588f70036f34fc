// Package atomicfile writes files whole or not at all: a reader, a crash
// or a full disk never sees half a file, and a file that exists is never
// overwritten unless asked to be replaced.
package atomicfile

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Replace writes data to name through a temporary file in the same folder,
// given the permissions perm and renamed over name.
func Replace(name string, data []byte, perm fs.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".new-")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), perm)
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// ReplaceKeepMode is Replace for a file that exists, keeping its
// permissions.
func ReplaceKeepMode(name string, data []byte) error {
	info, err := os.Stat(name)
	if err != nil {
		return err
	}
	return Replace(name, data, info.Mode().Perm())
}

// WriteNew writes a file that must not exist yet; it fails with an error
// wrapping fs.ErrExist when it does, and never leaves a partial file.
func WriteNew(name string, data []byte) error {
	return writeNew(name, bytes.NewReader(data))
}

// CopyNew copies the file src to name, which must not exist yet, as
// WriteNew writes it.
func CopyNew(name, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	return writeNew(name, in)
}

func writeNew(name string, r io.Reader) error {
	out, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, r); err != nil {
		out.Close()
		os.Remove(name)
		return err
	}
	if err := out.Close(); err != nil {
		os.Remove(name)
		return err
	}
	return nil
}

// Same reports whether the file name holds data (when not nil), or else
// the same bytes as the file src.
func Same(name string, data []byte, src string) bool {
	if data != nil {
		old, err := os.ReadFile(name)
		return err == nil && bytes.Equal(old, data)
	}
	a, errA := os.Stat(name)
	b, errB := os.Stat(src)
	if errA != nil || errB != nil || a.Size() != b.Size() {
		return false
	}
	fa, err := os.Open(name)
	if err != nil {
		return false
	}
	defer fa.Close()
	fb, err := os.Open(src)
	if err != nil {
		return false
	}
	defer fb.Close()
	ba, bb := make([]byte, 64<<10), make([]byte, 64<<10)
	for {
		na, errA := io.ReadFull(fa, ba)
		nb, errB := io.ReadFull(fb, bb)
		if na != nb || !bytes.Equal(ba[:na], bb[:nb]) {
			return false
		}
		if errA != nil || errB != nil {
			return errA == errB || (errA == io.ErrUnexpectedEOF || errA == io.EOF) && (errB == io.ErrUnexpectedEOF || errB == io.EOF)
		}
	}
}
