package portfolio_test

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"dll/internal/portfolio"
	"dll/internal/validate"
)

const settings = "title: T\nleader:\n  name: A. Leader\n  role: teacher-librarian\n  organization: School\n"

// TestLoadHuge checks that megabytes in one value are refused with a message
// naming the file, and that a long value under the limit is reported as too
// long rather than slowing anything down.
func TestLoadHuge(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{
			name: "over 1 MB",
			src:  "---\ntitle: " + strings.Repeat("a", 1<<20) + "\n---\n",
			want: "experiences/x.md:1:1: the file is too large (1.0 MB; the limit is 1 MB); keep the story short and put large material in evidence files",
		},
		{
			name: "long summary",
			src:  "---\nsummary: " + strings.Repeat("word ", 100_000) + "\n---\n",
			want: "experiences/x.md:2:10: summary: the summary is 499999 characters; keep it to one or two sentences (under 600) and tell the rest in the story",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"dll.yaml":         {Data: []byte(settings)},
				"experiences/x.md": {Data: []byte(tt.src)},
			}
			p, diags := portfolio.Load(fsys)
			var b bytes.Buffer
			validate.Check(p, diags).Print(&b)
			if !strings.Contains(b.String(), tt.want+"\n") {
				t.Errorf("want a line\n%s\ngot:\n%s", tt.want, b.String())
			}
		})
	}
}
