package portfolio

import (
	"fmt"
	"strings"
	"unicode"
)

// Suggest returns the option nearest to s, or "" when none is near enough to
// be what the author meant. Case, spaces, hyphens and underscores are ignored
// first; otherwise the nearest by edit distance wins, and a tie gives no suggestion.
func Suggest(s string, options []string) string {
	ns := fold(s)
	if ns == "" {
		return ""
	}
	best, bestDist, ties := "", -1, 0
	for _, o := range options {
		no := fold(o)
		if no == ns {
			return o
		}
		dist := editDistance(ns, no)
		limit := max(1, min(len([]rune(ns)), len([]rune(no)))/3)
		if strings.HasPrefix(no, ns) && len(ns) >= 3 {
			dist = min(dist, 1)
		}
		switch {
		case dist > limit:
		case bestDist < 0 || dist < bestDist:
			best, bestDist, ties = o, dist, 1
		case dist == bestDist:
			ties++
		}
	}
	// When several options are equally near ("4.9" is one edit from 4.1
	// to 4.7) a guess would mislead; the caller lists the options instead.
	if ties > 1 {
		return ""
	}
	return best
}

func fold(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

// editDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and swaps of two neighbours each cost one.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		return max(len(ra), len(rb))
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// didYouMean returns `; did you mean "x"?` for the option nearest to s, or "".
func didYouMean(s string, options []string) string {
	if hint := Suggest(s, options); hint != "" {
		return fmt.Sprintf("; did you mean %q?", hint)
	}
	return ""
}
