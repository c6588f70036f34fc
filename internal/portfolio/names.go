package portfolio

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SiteMarker is the file dll build leaves in every folder it makes (the
// site, and the folder it builds in). A folder holding it is dll's, never
// the author's work.
const SiteMarker = ".dll-site"

// MaxSlug is the longest web address, in characters, that dll gives a page
// named after an entry's file or a tag: far more than a readable address
// needs, and under the 255 bytes a disk allows in one name.
const MaxSlug = 200

// maxName is the most bytes a disk allows in one file or folder name.
const maxName = 255

// windowsReserved are the names Windows keeps for devices, with or without
// an extension (aux.jpg as much as aux), in any case: a repository holding
// one cannot be checked out there.
var windowsReserved = map[string]bool{
	"CON": true, "PRN": true, "AUX": true, "NUL": true, "CONIN$": true, "CONOUT$": true,
	"COM1": true, "COM2": true, "COM3": true, "COM4": true, "COM5": true, "COM6": true, "COM7": true, "COM8": true, "COM9": true,
	"LPT1": true, "LPT2": true, "LPT3": true, "LPT4": true, "LPT5": true, "LPT6": true, "LPT7": true, "LPT8": true, "LPT9": true,
	"COM¹": true, "COM²": true, "COM³": true, "LPT¹": true, "LPT²": true, "LPT³": true,
}

// WindowsReserved returns the device name that name stands for on Windows
// ("AUX" for aux.jpg), or "".
func WindowsReserved(name string) string {
	base, _, _ := strings.Cut(name, ".")
	base = strings.ToUpper(strings.TrimRight(base, " "))
	if windowsReserved[base] {
		return base
	}
	return ""
}

// NameProblem says what is wrong with name, one file or folder name in the
// portfolio (kind is "file" or "folder"), when it cannot be kept and
// published the same way on every system: a line break or other control
// character, a character Windows does not allow, a name Windows keeps for a
// device, a dot or space at the end (which Windows drops), or more bytes
// than a disk allows. It returns "" for a name that is fine.
func NameProblem(name, kind string) string {
	const there = "so the portfolio could not be checked out on Windows"
	if i := strings.IndexFunc(name, func(r rune) bool { return unicode.IsControl(r) || r == utf8.RuneError }); i >= 0 {
		what := "an invisible control character"
		switch r, _ := utf8.DecodeRuneInString(name[i:]); {
		case r == '\n' || r == '\r':
			what = "a line break"
		case r == '\t':
			what = "a tab"
		case r == utf8.RuneError:
			return fmt.Sprintf("the %s name %s is not written in UTF-8, as names on the web must be; rename the %s", kind, Quote(name), kind)
		}
		return fmt.Sprintf("the %s name %s has %s in it; rename the %s without it", kind, Quote(name), what, kind)
	}
	if i := strings.IndexAny(name, `\:*?"<>|`); i >= 0 {
		return fmt.Sprintf(`the %s name %s has a %s in it, which Windows does not allow in names, %s; rename the %s without \ : * ? " < > |`, kind, Quote(name), name[i:i+1], there, kind)
	}
	if dev := WindowsReserved(name); dev != "" {
		stem, ext, _ := strings.Cut(name, ".")
		if ext != "" {
			ext = "." + ext
		}
		return fmt.Sprintf("%s is a name Windows keeps for a device (%s), %s; rename the %s, for example to %s", Quote(name), dev, there, kind, strings.TrimRight(stem, " ")+"-1"+ext)
	}
	if strings.HasSuffix(name, ".") || strings.HasSuffix(name, " ") {
		end := "a dot"
		if strings.HasSuffix(name, " ") {
			end = "a space"
		}
		return fmt.Sprintf("the %s name %s ends with %s, which Windows drops, %s; rename the %s without it", kind, Quote(name), end, there, kind)
	}
	if len(name) > maxName {
		return fmt.Sprintf("the %s name is %d bytes long, more than the %d a disk allows; give the %s a shorter name", kind, len(name), maxName, kind)
	}
	return ""
}

var pageIDRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// PageIDProblem says what is wrong with the id of an experience type or a
// framework, which names its page (types/<id>/), or "" when it is fine.
func PageIDProblem(id string) string {
	switch {
	case !pageIDRE.MatchString(id):
		return fmt.Sprintf("the id names its page on the site, so write it in lowercase letters, digits and hyphens, like district-goals; found %s", Quote(id))
	case len(id) > MaxSlug:
		return fmt.Sprintf("the id names its page on the site and is %d characters long; keep it to %d at most", len(id), MaxSlug)
	case WindowsReserved(id) != "":
		return fmt.Sprintf("%s is a name Windows keeps for a device, and the id names a folder of the site; choose another id", Quote(id))
	}
	return ""
}
