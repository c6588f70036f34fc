package gitinfo

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"dll/internal/gitinfo/gittest"
)

// testEnv is the environment of every git the tests start, themselves or
// through execRunner: no personal or system settings, an identity, and no
// repository above the temporary folders. It goes with each command, so
// the tests can run in parallel.
var testEnv []string

// execRunner runs the real git, as dll does, in testEnv.
var execRunner Runner

func TestMain(m *testing.M) {
	home, err := os.MkdirTemp("", "gitinfo-home-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testEnv = gittest.Environ(os.Environ(), home)
	execRunner = Exec(testEnv)
	code := m.Run()
	os.RemoveAll(home)
	os.Exit(code)
}

// needGit ends a test on a machine without git, failing it in CI, where
// git must be installed.
func needGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must run this test: git is not installed")
		}
		t.Skip("git is not installed")
	}
}

// git runs git in dir, in testEnv with env added, and returns its output.
func git(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	out, err := execRunner(context.Background(), Cmd{Dir: dir, Args: args, Env: env})
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// commitAt commits everything in dir with the message msg, written and
// committed at date (RFC 3339).
func commitAt(t *testing.T, dir, date, msg string) {
	t.Helper()
	git(t, dir, nil, "add", "-A")
	git(t, dir, []string{"GIT_AUTHOR_DATE=" + date, "GIT_COMMITTER_DATE=" + date}, "commit", "-q", "--allow-empty", "-m", msg)
}

// newRepo makes an empty repository whose branch is main.
func newRepo(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "repo")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	git(t, dir, nil, "init", "-q")
	git(t, dir, nil, "symbolic-ref", "HEAD", "refs/heads/main")
	return dir
}

func write(t *testing.T, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
