package cli

import (
	"os"

	"golang.org/x/term"
)

// IsTerminal reports whether f is a terminal. A character device is not
// enough: /dev/null is one, and a script that reads from it must never be
// asked questions.
func IsTerminal(f *os.File) bool {
	return term.IsTerminal(int(f.Fd()))
}
