package gitinfo

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// execRunner runs the real git, as the cli package does.
func execRunner(ctx context.Context, c Cmd) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", c.Args...)
	cmd.Dir = c.Dir
	cmd.Env = append(os.Environ(), "LC_ALL=C", "GIT_OPTIONAL_LOCKS=0")
	cmd.Env = append(cmd.Env, c.Env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return stdout.Bytes(), &ExitError{Args: c.Args, Code: exit.ExitCode(), Stderr: stderr.String()}
	}
	return stdout.Bytes(), err
}

// needGit ends a test on a machine without git (failing it in CI, where
// git must be installed) and isolates git from personal settings.
func needGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must run this test: git is not installed")
		}
		t.Skip("git is not installed")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_AUTHOR_NAME", "Test Leader")
	t.Setenv("GIT_AUTHOR_EMAIL", "leader@example.org")
	t.Setenv("GIT_COMMITTER_NAME", "Test Leader")
	t.Setenv("GIT_COMMITTER_EMAIL", "leader@example.org")
	// A temporary folder is never taken for part of a repository above it.
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(home))
}

// git runs git in dir, with env added, and returns its output.
func git(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
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
