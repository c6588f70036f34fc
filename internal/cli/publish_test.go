package cli

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"dll/internal/gitinfo"
)

// publishRepo is an example portfolio in a repository with a bare remote,
// origin. It returns the repository, the portfolio folder and the remote.
func publishRepo(t *testing.T) (repo, dir, remote string) {
	t.Helper()
	repo, dir = examplePortfolioRepo(t)
	remote = filepath.Join(t.TempDir(), "remote.git")
	gitT(t, repo, nil, "init", "-q", "--bare", remote)
	gitT(t, repo, nil, "remote", "add", "origin", remote)
	return repo, dir, remote
}

// userState is everything of the user's that publishing must leave as it
// was: the current branch and commit, every branch and tag, the index, the
// status and the files of the portfolio.
func userState(t *testing.T, repo, dir string) string {
	t.Helper()
	var b strings.Builder
	for _, args := range [][]string{
		{"rev-parse", "HEAD"},
		{"symbolic-ref", "-q", "HEAD"},
		{"for-each-ref", "refs/heads", "refs/tags"},
		{"status", "--porcelain", "--untracked-files=all", "--ignored"},
	} {
		out, _ := gitTry(repo, nil, args...)
		fmt.Fprintf(&b, "git %s:\n%s", strings.Join(args, " "), out)
	}
	index, _ := os.ReadFile(filepath.Join(repo, ".git", "index"))
	fmt.Fprintf(&b, "index %x\n", sha256.Sum256(index))
	files := readTree(t, dir)
	for _, name := range slices.Sorted(mapKeys(files)) {
		fmt.Fprintf(&b, "%x %s\n", sha256.Sum256([]byte(files[name])), name)
	}
	return b.String()
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// branchFiles lists the files of a branch with their blob hashes.
func branchFiles(t *testing.T, gitDir, branch string) map[string]string {
	t.Helper()
	files := map[string]string{}
	out := gitT(t, gitDir, nil, "ls-tree", "-r", "-z", branch)
	for _, entry := range strings.Split(strings.TrimSuffix(out, "\x00"), "\x00") {
		meta, name, _ := strings.Cut(entry, "\t")
		files[name] = strings.Fields(meta)[2]
	}
	return files
}

// builtFiles builds the portfolio with dll build into a new folder and
// lists its files with their blob hashes, as publish should publish them.
func builtFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "site")
	e := newTestEnv(t, dir)
	if code := e.run(t, "build", "-o", out); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, e.out, e.err)
	}
	files := map[string]string{}
	for name, data := range readTree(t, out) {
		files[filepath.ToSlash(name)] = blobHash(data)
	}
	delete(files, ".dll-site")
	files[".nojekyll"] = blobHash("")
	return files
}

func diffFiles(t *testing.T, got, want map[string]string) {
	t.Helper()
	for name, h := range want {
		if got[name] == "" {
			t.Errorf("the branch lacks %s", name)
		} else if got[name] != h {
			t.Errorf("the branch has another %s", name)
		}
	}
	for name := range got {
		if want[name] == "" {
			t.Errorf("the branch has %s, which the site does not", name)
		}
	}
}

func TestPublish(t *testing.T) {
	t.Parallel()
	repo, dir, remote := publishRepo(t)
	before := userState(t, repo, dir)

	e := newTestEnv(t, dir)
	if code := e.run(t, "publish"); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, e.out, e.err)
	}
	commit := strings.TrimSpace(gitT(t, remote, nil, "rev-parse", "gh-pages"))
	want := fmt.Sprintf("Built 10 experiences: 84 pages and 36 files (861 KB).\nPublished the site to the branch gh-pages on origin (commit %s, by Test Leader <leader@example.org>).\n", commit[:7])
	if e.out.String() != want || e.err.Len() > 0 {
		t.Errorf("stdout:\n%s\nwant:\n%s\nstderr:\n%s", e.out, want, e.err)
	}
	// The only change: the new publish branch.
	if after := userState(t, repo, dir); strings.Replace(after, gitRef(t, repo, "gh-pages"), "", 1) != before {
		t.Errorf("publishing changed the user's repository:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Error("publish built into public/")
	}
	if local := strings.TrimSpace(gitT(t, repo, nil, "rev-parse", "gh-pages")); local != commit {
		t.Errorf("the local branch is at %s, the remote's at %s", local, commit)
	}
	// One commit, dll's, holding exactly the site.
	if got := gitT(t, remote, nil, "log", "--format=%P|%B", "gh-pages"); !strings.HasPrefix(got, "|Publish the portfolio site\n") || !strings.HasSuffix(got, "\nPublished-by: dll\n\n") {
		t.Errorf("the branch's history:\n%s", got)
	}
	diffFiles(t, branchFiles(t, remote, "gh-pages"), builtFiles(t, dir))

	// Again, with nothing changed: no new commit.
	e = newTestEnv(t, dir)
	if code := e.run(t, "publish"); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, e.out, e.err)
	}
	want = "Built 10 experiences: 84 pages and 36 files (861 KB).\nThe site on origin (branch gh-pages) is already up to date: nothing to publish.\n"
	if e.out.String() != want || e.err.Len() > 0 {
		t.Errorf("stdout:\n%s\nwant:\n%s\nstderr:\n%s", e.out, want, e.err)
	}
	if again := strings.TrimSpace(gitT(t, remote, nil, "rev-parse", "gh-pages")); again != commit {
		t.Errorf("publishing again moved the branch from %s to %s", commit, again)
	}

	// GitHub commits a CNAME file when the site gets its own domain.
	pages := filepath.Join(t.TempDir(), "pages")
	gitT(t, repo, nil, "clone", "-q", "--branch", "gh-pages", remote, pages)
	writeFile(t, filepath.Join(pages, "CNAME"), "portfolio.example.org\n")
	commitAt(t, pages, "2026-03-14T10:00:00Z", "Create CNAME")
	gitT(t, pages, nil, "push", "-q", "origin", "gh-pages")

	// An entry withdrawn: its page and photos leave the branch entirely.
	gitT(t, repo, nil, "rm", "-rq", "my portfolio/experiences/glider-design-challenge")
	commitAt(t, repo, "2026-03-14T11:00:00Z", "Withdraw the glider challenge")
	e = newTestEnv(t, dir)
	if code := e.run(t, "publish"); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, e.out, e.err)
	}
	if want := "Kept the CNAME file, which names your site's own domain.\n"; !strings.HasSuffix(e.out.String(), want) {
		t.Errorf("stdout:\n%s\nwant it to end with:\n%s", e.out, want)
	}
	files := branchFiles(t, remote, "gh-pages")
	if files["CNAME"] != blobHash("portfolio.example.org\n") {
		t.Error("the CNAME file was not kept")
	}
	delete(files, "CNAME")
	diffFiles(t, files, builtFiles(t, dir))
	if n := strings.TrimSpace(gitT(t, remote, nil, "rev-list", "--count", "gh-pages")); n != "1" {
		t.Errorf("the branch has %s commits; want 1, so that withdrawn files are in none", n)
	}
	if all := gitT(t, remote, nil, "rev-list", "--objects", "gh-pages"); strings.Contains(all, "glider") {
		t.Error("the withdrawn entry's files are still on the branch")
	}
}

// gitRef returns the line for-each-ref prints for a branch.
func gitRef(t *testing.T, repo, branch string) string {
	t.Helper()
	return gitT(t, repo, nil, "for-each-ref", "refs/heads/"+branch)
}

// TestPublishRefusals checks that each refusal says what to do, and that
// it changes nothing: not the user's branches, index or files, not the
// publish branch here or on the remote.
func TestPublishRefusals(t *testing.T) {
	t.Parallel()
	type setup func(t *testing.T, repo, dir, remote string)
	noop := func(*testing.T, string, string, string) {}
	tests := []struct {
		name  string
		setup setup
		git   gitinfo.Runner // when not the tests' own
		args  []string
		code  int
		want  string // in stderr, or in stdout for content errors
	}{
		{"uncommitted changes", func(t *testing.T, repo, dir, remote string) {
			book := filepath.Join(dir, "experiences", "grade3-book-tasting.md")
			writeFile(t, book, readFile(t, book)+"\nMore.\n")
			writeFile(t, filepath.Join(dir, "experiences", "glider-design-challenge", "new photo.jpg"), "jpg")
			writeFile(t, filepath.Join(dir, "private", "roster.txt"), "A Learner\n")
			// An evidence pack dll pdf made is no change to the portfolio.
			writeFile(t, filepath.Join(dir, "tess-marchetti-evidence-pack.pdf"), "%PDF-1.4\n<</Title (Evidence pack)\n/Creator (dll)>>\n%%EOF\n")
		}, nil, nil, 1, "dll: 2 files of the portfolio have changes that are not committed yet: experiences/glider-design-challenge/new photo.jpg, experiences/grade3-book-tasting.md; commit them first ('git add -A', then 'git commit -m \"Say what changed\"') so that what you publish is in your history, or publish as it is with --allow-dirty\n"},
		{"no commits yet", func(t *testing.T, repo, dir, remote string) {
			os.RemoveAll(filepath.Join(repo, ".git"))
			gitT(t, repo, nil, "init", "-q")
			gitT(t, repo, nil, "remote", "add", "origin", remote)
		}, nil, nil, 1, "files of the portfolio have changes that are not committed yet: dll.yaml, experiences/city-onboarding-pathways.yaml, "},
		{"detached HEAD", func(t *testing.T, repo, dir, remote string) {
			gitT(t, repo, nil, "checkout", "-q", "--detach")
		}, nil, nil, 1, "dll: you are not on a branch (git calls this a detached HEAD), so dll cannot tell which version of the portfolio to publish; go back to your branch with 'git switch main' (or the name of your branch), then publish again\n"},
		{"on the publish branch", noop, nil, []string{"--branch", "main"}, 1,
			"dll: you are on the branch main, where the site is published, and publishing would replace your files; switch to the branch that holds your portfolio (such as 'git switch main'), or publish to another branch with --branch\n"},
		{"checked out elsewhere", func(t *testing.T, repo, dir, remote string) {
			gitT(t, repo, nil, "worktree", "add", "-q", "-b", "gh-pages", filepath.Join(filepath.Dir(remote), "pages"))
		}, nil, nil, 1, "/pages, and publishing would change the files there; switch that folder to another branch, or publish to another branch with --branch\n"},
		{"no identity", noop, noIdentityGit(), nil, 1,
			"dll: git does not know who you are, and every commit needs a name and an email address; set them with\n  git config --global user.name \"Your Name\"\n  git config --global user.email \"you@example.org\"\nthen publish again\n"},
		{"no remote", noop, nil, []string{"--remote", "github"}, 1,
			"dll: this repository has no remote called \"github\" to publish to; add the address of the repository your site goes to with 'git remote add github <address>' (your git host shows it, like https://github.com/you/portfolio.git), or name another remote with --remote\n"},
		{"branch made by hand", func(t *testing.T, repo, dir, remote string) {
			gitT(t, repo, nil, "branch", "gh-pages", "main")
		}, nil, nil, 1, "dll: the branch gh-pages has commits that dll did not make, and publishing would replace them; if it is an old site you no longer need, publish with --force to replace it; otherwise publish to another branch with --branch\n"},
		{"remote branch made by hand", func(t *testing.T, repo, dir, remote string) {
			gitT(t, repo, nil, "push", "-q", "origin", "main:gh-pages")
		}, nil, nil, 1, "dll: the branch gh-pages on origin has commits that dll did not make, and publishing would replace them; if it is an old site you no longer need, publish with --force to replace it; otherwise publish to another branch with --branch\n"},
		{"commit by hand on dll's", func(t *testing.T, repo, dir, remote string) {
			if code := newTestEnv(t, dir).run(t, "publish"); code != 0 {
				t.Fatal("the first publish failed")
			}
			pages := filepath.Join(t.TempDir(), "pages")
			gitT(t, repo, nil, "clone", "-q", "--branch", "gh-pages", remote, pages)
			writeFile(t, filepath.Join(pages, "index.html"), "mine\n")
			commitAt(t, pages, "2026-03-14T10:00:00Z", "Edit the home page by hand")
			gitT(t, pages, nil, "push", "-q", "origin", "gh-pages")
		}, nil, nil, 1, "dll: the branch gh-pages on origin has commits that dll did not make, and publishing would replace them; if it is an old site you no longer need, publish with --force to replace it; otherwise publish to another branch with --branch\n"},
		{"content errors", func(t *testing.T, repo, dir, remote string) {
			book := filepath.Join(dir, "experiences", "grade3-book-tasting.md")
			writeFile(t, book, strings.Replace(readFile(t, book), "status: completed", "status: finished", 1))
		}, nil, []string{"--allow-dirty"}, 1, "experiences/grade3-book-tasting.md:4:9: status: \"finished\" is not a status; choose one of: planned, in-progress, completed\nNothing was published: fix the error above, then publish again.\n"},
		{"bad branch name", noop, nil, []string{"--branch", "a..b"}, 2, "dll: \"a..b\" cannot be the name of a branch; give a name like gh-pages\n"},
		{"not a repository", func(t *testing.T, repo, dir, remote string) {
			os.RemoveAll(filepath.Join(repo, ".git"))
		}, nil, nil, 1, "dll: the portfolio is not in a git repository, so there is nothing to publish from; run 'git init' in the portfolio folder, commit your work and add your remote ('git remote add origin <address>'), then publish again; or run 'dll build' and copy the public folder to your web host\n"},
		{"git not installed", noop, noGit, nil, 1,
			"dll: git is not installed, and dll publishes through git; install git (https://git-scm.com), or run 'dll build' and copy the public folder to your web host\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			repo, dir, remote := publishRepo(t)
			tc.setup(t, repo, dir, remote)
			before := userState(t, repo, dir)
			remoteBefore := gitT(t, remote, nil, "for-each-ref")
			e := newTestEnv(t, dir)
			if tc.git != nil {
				e.Git = tc.git
			}
			code := e.run(t, append([]string{"publish"}, tc.args...)...)
			got := e.err.String()
			if tc.name == "content errors" {
				got = e.out.String()
			}
			if code != tc.code || !strings.Contains(got, tc.want) {
				t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s\nwant exit %d and:\n%s", code, e.out, e.err, tc.code, tc.want)
			}
			if after := userState(t, repo, dir); after != before {
				t.Errorf("the repository changed:\nbefore:\n%s\nafter:\n%s", before, after)
			}
			if after := gitT(t, remote, nil, "for-each-ref"); after != remoteBefore {
				t.Errorf("the remote changed:\nbefore:\n%s\nafter:\n%s", remoteBefore, after)
			}
		})
	}
}

// TestPublishOverrides checks --force and --allow-dirty.
func TestPublishOverrides(t *testing.T) {
	t.Parallel()
	t.Run("force", func(t *testing.T) {
		t.Parallel()
		repo, dir, remote := publishRepo(t)
		gitT(t, repo, nil, "branch", "gh-pages", "main")
		gitT(t, repo, nil, "push", "-q", "origin", "gh-pages")
		e := newTestEnv(t, dir)
		if code := e.run(t, "publish", "--force"); code != 0 {
			t.Fatalf("exit %d\n%s%s", code, e.out, e.err)
		}
		if want := "Replaced the earlier commits of gh-pages, as --force asked.\n"; !strings.HasSuffix(e.out.String(), want) {
			t.Errorf("stdout:\n%s\nwant it to end with:\n%s", e.out, want)
		}
		if n := strings.TrimSpace(gitT(t, remote, nil, "rev-list", "--count", "gh-pages")); n != "1" {
			t.Errorf("the branch has %s commits, want 1", n)
		}
		diffFiles(t, branchFiles(t, remote, "gh-pages"), builtFiles(t, dir))
	})
	t.Run("allow-dirty", func(t *testing.T) {
		t.Parallel()
		repo, dir, remote := publishRepo(t)
		book := filepath.Join(dir, "experiences", "grade3-book-tasting.md")
		writeFile(t, book, strings.Replace(readFile(t, book), "Grade 3 book tasting", "Grade 3 book tasting, revised", 1))
		before := userState(t, repo, dir)
		e := newTestEnv(t, dir)
		if code := e.run(t, "publish", "--allow-dirty"); code != 0 {
			t.Fatalf("exit %d\n%s%s", code, e.out, e.err)
		}
		if after := userState(t, repo, dir); strings.Replace(after, gitRef(t, repo, "gh-pages"), "", 1) != before {
			t.Errorf("the repository changed:\nbefore:\n%s\nafter:\n%s", before, after)
		}
		msg := gitT(t, remote, nil, "log", "-1", "--format=%B", "gh-pages")
		if !strings.Contains(msg, "with changes not committed yet") {
			t.Errorf("the commit message does not say the site holds changes not committed:\n%s", msg)
		}
		page := gitT(t, remote, nil, "cat-file", "blob", "gh-pages:experiences/grade3-book-tasting/index.html")
		if !strings.Contains(page, "Grade 3 book tasting, revised") {
			t.Error("the published page lacks the change")
		}
	})
}
