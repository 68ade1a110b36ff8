package demo

import "accreditation/internal/invitations"

// organisations are the demo's other parties: international organisations,
// the Conference Secretariat (whose staff and interpreters are accredited
// like everyone else), a parliament, NGOs, experts and the press.
var organisations = []party{
	{code: "UN", kind: invitations.InternationalOrganization, lang: "en", outcome: accepted, quota: 4, more: 2,
		names:    texts("United Nations Secretariat", "Secrétariat de l'Organisation des Nations Unies", "الأمانة العامة للأمم المتحدة", "Секретариат Организации Объединённых Наций", "BMT Katibliyi"),
		focal:    focal("Emma Clarke", "protocol@un.example", "+1 212 555 0100"),
		office:   "Chair, Counter-Terrorism Implementation Task Force, United Nations Secretariat",
		head:     man("Mr", "Richard", "Bennett", "", "english", "Chair, Counter-Terrorism Implementation Task Force"),
		cultures: []string{"french", "arab", "russian"}, members: []person{fixture("vi-1", "Senior Counter-Terrorism Officer", "delegate")}},
	{code: "EU", kind: invitations.InternationalOrganization, lang: "en", outcome: accepted, quota: 4, more: 3, pending: 1,
		names:  texts("European Union", "Union européenne", "الاتحاد الأوروبي", "Европейский союз", "Avropa İttifaqı"),
		focal:  focal("Mathilde Gauthier", "protocol@eu.example", "+32 2 555 01 00"),
		office: "EU Counter-Terrorism Coordinator, Council of the European Union",
		head:   fixture("ga-1", "EU Counter-Terrorism Coordinator", ""), cultures: []string{"french", "english", "bosnian"}},
	{code: "OSCE", kind: invitations.InternationalOrganization, lang: "en", outcome: accepted, quota: 3, more: 2,
		names:    texts("Organization for Security and Co-operation in Europe", "Organisation pour la sécurité et la coopération en Europe", "منظمة الأمن والتعاون في أوروبا", "Организация по безопасности и сотрудничеству в Европе", "Avropada Təhlükəsizlik və Əməkdaşlıq Təşkilatı"),
		focal:    focal("Samuel Walker", "protocol@osce.example", "+43 1 555 0100"),
		office:   "Co-ordinator of Activities to Address Transnational Threats, OSCE Secretariat",
		head:     woman("Ms", "Eleanor", "Mitchell", "", "english", "Co-ordinator of Activities to Address Transnational Threats"),
		cultures: []string{"russian", "turkish"}},
	{code: "LAS", kind: invitations.InternationalOrganization, lang: "ar", outcome: accepted, quota: 4, more: 3, pending: 2,
		names:  texts("League of Arab States", "Ligue des États arabes", "جامعة الدول العربية", "Лига арабских государств", "Ərəb Dövlətləri Liqası"),
		focal:  focal("Mariam Abdel Rahman", "protocol@las.example", "+20 2 5550 0200"),
		office: "الأمين العام المساعد، جامعة الدول العربية",
		head:   man("H.E. Mr", "Ahmed", "Mansour", "أحمد منصور", "arab", "Assistant Secretary-General"), cultures: []string{"arab", "maghreb"}},
	{code: "OIC", kind: invitations.InternationalOrganization, lang: "ar", outcome: accepted, quota: 4, more: 3, pending: 1,
		names:    texts("Organisation of Islamic Cooperation", "Organisation de la coopération islamique", "منظمة التعاون الإسلامي", "Организация исламского сотрудничества", "İslam Əməkdaşlıq Təşkilatı"),
		focal:    focal("Sami Al-Harbi", "protocol@oic.example", "+966 12 555 0100"),
		office:   "الأمين العام المساعد للشؤون السياسية، منظمة التعاون الإسلامي",
		head:     man("H.E. Mr", "Khalid", "Al-Dosari", "خالد الدوسري", "arab", "Assistant Secretary-General for Political Affairs"),
		cultures: []string{"urdu", "sahel", "arab"}},
	{code: "ISESCO", kind: invitations.InternationalOrganization, lang: "ar", outcome: accepted, quota: 3, more: 2,
		names:  texts("Islamic Educational, Scientific and Cultural Organization", "Organisation islamique pour l'éducation, les sciences et la culture", "المنظمة الإسلامية للتربية والعلوم والثقافة", "Исламская организация по вопросам образования, науки и культуры", "İslam Təhsil, Elm və Mədəniyyət Təşkilatı"),
		focal:  focal("Latifa Tazi", "protocol@isesco.example", "+212 5 37 55 02 00"),
		office: "المدير العام، المنظمة الإسلامية للتربية والعلوم والثقافة",
		head:   fixture("ar-1", "Director-General", ""), cultures: []string{"maghreb"}},
	{code: "SEC", kind: invitations.InternationalOrganization, lang: "en", outcome: accepted, quota: 10, more: 9,
		names:    texts("Conference Secretariat (UNODC and ISESCO)", "Secrétariat de la Conférence (ONUDC et ISESCO)", "أمانة المؤتمر (مكتب الأمم المتحدة المعني بالمخدرات والجريمة والإيسيسكو)", "Секретариат конференции (УНП ООН и ИСЕСКО)", "Konfransın Katibliyi (UNODC və ISESCO)"),
		focal:    focal("Rachel Hughes", "conference@secretariat.example", "+43 1 26060 0100"),
		office:   "Chief, Conference Management, UNODC",
		head:     woman("Ms", "Catherine", "Walker", "", "english", "Chief, Conference Management"),
		cultures: []string{"english", "arab", "french", "russian", "azeri"}},
	{code: "MM", kind: invitations.Parliament, country: "AZ", lang: "az", outcome: accepted, quota: 3, more: 2, pending: 1,
		names:  texts("Milli Majlis (National Assembly) of the Republic of Azerbaijan", "Milli Majlis (Assemblée nationale) de la République d'Azerbaïdjan", "المجلس الوطني (ملي مجلس) لجمهورية أذربيجان", "Милли Меджлис Азербайджанской Республики", "Azərbaycan Respublikasının Milli Məclisi"),
		focal:  focal("Könül Səfərova", "protocol@meclis.az.example", "+994 12 555 02 10"),
		office: "Milli Məclisin təhlükəsizlik və müdafiə komitəsinin sədri",
		head:   woman("Ms", "Aynur", "Cəfərova", "", "azeri", "Chair, Committee on Security and Defence"), cultures: []string{"azeri"}},
	{code: "ICPD", kind: invitations.NGO, lang: "en", outcome: accepted, quota: 3, more: 2,
		names:  texts("Interfaith Council for Peace and Dialogue", "Conseil interreligieux pour la paix et le dialogue", "المجلس المشترك بين الأديان من أجل السلام والحوار", "Межрелигиозный совет за мир и диалог", "Sülh və Dialoq naminə Dinlərarası Şura"),
		focal:  focal("Noura Hamdan", "office@icpd.example", "+971 2 555 0100"),
		office: "President, Interfaith Council for Peace and Dialogue",
		head:   as("religious_leader", fixture("long-1", "President", "")), cultures: []string{"english", "russian"}},
	{code: "EXP1", kind: invitations.Expert, country: "MA", lang: "fr", outcome: accepted, quota: 1,
		names:  texts("Dr Mohamed Amine El Hassani (independent expert)", "Dr Mohamed Amine El Hassani (expert indépendant)", "د. محمد أمين الحسني (خبير مستقل)", "Д-р Мохамед Амин эль-Хассани (независимый эксперт)", "Dr. Məhəmməd Əmin əl-Həsəni (müstəqil ekspert)"),
		focal:  focal("", "elhassani@expert.example", ""),
		office: "Expert indépendant en prévention de l'extrémisme violent",
		head:   fixture("ar-3", "Independent expert on preventing violent extremism", "")},
	{code: "AZERTAC", kind: invitations.Media, country: "AZ", lang: "az", outcome: accepted, quota: 3, more: 2, pending: 1,
		names:  texts("AZERTAC — Azerbaijan State News Agency", "AZERTAC — Agence de presse d'État d'Azerbaïdjan", "أذرتاج — وكالة الأنباء الحكومية الأذربيجانية", "АЗЕРТАДЖ — Азербайджанское государственное информационное агентство", "AZƏRTAC — Azərbaycan Dövlət İnformasiya Agentliyi"),
		focal:  focal("Nigar Kərimova", "press@azertac.example", "+994 12 555 03 10"),
		office: "AZƏRTAC-ın baş redaktoru",
		head:   man("Mr", "Vüqar", "Abbasov", "", "azeri", "Editor-in-Chief"), cultures: []string{"azeri"}},
	{code: "NATO", kind: invitations.InternationalOrganization, lang: "en", outcome: declined,
		names:  texts("North Atlantic Treaty Organization", "Organisation du Traité de l'Atlantique Nord", "منظمة حلف شمال الأطلسي", "Организация Североатлантического договора", "Şimali Atlantika Müqaviləsi Təşkilatı"),
		focal:  focal("Oliver Taylor", "protocol@nato.example", "+32 2 555 02 00"),
		office: "Assistant Secretary General for Emerging Security Challenges, NATO",
		head:   man("Mr", "Thomas", "Wright", "", "english", "Assistant Secretary General for Emerging Security Challenges"),
		note:   "We regret that the Assistant Secretary General is unable to attend owing to prior commitments."},
	{code: "AU", kind: invitations.InternationalOrganization, lang: "en", outcome: sent,
		names:  texts("African Union", "Union africaine", "الاتحاد الأفريقي", "Африканский союз", "Afrika İttifaqı"),
		focal:  focal("Ngozi Eze", "protocol@au.example", "+251 11 555 0100"),
		office: "Commissioner for Peace and Security, African Union Commission",
		head:   man("H.E. Mr", "Olusegun", "Adeyemi", "", "nigerian", "Commissioner for Peace and Security")},
	{code: "CIS", kind: invitations.InternationalOrganization, lang: "ru", outcome: sent,
		names:  texts("Commonwealth of Independent States", "Communauté des États indépendants", "رابطة الدول المستقلة", "Содружество Независимых Государств", "Müstəqil Dövlətlər Birliyi"),
		focal:  focal("Tatiana Sokolova", "protocol@cis.example", "+375 17 555 01 00"),
		office: "Председатель Исполнительного комитета — Исполнительный секретарь СНГ",
		head:   man("H.E. Mr", "Pavel", "Lebedev", "Павел Лебедев", "russian", "Chairman of the Executive Committee")},
	{code: "CISEC", kind: invitations.InternationalOrganization, lang: "en", outcome: issued,
		names:  texts("Center for Internet Security", "Center for Internet Security", "مركز أمن الإنترنت", "Центр интернет-безопасности (Center for Internet Security)", "İnternet Təhlükəsizliyi Mərkəzi"),
		focal:  focal("Sarah Evans", "events@cisecurity.example", "+1 518 555 0100"),
		office: "President and Chief Executive Officer, Center for Internet Security",
		head:   man("Mr", "Daniel", "Hughes", "", "english", "President and Chief Executive Officer")},
	{code: "BCID", kind: invitations.NGO, country: "AZ", lang: "az", outcome: expired,
		names:  texts("Baku Centre for Intercultural Dialogue", "Centre de Bakou pour le dialogue interculturel", "مركز باكو للحوار بين الثقافات", "Бакинский центр межкультурного диалога", "Bakı Mədəniyyətlərarası Dialoq Mərkəzi"),
		focal:  focal("Səbinə Bağırova", "office@bcid.az.example", "+994 12 555 04 10"),
		office: "Bakı Mədəniyyətlərarası Dialoq Mərkəzinin direktoru",
		head:   man("Mr", "Anar", "Bağırov", "", "azeri", "Director")},
	{code: "EXP2", kind: invitations.Expert, country: "GB", lang: "en", outcome: withdrawn,
		names:  texts("Dr Rachel Evans (independent expert)", "Dr Rachel Evans (experte indépendante)", "د. ريتشل إيفانز (خبيرة مستقلة)", "Д-р Рейчел Эванс (независимый эксперт)", "Dr. Reyçel Evans (müstəqil ekspert)"),
		focal:  focal("", "r.evans@expert.example", ""),
		office: "Independent expert on human rights and counter-terrorism",
		head:   woman("Dr", "Rachel", "Evans", "", "english", "Independent expert on human rights and counter-terrorism")},
}

// fixtures are the names of internal/fixtures/names.tsv, as written there
// (vowel marks, the zero-width non-joiner and all), by key.
var fixtures = map[string]person{
	"ar-1":   man("H.E. Mr", "Abdulaziz Othman", "Altwaijri", "عبد العزيز بن عثمان التويجري", "arab", ""),
	"ar-2":   woman("Ms", "Fatima Zahra", "Benali", "فاطمة الزهراء بنعلي", "maghreb", ""),
	"ar-3":   man("Dr", "Mohamed Amine", "El Hassani", "مُحَمَّد أمين الحسني", "maghreb", ""),
	"fa-1":   man("Mr", "Parviz", "Golchinzadeh", "پرویز گلچین\u200cزاده", "persian", ""),
	"ur-1":   man("Mr", "Naveed Iqbal", "Chaudhry", "نوید اقبال چوہدری", "urdu", ""),
	"ru-1":   woman("Ms", "Olga", "Shcherbakova-Yolkina", "Ольга Щербакова-Ёлкина", "russian", ""),
	"kk-1":   man("Mr", "Aidar", "Nurlanuly", "Айдар Нұрланұлы", "kazakh", ""),
	"az-1":   man("Mr", "Əli", "Həsənov", "", "azeri", ""),
	"az-2":   woman("Ms", "Şəhla", "Ağayeva", "", "azeri", ""),
	"az-3":   woman("Ms", "Gülnarə", "Qasımova", "", "azeri", ""),
	"az-4":   man("Mr", "İlkin", "Çələbiyev", "", "azeri", ""),
	"tr-1":   woman("Ms", "Ayşe", "Yılmaz", "", "turkish", ""),
	"fr-1":   man("Mr", "François-Xavier", "Lefèvre", "", "french", ""),
	"fr-2":   woman("Ms", "Anaïs", "Œuvray-Ménard", "", "french", ""),
	"ha-1":   man("Mr", "Ɓello", "Ƙasimu", "", "nigerian", ""),
	"vi-1":   woman("Ms", "Nguyễn Thị", "Minh Khai", "", "vietnamese", ""),
	"ms-1":   woman("Ms", "Siti Nurhaliza binti", "Tarudin", "", "malay", ""),
	"id-1":   man("Mr", "Sukarno", "", "", "indonesian", ""),
	"ga-1":   man("Mr", "Seán", "Ó Briain", "", "irish", ""),
	"long-1": man("H.E. Sheikh", "Muhammad bin Abdulrahman bin Khalid bin Abdullah", "Al-Mansouri Al-Hashimi", "محمد بن عبد الرحمن بن خالد بن عبد الله المنصوري الهاشمي", "gulf", ""),
}

// fixture is the person of names.tsv with the key, in a function and role
// ("" for the defaults).
func fixture(key, function, role string) person {
	p, ok := fixtures[key]
	if !ok {
		panic("demo: no fixture name " + key)
	}
	p.key, p.function, p.role = key, function, role
	return p
}

// as is p in the badge category with code.
func as(code string, p person) person {
	p.category = code
	return p
}

// fixtureFocal is a focal point named after a person of names.tsv.
func fixtureFocal(key, email, phone string) invitations.FocalPoint {
	p := fixture(key, "", "")
	return focal(p.given+" "+p.family, email, phone)
}
