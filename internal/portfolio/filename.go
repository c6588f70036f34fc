package portfolio

import "regexp"

// fileNameRE matches what a camera, a phone or a download names a file:
// a name with its extension, IMG_2041, PXL_…, VID_…, 20250314_101112,
// "Screen Shot 2025-03-14 at …", "WhatsApp Image 2025-03-14 at …".
var fileNameRE = regexp.MustCompile(`(?i)^[\w\-. ]+\.(jpe?g|png|gif|webp|avif|heic|heif|bmp|tiff?|mp4|mov|m4v|webm|mp3|m4a|wav|pdf|docx?|pptx?|xlsx?|txt|vtt)$` +
	`|^(img|dsc|dscn|dscf|pxl|photo|image|screenshot|vid|mvimg|gopr|dji)[\s_-]?\d+` +
	`|^\d{8}[\s_-]\d{6}|^(screen shot|whatsapp (image|video))[\s_-]+\d`)

// IsFileName reports whether s is what a camera, a phone or a download
// names a file, rather than words a reader understands: such a name is
// neither an evidence title nor a description of an image.
func IsFileName(s string) bool {
	return fileNameRE.MatchString(s)
}
