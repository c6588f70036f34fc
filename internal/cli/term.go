package cli

import "os"

// IsTerminal reports whether f is a terminal (a character device), without
// asking the terminal anything.
func IsTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
