package gitinfo

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"slices"
)

// Exec returns the Runner that starts the real git. Every command gets
// environ as its environment (dll's main passes the process's own; tests
// pass one with no personal settings, so they can run side by side), then
// LC_ALL=C, because dll reads git's messages in English, and
// GIT_OPTIONAL_LOCKS=0, so that reading never rewrites the user's index;
// then the command's own Cmd.Env. When the same name comes twice, the
// last one counts.
func Exec(environ []string) Runner {
	base := append(slices.Clip(environ), "LC_ALL=C", "GIT_OPTIONAL_LOCKS=0")
	return func(ctx context.Context, c Cmd) ([]byte, error) {
		cmd := exec.CommandContext(ctx, "git", c.Args...)
		cmd.Dir = c.Dir
		cmd.Env = append(slices.Clip(base), c.Env...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return stdout.Bytes(), &ExitError{Args: c.Args, Code: exit.ExitCode(), Stderr: stderr.String()}
		}
		return stdout.Bytes(), err
	}
}
