// Command gen writes a generated portfolio of n entries, for benchmarks:
//
//	go run ./bench/gen -n 10000 -o /dev/shm/portfolio-10k
//
// Its entries are realistic (internal/sample.Realistic: about 75 lines of
// front matter and a story of 800 to 1,200 words); -short writes the
// short entries of internal/sample.Entry instead. -single writes each
// entry as one file in experiences/ (experiences/experience-00001.md),
// naming a lesson plan of its own beside it as evidence: a portfolio kept
// in that form finds every entry's files in one large folder.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"dll/internal/sample"
)

func main() {
	n := flag.Int("n", 1000, "how many entries")
	out := flag.String("o", "", "the folder to write (must not exist)")
	short := flag.Bool("short", false, "write short entries (a story of a few sentences)")
	single := flag.Bool("single", false, "write each entry as one file in experiences/, with a file of evidence beside it")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gen: give the folder to write with -o")
		os.Exit(2)
	}
	if _, err := os.Stat(*out); err == nil {
		fmt.Fprintf(os.Stderr, "gen: %s exists; give a new folder\n", *out)
		os.Exit(2)
	}
	write := sample.WriteRealistic
	if *short {
		write = sample.Write
	}
	err := write(*out, *n)
	if err == nil && *single {
		err = singleFiles(filepath.Join(*out, "experiences"))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// entryLink is a link from one entry's story to another's folder.
var entryLink = regexp.MustCompile(`\.\./([a-z0-9-]+)/index\.md`)

// singleFiles makes each entry folder in dir a file, dir/<name>.md, whose
// evidence lists a lesson plan of its own, dir/<name>-plan.txt, and whose
// links to other entries name their files.
func singleFiles(dir string) error {
	items, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, it := range items {
		name := it.Name()
		folder := filepath.Join(dir, name)
		text, err := os.ReadFile(filepath.Join(folder, "index.md"))
		if err != nil {
			return err
		}
		s := entryLink.ReplaceAllString(string(text), "$1.md")
		plan := fmt.Sprintf("  - title: \"Lesson plan\"\n    kind: lesson-plan\n    file: %s-plan.txt\n    phase: planning\n    consent: not-applicable\n", name)
		if !strings.Contains(s, "\nevidence:\n") {
			return fmt.Errorf("%s: no evidence list to add the plan to", name)
		}
		s = strings.Replace(s, "\nevidence:\n", "\nevidence:\n"+plan, 1)
		if err := os.WriteFile(filepath.Join(dir, name+".md"), []byte(s), 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name+"-plan.txt"), []byte("The lesson plan, week by week.\n"), 0o644); err != nil {
			return err
		}
		if err := os.RemoveAll(folder); err != nil {
			return err
		}
	}
	return nil
}
