package event

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image/png"

	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/httpx"
	"accreditation/internal/imageupload"
)

// The limits of an uploaded signature image.
const (
	MaxSignatureBytes = 2 << 20
	maxSignatureSide  = 4000
)

// CreateSignatory adds a signatory. It returns NotFound for an unknown event,
// Invalid for bad fields.
func (s *Service) CreateSignatory(ctx context.Context, eventID string, in SignatoryInput) (Signatory, error) {
	out := Signatory{ID: httpx.NewID(), EventID: eventID, Names: Texts{}, Titles: Texts{}, Organisations: Texts{},
		OrganisationShorts: Texts{}, SignLines: Texts{}}
	err := s.mutate(ctx, eventID, "create", "signatory", func(st *Store, ev Event, c *audit.Change) error {
		n, err := st.nextPosition(ctx, &Signatory{}, eventID)
		if err != nil {
			return err
		}
		out.Position = n
		in.apply(&out)
		if err := out.validate(ev.Languages); err != nil {
			return err
		}
		c.EntityID = out.ID
		err = st.create(ctx, &out, "signatory")
		c.After = out
		return err
	})
	return out, err
}

// UpdateSignatory changes a signatory. It returns NotFound or Invalid.
func (s *Service) UpdateSignatory(ctx context.Context, eventID, id string, in SignatoryInput) (Signatory, error) {
	var out Signatory
	err := s.mutate(ctx, eventID, "update", "signatory", func(st *Store, ev Event, c *audit.Change) error {
		v, err := st.FindSignatoryByID(ctx, eventID, id)
		if err != nil {
			return err
		}
		c.EntityID, c.Before = id, v
		in.apply(&v)
		if err := v.validate(ev.Languages); err != nil {
			return err
		}
		err = st.save(ctx, &v, "signatory")
		out, c.After = v, v
		return err
	})
	return out, err
}

// DeleteSignatory removes a signatory; letters already issued keep them, as
// each letter froze its signatories when it was issued. It returns NotFound
// and Internal.
func (s *Service) DeleteSignatory(ctx context.Context, eventID, id string) error {
	return s.mutate(ctx, eventID, "delete", "signatory", func(st *Store, _ Event, c *audit.Change) error {
		v, err := st.FindSignatoryByID(ctx, eventID, id)
		if err != nil {
			return err
		}
		c.EntityID, c.Before = id, v
		return st.remove(ctx, &Signatory{}, id, "signatory")
	})
}

// signatureChange is what the audit log keeps of a new signature: a digest,
// not the image.
type signatureChange struct {
	Signatory
	SignatureSHA256 string `json:"signature_sha256"`
}

// SetSignature stores a signatory's signature image: body must be a PNG or
// JPEG of at most MaxSignatureBytes, declared as such by contentType; it is
// decoded and re-encoded as PNG, which drops any metadata. It returns
// NotFound, Unsupported (not a PNG or JPEG), TooLarge, or Invalid (not a
// decodable image).
func (s *Service) SetSignature(ctx context.Context, eventID, id, contentType string, body []byte) (Signatory, error) {
	img, err := CleanImage(contentType, body)
	if err != nil {
		return Signatory{}, err
	}
	var out Signatory
	err = s.mutate(ctx, eventID, "set_signature", "signatory", func(st *Store, _ Event, c *audit.Change) error {
		v, err := st.FindSignatoryByID(ctx, eventID, id)
		if err != nil {
			return err
		}
		c.EntityID, c.Before = id, v
		v.SignatureType, v.SignatureImage, v.HasSignature = "image/png", img, true
		if err := st.save(ctx, &v, "signatory"); err != nil {
			return err
		}
		sum := sha256.Sum256(img)
		out, c.After = v, signatureChange{v, hex.EncodeToString(sum[:])}
		return nil
	})
	return out, err
}

// CleanImage checks that body is the PNG or JPEG image contentType declares
// (by its content, not the header alone), and returns it re-encoded as PNG.
// It returns Unsupported, TooLarge or Invalid errors.
func CleanImage(contentType string, body []byte) ([]byte, error) {
	if contentType != "image/png" && contentType != "image/jpeg" {
		return nil, &apperr.Error{Kind: apperr.Unsupported, Detail: "the image must be sent as image/png or image/jpeg"}
	}
	img, err := imageupload.Decode(body, imageupload.Rules{What: "image", MaxBytes: MaxSignatureBytes,
		Declared: contentType, MaxSide: maxSignatureSide})
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, img); err != nil {
		return nil, apperr.Wrap(err, "encode PNG")
	}
	return buf.Bytes(), nil
}
