package lang

import (
	"testing"
	"testing/fstest"
	"time"

	"dll/internal/diag"
)

// FuzzCatalogue reads a portfolio's own catalogue of any text: checking it
// and writing every message with it never fails, whatever it holds.
func FuzzCatalogue(f *testing.F) {
	f.Add([]byte("name: x\nmessages:\n  nav.skip: \"{count} {x\"\n  type.count:\n    one: a\n    other: \"{count}\"\n"))
	f.Add([]byte("dates:\n  months: [a, b]\n  day: \"{day}{{month}}\"\nlists:\n  and: \"{b}{a}\"\n"))
	f.Add([]byte("messages: [1, 2]\nstory:\n  big_think: {a: b}\n"))
	f.Add([]byte("direction: rtl\nnumbers:\n  min_grouping: 4\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		fsys := fstest.MapFS{"templates/languages/mi.yaml": {Data: src}}
		Check(fsys, "mi", diag.Pos{File: "dll.yaml", Line: 1, Col: 1})
		c := Load(fsys, "mi")
		day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
		for _, k := range Keys() {
			c.HTML(k, "count", 3, "name", "<b>", "date", c.Date(day), "start", c.Month(day))
		}
		c.And([]string{"a", "b", "c"})
		c.Size(1234567)
		c.Number(-12345)
		c.IsHeading("big_think", "big think")
	})
}
