// Package gittest gives tests that run git (through gitinfo.Exec, as dll
// does) an environment of their own: no personal or system settings, the
// identity of the tests, and no repository above the temporary folders.
// The environment goes with each command, never through os.Setenv, so
// that tests with git can run in parallel.
package gittest

import (
	"os"
	"path/filepath"
	"strings"
)

// Environ is environ without git's settings and identity, with home as
// HOME and the identity of the tests.
func Environ(environ []string, home string) []string {
	var env []string
	for _, kv := range environ {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "GIT_") || k == "HOME" || k == "XDG_CONFIG_HOME" || k == "EMAIL" {
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"HOME="+home,
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Test Leader",
		"GIT_AUTHOR_EMAIL=leader@example.org",
		"GIT_COMMITTER_NAME=Test Leader",
		"GIT_COMMITTER_EMAIL=leader@example.org",
		// A temporary folder is never taken for part of a repository above it.
		"GIT_CEILING_DIRECTORIES="+os.TempDir(),
		// Reading the status must not rewrite the index that tests compare.
		"GIT_OPTIONAL_LOCKS=0",
	)
}
