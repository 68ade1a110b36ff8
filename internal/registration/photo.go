package registration

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"
	"strings"

	"golang.org/x/image/draw"

	"accreditation/internal/apperr"
)

// Photo limits.
const (
	MaxPhotoBytes   = 5 << 20
	MaxPhotoPixels  = 40_000_000
	MinPhotoWidth   = 300
	MinPhotoHeight  = 400
	MaxStoredHeight = 1200
	photoQuality    = 90
)

// ReadLimited reads at most limit bytes from r; a longer body is a TooLarge error.
func ReadLimited(r io.Reader, limit int64, what string) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, &apperr.Error{Kind: apperr.TooLarge, Detail: fmt.Sprintf("the %s is larger than %d MB", what, limit>>20)}
		}
		return nil, apperr.Invalidf("the %s could not be read", what)
	}
	if int64(len(b)) > limit {
		return nil, &apperr.Error{Kind: apperr.TooLarge, Detail: fmt.Sprintf("the %s is larger than %d MB", what, limit>>20)}
	}
	return b, nil
}

// ProcessPhoto checks an uploaded photo and re-encodes it as a JPEG without
// metadata, at most MaxStoredHeight pixels high. The type comes from the
// content, never from a header. Errors: TooLarge over MaxPhotoBytes;
// Unsupported for another image type; Invalid for a body that is not an
// image, is truncated, claims more than MaxPhotoPixels (checked from the header
// before anything is decoded) or is smaller than MinPhotoWidth×MinPhotoHeight.
func ProcessPhoto(data []byte) (Photo, error) {
	if len(data) > MaxPhotoBytes {
		return Photo{}, &apperr.Error{Kind: apperr.TooLarge, Detail: "the photo is larger than 5 MB"}
	}
	switch ct := http.DetectContentType(data); {
	case ct == "image/jpeg" || ct == "image/png":
	case strings.HasPrefix(ct, "image/"):
		return Photo{}, &apperr.Error{Kind: apperr.Unsupported, Detail: "the photo must be a JPEG or PNG image, not " + ct}
	default:
		return Photo{}, apperr.Invalidf("the photo is not an image; send a JPEG or PNG file")
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return Photo{}, apperr.Invalidf("the photo could not be read: the file is damaged or truncated")
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxPhotoPixels {
		return Photo{}, apperr.Invalidf("the photo claims %d×%d pixels, more than the 40 megapixels accepted", cfg.Width, cfg.Height)
	}
	if cfg.Width < MinPhotoWidth || cfg.Height < MinPhotoHeight {
		return Photo{}, apperr.Invalidf("the photo is %d×%d pixels; at least %d×%d are needed", cfg.Width, cfg.Height, MinPhotoWidth, MinPhotoHeight)
	}
	var img image.Image
	if format == "png" {
		img, err = png.Decode(bytes.NewReader(data))
	} else {
		img, err = jpeg.Decode(bytes.NewReader(data))
	}
	if err != nil {
		return Photo{}, apperr.Invalidf("the photo could not be decoded: the file is damaged or truncated")
	}
	img = fitHeight(img, MaxStoredHeight)
	var out bytes.Buffer
	if err := jpeg.Encode(&out, img, &jpeg.Options{Quality: photoQuality}); err != nil {
		return Photo{}, apperr.Wrap(err, "encode photo")
	}
	sum := sha256.Sum256(out.Bytes())
	b := img.Bounds()
	return Photo{ContentType: "image/jpeg", Width: b.Dx(), Height: b.Dy(),
		SHA256: hex.EncodeToString(sum[:]), Data: out.Bytes()}, nil
}

// fitHeight scales img down to at most h pixels high, keeping its proportions,
// and always returns a fresh RGBA image so no source metadata survives.
func fitHeight(img image.Image, h int) image.Image {
	b := img.Bounds()
	w, hh := b.Dx(), b.Dy()
	if hh > h {
		w, hh = max(1, w*h/hh), h
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, hh))
	draw.Draw(dst, dst.Bounds(), image.White, image.Point{}, draw.Src)
	if w == b.Dx() && hh == b.Dy() {
		draw.Draw(dst, dst.Bounds(), img, b.Min, draw.Over)
		return dst
	}
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Over, nil)
	return dst
}
