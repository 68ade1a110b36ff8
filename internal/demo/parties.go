package demo

import (
	"accreditation/internal/event"
	"accreditation/internal/invitations"
)

// person is someone the demo invites or nominates.
type person struct {
	key                      string // unique; seeds the portrait
	honorific, given, family string
	native                   string // the whole name in its own script, if not Latin
	female                   bool
	culture                  string // for the portrait, nationality and interpretation language
	function, role           string // set from the role when empty
	category                 string // category code; set from the party's kind and role when empty
}

// party is one invited party: its delegation, the invitation to it, and
// what became of it.
type party struct {
	code     string // short key: a state's ISO code, or an abbreviation
	kind     string
	country  string
	names    event.Texts
	focal    invitations.FocalPoint
	lang     string // the letter's language
	office   string // the invitee's office, in the letter's language
	head     person // the invitee, head of the delegation when it accepts
	outcome  string // the invitation's status in the end
	note     string // the delegation's answer
	quota    int    // 0: the event's default for the kind
	cultures []string
	members  []person // named members after the head
	more     int      // members made from cultures after the named ones
	pending  int      // the last members, left for the Secretariat's review
	noPhoto  int      // the last pending members, without a photo yet
	// redo is the invitee of a new draft after this invitation is withdrawn,
	// in the office redoOffice.
	redo       *person
	redoOffice string
}

func texts(en, fr, ar, ru, az string) event.Texts {
	t := event.Texts{"en": en}
	for lang, s := range map[string]string{"fr": fr, "ar": ar, "ru": ru, "az": az} {
		if s != "" {
			t[lang] = s
		}
	}
	return t
}

func focal(name, email, phone string) invitations.FocalPoint {
	return invitations.FocalPoint{Name: name, Email: email, Phone: phone}
}

func man(honorific, given, family, native, culture, function string) person {
	return person{honorific: honorific, given: given, family: family, native: native, culture: culture, function: function}
}

func woman(honorific, given, family, native, culture, function string) person {
	p := man(honorific, given, family, native, culture, function)
	p.female = true
	return p
}

const (
	accepted  = invitations.Accepted
	declined  = invitations.Declined
	sent      = invitations.Sent
	issued    = invitations.Issued
	draft     = invitations.Draft
	withdrawn = invitations.Withdrawn
	expired   = invitations.Expired
)

// parties are the demo's invited parties: member states of the OIC and
// beyond, observer states, the international organisations the concept note
// names, a parliament, NGOs, experts and the press. The names of
// internal/fixtures/names.tsv are among the members, keyed as there.
var parties = []party{
	{code: "AZ", kind: invitations.MemberState, country: "AZ", lang: "az", outcome: accepted, quota: 15, more: 9, pending: 3,
		names:    texts("Republic of Azerbaijan", "République d'Azerbaïdjan", "جمهورية أذربيجان", "Азербайджанская Республика", "Azərbaycan Respublikası"),
		focal:    focal("Leyla Quliyeva", "protocol@mfa.az.example", "+994 12 555 01 10"),
		office:   "Azərbaycan Respublikasının ədliyyə naziri",
		head:     man("H.E. Mr", "Fərid", "Quliyev", "", "azeri", "Minister of Justice"),
		note:     "Azərbaycan nümayəndə heyətinə ədliyyə naziri rəhbərlik edəcək.",
		cultures: []string{"azeri"},
		members: []person{fixture("az-1", "Deputy Minister of Justice", "alternate"), fixture("az-2", "", ""),
			fixture("az-3", "", ""), fixture("az-4", "", "")}},
	{code: "SA", kind: invitations.MemberState, country: "SA", lang: "ar", outcome: accepted, quota: 8, more: 7, pending: 2,
		names:  texts("Kingdom of Saudi Arabia", "Royaume d'Arabie saoudite", "المملكة العربية السعودية", "Королевство Саудовская Аравия", "Səudiyyə Ərəbistanı Krallığı"),
		focal:  focal("Abdullah Al-Harbi", "protocol@mofa.sa.example", "+966 11 555 0100"),
		office: "وزير الداخلية، المملكة العربية السعودية",
		head:   man("H.E. Mr", "Faisal", "Al-Qahtani", "فيصل القحطاني", "arab", "Minister of the Interior"),
		note:   "يسر الوفد قبول الدعوة.", cultures: []string{"arab"}},
	{code: "MA", kind: invitations.MemberState, country: "MA", lang: "fr", outcome: accepted, quota: 7, more: 5, pending: 1,
		names:  texts("Kingdom of Morocco", "Royaume du Maroc", "المملكة المغربية", "Королевство Марокко", "Mərakeş Krallığı"),
		focal:  fixtureFocal("ar-2", "protocole@justice.ma.example", "+212 5 37 55 01 00"),
		office: "Ministre de la Justice et des Libertés du Royaume du Maroc",
		head:   man("H.E. Mr", "Rachid", "Bennani", "رشيد بناني", "maghreb", "Minister of Justice and Liberties"),
		note:   "Le Royaume du Maroc a l'honneur d'accepter l'invitation.", cultures: []string{"maghreb"},
		members: []person{fixture("ar-2", "Director of International Cooperation", "alternate")}},
	{code: "EG", kind: invitations.MemberState, country: "EG", lang: "ar", outcome: accepted, quota: 7, more: 6, pending: 3,
		names:    texts("Arab Republic of Egypt", "République arabe d'Égypte", "جمهورية مصر العربية", "Арабская Республика Египет", "Misir Ərəb Respublikası"),
		focal:    focal("Dina Farouk", "protocol@mfa.eg.example", "+20 2 5550 0100"),
		office:   "وزير العدل، جمهورية مصر العربية",
		head:     man("H.E. Mr", "Mahmoud", "El-Sayed", "محمود السيد", "arab", "Minister of Justice"),
		cultures: []string{"arab"}},
	{code: "IR", kind: invitations.MemberState, country: "IR", lang: "en", outcome: accepted, quota: 6, more: 4, pending: 1,
		names:    texts("Islamic Republic of Iran", "République islamique d'Iran", "جمهورية إيران الإسلامية", "Исламская Республика Иран", "İran İslam Respublikası"),
		focal:    focal("Shirin Sadeghi", "protocol@mfa.ir.example", "+98 21 5550 0100"),
		office:   "Minister of Foreign Affairs of the Islamic Republic of Iran",
		head:     man("H.E. Mr", "Kaveh", "Tehrani", "کاوه تهرانی", "persian", "Minister of Foreign Affairs"),
		cultures: []string{"persian"}, members: []person{fixture("fa-1", "Ambassador to Azerbaijan", "alternate")}},
	{code: "PK", kind: invitations.MemberState, country: "PK", lang: "en", outcome: accepted, quota: 6, more: 4, pending: 1,
		names:    texts("Islamic Republic of Pakistan", "République islamique du Pakistan", "جمهورية باكستان الإسلامية", "Исламская Республика Пакистан", "Pakistan İslam Respublikası"),
		focal:    focal("Sana Abbasi", "protocol@interior.pk.example", "+92 51 555 0100"),
		office:   "Minister of the Interior of the Islamic Republic of Pakistan",
		head:     man("H.E. Mr", "Kamran", "Mirza", "کامران مرزا", "urdu", "Minister of the Interior"),
		cultures: []string{"urdu"}, members: []person{fixture("ur-1", "Secretary of the Interior", "alternate")}},
	{code: "TR", kind: invitations.MemberState, country: "TR", lang: "en", outcome: accepted, quota: 7, more: 5, pending: 2,
		names:    texts("Republic of Türkiye", "République de Türkiye", "جمهورية تركيا", "Турецкая Республика", "Türkiyə Respublikası"),
		focal:    focal("Derya Koç", "protocol@adalet.tr.example", "+90 312 555 01 00"),
		office:   "Minister of Justice of the Republic of Türkiye",
		head:     man("H.E. Mr", "Kemal", "Arslan", "", "turkish", "Minister of Justice"),
		cultures: []string{"turkish"}, members: []person{fixture("tr-1", "Deputy Minister of Justice", "alternate")}},
	{code: "KZ", kind: invitations.MemberState, country: "KZ", lang: "ru", outcome: accepted, quota: 7, more: 5, pending: 2,
		names:    texts("Republic of Kazakhstan", "République du Kazakhstan", "جمهورية كازاخستان", "Республика Казахстан", "Qazaxıstan Respublikası"),
		focal:    focal("Aliya Iskakova", "protocol@mfa.kz.example", "+7 7172 55 01 00"),
		office:   "Министр иностранных дел Республики Казахстан",
		head:     man("H.E. Mr", "Yerlan", "Omarov", "Ерлан Омаров", "kazakh", "Minister of Foreign Affairs"),
		note:     "Делегация Республики Казахстан примет участие в конференции.",
		cultures: []string{"kazakh", "russian"}, members: []person{fixture("kk-1", "Deputy Minister of Foreign Affairs", "alternate")}},
	{code: "ID", kind: invitations.MemberState, country: "ID", lang: "en", outcome: accepted, quota: 5, more: 3, pending: 1,
		names:    texts("Republic of Indonesia", "République d'Indonésie", "جمهورية إندونيسيا", "Республика Индонезия", "İndoneziya Respublikası"),
		focal:    focal("Ratna Kusuma", "protocol@kemlu.id.example", "+62 21 555 0100"),
		office:   "Coordinating Minister for Political, Legal and Security Affairs of the Republic of Indonesia",
		head:     man("H.E. Mr", "Bambang", "Setiawan", "", "indonesian", "Coordinating Minister for Political, Legal and Security Affairs"),
		cultures: []string{"indonesian"}, members: []person{fixture("id-1", "Head of the National Counter-Terrorism Agency", "alternate")}},
	{code: "MY", kind: invitations.MemberState, country: "MY", lang: "en", outcome: accepted, quota: 5, more: 3, pending: 1,
		names:    texts("Malaysia", "Malaisie", "ماليزيا", "Малайзия", "Malayziya"),
		focal:    focal("Noor Azlina binti Osman", "protocol@moha.my.example", "+60 3 5550 0100"),
		office:   "Minister of Home Affairs of Malaysia",
		head:     man("H.E. Mr", "Ahmad Faizal bin", "Ismail", "", "malay", "Minister of Home Affairs"),
		cultures: []string{"malay"}, members: []person{fixture("ms-1", "Deputy Secretary-General (Security)", "alternate")}},
	{code: "NG", kind: invitations.MemberState, country: "NG", lang: "en", outcome: accepted, quota: 6, more: 3, pending: 1,
		names:    texts("Federal Republic of Nigeria", "République fédérale du Nigéria", "جمهورية نيجيريا الاتحادية", "Федеративная Республика Нигерия", "Nigeriya Federativ Respublikası"),
		focal:    focal("Folake Ogunleye", "protocol@justice.ng.example", "+234 9 555 0100"),
		office:   "Attorney-General of the Federation and Minister of Justice, Federal Republic of Nigeria",
		head:     man("H.E. Mr", "Aminu", "Danjuma", "", "nigerian", "Attorney-General and Minister of Justice"),
		cultures: []string{"nigerian"}, members: []person{fixture("ha-1", "Director of Public Prosecutions", "alternate")}},
	{code: "QA", kind: invitations.MemberState, country: "QA", lang: "ar", outcome: accepted, quota: 6, more: 4, pending: 5, noPhoto: 2,
		names:    texts("State of Qatar", "État du Qatar", "دولة قطر", "Государство Катар", "Qətər Dövləti"),
		focal:    focal("Noura Al-Shamsi", "protocol@mofa.qa.example", "+974 4 555 0100"),
		office:   "وزير الدولة للشؤون الخارجية، دولة قطر",
		head:     man("H.E. Mr", "Hamad", "Al-Kuwari", "حمد الكواري", "arab", "Minister of State for Foreign Affairs"),
		cultures: []string{"arab"}},
	{code: "FR", kind: invitations.MemberState, country: "FR", lang: "fr", outcome: accepted, quota: 6, more: 3, pending: 1,
		names:  texts("French Republic", "République française", "الجمهورية الفرنسية", "Французская Республика", "Fransa Respublikası"),
		focal:  focal("Agnès Faure", "protocole@interieur.fr.example", "+33 1 55 55 01 00"),
		office: "Ministre de l'Intérieur de la République française",
		head:   woman("S.E. Mme", "Cécile", "Rousseau", "", "french", "Minister of the Interior"),
		note:   "La France sera représentée par la Ministre de l'Intérieur.", cultures: []string{"french"},
		members: []person{fixture("fr-1", "Ambassador, Coordinator for Counter-Terrorism", "alternate"), fixture("fr-2", "Legal Adviser", "adviser")}},
	{code: "RU", kind: invitations.MemberState, country: "RU", lang: "ru", outcome: accepted, quota: 7, more: 5, pending: 1,
		names:    texts("Russian Federation", "Fédération de Russie", "الاتحاد الروسي", "Российская Федерация", "Rusiya Federasiyası"),
		focal:    focal("Irina Volkova", "protocol@minjust.ru.example", "+7 495 555 01 00"),
		office:   "Министр юстиции Российской Федерации",
		head:     man("H.E. Mr", "Nikolay", "Orlov", "Николай Орлов", "russian", "Minister of Justice"),
		cultures: []string{"russian"}, members: []person{fixture("ru-1", "Director, Department of International Law", "alternate")}},
	{code: "GB", kind: invitations.MemberState, country: "GB", lang: "en", outcome: accepted, quota: 5, more: 4,
		names:    texts("United Kingdom of Great Britain and Northern Ireland", "Royaume-Uni de Grande-Bretagne et d'Irlande du Nord", "المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية", "Соединённое Королевство Великобритании и Северной Ирландии", "Böyük Britaniya və Şimali İrlandiya Birləşmiş Krallığı"),
		focal:    focal("Grace Bennett", "protocol@fco.gb.example", "+44 20 7946 0100"),
		office:   "Minister of State for Security, United Kingdom",
		head:     man("H.E. Mr", "James", "Harrison", "", "english", "Minister of State for Security"),
		cultures: []string{"english"}},
	{code: "UZ", kind: invitations.MemberState, country: "UZ", lang: "ru", outcome: declined, quota: 5, more: 1,
		names:  texts("Republic of Uzbekistan", "République d'Ouzbékistan", "جمهورية أوزبكستان", "Республика Узбекистан", "Özbəkistan Respublikası"),
		focal:  focal("Dilnoza Nazarova", "protocol@mfa.uz.example", "+998 71 555 01 00"),
		office: "Министр иностранных дел Республики Узбекистан",
		head:   man("H.E. Mr", "Rustam", "Yusupov", "Рустам Юсупов", "uzbek", "Minister of Foreign Affairs"),
		note:   "К сожалению, делегация не сможет принять участие в конференции.", cultures: []string{"uzbek"}},
	{code: "JO", kind: invitations.MemberState, country: "JO", lang: "ar", outcome: declined,
		names:  texts("Hashemite Kingdom of Jordan", "Royaume hachémite de Jordanie", "المملكة الأردنية الهاشمية", "Иорданское Хашимитское Королевство", "İordaniya Haşimilər Krallığı"),
		focal:  focal("Hala Khalil", "protocol@moi.jo.example", "+962 6 555 0100"),
		office: "وزير الداخلية، المملكة الأردنية الهاشمية",
		head:   man("H.E. Mr", "Nabil", "Haddad", "نبيل حداد", "arab", "Minister of the Interior"),
		note:   "نعتذر عن عدم المشاركة بسبب ارتباطات سابقة."},
	{code: "DZ", kind: invitations.MemberState, country: "DZ", lang: "fr", outcome: sent,
		names:  texts("People's Democratic Republic of Algeria", "République algérienne démocratique et populaire", "الجمهورية الجزائرية الديمقراطية الشعبية", "Алжирская Народная Демократическая Республика", "Əlcəzair Xalq Demokratik Respublikası"),
		focal:  focal("Siham Ouazzani", "protocole@justice.dz.example", "+213 21 55 01 00"),
		office: "Ministre de la Justice, Garde des Sceaux",
		head:   man("H.E. Mr", "Abdelkader", "Belkacem", "عبد القادر بلقاسم", "maghreb", "Minister of Justice")},
	{code: "TN", kind: invitations.MemberState, country: "TN", lang: "fr", outcome: sent,
		names:  texts("Republic of Tunisia", "République tunisienne", "الجمهورية التونسية", "Тунисская Республика", "Tunis Respublikası"),
		focal:  focal("Imane Cherkaoui", "protocole@interieur.tn.example", "+216 71 555 100"),
		office: "Ministre de l'Intérieur de la République tunisienne",
		head:   man("H.E. Mr", "Anouar", "Ben Salah", "أنور بن صالح", "maghreb", "Minister of the Interior")},
	{code: "SN", kind: invitations.MemberState, country: "SN", lang: "fr", outcome: issued,
		names:  texts("Republic of Senegal", "République du Sénégal", "جمهورية السنغال", "Республика Сенегал", "Seneqal Respublikası"),
		focal:  focal("Awa Sarr", "protocole@diplomatie.sn.example", "+221 33 555 01 00"),
		office: "Ministre des Affaires étrangères et des Sénégalais de l'extérieur",
		head:   man("H.E. Mr", "Cheikh", "Ndiaye", "", "sahel", "Minister of Foreign Affairs")},
	{code: "BD", kind: invitations.MemberState, country: "BD", lang: "en", outcome: issued,
		names:  texts("People's Republic of Bangladesh", "République populaire du Bangladesh", "جمهورية بنغلاديش الشعبية", "Народная Республика Бангладеш", "Banqladeş Xalq Respublikası"),
		focal:  focal("Farzana Haque", "protocol@mha.bd.example", "+880 2 555 0100"),
		office: "Minister of Home Affairs of the People's Republic of Bangladesh",
		head:   woman("H.E. Ms", "Sharmin", "Chowdhury", "", "bangla", "Minister of Home Affairs")},
	{code: "KW", kind: invitations.MemberState, country: "KW", lang: "ar", outcome: draft,
		names:  texts("State of Kuwait", "État du Koweït", "دولة الكويت", "Государство Кувейт", "Küveyt Dövləti"),
		focal:  focal("Salma Al-Mutairi", "protocol@moj.kw.example", "+965 2 555 0100"),
		office: "وزير العدل، دولة الكويت",
		head:   man("H.E. Mr", "Saeed", "Al-Mutairi", "سعيد المطيري", "arab", "Minister of Justice")},
	{code: "IQ", kind: invitations.MemberState, country: "IQ", lang: "ar", outcome: withdrawn,
		names:      texts("Republic of Iraq", "République d'Iraq", "جمهورية العراق", "Республика Ирак", "İraq Respublikası"),
		focal:      focal("Huda Al-Obaidi", "protocol@mofa.iq.example", "+964 1 555 0100"),
		office:     "وزير الداخلية، جمهورية العراق",
		head:       man("H.E. Mr", "Ibrahim", "Al-Obaidi", "إبراهيم العبيدي", "arab", "Minister of the Interior"),
		redo:       &person{honorific: "H.E. Mr", given: "Hassan", family: "Hamdan", native: "حسن حمدان", culture: "arab"},
		redoOffice: "وزير العدل، جمهورية العراق"},
	{code: "BA", kind: invitations.ObserverState, country: "BA", lang: "en", outcome: accepted, quota: 3, more: 2, pending: 3, noPhoto: 1,
		names:    texts("Bosnia and Herzegovina", "Bosnie-Herzégovine", "البوسنة والهرسك", "Босния и Герцеговина", "Bosniya və Herseqovina"),
		focal:    focal("Lejla Delić", "protocol@mvp.ba.example", "+387 33 555 100"),
		office:   "Minister of Security of Bosnia and Herzegovina",
		head:     man("H.E. Mr", "Emir", "Hadžić", "", "bosnian", "Minister of Security"),
		cultures: []string{"bosnian"}},
	{code: "PS", kind: invitations.ObserverState, country: "PS", lang: "ar", outcome: expired,
		names:  texts("State of Palestine", "État de Palestine", "دولة فلسطين", "Государство Палестина", "Fələstin Dövləti"),
		focal:  focal("Rania Saleh", "protocol@mofa.ps.example", "+970 2 555 0100"),
		office: "وزير الخارجية، دولة فلسطين",
		head:   man("H.E. Mr", "Tariq", "Nasser", "طارق ناصر", "arab", "Minister of Foreign Affairs")},
}
