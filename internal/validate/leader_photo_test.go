package validate_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestLeaderPhotoComesFromOwnFiles checks that the leader's photo must be a
// picture among the portfolio's own files: never hidden, in private/ or the
// roster's folder, or in experiences/, where it could be another entry's
// evidence awaiting consent.
// tinyJPEG is a real 8×8 photo.
var tinyJPEG, _ = base64.StdEncoding.DecodeString("/9j/4AAQSkZJRgABAgAAAQABAAD//gAQTGF2YzU5LjM3LjEwMAD/2wBDAAgEBAQEBAUFBQUFBQYGBgYGBgYGBgYGBgYHBwcICAgHBwcGBgcHCAgICAkJCQgICAgJCQoKCgwMCwsODg4RERT/xABMAAEBAAAAAAAAAAAAAAAAAAAABwEBAQAAAAAAAAAAAAAAAAAABQcQAQAAAAAAAAAAAAAAAAAAAAARAQAAAAAAAAAAAAAAAAAAAAD/wAARCAAIAAgDASIAAhEAAxEA/9oADAMBAAIRAxEAPwCOAL+Lf//Z")

func TestLeaderPhotoComesFromOwnFiles(t *testing.T) {
	base := txtar.Parse(mustRead(t, "testdata/base.txtar"))
	settings, _ := archiveGet(base, "dll.yaml")
	for photo, want := range map[string]string{
		".hidden.jpg":                   `dll.yaml:6:10: leader.photo: ".hidden.jpg" is hidden (its name starts with a dot), and hidden files are never published; rename it without the dot if it belongs on the site`,
		"private/me.jpg":                `dll.yaml:6:10: leader.photo: "private/me.jpg" is in private/, which holds what is never published; put the photo at the top of the portfolio, like leader.jpg`,
		"learners/me.jpg":               `dll.yaml:6:10: leader.photo: "learners/me.jpg" is in learners/, which holds what is never published; put the photo at the top of the portfolio, like leader.jpg`,
		"experiences/inquiry/photo.jpg": `dll.yaml:6:10: leader.photo: "experiences/inquiry/photo.jpg" is in experiences/, where entries and their evidence live; put your photo at the top of the portfolio, like leader.jpg`,
		"me.pdf":                        `dll.yaml:6:10: leader.photo: "me.pdf" is not a picture; use a JPEG or PNG photo of yourself`,
		"me.jpg":                        "",
		"/home/me/me.jpg":               `dll.yaml:6:10: leader.photo: give the path from the portfolio's folder, not from the top of the disk: found "/home/me/me.jpg"`,
		"portrait.jpg":                  `dll.yaml:6:10: leader.photo: "portrait.jpg" is not in the portfolio's folder; check the name, or add the file`,
		"../me.jpg":                     `dll.yaml:6:10: leader.photo: the file must be inside the portfolio's folder; "../me.jpg" points outside it`,
	} {
		t.Run(photo, func(t *testing.T) {
			yaml := strings.Replace(string(settings), "  organization: Example School\n",
				"  organization: Example School\n  photo: "+photo+"\n  photo_alt: The leader at a library desk\nprivacy:\n  roster: learners/roster.txt\n", 1)
			a := &txtar.Archive{}
			archiveSet(a, "dll.yaml", []byte(yaml))
			for _, f := range []string{".hidden.jpg", "private/me.jpg", "learners/me.jpg", "experiences/inquiry/photo.jpg", "me.pdf", "me.jpg"} {
				archiveSet(a, f, tinyJPEG)
			}
			archiveSet(a, "learners/roster.txt", []byte("A Learner\n"))
			got := run(a, base)
			var photoLines []string
			for _, l := range strings.Split(got, "\n") {
				if strings.Contains(l, "leader.photo") {
					photoLines = append(photoLines, l)
				}
			}
			if strings.Join(photoLines, "\n") != want {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(photoLines, "\n"), want)
			}
		})
	}
}
