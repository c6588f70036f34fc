package portfolio

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestSuggesterAsBefore holds Suggester to the plain search it replaced
// (suggestPlain below: every option folded and measured in full, for each
// name): for names and options made of letters that fold, swap and repeat,
// long and short, they give the same answer, asked once or again.
func TestSuggesterAsBefore(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	letters := []rune("abcAB-_ 12éE\u0301ßk")
	word := func() string {
		n := r.IntN(12)
		if r.IntN(20) == 0 {
			n = 60 + r.IntN(10) // past the 64 letters compared in full
		}
		var b strings.Builder
		for range n {
			b.WriteRune(letters[r.IntN(len(letters))])
		}
		return b.String()
	}
	near := func(w string) string { // w with one or two edits
		rs := []rune(w)
		for range 1 + r.IntN(2) {
			switch i := r.IntN(len(rs) + 1); {
			case len(rs) == 0 || r.IntN(3) == 0:
				rs = append(rs[:i:i], append([]rune{letters[r.IntN(len(letters))]}, rs[i:]...)...)
			case i < len(rs)-1 && r.IntN(2) == 0:
				rs[i], rs[i+1] = rs[i+1], rs[i]
			case i < len(rs):
				rs = append(rs[:i:i], rs[i+1:]...)
			}
		}
		return string(rs)
	}
	asked := 0
	for range 3000 {
		options := make([]string, r.IntN(30))
		for i := range options {
			options[i] = word()
			if i > 0 && r.IntN(4) == 0 {
				options[i] = near(options[r.IntN(i)])
			}
		}
		g := NewSuggester(options)
		for range 8 {
			s := word()
			if len(options) > 0 && r.IntN(2) == 0 {
				s = near(options[r.IntN(len(options))])
			}
			want := suggestPlain(s, options)
			for range 2 {
				if got := g.Suggest(s); got != want {
					t.Fatalf("Suggest(%q, %q) = %q, want %q", s, options, got, want)
				}
			}
			asked++
		}
	}
	if asked == 0 {
		t.Fatal("nothing asked")
	}
}

// TestSuggestNames: the answers authors see in messages.
func TestSuggestNames(t *testing.T) {
	slugs := []string{"book-tasting", "book-club", "coding-club", "experience-00001", "experience-00002"}
	for _, c := range []struct{ s, want string }{
		{"book-tastng", "book-tasting"},
		{"Book_Tasting", "book-tasting"},
		{"book", ""}, // starts two options: a tie
		{"experiance-00001", "experience-00001"},
		{"experience-0000", ""}, // starts two options
		{"coding", "coding-club"},
		{"robotics", ""},
		{"", ""},
	} {
		if got := Suggest(c.s, slugs); got != c.want {
			t.Errorf("Suggest(%q) = %q, want %q", c.s, got, c.want)
		}
	}
}

// suggestPlain is Suggest as it was before Suggester.
func suggestPlain(s string, options []string) string {
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
		dist := plainDistance(ns, no)
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
	if ties > 1 {
		return ""
	}
	return best
}

func plainDistance(a, b string) int {
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
