package schema

import (
	"dll/internal/portfolio"
)

// PublishedVersion is the version of the format of portfolio.json, the
// portfolio as data that dll build publishes. A change that could break a
// program reading it (a key removed or renamed, a value of another type)
// makes a new version; keys may be added within a version.
const PublishedVersion = 1

// PublishedFile is where the site publishes the schema of portfolio.json.
const PublishedFile = "portfolio.schema.json"

// Published returns the schema of portfolio.json as this model's
// portfolio publishes it: every value of a vocabulary is an object of its
// id (one of the vocabulary's) and its label.
func Published(m *portfolio.Model) Schema {
	str := Schema{"type": "string"}
	strs := Schema{"type": "array", "items": str}
	count := Schema{"type": "integer", "minimum": 0}
	year := Schema{"type": "integer", "minimum": 1900, "maximum": 2200}
	date := Schema{"type": "string", "pattern": DatePattern}
	label := func(vocab, desc string) Schema {
		ids := m.Vocab(vocab).IDs()
		return Schema{"$ref": "#/$defs/labelled", "properties": Schema{"id": Schema{"enum": ids}}, "description": desc}
	}
	labels := func(vocab, desc string) Schema {
		return Schema{"type": "array", "items": label(vocab, ""), "description": desc}
	}
	obj := func(required []string, props Schema) Schema {
		s := Schema{"type": "object", "properties": props, "additionalProperties": false}
		if len(required) > 0 {
			s["required"] = required
		}
		return s
	}
	leader := obj([]string{"name", "role", "organization"}, Schema{
		"name":         str,
		"role":         label("roles", "The leader's role."),
		"organization": str,
		"bio":          Schema{"type": "string", "description": "In Markdown."},
		"photo":        Schema{"type": "string", "description": "The site path of the portrait."},
		"photo_alt":    str,
		"email":        str,
		"location":     str,
		"profiles":     Schema{"type": "array", "items": obj([]string{"label", "url"}, Schema{"label": str, "url": str})},
	})
	summary := obj(nil, Schema{
		"roles": Schema{"type": "array", "items": obj([]string{"title", "start"}, Schema{
			"title": str, "organization": str, "start": year, "end": year, "note": str,
		})},
		"credentials": Schema{"type": "array", "items": obj([]string{"title"}, Schema{
			"title": str, "issuer": str, "year": year,
		})},
	})
	totals := obj([]string{"entries", "completed", "partners", "learners_reached", "met_or_exceeded", "percent_met_or_exceeded", "percent_is_self_reported"}, Schema{
		"entries": count, "completed": count, "partners": count, "learners_reached": count, "met_or_exceeded": count,
		"percent_met_or_exceeded":  Schema{"type": "integer", "minimum": 0, "maximum": 100},
		"percent_is_self_reported": Schema{"const": true},
	})
	evidence := obj([]string{"title"}, Schema{
		"title": str,
		"kind":  label("evidence_kinds", ""),
		"phase": label("evidence_phases", ""),
		"file":  Schema{"type": "string", "description": "The site path of the published file: for a picture, its widest version."},
		"width": count, "height": count,
		"url":      str,
		"alt":      str,
		"captions": Schema{"type": "string", "description": "The site path of the WebVTT captions."},
		"caption":  str,
	})
	frameworks := []string{}
	for _, f := range m.Frameworks {
		frameworks = append(frameworks, f.ID)
	}
	entry := obj([]string{"slug", "page", "title", "summary", "setting", "contributions"}, Schema{
		"slug":         str,
		"page":         Schema{"type": "string", "description": "The site path of the experience's page."},
		"draft":        Schema{"type": "boolean", "description": "Only in a preview built with --drafts: the experience is not published yet, and has only the keys it has a value for yet."},
		"title":        str,
		"summary":      str,
		"status":       label("statuses", ""),
		"start":        date,
		"end":          date,
		"types":        labels("types", "The experience's type, then its other types."),
		"mode":         label("modes", ""),
		"what_changed": str,
		"my_role":      label("roles", ""),
		"partners": Schema{"type": "array", "items": obj([]string{"name"}, Schema{
			"name": str, "role": label("partner_roles", ""), "subject": str,
		})},
		"setting": obj(nil, Schema{
			"organization_type": label("organization_types", ""),
			"delivery":          label("delivery", ""),
			"level":             label("levels", ""),
			"organization":      str, "subject": str, "sessions": count, "weeks": count,
		}),
		"contributions": obj(nil, Schema{"planning": strs, "teaching": strs, "assessment": strs}),
		"expertise":     labels("expertise", ""),
		"equity":        obj(nil, Schema{"barriers": labels("barriers", ""), "actions": strs}),
		"technologies":  strs,
		"outcomes": obj([]string{"learners", "met_or_exceeded", "percent_met_or_exceeded", "self_reported", "assessment_basis"}, Schema{
			"learners": count, "met_or_exceeded": count,
			"percent_met_or_exceeded": Schema{"type": "integer", "minimum": 0, "maximum": 100},
			"self_reported":           Schema{"const": true},
			"baseline_percent":        Schema{"type": "integer", "minimum": 0, "maximum": 100},
			"assessment_basis":        str, "learner_change": str, "partner_change": str,
		}),
		"impact": Schema{"type": "array", "items": obj([]string{"note"}, Schema{
			"area": label("impact_areas", ""), "stakeholders": labels("stakeholders", ""), "note": str,
			"evidence": Schema{"type": "string", "description": "The title or file of the evidence that shows it."},
		})},
		"actions":  labels("actions", "Leadership actions taken."),
		"evidence": Schema{"type": "array", "items": evidence},
		"alignments": Schema{"type": "array", "items": obj([]string{"framework", "codes"}, Schema{
			"framework": Schema{"$ref": "#/$defs/labelled", "properties": Schema{"id": Schema{"enum": frameworks}}, "description": "The framework's id, and its name as the label."},
			"codes": Schema{"type": "array", "items": obj([]string{"id", "label"}, Schema{
				"id": str, "label": str,
				"note": Schema{"type": "string", "description": "How the experience meets the code, in the author's words."},
			})},
		})},
		"tags":     strs,
		"language": Schema{"type": "string", "description": "The language the experience is written in, as a BCP 47 tag, when it is not the portfolio's."},
	})
	// A published experience has every key its page needs; a draft,
	// only in a preview, may not have them yet.
	entry["if"] = Schema{"required": []string{"draft"}, "properties": Schema{"draft": Schema{"const": true}}}
	entry["else"] = Schema{
		"required": []string{"status", "start", "types", "mode", "my_role", "partners", "expertise"},
		"properties": Schema{
			"setting":  Schema{"required": []string{"organization_type", "delivery", "level"}},
			"partners": Schema{"items": Schema{"required": []string{"role"}}},
			"evidence": Schema{"items": Schema{"required": []string{"kind", "phase"}}},
			"impact":   Schema{"items": Schema{"required": []string{"area", "stakeholders"}}},
		},
	}
	s := obj([]string{"version", "title", "leader", "language", "totals", "generator", "entries"}, Schema{
		"$schema":   str,
		"version":   Schema{"const": PublishedVersion, "description": "The version of this format."},
		"title":     str,
		"leader":    leader,
		"base_url":  str,
		"language":  str,
		"updated":   Schema{"type": "string", "pattern": DatePattern, "description": "When the portfolio last changed (its last commit)."},
		"totals":    totals,
		"summary":   summary,
		"featured":  Schema{"type": "array", "items": str, "description": "The slugs of the experiences the home page features, in order."},
		"generator": str,
		"entries":   Schema{"type": "array", "items": entry, "description": "The published experiences, newest first."},
	})
	s["$schema"] = Draft
	s["title"] = "dll published portfolio, version 1"
	s["description"] = "portfolio.json, the portfolio a dll site publishes as data: the leader, the headline figures and every published experience. Every value from a vocabulary is an object of its id and its label, in the portfolio's language."
	s["$defs"] = Schema{"labelled": Schema{
		"type": "object", "required": []string{"id", "label"}, "additionalProperties": false,
		"properties": Schema{"id": str, "label": str},
	}}
	return s
}
