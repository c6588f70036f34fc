package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestStatus: dll status shows every entry with its state and what is
// left, the consent still pending, and the leader's aims; a name from the
// privacy list in a private entry's title is never printed.
func TestStatus(t *testing.T) {
	root := copyExample(t)
	settings := filepath.Join(root, "dll.yaml")
	writeFile(t, settings, readFile(t, settings)+"aims:\n  types: [inquiry, literacy, personalized]\n  expertise: [equity, technology]\n  frameworks: [iste-coaches]\n")
	private := filepath.Join(root, "experiences", "grade6-reading-access", "index.md")
	writeFile(t, private, strings.Replace(readFile(t, private), `title: "Reading access plans for a small group of Grade 6 readers with dyslexia"`, `title: "Reading plans with Kaylee Brennan-Soto"`, 1))
	draft := filepath.Join(root, "experiences", "family-digital-citizenship-nights.md")
	writeFile(t, draft, strings.Replace(readFile(t, draft), "\ntechnologies:", "\nevidence:\n  - title: Sign-in sheet\n    kind: resource\n    url: https://example.org/sheet\n    phase: teaching\n    consent: pending\ntechnologies:", 1))
	scaffold(t, root, "Podcast club", "--type", "literacy", "--mode", "build")

	e := newTestEnv(t, root)
	if code := e.run(t, "status"); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, e.out, e.err)
	}
	want := `13 entries, 10 published.

Published (10)
  completed    Self-paced onboarding pathways for new …  experiences/city-onboarding-pathways.yaml
  completed    Glider Design Challenge: from kit conte…  experiences/glider-design-challenge/index.md
  completed    Grade 3 book tasting: building readers …  experiences/grade3-book-tasting.md
  in progress  Lateral reading lab for Grade 7 news li…  experiences/grade7-lateral-reading-lab.md
  completed    Retrieval practice in introductory biol…  experiences/intro-biology-retrieval/index.md
  in progress  Wonder Wall: question-driven inquiry fo…  experiences/k2-wonder-wall.yaml
  completed    Mill Creek water inquiry: who decides i…  experiences/mill-creek-water-inquiry/index.md
  completed    Neighborhood Voices: a bilingual oral h…  experiences/neighborhood-oral-history/index.md
  completed    From slide lectures to worked cases: li…  experiences/support-onboarding-cases/index.md
  completed    Spring Pathways: a choose-your-goal cod…  experiences/youth-coding-pathways/index.md

Not published yet (2)
  draft        Family digital citizenship nights with …  experiences/family-digital-citizenship-nights.md
               consent pending for 1 evidence item (experiences/family-digital-citizenship-nights.md:45:14)
  planned      Podcast club                              experiences/podcast-club/index.md
               11 to write: contributions (3), equity, partners, story (5), summary

Private, never published (1)
  private      (title withheld: a name on your privacy…  experiences/grade6-reading-access/index.md

Your aims (aims in dll.yaml)
  Experience types
    shown: Inquiry (5), Literacy (3), Personalized learning (2)
  Expertise
    shown: Equity (8), Technology (6)
  ISTE Standards for Coaches: 6 of 7 codes evidenced; not yet: 4.2

0 errors and 1 warning in all: dll validate lists them, where they are.
`
	if got := e.out.String(); got != want {
		t.Errorf("dll status printed:\n%s\nwant:\n%s", got, want)
	}
	if strings.Contains(e.out.String(), "Kaylee") {
		t.Error("dll status printed a name from the privacy list")
	}

	e = newTestEnv(t, root)
	if code := e.run(t, "status", "--format", "json"); code != 0 {
		t.Fatalf("json: exit %d\n%s", code, e.err)
	}
	var r statusReport
	if err := json.Unmarshal(e.out.Bytes(), &r); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, e.out)
	}
	if len(r.Entries) != 13 || !r.AimsSet || strings.Contains(e.out.String(), "Kaylee") {
		t.Errorf("json: %d entries, aims set %v:\n%s", len(r.Entries), r.AimsSet, e.out)
	}
}
