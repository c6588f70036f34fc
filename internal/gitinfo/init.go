package gitinfo

import (
	"context"
	"errors"
	"os/exec"
	"strings"
)

// Started says how far Init got in starting a repository.
type Started int

const (
	NotInstalled Started = iota + 1 // git is not installed
	InsideRepo                      // the folder is in a repository already: Result.Top
	InitFailed                      // git init failed: Result.Msg says why
	Empty                           // a repository, with nothing to commit
	AddFailed                       // a repository; the files could not be added: Result.Msg
	NoIdentity                      // a repository; git does not know who commits
	CommitFailed                    // a repository with the files added: Result.Msg
	Committed                       // a repository with a first commit
)

// InitResult is what Init did.
type InitResult struct {
	Started Started
	Top     string // the work tree the folder is in, for InsideRepo
	Msg     string // what git said, when it failed
}

// Init starts a repository in dir with a first commit of files (slash
// paths in dir) with the message msg, unless dir is in a repository
// already. Nothing here is an error: a folder without git is still a
// portfolio, and the result says what happened.
func Init(ctx context.Context, run Runner, dir string, files []string, msg string) InitResult {
	// git returns what git said, on standard output and, when it failed,
	// on standard error.
	git := func(args ...string) (string, error) {
		out, err := run(ctx, Cmd{Dir: dir, Args: args})
		var x *ExitError
		if errors.As(err, &x) {
			out = append(out, x.Stderr...)
		}
		return strings.TrimSpace(string(out)), err
	}
	top, err := git("rev-parse", "--show-toplevel")
	switch {
	case errors.Is(err, exec.ErrNotFound):
		return InitResult{Started: NotInstalled}
	case err == nil:
		return InitResult{Started: InsideRepo, Top: top}
	}
	if out, err := git("init", "-q"); err != nil {
		return InitResult{Started: InitFailed, Msg: out}
	}
	if len(files) == 0 {
		return InitResult{Started: Empty}
	}
	if out, err := git(append([]string{"add", "--"}, files...)...); err != nil {
		return InitResult{Started: AddFailed, Msg: out}
	}
	_, errAuthor := git("var", "GIT_AUTHOR_IDENT")
	_, errCommitter := git("var", "GIT_COMMITTER_IDENT")
	if errAuthor != nil || errCommitter != nil {
		return InitResult{Started: NoIdentity}
	}
	if out, err := git("commit", "-q", "-m", msg); err != nil {
		return InitResult{Started: CommitFailed, Msg: out}
	}
	return InitResult{Started: Committed}
}
