package main

import "testing"

// split gives yaml.v3 the front matter alone: not the closing --- and not
// the story, which YAML would read as a second document.
func TestSplit(t *testing.T) {
	for _, c := range []struct{ in, front, story string }{
		{"---\ntitle: A\nsummary: B\n---\n## Story\n\nText: with a colon, long enough to be longer than the front matter.\n", "title: A\nsummary: B\n", "## Story\n\nText: with a colon, long enough to be longer than the front matter.\n"},
		{"---\r\ntitle: A\r\n---\r\nShort\r\n", "title: A\r\n", "Short\r\n"},
		{"no front matter\n", "", "no front matter\n"},
	} {
		front, story := split([]byte(c.in))
		if string(front) != c.front || string(story) != c.story {
			t.Errorf("split(%q) = %q, %q; want %q, %q", c.in, front, story, c.front, c.story)
		}
	}
}
