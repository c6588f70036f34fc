package portfolio

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxTitle is the longest title of an entry, in characters: dll validate
// refuses a longer one, and dll new does not make one.
const MaxTitle = 150

// TitleTooLong says why a title is too long, or returns "".
func TitleTooLong(title string) string {
	if n := utf8.RuneCountInString(title); n > MaxTitle {
		return fmt.Sprintf("the title is %d characters; keep it under %d and let the summary say more", n, MaxTitle)
	}
	return ""
}

// OneLine is s with every run of white space, line breaks included, made
// one space, and none at either end.
func OneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// CleanTitle makes a title typed by the author one line, without control
// characters: line breaks and runs of spaces become one space.
func CleanTitle(s string) string {
	return OneLine(strings.Map(func(r rune) rune {
		if r == '\uFEFF' || unicode.IsControl(r) && !unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s))
}
