package portfolio

import (
	"bytes"

	"dll/internal/diag"
)

// CheckConflicts reports the git merge conflicts left in a file (lines
// from <<<<<<< to >>>>>>>, which git writes when two versions of a file
// meet), at the line where each starts, and says whether there were none.
// A file with a conflict is not read further: its front matter is not YAML
// and its story would publish both versions and the markers.
func CheckConflicts(file string, src []byte, diags *diag.List) bool {
	if bytes.Index(src, []byte("<<<<<<<")) < 0 && bytes.Index(src, []byte(">>>>>>>")) < 0 {
		return true
	}
	ok := true
	open := 0
	line := 0
	for rest := src; len(rest) > 0; {
		line++
		l := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			l, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		l = bytes.TrimRight(l, "\r")
		switch {
		case marker(l, '<'):
			if open > 0 {
				conflictAt(file, open, 0, diags)
			}
			open, ok = line, false
		case marker(l, '>'):
			conflictAt(file, open, line, diags)
			open, ok = 0, false
		}
	}
	if open > 0 {
		conflictAt(file, open, 0, diags)
	}
	return ok
}

// marker reports whether l is a conflict marker line of seven c.
func marker(l []byte, c byte) bool {
	if len(l) < 7 || bytes.Count(l[:7], []byte{c}) != 7 {
		return false
	}
	return len(l) == 7 || l[7] == ' ' || l[7] == '\t'
}

func conflictAt(file string, open, end int, diags *diag.List) {
	switch {
	case open > 0 && end > 0:
		diags.Errorf(diag.Pos{File: file, Line: open, Col: 1}, "text", "merge-conflict",
			"a git merge conflict is left here (lines %d to %d): keep the version you want, then delete the other one and the marker lines <<<<<<<, ======= and >>>>>>>", open, end)
	case open > 0:
		diags.Errorf(diag.Pos{File: file, Line: open, Col: 1}, "text", "merge-conflict",
			"a git merge conflict starts here with <<<<<<< and has no >>>>>>> line: keep the version you want, then delete the other one and the marker lines")
	default:
		diags.Errorf(diag.Pos{File: file, Line: end, Col: 1}, "text", "merge-conflict",
			"this >>>>>>> line is left from a git merge conflict: keep the version you want, then delete the other one and the marker lines")
	}
}
