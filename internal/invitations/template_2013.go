package invitations

// wording2013 are the letters of invitation of the Baku 2013 conference,
// co-organised by UNODC and ISESCO under the patronage of the host country's
// President. They were the built-in letters before neutral ones (see
// defaultTemplates): letters issued then carry no text of their own and print
// with these, events set up then keep them as their built-in letters
// (migration 0066), and the demo conference saves them as its own.
var wording2013 = map[string]TemplateInput{
	"en": {
		Subject: "Invitation: {{event_name}}",
		Body: `Excellency,

The United Nations Office on Drugs and Crime (UNODC) and the Islamic Educational, Scientific and Cultural Organization (ISESCO) have the honour to invite Your Excellency to take part in the {{event_name}}, to be held under the high patronage of His Excellency Mr Ilham Aliyev, President of the Republic of Azerbaijan, on {{dates}} in {{venue}}.

Convened at ministerial level, the Conference will bring together ministers of foreign affairs, the interior and justice, heads of international organizations, parliamentarians, religious leaders, representatives of civil society and international experts for an in-depth and forward-looking exchange of views on the challenges of and opportunities for preventing and countering terrorism, and for concrete proposals for technical assistance to national authorities.

The deliberations will be organised around three themes: cooperation in developing and undertaking measures to address the conditions conducive to the spread of terrorism; dialogue, understanding and countering stereotypes and the appeal of terrorism; and the role of international partners in building State capacity to prevent and combat terrorism. The participation of Your Excellency and the experience of your Government would contribute greatly to the success of the Conference.

We should be grateful if you would confirm your participation and nominate the members of your delegation, not exceeding {{quota}} persons, through the personal link given below, no later than {{rsvp_deadline}}. Simultaneous interpretation will be provided in Arabic, French, English, Russian and Azerbaijani.

Please accept, Excellency, the assurances of our highest consideration.`,
	},
	"fr": {
		Subject: "Invitation : {{event_name}}",
		Body: `Excellence,

L'Office des Nations Unies contre la drogue et le crime (ONUDC) et l'Organisation islamique pour l'éducation, les sciences et la culture (ISESCO) ont l'honneur d'inviter Votre Excellence à participer à la {{event_name}}, qui se tiendra sous le haut patronage de Son Excellence M. Ilham Aliyev, Président de la République d'Azerbaïdjan, les {{dates}} à {{venue}}.

Réunie au niveau ministériel, la Conférence rassemblera des ministres des affaires étrangères, de l'intérieur et de la justice, des chefs d'organisations internationales, des parlementaires, des chefs religieux, des représentants de la société civile et des experts internationaux, pour un échange de vues approfondi et tourné vers l'avenir sur les défis et les possibilités de la prévention du terrorisme et de la lutte contre celui-ci, ainsi que sur des propositions concrètes d'assistance technique aux autorités nationales.

Les travaux s'articuleront autour de trois thèmes : la coopération dans l'élaboration et la mise en œuvre de mesures visant à éliminer les conditions propices à la propagation du terrorisme ; le dialogue, la compréhension et la lutte contre les stéréotypes et l'attrait du terrorisme ; le rôle des partenaires internationaux dans le renforcement des capacités des États à prévenir et à combattre le terrorisme. La participation de Votre Excellence et l'expérience de votre Gouvernement contribueraient grandement au succès de la Conférence.

Nous vous serions reconnaissants de bien vouloir confirmer votre participation et désigner les membres de votre délégation, dans la limite de {{quota}} personnes, au moyen du lien personnel figurant ci-dessous, au plus tard le {{rsvp_deadline}}. L'interprétation simultanée sera assurée en arabe, en français, en anglais, en russe et en azerbaïdjanais.

Nous vous prions d'agréer, Excellence, les assurances de notre très haute considération.`,
	},
	"ru": {
		Subject: "Приглашение: {{event_name}}",
		Body: `Ваше Превосходительство!

Управление Организации Объединённых Наций по наркотикам и преступности (ЮНОДК) и Исламская организация по вопросам образования, науки и культуры (ИСЕСКО) имеют честь пригласить Ваше Превосходительство принять участие в мероприятии «{{event_name}}», которое состоится {{dates}} в {{venue}} под высоким патронажем Президента Азербайджанской Республики Его Превосходительства господина Ильхама Алиева.

Конференция проводится на уровне министров. В ней примут участие министры иностранных дел, внутренних дел и юстиции, руководители международных организаций, парламентарии, религиозные деятели, представители гражданского общества и международные эксперты. Участникам предстоит провести углублённый и ориентированный на перспективу обмен мнениями о вызовах и возможностях в деле предупреждения терроризма и противодействия ему, а также выработать конкретные предложения по оказанию технической помощи национальным органам власти.

Работа Конференции будет построена вокруг трёх тем: сотрудничество в разработке и принятии мер по устранению условий, способствующих распространению терроризма; диалог, взаимопонимание и противодействие стереотипам и притягательности терроризма; роль международных партнёров в укреплении потенциала государств в области предупреждения терроризма и борьбы с ним. Участие Вашего Превосходительства и опыт Вашего правительства внесут весомый вклад в успех Конференции.

Просим Вас подтвердить своё участие и назначить членов делегации (не более {{quota}} человек) по персональной ссылке, приведённой ниже, не позднее {{rsvp_deadline}}. Будет обеспечен синхронный перевод на арабский, французский, английский, русский и азербайджанский языки.

Примите, Ваше Превосходительство, уверения в нашем самом высоком уважении.`,
	},
	"az": {
		Subject: "Dəvət: {{event_name}}",
		Body: `Zati-aliləri,

Birləşmiş Millətlər Təşkilatının Narkotiklər və Cinayətkarlıq üzrə İdarəsi (UNODC) və İslam Dünyası Təhsil, Elm və Mədəniyyət Təşkilatı (ISESCO) Zati-alinizi Azərbaycan Respublikasının Prezidenti Zati-aliləri cənab İlham Əliyevin yüksək himayəsi altında {{dates}} tarixlərində keçiriləcək «{{event_name}}» tədbirində iştirak etməyə dəvət etməkdən şərəf duyurlar. Tədbirin keçiriləcəyi yer: {{venue}}.

Nazirlər səviyyəsində keçirilən Konfransda xarici işlər, daxili işlər və ədliyyə nazirləri, beynəlxalq təşkilatların rəhbərləri, parlament üzvləri, dini liderlər, vətəndaş cəmiyyətinin nümayəndələri və beynəlxalq ekspertlər iştirak edəcəklər. Konfrans terrorizmin qarşısının alınması və ona qarşı mübarizə sahəsində mövcud çağırışlar və imkanlar barədə dərin və gələcəyə yönəlik fikir mübadiləsinə, habelə milli qurumlara texniki yardım göstərilməsinə dair konkret təkliflərin hazırlanmasına xidmət edəcəkdir.

Konfransın işi üç əsas mövzu ətrafında qurulacaq: terrorizmin yayılmasına şərait yaradan amillərin aradan qaldırılmasına yönələn tədbirlərin hazırlanması və həyata keçirilməsində əməkdaşlıq; dialoq, qarşılıqlı anlaşma, stereotiplərə və terrorizmin cəlbediciliyinə qarşı mübarizə; terrorizmin qarşısının alınması və ona qarşı mübarizə sahəsində dövlətlərin potensialının gücləndirilməsində beynəlxalq tərəfdaşların rolu. Zati-alinizin iştirakı və Hökumətinizin təcrübəsi Konfransın uğuruna böyük töhfə verəcəkdir.

Xahiş edirik ki, iştirakınızı təsdiq edəsiniz və nümayəndə heyətinizin üzvlərini ({{quota}} nəfərədək) aşağıda göstərilən şəxsi keçid vasitəsilə ən geci {{rsvp_deadline}} tarixinədək müəyyən edəsiniz. Ərəb, fransız, ingilis, rus və Azərbaycan dillərində sinxron tərcümə təmin ediləcəkdir.

Fürsətdən istifadə edərək, Zati-alinizə ən yüksək ehtiramımızı bir daha ifadə edirik.`,
	},
	"ar": {
		Subject: "دعوة: {{event_name}}",
		Body: `صاحب المعالي،

يتشرف مكتب الأمم المتحدة المعني بالمخدرات والجريمة والمنظمة الإسلامية للتربية والعلوم والثقافة (إيسيسكو) بدعوة معاليكم للمشاركة في {{event_name}}، الذي يعقد تحت الرعاية السامية لفخامة السيد إلهام علييف، رئيس جمهورية أذربيجان، يومي {{dates}} في {{venue}}.

ويعقد المؤتمر على المستوى الوزاري، ويجمع وزراء الخارجية والداخلية والعدل، ورؤساء المنظمات الدولية، والبرلمانيين، والقيادات الدينية، وممثلي المجتمع المدني، والخبراء الدوليين، من أجل تبادل معمق واستشرافي للآراء حول تحديات منع الإرهاب ومكافحته والفرص المتاحة لذلك، وبلورة مقترحات عملية لتقديم المساعدة التقنية إلى السلطات الوطنية.

وتتمحور أعمال المؤتمر حول ثلاثة محاور: التعاون في وضع وتنفيذ التدابير الرامية إلى معالجة الظروف المؤدية إلى انتشار الإرهاب؛ والحوار والتفاهم ومواجهة الصور النمطية وجاذبية الإرهاب؛ ودور الشركاء الدوليين في بناء قدرات الدول على منع الإرهاب ومكافحته. وإن مشاركة معاليكم وخبرة حكومتكم الموقرة ستسهمان إسهاما كبيرا في إنجاح المؤتمر.

ونرجو التكرم بتأكيد مشاركتكم وتسمية أعضاء وفدكم، على ألا يتجاوز عددهم {{quota}}، عبر الرابط الخاص المبين أدناه، في موعد أقصاه {{rsvp_deadline}}. وستتوفر الترجمة الفورية باللغات العربية والفرنسية والإنجليزية والروسية والأذربيجانية.

وتفضلوا معاليكم بقبول فائق عبارات التقدير والاحترام.`,
	},
}
