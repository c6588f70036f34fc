// Package gitinfo is dll's only way into git. It reads what the site shows
// of a portfolio's history (one git log pass for every file's commits, the
// current commit, the snapshot tags) and makes the few things dll writes:
// snapshot tags and the commits of the publish branch, built in a temporary
// index so that the user's branch, index and files are never touched.
//
// Every command goes through a Runner that the caller hands over: Exec,
// the real git with the environment it is given, which dll's main passes
// to the commands, or one of a test's own.
package gitinfo

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// Cmd is one git command.
type Cmd struct {
	Dir  string   // the folder it runs in
	Args []string // the arguments after "git"
	Env  []string // added to the environment, as KEY=value
}

// Runner runs a git command and returns what it wrote on standard output.
// When git ran and failed it returns an *ExitError; when git is not
// installed, an error wrapping exec.ErrNotFound.
type Runner func(ctx context.Context, c Cmd) (stdout []byte, err error)

// ExitError is a git command that ran and failed.
type ExitError struct {
	Args   []string
	Code   int
	Stderr string
}

func (e *ExitError) Error() string {
	msg := gitMessage(e.Stderr)
	if msg == "" {
		msg = fmt.Sprintf("exit status %d", e.Code)
	}
	return "git " + subcommand(e.Args) + ": " + msg
}

// gitMessage picks from what git wrote on standard error the lines that
// say what went wrong, without their "fatal:" or "error:".
func gitMessage(stderr string) string {
	var picked, all []string
	for _, line := range strings.Split(stderr, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		all = append(all, line)
		for _, p := range []string{"fatal: ", "error: "} {
			if rest, ok := strings.CutPrefix(line, p); ok {
				picked = append(picked, rest)
			}
		}
	}
	if len(picked) == 0 && len(all) > 0 {
		picked = all[len(all)-1:]
	}
	return strings.Join(picked, "; ")
}

// subcommand is the git command of args: the first word that is not a
// global option.
func subcommand(args []string) string {
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "-c" || a == "-C":
			i++
		case !strings.HasPrefix(a, "-"):
			return a
		}
	}
	return strings.Join(args, " ")
}

// The states in which a folder has no history to read.
var (
	ErrNoGit     = errors.New("git is not installed")
	ErrNotRepo   = errors.New("not in a git repository")
	ErrNoCommits = errors.New("the repository has no commits yet")
	ErrShallow   = errors.New("the repository is a shallow clone")
)

// Repo is the git work tree that holds a portfolio folder.
type Repo struct {
	run Runner
	// Dir is the portfolio folder; every command runs there, and every
	// path this package returns is relative to it, with slashes.
	Dir string
	// Prefix is the portfolio folder inside the work tree: "" at its top,
	// else a slash path ending in "/".
	Prefix string
	// GitDir is the repository's own folder (.git), as an absolute path.
	GitDir string
	// Shallow is set in a shallow clone, whose oldest commits are missing.
	Shallow bool
}

// Open finds the repository holding dir. It returns ErrNoGit when git is
// not installed and ErrNotRepo when dir is in no work tree.
func Open(ctx context.Context, run Runner, dir string) (*Repo, error) {
	r := &Repo{run: run, Dir: dir}
	out, err := r.git(ctx, "rev-parse", "--is-inside-work-tree", "--is-shallow-repository", "--absolute-git-dir", "--show-prefix")
	if err != nil {
		var x *ExitError
		if errors.As(err, &x) && strings.Contains(x.Stderr, "not a git repository") {
			return nil, ErrNotRepo
		}
		return nil, err
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) < 3 || lines[0] != "true" {
		return nil, ErrNotRepo // inside .git, or a bare repository
	}
	r.Shallow = lines[1] == "true"
	r.GitDir = lines[2]
	if len(lines) > 3 {
		r.Prefix = lines[3]
	}
	return r, nil
}

// git runs a git command in the portfolio folder.
func (r *Repo) git(ctx context.Context, args ...string) ([]byte, error) {
	return r.gitEnv(ctx, nil, args...)
}

func (r *Repo) gitEnv(ctx context.Context, env []string, args ...string) ([]byte, error) {
	return r.runIn(ctx, r.Dir, env, args...)
}

func (r *Repo) runIn(ctx context.Context, dir string, env []string, args ...string) ([]byte, error) {
	out, err := r.run(ctx, Cmd{Dir: dir, Args: args, Env: env})
	if errors.Is(err, exec.ErrNotFound) {
		return out, ErrNoGit
	}
	return out, err
}

// exitCode returns the exit status of a failed git command, or -1 when
// err is not one.
func exitCode(err error) int {
	var x *ExitError
	if errors.As(err, &x) {
		return x.Code
	}
	return -1
}

// nulFields splits git's -z output into its fields.
func nulFields(b []byte) []string {
	s := strings.TrimSuffix(string(b), "\x00")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\x00")
}
