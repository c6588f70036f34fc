package validate

import (
	"dll/internal/portfolio"
)

// storyConsent asks a consent decision of every file a published entry's
// story shows or links to: the file must be listed under evidence, where
// its consent is recorded, with a consent that lets it be published. A
// photo shown only in the story is a photo of someone too.
func (x *entryCtx) storyConsent() {
	if x.story == nil || !x.toPublish || len(x.story.files) == 0 {
		return
	}
	listed := map[string]*portfolio.Evidence{}
	for i := range x.e.Evidence {
		ev := &x.e.Evidence[i]
		for _, ref := range []string{ev.File, ev.CaptionsFile()} {
			if ref == "" {
				continue
			}
			if full, _, err := x.p.Resolve(x.e.Src.Dir, ref); err == nil {
				listed[full] = ev
			}
		}
	}
	for _, f := range x.story.files {
		ev, ok := listed[f.full]
		switch {
		case !ok:
			x.d.Errorf(f.at, "body", "consent", "this file is not listed under evidence, so it has no consent decision and the site leaves it out; add it to the entry's evidence with its consent (dll new evidence does it for you)")
		case !x.publishes(ev):
			x.d.Errorf(f.at, "body", "consent", "this file is evidence with consent %s, so the story cannot show it either; take it out of the story until consent is recorded", ev.Consent)
		}
	}
}
