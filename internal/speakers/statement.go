package speakers

import (
	"archive/zip"
	"bytes"
	"path"
	"strings"

	"accreditation/internal/apperr"
)

// MaxStatement is the largest statement file taken, in bytes.
const MaxStatement = 10 << 20

// Upload is a statement file as sent.
type Upload struct {
	Name string
	Data []byte
}

// Content types of the statements taken.
const (
	PDF  = "application/pdf"
	DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	DOC  = "application/msword"
)

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// sniffStatement tells a statement's type by its content: a PDF, a Word
// document (.docx: a ZIP with word/document.xml) or an older Word file (an
// OLE compound file). Errors: TooLarge, Unsupported.
func sniffStatement(data []byte) (string, error) {
	switch {
	case len(data) > MaxStatement:
		return "", &apperr.Error{Kind: apperr.TooLarge, Detail: "the statement is larger than 10 MB"}
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return PDF, nil
	case bytes.HasPrefix(data, oleMagic):
		return DOC, nil
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		if zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err == nil {
			for _, f := range zr.File {
				if f.Name == "word/document.xml" {
					return DOCX, nil
				}
			}
		}
	}
	return "", &apperr.Error{Kind: apperr.Unsupported, Detail: "the statement must be a PDF or a Word document"}
}

// statementName is a safe file name for a statement of type ct.
func statementName(name, ct string) string {
	name = strings.TrimSpace(path.Base(strings.ReplaceAll(name, "\\", "/")))
	ext := map[string]string{PDF: ".pdf", DOCX: ".docx", DOC: ".doc"}[ct]
	name = strings.TrimSuffix(name, path.Ext(name))
	if name == "" || name == "." || name == "/" || len(name) > 120 {
		name = "statement"
	}
	return name + ext
}
