package publish

import (
	"context"
	"errors"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"dll/internal/gitinfo"
)

// fakeGit answers git commands from a table of replies, by the first
// argument that is not an option; a command not in it fails the test.
func fakeGit(t *testing.T, replies map[string]func(args []string) (string, error)) gitinfo.Runner {
	return func(_ context.Context, c gitinfo.Cmd) ([]byte, error) {
		for _, a := range c.Args {
			if strings.HasPrefix(a, "-") || strings.Contains(a, "=") {
				continue
			}
			if reply, ok := replies[a]; ok {
				out, err := reply(c.Args)
				return []byte(out), err
			}
			break
		}
		t.Errorf("unexpected git %s", strings.Join(c.Args, " "))
		return nil, &gitinfo.ExitError{Args: c.Args, Code: 128}
	}
}

func ok(out string) func([]string) (string, error) {
	return func([]string) (string, error) { return out, nil }
}

func fail(code int, stderr string) func([]string) (string, error) {
	return func(args []string) (string, error) {
		return "", &gitinfo.ExitError{Args: args, Code: code, Stderr: stderr}
	}
}

// TestPrepareRefuses: each state of the repository that stops a publish
// before anything is read from the network is a Refusal of its reason.
func TestPrepareRefuses(t *testing.T) {
	repo := ok("true\nfalse\n/p/.git\n\n")
	good := map[string]func([]string) (string, error){
		"rev-parse":        repo,
		"check-ref-format": ok("gh-pages\n"),
		"symbolic-ref":     ok("main\n"),
		"worktree":         ok("worktree /p\nHEAD abc\nbranch refs/heads/main\n\n"),
		"var":              ok("A. Leader <a@example.org> 1700000000 +0000\n"),
		"remote":           ok("https://example.org/p.git\n"),
	}
	with := func(cmd string, reply func([]string) (string, error)) map[string]func([]string) (string, error) {
		m := map[string]func([]string) (string, error){}
		for k, v := range good {
			m[k] = v
		}
		m[cmd] = reply
		return m
	}
	noGit := func(context.Context, gitinfo.Cmd) ([]byte, error) {
		return nil, &exec.Error{Name: "git", Err: exec.ErrNotFound}
	}
	for _, tc := range []struct {
		name   string
		git    gitinfo.Runner
		branch string
		want   Reason
		says   string
	}{
		{"no git", noGit, "gh-pages", NoGit, "install git"},
		{"no repository", fakeGit(t, with("rev-parse", fail(128, "fatal: not a git repository (or any of the parent directories): .git"))), "gh-pages", NotRepo, "git init"},
		{"bad branch", fakeGit(t, with("check-ref-format", fail(1, ""))), "a..b", BadBranch, `"a..b" cannot be the name of a branch`},
		{"detached", fakeGit(t, with("symbolic-ref", fail(1, ""))), "gh-pages", Detached, "detached HEAD"},
		{"on the publish branch", fakeGit(t, with("symbolic-ref", ok("gh-pages\n"))), "gh-pages", OnPublishBranch, "you are on the branch gh-pages"},
		{"checked out", fakeGit(t, with("worktree", ok("worktree /p\nbranch refs/heads/main\n\nworktree /site\nbranch refs/heads/gh-pages\n"))), "gh-pages", CheckedOut, "checked out in /site"},
		{"no identity", fakeGit(t, with("var", fail(128, "fatal: no name was given"))), "gh-pages", NoIdentity, "git config --global user.name"},
		{"no remote", fakeGit(t, with("remote", fail(2, "error: No such remote 'origin'"))), "gh-pages", NoRemote, `no remote called "origin"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Prepare(context.Background(), tc.git, "/p", Options{Remote: "origin", Branch: tc.branch})
			var r *Refusal
			if !errors.As(err, &r) {
				t.Fatalf("got %v, want a refusal", err)
			}
			if r.Reason != tc.want || !strings.Contains(r.Error(), tc.says) {
				t.Errorf("got reason %d: %s\nwant reason %d, saying %q", r.Reason, r, tc.want, tc.says)
			}
		})
	}
	if pl, err := Prepare(context.Background(), fakeGit(t, good), "/p", Options{Remote: "origin", Branch: "gh-pages"}); err != nil || pl.current != "main" || pl.ident != "A. Leader <a@example.org>" {
		t.Errorf("a repository ready to publish: %+v, %v", pl, err)
	}
}

func TestMessage(t *testing.T) {
	pl := &Plan{opts: Options{Version: "1.2", AllowDirty: true}, current: "main"}
	got := strings.Split(pl.message("abc1234 (3 March 2026)"), "\n")
	want := []string{"Publish the portfolio site", "", "Built by dll 1.2 from main, version abc1234 (3 March 2026), with changes not committed yet.", "", gitinfo.PublishMarker, ""}
	if !slices.Equal(got, want) {
		t.Errorf("message:\n%q\nwant\n%q", got, want)
	}
}
