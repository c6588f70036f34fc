//go:build unix

package portfolio

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"dll/internal/diag"
)

// readResult is what readFileInto made of a file.
type readResult struct {
	src   string
	ok    bool
	diags string
}

// String shows at most the start of what was read, which may be a
// megabyte.
func (r readResult) String() string {
	src := r.src
	if len(src) > 40 {
		src = src[:40] + "…"
	}
	return fmt.Sprintf("%d bytes %q, %v, problems %q", len(r.src), src, r.ok, r.diags)
}

func lines(diags diag.List) string {
	var out []string
	for _, d := range diags {
		out = append(out, d.String())
	}
	return strings.Join(out, "\n")
}

// notHanging runs f and fails the test if f has not returned when the
// test's context reaches its deadline (that of go test -timeout, less a
// margin to report in, or a minute): opening a named pipe waits for a
// writer that never comes. Then it opens the pipes for writing until f
// returns, which lets it go.
func notHanging(t *testing.T, pipes []string, f func()) {
	t.Helper()
	deadline, ok := t.Deadline()
	if ok {
		deadline = deadline.Add(-time.Until(deadline) / 10)
	} else {
		deadline = time.Now().Add(time.Minute)
	}
	ctx, cancel := context.WithDeadline(t.Context(), deadline)
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-ctx.Done():
		t.Errorf("reading waited on a named pipe until the test's deadline")
		for {
			for _, p := range pipes {
				if fd, err := syscall.Open(p, syscall.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
					syscall.Close(fd)
				}
			}
			select {
			case <-done:
				t.FailNow()
			case <-time.After(10 * time.Millisecond):
			}
		}
	}
}

// TestDirFSReadsAsOSDirFS: the files of a portfolio folder are read
// through DirFS with the messages and rules they have through os.DirFS,
// whatever is where a file should be, and ordinary files are read by its
// own way (readRegular), not os.DirFS's.
func TestDirFSReadsAsOSDirFS(t *testing.T) {
	outside := t.TempDir()
	story := "---\ntitle: Read through a link\n---\nA story.\n"
	os.WriteFile(filepath.Join(outside, "entry.md"), []byte(story), 0o644)
	os.Mkdir(filepath.Join(outside, "folder"), 0o755)

	const notOrdinary = "is not an ordinary file (it is a named pipe, a device or a socket), so dll does not read it; put a text file here"
	big := strings.Repeat("a", MaxFileSize)
	cases := []struct {
		name     string
		make     func(t *testing.T, dir string) // makes the file name in dir
		file     string
		required bool
		want     readResult
		fast     bool // read by readRegular
	}{
		{name: "ordinary", file: SettingsFile, required: true, fast: true,
			make: write("title: T\n"), want: readResult{src: "title: T\n", ok: true}},
		{name: "empty", file: SettingsFile, required: true, fast: true,
			make: write(""), want: readResult{ok: true}},
		{name: "at the size limit", file: "experiences/x.md", fast: true,
			make: write(big), want: readResult{src: big, ok: true}},
		{name: "over the size limit", file: "experiences/x.md",
			make: write(big + "a"),
			want: readResult{diags: "experiences/x.md:1:1: the file is too large (1.0 MB; the limit is 1 MB); keep the story short and put large material in evidence files"}},
		{name: "missing and required", file: SettingsFile, required: true,
			make: func(*testing.T, string) {},
			want: readResult{diags: "dll.yaml:1:1: not found; a portfolio folder needs a dll.yaml (run dll init to make one)"}},
		{name: "missing", file: PhilosophyFile,
			make: func(*testing.T, string) {}},
		{name: "a folder", file: "experiences/x/index.md", required: true,
			make: func(t *testing.T, dir string) { os.MkdirAll(filepath.Join(dir, "experiences/x/index.md"), 0o755) },
			want: readResult{diags: "experiences/x/index.md:1:1: is a folder; it should be a file"}},
		{name: "a named pipe", file: "experiences/x/index.md", required: true,
			make: func(t *testing.T, dir string) { mkfifo(t, filepath.Join(dir, "experiences/x/index.md")) },
			want: readResult{diags: "experiences/x/index.md:1:1: " + notOrdinary}},
		{name: "a socket", file: SettingsFile, required: true,
			make: func(t *testing.T, dir string) {
				l, err := net.Listen("unix", filepath.Join(dir, SettingsFile))
				if err != nil {
					t.Skipf("cannot make a socket: %v", err)
				}
				t.Cleanup(func() { l.Close() })
			},
			want: readResult{diags: "dll.yaml:1:1: " + notOrdinary}},
		{name: "a link to a device", file: SettingsFile, required: true,
			make: link(os.DevNull), want: readResult{diags: "dll.yaml:1:1: " + notOrdinary}},
		{name: "a link to a file outside", file: "experiences/x/index.md", required: true, fast: true,
			make: link(filepath.Join(outside, "entry.md")), want: readResult{src: story, ok: true}},
		{name: "a relative link", file: "experiences/x/index.md", required: true, fast: true,
			make: func(t *testing.T, dir string) {
				rel, _ := filepath.Rel(filepath.Join(dir, "experiences/x"), filepath.Join(outside, "entry.md"))
				link(rel)(t, dir)
			},
			want: readResult{src: story, ok: true}},
		{name: "a link to a folder", file: "experiences/x/index.md", required: true,
			make: link(filepath.Join(outside, "folder")),
			want: readResult{diags: "experiences/x/index.md:1:1: is a folder; it should be a file"}},
		{name: "a link to nothing", file: SettingsFile, required: true,
			make: link(filepath.Join(outside, "nothing")),
			want: readResult{diags: "dll.yaml:1:1: this is a link to a file that is not there; put the file itself here, in place of the link"}},
		{name: "a link to nothing inside", file: "experiences/x/index.md",
			make: link("drafts/index.md"),
			want: readResult{diags: `experiences/x/index.md:1:1: warning: this is a link to "drafts/index.md", which is not there; put the file itself here, in place of the link`}},
		{name: "a link to itself", file: SettingsFile, required: true,
			make: link(SettingsFile),
			want: readResult{diags: "dll.yaml:1:1: cannot be read: it is a symbolic link that leads back to itself; put the file itself here"}},
		{name: "under a file", file: "dll.yaml/x.md", required: true,
			make: func(t *testing.T, dir string) { os.WriteFile(filepath.Join(dir, SettingsFile), nil, 0o644) },
			want: readResult{diags: "dll.yaml/x.md:1:1: cannot be read: not a directory"}},
		{name: "a path out of the folder", file: "../" + filepath.Base(outside) + "/entry.md", required: true,
			make: func(*testing.T, string) {},
			want: readResult{diags: "../" + filepath.Base(outside) + "/entry.md:1:1: cannot be read: invalid argument"}},
		{name: "a path through ..", file: "experiences/../dll.yaml", required: true,
			make: write("title: T\n"),
			want: readResult{diags: "experiences/../dll.yaml:1:1: cannot be read: invalid argument"}},
		{name: "an absolute path", file: filepath.Join(outside, "entry.md"), required: true,
			make: func(*testing.T, string) {},
			want: readResult{diags: filepath.Join(outside, "entry.md") + ":1:1: cannot be read: invalid argument"}},
		{name: "a NUL in the name", file: "dll\x00.yaml", required: true,
			make: func(*testing.T, string) {},
			want: readResult{diags: `dll\x00.yaml:1:1: cannot be read: invalid argument`}},
	}
	if os.Geteuid() != 0 { // the superuser reads any file
		cases = append(cases, struct {
			name     string
			make     func(t *testing.T, dir string)
			file     string
			required bool
			want     readResult
			fast     bool
		}{name: "not readable", file: SettingsFile, required: true,
			make: func(t *testing.T, dir string) { os.WriteFile(filepath.Join(dir, SettingsFile), []byte("x"), 0o200) },
			want: readResult{diags: "dll.yaml:1:1: cannot be read: permission denied; make the file yours to read (its owner or permissions), or copy it again"}})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "portfolio")
			os.MkdirAll(filepath.Join(dir, "experiences", "x"), 0o755)
			tc.make(t, dir)
			read := func(fsys fs.FS, buf []byte) (r readResult) {
				var diags diag.List
				notHanging(t, []string{filepath.Join(dir, tc.file)}, func() {
					src, ok := readFileInto(fsys, tc.file, &diags, tc.required, buf)
					r = readResult{src: string(src), ok: ok, diags: lines(diags)}
				})
				return r
			}
			if got := read(os.DirFS(dir), nil); got != tc.want {
				t.Fatalf("through os.DirFS: got %v, want %v", got, tc.want)
			}
			for _, buf := range [][]byte{nil, make([]byte, 0, 64), make([]byte, 0, 2<<20)} {
				if got := read(DirFS(dir), buf); got != tc.want {
					t.Errorf("through DirFS, into a buffer of %d: got %v, want %v", cap(buf), got, tc.want)
				}
			}
			var fast bool
			notHanging(t, []string{filepath.Join(dir, tc.file)}, func() {
				_, fast, _ = DirFS(dir).(regularReader).readRegular(tc.file, MaxFileSize, nil)
			})
			if fast != tc.fast {
				t.Errorf("read by readRegular: %v, want %v", fast, tc.fast)
			}
		})
	}
}

// TestDirFSReadsIntoTheBuffer: a file that fits in the buffer given is
// read into it, as the loader's buffer for the next entry.
func TestDirFSReadsIntoTheBuffer(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, SettingsFile), []byte("title: T\n"), 0o644)
	buf := make([]byte, 0, 64)
	var diags diag.List
	src, ok := readFileInto(DirFS(dir), SettingsFile, &diags, true, buf)
	if !ok || string(src) != "title: T\n" || &src[0] != &buf[:1][0] {
		t.Errorf("read %q, %v, not into the buffer given", src, ok)
	}
}

// TestNamedPipesAsEntryAndSettings: a named pipe as an entry's index.md
// and as dll.yaml is reported as before, through os.DirFS and through
// DirFS, and reading does not wait on it.
func TestNamedPipesAsEntryAndSettings(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "experiences", "folder"), 0o755)
	pipes := []string{filepath.Join(dir, SettingsFile), filepath.Join(dir, "experiences", "folder", IndexFile)}
	for _, p := range pipes {
		mkfifo(t, p)
	}
	want := strings.Join([]string{
		"dll.yaml:1:1: is not an ordinary file (it is a named pipe, a device or a socket), so dll does not read it; put a text file here",
		"experiences/folder/index.md:1:1: is not an ordinary file (it is a named pipe, a device or a socket), so dll does not read it; put a text file here",
	}, "\n")
	for _, fsys := range []fs.FS{os.DirFS(dir), DirFS(dir)} {
		var diags diag.List
		notHanging(t, pipes, func() { _, diags = Load(fsys) })
		if got := lines(diags); got != want {
			t.Errorf("%T: got\n%s\nwant\n%s", fsys, got, want)
		}
	}
}

// TestEntryRemovedBeforeRead: an entry whose file is removed after the
// folder is listed and before it is read is reported, or left out, as
// through os.DirFS.
func TestEntryRemovedBeforeRead(t *testing.T) {
	want := strings.Join([]string{
		"experiences/gone.md:1:1: not found; a portfolio folder needs a experiences/gone.md (run dll init to make one)",
	}, "\n")
	for _, dirFS := range []func(string) fs.FS{os.DirFS, DirFS} {
		dir := t.TempDir()
		os.MkdirAll(filepath.Join(dir, "experiences", "folder"), 0o755)
		os.WriteFile(filepath.Join(dir, SettingsFile), []byte("title: T\n"), 0o644)
		for _, f := range []string{"experiences/gone.md", "experiences/folder/index.md", "experiences/kept.md"} {
			os.WriteFile(filepath.Join(dir, f), []byte("---\ntitle: T\n---\n"), 0o644)
		}
		fsys := dirFS(dir)
		p, _, err := Open(context.Background(), fsys)
		if err != nil || len(p.Entries) != 3 {
			t.Fatalf("%T: listed %d entries, %v", fsys, len(p.Entries), err)
		}
		os.Remove(filepath.Join(dir, "experiences/gone.md"))
		os.Remove(filepath.Join(dir, "experiences/folder/index.md"))
		diags := p.LoadEntries(context.Background(), "Reading entries", nil)
		diags = slices.DeleteFunc(diags, func(d diag.Diagnostic) bool { return d.File == "experiences/kept.md" })
		if got := lines(diags); got != want {
			t.Errorf("%T: got\n%s\nwant\n%s", fsys, got, want)
		}
		var files []string
		for _, e := range p.Entries {
			files = append(files, e.Src.File)
		}
		if got := strings.Join(files, " "); got != "experiences/gone.md experiences/kept.md" {
			t.Errorf("%T: entries %s, want the folder that lost its index.md left out", fsys, got)
		}
	}
}

// TestDirFSIsOSDirFS: DirFS offers what os.DirFS offers, and answers as
// it does.
func TestDirFSIsOSDirFS(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "experiences", "x"), 0o755)
	os.WriteFile(filepath.Join(dir, SettingsFile), []byte("title: T\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "experiences", "x", IndexFile), []byte("---\n---\n"), 0o644)
	os.Symlink(IndexFile, filepath.Join(dir, "experiences", "x", "link.md"))
	fsys := DirFS(dir)
	for _, ok := range []bool{
		is[fs.StatFS](fsys), is[fs.ReadFileFS](fsys), is[fs.ReadDirFS](fsys), is[fs.ReadLinkFS](fsys),
	} {
		if !ok {
			t.Fatalf("DirFS lacks a method of os.DirFS")
		}
	}
	if err := fstest.TestFS(fsys, SettingsFile, "experiences/x/index.md", "experiences/x/link.md"); err != nil {
		t.Fatal(err)
	}
	target, err := fs.ReadLink(fsys, "experiences/x/link.md")
	if err != nil || target != IndexFile {
		t.Errorf("ReadLink: %q, %v", target, err)
	}
	data, err := fs.ReadFile(fsys, "experiences/x/link.md")
	if err != nil || !bytes.Equal(data, []byte("---\n---\n")) {
		t.Errorf("ReadFile through a link: %q, %v", data, err)
	}
}

func is[T any](v any) bool {
	_, ok := v.(T)
	return ok
}

func write(data string) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) {
		os.WriteFile(filepath.Join(dir, SettingsFile), []byte(data), 0o644)
		os.WriteFile(filepath.Join(dir, "experiences", "x.md"), []byte(data), 0o644)
	}
}

// link makes dll.yaml and experiences/x/index.md links to target.
func link(target string) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) {
		for _, name := range []string{SettingsFile, "experiences/x/index.md"} {
			if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
				t.Skipf("cannot make a link: %v", err)
			}
		}
	}
}

func mkfifo(t *testing.T, name string) {
	t.Helper()
	if err := syscall.Mkfifo(name, 0o644); err != nil {
		t.Skipf("cannot make a named pipe: %v", err)
	}
}
