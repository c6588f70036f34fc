package portfolio

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// Markdown returns the Markdown reader every part of dll uses: CommonMark
// with GitHub's tables, strikethrough, autolinks and task lists. Raw HTML is
// never rendered (goldmark's safe mode is left on).
func Markdown() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.GFM))
}
