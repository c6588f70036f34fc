// Package pdf prints an evidence pack (see site.RenderPack) to a PDF
// with a Chromium-family browser the user has: Chromium, Google Chrome,
// Microsoft Edge or Brave. The browser makes a tagged PDF with bookmarks
// that follow the chapters; dll fills in the page numbers of the contents
// from a first printing, prints again, and gives the file a fixed date and
// no trace of the computer it was made on.
package pdf

import (
	"errors"
	"path/filepath"
	"strings"
)

// BrowserEnv is what finding a browser may look at, given by the caller:
// the operating system (runtime.GOOS), the environment, and whether a file
// exists and can be run.
type BrowserEnv struct {
	GOOS   string
	Getenv func(string) string
	// IsExec reports whether the file at an absolute path exists and can
	// be run.
	IsExec func(path string) bool
}

// BrowserVar is the environment variable that names the browser to use,
// when it is not where dll looks.
const BrowserVar = "DLL_BROWSER"

// ErrNoBrowser is returned by FindBrowser when no Chromium-family browser
// is found; its message says how to install one.
var ErrNoBrowser = errors.New("no browser")

// NoBrowserError says that no browser was found, and how to get one.
type NoBrowserError struct {
	GOOS string
	Var  string // BrowserVar's value, when it names no browser
}

func (e *NoBrowserError) Error() string {
	var b strings.Builder
	if e.Var != "" {
		b.WriteString(BrowserVar + " names " + e.Var + ", which is not a program dll can run. ")
	}
	b.WriteString("dll pdf needs Chromium, Google Chrome or Microsoft Edge to print the pack, and found none. ")
	switch e.GOOS {
	case "darwin":
		b.WriteString("Install Google Chrome (https://www.google.com/chrome/) or Microsoft Edge in Applications")
	case "windows":
		b.WriteString("Microsoft Edge comes with Windows; install it or Google Chrome (https://www.google.com/chrome/)")
	default:
		b.WriteString("Install Chromium (on Debian or Ubuntu: sudo apt-get install chromium) or Google Chrome (https://www.google.com/chrome/)")
	}
	b.WriteString(", or set " + BrowserVar + " to the browser's program. Without one, build the site (dll build), open its pages in any browser and print them: they print as an evidence pack too")
	return b.String()
}

func (e *NoBrowserError) Unwrap() error { return ErrNoBrowser }

// FindBrowser returns the program of a Chromium-family browser: the one
// BrowserVar names, else the first found of the usual places on the
// system and the programs on the PATH.
func FindBrowser(env BrowserEnv) (string, error) {
	if v := strings.TrimSpace(env.Getenv(BrowserVar)); v != "" {
		if filepath.IsAbs(v) && env.IsExec(v) {
			return v, nil
		}
		if found := lookPath(env, v); found != "" {
			return found, nil
		}
		return "", &NoBrowserError{GOOS: env.GOOS, Var: v}
	}
	for _, c := range candidates(env) {
		if env.IsExec(c) {
			return c, nil
		}
	}
	for _, name := range pathNames(env.GOOS) {
		if found := lookPath(env, name); found != "" {
			return found, nil
		}
	}
	return "", &NoBrowserError{GOOS: env.GOOS}
}

// candidates are the places browsers install themselves.
func candidates(env BrowserEnv) []string {
	switch env.GOOS {
	case "darwin":
		var out []string
		apps := []string{
			"Google Chrome.app/Contents/MacOS/Google Chrome",
			"Chromium.app/Contents/MacOS/Chromium",
			"Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
			"Brave Browser.app/Contents/MacOS/Brave Browser",
		}
		for _, dir := range []string{"/Applications", filepath.Join(env.Getenv("HOME"), "Applications")} {
			if !filepath.IsAbs(dir) {
				continue
			}
			for _, a := range apps {
				out = append(out, dir+"/"+a)
			}
		}
		return out
	case "windows":
		var out []string
		apps := []string{
			`Google\Chrome\Application\chrome.exe`,
			`Microsoft\Edge\Application\msedge.exe`,
			`Chromium\Application\chrome.exe`,
			`BraveSoftware\Brave-Browser\Application\brave.exe`,
		}
		for _, v := range []string{"ProgramFiles", "ProgramFiles(x86)", "LocalAppData"} {
			dir := env.Getenv(v)
			if dir == "" {
				continue
			}
			for _, a := range apps {
				out = append(out, strings.TrimRight(dir, `\/`)+`\`+a)
			}
		}
		return out
	}
	return []string{
		"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable",
		"/usr/bin/microsoft-edge", "/usr/bin/microsoft-edge-stable", "/usr/bin/brave-browser",
		"/snap/bin/chromium", "/var/lib/flatpak/exports/bin/org.chromium.Chromium",
		"/opt/google/chrome/chrome", "/opt/microsoft/msedge/msedge",
	}
}

// pathNames are the names browsers go by on the PATH.
func pathNames(goos string) []string {
	if goos == "windows" {
		return []string{"chrome.exe", "msedge.exe", "chromium.exe", "brave.exe"}
	}
	return []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome",
		"microsoft-edge", "microsoft-edge-stable", "msedge", "brave-browser"}
}

// lookPath finds a program by name on the PATH, as a shell would; a name
// with a folder in it is taken as it is.
func lookPath(env BrowserEnv, name string) string {
	sep := ":"
	if env.GOOS == "windows" {
		sep = ";"
	}
	if strings.ContainsAny(name, `/\`) {
		if filepath.IsAbs(name) && env.IsExec(name) {
			return name
		}
		return ""
	}
	for _, dir := range strings.Split(env.Getenv("PATH"), sep) {
		if dir == "" || !filepath.IsAbs(dir) {
			continue // a relative PATH entry would run what the current folder holds
		}
		p := filepath.Join(dir, name)
		if env.IsExec(p) {
			return p
		}
	}
	return ""
}
