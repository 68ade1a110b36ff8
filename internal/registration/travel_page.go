package registration

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
	"accreditation/internal/event"
)

// travelFormFields are the travel form's fields, by the setting that asks them.
var travelFormFields = map[string][]string{
	TravelArrival:   {"arrival_at", "arrival_flight", "arrival_airport"},
	TravelDeparture: {"departure_at", "departure_flight", "departure_airport"},
	TravelHotel:     {"hotel"},
	TravelVisa:      {"visa_needed"},
	// The needs are the participant's own columns: asked here, the member
	// forms leave them out (one place on the page for each).
	TravelAccessibility: {"accessibility"},
	TravelDietary:       {"dietary"},
}

// TravelForm is one participant's travel form: the RSVP page's for a
// member, the console's for the Secretariat.
type TravelForm struct {
	ID, Base, Lang, Error string
	T                     map[string]string // the RSVP page's texts in Lang
	Open, Failed          bool
	Fields                []pageField
}

// NewTravelForm builds p's travel form in lang from what is stored, or, when
// values is not nil (the form failed), from what was typed with errs beside
// the fields; nil when the event asks nothing.
func NewTravelForm(lang string, ev event.Event, set TravelSettings, t Travel, values, errs map[string]string) *TravelForm {
	asked := set.Asked()
	if len(asked) == 0 {
		return nil
	}
	texts := pageTexts(lang)
	stored := map[string]string{"arrival_flight": t.ArrivalFlight, "arrival_airport": t.ArrivalAirport,
		"departure_flight": t.DepartureFlight, "departure_airport": t.DepartureAirport, "hotel": t.Hotel,
		"accessibility": t.Accessibility, "dietary": t.Dietary}
	if t.ArrivalAt != nil {
		stored["arrival_at"] = t.ArrivalAt.In(ev.Location()).Format(LocalTimeLayout)
	}
	if t.DepartureAt != nil {
		stored["departure_at"] = t.DepartureAt.In(ev.Location()).Format(LocalTimeLayout)
	}
	if t.VisaNeeded != nil {
		stored["visa_needed"] = map[bool]string{true: "yes", false: "no"}[*t.VisaNeeded]
	}
	failed := values != nil
	p := &TravelForm{ID: t.ParticipantID, Lang: lang, T: texts, Open: true, Failed: failed}
	if failed {
		p.Error = texts["travel.err_fix"]
	}
	for _, group := range TravelFields {
		if !set.Asks(group) {
			continue
		}
		for _, name := range travelFormFields[group] {
			f := pageField{Name: name, Label: texts["travel."+name], Type: "text", Value: stored[name], Auto: "off"}
			if failed {
				f.Value, f.Error = values[name], errs[name]
			}
			switch name {
			case "arrival_at", "departure_at":
				f.Type, f.Dir = "datetime-local", "ltr"
			case "arrival_flight", "departure_flight", "arrival_airport", "departure_airport":
				f.Dir = "ltr"
			case "hotel", "accessibility", "dietary":
				f.Dir = "auto"
			case "visa_needed":
				for _, o := range []struct{ value, key string }{{"", "visa_unsaid"}, {"yes", "visa_yes"}, {"no", "visa_no"}} {
					f.Options = append(f.Options, pageOption{Value: o.value, Label: texts["travel."+o.key], Selected: o.value == f.Value})
				}
			}
			p.Fields = append(p.Fields, f)
		}
	}
	return p
}

// pageTravelFor is a member's travel form on the page: the one that failed
// as st says, the others as stored.
func pageTravelFor(d pageData, ev event.Event, set TravelSettings, t Travel, st pageState) *TravelForm {
	var values, errs map[string]string
	if st.travel == t.ParticipantID {
		values, errs = st.values, st.fields
		if values == nil {
			values = map[string]string{}
		}
	}
	p := NewTravelForm(d.Lang, ev, set, t, values, errs)
	if p != nil {
		p.Base, p.Open = d.Base, d.Open
	}
	return p
}

// addTravel gives each active member of the page its travel form, and
// takes the needs it asks out of the member forms.
func (s *Service) addTravel(ctx context.Context, d *pageData, l Link, ev event.Event, st pageState) error {
	set, err := s.store.FindTravelSettings(ctx, ev.ID)
	if err != nil || len(set.Asked()) == 0 {
		return err
	}
	inTravel := func(name string) bool {
		return (name == "accessibility" && set.Asks(TravelAccessibility)) || (name == "dietary" && set.Asks(TravelDietary))
	}
	d.Fields = slices.DeleteFunc(d.Fields, func(f pageField) bool { return inTravel(f.Name) })
	for _, m := range d.Members {
		if m.Edit != nil {
			m.Edit.Fields = slices.DeleteFunc(m.Edit.Fields, func(f memberField) bool { return inTravel(f.Name) })
		}
	}
	ts, err := s.store.FindTravelOfInvitation(ctx, l.Invitation.ID)
	if err != nil {
		return err
	}
	for i, m := range d.Members {
		if !m.Active {
			continue
		}
		t, ok := ts[m.ID]
		if !ok {
			t = Travel{ParticipantID: m.ID}
		}
		d.Members[i].Travel = pageTravelFor(*d, ev, set, t, st)
	}
	return nil
}

// pageTravel takes a member's travel form; a refusal shows the page again
// with a message beside each field at fault, and nothing stored.
func (s *Service) pageTravel(c echo.Context) error {
	ctx, l, lang, id, ok, err := s.memberLink(c)
	if !ok {
		return err
	}
	if err := c.Request().ParseForm(); err != nil {
		return apperr.Invalidf("the form could not be read")
	}
	in, values, err := ReadTravelForm(c.Request().PostForm)
	if err != nil {
		return s.renderTravelError(ctx, c, lang, id, values, err)
	}
	if _, err := s.UpdateTravel(ctx, l, id, in); err != nil {
		return s.renderTravelError(ctx, c, lang, id, values, err)
	}
	return back(c, lang, "travel")
}

// ReadTravelForm reads a travel form's fields (only those sent change), with
// the values as typed to show again. Errors: Invalid on visa_needed when it
// is not yes, no or empty.
func ReadTravelForm(form url.Values) (TravelInput, map[string]string, error) {
	values := map[string]string{}
	var in TravelInput
	str := func(name string, dst **string) {
		if v, sent := form[name]; sent && len(v) > 0 {
			s := v[0]
			values[name], *dst = s, &s
		}
	}
	str("arrival_at", &in.ArrivalAt)
	str("arrival_flight", &in.ArrivalFlight)
	str("arrival_airport", &in.ArrivalAirport)
	str("departure_at", &in.DepartureAt)
	str("departure_flight", &in.DepartureFlight)
	str("departure_airport", &in.DepartureAirport)
	str("hotel", &in.Hotel)
	str("accessibility", &in.Accessibility)
	str("dietary", &in.Dietary)
	if v, sent := form["visa_needed"]; sent && len(v) > 0 {
		values["visa_needed"] = v[0]
		in.VisaNeeded.Given = true
		switch v[0] {
		case "yes", "no":
			b := v[0] == "yes"
			in.VisaNeeded.Value = &b
		case "":
		default:
			return in, values, apperr.Fields(apperr.Field("visa_needed", "must be yes, no or empty"))
		}
	}
	return in, values, nil
}

// TravelErrors are the messages, in lang, beside the fields of a travel
// form that err refuses; nil when err is not about its fields.
func TravelErrors(lang string, err error) map[string]string {
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Kind != apperr.Invalid || len(ae.Fields) == 0 {
		return nil
	}
	t := pageTexts(lang)
	out := map[string]string{}
	for _, f := range ae.Fields {
		out[f.Field] = travelMessage(t, f.Detail)
	}
	return out
}

// renderTravelError shows the page again with the travel form's fields at
// fault explained beside them; other refusals as every form's.
func (s *Service) renderTravelError(ctx context.Context, c echo.Context, lang, id string, values map[string]string, err error) error {
	errs := TravelErrors(lang, err)
	if errs == nil {
		return s.renderError(ctx, c, lang, err, pageState{})
	}
	st := pageState{lang: lang, travel: id, values: values, fields: errs, problem: pageTexts(lang)["travel.err_fix"]}
	_, l, err := s.Resolve(ctx, c.Param("token"), c.RealIP())
	if err != nil {
		return err
	}
	return s.render(ctx, c, l, http.StatusBadRequest, st)
}

// travelMessage is the page's text for a refused travel field's detail.
func travelMessage(t map[string]string, detail string) string {
	for prefix, key := range map[string]string{detailNotAsked: "err_not_asked", detailTime: "err_time",
		detailFlight: "err_flight", detailAirport: "err_airport", detailArrives: "err_arrives",
		detailDeparts: "err_departs", detailOrder: "err_order"} {
		if strings.HasPrefix(detail, prefix) {
			return t["travel."+key]
		}
	}
	return t["travel.err_text"]
}
