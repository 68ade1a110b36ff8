package invitations_test

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"accreditation/internal/apperr"
	"accreditation/internal/invitations"
)

// TestXLSXThatUnzipsTooLargeIsRefused: an import is a zip archive; one of a
// few hundred kilobytes that unzips past the limit is refused from the sizes
// its directory declares, before anything is inflated, instead of filling
// memory.
func TestXLSXThatUnzipsTooLargeIsRefused(t *testing.T) {
	f := excelize.NewFile()
	cells := []any{"kind", "name_en", "given_names", "family_name", "office", "email", "language", "rsvp_deadline"}
	f.SetSheetRow("Sheet1", "A1", &cells)
	var book bytes.Buffer
	if _, err := f.WriteTo(&book); err != nil {
		t.Fatal(err)
	}
	if _, err := invitations.ParseXLSX(book.Bytes()); err != nil {
		t.Fatalf("the workbook itself: %v", err)
	}

	zr, err := zip.NewReader(bytes.NewReader(book.Bytes()), int64(book.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	for _, e := range zr.File {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.Name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		r, err := e.Open()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, r); err != nil {
			t.Fatal(err)
		}
		r.Close()
	}
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "xl/media/padding.bin", Method: zip.Deflate})
	if err != nil {
		t.Fatal(err)
	}
	zeros := make([]byte, 1<<20)
	for range invitations.MaxXLSXUnzipped>>20 + 1 {
		w.Write(zeros)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if bomb.Len() > invitations.MaxImportBody {
		t.Fatalf("the test's archive has %d bytes, more than an upload may", bomb.Len())
	}

	_, err = invitations.ParseXLSX(bomb.Bytes())
	if apperr.KindOf(err) != apperr.Invalid || !strings.Contains(err.Error(), "unzips to more than") {
		t.Fatalf("a %d-byte archive unzipping to %d MB: got %v, want Invalid naming the limit",
			bomb.Len(), invitations.MaxXLSXUnzipped>>20+1, err)
	}
}
