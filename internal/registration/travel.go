package registration

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"time"

	"accreditation/internal/apperr"
	"accreditation/internal/event"
	"accreditation/internal/names"
)

// Travel and logistics an event may ask of its delegations, per member.
const (
	TravelArrival   = "arrival"   // arrival_at, arrival_flight, arrival_airport
	TravelDeparture = "departure" // departure_at, departure_flight, departure_airport
	TravelHotel     = "hotel"
	TravelVisa      = "visa" // visa_needed
	// TravelAccessibility and TravelDietary are the member's accessibility
	// and dietary needs, free text. They are the participant's own
	// accessibility and dietary columns, one place for each need: the
	// setting says whether the RSVP page asks them with the travel.
	TravelAccessibility = "accessibility"
	TravelDietary       = "dietary"
)

// TravelFields lists what an event may ask, in the order forms show it.
var TravelFields = []string{TravelArrival, TravelDeparture, TravelHotel, TravelVisa, TravelAccessibility, TravelDietary}

// travelWindow is how long before the event's first day an arrival, and
// after its last day a departure, may be: more is a mistyped year.
const travelWindow = 60 * 24 * time.Hour

// TravelSettings is which travel fields an event asks.
type TravelSettings struct {
	EventID   string    `json:"event_id" gorm:"primaryKey"`
	Fields    string    `json:"-"`
	UpdatedAt time.Time `json:"-"`
}

// TableName is the settings' table.
func (TravelSettings) TableName() string { return "event_travel_settings" }

// Asked lists the fields the event asks.
func (t TravelSettings) Asked() []string {
	var out []string
	for _, f := range strings.Split(t.Fields, ",") {
		if slices.Contains(TravelFields, f) {
			out = append(out, f)
		}
	}
	return out
}

// Asks reports whether the event asks field (one of TravelFields).
func (t TravelSettings) Asks(field string) bool { return slices.Contains(t.Asked(), field) }

// Travel is one participant's travel and logistics. Times are stored in UTC.
type Travel struct {
	ParticipantID    string     `json:"participant_id" gorm:"primaryKey"`
	EventID          string     `json:"-"`
	ArrivalAt        *time.Time `json:"arrival_at"`
	ArrivalFlight    string     `json:"arrival_flight"`
	ArrivalAirport   string     `json:"arrival_airport"`
	DepartureAt      *time.Time `json:"departure_at"`
	DepartureFlight  string     `json:"departure_flight"`
	DepartureAirport string     `json:"departure_airport"`
	Hotel            string     `json:"hotel"`
	VisaNeeded       *bool      `json:"visa_needed"`
	// Accessibility and Dietary are the participant's (stored with them).
	Accessibility string    `json:"accessibility" gorm:"-"`
	Dietary       string    `json:"dietary" gorm:"-"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// TableName is the travel's table.
func (Travel) TableName() string { return "participant_travel" }

// Visa is "yes" or "no" when the participant said whether a visa is
// needed, "" when not.
func (t Travel) Visa() string { return visaWord(t.VisaNeeded) }

// TravelInput is a change to a participant's travel; nil fields are left as
// they are, an empty string clears one.
type TravelInput struct {
	// ArrivalAt and DepartureAt are RFC 3339 times, or YYYY-MM-DDTHH:MM
	// read in the event's timezone (what a form's datetime-local sends).
	ArrivalAt        *string `json:"arrival_at"`
	ArrivalFlight    *string `json:"arrival_flight"`
	ArrivalAirport   *string `json:"arrival_airport"`
	DepartureAt      *string `json:"departure_at"`
	DepartureFlight  *string `json:"departure_flight"`
	DepartureAirport *string `json:"departure_airport"`
	Hotel            *string `json:"hotel"`
	VisaNeeded       Maybe   `json:"visa_needed"`
	Accessibility    *string `json:"accessibility"`
	Dietary          *string `json:"dietary"`
}

// Maybe is a yes/no answer that may be given, given as unknown (JSON null),
// or left out.
type Maybe struct {
	Given bool  // the field was in the input
	Value *bool // nil for unknown
}

// UnmarshalJSON reads true, false or null.
func (m *Maybe) UnmarshalJSON(b []byte) error {
	m.Given = true
	if string(b) == "null" {
		m.Value = nil
		return nil
	}
	return json.Unmarshal(b, &m.Value)
}

var (
	// flightPattern is an airline designator (two characters of which at
	// least one is a letter, or three letters) and a number of 1-4 digits
	// with an optional suffix letter, as IATA and ICAO write them.
	flightPattern  = regexp.MustCompile(`^(?:[A-Z]{2,3}|[A-Z][0-9]|[0-9][A-Z])[0-9]{1,4}[A-Z]?$`)
	airportPattern = regexp.MustCompile(`^[A-Z]{3}$`)
)

// What a refused travel field is told; the page shows each in its language.
const (
	detailNotAsked = "this event does not ask for it"
	detailTime     = "must be a date and time such as 2013-03-17T14:30"
	detailFlight   = "must be a flight number such as AZ 123"
	detailAirport  = "must be an airport's three-letter IATA code such as GYD"
	detailArrives  = "must be before the event ends, and at most 60 days before it starts"
	detailDeparts  = "must be after the event starts, and at most 60 days after it ends"
	detailOrder    = "must be after the arrival"
)

// LocalTimeLayout is the layout of a time read in the event's timezone.
const LocalTimeLayout = "2006-01-02T15:04"

// parseTravelTime reads s as RFC 3339 or as a local time in loc.
func parseTravelTime(s string, loc *time.Location) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), true
	}
	if t, err := time.ParseInLocation(LocalTimeLayout, s, loc); err == nil {
		return t.UTC(), true
	}
	return time.Time{}, false
}

// apply checks in against what ev asks and writes it onto t. Errors:
// Invalid, listing every field at fault.
func (in TravelInput) apply(t *Travel, ev event.Event, set TravelSettings) error {
	var v apperr.Validator
	asked := func(group, field string, given bool) bool {
		if !given {
			return false
		}
		if !set.Asks(group) {
			v.Add(field, "%s", detailNotAsked)
			return false
		}
		return true
	}
	when := func(field string, src *string, dst **time.Time) {
		s := strings.TrimSpace(*src)
		if s == "" {
			*dst = nil
			return
		}
		at, ok := parseTravelTime(s, ev.Location())
		if !ok {
			v.Add(field, "%s", detailTime)
			return
		}
		*dst = &at
	}
	code := func(field string, src *string, dst *string, pattern *regexp.Regexp, detail string) {
		s := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(*src), " ", ""))
		if s != "" && !pattern.MatchString(s) {
			v.Add(field, "%s", detail)
			return
		}
		*dst = s
	}
	if asked(TravelArrival, "arrival_at", in.ArrivalAt != nil) {
		when("arrival_at", in.ArrivalAt, &t.ArrivalAt)
	}
	if asked(TravelArrival, "arrival_flight", in.ArrivalFlight != nil) {
		code("arrival_flight", in.ArrivalFlight, &t.ArrivalFlight, flightPattern, detailFlight)
	}
	if asked(TravelArrival, "arrival_airport", in.ArrivalAirport != nil) {
		code("arrival_airport", in.ArrivalAirport, &t.ArrivalAirport, airportPattern, detailAirport)
	}
	if asked(TravelDeparture, "departure_at", in.DepartureAt != nil) {
		when("departure_at", in.DepartureAt, &t.DepartureAt)
	}
	if asked(TravelDeparture, "departure_flight", in.DepartureFlight != nil) {
		code("departure_flight", in.DepartureFlight, &t.DepartureFlight, flightPattern, detailFlight)
	}
	if asked(TravelDeparture, "departure_airport", in.DepartureAirport != nil) {
		code("departure_airport", in.DepartureAirport, &t.DepartureAirport, airportPattern, detailAirport)
	}
	free := func(field string, src *string, dst *string) {
		s := *src
		if names.Field(&v, field, &s, maxText) {
			*dst = s
		}
	}
	if asked(TravelHotel, "hotel", in.Hotel != nil) {
		free("hotel", in.Hotel, &t.Hotel)
	}
	if asked(TravelAccessibility, "accessibility", in.Accessibility != nil) {
		free("accessibility", in.Accessibility, &t.Accessibility)
	}
	if asked(TravelDietary, "dietary", in.Dietary != nil) {
		free("dietary", in.Dietary, &t.Dietary)
	}
	if asked(TravelVisa, "visa_needed", in.VisaNeeded.Given) {
		t.VisaNeeded = in.VisaNeeded.Value
	}
	if err := v.Err(); err != nil {
		return err
	}
	start, end := ev.Days()
	if t.ArrivalAt != nil {
		v.Check(!t.ArrivalAt.Before(start.Add(-travelWindow)) && t.ArrivalAt.Before(end),
			"arrival_at", detailArrives+" (%s to %s)", ev.StartsOn, ev.EndsOn)
	}
	if t.DepartureAt != nil {
		v.Check(!t.DepartureAt.Before(start) && t.DepartureAt.Before(end.Add(travelWindow)),
			"departure_at", detailDeparts+" (%s to %s)", ev.StartsOn, ev.EndsOn)
	}
	if t.ArrivalAt != nil && t.DepartureAt != nil && !t.DepartureAt.After(*t.ArrivalAt) {
		v.Add("departure_at", "%s", detailOrder)
	}
	return v.Err()
}
