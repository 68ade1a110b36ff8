package demo

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/go-pdf/fpdf"
)

// credentialed are the parties whose focal points upload the signed letter
// of credentials of their delegation.
var credentialed = map[string]bool{"SA": true, "MA": true, "EG": true, "FR": true, "RU": true, "GB": true,
	"KZ": true, "MY": true, "UN": true, "EU": true}

// credentials uploads a party's letter of credentials through its link,
// once its members are nominated.
func (l *loader) credentials(ctx context.Context, p party) error {
	if !credentialed[p.code] {
		return nil
	}
	data, err := credentialsLetter(p)
	if err != nil {
		return err
	}
	focal := l.rsvp[p.code]
	_, err = l.s.Registration.SetCredentials(focal.ctx, focal.link, data)
	return err
}

// credentialsLetter is a one-page letter of credentials naming the head of
// p's delegation, the same bytes on every run.
func credentialsLetter(p party) ([]byte, error) {
	signed := time.Date(2013, time.March, 4, 12, 0, 0, 0, baku)
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(signed)
	pdf.SetModificationDate(signed)
	tr := pdf.UnicodeTranslatorFromDescriptor("") // cp1252, enough for the English names chosen
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 16)
	pdf.CellFormat(0, 12, "Letter of credentials", "", 1, "C", false, 0, "")
	pdf.SetFont("Helvetica", "", 11)
	pdf.Ln(8)
	head := p.head.honorific + " " + p.head.given + " " + p.head.family
	pdf.MultiCell(0, 6, tr(fmt.Sprintf("The %s has the honour to inform the Secretariat of the International "+
		"Conference on Strengthening Cooperation in Preventing Terrorism (Baku, 18-19 March 2013) that its "+
		"delegation will be headed by %s, %s, and will include the members nominated through the "+
		"registration link of its invitation.", p.names["en"], head, p.head.function)), "", "L", false)
	pdf.Ln(12)
	pdf.MultiCell(0, 6, tr("Done on 4 March 2013.\n\n(signed and sealed)"), "", "L", false)
	var out bytes.Buffer
	err := pdf.Output(&out)
	return out.Bytes(), err
}
