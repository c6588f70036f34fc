package author

import (
	"errors"
	"strings"
	"testing"

	"dll/internal/portfolio"
)

// TestListEvidence: the edit of an entry's text adds the items at the end
// of its evidence list and changes nothing else, comments and line ends
// included; a list it cannot extend line by line is refused.
func TestListEvidence(t *testing.T) {
	item := portfolio.Evidence{Title: "Glider test", Kind: "photo", File: "glider test.jpg", Phase: "teaching", Consent: "pending", Alt: AltPlaceholder}
	const added = "  - title: Glider test\n    kind: photo\n    file: glider test.jpg\n    phase: teaching\n    consent: pending\n    alt: \"TODO: describe what the image shows\"\n"
	for _, tc := range []struct {
		name, form, src, want string
	}{
		{"no evidence yet", "md",
			"---\ntitle: T # the title\n---\nStory.\n",
			"---\ntitle: T # the title\nevidence:\n" + added + "---\nStory.\n"},
		{"empty list with a comment", "md",
			"---\ntitle: T\nevidence: [] # add files here\ntags: [a]\n---\nStory.\n",
			"---\ntitle: T\nevidence: # add files here\n" + added + "tags: [a]\n---\nStory.\n"},
		{"after the last item, before comments", "md",
			"---\nevidence:\n    - title: Old\n      url: https://example.org/\n# notes\ntags: [a]\n---\n",
			"---\nevidence:\n    - title: Old\n      url: https://example.org/\n" + "  " + strings.ReplaceAll(strings.TrimSuffix(added, "\n"), "\n", "\n  ") + "\n" + "# notes\ntags: [a]\n---\n"},
		{"CRLF", "md",
			"---\r\ntitle: T\r\n---\r\nStory.\r\n",
			"---\r\ntitle: T\r\nevidence:\r\n" + strings.ReplaceAll(added, "\n", "\r\n") + "---\r\nStory.\r\n"},
		{"YAML entry, before body", "yaml",
			"title: T\nbody: |\n  Story.\n",
			"title: T\nevidence:\n" + added + "body: |\n  Story.\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			form := portfolio.MarkdownForm
			if tc.form == "yaml" {
				form = portfolio.YAMLForm
			}
			got, err := ListEvidence("entry", form, []byte(tc.src), []portfolio.Evidence{item})
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
	_, err := ListEvidence("entry", portfolio.MarkdownForm, []byte("---\nevidence: [{title: Old, url: https://example.org/}]\n---\n"), []portfolio.Evidence{item})
	var r *Refusal
	if !errors.As(err, &r) || !strings.Contains(err.Error(), "not written as a list with one item per line") {
		t.Errorf("a flow list: %v, want a refusal", err)
	}
}

// TestHumanTitle: a title made from a file name reads as words, and a name
// a camera or a phone gave is left to write, as dll validate refuses it.
func TestHumanTitle(t *testing.T) {
	for name, want := range map[string]string{
		"glider_test-2.jpg":         "Glider test 2",
		"design rubric.pdf":         "Design rubric",
		"IMG_2041.jpg":              "TODO: say what this evidence is",
		"PXL_20250314_101112.jpg":   "TODO: say what this evidence is",
		"20250314_101112.mp4":       "TODO: say what this evidence is",
		"DSC01234.JPG":              "TODO: say what this evidence is",
		"Screenshot 2025-03-14.png": "TODO: say what this evidence is",
	} {
		if got := humanTitle(name); got != want {
			t.Errorf("humanTitle(%q) = %q, want %q", name, got, want)
		}
	}
}
