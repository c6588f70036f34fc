package site

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	dlltemplates "dll/templates"
)

// physicalSide is a property that names a side of the page, left or
// right, which does not mirror in a language written right to left.
var physicalSide = regexp.MustCompile(`(?i)\b(?:margin|padding|border|inset)-(?:left|right)\b|[{;\s](?:left|right)\s*:|text-align\s*:\s*(?:left|right)|float\s*:\s*(?:left|right)|clear\s*:\s*(?:left|right)|border-(?:top|bottom)-(?:left|right)-radius`)

// TestStyleMirrors: the style sheet and the 404 page's own style use
// logical sides only (inline-start, not left), so that a page in Arabic
// or Hebrew is laid out as a mirror of an English one.
func TestStyleMirrors(t *testing.T) {
	for _, name := range []string{"style.css", "base.html"} {
		src, err := fs.ReadFile(dlltemplates.FS, themeDir+"/"+name)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(src), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "/*") {
				continue
			}
			if m := physicalSide.FindString(line); m != "" {
				t.Errorf("%s:%d: %q names a side of the page; use the logical property (inline-start, inline-end, start, end)", name, i+1, strings.TrimSpace(m))
			}
		}
	}
	if !physicalSide.MatchString(".x { padding-left: 1rem; }") || !physicalSide.MatchString(".x { left: 0; }") || !physicalSide.MatchString("th { text-align: right }") {
		t.Fatal("the pattern misses a physical side")
	}
}
