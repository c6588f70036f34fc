package main_test

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestVersionFromGit: a dll built from a git checkout with an edit not yet
// committed, as 'go install ./cmd/dll' in a clone builds it, says which
// commit it was built from, when, and that it had changes; the version is
// the one Go derives from the commit.
func TestVersionFromGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must run this test: git is not installed")
		}
		t.Skip("git is not installed")
	}
	src := filepath.Join(t.TempDir(), "dll")
	copySources(t, "../..", src)
	env := append(os.Environ(),
		"GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=T. Tester", "GIT_AUTHOR_EMAIL=t@example.org",
		"GIT_COMMITTER_NAME=T. Tester", "GIT_COMMITTER_EMAIL=t@example.org",
		"GIT_AUTHOR_DATE=2026-03-14T09:30:00Z", "GIT_COMMITTER_DATE=2026-03-14T09:30:00Z")
	run := func(name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir, cmd.Env = src, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out))
	}
	run("git", "init", "-q")
	run("git", "add", "-A")
	run("git", "commit", "-q", "-m", "Sources")
	rev := run("git", "rev-parse", "HEAD")
	f, err := os.OpenFile(filepath.Join(src, "cmd", "dll", "main.go"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("\n// An edit not committed yet.\n")
	f.Close()
	bin := filepath.Join(t.TempDir(), "dll")
	run("go", "build", "-buildvcs=true", "-trimpath", "-o", bin, "./cmd/dll")

	goVersion := strings.Fields(run("go", "env", "GOVERSION"))[0]
	want := "dll v0.0.0-20260314093000-" + rev[:12] + "+dirty\n" +
		"commit " + rev + " of 2026-03-14 09:30:00 UTC, with changes not committed\n" +
		"built with " + goVersion + " for " + runtime.GOOS + "/" + runtime.GOARCH + "\n"
	for _, args := range [][]string{{"--version"}, {"version"}} {
		stdout, stderr, code := runBin(t, bin, t.TempDir(), args...)
		if code != 0 || stderr != "" || stdout != want {
			t.Errorf("dll %s: exit %d\nstdout:\n%s\nstderr:\n%s\nwant:\n%s", args[0], code, stdout, stderr, want)
		}
	}
}

// copySources copies what building dll needs (go.mod, go.sum and the Go
// files and embedded files of cmd, internal and templates, without tests
// and their data) from the repository at from to dst.
func copySources(t *testing.T, from, dst string) {
	t.Helper()
	for _, name := range []string{"go.mod", "go.sum"} {
		copyFile(t, filepath.Join(from, name), filepath.Join(dst, name))
	}
	for _, dir := range []string{"cmd", "internal", "templates"} {
		err := filepath.WalkDir(filepath.Join(from, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if d.Name() == "testdata" {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasSuffix(d.Name(), "_test.go") {
				return nil
			}
			rel, _ := filepath.Rel(from, p)
			copyFile(t, p, filepath.Join(dst, rel))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
