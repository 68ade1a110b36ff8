// Package imageupload checks and decodes uploaded PNG and JPEG images (a
// participant's photo, a signatory's signature): the type comes from the
// content, and the size from the header before any pixel is decoded, so a
// disguised file or a decompression bomb is refused cheaply.
package imageupload

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"net/http"
	"strings"

	"accreditation/internal/apperr"
)

// Rules are what an uploaded image must be.
type Rules struct {
	// What names the image in messages ("photo").
	What string
	// MaxBytes is the largest file accepted.
	MaxBytes int
	// Declared is the media type the client declared, when the route
	// requires one: a body that is not a PNG or JPEG is then Unsupported (it
	// is not what it claims), where without one it is Invalid.
	Declared string
	// MaxPixels and MaxSide bound the size the header claims (0: no bound);
	// MinWidth and MinHeight are the smallest size accepted.
	MaxPixels           int64
	MaxSide             int
	MinWidth, MinHeight int
}

// Decode checks that data is a PNG or JPEG image within r, by its content,
// and decodes it. It returns TooLarge over r.MaxBytes; Unsupported for
// another image type (or, with r.Declared, anything but PNG or JPEG); Invalid
// for a body that is not an image, is damaged or truncated, or whose size is
// out of r's bounds.
func Decode(data []byte, r Rules) (image.Image, error) {
	if len(data) > r.MaxBytes {
		return nil, &apperr.Error{Kind: apperr.TooLarge, Detail: fmt.Sprintf("the %s is larger than %d MB", r.What, r.MaxBytes>>20)}
	}
	switch ct := http.DetectContentType(data); {
	case ct == "image/jpeg" || ct == "image/png":
	case strings.HasPrefix(ct, "image/") || r.Declared != "":
		return nil, &apperr.Error{Kind: apperr.Unsupported, Detail: fmt.Sprintf("the %s must be a JPEG or PNG image, not %s", r.What, ct)}
	default:
		return nil, apperr.Invalidf("the %s is not an image; send a JPEG or PNG file", r.What)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, apperr.Invalidf("the %s could not be read: the file is damaged or truncated", r.What)
	}
	if err := r.checkSize(cfg.Width, cfg.Height); err != nil {
		return nil, err
	}
	var img image.Image
	if format == "png" {
		img, err = png.Decode(bytes.NewReader(data))
	} else {
		img, err = jpeg.Decode(bytes.NewReader(data))
	}
	if err != nil {
		return nil, apperr.Invalidf("the %s could not be decoded: the file is damaged or truncated", r.What)
	}
	return img, nil
}

// checkSize checks the size an image's header claims.
func (r Rules) checkSize(w, h int) error {
	switch {
	case r.MaxPixels > 0 && int64(w)*int64(h) > r.MaxPixels:
		return apperr.Invalidf("the %s claims %d×%d pixels, more than the %d megapixels accepted", r.What, w, h, r.MaxPixels/1_000_000)
	case r.MaxSide > 0 && (w > r.MaxSide || h > r.MaxSide):
		return apperr.Invalidf("the %s must be at most %d×%d pixels", r.What, r.MaxSide, r.MaxSide)
	case w < max(1, r.MinWidth) || h < max(1, r.MinHeight):
		return apperr.Invalidf("the %s is %d×%d pixels; at least %d×%d are needed", r.What, w, h, max(1, r.MinWidth), max(1, r.MinHeight))
	}
	return nil
}
