package registration

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/jpeg"

	"golang.org/x/image/draw"

	"accreditation/internal/apperr"
	"accreditation/internal/imageupload"
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

// ProcessPhoto checks an uploaded photo and re-encodes it as a JPEG without
// metadata, at most MaxStoredHeight pixels high. The type comes from the
// content, never from a header. Errors: TooLarge over MaxPhotoBytes;
// Unsupported for another image type; Invalid for a body that is not an
// image, is truncated, claims more than MaxPhotoPixels (checked from the header
// before anything is decoded) or is smaller than MinPhotoWidth×MinPhotoHeight.
func ProcessPhoto(data []byte) (Photo, error) {
	img, err := imageupload.Decode(data, imageupload.Rules{What: "photo", MaxBytes: MaxPhotoBytes,
		MaxPixels: MaxPhotoPixels, MinWidth: MinPhotoWidth, MinHeight: MinPhotoHeight})
	if err != nil {
		return Photo{}, err
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
