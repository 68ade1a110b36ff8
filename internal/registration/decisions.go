package registration

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/actor"
	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/event"
	"accreditation/internal/invitations"
	"accreditation/internal/mail"
)

// Approve accredits a nominated participant in a category of their event,
// runs the Approved hooks (badges issues the badge) and queues a confirmation
// to the participant and the focal point in the invitation's language.
// Errors: NotFound; Invalid for a category of another event; Conflict when
// the participant is not nominated (with "current_status"), or of type
// photo-required when the category needs a photo and the participant has none.
func (s *Service) Approve(ctx context.Context, id, categoryID string) (Participant, error) {
	var out Participant
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		p, inv, err := s.lockParticipant(ctx, tx, id)
		if err != nil {
			return err
		}
		cat, err := s.events.In(tx).FindCategoryByID(ctx, p.EventID, categoryID)
		if apperr.Is(err, apperr.NotFound) {
			return apperr.Fields(apperr.Field("category_id", "must be a category of this participant's event"))
		} else if err != nil {
			return err
		}
		if p.Status != Nominated {
			return apperr.Conflictf("only a nominated participant can be approved; this one is %s", p.Status).With("current_status", p.Status)
		}
		if cat.PhotoRequired && p.PhotoID == nil {
			return apperr.Conflictf("the badges of category %s carry the holder's photo and this participant has none; "+
				"ask the delegation for one, or choose a category that needs none", cat.Code).Typed("photo-required")
		}
		before := p
		now := s.Now().Truncate(time.Microsecond)
		p.Status, p.CategoryID, p.RejectionReason = Approved, &cat.ID, ""
		p.DecidedAt, p.DecidedBy = &now, actor.From(ctx).ID
		if err := s.store.In(tx).SaveParticipant(ctx, &p); err != nil {
			return err
		}
		if err := Run(ctx, tx, s.Hooks.Approved, p); err != nil {
			return err
		}
		if err := audit.NewStore(tx).Record(ctx, audit.Change{Action: "approve", Entity: "participant", EntityID: p.ID,
			EventID: p.EventID, Before: before, After: p}); err != nil {
			return err
		}
		out = p
		return s.confirm(ctx, tx, p, inv, cat)
	})
	return out, err
}

// Reject refuses a nominated or approved participant with a reason; the
// Removed hooks run (badges revokes the badge). Errors: Invalid without a
// reason or with one cleanReason refuses; NotFound; Conflict when the participant is not active.
func (s *Service) Reject(ctx context.Context, id, reason string) (Participant, error) {
	reason, err := cleanReason(reason)
	if err != nil {
		return Participant{}, err
	}
	var out Participant
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		p, _, err := s.lockParticipant(ctx, tx, id)
		if err != nil {
			return err
		}
		if !p.Active() {
			return apperr.Conflictf("only a nominated or approved participant can be rejected; this one is %s", p.Status).With("current_status", p.Status)
		}
		if err := s.remove(ctx, tx, p, Rejected, reason); err != nil {
			return err
		}
		out, err = s.store.In(tx).FindParticipantByID(ctx, id, false)
		return err
	})
	return out, err
}

// lockParticipant reads a participant for a decision in tx, taking the row
// locks in the order every writer takes: its event's, its invitation's, then
// its own. Errors: NotFound, Internal.
func (s *Service) lockParticipant(ctx context.Context, tx *gorm.DB, id string) (Participant, invitations.Invitation, error) {
	p, err := s.store.In(tx).FindParticipantByID(ctx, id, false)
	if err != nil {
		return p, invitations.Invitation{}, err
	}
	inv, err := s.invs().In(tx).LockInvitation(ctx, p.InvitationID)
	if err != nil {
		return p, inv, err
	}
	p, err = s.store.In(tx).FindParticipantByID(ctx, id, true)
	return p, inv, err
}

// confirm queues the approval e-mails, once per decision.
func (s *Service) confirm(ctx context.Context, tx *gorm.DB, p Participant, inv invitations.Invitation, cat event.Category) error {
	d, err := s.invs().In(tx).FindDelegationByID(ctx, p.DelegationID)
	if err != nil {
		return err
	}
	lang := inv.Language
	tr := approvalTexts[lang]
	if tr.subject == "" {
		lang, tr = "en", approvalTexts["en"]
	}
	name := displayName(p)
	body := fmt.Sprintf(tr.body, name, d.Names.In(lang), cat.Names.In(lang))
	focal := d.FocalEmail
	if focal == "" {
		focal = inv.Email
	}
	key := "approval:" + p.ID + ":" + p.DecidedAt.UTC().Format(time.RFC3339Nano)
	for _, to := range []struct{ who, addr, name string }{{"participant", p.Email, name}, {"focal-point", focal, d.FocalName}} {
		if to.addr == "" || (to.who == "focal-point" && strings.EqualFold(to.addr, p.Email)) {
			continue
		}
		_, _, err := mail.NewStore(tx).Enqueue(ctx, mail.Envelope{EventID: p.EventID, Kind: "confirmation", SubjectID: p.ID,
			DedupeKey: key + ":" + to.who}, mail.Message{To: to.addr, ToName: to.name,
			Subject: fmt.Sprintf(tr.subject, name), Text: body, Language: lang})
		if err != nil {
			return err
		}
	}
	return nil
}

func displayName(p Participant) string {
	return strings.Join(strings.Fields(strings.Join([]string{p.Honorific, p.GivenNames, p.FamilyName}, " ")), " ")
}

// approvalTexts are the confirmation e-mail's subject and body (name,
// delegation, category) in each working language.
var approvalTexts = map[string]struct{ subject, body string }{
	"en": {"Accreditation confirmed: %s",
		"Dear colleague,\n\nThe Secretariat has approved the accreditation of %s (delegation: %s) in the category \"%s\".\n" +
			"The badge can be collected at the accreditation desk on presentation of an identity document.\n\nThe Conference Secretariat"},
	"fr": {"Accréditation confirmée : %s",
		"Madame, Monsieur,\n\nLe Secrétariat a approuvé l'accréditation de %s (délégation : %s) dans la catégorie « %s ».\n" +
			"Le badge pourra être retiré au guichet d'accréditation sur présentation d'une pièce d'identité.\n\nLe Secrétariat de la Conférence"},
	"ar": {"تأكيد الاعتماد: %s",
		"السيدات والسادة،\n\nوافقت الأمانة على اعتماد %s (الوفد: %s) ضمن فئة «%s».\n" +
			"يمكن استلام الشارة من مكتب الاعتماد عند تقديم وثيقة إثبات الهوية.\n\nأمانة المؤتمر"},
	"ru": {"Аккредитация подтверждена: %s",
		"Уважаемые коллеги!\n\nСекретариат утвердил аккредитацию: %s (делегация: %s), категория «%s».\n" +
			"Бейдж можно получить на стойке аккредитации при предъявлении удостоверения личности.\n\nСекретариат конференции"},
	"az": {"Akkreditasiya təsdiqləndi: %s",
		"Hörmətli həmkar,\n\nKatiblik %s (nümayəndə heyəti: %s) üçün \"%s\" kateqoriyasında akkreditasiyanı təsdiqləmişdir.\n" +
			"Bed şəxsiyyəti təsdiq edən sənəd təqdim edilməklə akkreditasiya masasından götürülə bilər.\n\nKonfransın Katibliyi"},
}

// invitationView is what a delegation sees of its invitation.
type invitationView struct {
	ID            string              `json:"id"`
	EventID       string              `json:"event_id"`
	DelegationID  string              `json:"delegation_id"`
	Language      string              `json:"language"`
	Status        string              `json:"status"`
	Quota         int                 `json:"quota"`
	QuotaLeft     int                 `json:"quota_left"`
	RSVPDeadline  time.Time           `json:"rsvp_deadline"`
	ReopenedUntil *time.Time          `json:"reopened_until"`
	Open          bool                `json:"open"`
	ResponseNote  string              `json:"response_note"`
	RespondedAt   *time.Time          `json:"responded_at"`
	Invitee       invitations.Invitee `json:"invitee"`
}

func viewInvitation(inv invitations.Invitation, active int, now time.Time) invitationView {
	return invitationView{ID: inv.ID, EventID: inv.EventID, DelegationID: inv.DelegationID, Language: inv.Language,
		Status: inv.Status, Quota: inv.Quota, QuotaLeft: max(0, inv.Quota-active), RSVPDeadline: inv.RSVPDeadline.UTC(),
		ReopenedUntil: inv.ReopenedUntil, Open: inv.Open(now), ResponseNote: inv.ResponseNote, RespondedAt: inv.RespondedAt,
		Invitee: invitations.Invitee{Honorific: inv.Honorific, GivenNames: inv.GivenNames, FamilyName: inv.FamilyName,
			NativeName: inv.NativeName, Office: inv.Office}}
}

// ParticipantView is a participant as the API shows it.
type ParticipantView struct {
	Participant
	HasPhoto bool `json:"has_photo"`
}

func viewParticipants(ps []Participant) []ParticipantView {
	out := make([]ParticipantView, len(ps))
	for i, p := range ps {
		out[i] = ParticipantView{Participant: p, HasPhoto: p.PhotoID != nil}
	}
	return out
}

func countActive(ps []Participant) int {
	n := 0
	for _, p := range ps {
		if p.Active() {
			n++
		}
	}
	return n
}

// Overview is a delegation's answer and members, as the RSVP link shows them.
type Overview struct {
	Invitation   invitationView     `json:"invitation"`
	Delegation   delegationView     `json:"delegation"`
	Event        eventView          `json:"event"`
	Participants []ParticipantView  `json:"participants"`
	Credentials  *CredentialsLetter `json:"credentials"`
}

type delegationView struct {
	ID      string      `json:"id"`
	Kind    string      `json:"kind"`
	Country string      `json:"country"`
	Names   event.Texts `json:"name"`
}

type eventView struct {
	ID       string      `json:"id"`
	Name     string      `json:"name"`
	Names    event.Texts `json:"names"`
	Timezone string      `json:"timezone"`
	StartsOn string      `json:"starts_on"`
	EndsOn   string      `json:"ends_on"`
}

// Overview returns what the RSVP link shows. Errors: Internal.
func (s *Service) Overview(ctx context.Context, l Link) (Overview, error) {
	ps, err := s.store.FindParticipantsOfInvitation(ctx, l.Invitation.ID)
	if err != nil {
		return Overview{}, err
	}
	ev, err := s.events.FindEventByID(ctx, l.Invitation.EventID)
	if err != nil {
		return Overview{}, err
	}
	cred, err := s.store.LatestCredentials(ctx, l.Invitation.ID)
	if err != nil {
		return Overview{}, err
	}
	d := l.Delegation
	return Overview{Invitation: viewInvitation(l.Invitation, countActive(ps), s.Now()),
		Delegation:   delegationView{ID: d.ID, Kind: d.Kind, Country: d.Country, Names: d.Names},
		Event:        eventView{ID: ev.ID, Name: ev.Name, Names: ev.Names, Timezone: ev.Timezone, StartsOn: ev.StartsOn, EndsOn: ev.EndsOn},
		Participants: viewParticipants(ps), Credentials: cred}, nil
}
