package registration

import (
	"context"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
)

// The correction of a member on the RSVP page. Each active member has a
// form with every field the RSVP API lets a focal point change, prefilled,
// sent to pageCorrect, which calls the API's service path
// (CorrectParticipant). The page says before saving what a change does: an
// accredited member's form and photo upload state that a new name or photo
// sends them back to review, and such a change is saved only once
// confirmed. For a name the page asks after the form is sent (the form comes
// back with the old and new names and a button that confirms); for a photo,
// which cannot be sent back to the browser, a box beside the file is ticked
// first. Both work without JavaScript.

// confirmReview is the form value that confirms a return to review.
const confirmReview = "review"

// memberEdit is a correction form shown again after it was sent: what was
// typed, the messages beside its fields, and the confirmation it asks for.
type memberEdit struct {
	id      string
	values  map[string]string // nil: the member as stored
	fields  map[string]string // form field → message
	version string
	confirm bool   // a change of name that sends the member back to review: ask first
	photo   string // message beside the photo's confirmation box
}

// memberForm is what the page's "member_edit" and "photo_confirm"
// templates show of one active member.
type memberForm struct {
	ID, Action, Cancel, Version string
	T                           map[string]string
	Fields                      []memberField
	Approved, Open, Confirm     bool
	NameNow, NameAfter          string
	NativeNow, NativeAfter      string
	PhotoConfirmError           string
}

// memberField is a field of the correction form, with the ids of the
// texts that describe it: its error, and for an accredited member's name
// what a change of it does.
type memberField struct {
	pageField
	Describe string
}

// nameFields are the fields whose change is a change of identity.
var nameFields = map[string]bool{"honorific": true, "given_names": true, "family_name": true, "native_name": true}

// correctionInput reads the correction form. A field the form did not send
// is left as it is, as in the API's PATCH.
func correctionInput(c echo.Context) (map[string]string, ParticipantInput, error) {
	form, err := c.FormParams()
	if err != nil {
		return nil, ParticipantInput{}, apperr.Invalidf("the form could not be read")
	}
	values := map[string]string{}
	v := func(k string) *string {
		vs, ok := form[k]
		if !ok || len(vs) == 0 {
			return nil
		}
		values[k] = vs[0]
		s := vs[0]
		return &s
	}
	in := ParticipantInput{Honorific: v("honorific"), GivenNames: v("given_names"), FamilyName: v("family_name"),
		NativeName: v("native_name"), Gender: v("gender"), Function: v("function"), Role: v("role"), Email: v("email"),
		Phone: v("phone"), Nationality: v("nationality"), InterpretationLanguage: v("interpretation_language"),
		Dietary: v("dietary"), Accessibility: v("accessibility")}
	return values, in, nil
}

// pageCorrect saves a member's correction from the page's form, or shows the
// form again: with the messages beside its fields, or asking to confirm a
// return to review.
func (s *Service) pageCorrect(c echo.Context) error {
	ctx, l, lang, id, ok, err := s.memberLink(c)
	if !ok {
		return err
	}
	values, in, err := correctionInput(c)
	if err != nil {
		return s.renderError(ctx, c, lang, err, pageState{})
	}
	corr, err := correction(c)
	if err != nil {
		return s.renderError(ctx, c, lang, err, pageState{})
	}
	p, err := s.CorrectParticipant(ctx, l, id, in, corr)
	if err != nil {
		return s.correctionRefused(ctx, c, lang, &memberEdit{id: id, values: values, version: corr.Version}, err)
	}
	done := "corrected"
	if p.BackToReview {
		done = "review"
	}
	// The page opens at its top, where it says what was done.
	return c.Redirect(http.StatusSeeOther, "/rsvp/"+url.PathEscape(c.Param("token"))+"?lang="+lang+"&done="+done+"#title")
}

// correctionRefused shows the page again with the correction form of
// e.id open and err explained beside its fields. Errors that are not about
// the form (the deadline, a member withdrawn meanwhile) go to renderError.
func (s *Service) correctionRefused(ctx context.Context, c echo.Context, lang string, e *memberEdit, err error) error {
	var ae *apperr.Error
	if !errors.As(err, &ae) {
		return err
	}
	t := pageTexts(lang)
	st := pageState{lang: lang, edit: e}
	e.fields = map[string]string{}
	status := http.StatusBadRequest
	switch {
	case ae.Kind == apperr.Invalid && len(ae.Fields) > 0:
		st.problem = t["err_fix"]
		for _, f := range ae.Fields {
			e.fields[f.Field] = fieldMessage(t, f)
		}
	case ae.Type == "one-head":
		status, st.problem, e.fields["role"] = http.StatusConflict, t["err_fix"], t["err_head"]
	case ae.Type == "confirm-review":
		// Nothing is wrong: the page asks before the member leaves the list of the accredited.
		status, e.confirm = http.StatusOK, true
	case ae.Type == "changed-meanwhile":
		status, st.problem = http.StatusConflict, t["edit_changed"]
		e.values, e.version = nil, ""
	default:
		return s.renderError(ctx, c, lang, err, pageState{})
	}
	_, l, err := s.Resolve(ctx, c.Param("token"), c.RealIP())
	if err != nil {
		return err
	}
	return s.render(ctx, c, l, status, st)
}

// photoFromForm stores the photo sent by the page's form, with the
// confirmation the form carries. Errors: those of correction and CorrectPhoto.
func (s *Service) photoFromForm(ctx context.Context, c echo.Context, l Link, id string, data []byte) (Corrected, error) {
	corr, err := correction(c)
	if err != nil {
		return Corrected{}, err
	}
	return s.CorrectPhoto(ctx, l, id, data, corr)
}

// photoRefused explains a refused photo: an unconfirmed return to review
// beside the confirmation box, anything else as renderError does.
func (s *Service) photoRefused(ctx context.Context, c echo.Context, lang, id string, err error) error {
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Type != "confirm-review" {
		return s.renderError(ctx, c, lang, err, pageState{photoOf: id})
	}
	t := pageTexts(lang)
	st := pageState{lang: lang, problem: t["err_fix"], edit: &memberEdit{id: id, photo: t["edit_photo_confirm_missing"]}}
	_, l, err := s.Resolve(ctx, c.Param("token"), c.RealIP())
	if err != nil {
		return err
	}
	return s.render(ctx, c, l, http.StatusConflict, st)
}

// correction reads the confirmation and the version a form carries: a
// confirmation is "review" or nothing, a version what Version makes.
// Errors: Invalid, for a form that is not the page's.
func correction(c echo.Context) (Correction, error) {
	confirm, version := c.FormValue("confirm"), c.FormValue("version")
	if confirm != "" && confirm != confirmReview {
		return Correction{}, apperr.Invalidf("confirm must be %q or absent", confirmReview)
	}
	if !isVersion(version) {
		return Correction{}, apperr.Invalidf("version must be the one the form was shown with")
	}
	return Correction{Confirmed: confirm == confirmReview, Version: version}, nil
}

// isVersion reports whether v is empty or has the shape of a Version.
func isVersion(v string) bool {
	if v == "" {
		return true
	}
	_, err := hex.DecodeString(v)
	return err == nil && len(v) == 16
}

// memberFormFor is the correction form of p, or nil when p can no longer be
// changed.
func memberFormFor(t map[string]string, p Participant, open bool, st pageState) *memberForm {
	if !open || !p.Active() {
		return nil
	}
	f := &memberForm{ID: p.ID, T: t, Action: st.base + "/participants/" + p.ID + "?lang=" + st.lang,
		Cancel: st.base + "?lang=" + st.lang, Version: p.Version(), Approved: p.Status == Approved}
	stored := memberValues(p)
	fst := pageState{values: stored}
	if e := st.edit; e != nil && e.id == p.ID {
		f.Open = e.values != nil || len(e.fields) > 0
		f.Confirm, f.PhotoConfirmError = e.confirm, e.photo
		if e.version != "" {
			f.Version = e.version
		}
		for k, v := range e.values {
			stored[k] = v
		}
		fst.fields = e.fields
	}
	for _, pf := range formFieldsFor(t, p.InterpretationLanguage, fst) {
		var ids []string
		if pf.Error != "" {
			ids = append(ids, "m-"+p.ID+"-e-"+pf.Name)
		}
		if f.Approved && nameFields[pf.Name] {
			ids = append(ids, "edit-review-"+p.ID)
		}
		f.Fields = append(f.Fields, memberField{pageField: pf, Describe: strings.Join(ids, " ")})
	}
	if f.Confirm {
		after := p
		_, _ = formInput(stored).apply(&after)
		f.NameNow, f.NativeNow = displayName(p), p.NativeName
		f.NameAfter, f.NativeAfter = displayName(after), after.NativeName
	}
	return f
}

// memberValues are p's fields as the form shows them.
func memberValues(p Participant) map[string]string {
	return map[string]string{"honorific": p.Honorific, "given_names": p.GivenNames, "family_name": p.FamilyName,
		"native_name": p.NativeName, "gender": p.Gender, "function": p.Function, "role": p.Role, "email": p.Email,
		"phone": p.Phone, "nationality": p.Nationality, "interpretation_language": p.InterpretationLanguage,
		"dietary": p.Dietary, "accessibility": p.Accessibility}
}

// formInput is the input of a complete form's values.
func formInput(values map[string]string) ParticipantInput {
	v := func(k string) *string { s := values[k]; return &s }
	return ParticipantInput{Honorific: v("honorific"), GivenNames: v("given_names"), FamilyName: v("family_name"),
		NativeName: v("native_name"), Gender: v("gender"), Function: v("function"), Role: v("role"), Email: v("email"),
		Phone: v("phone"), Nationality: v("nationality"), InterpretationLanguage: v("interpretation_language"),
		Dietary: v("dietary"), Accessibility: v("accessibility")}
}
