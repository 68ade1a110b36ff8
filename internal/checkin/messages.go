package checkin

// Extra message keys beside the verdicts.
const (
	msgSuspended  = "suspended"
	msgOtherEvent = "other_event"
	msgExit       = "exit"
)

// messages are the door texts in the five working languages.
var messages = map[string]map[string]string{
	OK: {"en": "Welcome", "fr": "Bienvenue", "ar": "مرحبًا", "ru": "Добро пожаловать", "az": "Xoş gəlmisiniz"},
	msgExit: {"en": "Exit recorded", "fr": "Sortie enregistrée", "ar": "تم تسجيل الخروج", "ru": "Выход отмечен",
		"az": "Çıxış qeydə alındı"},
	AlreadyInside: {"en": "Already inside: entry without an exit", "fr": "Déjà à l'intérieur : entrée sans sortie",
		"ar": "بالداخل بالفعل: دخول دون خروج", "ru": "Уже внутри: вход без выхода", "az": "Artıq içəridədir: çıxışsız giriş"},
	Revoked: {"en": "Badge revoked: do not admit", "fr": "Badge révoqué : refuser l'entrée",
		"ar": "الشارة ملغاة: لا يُسمح بالدخول", "ru": "Бейдж аннулирован: не пропускать", "az": "Nişan ləğv edilib: buraxmayın"},
	msgSuspended: {"en": "Badge suspended pending review: do not admit", "fr": "Badge suspendu en attente d'examen : refuser l'entrée",
		"ar": "الشارة معلقة قيد المراجعة: لا يُسمح بالدخول", "ru": "Бейдж приостановлен до проверки: не пропускать",
		"az": "Nişan yoxlanışa qədər dayandırılıb: buraxmayın"},
	Superseded: {"en": "Old badge replaced by a reprint: do not admit", "fr": "Ancien badge remplacé par une réimpression : refuser l'entrée",
		"ar": "شارة قديمة استُبدلت بنسخة جديدة: لا يُسمح بالدخول", "ru": "Старый бейдж заменён новым: не пропускать",
		"az": "Köhnə nişan yenisi ilə əvəzlənib: buraxmayın"},
	NotValidHere: {"en": "Not valid for this area", "fr": "Non valable pour cette zone", "ar": "غير صالحة لهذه المنطقة",
		"ru": "Недействителен для этой зоны", "az": "Bu zona üçün etibarlı deyil"},
	NotValidNow: {"en": "Not valid on this day", "fr": "Non valable ce jour", "ar": "غير صالحة في هذا اليوم",
		"ru": "Недействителен в этот день", "az": "Bu gün üçün etibarlı deyil"},
	Unknown: {"en": "Unknown badge", "fr": "Badge inconnu", "ar": "شارة غير معروفة", "ru": "Неизвестный бейдж",
		"az": "Naməlum nişan"},
	msgOtherEvent: {"en": "Badge of another event", "fr": "Badge d'un autre événement", "ar": "شارة لحدث آخر",
		"ru": "Бейдж другого мероприятия", "az": "Başqa tədbirin nişanı"},
	Forged: {"en": "Forged badge: call security", "fr": "Badge falsifié : appeler la sécurité",
		"ar": "شارة مزورة: اتصل بالأمن", "ru": "Поддельный бейдж: вызовите охрану", "az": "Saxta nişan: mühafizəni çağırın"},
	Unreadable: {"en": "Code not readable: scan again or type the badge number", "fr": "Code illisible : scanner à nouveau ou saisir le numéro du badge",
		"ar": "الرمز غير مقروء: أعد المسح أو أدخل رقم الشارة", "ru": "Код не читается: сканируйте снова или введите номер бейджа",
		"az": "Kod oxunmur: yenidən skan edin və ya nişan nömrəsini daxil edin"},
}

// message returns the text for key in lang, else in English.
func message(key, lang string) string {
	m := messages[key]
	if s, ok := m[lang]; ok {
		return s
	}
	return m["en"]
}
