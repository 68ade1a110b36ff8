package typeset

import (
	"io"
	"testing"

	"github.com/go-pdf/fpdf"

	"accreditation/internal/fixtures"
)

// BenchmarkRegister measures fpdf parsing the four embedded faces.
func BenchmarkRegister(b *testing.B) {
	for b.Loop() {
		pdf := fpdf.New("P", "mm", "A4", "")
		Register(pdf)
		if pdf.Err() {
			b.Fatal(pdf.Error())
		}
	}
}

// BenchmarkRegisterAndRender measures a whole document: Register, one A4
// page of names in Latin, Cyrillic and Arabic script and an Arabic
// paragraph, written out.
func BenchmarkRegisterAndRender(b *testing.B) {
	names := fixtures.Names()
	for b.Loop() {
		pdf := fpdf.New("P", "mm", "A4", "")
		Register(pdf)
		pdf.AddPage()
		y := 10.0
		for i, n := range names[:10] {
			st := Style{Size: 10, Bold: i%2 == 1}
			Line(pdf, 10, y, 95, n.Full(), st)
			Line(pdf, 110, y, 90, n.Native, st)
			y += st.LineHeight(pdf)
		}
		Paragraph(pdf, 10, y, 190, sentences[0]+"\n"+sentences[1]+"\n"+sentences[3], Style{Size: 11})
		if err := pdf.Output(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// badge draws an A6 badge: the name fitted to its box, bold, and the
// delegation below; the faces are added as they are used.
func badge(b *testing.B, n fixtures.Name) {
	if err := badgePDF(n).Output(io.Discard); err != nil {
		b.Fatal(err)
	}
}

func badgePDF(n fixtures.Name) *fpdf.Fpdf {
	pdf := fpdf.New("P", "mm", "A6", "")
	pdf.AddPage()
	top := Style{Size: 24, Bold: true, Align: AlignCenter}
	text := n.Full()
	if n.Native != "" {
		text = n.Native
	}
	l := Fit(pdf, text, 90, 20, top, 7, 3)
	l.Draw(pdf, 4, 30+(20-l.Height)/2, 90)
	Line(pdf, 4, 55, 90, n.Full(), Style{Size: 11, Align: AlignCenter})
	return pdf
}

// BenchmarkBadgeBengali measures a badge with a Bengali name, drawn as
// outlines, and its Latin transcription.
func BenchmarkBadgeBengali(b *testing.B) {
	n := fixtures.Name{Given: "Sheikh", Family: "Hasina", Native: "শেখ হাসিনা"}
	for b.Loop() {
		badge(b, n)
	}
}

// BenchmarkBadgeChinese measures a badge with a Chinese name, drawn as
// outlines, and its Latin transcription.
func BenchmarkBadgeChinese(b *testing.B) {
	n := fixtures.Name{Given: "Jinping", Family: "Xi", Native: "习近平"}
	for b.Loop() {
		badge(b, n)
	}
}

// BenchmarkParseFaces measures what the first use of every embedded face
// costs a process: parsing all of them for shaping.
func BenchmarkParseFaces(b *testing.B) {
	for b.Loop() {
		metricsMu.Lock()
		faceMetrics = map[string]*metrics{}
		metricsMu.Unlock()
		for _, f := range faces {
			faceMetricsOf(f.family, f.style)
		}
	}
}

// BenchmarkBadgeLatin measures a badge with a Latin name: two faces.
func BenchmarkBadgeLatin(b *testing.B) {
	n := nameByKey(b, "fr-2")
	for b.Loop() {
		badge(b, n)
	}
}

// BenchmarkBadgeArabic measures a badge with an Arabic name and its Latin
// transcription: three faces.
func BenchmarkBadgeArabic(b *testing.B) {
	n := nameByKey(b, "long-1")
	for b.Loop() {
		badge(b, n)
	}
}

// BenchmarkShape measures shaping a long Arabic name.
func BenchmarkShape(b *testing.B) {
	s := nameByKey(b, "long-1").Native
	for b.Loop() {
		Shape(s)
	}
}

// BenchmarkPrintBatch measures a print batch: all names of names.tsv as
// badges, one A6 page each, in one document, so each face is parsed and
// subset once for the batch. It reports the cost per badge.
func BenchmarkPrintBatch(b *testing.B) {
	names := fixtures.Names()
	for b.Loop() {
		pdf := fpdf.New("P", "mm", "A6", "")
		for _, n := range names {
			pdf.AddPage()
			text := n.Full()
			if n.Native != "" {
				text = n.Native
			}
			l := Fit(pdf, text, 90, 20, Style{Size: 24, Bold: true, Align: AlignCenter}, 7, 3)
			l.Draw(pdf, 4, 30+(20-l.Height)/2, 90)
			Line(pdf, 4, 55, 90, n.Full(), Style{Size: 11, Align: AlignCenter})
		}
		if err := pdf.Output(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(names)), "ns/badge")
}
