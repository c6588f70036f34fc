// Package author does the writing that dll init and dll new do for the
// author of a portfolio: it starts a portfolio and its entries from
// templates and archetypes, copies evidence into an entry (cleaned of
// location, camera and author data) and lists it in the entry's front
// matter, editing the text so that the author's comments and layout stay.
// It never overwrites a file the author wrote.
package author

import (
	"fmt"
	"strings"
)

// Refusal is a request the author must change: a file that is not there,
// a name that is taken. Nothing was written.
type Refusal struct{ msg string }

func (r *Refusal) Error() string { return r.msg }

func refusef(format string, args ...any) error {
	return &Refusal{msg: fmt.Sprintf(format, args...)}
}

// YAMLString writes s as a YAML scalar: plain when that reads back as the
// same text, double-quoted (JSON style, which YAML reads too) otherwise.
func YAMLString(s string) string {
	if plainSafe(s) {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func plainSafe(s string) bool {
	if s == "" || s != strings.TrimSpace(s) || strings.ContainsAny(s, ":#\"'\n\t\\{}[],&*!|>%@`") {
		return false
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "~", "y", "n":
		return false
	}
	c := s[0]
	if c == '-' || c == '?' || c == '.' || c >= '0' && c <= '9' || c == '+' {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == 0xfeff {
			return false
		}
	}
	return true
}
