package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// openWait is how long dll waits for the program that opens the browser
// to say whether it could: such programs hand the address over and end at
// once. One still running then (a browser started in its place) is left
// to run.
const openWait = 10 * time.Second

// NoBrowserError says that this computer has no program dll knows to open
// a browser with.
type NoBrowserError struct {
	Tried []string // the programs looked for
}

func (e *NoBrowserError) Error() string {
	return fmt.Sprintf("found none of %s on this computer, and BROWSER is not set", strings.Join(e.Tried, ", "))
}

// openers are the programs that open a web address or a file in the
// person's browser, on each system, in the order tried.
func openers(goos string) [][]string {
	switch goos {
	case "darwin":
		return [][]string{{"open"}}
	case "windows":
		// What "start" does, without a shell to quote the address for.
		return [][]string{{"rundll32", "url.dll,FileProtocolHandler"}}
	default:
		// Linux and the BSDs: the desktop's own choice, then Windows'
		// under WSL, then Debian's.
		return [][]string{{"xdg-open"}, {"wslview"}, {"sensible-browser"}, {"x-www-browser"}}
	}
}

// browserCommand returns the command that opens target in the browser:
// the first program of BROWSER (a list separated by the system's path
// separator, as other programs read it) that exists, else the system's
// opener. lookPath finds a program, as exec.LookPath does.
func browserCommand(goos string, getenv func(string) string, lookPath func(string) (string, error), target string) ([]string, error) {
	sep := ":"
	if goos == "windows" {
		sep = ";"
	}
	for _, b := range strings.Split(getenv("BROWSER"), sep) {
		f := strings.Fields(b)
		if len(f) == 0 {
			continue
		}
		if _, err := lookPath(f[0]); err == nil {
			if strings.Contains(b, "%s") { // the convention: %s stands for the address
				return strings.Fields(strings.ReplaceAll(b, "%s", target)), nil
			}
			return append(f, target), nil
		}
	}
	var tried []string
	for _, o := range openers(goos) {
		if _, err := lookPath(o[0]); err == nil {
			return append(append([]string{}, o...), target), nil
		}
		tried = append(tried, o[0])
	}
	return nil, &NoBrowserError{Tried: tried}
}

// SystemBrowser returns the function that opens a web address or a file in
// the browser of the person at this computer, for Env.OpenBrowser.
func SystemBrowser(getenv func(string) string) func(target string) error {
	return func(target string) error {
		args, err := browserCommand(runtime.GOOS, getenv, exec.LookPath, target)
		if err != nil {
			return err
		}
		cmd := exec.Command(args[0], args[1:]...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			return fmt.Errorf("%s did not start: %w", args[0], err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				why := strings.TrimSpace(strings.SplitN(stderr.String(), "\n", 2)[0])
				if why != "" {
					return fmt.Errorf("%s failed: %s", args[0], why)
				}
				return fmt.Errorf("%s failed (%v)", args[0], err)
			}
		case <-time.After(openWait):
		}
		return nil
	}
}

// openInBrowser opens target (shown to the author as shown) in the browser,
// and says what to do when it cannot. It returns whether it did.
func openInBrowser(env Env, target, shown string) bool {
	err := errors.New("no way to open a browser was given")
	if env.OpenBrowser != nil {
		err = env.OpenBrowser(target)
	}
	if err == nil {
		return true
	}
	var none *NoBrowserError
	if errors.As(err, &none) {
		fmt.Fprintf(env.Err, "dll: warning: cannot open your browser: dll %s. Open %s in your browser yourself, or set BROWSER to your browser's command (such as BROWSER=firefox).\n", err, shown)
	} else {
		fmt.Fprintf(env.Err, "dll: warning: cannot open your browser: %s. Open %s in your browser yourself.\n", err, shown)
	}
	return false
}
