package txtar

import (
	"bytes"
	"testing"
)

func TestParseAndFormat(t *testing.T) {
	src := []byte("comment line\n-- a.md --\nhello\n-- dir/b.yaml --\nx: 1\n-- empty --\n")
	a := Parse(src)
	if string(a.Comment) != "comment line\n" {
		t.Errorf("comment = %q", a.Comment)
	}
	if len(a.Files) != 3 || a.Files[1].Name != "dir/b.yaml" || string(a.Files[1].Data) != "x: 1\n" || len(a.Files[2].Data) != 0 {
		t.Fatalf("files = %+v", a.Files)
	}
	if got := Format(a); !bytes.Equal(got, src) {
		t.Errorf("Format changed the archive:\n%s", got)
	}
	a.Set("a.md", []byte("bye"))
	if d, _ := a.Get("a.md"); string(d) != "bye" {
		t.Errorf("Set did not replace: %q", d)
	}
}
