package event_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/http/httptest"
	"testing"

	"accreditation/internal/app/apptest"
)

// signaturePNG is a small PNG with a tEXt metadata chunk after its header.
func signaturePNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 20))
	for x := range 40 {
		img.Set(x, 10, color.RGBA{0, 0, 128, 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	data := []byte("Author\x00secret metadata")
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	chunk = append(chunk, "tEXt"...)
	chunk = append(chunk, data...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(append([]byte("tEXt"), data...)))
	const ihdrEnd = 8 + 25 // signature, then IHDR (length, type, 13 bytes, CRC)
	return append(append(append([]byte{}, b[:ihdrEnd]...), chunk...), b[ihdrEnd:]...)
}

func putSignature(env *apptest.Env, path, contentType string, body []byte) *apptest.Response {
	req := httptest.NewRequest(http.MethodPut, path, bytes.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Authorization", "Bearer "+env.Tokens["secretariat"])
	return env.Send(req)
}

func TestSignatureUpload(t *testing.T) {
	env := apptest.New(t)
	base := "/api/v1/events/" + createEvent(t, env, "Signed")["id"].(string)
	sig := base + "/signatories/" + create(t, env, base+"/signatories",
		map[string]any{"name": "Mr Yury Fedotov", "title": "Director-General", "organisation": "UNODC"})

	mustStatus(t, env.Do("GET", sig+"/signature", "secretariat", nil), http.StatusNotFound)
	in := signaturePNG(t)
	if !bytes.Contains(in, []byte("secret metadata")) {
		t.Fatal("the test image lacks its metadata")
	}
	res := putSignature(env, sig+"/signature", "image/png", in)
	mustStatus(t, res, http.StatusOK)
	if res.Map(t)["has_signature"] != true {
		t.Errorf("after upload %s", res.Body)
	}
	res = env.Do("GET", sig+"/signature", "secretariat", nil)
	mustStatus(t, res, http.StatusOK)
	if res.Header.Get("Content-Type") != "image/png" || bytes.Contains(res.Body, []byte("secret metadata")) {
		t.Errorf("served %s with %d bytes; want a PNG without the metadata", res.Header.Get("Content-Type"), len(res.Body))
	}
	img, err := png.Decode(bytes.NewReader(res.Body))
	if err != nil || img.Bounds().Dx() != 40 {
		t.Errorf("served image: %v, %v", img, err)
	}
	mustStatus(t, env.Do("GET", sig+"/signature", "door", nil), http.StatusForbidden)

	var jb bytes.Buffer
	if err := jpeg.Encode(&jb, image.NewGray(image.Rect(0, 0, 30, 10)), nil); err != nil {
		t.Fatal(err)
	}
	mustStatus(t, putSignature(env, sig+"/signature", "image/jpeg", jb.Bytes()), http.StatusOK)
	if got := env.Do("GET", sig+"/signature", "admin", nil); !bytes.HasPrefix(got.Body, []byte("\x89PNG")) {
		t.Error("a JPEG signature is not served as PNG")
	}
	if n := auditCount(t, env, "signatory", sig[len(sig)-36:], "set_signature"); n != 2 {
		t.Errorf("%d set_signature entries, want 2", n)
	}
}

func TestSignatureRefused(t *testing.T) {
	env := apptest.New(t)
	base := "/api/v1/events/" + createEvent(t, env, "Signed")["id"].(string)
	sig := base + "/signatories/" + create(t, env, base+"/signatories",
		map[string]any{"name": "Dr Abdulaziz Othman Altwaijri", "title": "Director-General", "organisation": "ISESCO"})
	good := signaturePNG(t)
	huge := append(append([]byte{}, good...), make([]byte, 2<<20)...)
	for _, tc := range []struct {
		name, contentType string
		body              []byte
		want              int
	}{
		{"text declared as text", "text/plain", []byte("not a signature"), http.StatusUnsupportedMediaType},
		{"text declared as PNG", "image/png", []byte("not a signature at all"), http.StatusUnsupportedMediaType},
		{"GIF declared as PNG", "image/png", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), http.StatusUnsupportedMediaType},
		{"truncated PNG", "image/png", good[:60], http.StatusBadRequest},
		{"over 2 MB", "image/png", huge, http.StatusRequestEntityTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := totalAudit(t, env)
			mustStatus(t, putSignature(env, sig+"/signature", tc.contentType, tc.body), tc.want)
			mustStatus(t, env.Do("GET", sig+"/signature", "secretariat", nil), http.StatusNotFound)
			if totalAudit(t, env) != before {
				t.Error("a refused upload wrote to the audit log")
			}
		})
	}
}
