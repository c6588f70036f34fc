// Command goldmark is the floor that `dll build` is measured against: a bare
// loop that converts every entry of a portfolio to HTML with goldmark, one
// file after another, in one goroutine, with no templates:
//
//	go run ./bench/goldmark DIR OUT
//
// It reads DIR/experiences/NAME.md, DIR/experiences/NAME/index.md and the
// body of DIR/experiences/NAME.yaml, strips the front matter of Markdown
// entries (everything up to the second line of ---), converts the rest with
// goldmark and GFM, and writes OUT/NAME.html. OUT is made if missing.
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"go.yaml.in/yaml/v3"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: goldmark DIR OUT")
		os.Exit(2)
	}
	n, err := run(os.Args[1], os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, "goldmark:", err)
		os.Exit(1)
	}
	fmt.Printf("Converted %d entries into %s\n", n, os.Args[2])
}

func run(dir, out string) (int, error) {
	exp := filepath.Join(dir, "experiences")
	items, err := os.ReadDir(exp)
	if err != nil {
		return 0, err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return 0, err
	}
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	var html bytes.Buffer
	n := 0
	for _, it := range items {
		name := it.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		var file, slug string
		yamlForm := false
		switch ext := strings.ToLower(filepath.Ext(name)); {
		case it.IsDir():
			file, slug = filepath.Join(exp, name, "index.md"), name
		case ext == ".md" || ext == ".markdown":
			file, slug = filepath.Join(exp, name), strings.TrimSuffix(name, filepath.Ext(name))
		case ext == ".yaml" || ext == ".yml":
			file, slug, yamlForm = filepath.Join(exp, name), strings.TrimSuffix(name, filepath.Ext(name)), true
		default:
			continue
		}
		data, err := os.ReadFile(file)
		if os.IsNotExist(err) && it.IsDir() {
			continue // a folder without index.md is not an entry
		}
		if err != nil {
			return n, err
		}
		var src []byte
		if yamlForm {
			var e struct {
				Body string `yaml:"body"`
			}
			if err := yaml.Unmarshal(data, &e); err != nil {
				return n, fmt.Errorf("%s: %w", file, err)
			}
			src = []byte(e.Body)
		} else {
			src = body(data)
		}
		html.Reset()
		if err := md.Convert(src, &html); err != nil {
			return n, fmt.Errorf("%s: %w", file, err)
		}
		if err := os.WriteFile(filepath.Join(out, slug+".html"), html.Bytes(), 0o644); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// body returns what follows the front matter of a Markdown entry: the text
// after the second line that is exactly ---, or all of it when the file
// does not start with ---.
func body(data []byte) []byte {
	rest, ok := cutLine(data)
	if !ok {
		return data
	}
	for len(rest) > 0 {
		i := bytes.IndexByte(rest, '\n')
		line, next := rest, []byte(nil)
		if i >= 0 {
			line, next = rest[:i+1], rest[i+1:]
		}
		if isFence(line) {
			return next
		}
		rest = next
	}
	return data // no closing line: treat the whole file as Markdown
}

// cutLine reports whether data starts with a line of ---, and returns what
// follows it.
func cutLine(data []byte) ([]byte, bool) {
	i := bytes.IndexByte(data, '\n')
	if i < 0 || !isFence(data[:i+1]) {
		return nil, false
	}
	return data[i+1:], true
}

func isFence(line []byte) bool {
	line = bytes.TrimRight(line, "\r\n")
	return string(line) == "---"
}
