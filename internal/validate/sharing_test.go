package validate

import (
	"testing"

	"dll/internal/portfolio"
)

// TestSharingWords reads contributions as teachers write them: the ones
// that only tell of sharing, advising or watching, and the ones that tell
// of planning, teaching or assessing with a partner.
func TestSharingWords(t *testing.T) {
	c := &checker{sharing: sharingForms(portfolio.Builtin())}
	for s, want := range map[string]bool{
		"Emailed Ms. Okafor a link to the slides":           true,
		"Sent her a video walkthrough of Flip":              true,
		"Posted the slides on the LMS":                      true,
		"I shared my planning template":                     true,
		"We also shared a folder of readings":               true,
		"Recommended three apps for station rotation":       true,
		"Suggested she try exit tickets":                    true,
		"Forwarded the district's PD calendar":              true,
		"Then I dropped off a cart of Chromebooks":          true,
		"Curated a list of read-alouds":                     true,
		"Provided a template for the choice board":          true,
		"Observed two lessons and took notes":               true,
		"Attended the grade-level meeting":                  true,
		"Uploaded the rubric to Canvas":                     true,
		"Texted him the link":                               true,
		"I’ve shared the anchor chart":                      true,
		"Told the team about the new databases":             true,
		"Pointed teachers to the tutorial videos":           true,
		"After the unit, I posted the slides":               true,
		"Before the first session, we emailed the families": true,
		"Then, after the unit, I posted the slides":         true,
		"Co-planned the four-week unit with Ms. Okafor":     false,
		"After I emailed her, we co-planned the unit":       false,
		"During planning, designed the rubric with her":     false,
		"In week two, co-taught the lessons on sources":     false,
		"At lunch she shared her idea and we built it":      false,
		"Co-taught two lessons on lateral reading":          false,
		"Designed the rubric with her":                      false,
		"Modelled a think-aloud in her class":               false,
		"Scored the final projects together":                false,
		"I led the mini-lesson on search strategies":        false,
		"We rebuilt the checkout routine as a book tasting": false,
		"Built a choice board with the students":            false,
		"Shared-reading lesson planned with the teacher":    false,
		"Sharpened the essential question together":         false,
		"Postponed nothing":                                 false,
		"":                                                  false,
	} {
		if got := c.isPassive(s, nil); got != want {
			t.Errorf("isPassive(%q) = %v, want %v", s, got, want)
		}
	}
}
