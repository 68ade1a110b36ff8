// Package typeset draws multilingual text into PDFs made with
// github.com/go-pdf/fpdf, which draws runes as they come and shapes nothing.
//
// Shape joins Arabic, Persian and Urdu letters by mapping them to their
// presentation forms, reorders a line with the Unicode Bidirectional
// Algorithm and drops invisible controls; Runs splits the result by font.
// The embedded fonts, Noto Sans and Noto Naskh Arabic (SIL Open Font
// License, see fonts/LICENSE-noto.txt), cover Latin, Cyrillic and the
// presentation forms; Register adds them to a document. Line, Paragraph and
// Fit draw text with font switching, alignment, wrapping and shrinking to a
// box, and add the faces they use themselves.
package typeset
