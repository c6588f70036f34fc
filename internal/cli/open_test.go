package cli

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// TestBrowserCommand: the program that opens the browser on each system,
// BROWSER first when it names one that exists.
func TestBrowserCommand(t *testing.T) {
	const url = "http://127.0.0.1:4400/"
	for _, tc := range []struct {
		name     string
		goos     string
		browser  string
		programs []string // those found on the computer
		want     []string
		wantErr  string
	}{
		{"Linux desktop", "linux", "", []string{"xdg-open", "sensible-browser"}, []string{"xdg-open", url}, ""},
		{"WSL without xdg-open", "linux", "", []string{"wslview"}, []string{"wslview", url}, ""},
		{"Debian without a desktop's opener", "linux", "", []string{"x-www-browser"}, []string{"x-www-browser", url}, ""},
		{"BROWSER first", "linux", "firefox", []string{"xdg-open", "firefox"}, []string{"firefox", url}, ""},
		{"BROWSER a list, with %s and arguments", "freebsd", "nothere:chromium --new-window %s", []string{"chromium"}, []string{"chromium", "--new-window", url}, ""},
		{"BROWSER naming nothing installed", "linux", "nothere", []string{"xdg-open"}, []string{"xdg-open", url}, ""},
		{"macOS", "darwin", "", []string{"open"}, []string{"open", url}, ""},
		{"Windows", "windows", "", []string{"rundll32"}, []string{"rundll32", "url.dll,FileProtocolHandler", url}, ""},
		{"a server with nothing", "linux", "", nil, nil, "found none of xdg-open, wslview, sensible-browser, x-www-browser on this computer, and BROWSER is not set"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			getenv := func(k string) string {
				if k == "BROWSER" {
					return tc.browser
				}
				return ""
			}
			look := func(name string) (string, error) {
				for _, p := range tc.programs {
					if p == name {
						return "/usr/bin/" + name, nil
					}
				}
				return "", exec.ErrNotFound
			}
			got, err := browserCommand(tc.goos, getenv, look, url)
			if tc.wantErr != "" {
				var none *NoBrowserError
				if !errors.As(err, &none) || err.Error() != tc.wantErr {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

// TestBuildOpen: dll build --open opens the site's home page once it is
// built, and says so; when it cannot, the site is still built and dll
// says how to open it.
func TestBuildOpen(t *testing.T) {
	dir := copyExample(t)
	var opened []string
	e := newTestEnv(t, dir)
	e.OpenBrowser = func(target string) error { opened = append(opened, target); return nil }
	if code := e.run(t, "build", "--open"); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, e.out, e.err)
	}
	want := "Built 10 experiences into public/: 84 pages and 36 files (861 KB).\nOpened public/index.html in your browser.\n"
	if e.out.String() != filepath.FromSlash(want) {
		t.Errorf("stdout:\n%s\nwant:\n%s", e.out, want)
	}
	if len(opened) != 1 || opened[0] != filepath.Join(dir, "public", "index.html") {
		t.Errorf("opened %q", opened)
	}

	e = newTestEnv(t, dir)
	e.OpenBrowser = func(string) error { return &NoBrowserError{Tried: []string{"xdg-open", "wslview"}} }
	if code := e.run(t, "build", "--open"); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, e.out, e.err)
	}
	want = "Built 10 experiences into public/: 84 pages and 36 files (861 KB).\n"
	wantErr := "dll: warning: cannot open your browser: dll found none of xdg-open, wslview on this computer, and BROWSER is not set. Open public/index.html in your browser yourself, or set BROWSER to your browser's command (such as BROWSER=firefox).\n"
	if e.out.String() != filepath.FromSlash(want) || !strings.HasSuffix(e.err.String(), filepath.FromSlash(wantErr)) {
		t.Errorf("stdout:\n%s\nstderr:\n%s\nwant:\n%s%s", e.out, e.err, want, wantErr)
	}
}

// TestOpenWithRealProgram: the dll binary runs the opener it finds, with
// the page to open; an opener that fails is reported with its own words.
func TestOpenWithRealProgram(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("the fake opener is a shell script named xdg-open")
	}
	bin := dllBinary(t)
	dir := copyExample(t)
	tools := t.TempDir()
	log := filepath.Join(t.TempDir(), "opened")
	writeFile(t, filepath.Join(tools, "xdg-open"), "#!/bin/sh\nprintf '%s\\n' \"$@\" > "+log+"\n")
	writeFile(t, filepath.Join(tools, "failing-browser"), "#!/bin/sh\necho 'no display to open a window on' >&2\nexit 3\n")
	for _, f := range []string{"xdg-open", "failing-browser"} {
		if err := os.Chmod(filepath.Join(tools, f), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	run := func(env ...string) (string, string) {
		cmd := exec.Command(bin, "build", "--open")
		cmd.Dir = dir
		cmd.Env = append(testEnvWith("PATH="+tools+string(os.PathListSeparator)+"/usr/bin:/bin"), env...)
		var out, errb strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			t.Fatalf("dll build --open: %v\n%s%s", err, out.String(), errb.String())
		}
		return out.String(), errb.String()
	}
	out, _ := run()
	if !strings.HasSuffix(out, "Opened public/index.html in your browser.\n") {
		t.Errorf("stdout:\n%s", out)
	}
	if got := readFile(t, log); got != filepath.Join(dir, "public", "index.html")+"\n" {
		t.Errorf("xdg-open was given %q", got)
	}
	_, errOut := run("BROWSER=failing-browser")
	if want := "dll: warning: cannot open your browser: failing-browser failed: no display to open a window on. Open public/index.html in your browser yourself.\n"; !strings.HasSuffix(errOut, want) {
		t.Errorf("stderr:\n%s\nwant it to end with:\n%s", errOut, want)
	}
}
