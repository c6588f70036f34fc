package portfolio

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"dll/internal/diag"
)

// shrunkFS is a file system whose file says, when asked, that it holds
// size bytes, but holds fewer when read: a file that an editor empties or
// shortens while dll reads it.
type shrunkFS struct {
	data string
	size int64
}

func (s shrunkFS) Open(name string) (fs.File, error) {
	f, err := fstest.MapFS{name: {Data: []byte(s.data)}}.Open(name)
	if err != nil {
		return nil, err
	}
	return shrunkFile{File: f, size: s.size}, nil
}

type shrunkFile struct {
	fs.File
	size int64
}

func (f shrunkFile) Stat() (fs.FileInfo, error) {
	info, err := f.File.Stat()
	return sizedInfo{info, f.size}, err
}

type sizedInfo struct {
	fs.FileInfo
	size int64
}

func (i sizedInfo) Size() int64 { return i.size }

// TestReadShrunkFile: a file made shorter, or emptied, between the look
// at its size and the read is read as far as it goes, with no message:
// it is read again, whole, on the next run.
func TestReadShrunkFile(t *testing.T) {
	for _, tc := range []struct{ data, want string }{
		{"title: T\n", "title: T\n"},
		{"", ""},
	} {
		var diags diag.List
		src, ok := readFileInto(shrunkFS{data: tc.data, size: 100}, SettingsFile, &diags, true, nil)
		if !ok || string(src) != tc.want || len(diags) > 0 {
			var got []string
			for _, d := range diags {
				got = append(got, d.String())
			}
			t.Errorf("a file of %d bytes that said 100: read %q, %v, with problems %q; want %q, true and none", len(tc.data), src, ok, strings.Join(got, "\n"), tc.want)
		}
	}
}
