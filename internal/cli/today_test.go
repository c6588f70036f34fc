package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestValidateTodayFromClock: dll validate takes today from the clock it is
// given: a completed entry that ends the day after is an error, one that
// ends that day is not.
func TestValidateTodayFromClock(t *testing.T) {
	entry := "---\ntitle: Fractions\nsummary: A short summary.\nstatus: completed\nstart: 2026-03-02\nend: END\n" +
		"type: inquiry\nmode: build\nmy_role: instructional-coach\npartners:\n  - name: Ms. K.\n    role: classroom-teacher\n" +
		"setting:\n  organization_type: k12\n  delivery: face-to-face\n  level: 3-5\ncontributions:\n  teaching: [Co-taught the sessions]\n" +
		"expertise: [instructional-design]\n---\nStory.\n"
	for _, c := range []struct {
		end  string
		want bool
	}{{"2026-03-15", true}, {"2026-03-14", false}} {
		dir := minimalPortfolio(t)
		writeFile(t, filepath.Join(dir, "experiences", "fractions.md"), strings.Replace(entry, "END", c.end, 1))
		e := newTestEnv(t, dir)
		e.run(t, "validate")
		line := "experiences/fractions.md:6:6: end: the experience is completed, but its end date " + c.end + " is after today (2026-03-14)"
		if got := strings.Contains(e.out.String(), line); got != c.want {
			t.Errorf("end %s: reported %v, want %v:\n%s", c.end, got, c.want, e.out.String())
		}
	}
}
