// Command goldmark is the floor that dll is measured against: the least
// any tool must do to turn a portfolio's entries into pages. On every core
// at once, it reads each entry, parses its front matter with yaml.v3,
// converts its story with goldmark (GFM), and writes one page per entry,
// with no templates and no checks:
//
//	go run ./bench/goldmark DIR OUT
//
// It reads DIR/experiences/NAME.md, DIR/experiences/NAME/index.md and
// DIR/experiences/NAME.yaml (whose story is its body key), and writes
// OUT/experiences/NAME/index.html, making OUT if missing. The page holds
// the entry's title and its story.
package main

import (
	"bytes"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

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

type job struct {
	file, slug string
	yamlForm   bool
}

func run(dir, out string) (int, error) {
	exp := filepath.Join(dir, "experiences")
	items, err := os.ReadDir(exp)
	if err != nil {
		return 0, err
	}
	var jobs []job
	for _, it := range items {
		name := it.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		switch ext := strings.ToLower(filepath.Ext(name)); {
		case it.IsDir():
			jobs = append(jobs, job{filepath.Join(exp, name, "index.md"), name, false})
		case ext == ".md" || ext == ".markdown":
			jobs = append(jobs, job{filepath.Join(exp, name), strings.TrimSuffix(name, filepath.Ext(name)), false})
		case ext == ".yaml" || ext == ".yml":
			jobs = append(jobs, job{filepath.Join(exp, name), strings.TrimSuffix(name, filepath.Ext(name)), true})
		}
	}
	pages := filepath.Join(out, "experiences")
	if err := os.MkdirAll(pages, 0o755); err != nil {
		return 0, err
	}
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	var next, done atomic.Int64
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var page bytes.Buffer
			for i := int(next.Add(1) - 1); i < len(jobs); i = int(next.Add(1) - 1) {
				ok, err := convert(md, jobs[i], pages, &page)
				if err != nil {
					mu.Lock()
					first = cmp(first, err)
					mu.Unlock()
					return
				}
				if ok {
					done.Add(1)
				}
			}
		})
	}
	wg.Wait()
	return int(done.Load()), first
}

func cmp(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// convert reads one entry and writes its page; it reports false for a
// folder without index.md, which is not an entry.
func convert(md goldmark.Markdown, j job, pages string, page *bytes.Buffer) (bool, error) {
	data, err := os.ReadFile(j.file)
	if os.IsNotExist(err) && !j.yamlForm {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	var front, src []byte
	if j.yamlForm {
		front = data
	} else {
		front, src = split(data)
	}
	// The whole front matter is read, as a tool that shows it must.
	var fm map[string]any
	if err := yaml.Unmarshal(front, &fm); err != nil {
		return false, fmt.Errorf("%s: %w", j.file, err)
	}
	title, _ := fm["title"].(string)
	if j.yamlForm {
		body, _ := fm["body"].(string)
		src = []byte(body)
	}
	page.Reset()
	fmt.Fprintf(page, "<!DOCTYPE html>\n<title>%s</title>\n<h1>%s</h1>\n", html.EscapeString(title), html.EscapeString(title))
	if err := md.Convert(src, page); err != nil {
		return false, fmt.Errorf("%s: %w", j.file, err)
	}
	dir := filepath.Join(pages, j.slug)
	if err := os.Mkdir(dir, 0o755); err != nil && !os.IsExist(err) {
		return false, err
	}
	return true, os.WriteFile(filepath.Join(dir, "index.html"), page.Bytes(), 0o644)
}

// split returns the front matter of a Markdown entry, without its lines
// of ---, and the story after it.
func split(data []byte) (front, story []byte) {
	story = body(data)
	if len(story) == len(data) {
		return nil, data
	}
	front, _ = cutLine(data)
	front = front[:len(front)-len(story)] // up to the closing ---
	if i := bytes.LastIndex(bytes.TrimRight(front, "\r\n"), []byte("\n")); i >= 0 {
		front = front[:i+1] // drop the closing ---
	} else {
		front = nil
	}
	return front, story
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
