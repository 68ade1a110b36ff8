package i18n

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

var (
	action   = regexp.MustCompile(`(?s)\{\{.*?\}\}`)
	comment  = regexp.MustCompile(`(?s)<!--.*?-->`)
	rawBlock = regexp.MustCompile(`(?is)<(script|style|code)[^>]*>.*?</(script|style|code)>`)
	// Names of file formats are the same in every language.
	formats = regexp.MustCompile(`\b(PDF|ZIP|CSV|XLSX|JPEG|PNG|QR|SMTP|UTC|KB|MB)\b`)
	tag     = regexp.MustCompile(`(?s)<[^>]*>`)
	// Attributes people read: a text in them must come from the catalogue too.
	readAttr = regexp.MustCompile(`(?i)(?:^|\s)(title|alt|placeholder|aria-label|label)="([^"{]*)"`)
)

// TestNoTextOutsideTheCatalogue reads every page template of the service
// (the console, the RSVP page, the door page) and fails on any word written
// in the template itself rather than taken from the catalogue: with the
// template actions, tags, comments, code (column names, identifiers) and
// the names of file formats taken out, no letter may remain.
func TestNoTextOutsideTheCatalogue(t *testing.T) {
	root := filepath.Join("..", "..")
	var files []string
	err := filepath.WalkDir(filepath.Join(root, "internal"), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".html") && filepath.Base(filepath.Dir(path)) == "templates" {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 3 {
		t.Fatalf("found %d page templates, want the console's, the RSVP page's and the door page's", len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src := rawBlock.ReplaceAllString(comment.ReplaceAllString(action.ReplaceAllString(string(b), " "), " "), " ")
		src = formats.ReplaceAllString(src, " ")
		for _, m := range readAttr.FindAllStringSubmatch(src, -1) {
			if hasLetter(m[2]) {
				t.Errorf("%s: attribute %s=%q is not from the catalogue", f, m[1], m[2])
			}
		}
		for _, line := range strings.Split(tag.ReplaceAllString(src, "\n"), "\n") {
			if s := strings.TrimSpace(line); hasLetter(s) {
				t.Errorf("%s: text %q is not from the catalogue", f, s)
			}
		}
	}
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}
