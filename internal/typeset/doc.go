// Package typeset draws multilingual text into PDFs made with
// github.com/go-pdf/fpdf, which draws runes as they come and shapes nothing.
//
// Line, Paragraph and Fit draw text with font switching, alignment,
// wrapping at the break opportunities of UAX #14 and shrinking to a box, and
// add the faces they use themselves. A line is reordered with the Unicode
// Bidirectional Algorithm and shaped by go-text's port of HarfBuzz, every
// script alike; glyphs that fpdf cannot draw as characters are drawn as
// outlines under invisible text, so that the text as typed can still be
// extracted (see engine.go). The embedded Noto fonts (SIL Open Font License,
// see fonts/LICENSE-noto.txt) cover Latin, Greek, Cyrillic, Arabic,
// Armenian, Bengali, Devanagari, Ethiopic, Georgian, Gurmukhi, Hebrew,
// Khmer, Myanmar, Thaana, Thai, Chinese, Japanese and Korean; Unprintable
// tells a text they do not cover.
//
// Shape, for callers that need a string, joins Arabic, Persian and Urdu
// letters by mapping them to their presentation forms, reorders the line
// and drops invisible controls; Runs splits the result by font; Register
// adds Sans and Arabic to a document for fpdf's own text functions.
//
// Like fpdf itself, the drawing functions return no errors: a failure, such
// as fpdf refusing a face, is recorded in the document and reported by
// pdf.Error() and by pdf.Output. Shaping itself cannot fail.
package typeset
