package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// testNow is the clock of every test.
var testNow = time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)

// testEnv is an Env for one test: its own folder and clock, output kept.
type testEnv struct {
	Env
	out, err *bytes.Buffer
}

// newTestEnv runs commands in dir. stdin never delivers anything, so that
// a command that waits for input blocks and the test times out.
func newTestEnv(t *testing.T, dir string) *testEnv {
	t.Helper()
	pr, pw := io.Pipe()
	t.Cleanup(func() { pw.Close() })
	e := &testEnv{out: &bytes.Buffer{}, err: &bytes.Buffer{}}
	e.Env = Env{
		In: pr, Out: e.out, Err: e.err,
		Getwd:  func() (string, error) { return dir, nil },
		Now:    func() time.Time { return testNow },
		Getenv: func(string) string { return "" },
	}
	return e
}

// run runs dll with args and returns the exit code. It fails the test when
// the command does not end within a few seconds.
func (e *testEnv) run(t *testing.T, args ...string) int {
	t.Helper()
	done := make(chan int, 1)
	go func() { done <- Main(context.Background(), args, e.Env) }()
	select {
	case code := <-done:
		return code
	case <-time.After(60 * time.Second):
		t.Fatalf("dll %s did not finish: it waits for input it will never get", strings.Join(args, " "))
		return -1
	}
}

// isolateGit makes git use no personal configuration, and gives it an
// identity, so tests run the same on every machine.
func isolateGit(t *testing.T) {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_AUTHOR_NAME", "Test Leader")
	t.Setenv("GIT_AUTHOR_EMAIL", "leader@example.org")
	t.Setenv("GIT_COMMITTER_NAME", "Test Leader")
	t.Setenv("GIT_COMMITTER_EMAIL", "leader@example.org")
}

// minimalPortfolio makes a portfolio folder with only a dll.yaml.
func minimalPortfolio(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "dll.yaml"), "title: Test\nleader:\n  name: A. Leader\n  role: instructional-coach\n  organization: Example School\n")
	return dir
}

func writeFile(t *testing.T, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// missingTool ends a test that needs a tool the machine lacks: a failure in
// CI, where every tool must be installed, and a skip on a developer's machine.
func missingTool(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("CI must run this test: "+format, args...)
	}
	t.Skipf(format, args...)
}
