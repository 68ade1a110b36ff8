package invitations

// defaultTemplates are the built-in letters of invitation of a new event:
// neutral texts that name no organisation, patron or theme, since the
// letterhead and the signature blocks already say who invites. An event whose
// Secretariat saves its own text for a language uses that instead; the
// event's name, dates, place, quota and deadline always come from
// placeholders.
var defaultTemplates = map[string]TemplateInput{
	"en": {
		Subject: "Invitation: {{event_name}}",
		Body: `Excellency,

We have the honour to invite Your Excellency to take part in the {{event_name}}, to be held on {{dates}} in {{venue}}.

We should be grateful if you would confirm your participation and nominate the members of your delegation, not exceeding {{quota}} persons, through the personal link given below, no later than {{rsvp_deadline}}.

Please accept, Excellency, the assurances of our highest consideration.`,
	},
	"fr": {
		Subject: "Invitation : {{event_name}}",
		Body: `Excellence,

Nous avons l'honneur d'inviter Votre Excellence à participer à la {{event_name}}, qui se tiendra les {{dates}} à {{venue}}.

Nous vous serions reconnaissants de bien vouloir confirmer votre participation et désigner les membres de votre délégation, dans la limite de {{quota}} personnes, au moyen du lien personnel figurant ci-dessous, au plus tard le {{rsvp_deadline}}.

Nous vous prions d'agréer, Excellence, les assurances de notre très haute considération.`,
	},
	"ru": {
		Subject: "Приглашение: {{event_name}}",
		Body: `Ваше Превосходительство!

Имеем честь пригласить Ваше Превосходительство принять участие в мероприятии «{{event_name}}», которое состоится {{dates}} в {{venue}}.

Просим Вас подтвердить своё участие и назначить членов делегации (не более {{quota}} человек) по персональной ссылке, приведённой ниже, не позднее {{rsvp_deadline}}.

Примите, Ваше Превосходительство, уверения в нашем самом высоком уважении.`,
	},
	"az": {
		Subject: "Dəvət: {{event_name}}",
		Body: `Zati-aliləri,

Zati-alinizi {{dates}} tarixlərində keçiriləcək «{{event_name}}» tədbirində iştirak etməyə dəvət etməkdən şərəf duyuruq. Tədbirin keçiriləcəyi yer: {{venue}}.

Xahiş edirik ki, iştirakınızı təsdiq edəsiniz və nümayəndə heyətinizin üzvlərini ({{quota}} nəfərədək) aşağıda göstərilən şəxsi keçid vasitəsilə ən geci {{rsvp_deadline}} tarixinədək müəyyən edəsiniz.

Fürsətdən istifadə edərək, Zati-alinizə ən yüksək ehtiramımızı bir daha ifadə edirik.`,
	},
	"ar": {
		Subject: "دعوة: {{event_name}}",
		Body: `صاحب المعالي،

يشرفنا أن ندعو معاليكم إلى المشاركة في {{event_name}}، الذي يعقد يومي {{dates}} في {{venue}}.

ونرجو التكرم بتأكيد مشاركتكم وتسمية أعضاء وفدكم، على ألا يتجاوز عددهم {{quota}}، عبر الرابط الخاص المبين أدناه، في موعد أقصاه {{rsvp_deadline}}.

وتفضلوا معاليكم بقبول فائق عبارات التقدير والاحترام.`,
	},
}
