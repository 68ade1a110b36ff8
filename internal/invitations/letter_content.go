package invitations

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"accreditation/internal/event"
)

// LetterContent is everything an issued letter prints, frozen when it is
// issued: later edits of the event, its signatories, the delegation or the
// template do not change a letter already on record. The letter renderer
// draws from this alone.
type LetterContent struct {
	Version         int               `json:"version"`
	ReferenceNumber string            `json:"reference_number"`
	Language        string            `json:"language"`
	IssuedAt        time.Time         `json:"issued_at"`
	IssuedOn        string            `json:"issued_on"` // YYYY-MM-DD in the event's time zone
	Event           LetterEvent       `json:"event"`
	Signatories     []LetterSignatory `json:"signatories"`
	Addressee       LetterAddressee   `json:"addressee"`
	Quota           int               `json:"quota"`
	RSVPDeadline    time.Time         `json:"rsvp_deadline"`
	Template        LetterTemplate    `json:"template"`
}

// LetterEvent is the event as the letter names it.
type LetterEvent struct {
	ID       string      `json:"id"`
	Name     string      `json:"name"`    // in the letter's language (English when missing)
	NameEN   string      `json:"name_en"` // in English
	Names    event.Texts `json:"names"`
	StartsOn string      `json:"starts_on"`
	EndsOn   string      `json:"ends_on"`
	Venue    string      `json:"venue"` // in the letter's language, as are City and CountryName
	City     string      `json:"city"`
	Country  string      `json:"country"`
	// CountryName is empty in letters issued before the event's texts
	// had languages.
	CountryName string `json:"country_name,omitempty"`
	Timezone    string `json:"timezone"`
}

// letterEvent is ev as a letter in lang names it.
func letterEvent(ev event.Event, lang string) LetterEvent {
	return LetterEvent{ID: ev.ID, Name: ev.NameIn(lang), NameEN: ev.NameIn("en"), Names: ev.Names,
		StartsOn: ev.StartsOn, EndsOn: ev.EndsOn, Venue: ev.VenueIn(lang), City: ev.CityIn(lang),
		Country: ev.Country, CountryName: ev.CountryIn(lang), Timezone: ev.Timezone}
}

// letterSignatory is sg as a letter in lang issued now freezes it.
func letterSignatory(sg event.Signatory, lang string) LetterSignatory {
	ls := LetterSignatory{Position: sg.Position, Name: sg.NameIn(lang), Title: sg.TitleIn(lang),
		Organisation: sg.OrganisationIn(lang), OrganisationShort: sg.OrganisationShortIn(lang),
		SignLine: sg.SignLineIn(lang), SignatureType: sg.SignatureType, SignatureImage: sg.SignatureImage}
	if ls.SignLine == "" {
		org := ls.OrganisationShort
		if org == "" {
			org = ls.Organisation
		}
		ls.SignLine = fmt.Sprintf(wordsIn(lang).onBehalf, org)
	}
	if len(sg.SignatureImage) > 0 {
		sum := sha256.Sum256(sg.SignatureImage)
		ls.SignatureSHA256 = hex.EncodeToString(sum[:])
	}
	return ls
}

// LetterSignatory is one person on whose behalf the letter is signed, with a
// copy of the signature image as it was at issue (SignatureImage is base64 in
// JSON; SignatureSHA256 is its hex digest, empty without an image).
type LetterSignatory struct {
	Position          int    `json:"position"`
	Name              string `json:"name"`
	Title             string `json:"title"` // in the letter's language, as are the organisation's names
	Organisation      string `json:"organisation"`
	OrganisationShort string `json:"organisation_short"`
	// SignLine is printed above the signature: the signatory's own line in
	// the letter's language, else the letter's generic wording. Letters
	// issued before it existed have none, and print the wording of then.
	SignLine        string `json:"sign_line,omitempty"`
	SignatureType   string `json:"signature_type"`
	SignatureImage  []byte `json:"signature_image"`
	SignatureSHA256 string `json:"signature_sha256"`
}

// LetterAddressee is the invitee and the delegation the letter is sent to.
type LetterAddressee struct {
	Honorific         string      `json:"honorific"`
	GivenNames        string      `json:"given_names"`
	FamilyName        string      `json:"family_name"`
	NativeName        string      `json:"native_name"`
	Office            string      `json:"office"`
	Email             string      `json:"email"`
	DelegationID      string      `json:"delegation_id"`
	DelegationKind    string      `json:"delegation_kind"`
	DelegationName    string      `json:"delegation_name"` // in the letter's language (English when missing)
	DelegationNames   event.Texts `json:"delegation_names"`
	DelegationCountry string      `json:"delegation_country"`
}

// LetterTemplate is the event's template for the letter's language at issue.
// Empty Subject and Body mean the event had none: the renderer uses its
// default text for the language.
type LetterTemplate struct {
	Subject string `json:"subject"`
	Body    string `json:"body"`
}

// Letter is one issued version of an invitation's letter.
type Letter struct {
	ID              string        `json:"id" gorm:"primaryKey"`
	InvitationID    string        `json:"invitation_id"`
	Version         int           `json:"version"`
	ReferenceNumber string        `json:"reference_number"`
	Language        string        `json:"language"`
	Raw             string        `json:"-" gorm:"column:content"`
	Content         LetterContent `json:"content" gorm:"-"`
	IssuedAt        time.Time     `json:"issued_at"`
	IssuedBy        string        `json:"issued_by"`
}

// TableName is the table of frozen letters.
func (Letter) TableName() string { return "invitation_letters" }
