package event

import (
	"context"
	"time"

	"gorm.io/gorm"

	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/httpx"
)

// demoLock keys the PostgreSQL advisory lock that keeps two servers starting
// at once from both loading the demo.
const demoLock = 7_301_2013

// LoadDemo loads the demo conference — the International Conference on
// Strengthening Cooperation in Preventing Terrorism, Baku, 18-19 March 2013 —
// in one transaction when there is no event yet, and reports whether it did.
// It returns Internal errors only.
//
// Who may enter where (categories → zones): everyone with a badge enters the
// plenary hall except Media, who work from the press area (the hall's
// proceedings are relayed there); the VIP lounge opens to Ministers / Heads of
// Delegation and Heads of International Organisations; Secretariat and
// Security open every zone. Change a category's zones to change this.
func (s *Service) LoadDemo(ctx context.Context) (loaded bool, err error) {
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st := s.store.In(tx)
		if err := st.lockDemoLoading(ctx); err != nil {
			return err
		}
		n, err := st.CountEvents(ctx)
		if err != nil || n > 0 {
			return err
		}
		ev, err := insertDemo(ctx, st)
		if err != nil {
			return err
		}
		loaded = true
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: "load_demo", Entity: "event", EntityID: ev.ID,
			EventID: ev.ID, After: ev})
	})
	return loaded, err
}

// RemoveDemo deletes a demo event and everything in it — delegations,
// invitations and their letters, participants and their photos, badges,
// print jobs, outbox items, scans, attendance and the event's audit
// entries — leaving one audit entry that records the deletion. It returns
// NotFound, or Conflict for an event that is not a demo (real events are
// never deleted).
func (s *Service) RemoveDemo(ctx context.Context, eventID string) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st := s.store.In(tx)
		ev, err := st.LockEvent(ctx, eventID)
		if err != nil {
			return err
		}
		if !ev.IsDemo {
			return apperr.Conflictf("only a demo event can be deleted").With("is_demo", false)
		}
		if err := st.deleteUnlinked(ctx, ev.ID); err != nil {
			return err
		}
		if err := st.remove(ctx, &Event{}, ev.ID, "event"); err != nil {
			return err
		}
		return audit.NewStore(tx).Record(ctx, audit.Change{Action: "delete", Entity: "event", EntityID: ev.ID,
			EventID: ev.ID, Before: ev})
	})
}

// unlinked are the tables that name an event's rows without a foreign key,
// which deleting the event does not reach by ON DELETE CASCADE as it
// reaches everything else (delegations, invitations, letters, participants,
// photos, badges and their history, print jobs, outbox, signing keys): the
// door's tables, whose inserts must not lock the event's row, photo
// thumbnails, and the audit log, made to outlive what it names but for a
// demo's entries. RemoveDemo empties them of the event, in this order,
// before deleting it. The event package knows these tables of the packages
// above it by name only.
var unlinked = []struct{ table, where string }{
	{"photo_thumbs", "photo_id IN (SELECT ph.id FROM photos ph JOIN participants p ON p.id = ph.participant_id WHERE p.event_id = ?)"},
	{"scans", "event_id = ?"},
	{"scan_tallies", "event_id = ?"},
	{"day_arrivals", "event_id = ?"},
	{"presence", "event_id = ?"},
	{"attendees", "event_id = ?"},
	{"audit_log", "event_id = ?"},
}

func insertDemo(ctx context.Context, st *Store) (Event, error) {
	n, err := st.nextEventNumber(ctx)
	if err != nil {
		return Event{}, err
	}
	ev := demoEvent()
	ev.Number = n
	if err := st.create(ctx, &ev, "event"); err != nil {
		return Event{}, err
	}
	sigs := demoSignatories(ev.ID)
	if err := st.create(ctx, &sigs, "signatory"); err != nil {
		return Event{}, err
	}
	zones := demoZones(ev.ID)
	if err := st.create(ctx, &zones, "zone"); err != nil {
		return Event{}, err
	}
	zoneID := map[string]string{}
	for _, z := range zones {
		zoneID[z.Code] = z.ID
	}
	sessions := demoSessions(ev, zoneID["plenary"])
	if err := st.create(ctx, &sessions, "session"); err != nil {
		return Event{}, err
	}
	checkpoints := demoCheckpoints(ev.ID, zoneID)
	if err := st.create(ctx, &checkpoints, "checkpoint"); err != nil {
		return Event{}, err
	}
	for i, dc := range demoCategories {
		c := Category{ID: httpx.NewID(), EventID: ev.ID, Code: dc.code, Names: dc.names, Colour: dc.colour, Position: i + 1,
			PhotoRequired: true}
		if err := st.create(ctx, &c, "category"); err != nil {
			return Event{}, err
		}
		var ids []string
		for _, code := range dc.zones {
			ids = append(ids, zoneID[code])
		}
		if err := st.setCategoryZones(ctx, c.ID, ids); err != nil {
			return Event{}, err
		}
	}
	return ev, nil
}

func demoEvent() Event {
	ev := newEvent()
	ev.Name = "International Conference on Strengthening Cooperation in Preventing Terrorism"
	ev.Names = Texts{
		"en": ev.Name,
		"fr": "Conférence internationale sur le renforcement de la coopération en matière de prévention du terrorisme",
		"ar": "المؤتمر الدولي حول تعزيز التعاون في مجال منع الإرهاب",
		"ru": "Международная конференция по укреплению сотрудничества в области предупреждения терроризма",
		"az": "Terrorizmin qarşısının alınması sahəsində əməkdaşlığın gücləndirilməsinə dair Beynəlxalq Konfrans",
	}
	ev.Venue, ev.City, ev.Country, ev.Timezone = "Baku Convention Center", "Baku", "AZ", "Asia/Baku"
	ev.VenueNames = Texts{"en": ev.Venue, "fr": "Centre de congrès de Bakou", "ar": "مركز باكو للمؤتمرات",
		"ru": "Бакинский конгресс-центр", "az": "Bakı Konqres Mərkəzi"}
	ev.CityNames = Texts{"en": ev.City, "fr": "Bakou", "ar": "باكو", "ru": "Баку", "az": "Bakı"}
	ev.StartsOn, ev.EndsOn = "2013-03-18", "2013-03-19"
	ev.Languages = Strings{"ar", "fr", "en", "ru", "az"}
	ev.ReferenceFormat = "UNODC-ISESCO/BAKU/2013/{seq:03}"
	ev.DefaultQuotas = Quotas{"member_state": 5, "observer_state": 3, "international_organization": 3,
		"ngo": 2, "parliament": 2, "expert": 1, "media": 2}
	ev.IsDemo = true
	return ev
}

func demoSignatories(eventID string) []Signatory {
	return []Signatory{
		{ID: httpx.NewID(), EventID: eventID, Position: 1, Name: "Mr Yury Fedotov", Title: "Executive Director",
			Names:        Texts{"ar": "السيد يوري فيدوتوف", "ru": "г-н Юрий Федотов", "fr": "M. Yury Fedotov"},
			Organisation: "United Nations Office on Drugs and Crime", OrganisationShort: "UNODC",
			Titles: Texts{"en": "Executive Director", "fr": "Directeur exécutif", "ar": "المدير التنفيذي",
				"ru": "Директор-исполнитель", "az": "İcraçı direktor"},
			Organisations: Texts{"en": "United Nations Office on Drugs and Crime",
				"fr": "Office des Nations Unies contre la drogue et le crime",
				"ar": "مكتب الأمم المتحدة المعني بالمخدرات والجريمة",
				"ru": "Управление Организации Объединенных Наций по наркотикам и преступности",
				"az": "BMT-nin Narkotiklər və Cinayətkarlıq üzrə İdarəsi"},
			OrganisationShorts: Texts{"en": "UNODC", "fr": "ONUDC", "ar": "مكتب المخدرات والجريمة",
				"ru": "УНП ООН", "az": "UNODC"},
			SignLines: Texts{"en": "For the Executive Director of UNODC", "fr": "Pour le Directeur exécutif de l'ONUDC",
				"ar": "عن المدير التنفيذي لمكتب الأمم المتحدة المعني بالمخدرات والجريمة",
				"ru": "За Директора-исполнителя УНП ООН", "az": "UNODC-nin İcraçı direktoru adından"}},
		{ID: httpx.NewID(), EventID: eventID, Position: 2, Name: "Dr Abdulaziz Othman Altwaijri", Title: "Director-General",
			Names:        Texts{"ar": "الدكتور عبد العزيز بن عثمان التويجري", "ru": "д-р Абдулазиз Осман аль-Тувайджри"},
			Organisation: "Islamic Educational, Scientific and Cultural Organization", OrganisationShort: "ISESCO",
			Titles: Texts{"en": "Director-General", "fr": "Directeur général", "ar": "المدير العام",
				"ru": "Генеральный директор", "az": "Baş direktor"},
			Organisations: Texts{"en": "Islamic Educational, Scientific and Cultural Organization",
				"fr": "Organisation islamique pour l'éducation, les sciences et la culture",
				"ar": "المنظمة الإسلامية للتربية والعلوم والثقافة",
				"ru": "Исламская организация по вопросам образования, науки и культуры",
				"az": "İslam Təhsil, Elm və Mədəniyyət Təşkilatı"},
			OrganisationShorts: Texts{"en": "ISESCO", "fr": "ISESCO", "ar": "الإيسيسكو", "ru": "ИСЕСКО", "az": "İSESKO"},
			SignLines: Texts{"en": "For the Director-General of ISESCO", "fr": "Pour le Directeur général de l'ISESCO",
				"ar": "عن المدير العام للمنظمة الإسلامية للتربية والعلوم والثقافة",
				"ru": "За Генерального директора ИСЕСКО", "az": "İSESKO-nun Baş direktoru adından"}},
	}
}

func demoZones(eventID string) []Zone {
	return []Zone{
		{ID: httpx.NewID(), EventID: eventID, Code: "plenary", Names: Texts{"en": "Plenary hall", "fr": "Salle plénière",
			"ar": "قاعة الجلسات العامة", "ru": "Зал пленарных заседаний", "az": "Plenar iclas zalı"}},
		{ID: httpx.NewID(), EventID: eventID, Code: "vip", Names: Texts{"en": "VIP lounge", "fr": "Salon VIP",
			"ar": "صالة كبار الشخصيات", "ru": "VIP-зал", "az": "VIP salonu"}},
		{ID: httpx.NewID(), EventID: eventID, Code: "press", Names: Texts{"en": "Press area", "fr": "Espace presse",
			"ar": "منطقة الصحافة", "ru": "Зона для прессы", "az": "Mətbuat zonası"}},
	}
}

func demoCheckpoints(eventID string, zoneID map[string]string) []Checkpoint {
	cp := func(name, zone string) Checkpoint {
		return Checkpoint{ID: httpx.NewID(), EventID: eventID, ZoneID: zoneID[zone], Name: name}
	}
	return []Checkpoint{cp("Plenary hall main door", "plenary"), cp("Plenary hall side door", "plenary"),
		cp("VIP lounge entrance", "vip"), cp("Press area entrance", "press")}
}

type demoCategory struct {
	code   string
	colour string
	zones  []string
	names  Texts
}

var demoCategories = []demoCategory{
	{"minister", "#B71C1C", []string{"plenary", "vip"}, Texts{"en": "Minister / Head of Delegation",
		"fr": "Ministre / Chef de délégation", "ar": "وزير / رئيس وفد", "ru": "Министр / глава делегации",
		"az": "Nazir / Nümayəndə heyətinin rəhbəri"}},
	{"delegate", "#1565C0", []string{"plenary"}, Texts{"en": "Delegate", "fr": "Délégué", "ar": "مندوب",
		"ru": "Делегат", "az": "Nümayəndə"}},
	{"head_io", "#6A1B9A", []string{"plenary", "vip"}, Texts{"en": "Head of International Organisation",
		"fr": "Chef d'organisation internationale", "ar": "رئيس منظمة دولية",
		"ru": "Руководитель международной организации", "az": "Beynəlxalq təşkilatın rəhbəri"}},
	{"parliamentarian", "#2E7D32", []string{"plenary"}, Texts{"en": "Parliamentarian", "fr": "Parlementaire",
		"ar": "برلماني", "ru": "Парламентарий", "az": "Parlament üzvü"}},
	{"religious_leader", "#6D4C41", []string{"plenary"}, Texts{"en": "Religious Leader", "fr": "Chef religieux",
		"ar": "زعيم ديني", "ru": "Религиозный лидер", "az": "Dini lider"}},
	{"ngo", "#EF6C00", []string{"plenary"}, Texts{"en": "NGO", "fr": "ONG", "ar": "منظمة غير حكومية",
		"ru": "НПО", "az": "QHT"}},
	{"expert", "#00838F", []string{"plenary"}, Texts{"en": "Expert", "fr": "Expert", "ar": "خبير",
		"ru": "Эксперт", "az": "Ekspert"}},
	{"media", "#F9A825", []string{"press"}, Texts{"en": "Media", "fr": "Médias", "ar": "وسائل الإعلام",
		"ru": "СМИ", "az": "Media"}},
	{"secretariat", "#37474F", []string{"plenary", "vip", "press"}, Texts{"en": "Secretariat", "fr": "Secrétariat",
		"ar": "الأمانة", "ru": "Секретариат", "az": "Katiblik"}},
	{"security", "#000000", []string{"plenary", "vip", "press"}, Texts{"en": "Security", "fr": "Sécurité",
		"ar": "الأمن", "ru": "Служба безопасности", "az": "Təhlükəsizlik"}},
	{"interpreter", "#AD1457", []string{"plenary"}, Texts{"en": "Interpreter", "fr": "Interprète",
		"ar": "مترجم فوري", "ru": "Устный переводчик", "az": "Sinxron tərcüməçi"}},
}

// demoSessions is the programme of the concept note: an opening plenary on
// the first morning, then the three thematic plenaries, each theme's
// subtopics as the note lists them.
func demoSessions(ev Event, plenary string) []Session {
	loc := ev.Location()
	at := func(day, hour, minute int) *time.Time {
		t := time.Date(2013, time.March, day, hour, minute, 0, 0, loc).UTC()
		return &t
	}
	s := func(pos int, kind string, from, to *time.Time, titles Texts, subtopics ...string) Session {
		return Session{ID: httpx.NewID(), EventID: ev.ID, Position: pos, Kind: kind, Titles: titles,
			Subtopics: Strings(append([]string{}, subtopics...)), ZoneID: &plenary, StartsAt: from, EndsAt: to}
	}
	return []Session{
		s(1, "opening", at(18, 10, 0), at(18, 12, 30), Texts{"en": "Opening plenary session",
			"fr": "Séance plénière d'ouverture", "ar": "الجلسة العامة الافتتاحية",
			"ru": "Пленарное заседание, посвящённое открытию конференции", "az": "Açılış plenar iclası"}),
		s(2, "plenary", at(18, 14, 30), at(18, 18, 0), Texts{
			"en": "Plenary session 1: Cooperation in developing and undertaking measures to address the conditions conducive to the spread of terrorism",
			"fr": "Séance plénière 1 : Coopération dans l'élaboration et la mise en œuvre de mesures visant à remédier aux conditions propices à la propagation du terrorisme",
			"ar": "الجلسة العامة الأولى: التعاون في وضع وتنفيذ التدابير الرامية إلى معالجة الظروف المؤدية إلى انتشار الإرهاب",
			"ru": "Пленарное заседание 1: Сотрудничество в разработке и принятии мер по устранению условий, способствующих распространению терроризма",
			"az": "1-ci plenar iclas: Terrorizmin yayılmasına şərait yaradan amillərin aradan qaldırılmasına yönəlmiş tədbirlərin hazırlanması və həyata keçirilməsində əməkdaşlıq"},
			"development and social inclusion",
			"preventing and resolving conflict",
			"supporting victims of terrorism"),
		s(3, "plenary", at(19, 9, 30), at(19, 12, 30), Texts{
			"en": "Plenary session 2: Dialogue, understanding and countering stereotypes and the appeal of terrorism",
			"fr": "Séance plénière 2 : Dialogue, compréhension et lutte contre les stéréotypes et l'attrait du terrorisme",
			"ar": "الجلسة العامة الثانية: الحوار والتفاهم ومكافحة الصور النمطية وجاذبية الإرهاب",
			"ru": "Пленарное заседание 2: Диалог, взаимопонимание и противодействие стереотипам и притягательности терроризма",
			"az": "2-ci plenar iclas: Dialoq, qarşılıqlı anlaşma, stereotiplərə və terrorizmin cəlbediciliyinə qarşı mübarizə"},
			"dialogue among cultures and Alliance of Civilizations, and their role in countering terrorism",
			"cooperation in adopting measures to prohibit incitement to commit an act of terrorism",
			"countering the use of the internet for terrorist purposes"),
		s(4, "plenary", at(19, 14, 30), at(19, 17, 30), Texts{
			"en": "Plenary session 3: The role of international partners in building State capacity to prevent and combat terrorism",
			"fr": "Séance plénière 3 : Le rôle des partenaires internationaux dans le renforcement des capacités des États à prévenir et à combattre le terrorisme",
			"ar": "الجلسة العامة الثالثة: دور الشركاء الدوليين في بناء قدرات الدول على منع الإرهاب ومكافحته",
			"ru": "Пленарное заседание 3: Роль международных партнёров в укреплении потенциала государств в области предупреждения терроризма и борьбы с ним",
			"az": "3-cü plenar iclas: Terrorizmin qarşısının alınması və onunla mübarizə sahəsində dövlətlərin potensialının gücləndirilməsində beynəlxalq tərəfdaşların rolu"},
			"technical assistance in drafting relevant legislature and training judges, prosecutors, investigators on issues of counter-terrorism",
			"measures to ensure respect for human rights and the rule of law in the context of counter-terrorism"),
	}
}
