package cli

import (
	"path/filepath"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// TestEveryFlagCompletes: every flag that takes a value, on every command,
// has its completion: the values of its vocabulary, a fixed list, what git
// knows, folders, or nothing for free text (never a list of files for a
// name); and every command says what its arguments complete with.
func TestEveryFlagCompletes(t *testing.T) {
	e := newTestEnv(t, t.TempDir())
	root := NewCmdRoot(e.Env)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.LocalNonPersistentFlags().VisitAll(func(f *pflag.Flag) {
			if f.Value.Type() == "bool" || f.Name == "help" {
				return
			}
			if _, ok := c.GetFlagCompletionFunc(f.Name); !ok {
				t.Errorf("%s --%s has no completion", c.CommandPath(), f.Name)
			}
		})
		if c.Runnable() && !c.HasSubCommands() && c.ValidArgsFunction == nil && c.Name() != "help" && c.Parent().Name() != "completion" {
			t.Errorf("%s does not say what its arguments complete with", c.CommandPath())
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	root.InitDefaultCompletionCmd()
	walk(root)
}

// TestCompletionValues: the values offered for flags with a fixed or a
// knowable set, exactly, with cobra's directive on the last line.
func TestCompletionValues(t *testing.T) {
	needGit(t)
	root := minimalPortfolio(t)
	gitT(t, root, nil, "init", "-q", "-b", "main")
	gitT(t, root, nil, "commit", "-q", "--allow-empty", "-m", "Start")
	gitT(t, root, nil, "branch", "site-preview")
	gitT(t, root, nil, "remote", "add", "origin", "https://example.org/portfolio.git")
	gitT(t, root, nil, "remote", "add", "school", "https://example.org/school.git")
	// What the remote school has, as the last fetch saw it.
	gitT(t, root, nil, "update-ref", "refs/remotes/school/pages", "HEAD")
	gitT(t, root, nil, "update-ref", "refs/remotes/origin/gh-pages", "HEAD")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"validate", "--format", ""}, "text\tone line per problem, for people\njson\tan array of objects, for editors and CI\n:4\n"},
		{[]string{"publish", "--remote", ""}, "origin\nschool\n:4\n"},
		// The branch checked out (main) is left out: dll publish refuses it.
		{[]string{"publish", "--branch", ""}, "gh-pages\tthe default\nsite-preview\n:4\n"},
		{[]string{"publish", "--remote", "school", "--branch", ""}, "gh-pages\tthe default\npages\nsite-preview\n:4\n"},
		{[]string{"serve", "--bind", ""}, "127.0.0.1\tthis computer only (the default)\nlocalhost\tthis computer only\n0.0.0.0\tevery computer on your network: they see your drafts too\n:4\n"},
		{[]string{"serve", "--port", ""}, "4400\tthe default\n0\tany free port\n:4\n"},
		{[]string{"build", "--out", ""}, ":16\n"},
		{[]string{"build", ""}, ":16\n"},
		{[]string{"build", "x", ""}, ":4\n"},
		{[]string{"init", "--name", ""}, ":4\n"},
		{[]string{"new", "evidence", "x", "--title", ""}, ":4\n"},
		{[]string{"validate", ""}, ":0\n"},
	} {
		e := newTestEnv(t, root)
		if code := e.run(t, append([]string{"__complete"}, tc.args...)...); code != 0 {
			t.Errorf("%v: exit %d: %s", tc.args, code, e.err)
		}
		if got := e.out.String(); got != tc.want {
			t.Errorf("completing %v:\n%q\nwant:\n%q", tc.args, got, tc.want)
		}
	}
	// Outside a repository: only the default branch, no remote.
	plain := minimalPortfolio(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"publish", "--remote", ""}, ":4\n"},
		{[]string{"publish", "--branch", ""}, "gh-pages\tthe default\n:4\n"},
		{[]string{"publish", filepath.Join(root), "--remote", ""}, "origin\nschool\n:4\n"},
	} {
		e := newTestEnv(t, plain)
		e.run(t, append([]string{"__complete"}, tc.args...)...)
		if got := e.out.String(); got != tc.want {
			t.Errorf("completing %v outside git:\n%q\nwant:\n%q", tc.args, got, tc.want)
		}
	}
}
