// Command gen writes a generated portfolio of n entries, for benchmarks:
//
//	go run ./bench/gen -n 10000 -o /dev/shm/portfolio-10k
//
// Its entries are realistic (internal/sample.Realistic: about 75 lines of
// front matter and a story of 800 to 1,200 words); -short writes the
// short entries of internal/sample.Entry instead.
package main

import (
	"flag"
	"fmt"
	"os"

	"dll/internal/sample"
)

func main() {
	n := flag.Int("n", 1000, "how many entries")
	out := flag.String("o", "", "the folder to write (must not exist)")
	short := flag.Bool("short", false, "write short entries (a story of a few sentences)")
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
	if err := write(*out, *n); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
