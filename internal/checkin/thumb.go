package checkin

import (
	"bytes"
	"image"
	"image/jpeg"
	_ "image/png" // photos may be PNG

	"golang.org/x/image/draw"
)

// Thumbnail size: what a door shows offline, 3:4 like a passport photo.
const (
	ThumbWidth   = 96
	ThumbHeight  = 128
	thumbQuality = 70
)

// thumbnail crops a photo to 3:4 around its centre and scales it to
// ThumbWidth×ThumbHeight as a JPEG. It returns the decoder's error.
func thumbnail(data []byte) ([]byte, error) {
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	b := src.Bounds()
	crop := b
	if b.Dx()*ThumbHeight > b.Dy()*ThumbWidth { // too wide
		w := b.Dy() * ThumbWidth / ThumbHeight
		crop.Min.X += (b.Dx() - w) / 2
		crop.Max.X = crop.Min.X + w
	} else {
		h := b.Dx() * ThumbHeight / ThumbWidth
		crop.Min.Y += (b.Dy() - h) / 2
		crop.Max.Y = crop.Min.Y + h
	}
	dst := image.NewRGBA(image.Rect(0, 0, ThumbWidth, ThumbHeight))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, crop, draw.Src, nil)
	var out bytes.Buffer
	if err := jpeg.Encode(&out, dst, &jpeg.Options{Quality: thumbQuality}); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
