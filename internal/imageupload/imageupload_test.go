package imageupload_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"accreditation/internal/apperr"
	"accreditation/internal/imageupload"
)

func encode(t *testing.T, format string, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(w/2, h/2, color.Black)
	var buf bytes.Buffer
	var err error
	if format == "png" {
		err = png.Encode(&buf, img)
	} else {
		err = jpeg.Encode(&buf, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// pngHeader is a PNG whose header claims w×h pixels, with no pixel data.
func pngHeader(w, h uint32) []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2
	chunk := append([]byte("IHDR"), ihdr...)
	out := append([]byte("\x89PNG\r\n\x1a\n"), binary.BigEndian.AppendUint32(nil, 13)...)
	out = append(out, chunk...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(chunk))
}

func TestDecode(t *testing.T) {
	photo := imageupload.Rules{What: "photo", MaxBytes: 1 << 20, MaxPixels: 1_000_000, MinWidth: 30, MinHeight: 40}
	declared := imageupload.Rules{What: "image", MaxBytes: 1 << 20, MaxSide: 100, Declared: "image/png"}
	good := encode(t, "jpeg", 60, 80)
	cases := []struct {
		name  string
		data  []byte
		rules imageupload.Rules
		want  apperr.Kind // Internal: accepted
	}{
		{"JPEG", good, photo, apperr.Internal},
		{"PNG", encode(t, "png", 60, 80), photo, apperr.Internal},
		{"too many bytes", append(append([]byte{}, good...), make([]byte, 1<<20)...), photo, apperr.TooLarge},
		{"text", []byte("hello, this is not an image"), photo, apperr.Invalid},
		{"text declared as an image", []byte("hello, this is not an image"), declared, apperr.Unsupported},
		{"GIF", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), photo, apperr.Unsupported},
		{"truncated", good[:len(good)/2], photo, apperr.Invalid},
		{"decompression bomb", pngHeader(10000, 10000), photo, apperr.Invalid},
		{"too small", encode(t, "jpeg", 20, 20), photo, apperr.Invalid},
		{"a side too long", encode(t, "png", 101, 10), declared, apperr.Invalid},
	}
	for _, c := range cases {
		img, err := imageupload.Decode(c.data, c.rules)
		switch {
		case c.want == apperr.Internal && (err != nil || img.Bounds().Dx() != 60):
			t.Errorf("%s: %v, want the image decoded", c.name, err)
		case c.want != apperr.Internal && apperr.KindOf(err) != c.want:
			t.Errorf("%s: %v (kind %d), want kind %d", c.name, err, apperr.KindOf(err), c.want)
		}
	}
}
