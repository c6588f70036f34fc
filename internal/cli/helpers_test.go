package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"dll/internal/gitinfo"
	"dll/internal/gitinfo/gittest"
)

// testNow is the clock of every test.
var testNow = time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)

// testEnviron is the environment of every git and dll process the tests
// start: the tests' own, without git's personal and system settings, with
// an empty HOME and the identity of the tests, and with no repository
// above the temporary folders. It goes with each command (never through
// os.Setenv), so that tests with git can run in parallel.
var testEnviron []string

// testGit runs the real git in testEnviron: the Git of every test's Env.
var testGit gitinfo.Runner

// binPath is the dll binary, built once for the whole test process.
var binPath string

// testTmp is a folder for the whole test process.
var testTmp string

func TestMain(m *testing.M) {
	flag.Parse()
	tmp, err := os.MkdirTemp("", "dll-cli-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testTmp = tmp
	home := filepath.Join(tmp, "home")
	if err := os.Mkdir(home, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testEnviron = gittest.Environ(os.Environ(), home)
	testGit = gitinfo.Exec(testEnviron)
	// Built before any test runs, in the environment go test was given:
	// its own build cache and module cache, so no download and no
	// rebuilding of every package.
	if !testing.Short() {
		binPath = filepath.Join(tmp, "dll")
		if runtime.GOOS == "windows" {
			binPath += ".exe"
		}
		out, err := exec.Command("go", "build", "-buildvcs=false", "-o", binPath, "dll/cmd/dll").CombinedOutput()
		if err != nil {
			fmt.Fprintf(os.Stderr, "building dll: %v\n%s", err, out)
			os.RemoveAll(tmp)
			os.Exit(1)
		}
	}
	code := m.Run()
	os.RemoveAll(tmp)
	os.Exit(code)
}

// testEnvWith is testEnviron with vars (KEY=value) added or replaced.
func testEnvWith(vars ...string) []string {
	return append(slices.Clip(testEnviron), vars...)
}

// noIdentityGit is git that knows no name or email, and will not guess
// them from the computer's name, as on most laptops.
func noIdentityGit() gitinfo.Runner {
	var env []string
	for _, kv := range testEnviron {
		k, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(k, "GIT_AUTHOR_") && !strings.HasPrefix(k, "GIT_COMMITTER_") {
			env = append(env, kv)
		}
	}
	return gitinfo.Exec(append(env, "GIT_CONFIG_COUNT=1", "GIT_CONFIG_KEY_0=user.useConfigOnly", "GIT_CONFIG_VALUE_0=true"))
}

// noGit is git as a command finds it where it is not installed.
func noGit(context.Context, gitinfo.Cmd) ([]byte, error) {
	return nil, &exec.Error{Name: "git", Err: exec.ErrNotFound}
}

// needGit ends a test on a machine without git, failing it in CI.
func needGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		missingTool(t, "git is not installed")
	}
}

// gitT runs git in dir, in testEnviron with env added, and returns its
// output; it fails the test when git fails.
func gitT(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	out, err := gitTry(dir, env, args...)
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func gitTry(dir string, env []string, args ...string) (string, error) {
	out, err := testGit(context.Background(), gitinfo.Cmd{Dir: dir, Args: args, Env: env})
	var x *gitinfo.ExitError
	if errors.As(err, &x) {
		out = append(out, x.Stderr...)
	}
	return string(out), err
}

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
		Git:    testGit,
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
