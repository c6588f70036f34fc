// Package diag holds the diagnostics that dll reports about a portfolio:
// a position in a file, the field it concerns, and a message that says what
// to fix. It sorts, deduplicates and prints them in the one format every
// command uses: file:line:col: field: message.
package diag

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Severity tells whether a diagnostic stops a build.
type Severity int

const (
	Error Severity = iota
	Warning
	// Todo is a problem of an entry that is not published yet (a draft, a
	// private or a planned entry): what to finish before publishing it.
	// It stops nothing, and becomes an error or a warning again the moment
	// the entry is published.
	Todo
)

func (s Severity) String() string {
	switch s {
	case Warning:
		return "warning"
	case Todo:
		return "todo"
	}
	return "error"
}

// Pos is a place in a file. Line and Col count from 1; Col counts characters.
type Pos struct {
	File string
	Line int
	Col  int
}

func (p Pos) String() string {
	return fmt.Sprintf("%s:%d:%d", printable(p.File), p.Line, p.Col)
}

// printable escapes the line breaks and other control characters of a file
// name (\n, \x01), which would otherwise break the one line of a problem
// in two.
func printable(name string) string {
	if !strings.ContainsFunc(name, func(r rune) bool { return unicode.IsControl(r) || r == utf8.RuneError }) {
		return name
	}
	q := strconv.Quote(name)
	return q[1 : len(q)-1]
}

// Diagnostic is one problem found in a portfolio.
type Diagnostic struct {
	Pos
	Field    string // the YAML path, e.g. evidence[2].alt, or a word such as "front matter"
	Severity Severity
	Rule     string // a short stable code, e.g. "unknown-key"
	Message  string
}

// String formats d as file:line:col: field: message, with "warning: " in front
// of the message for warnings, and "before publishing: " for what to do
// before an entry is published.
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.Pos.String())
	b.WriteString(": ")
	if d.Field != "" {
		b.WriteString(d.Field)
		b.WriteString(": ")
	}
	if d.Severity == Todo {
		b.WriteString("before publishing: ")
	}
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Message)
	return b.String()
}

// List collects diagnostics.
type List []Diagnostic

// Add appends a diagnostic.
func (l *List) Add(pos Pos, field string, sev Severity, rule, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Field: field, Severity: sev, Rule: rule, Message: fmt.Sprintf(format, args...)})
}

// Errorf appends an error.
func (l *List) Errorf(pos Pos, field, rule, format string, args ...any) {
	l.Add(pos, field, Error, rule, format, args...)
}

// Warnf appends a warning.
func (l *List) Warnf(pos Pos, field, rule, format string, args ...any) {
	l.Add(pos, field, Warning, rule, format, args...)
}

func compare(a, b Diagnostic) int {
	return cmp.Or(
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Col, b.Col),
		cmp.Compare(a.Field, b.Field),
		cmp.Compare(a.Severity, b.Severity),
		cmp.Compare(a.Message, b.Message),
	)
}

// Sort orders the list by file, line, column, field and message, and drops
// exact duplicates.
func (l *List) Sort() {
	slices.SortFunc(*l, compare)
	*l = slices.CompactFunc(*l, func(a, b Diagnostic) bool { return compare(a, b) == 0 && a.Rule == b.Rule })
}

// Count returns how many errors and warnings the list holds (not the
// things to do before publishing, see Todos).
func (l List) Count() (errors, warnings int) {
	for _, d := range l {
		switch d.Severity {
		case Error:
			errors++
		case Warning:
			warnings++
		}
	}
	return errors, warnings
}

// Todos returns how many things are to do before unpublished entries can
// be published.
func (l List) Todos() int {
	n := 0
	for _, d := range l {
		if d.Severity == Todo {
			n++
		}
	}
	return n
}

// Published returns the diagnostics about what is or will be published:
// all but the things to do before unpublished entries can be published.
func (l List) Published() List {
	var out List
	for _, d := range l {
		if d.Severity != Todo {
			out = append(out, d)
		}
	}
	return out
}

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool {
	e, _ := l.Count()
	return e > 0
}

// Print writes one line per diagnostic.
func (l List) Print(w io.Writer) error {
	for _, d := range l {
		if _, err := fmt.Fprintln(w, d.String()); err != nil {
			return err
		}
	}
	return nil
}

type jsonDiag struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Field    string `json:"field"`
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Message  string `json:"message"`
}

// PrintJSON writes the list as a JSON array of objects with the keys file,
// line, column, field, severity, rule and message.
func (l List) PrintJSON(w io.Writer) error {
	out := make([]jsonDiag, 0, len(l))
	for _, d := range l {
		out = append(out, jsonDiag{d.File, d.Line, d.Col, d.Field, d.Severity.String(), d.Rule, d.Message})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// Plural returns "1 error", "2 errors", "2 entries" and so on.
func Plural(n int, word string) string {
	switch {
	case n == 1:
		return "1 " + word
	case strings.HasSuffix(word, "y") && !strings.HasSuffix(word, "ay"):
		return fmt.Sprintf("%d %sies", n, word[:len(word)-1])
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// FirstOf lists items, at most n of them, saying how many more there are.
func FirstOf(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:n], ", ") + fmt.Sprintf(" and %d more", len(items)-n)
}
