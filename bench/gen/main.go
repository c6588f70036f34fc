// Command gen writes a generated portfolio of n entries, for benchmarks:
//
//	go run ./bench/gen -n 10000 -o /tmp/portfolio-10k
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
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gen: give the folder to write with -o")
		os.Exit(2)
	}
	if _, err := os.Stat(*out); err == nil {
		fmt.Fprintf(os.Stderr, "gen: %s exists; give a new folder\n", *out)
		os.Exit(2)
	}
	if err := sample.Write(*out, *n); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
