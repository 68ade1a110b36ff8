package invitations

import (
	"fmt"
	"strings"
	"time"
)

// letterWords are the fixed words of a letter and its e-mail, per language.
type letterWords struct {
	months      [12]string
	ref         string // "Ref.:"
	date        string // "Date:"
	forDG       string // "For the Director-General of %s": letters issued before signatories had a line of their own
	onBehalf    string // "On behalf of %s": above a signature without a line of its own
	page        string // "Page %d of %d"
	rsvp        string // caption of the printed link
	noLink      string // printed where the link would be, when it is not printed
	deadline    string // "Reply by %s"
	mailIntro   string // e-mail body: %s is the invitee's name
	mailLink    string // "Confirm and nominate your delegation by %s:"
	remindIntro string
}

var words = map[string]letterWords{
	"en": {months: [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		ref: "Ref.:", date: "Date:", forDG: "For the Director-General of %s", onBehalf: "On behalf of %s", page: "Page %d of %d",
		rsvp:        "Confirm participation and nominate the delegation at this personal link:",
		noLink:      "The personal link for your reply is sent with this letter by e-mail.",
		deadline:    "Reply by %s",
		mailIntro:   "Excellency,\n\nPlease find attached the letter of invitation to the %s.",
		mailLink:    "We should be grateful if you would confirm your participation and nominate your delegation by %s through your personal link:",
		remindIntro: "Excellency,\n\nThis is a courteous reminder of the invitation to the %s, which awaits your reply."},
	"fr": {months: [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		ref: "Réf. :", date: "Date :", forDG: "Pour le Directeur général de %s", onBehalf: "Au nom de %s", page: "Page %d sur %d",
		rsvp:        "Confirmation de la participation et désignation de la délégation au moyen de ce lien personnel :",
		noLink:      "Le lien personnel de réponse est transmis avec cette lettre par courrier électronique.",
		deadline:    "Réponse avant le %s",
		mailIntro:   "Excellence,\n\nVeuillez trouver ci-joint la lettre d'invitation à la %s.",
		mailLink:    "Nous vous serions reconnaissants de bien vouloir confirmer votre participation et désigner votre délégation au plus tard le %s au moyen de votre lien personnel :",
		remindIntro: "Excellence,\n\nNous nous permettons de vous rappeler l'invitation à la %s, qui attend votre réponse."},
	"ru": {months: [12]string{"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"},
		ref: "Исх. №", date: "Дата:", forDG: "За Генерального директора %s", onBehalf: "От имени %s", page: "Стр. %d из %d",
		rsvp:        "Подтверждение участия и назначение делегации по персональной ссылке:",
		noLink:      "Персональная ссылка для ответа направляется вместе с этим письмом по электронной почте.",
		deadline:    "Ответ до %s",
		mailIntro:   "Ваше Превосходительство!\n\nНаправляем Вам приглашение на мероприятие «%s» (письмо во вложении).",
		mailLink:    "Просим подтвердить участие и назначить делегацию не позднее %s по персональной ссылке:",
		remindIntro: "Ваше Превосходительство!\n\nНапоминаем о приглашении на мероприятие «%s», на которое ещё не получен ответ."},
	"az": {months: [12]string{"yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr", "oktyabr", "noyabr", "dekabr"},
		ref: "İstinad:", date: "Tarix:", forDG: "%s Baş direktoru adından", onBehalf: "%s adından", page: "Səhifə %d / %d",
		rsvp:        "İştirakın təsdiqi və nümayəndə heyətinin müəyyən edilməsi üçün şəxsi keçid:",
		noLink:      "Cavab üçün şəxsi keçid bu məktubla birlikdə elektron poçtla göndərilir.",
		deadline:    "Cavab müddəti: %s",
		mailIntro:   "Zati-aliləri,\n\n«%s» tədbirinə dəvət məktubu əlavə olunur.",
		mailLink:    "Xahiş edirik, iştirakınızı təsdiq edəsiniz və nümayəndə heyətinizi ən geci %s tarixinədək şəxsi keçid vasitəsilə müəyyən edəsiniz:",
		remindIntro: "Zati-aliləri,\n\n«%s» tədbirinə dəvətə hələ cavab verilmədiyini nəzakətlə xatırladırıq."},
	"ar": {months: [12]string{"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"},
		ref: "المرجع:", date: "التاريخ:", forDG: "عن المدير العام لـ %s", onBehalf: "باسم %s", page: "الصفحة %d من %d",
		rsvp:        "لتأكيد المشاركة وتسمية أعضاء الوفد عبر الرابط الخاص:",
		noLink:      "يرسل الرابط الخاص بالرد مع هذه الرسالة بالبريد الإلكتروني.",
		deadline:    "الرد قبل %s",
		mailIntro:   "صاحب المعالي،\n\nتجدون مرفقا رسالة الدعوة إلى %s.",
		mailLink:    "نرجو التكرم بتأكيد مشاركتكم وتسمية أعضاء وفدكم في موعد أقصاه %s عبر الرابط الخاص:",
		remindIntro: "صاحب المعالي،\n\nنود أن نذكركم بالدعوة إلى %s، التي لم يصلنا الرد عليها بعد."},
}

func wordsIn(lang string) letterWords {
	if w, ok := words[lang]; ok {
		return w
	}
	return words["en"]
}

// formatDate writes a date the way lang writes it: "18 March 2013",
// "1er mars 2013", "18 марта 2013 г.", "18 mart 2013", "18 مارس 2013".
func formatDate(lang string, d time.Time) string {
	w := wordsIn(lang)
	day := fmt.Sprint(d.Day())
	if lang == "fr" && d.Day() == 1 {
		day = "1er"
	}
	s := fmt.Sprintf("%s %s %d", day, w.months[d.Month()-1], d.Year())
	if lang == "ru" {
		s += " г."
	}
	return s
}

// FormatDeadline writes a deadline the way every letter, e-mail and page
// states it in lang: the date in the event's zone loc and, unless the
// deadline is the end of that day (23:59 or later), the time with the zone's
// name and offset: "18 February 2030, 18:00 (Asia/Baku, UTC+04:00)".
func FormatDeadline(lang string, at time.Time, loc *time.Location) string {
	lt := at.In(loc)
	s := formatDate(lang, lt)
	if lt.Hour() == 23 && lt.Minute() == 59 {
		return s
	}
	sep := ", "
	if lang == "ar" {
		sep = "، "
	}
	return s + sep + lt.Format("15:04") + " (" + loc.String() + sep + "UTC" + lt.Format("-07:00") + ")"
}

// FormatDates writes an event's days as its letters do (see formatDates).
func FormatDates(lang, startsOn, endsOn string) string { return formatDates(lang, startsOn, endsOn) }

// formatDates writes the days of an event: "18–19 March 2013" when within
// one month, else both dates in full.
func formatDates(lang, startsOn, endsOn string) string {
	s, err1 := time.Parse(time.DateOnly, startsOn)
	e, err2 := time.Parse(time.DateOnly, endsOn)
	switch {
	case err1 != nil || err2 != nil:
		return strings.TrimSpace(startsOn + " – " + endsOn)
	case s.Equal(e):
		return formatDate(lang, s)
	case s.Year() == e.Year() && s.Month() == e.Month():
		full := formatDate(lang, e)
		return fmt.Sprintf("%d–%s", s.Day(), full)
	}
	return formatDate(lang, s) + " – " + formatDate(lang, e)
}
